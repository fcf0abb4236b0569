// GMLConverter/Passes/CollapseReshapes.swift — turns Flatten into Reshape, merges Reshape chains, drops no-op Reshapes.

/// Simplifies reshaping: every Flatten becomes a Reshape to its resolved
/// shape (`.gml` has no Flatten), a Reshape reading another Reshape reads
/// that one's input instead (the first disappears once nothing reads it),
/// and a Reshape to its input's own shape is removed. Reshapes only change
/// the shape, never the data, so all of this is exact.
enum CollapseReshapes {
  /// - Parameter collapse: false only turns Flatten into Reshape (`--no-fuse`).
  /// - Returns: how many nodes were removed.
  @discardableResult
  static func run(_ graph: inout Graph, collapse: Bool = true) -> Int {
    for i in graph.nodes.indices where isReshape(graph.nodes[i].op) {
      graph.nodes[i].op = .reshape(shape: graph.shape(graph.nodes[i].outputs[0]))
    }
    guard collapse else { return 0 }
    var removed = 0
    var i = 0
    while i < graph.nodes.count {
      let node = graph.nodes[i]
      guard isReshape(node.op), let input = node.inputs.first else {
        i += 1
        continue
      }
      if let p = graph.producerIndex(input), isReshape(graph.nodes[p].op),
        let source = graph.nodes[p].inputs.first
      {
        graph.nodes[i].inputs[0] = source
        if graph.readerCount(input) == 0 {
          graph.tensors[input] = nil
          graph.nodes.remove(at: p)
          removed += 1
          i -= 1  // p came before i
        }
        continue  // look at the same node again: its new input may be a Reshape too
      }
      if graph.shape(input) == graph.shape(node.outputs[0]), graph.bypass(nodeAt: i) {
        removed += 1
        continue
      }
      i += 1
    }
    return removed
  }

  static func isReshape(_ op: Op) -> Bool {
    switch op {
    case .reshape, .flatten: return true
    default: return false
    }
  }
}
