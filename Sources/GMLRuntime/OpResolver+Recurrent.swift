// GMLRuntime/OpResolver+Recurrent.swift — what LSTM and GRU prepare alike: the 13 operands' shapes and the per-tensor weight scales.
import GMLCore
import GMLKernels

extension OpResolver {
  /// The sizes of a recurrent op (`gates` 4: LSTM, 3: GRU): x [batch,
  /// time, in] (or time-major), per gate input weights [units, in], then
  /// per gate recurrent weights [units, units], then the biases [units]
  /// (13 operands); the output checked to be x's layout with `units` last.
  /// - Throws: `shapeMismatch` naming the operands that do not fit.
  static func recurrentSizes(_ c: OpContext, gates: Int, timeMajor: Bool) throws(GMLError)
    -> (batch: Int, steps: Int, inputSize: Int, units: Int)
  {
    let lstm = gates == 4
    let x = c.shape(c.input(0)).dims
    guard x.count == 3 else {
      throw GMLError(
        .shapeMismatch,
        lstm
          ? "an LSTM's input must be [batch, time, features]"
          : "a GRU's input must be [batch, time, features]")
    }
    let (steps, batch, inputSize) = timeMajor ? (x[0], x[1], x[2]) : (x[1], x[0], x[2])
    let units = c.shape(c.input(1)).dims.first ?? 0
    for k in 1...12 {
      let expected = k <= gates ? [units, inputSize] : k <= 2 * gates ? [units, units] : [units]
      guard c.shape(c.input(k)).dims == expected else {
        let message: StaticString =
          k <= gates
          ? (lstm
            ? "an LSTM's input weights (inputs 1-4) must be [units, input features]"
            : "a GRU's input weights (inputs 1-3) must be [units, input features]")
          : k <= 2 * gates
            ? (lstm
              ? "an LSTM's recurrent weights (inputs 5-8) must be [units, units]"
              : "a GRU's recurrent weights (inputs 4-6) must be [units, units]")
            : (lstm
              ? "an LSTM's biases (inputs 9-12) must be [units]"
              : "a GRU's biases (inputs 7-12) must be [units]")
        throw GMLError(.shapeMismatch, message)
      }
    }
    try c.checkOutput(Shape(timeMajor ? [steps, batch, units] : [batch, steps, units]))
    return (batch, steps, inputSize, units)
  }

  /// The int8 weights' scales of a recurrent op (one per tensor: the
  /// input weights', then the recurrent weights'), its int32 biases
  /// checked.
  /// - Throws: `invalidQuantization` for weights with a scale per channel.
  static func recurrentWeightScales(_ c: OpContext, gates: Int, units: Int) throws(GMLError)
    -> (input: [Float], recurrent: [Float])
  {
    var inputScales: [Float] = []
    var recurrentScales: [Float] = []
    for k in 1...(2 * gates) {
      let w = try c.weights(c.input(k), axis: 0, channels: units)
      guard w.scales.count == 1 else {
        throw GMLError(
          .invalidQuantization,
          gates == 4
            ? "LSTM weights need one scale per tensor" : "GRU weights need one scale per tensor")
      }
      if k <= gates { inputScales.append(w.scales[0]) } else { recurrentScales.append(w.scales[0]) }
    }
    for k in (2 * gates + 1)...12 { try c.checkBias(c.input(k), channels: units) }
    return (inputScales, recurrentScales)
  }
}
