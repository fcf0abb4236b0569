// GMLKernels/DequantizeInt8.swift — Dequantize (int8 → float32) parameters: element count, scale and zero point.
import GMLCore

/// TFLite's DEQUANTIZE from int8 to float32 with one scale and zero point:
/// `x = scale × (q - zeroPoint)`. TFLite multiplies in double and narrows
/// to float; the exact product of a float and a 9-bit integer fits a
/// double, so one float multiply rounds identically.
public struct DequantizeInt8: Equatable, Sendable {
  /// The number of values converted.
  public let elementCount: Int
  /// The input scale.
  public let scale: Float
  /// The input zero point.
  public let zeroPoint: Int32

  /// - Parameters:
  ///   - shape: the input (and output) shape.
  ///   - scale: the input scale.
  ///   - zeroPoint: the input zero point.
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
