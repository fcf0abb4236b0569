// GMLRuntime/ArenaPlanner+Subgraph.swift — tensor lifetimes of a graph, planned into one arena.
import GMLCore
import GMLFormat

extension ArenaPlanner {
  /// Plans the arena of `subgraph`: every tensor without constant data
  /// lives from the operator that produces it (0 for a graph input) to the
  /// last operator that reads it (the last operator for a graph output).
  /// Tensors no operator touches and constants get offset -1.
  ///
  /// - Parameter subgraph: a graph of a verified model.
  /// - Returns: one offset per tensor (-1 outside the arena), the arena
  ///   size and its lower bound.
  /// - Throws: `limitExceeded` for a tensor too large to address.
  public func plan(_ subgraph: Subgraph) throws(GMLError) -> Plan {
    let tensorCount = subgraph.tensorCount
    let last = max(subgraph.operatorCount - 1, 0)
    var first = [Int](repeating: Int.max, count: tensorCount)
    var lastUse = [Int](repeating: -1, count: tensorCount)
    func touch(_ t: Int, _ step: Int) {
      first[t] = min(first[t], step)
      lastUse[t] = max(lastUse[t], step)
    }
    for t in subgraph.inputs { touch(t, 0) }
    for i in 0..<subgraph.operatorCount {
      let op = subgraph.operatorAt(i)
      for t in op.inputs where t >= 0 { touch(t, i) }
      for t in op.outputs { touch(t, i) }
    }
    for t in subgraph.outputs { touch(t, last) }

    var requests: [Request] = []
    var tensorOfRequest: [Int] = []
    for t in 0..<tensorCount where lastUse[t] >= 0 {
      let tensor = subgraph.tensorAt(t)
      if tensor.buffer != 0 { continue }
      let size: Int
      do {
        size = try tensor.shape.byteCount(of: tensor.type)
      } catch {
        throw GMLError(error.kind, at: .tensor(t), error.detail)
      }
      requests.append(Request(size: size, firstUse: first[t], lastUse: lastUse[t]))
      tensorOfRequest.append(t)
    }
    let plan = try plan(requests)
    var offsets = [Int](repeating: -1, count: tensorCount)
    for (r, t) in tensorOfRequest.enumerated() { offsets[t] = plan.offsets[r] }
    return Plan(offsets: offsets, arenaSize: plan.arenaSize, lowerBound: plan.lowerBound)
  }
}
