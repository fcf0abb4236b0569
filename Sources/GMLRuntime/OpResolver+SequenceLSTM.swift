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
    let x = c.shape(c.input(0)).dims
    guard x.count == 3 else {
      throw GMLError(.shapeMismatch, "an LSTM's input must be [batch, time, features]")
    }
    let (steps, batch, inputSize) = timeMajor ? (x[0], x[1], x[2]) : (x[1], x[0], x[2])
    let units = c.shape(c.input(1)).dims.first ?? 0
    for k in 1...12 {
      let expected = k <= 4 ? [units, inputSize] : k <= 8 ? [units, units] : [units]
      guard c.shape(c.input(k)).dims == expected else {
        throw GMLError(
          .shapeMismatch,
          k <= 4
            ? "an LSTM's input weights (inputs 1-4) must be [units, input features]"
            : k <= 8
              ? "an LSTM's recurrent weights (inputs 5-8) must be [units, units]"
              : "an LSTM's biases (inputs 9-12) must be [units]")
      }
    }
    try c.checkOutput(Shape(timeMajor ? [steps, batch, units] : [batch, steps, units]))
    guard c.arithmetic == .int8 else {
      let p = try SequenceLSTM(
        batch: batch, steps: steps, inputSize: inputSize, units: units, timeMajor: timeMajor,
        cellClip: cellClip, activation: Activation(activation))
      return .sequenceLSTM(p, inputs: Array(c.inputs), output: c.output)
    }
    guard activation == .tanh else {
      throw GMLError(.unsupportedType, "an int8 LSTM's cell activation must be TANH")
    }
    var inputScales: [Float] = []
    var recurrentScales: [Float] = []
    for k in 1...8 {
      let w = try c.weights(c.input(k), axis: 0, channels: units)
      guard w.scales.count == 1 else {
        throw GMLError(.invalidQuantization, "LSTM weights need one scale per tensor")
      }
      if k <= 4 { inputScales.append(w.scales[0]) } else { recurrentScales.append(w.scales[0]) }
    }
    for k in 9...12 { try c.checkBias(c.input(k), channels: units) }
    let p = try SequenceLSTMInt8(
      batch: batch, steps: steps, inputSize: inputSize, units: units, timeMajor: timeMajor,
      input: try c.activation(c.input(0)), output: try c.activation(c.output),
      inputWeightScales: inputScales, recurrentWeightScales: recurrentScales,
      cellScaleLog2: Int(cellScaleLog2), cellClip: cellClip)
    return .int8(.sequenceLSTM(p, inputs: Array(c.inputs), output: c.output))
  }
}
