// GMLKernels/GRUInt8.swift — int8 GRU parameters: gml's integer GRU in the manner of TFLite's integer LSTM.
import GMLCore

/// A GRU (`reset_after`) over a sequence in integers, gml's own scheme
/// modelled on TFLite's integer LSTM (there is no TFLite GRU): int8 input
/// and weights (per tensor), int32 biases, Q3.12 int16 gate sums through
/// gemmlowp's int16 sigmoid and tanh, and the state kept between steps in
/// int16 Q0.15 (|h| < 1: it mixes the previous state and a tanh).
///
/// Per step and gate, the input product plus the input bias and the
/// recurrent product plus the recurrent bias are each requantized to
/// Q3.12, the input's term saturated to int16; the update and reset gates
/// add the recurrent term to it and saturate the sum (TFLite's LSTM gates);
/// the candidate adds `r · sat16(recurrent)` rounded by 2^15; then
/// `h = (z·h + (2^15 − z)·g) / 2^15`, rounded. The output is every step's
/// state requantized to int8, and the recurrent products read it there (as
/// TFLite's LSTM reads its int8 output state).
public struct GRUInt8: SequenceLayout, Equatable, Sendable {
  /// The sequences (rows of the batch), steps and feature sizes.
  public let batch: Int
  public let steps: Int
  public let inputSize: Int
  public let units: Int
  /// Whether the input and output are [time, batch, features].
  public let timeMajor: Bool
  /// The input's zero point.
  public let inputZeroPoint: Int32
  /// The output's (the state's) zero point.
  public let hiddenZeroPoint: Int32
  /// Per gate (update, reset, candidate), input weights × input to Q3.12.
  public let inputMultipliers: [QuantizedMultiplier]
  /// Per gate, recurrent weights × state to Q3.12.
  public let recurrentMultipliers: [QuantizedMultiplier]
  /// The Q0.15 state to the output's scale.
  public let outputMultiplier: QuantizedMultiplier

  /// - Parameters:
  ///   - batch, steps, inputSize, units: the sizes.
  ///   - timeMajor: the layout.
  ///   - input: the input's scale and zero point.
  ///   - output: the output's (and state's) scale and zero point.
  ///   - inputWeightScales: the three input weights' scales.
  ///   - recurrentWeightScales: the three recurrent weights' scales.
  /// - Throws: `invalidQuantization` for a bad scale or zero point.
  public init(
    batch: Int, steps: Int, inputSize: Int, units: Int, timeMajor: Bool,
    input: (scale: Float, zeroPoint: Int32), output: (scale: Float, zeroPoint: Int32),
    inputWeightScales: [Float], recurrentWeightScales: [Float]
  ) throws(GMLError) {
    try QuantizationInt8.checkScale(input.scale)
    try QuantizationInt8.checkZeroPoint(input.zeroPoint)
    try QuantizationInt8.checkScale(output.scale)
    try QuantizationInt8.checkZeroPoint(output.zeroPoint)
    guard inputWeightScales.count == 3, recurrentWeightScales.count == 3 else {
      throw GMLError(.invalidQuantization, "a GRU needs three input and three recurrent weights")
    }
    let gateScale = 1.0 / 4096.0
    var inputMultipliers: [QuantizedMultiplier] = []
    var recurrentMultipliers: [QuantizedMultiplier] = []
    for g in 0..<3 {
      try QuantizationInt8.checkScale(inputWeightScales[g])
      try QuantizationInt8.checkScale(recurrentWeightScales[g])
      inputMultipliers.append(
        QuantizedMultiplier(Double(inputWeightScales[g]) * Double(input.scale) / gateScale))
      recurrentMultipliers.append(
        QuantizedMultiplier(Double(recurrentWeightScales[g]) * Double(output.scale) / gateScale))
    }
    self.batch = batch
    self.steps = steps
    self.inputSize = inputSize
    self.units = units
    self.timeMajor = timeMajor
    self.inputZeroPoint = input.zeroPoint
    self.hiddenZeroPoint = output.zeroPoint
    self.inputMultipliers = inputMultipliers
    self.recurrentMultipliers = recurrentMultipliers
    outputMultiplier = QuantizedMultiplier(1.0 / 32768 / Double(output.scale))
  }

  /// Bytes of scratch the kernel needs: one row's int16 state.
  public var scratchByteCount: Int { units * 2 }

}
