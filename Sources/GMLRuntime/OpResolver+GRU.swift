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
    let x = c.shape(c.input(0)).dims
    guard x.count == 3 else {
      throw GMLError(.shapeMismatch, "a GRU's input must be [batch, time, features]")
    }
    let (steps, batch, inputSize) = timeMajor ? (x[0], x[1], x[2]) : (x[1], x[0], x[2])
    let units = c.shape(c.input(1)).dims.first ?? 0
    for k in 1...12 {
      let expected = k <= 3 ? [units, inputSize] : k <= 6 ? [units, units] : [units]
      guard c.shape(c.input(k)).dims == expected else {
        throw GMLError(
          .shapeMismatch,
          k <= 3
            ? "a GRU's input weights (inputs 1-3) must be [units, input features]"
            : k <= 6
              ? "a GRU's recurrent weights (inputs 4-6) must be [units, units]"
              : "a GRU's biases (inputs 7-12) must be [units]")
      }
    }
    try c.checkOutput(Shape(timeMajor ? [steps, batch, units] : [batch, steps, units]))
    guard c.arithmetic == .int8 else {
      let p = try GRU(
        batch: batch, steps: steps, inputSize: inputSize, units: units, timeMajor: timeMajor,
        activation: Activation(activation))
      return .gru(p, inputs: Array(c.inputs), output: c.output)
    }
    guard activation == .tanh else {
      throw GMLError(.unsupportedType, "an int8 GRU's candidate activation must be TANH")
    }
    var inputScales: [Float] = []
    var recurrentScales: [Float] = []
    for k in 1...6 {
      let w = try c.weights(c.input(k), axis: 0, channels: units)
      guard w.scales.count == 1 else {
        throw GMLError(.invalidQuantization, "GRU weights need one scale per tensor")
      }
      if k <= 3 { inputScales.append(w.scales[0]) } else { recurrentScales.append(w.scales[0]) }
    }
    for k in 7...12 { try c.checkBias(c.input(k), channels: units) }
    let p = try GRUInt8(
      batch: batch, steps: steps, inputSize: inputSize, units: units, timeMajor: timeMajor,
      input: try c.activation(c.input(0)), output: try c.activation(c.output),
      inputWeightScales: inputScales, recurrentWeightScales: recurrentScales)
    return .int8(.gru(p, inputs: Array(c.inputs), output: c.output))
  }
}
