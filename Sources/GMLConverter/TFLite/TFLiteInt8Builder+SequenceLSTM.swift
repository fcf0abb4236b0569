// GMLConverter/TFLite/TFLiteInt8Builder+SequenceLSTM.swift — an int8 UNIDIRECTIONAL_SEQUENCE_LSTM (TFLite's 8x8_16 kernel) as gml's op.
import GMLFormat

extension TFLiteInt8Builder {
  /// The `.gml` UNIDIRECTIONAL_SEQUENCE_LSTM of a full-integer TFLite one:
  /// input, the eight weights and four biases in gml's order, the cell
  /// state's scale and the clip in the options. The two state tensors
  /// (TFLite's variable inputs 18 and 19) must start at zero; gml starts
  /// every invoke there, as a stateless Keras LSTM does.
  mutating func sequenceLSTM(_ op: TFLiteOperator) throws(TFLiteUnsupported)
    -> OperatorDefinition
  {
    if let problem = TFLiteSequenceLSTM.variantProblem(op, model.tensors) {
      throw TFLiteUnsupported(problem)
    }
    guard case .sequenceLSTM(let activation, let cellClip, _, let timeMajor) = op.options else {
      throw TFLiteUnsupported("without UnidirectionalSequenceLSTMOptions")
    }
    let tensors = model.tensors
    let (input, output) = (tensors[op.inputs[0]], tensors[op.outputs[0]])
    guard input.type == .int8, output.type == .int8 else {
      throw TFLiteUnsupported("with a non-int8 input or output in a full-integer model")
    }
    guard activation == 4 else {
      throw TFLiteUnsupported(
        "int8 with cell activation \(TFLiteImporter.activationName(activation)) (TFLite's "
          + "integer kernel computes TANH)")
    }
    guard cellClip >= 0, cellClip.isFinite else {
      throw TFLiteUnsupported("with cell_clip \(cellClip)")
    }
    guard input.shape.count == 3, input.data == nil, input.shape.allSatisfy({ $0 >= 1 }) else {
      throw TFLiteUnsupported("with an input that is not a [batch, time, features] activation")
    }
    for k in Array(1...8) + Array(12...15) {
      let t = tensors[op.inputs[k]]
      let type: TFLiteTensorType = k <= 8 ? .int8 : .int32
      guard t.type == type, t.data != nil else {
        throw TFLiteUnsupported("whose input \(k) is not an \(type.schemaName) constant")
      }
      if k <= 8, let q = t.quantization,
        q.scales.count != 1 || q.zeroPoints.contains(where: { $0 != 0 })
      {
        throw TFLiteUnsupported(
          "whose weights (input \(k)) are not per-tensor with zero point 0, as TFLite's integer "
            + "kernel needs")
      }
    }
    guard op.inputs[18] >= 0, op.inputs[19] >= 0 else {
      throw TFLiteUnsupported(
        "without its \(op.inputs[18] < 0 ? "output" : "cell") state (TFLite's inputs 18 and 19)")
    }
    let cellScaleLog2 = try Self.cellScaleLog2(tensors[op.inputs[19]])
    try Self.checkZeroState(tensors[op.inputs[18]], tensors[op.inputs[19]])
    let outputParameters = Self.parameters(output)
    guard Self.parameters(tensors[op.inputs[18]]) == outputParameters else {
      throw TFLiteUnsupported("whose output state and output are quantized differently")
    }
    guard op.intermediates.count == 5,
      Self.parameters(tensors[op.intermediates[4]]) == outputParameters
    else {
      throw TFLiteUnsupported(
        "whose hidden-state intermediate (intermediates[4]) is missing or quantized unlike the "
          + "output")
    }
    var inputs = [try tensor(op.inputs[0])]
    for k in Array(1...8) + Array(12...15) { inputs.append(try tensor(op.inputs[k])) }
    return OperatorDefinition(
      opcode: .unidirectionalSequenceLstm, inputs: inputs, outputs: [try tensor(op.outputs[0])],
      options: .sequenceLSTM(
        cellClip: cellClip, timeMajor: timeMajor, cellScaleLog2: Int8(cellScaleLog2),
        activation: .tanh))
  }

  /// A tensor's single scale and zero point, nil when it has not exactly one.
  static func parameters(_ t: TFLiteTensor) -> [Double]? {
    guard let q = t.quantization, q.scales.count == 1, q.zeroPoints.count == 1 else { return nil }
    return [Double(q.scales[0]), Double(q.zeroPoints[0])]
  }

  /// The int16 cell state's scale exponent: its scale must be a power of
  /// two from 2^-15 to 2^-9 (TFLite takes its log2; the tanh of the cell
  /// then has 0 to 6 integer bits).
  static func cellScaleLog2(_ cell: TFLiteTensor) throws(TFLiteUnsupported) -> Int {
    guard cell.type == .int16, let q = cell.quantization, q.scales.count == 1,
      q.scales[0] > 0, q.scales[0].significand == 1, (-15)...(-9) ~= Int(q.scales[0].exponent)
    else {
      throw TFLiteUnsupported(
        "whose cell state is not int16 with a power-of-two scale from 2^-15 to 2^-9")
    }
    return Int(q.scales[0].exponent)
  }

  /// Checks that the output state starts at its zero point and the cell
  /// state at 0: LiteRT resets a variable tensor so (`ResetVariableTensor`)
  /// and TFLiteConverter gives the two no buffer; one with a buffer must
  /// hold that zero state.
  static func checkZeroState(_ hidden: TFLiteTensor, _ cell: TFLiteTensor)
    throws(TFLiteUnsupported)
  {
    let zeroPoint = hidden.quantization?.zeroPoints.first ?? 0
    guard hidden.type == .int8,
      hidden.data?.allSatisfy({ Int64(Int8(bitPattern: $0)) == zeroPoint }) ?? true
    else { throw TFLiteUnsupported("with an int8 output state that does not start at zero") }
    guard cell.data?.allSatisfy({ $0 == 0 }) ?? true else {
      throw TFLiteUnsupported("with a cell state that does not start at zero")
    }
  }
}
