// GMLKernels/ActivationRangeInt8.swift — the int8 clamp a fused activation becomes (TFLite CalculateActivationRangeQuantized).
import GMLCore

/// The output range of an int8 op with a fused activation: the quantized
/// image of the activation's bounds, intersected with -128...127.
///
/// Relu: `[max(-128, zp + round(0 / scale)), 127]`; Relu6 also caps at
/// `min(127, zp + round(6 / scale))`; ReluN1To1 uses -1 and 1. The
/// division is in float and the rounding half away from zero, as TFLite's
/// `Quantize` helper in `kernel_util.cc` does. `.none` is the full range.
public struct ActivationRangeInt8: Equatable, Sendable {
  /// The smallest output value.
  public let min: Int32
  /// The largest output value.
  public let max: Int32

  /// The full int8 range (no activation).
  public static let full = ActivationRangeInt8(min: -128, max: 127)

  /// - Parameters:
  ///   - min: the smallest output value.
  ///   - max: the largest output value.
  public init(min: Int32, max: Int32) {
    self.min = min
    self.max = max
  }

  /// The range of `activation` on an output quantized with `scale` and
  /// `zeroPoint`.
  /// - Parameters:
  ///   - activation: the fused activation.
  ///   - scale: the output scale.
  ///   - zeroPoint: the output zero point.
  /// - Throws: `invalidQuantization` for a bad scale or zero point, or a
  ///   bound that does not fit Int32; `unsupportedOp` for a fused Tanh,
  ///   Sigmoid or HardSwish (TFLite would silently ignore them on int8).
  public init(_ activation: Activation, scale: Float, zeroPoint: Int32) throws(GMLError) {
    try QuantizationInt8.checkScale(scale)
    try QuantizationInt8.checkZeroPoint(zeroPoint)
    func quantize(_ f: Float) throws(GMLError) -> Int32 {
      let q = (f / scale).rounded(.toNearestOrAwayFromZero)
      guard q >= -2_147_483_648, q < 2_147_483_648 else {
        throw GMLError(
          .invalidQuantization, "activation bound does not fit the output's int8 range")
      }
      return zeroPoint &+ Int32(q)
    }
    switch activation {
    case .none: self = .full
    case .relu: self.init(min: Swift.max(-128, try quantize(0)), max: 127)
    case .relu6:
      self.init(min: Swift.max(-128, try quantize(0)), max: Swift.min(127, try quantize(6)))
    case .reluN1To1:
      self.init(min: Swift.max(-128, try quantize(-1)), max: Swift.min(127, try quantize(1)))
    case .tanh, .sigmoid, .hardSwish:
      throw GMLError(.unsupportedOp, "int8 ops fuse only Relu, Relu6 and ReluN1To1")
    }
  }

  /// Clamps an int32 result into the range and narrows it to int8.
  /// - Parameter x: the requantized value, zero point included.
  /// - Returns: `min(max(x, min), max)` as int8.
  @inline(__always)
  public func clamp(_ x: Int32) -> Int8 {
    Int8(truncatingIfNeeded: Swift.min(Swift.max(x, min), max))
  }
}
