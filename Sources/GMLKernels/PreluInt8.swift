// GMLKernels/PreluInt8.swift — int8 PRELU parameters: the identity and the alpha multipliers.
import GMLCore

/// int8 PRELU: `q − zp_in` times the identity multiplier where it is at
/// least 0, else times `(alpha_q − zp_alpha)` and the alpha multiplier,
/// plus the output zero point, clamped.
///
/// The multipliers are computed in `Float`, as TFLite does, and widened to
/// `Double` for `QuantizeMultiplier`: `input_scale / output_scale` and
/// `input_scale · alpha_scale / output_scale`.
public struct PreluInt8: Equatable, Sendable {
  public let geometry: Prelu
  public let inputZeroPoint: Int32
  public let alphaZeroPoint: Int32
  public let outputZeroPoint: Int32
  /// For inputs at or above the zero point.
  public let identityMultiplier: QuantizedMultiplier
  /// For inputs below it, applied to the product with the slope.
  public let alphaMultiplier: QuantizedMultiplier

  /// - Parameters:
  ///   - geometry: the broadcast, checked.
  ///   - inputScale: the input's scale; `inputZeroPoint` its zero point.
  ///   - alphaScale: the slopes' scale; `alphaZeroPoint` their zero point.
  ///   - outputScale: the output's scale; `outputZeroPoint` its zero point.
  /// - Throws: `invalidQuantization` for a bad scale or zero point.
  ///
  /// Mirrors `PreluPrepare` (int8) in `tensorflow/lite/kernels/activations.cc`.
  public init(
    _ geometry: Prelu, inputScale: Float, inputZeroPoint: Int32, alphaScale: Float,
    alphaZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32
  ) throws(GMLError) {
    try LookupTableInt8.check(inputScale, inputZeroPoint, outputScale, outputZeroPoint)
    try QuantizationInt8.checkScale(alphaScale)
    try QuantizationInt8.checkZeroPoint(alphaZeroPoint)
    self.geometry = geometry
    self.inputZeroPoint = inputZeroPoint
    self.alphaZeroPoint = alphaZeroPoint
    self.outputZeroPoint = outputZeroPoint
    identityMultiplier = QuantizedMultiplier(Double(inputScale / outputScale))
    alphaMultiplier = QuantizedMultiplier(Double(inputScale * alphaScale / outputScale))
  }
}
