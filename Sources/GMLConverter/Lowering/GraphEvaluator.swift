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
    let model = try Lowering.lower(graph, planMemory: false)
    let bytes = try ModelWriter.checkedWrite(model, file: graph.sourceFile)
    let result: Result<[[Float]], GMLError> = bytes.withUnsafeBytes { raw in
      do throws(GMLError) {
        let verified = try Model(verifying: raw)
        var interpreter = try Interpreter(model: verified)
        for (i, name) in graph.inputs.enumerated() {
          try interpreter.copySample(inputs[name] ?? [], at: i)
        }
        try interpreter.invoke()
        var outputs: [[Float]] = []
        for i in 0..<interpreter.outputCount {
          outputs.append(try interpreter.copyOutputFloats(at: i))
        }
        return .success(outputs)
      } catch {
        return .failure(error)
      }
    }
    switch result {
    case .success(let outputs): return outputs
    case .failure(let error):
      throw ConversionError(file: graph.sourceFile, place: place(error, graph), error)
    }
  }

  /// Where a runtime error points, in graph terms: the node of an op error.
  static func place(_ error: GMLError, _ graph: Graph) -> String {
    if case .op(let i) = error.location, i < graph.nodes.count { return graph.nodes[i].place }
    return error.locationDescription
  }
}
