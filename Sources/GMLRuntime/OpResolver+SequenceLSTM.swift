// GMLRuntime/OpResolver+SequenceLSTM.swift — prepare for UNIDIRECTIONAL_SEQUENCE_LSTM: shapes, weights, float or TFLite's 8x8_16 parameters.
import GMLCore
import GMLFormat
import GMLKernels

extension OpResolver {
  /// UNIDIRECTIONAL_SEQUENCE_LSTM: x [batch, time, in] (or time-major),
  /// four input weights [units, in], four recurrent weights [units,
  /// units], four biases [units]; float32, or int8 with TANH.
  static func prepareSequenceLSTM(_ c: OpContext) throws(GMLError) -> PreparedOp {
    try c.expect(inputs: 13, outputs: 1)
    guard
      case .sequenceLSTM(let cellClip, let timeMajor, let cellScaleLog2, let activation) = c.options
    else {
      throw c.wrongOptions()
    }
    let (batch, steps, inputSize, units) = try recurrentSizes(
      c, gates: 4, timeMajor: timeMajor)
    guard c.arithmetic == .int8 else {
      let p = try SequenceLSTM(
        batch: batch, steps: steps, inputSize: inputSize, units: units, timeMajor: timeMajor,
        cellClip: cellClip, activation: Activation(activation))
      return .sequenceLSTM(p, inputs: Array(c.inputs), output: c.output)
    }
    guard activation == .tanh else {
      throw GMLError(.unsupportedType, "an int8 LSTM's cell activation must be TANH")
    }
    let scales = try recurrentWeightScales(c, gates: 4, units: units)
    let p = try SequenceLSTMInt8(
      batch: batch, steps: steps, inputSize: inputSize, units: units, timeMajor: timeMajor,
      input: try c.activation(c.input(0)), output: try c.activation(c.output),
      inputWeightScales: scales.input, recurrentWeightScales: scales.recurrent,
      cellScaleLog2: Int(cellScaleLog2), cellClip: cellClip)
    return .int8(.sequenceLSTM(p, inputs: Array(c.inputs), output: c.output))
  }
}
