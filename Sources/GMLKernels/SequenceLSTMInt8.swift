// GMLKernels/SequenceLSTMInt8.swift — int8 UNIDIRECTIONAL_SEQUENCE_LSTM parameters: TFLite's 8x8_16 multipliers.
import GMLCore

/// An LSTM over a sequence with TFLite's integer kernel (8x8_16): int8
/// input, weights and hidden state, Q3.12 int16 gates, an int16 cell state
/// of scale `2^cellScaleLog2`.
///
/// Per step, each gate is `Σ (x − x_zp)·W + bias` requantized to Q3.12,
/// plus `Σ (h − h_zp)·R` requantized the same way and added with int16
/// saturation, then gemmlowp's fixed-point sigmoid (tanh for the cell
/// gate); the cell becomes `f·c + i·g` in int16, clipped; the hidden state
/// is `o · tanh(c)` requantized to int8. The multipliers are computed as
/// TFLite's `PopulateQuantizedLstmParams8x8_16` computes them: each
/// `weightScale × inputScale / 2^-12` in `Float`, the hidden one
/// `2^-30 / hiddenScale` in `Double` rounded to `Float`.
public struct SequenceLSTMInt8: SequenceLayout, Equatable, Sendable {
  /// The sequences (rows of the batch), steps and feature sizes.
  public let batch: Int
  public let steps: Int
  public let inputSize: Int
  public let units: Int
  /// Whether the input and output are [time, batch, features].
  public let timeMajor: Bool
  /// The input's zero point.
  public let inputZeroPoint: Int32
  /// The hidden state's (the output's) zero point.
  public let hiddenZeroPoint: Int32
  /// Per gate (input, forget, cell, output), input weights × input to Q3.12.
  public let inputMultipliers: [QuantizedMultiplier]
  /// Per gate, recurrent weights × hidden state to Q3.12.
  public let recurrentMultipliers: [QuantizedMultiplier]
  /// Q0.15 × Q0.15 products to the hidden state's scale.
  public let hiddenMultiplier: QuantizedMultiplier
  /// The cell state's scale exponent, −15 to −9.
  public let cellScaleLog2: Int
  /// The cell clip in cell-state units (0: none).
  public let cellClip: Int16

  /// - Parameters:
  ///   - batch, steps, inputSize, units: the sizes.
  ///   - timeMajor: the layout.
  ///   - input: the input's scale and zero point.
  ///   - output: the output's (and hidden state's) scale and zero point.
  ///   - inputWeightScales: the four input weights' scales.
  ///   - recurrentWeightScales: the four recurrent weights' scales.
  ///   - cellScaleLog2: the cell state's scale exponent.
  ///   - cellClip: the cell clip in real units (0: none).
  /// - Throws: `invalidQuantization` for a bad scale or zero point or a
  ///   cell scale outside 2^-15...2^-9; `invalidArgument` for a negative
  ///   or non-finite clip.
  public init(
    batch: Int, steps: Int, inputSize: Int, units: Int, timeMajor: Bool,
    input: (scale: Float, zeroPoint: Int32), output: (scale: Float, zeroPoint: Int32),
    inputWeightScales: [Float], recurrentWeightScales: [Float], cellScaleLog2: Int,
    cellClip: Float
  ) throws(GMLError) {
    try QuantizationInt8.checkScale(input.scale)
    try QuantizationInt8.checkZeroPoint(input.zeroPoint)
    try QuantizationInt8.checkScale(output.scale)
    try QuantizationInt8.checkZeroPoint(output.zeroPoint)
    guard inputWeightScales.count == 4, recurrentWeightScales.count == 4 else {
      throw GMLError(.invalidQuantization, "an LSTM needs four input and four recurrent weights")
    }
    guard (-15)...(-9) ~= cellScaleLog2 else {
      throw GMLError(.invalidQuantization, "the LSTM cell state's scale must be 2^-15 to 2^-9")
    }
    guard cellClip >= 0, cellClip.isFinite else {
      throw GMLError(.invalidArgument, "the LSTM cell clip must be 0 or positive")
    }
    let gateScale: Float = 1.0 / 4096
    var inputMultipliers: [QuantizedMultiplier] = []
    var recurrentMultipliers: [QuantizedMultiplier] = []
    for g in 0..<4 {
      try QuantizationInt8.checkScale(inputWeightScales[g])
      try QuantizationInt8.checkScale(recurrentWeightScales[g])
      let fromInput: Float = inputWeightScales[g] * input.scale / gateScale
      let fromHidden: Float = recurrentWeightScales[g] * output.scale / gateScale
      inputMultipliers.append(QuantizedMultiplier(Double(fromInput)))
      recurrentMultipliers.append(QuantizedMultiplier(Double(fromHidden)))
    }
    let hidden = Float(1.0 / 32768 / Double(output.scale) / 32768)
    let cellScale = 1 / Float(1 << -cellScaleLog2)
    self.batch = batch
    self.steps = steps
    self.inputSize = inputSize
    self.units = units
    self.timeMajor = timeMajor
    self.inputZeroPoint = input.zeroPoint
    self.hiddenZeroPoint = output.zeroPoint
    self.inputMultipliers = inputMultipliers
    self.recurrentMultipliers = recurrentMultipliers
    hiddenMultiplier = QuantizedMultiplier(Double(hidden))
    self.cellScaleLog2 = cellScaleLog2
    let clip = cellClip > 0 ? min(max(cellClip / cellScale, -32768), 32767) : 0
    self.cellClip = Int16(clip)
  }

  /// Bytes of scratch the kernel needs: one row's int16 cell state.
  public var scratchByteCount: Int { units * 2 }
}
