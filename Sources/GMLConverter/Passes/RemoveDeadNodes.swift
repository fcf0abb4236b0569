// GMLConverter/Passes/RemoveDeadNodes.swift — drops nodes whose outputs nothing reads.

/// Removes every node none of whose outputs a node or the graph's outputs
/// read, repeating until none is left (a chain ending in nothing goes
/// whole). gml-float's ops have no side effects, so the outputs are
/// unchanged. Such nodes come from multi-output ops taken apart: an
/// unstack of 16 rows of which a model keeps 3 leaves 13 slices unread.
enum RemoveDeadNodes {
  /// - Returns: how many nodes were removed.
  @discardableResult
  static func run(_ graph: inout Graph) -> Int {
    var removed = 0
    var i = graph.nodes.count - 1
    while i >= 0 {
      if graph.nodes[i].outputs.allSatisfy({ graph.readerCount($0) == 0 }) {
        for output in graph.nodes[i].outputs { graph.tensors[output] = nil }
        graph.nodes.remove(at: i)
        removed += 1
      }
      i -= 1
    }
    return removed
  }
}
