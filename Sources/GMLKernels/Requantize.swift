// GMLKernels/Requantize.swift — TFLite's fixed-point requantization: Q31 multiplier + shift, double rounding.

/// A real multiplier as TFLite stores it: a Q31 fixed-point value in
/// [2^30, 2^31) (or 0) and a power-of-two exponent, so that
/// `real ≈ multiplier × 2^(shift − 31)`.
///
/// Mirrors `QuantizeMultiplier` in
/// `tensorflow/lite/kernels/internal/quantization_util.cc`: `frexp`, the
/// fraction rounded half away from zero to 31 bits, a fraction that rounds
/// up to 2^31 halved with the exponent raised; exponents below −31 give 0,
/// above 30 saturate.
public struct QuantizedMultiplier: Equatable, Sendable {
  /// The Q31 fraction, sign included.
  public var multiplier: Int32
  /// The exponent: positive shifts left, negative shifts right.
  public var shift: Int32

  public init(multiplier: Int32, shift: Int32) {
    self.multiplier = multiplier
    self.shift = shift
  }

  /// Encodes `real` (any finite value; 0 gives multiplier 0).
  public init(_ real: Double) {
    if real == 0 || !real.isFinite {
      self.init(multiplier: 0, shift: 0)
      return
    }
    // frexp: real = fraction × 2^exponent with |fraction| in [0.5, 1).
    let magnitude = real.magnitude
    var exponent = Int32(magnitude.exponent) + 1
    let fraction = magnitude.significand / 2
    var q = Int64((fraction * 2_147_483_648.0).rounded(.toNearestOrAwayFromZero))
    if q == 1 << 31 {
      q /= 2
      exponent += 1
    }
    if exponent < -31 {
      exponent = 0
      q = 0
    }
    if exponent > 30 {
      exponent = 30
      q = (1 << 31) - 1
    }
    self.init(multiplier: Int32(real < 0 ? -q : q), shift: exponent)
  }

  /// `x × real`, rounded as TFLite's default (double-rounding) build does.
  ///
  /// Mirrors `MultiplyByQuantizedMultiplier(int32_t, int32_t, int)` in
  /// `tensorflow/lite/kernels/internal/common.h`.
  @inline(__always)
  public func apply(_ x: Int32) -> Int32 {
    let leftShift = shift > 0 ? shift : 0
    let rightShift = shift > 0 ? 0 : -shift
    return FixedPoint.roundingDivideByPOT(
      FixedPoint.saturatingRoundingDoublingHighMul(x &<< leftShift, multiplier), Int(rightShift))
  }
}

/// gemmlowp's fixed-point primitives, as TFLite's reference kernels use them.
public enum FixedPoint {
  /// `round(a × b / 2^31)` with ties toward +∞ (gemmlowp nudges by 2^30,
  /// or 1 − 2^30 for a negative product, then truncates), saturating the
  /// one overflow case (`a == b == Int32.min`).
  /// Mirrors gemmlowp `SaturatingRoundingDoublingHighMul`.
  @inline(__always)
  public static func saturatingRoundingDoublingHighMul(_ a: Int32, _ b: Int32) -> Int32 {
    if a == b && a == Int32.min { return Int32.max }
    let ab = Int64(a) &* Int64(b)  // cannot overflow: no checks on 32-bit targets
    let nudge: Int64 = ab >= 0 ? (1 << 30) : (1 - (1 << 30))
    // Division truncating toward zero, as C++ does.
    return Int32(truncatingIfNeeded: (ab &+ nudge) / (1 << 31))
  }

  /// `x / 2^exponent` rounded half away from zero (`exponent` in 0...31).
  /// Mirrors gemmlowp `RoundingDivideByPOT`.
  @inline(__always)
  public static func roundingDivideByPOT(_ x: Int32, _ exponent: Int) -> Int32 {
    assert(exponent >= 0 && exponent <= 31, "FixedPoint.roundingDivideByPOT: exponent out of range")
    let mask = Int32(truncatingIfNeeded: (Int64(1) << exponent) - 1)
    let remainder = x & mask
    let threshold = (mask >> 1) + (x < 0 ? 1 : 0)
    return (x >> Int32(exponent)) + (remainder > threshold ? 1 : 0)
  }

  /// Clamps to the int8 range after adding `zeroPoint`.
  @inline(__always)
  public static func saturateInt8(_ x: Int32) -> Int8 {
    Int8(truncatingIfNeeded: min(max(x, -128), 127))
  }
}
