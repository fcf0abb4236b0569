// GMLCore/Float16Conversion.swift — IEEE 754 binary16 ↔ binary32 by bit manipulation (no Float16 type, no libm).

/// Converts IEEE half-precision bit patterns to and from `Float`, for
/// float16 constants (dequantized once at prepare) and the converter.
public enum Float16Conversion {
  /// The `Float` equal to half `bits`: exact for every half, subnormals,
  /// ±0, ±inf included; NaNs stay NaN with their payload shifted up.
  public static func float(fromHalf bits: UInt16) -> Float {
    let sign = UInt32(bits & 0x8000) << 16
    let exponent = UInt32(bits >> 10) & 0x1F
    var mantissa = UInt32(bits & 0x3FF)
    if exponent == 0x1F {
      return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
    }
    if exponent != 0 {
      return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
    }
    if mantissa == 0 { return Float(bitPattern: sign) }
    // Subnormal half: normalise (value = mantissa · 2^-24).
    var e: UInt32 = 113
    while mantissa & 0x400 == 0 {
      mantissa <<= 1
      e -= 1
    }
    return Float(bitPattern: sign | (e << 23) | ((mantissa & 0x3FF) << 13))
  }

  /// The half nearest `value`, ties to even; overflow gives ±inf, NaN a
  /// quiet NaN.
  public static func half(from value: Float) -> UInt16 {
    let bits = value.bitPattern
    let sign = UInt16((bits >> 16) & 0x8000)
    let exponent = Int((bits >> 23) & 0xFF)
    let mantissa = bits & 0x7F_FFFF
    if exponent == 0xFF {
      return sign | 0x7C00 | (mantissa != 0 ? 0x200 | UInt16(mantissa >> 13) : 0)
    }
    let e = exponent - 127 + 15
    if e >= 0x1F { return sign | 0x7C00 }
    if e <= 0 {
      // Subnormal or zero half: shift the full significand right.
      if e < -10 { return sign }
      let full = mantissa | 0x80_0000
      let shift = UInt32(14 - e)
      return sign | UInt16(roundShift(full, shift))
    }
    let rounded = roundShift((UInt32(e) << 23) | mantissa, 13)
    // A carry out of the mantissa bumps the exponent, up to inf: correct.
    return sign | UInt16(rounded)
  }

  /// `x >> shift` rounded to nearest, ties to even.
  private static func roundShift(_ x: UInt32, _ shift: UInt32) -> UInt32 {
    let kept = x >> shift
    let rest = x & ((1 << shift) - 1)
    let half = UInt32(1) << (shift - 1)
    if rest > half || (rest == half && kept & 1 == 1) { return kept + 1 }
    return kept
  }
}
