// GMLConverter/Passes/RemoveIdentities.swift — drops Dropout and Identity nodes, rewiring their readers.

/// Removes Dropout (inference is the identity) and Identity nodes. `.gml`
/// has no op for them, so this runs even with `--no-fuse`.
///
/// Readers are rewired to the node's input. When the node's output is a
/// graph output, the producer's output is renamed to it so the model's
/// output names stay stable. If even that is impossible (the input is a
/// graph input, a constant, or another graph output), the node becomes a
/// Reshape to its own shape, which `.gml` can hold.
enum RemoveIdentities {
  /// - Returns: how many nodes were removed.
  @discardableResult
  static func run(_ graph: inout Graph) throws(ConversionError) -> Int {
    var removed = 0
    var i = 0
    while i < graph.nodes.count {
      let node = graph.nodes[i]
      guard node.op == .dropout || node.op == .identity else {
        i += 1
        continue
      }
      if node.inputs.count != 1 {
        throw graph.error(node, "expected 1 input, got \(node.inputs.count)")
      }
      if graph.bypass(nodeAt: i) {
        removed += 1
      } else {
        graph.nodes[i].op = .reshape(shape: graph.shape(node.inputs[0]))
        i += 1
      }
    }
    return removed
  }
}
