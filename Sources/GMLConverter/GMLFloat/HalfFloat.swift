// GMLConverter/GMLFloat/HalfFloat.swift — IEEE binary16 to and from Float, by bits (no Float16 type needed).

/// Conversions between IEEE 754 binary16 bit patterns and `Float`, written
/// out so they behave the same on every host (Swift's `Float16` is missing
/// on some).
enum HalfFloat {
  /// The exact `Float` value of the half-precision bit pattern `bits`.
  static func float(_ bits: UInt16) -> Float {
    let sign = UInt32(bits & 0x8000) << 16
    let exponent = Int(bits >> 10) & 0x1F
    let mantissa = UInt32(bits & 0x3FF)
    switch exponent {
    case 0:
      // Zero or subnormal: mantissa × 2^-24, exact in float32.
      let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
      return sign != 0 ? -magnitude : magnitude
    case 0x1F:
      return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13)
    default:
      return Float(bitPattern: sign | UInt32(exponent + 112) << 23 | mantissa << 13)
    }
  }

  /// `value` rounded to the nearest half-precision number (ties to even),
  /// widened back to `Float`; infinite when `value` is beyond the float16
  /// range (65520 and above).
  static func rounded(_ value: Float) -> Float {
    guard value.isFinite else { return value }
    let magnitude = abs(value)
    if magnitude >= 65520 { return value < 0 ? -.infinity : .infinity }
    // The spacing of float16 numbers at this magnitude: 2^(e-10), and at
    // least 2^-24 (the subnormal step).
    let exponent = magnitude == 0 ? -24 : max(Int(magnitude.exponent), -14)
    let step = Float(sign: .plus, exponent: exponent - 10, significand: 1)
    let quotient = (magnitude / step).rounded(.toNearestOrEven)
    let result = quotient * step
    return value < 0 ? -result : result
  }
}
