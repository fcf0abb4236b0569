// GMLRuntime/OpResolver+GRU.swift — prepare for GRU: shapes, weights, float or gml's integer GRU parameters.
import GMLCore
import GMLFormat
import GMLKernels

extension OpResolver {
  /// GRU: x [batch, time, in] (or time-major), three input weights [units,
  /// in], three recurrent weights [units, units], three input and three
  /// recurrent biases [units]; float32, or int8 with TANH.
  static func prepareGRU(_ c: OpContext) throws(GMLError) -> PreparedOp {
    try c.expect(inputs: 13, outputs: 1)
    guard case .gru(let timeMajor, let activation) = c.options else { throw c.wrongOptions() }
    let (batch, steps, inputSize, units) = try recurrentSizes(
      c, gates: 3, timeMajor: timeMajor)
    guard c.arithmetic == .int8 else {
      let p = try GRU(
        batch: batch, steps: steps, inputSize: inputSize, units: units, timeMajor: timeMajor,
        activation: Activation(activation))
      return .gru(p, inputs: Array(c.inputs), output: c.output)
    }
    guard activation == .tanh else {
      throw GMLError(.unsupportedType, "an int8 GRU's candidate activation must be TANH")
    }
    let scales = try recurrentWeightScales(c, gates: 3, units: units)
    let p = try GRUInt8(
      batch: batch, steps: steps, inputSize: inputSize, units: units, timeMajor: timeMajor,
      input: try c.activation(c.input(0)), output: try c.activation(c.output),
      inputWeightScales: scales.input, recurrentWeightScales: scales.recurrent)
    return .int8(.gru(p, inputs: Array(c.inputs), output: c.output))
  }
}
