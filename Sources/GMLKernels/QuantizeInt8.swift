// GMLKernels/QuantizeInt8.swift — Quantize (float32 → int8) parameters: element count, scale and zero point.
import GMLCore

/// TFLite's QUANTIZE from float32 to int8 with one scale and zero point:
/// `q = clamp(Int32(round(x / scale)) + zeroPoint, -128, 127)`, the
/// division in float, rounding half away from zero (checked against
/// LiteRT's reference kernel: a division, not a product with 1/scale).
public struct QuantizeInt8: Equatable, Sendable {
  /// The number of values converted.
  public let elementCount: Int
  /// The output scale.
  public let scale: Float
  /// The output zero point.
  public let zeroPoint: Int32

  /// - Parameters:
  ///   - shape: the input (and output) shape.
  ///   - scale: the output scale.
  ///   - zeroPoint: the output zero point.
  /// - Throws: `invalidQuantization` for a bad scale or zero point;
  ///   `limitExceeded` for a shape too large.
  public init(shape: Shape, scale: Float, zeroPoint: Int32) throws(GMLError) {
    try QuantizationInt8.checkScale(scale)
    try QuantizationInt8.checkZeroPoint(zeroPoint)
    elementCount = try shape.elementCount()
    self.scale = scale
    self.zeroPoint = zeroPoint
  }
}
