// GMLConverter/Lowering/GraphEvaluator.swift — runs a Graph with the runtime's interpreter (constant folding, checks).
import GMLCore
import GMLFormat
import GMLRuntime

/// Runs a graph by lowering it and handing it to `GMLRuntime.Interpreter`,
/// so the converter computes exactly what the runtime would.
public enum GraphEvaluator {
  /// Evaluates `graph` once.
  /// - Parameters:
  ///   - graph: a lowerable graph (sorted, shapes inferred, no BatchNorm,
  ///     Dropout or Identity).
  ///   - inputs: the values of each graph input, by name, row-major.
  /// - Returns: the values of each graph output, in `graph.outputs` order.
  /// - Throws: `ConversionError` when lowering fails or the runtime
  ///   refuses the model or an input (wrong element count).
  public static func run(_ graph: Graph, inputs: [String: [Float]]) throws(ConversionError)
    -> [[Float]]
  {
    let model = try WrittenModel(Lowering.lower(graph, planMemory: false), file: graph.sourceFile)
    return try model.withVerified(place: { place($0, graph) }) { (verified) throws(GMLError) in
      var interpreter = try Interpreter(model: verified)
      for (i, name) in graph.inputs.enumerated() {
        try interpreter.copySample(inputs[name] ?? [], at: i)
      }
      try interpreter.invoke()
      var outputs: [[Float]] = []
      for i in 0..<interpreter.outputCount {
        outputs.append(try interpreter.copyOutputFloats(at: i))
      }
      return outputs
    }
  }

  /// Where a runtime error points, in graph terms: the node of an op error.
  static func place(_ error: GMLError, _ graph: Graph) -> String {
    if case .op(let i) = error.location, i < graph.nodes.count { return graph.nodes[i].place }
    return error.locationDescription
  }
}
