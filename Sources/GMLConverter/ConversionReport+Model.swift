// GMLConverter/ConversionReport+Model.swift — the report of a model imported as it is, counted from the model itself.
import GMLFormat

extension ConversionReport {
  /// The report of `model`, imported without a graph (a full-integer
  /// `.tflite`): MACs are counted from the model's own tensor shapes.
  /// - Parameters:
  ///   - sourceOps: the source file's operator names, in order.
  ///   - model: the imported model.
  ///   - passes: what the import changed.
  public init(sourceOps: [String], model: ModelDefinition, passes: [Converter.PassResult]) {
    self.init(source: Graph(name: ""), optimized: Graph(name: ""), model: model, passes: passes)
    self.sourceOps = Self.counts(sourceOps)
    macs = Self.macs(model)
  }

  /// Multiply-accumulates of `model`'s convolutions and FULLY_CONNECTED
  /// operators (the rule in the type's note).
  static func macs(_ model: ModelDefinition) -> Int {
    guard let subgraph = model.subgraphs.first else { return 0 }
    func shape(_ i: Int32) -> [Int] {
      i >= 0 && Int(i) < subgraph.tensors.count
        ? subgraph.tensors[Int(i)].shape.map { Int($0) } : []
    }
    return subgraph.operators.reduce(0) { total, op in
      let out = shape(op.outputs.first ?? -1).reduce(1, *)
      let filter = op.inputs.count > 1 ? shape(op.inputs[1]) : []
      let input = shape(op.inputs.first ?? -1).reduce(1, *)
      return total
        + op.opcode.macs(
          outputElements: out, inputElements: input, filter: filter, options: op.options)
    }
  }
}
