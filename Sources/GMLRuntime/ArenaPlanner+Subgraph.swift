// GMLRuntime/ArenaPlanner+Subgraph.swift — tensor lifetimes of a graph, planned into one arena.
import GMLCore
import GMLFormat

extension ArenaPlanner {
  /// Plans the arena of `subgraph`: every tensor without constant data
  /// lives from the operator that produces it to the last operator that
  /// reads it. Graph inputs live through the whole graph when
  /// `keepingInputs`, so `invoke` can run again on the same inputs (as
  /// TFLite's interpreter keeps them); otherwise only until the last
  /// operator that reads them, after which activations may take their
  /// bytes (as TFLite Micro plans). Graph outputs live until the end.
  /// Tensors no operator touches and constants get offset -1.
  ///
  /// - Parameters:
  ///   - subgraph: a graph of a verified model.
  ///   - keepingInputs: whether the graph inputs keep their bytes.
  /// - Returns: one offset per tensor (-1 outside the arena), the arena
  ///   size and its lower bound.
  /// - Throws: `limitExceeded` for a tensor too large to address.
  public func plan(_ subgraph: Subgraph, keepingInputs: Bool = true) throws(GMLError) -> Plan {
    let lifetimes = try ArenaPlanner.lifetimes(of: subgraph, keepingInputs: keepingInputs)
    let plan = try plan(lifetimes.map { $0.request })
    var offsets = [Int](repeating: -1, count: subgraph.tensorCount)
    for (r, l) in lifetimes.enumerated() { offsets[l.tensor] = plan.offsets[r] }
    return Plan(offsets: offsets, arenaSize: plan.arenaSize, lowerBound: plan.lowerBound)
  }

  /// One arena tensor and the operators it is alive for.
  public struct Lifetime: Equatable, Sendable {
    /// The tensor's index in the subgraph.
    public var tensor: Int
    /// Its size in bytes and the operators it is alive for, inclusive.
    public var request: Request
  }

  /// The lifetime of every tensor that needs arena memory (no constant
  /// data, touched by an operator or a graph input or output), in tensor
  /// order, the graph inputs kept to the end when `keepingInputs`.
  /// `plan(_:keepingInputs:)` and the interpreter's check of a stored plan
  /// share it, and `gml inspect --html` draws it.
  /// - Throws: `limitExceeded` at the tensor too large to address.
  public static func lifetimes(of subgraph: Subgraph, keepingInputs: Bool = true)
    throws(GMLError)
    -> [Lifetime]
  {
    let tensorCount = subgraph.tensorCount
    let last = max(subgraph.operatorCount - 1, 0)
    var first = [Int](repeating: Int.max, count: tensorCount)
    var lastUse = [Int](repeating: -1, count: tensorCount)
    func touch(_ t: Int, _ step: Int) {
      first[t] = min(first[t], step)
      lastUse[t] = max(lastUse[t], step)
    }
    for t in subgraph.inputs {
      touch(t, 0)
      if keepingInputs { touch(t, last) }
    }
    for i in 0..<subgraph.operatorCount {
      let op = subgraph.operatorAt(i)
      for t in op.inputs where t >= 0 { touch(t, i) }
      for t in op.outputs { touch(t, i) }
    }
    for t in subgraph.outputs { touch(t, last) }

    var lifetimes: [Lifetime] = []
    for t in 0..<tensorCount where lastUse[t] >= 0 {
      let tensor = subgraph.tensorAt(t)
      if tensor.buffer != 0 { continue }
      let size: Int
      do {
        size = try tensor.shape.byteCount(of: tensor.type)
      } catch {
        throw GMLError(error.kind, at: .tensor(t), error.detail)
      }
      lifetimes.append(
        Lifetime(tensor: t, request: Request(size: size, firstUse: first[t], lastUse: lastUse[t])))
    }
    return lifetimes
  }
}
