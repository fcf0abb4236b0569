// GMLConverter/Quantization/QuantizedModelBuilder+Recurrent.swift — LSTM and GRU constants (and an LSTM's cell state) for the integer kernels.
import GMLCore
import GMLFormat

extension QuantizedModelBuilder {
  /// Quantizes UNIDIRECTIONAL_SEQUENCE_LSTM `op` as TFLiteConverter does
  /// for TFLite's integer kernel: each of the eight weights symmetric int8
  /// per tensor, each gate's bias int32 with scale input scale × the gate's
  /// input-weight scale, and the int16 cell state's scale the least power
  /// of two 2^p / 2^15, p ≥ 0, whose range covers the calibrated cell
  /// state (`Calibrator.cellStateName`), at most 2^6 / 2^15 (the kernel's
  /// limit; a cell beyond ±64 saturates there).
  /// - Throws: `ConversionError` for a cell activation other than tanh
  ///   (the integer kernel's) or a cell state without a range.
  mutating func quantizeSequenceLSTM(_ op: inout OperatorDefinition) throws(ConversionError) {
    guard case .sequenceLSTM(let clip, let timeMajor, _, let activation) = op.options else {
      return
    }
    guard activation == .tanh else {
      throw ConversionError(
        file: file,
        "LSTM '\(op.name)': the int8 LSTM computes tanh, not \(activation.schemaName); keep it "
          + "in float with --keep-float \(op.name)")
    }
    let output = source.tensors[Int(op.outputs[0])].name
    guard let cell = ranges[Calibrator.cellStateName(of: output)] else {
      throw ConversionError(file: file, "LSTM '\(op.name)': no calibrated range for its cell state")
    }
    var inputWeightScales: [Float] = []
    for k in 1...8 {
      if isFloatConstant(op.inputs[k]) { quantizeConstant(op.inputs[k], .symmetric) }
      let scale = subgraph.tensors[Int(op.inputs[k])].quantization?.scales.first ?? 1
      if k <= 4 { inputWeightScales.append(scale) }
    }
    let inputScale = params[op.inputs[0]]?.scale ?? 1
    for g in 0..<4 {
      op.inputs[9 + g] = biasFor(
        op, op.inputs[9 + g], inputScale: inputScale, weightScales: [inputWeightScales[g]])
    }
    op.options = .sequenceLSTM(
      cellClip: clip, timeMajor: timeMajor,
      cellScaleLog2: Int8(Self.cellScaleLog2(extent: max(abs(cell.min), abs(cell.max)))),
      activation: activation)
  }

  /// Quantizes GRU `op` for gml's integer GRU: the six weights symmetric
  /// int8 per tensor, the input biases int32 at input scale × the gate's
  /// input-weight scale, the recurrent ones at output scale × its
  /// recurrent-weight scale (the state is read at the output's parameters).
  /// - Throws: `ConversionError` for a candidate activation other than
  ///   tanh.
  mutating func quantizeGRU(_ op: inout OperatorDefinition) throws(ConversionError) {
    guard case .gru(_, let activation) = op.options else { return }
    guard activation == .tanh else {
      throw ConversionError(
        file: file,
        "GRU '\(op.name)': the int8 GRU computes tanh, not \(activation.schemaName); keep it "
          + "in float with --keep-float \(op.name)")
    }
    var scales: [Float] = []
    for k in 1...6 {
      if isFloatConstant(op.inputs[k]) { quantizeConstant(op.inputs[k], .symmetric) }
      scales.append(subgraph.tensors[Int(op.inputs[k])].quantization?.scales.first ?? 1)
    }
    let inputScale = params[op.inputs[0]]?.scale ?? 1
    let stateScale = params[op.outputs[0]]?.scale ?? 1
    for g in 0..<3 {
      op.inputs[7 + g] = biasFor(
        op, op.inputs[7 + g], inputScale: inputScale, weightScales: [scales[g]])
      op.inputs[10 + g] = biasFor(
        op, op.inputs[10 + g], inputScale: stateScale, weightScales: [scales[3 + g]])
    }
  }

  /// log2 of the int16 cell state's scale for a cell within ±`extent`:
  /// p − 15 for the least p in 0...6 with 2^p ≥ extent (TFLite's
  /// `GetPowerOfTwoScale`, capped where the integer kernel stops).
  static func cellScaleLog2(extent: Float) -> Int {
    var p = 0
    while p < 6 && Float(1 << p) < extent { p += 1 }
    return p - 15
  }
}
