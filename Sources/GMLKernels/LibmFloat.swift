// GMLKernels/LibmFloat.swift — expf, tanhf, erfcf and powf as C's libm returns them, computed without libm.

/// The `Float` functions TFLite's int8 tables call through `std::exp` and
/// `std::tanh`, evaluated in `Double` (about 1e-16 relative error) and
/// rounded once to `Float`: the correctly rounded result but for arguments
/// within about 1e-9 ulp of a rounding boundary.
///
/// glibc is not always correctly rounded (2.36: `expf` differs from this in
/// about 0.07 % of arguments, `tanhf` by 1–2 ulp in about 5 %), yet in the
/// int8 tables, where the value is scaled by 128 or 256 and rounded to an
/// integer, no such difference has changed an entry (0 of 52 million tried;
/// `ActivationInt8Tests.testTablesMatchHostLibm` keeps a sample). Cost: one
/// `KernelMath.expDouble` plus a few operations; for prepare, not inner loops.
public enum LibmFloat {
  /// `expf(x)`.
  /// - Parameter x: any value.
  /// - Returns: e^x rounded to `Float` (`inf` above about 88.7, 0 far below).
  public static func exp(_ x: Float) -> Float {
    Float(KernelMath.expDouble(Double(x)))
  }

  /// `logf(x)`.
  /// - Parameter x: any value.
  /// - Returns: ln x rounded to `Float` (`KernelMath.log`, evaluated in `Double`).
  public static func log(_ x: Float) -> Float {
    KernelMath.log(x)
  }

  /// `tanhf(x)`.
  /// - Parameter x: any value.
  /// - Returns: tanh(x) rounded to `Float`; ±1 beyond |x| ≈ 9.
  public static func tanh(_ x: Float) -> Float {
    if x.isNaN { return x }
    let a = Double(x).magnitude
    // Below 2^-28, tanh(a) = a · (1 − a²/3 …) rounds to a even in Double.
    if a < 0x1p-28 { return x }
    if a > 20 { return x < 0 ? -1 : 1 }
    // tanh(a) = (e^2a − 1) / (e^2a + 1), with e^2a − 1 free of cancellation.
    let e = expm1(2 * a)
    let t = e / (e + 2)
    return Float(x < 0 ? -t : t)
  }

  /// `erfcf(x)`, the complementary error function 1 − erf(x).
  /// - Parameter x: any value.
  /// - Returns: erfc(x) rounded to `Float`: 2 far below 0, 0 above about 10.
  public static func erfc(_ x: Float) -> Float {
    if x.isNaN { return x }
    return Float(erfc(Double(x)))
  }

  /// erfc(y) in `Double`, about 1e-15 relative: erf's Taylor series
  /// (alternating, no term above about 2) below 2, the continued fraction
  /// `e^−y² / (√π · (y + ½/(y + 1/(y + 3/2/(y + …)))))` from 2 on, 80
  /// levels deep (converged to below 1e-16 at y = 2); negative y through
  /// erfc(−y) = 2 − erfc(y).
  static func erfc(_ y: Double) -> Double {
    if y < 0 { return 2 - erfc(-y) }
    if y > 27 { return 0 }
    if y < 2 {
      // erf(y) = 2/√π · Σ (−1)^n y^(2n+1) / (n! (2n+1)).
      var term = y
      var sum = y
      var n = 1.0
      while term.magnitude > 1e-17 * sum.magnitude {
        term *= -y * y / n
        sum += term / (2 * n + 1)
        n += 1
      }
      return 1 - sum * 1.128_379_167_095_512_573_9
    }
    var fraction = y
    for n in stride(from: 80, through: 1, by: -1) { fraction = y + Double(n) / 2 / fraction }
    return KernelMath.expDouble(-y * y) / (1.772_453_850_905_516_027_3 * fraction)
  }

  /// e^y − 1, accurate near 0: the Taylor series in nested form for
  /// |y| < 1/2 (18 terms, truncation below 1e-22), `exp(y) − 1` elsewhere
  /// (no digits cancel there).
  static func expm1(_ y: Double) -> Double {
    if y.magnitude >= 0.5 { return KernelMath.expDouble(y) - 1 }
    // y · (1 + y/2 · (1 + y/3 · (1 + …)))
    var p = 1.0
    for n in stride(from: 18, through: 2, by: -1) { p = 1 + y * p / Double(n) }
    return y * p
  }
}

extension LibmFloat {
  /// `powf(x, y)`: `e^(y · ln|x|)` in `Double`, rounded once, with C99's
  /// special cases (Annex F.9.4.4): `x^±0 = 1` and `1^y = 1` even for NaN,
  /// a negative base only with an integer exponent (its sign from the
  /// exponent's parity), zeros and infinities as the standard lists them.
  /// - Parameters:
  ///   - x: the base.
  ///   - y: the exponent.
  /// - Returns: x^y rounded to `Float`.
  public static func pow(_ x: Float, _ y: Float) -> Float {
    if y == 0 || x == 1 { return 1 }
    if x.isNaN || y.isNaN { return .nan }
    // Every Float from 2^23 up is an integer, from 2^24 up an even one;
    // below, Int32 conversion tells (no `truncf`: the boards have no libm).
    let isInteger = y.magnitude >= 8_388_608 ? y.isFinite : Float(Int32(y)) == y
    let isOdd = isInteger && y.magnitude < 16_777_216 && Int32(y) & 1 == 1
    if y.isInfinite {
      if x == -1 { return 1 }
      return (x.magnitude > 1) == (y > 0) ? .infinity : 0
    }
    if x == 0 || x.isInfinite {
      let large = (x == 0) == (y < 0)
      let magnitude: Float = large ? .infinity : 0
      return isOdd && x.sign == .minus ? -magnitude : magnitude
    }
    if x < 0 && !isInteger { return .nan }
    let exponent = Double(y) * KernelMath.logDouble(Double(x.magnitude))
    let magnitude = Float(KernelMath.expDouble(exponent))
    return x < 0 && isOdd ? -magnitude : magnitude
  }
}
