// GMLConverter/Passes/FoldConstants.swift — evaluates nodes whose inputs are all constants, with the runtime's kernels.

/// Replaces every node whose inputs are all constants by the constant it
/// computes. The node is lowered on its own into a one-op model and run by
/// `GMLRuntime.Interpreter`, so the folded values are exactly what the
/// runtime would have computed.
///
/// Left alone: nodes whose output is a graph output (a model output stays
/// produced by an op), BatchNorm (folded or lowered by `FoldBatchNorm`,
/// which runs first), and results over `maxElements` values, so folding
/// never blows up the file (a broadcast of two small constants can be large).
enum FoldConstants {
  /// The largest constant folding may create.
  static let maxElements = 1 << 20

  /// - Returns: how many nodes were folded.
  /// - Throws: `ConversionError` at a node the runtime could not evaluate.
  @discardableResult
  static func run(_ graph: inout Graph) throws(ConversionError) -> Int {
    var folded = 0
    var i = 0
    while i < graph.nodes.count {
      let node = graph.nodes[i]
      guard isFoldable(node, graph) else {
        i += 1
        continue
      }
      let output = node.outputs[0]
      let values = try evaluate(node, graph)
      graph.tensors[output] = GraphTensor(name: output, shape: graph.shape(output), data: values)
      graph.nodes.remove(at: i)
      folded += 1
    }
    return folded
  }

  static func isFoldable(_ node: Node, _ graph: Graph) -> Bool {
    if case .batchNorm = node.op { return false }
    guard !node.inputs.isEmpty, node.outputs.count == 1, !graph.outputs.contains(node.outputs[0]),
      node.inputs.allSatisfy({ graph.tensors[$0]?.isConstant == true })
    else { return false }
    return graph.shape(node.outputs[0]).reduce(1, *) <= maxElements
  }

  /// Runs `node` alone on its constant inputs.
  static func evaluate(_ node: Node, _ graph: Graph) throws(ConversionError) -> [Float] {
    var single = Graph(
      name: "fold", outputs: node.outputs, nodes: [node], sourceFile: graph.sourceFile)
    for name in node.inputs + node.outputs { single.tensors[name] = graph.tensors[name] }
    let results = try GraphEvaluator.run(single, inputs: [:])
    guard let values = results.first else {
      throw graph.error(node, "the runtime returned no value when folding constants")
    }
    return values
  }
}
