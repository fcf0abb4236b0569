// GMLKernels/LeakyReluInt8.swift — int8 LeakyRelu parameters: identity and alpha multipliers.
import GMLCore

/// int8 `x` for `x ≥ 0`, else `alpha · x`, requantized to the output.
///
/// Two multipliers, each computed in `Float` (as TFLite does) and widened to
/// `Double` for `QuantizeMultiplier`: identity `input_scale / output_scale`
/// and alpha `input_scale · alpha / output_scale`. A negative alpha keeps
/// its sign apart and multiplies by the magnitude (current LiteRT).
public struct LeakyReluInt8: Equatable, Sendable {
  public let inputZeroPoint: Int32
  public let outputZeroPoint: Int32
  /// For inputs at or above the zero point.
  public let identityMultiplier: QuantizedMultiplier
  /// For inputs below the zero point: the magnitude of the alpha multiplier.
  public let alphaMultiplier: QuantizedMultiplier
  /// Whether alpha is negative (the scaled value is then negated).
  public let alphaIsNegative: Bool

  /// - Parameters:
  ///   - alpha: the slope below zero.
  ///   - inputScale: the input's scale; `inputZeroPoint` its zero point.
  ///   - outputScale: the output's scale; `outputZeroPoint` its zero point.
  /// - Throws: `invalidQuantization` for a bad scale or zero point.
  ///
  /// Mirrors `LeakyReluPrepare` in `tensorflow/lite/kernels/activations.cc`.
  public init(
    alpha: Float, inputScale: Float, inputZeroPoint: Int32,
    outputScale: Float, outputZeroPoint: Int32
  ) throws(GMLError) {
    try LookupTableInt8.check(inputScale, inputZeroPoint, outputScale, outputZeroPoint)
    self.inputZeroPoint = inputZeroPoint
    self.outputZeroPoint = outputZeroPoint
    identityMultiplier = QuantizedMultiplier(Double(inputScale / outputScale))
    let alphaSigned = QuantizedMultiplier(Double(inputScale * alpha / outputScale))
    alphaIsNegative = alphaSigned.multiplier < 0
    // The encoded fraction is at most 2^31 − 1 in magnitude, so this cannot trap.
    alphaMultiplier = QuantizedMultiplier(
      multiplier: Int32(alphaSigned.multiplier.magnitude), shift: alphaSigned.shift)
  }
}
