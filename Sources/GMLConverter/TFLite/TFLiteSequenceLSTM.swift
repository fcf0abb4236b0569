// GMLConverter/TFLite/TFLiteSequenceLSTM.swift — which UNIDIRECTIONAL_SEQUENCE_LSTMs gml imports, and the float one as an LSTM node.

/// The checks both `.tflite` builders make of an UNIDIRECTIONAL_SEQUENCE_LSTM.
enum TFLiteSequenceLSTM {
  /// Why `op` is a variant no importer maps, float or int8: options or
  /// operands missing, or what Keras does not make (coupled input and
  /// forget gates, peepholes, a projection, layer normalization).
  static func variantProblem(_ op: TFLiteOperator, _ tensors: [TFLiteTensor]) -> String? {
    guard case .sequenceLSTM = op.options else {
      return "without UnidirectionalSequenceLSTMOptions"
    }
    guard op.inputs.count >= 20, op.outputs.count == 1, op.inputs[0] >= 0 else {
      return "with \(op.inputs.count) inputs; expected 20 or 24"
    }
    if op.inputs[1] < 0 || op.inputs[5] < 0 { return "with coupled input and forget gates" }
    if op.inputs[9...11].contains(where: { $0 >= 0 }) { return "with peephole connections" }
    if op.inputs[16...17].contains(where: { $0 >= 0 }) { return "with a projection" }
    if op.inputs.count > 20, op.inputs[20...].contains(where: { $0 >= 0 }) {
      return "with layer normalization"
    }
    for k in [2, 3, 4, 6, 7, 8, 12, 13, 14, 15] where op.inputs[k] < 0 {
      return "without its input \(k)"
    }
    return nil
  }

  /// Why float `op` cannot become an LSTM node, as a phrase following the
  /// operator's name; nil when it can.
  static func floatProblem(_ op: TFLiteOperator, _ tensors: [TFLiteTensor]) -> String? {
    if let problem = variantProblem(op, tensors) { return problem }
    guard case .sequenceLSTM(let activation, let cellClip, _, _) = op.options else { return nil }
    let input = tensors[op.inputs[0]]
    guard input.type == .float32 else {
      return "with a \(input.type?.schemaName ?? "typeless") input in a float model"
    }
    if op.inputs.contains(where: { $0 >= 0 && tensors[$0].type == .int8 }) {
      return "with int8 weights on float32 activations (dynamic range); gml imports float32 "
        + "and full-integer int8 LSTMs"
    }
    for k in 18...19
    where op.inputs[k] < 0 || tensors[op.inputs[k]].data?.contains(where: { $0 != 0 }) == true {
      return
        "with \(op.inputs[k] < 0 ? "no" : "a non-zero initial") \(k == 18 ? "output" : "cell") state"
    }
    guard (try? TFLiteImporter.activation(activation)) != nil else {
      return "with cell activation \(TFLiteImporter.activationName(activation))"
    }
    guard cellClip >= 0, cellClip.isFinite else { return "with cell_clip \(cellClip)" }
    guard input.shape.count == 3, input.data == nil, input.shape.allSatisfy({ $0 >= 1 }),
      let cells = tensors[op.inputs[2]].shape.first
    else { return "with an input that is not a [batch, time, features] activation" }
    let features = input.shape[2]
    for k in Array(1...8) + Array(12...15) {
      let t = tensors[op.inputs[k]]
      let shape = k <= 4 ? [cells, features] : k <= 8 ? [cells, cells] : [cells]
      guard t.type == .float32, t.shape == shape, let data = t.data,
        data.count == shape.reduce(4, *)
      else { return "whose input \(k) is not a float32 constant of shape \(shape)" }
    }
    return nil
  }
}

extension TFLiteGraphBuilder {
  /// A float UNIDIRECTIONAL_SEQUENCE_LSTM as an LSTM node: the input, the
  /// eight weights and four biases in gml's order, every step returned,
  /// from zero states (checked by `floatProblem`).
  mutating func addSequenceLSTM(_ op: TFLiteOperator, place: String) throws(TFLiteUnsupported) {
    if let problem = TFLiteSequenceLSTM.floatProblem(op, model.tensors) {
      throw TFLiteUnsupported(problem)
    }
    guard case .sequenceLSTM(let activation, let cellClip, _, let timeMajor) = op.options else {
      return
    }
    var inputs: [String] = []
    for k in Array(0...8) + Array(12...15) { inputs.append(try operand(op.inputs[k])) }
    let a = RecurrentAttributes(
      activation: try TFLiteImporter.activation(activation), cellClip: cellClip,
      timeMajor: timeMajor)
    node(.lstm(a), inputs, names[op.outputs[0]], place: place)
  }
}
