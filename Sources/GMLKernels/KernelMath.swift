// GMLKernels/KernelMath.swift — exp, tanh and sigmoid for Float without libm (Embedded has none).

/// The transcendental functions the float kernels need, written out so the
/// module depends on nothing but the standard library.
///
/// Algorithm: `exp(x) = 2^k · exp(r)` with `k = round(x / ln 2)` and
/// `|r| ≤ ln 2 / 2`, `r` reduced in two parts (Cody–Waite) and `exp(r)`
/// summed as a degree-12 Taylor polynomial, all in `Double`; the result is
/// within one ulp of the true value after rounding to `Float`. Cost: about
/// 15 multiply-adds per call.
public enum KernelMath {
  /// e^x in double precision for `x` in the range the float functions use.
  static func expDouble(_ x: Double) -> Double {
    if x.isNaN { return x }
    if x > 709 { return .infinity }
    if x < -745 { return 0 }
    let ln2Hi = 6.931_471_803_691_238_164_90e-01
    let ln2Lo = 1.908_214_929_270_587_700_02e-10
    let k = (x * 1.442_695_040_888_963_4).rounded()
    let r = (x - k * ln2Hi) - k * ln2Lo
    // Horner form of sum r^n / n!, n = 0...12.
    var p = 1.0 / 479_001_600
    for n in stride(from: 11, through: 1, by: -1) {
      p = p * r + 1.0 / factorial(n)
    }
    p = p * r + 1
    return Double(sign: .plus, exponent: Int(k), significand: p)
  }

  private static func factorial(_ n: Int) -> Double {
    var f = 1.0
    for i in stride(from: 2, through: n, by: 1) { f *= Double(i) }
    return f
  }

  /// e^x.
  /// - Parameter x: any float; NaN gives NaN, large values give infinity.
  /// - Returns: e^x rounded to `Float`.
  public static func exp(_ x: Float) -> Float {
    Float(expDouble(Double(x)))
  }

  /// The hyperbolic tangent.
  /// - Parameter x: any float.
  /// - Returns: tanh(x), in [-1, 1].
  public static func tanh(_ x: Float) -> Float {
    if x.isNaN { return x }
    let d = Double(x)
    if d.magnitude < 1e-4 { return Float(d - d * d * d / 3) }
    if d > 20 { return 1 }
    if d < -20 { return -1 }
    let e = expDouble(2 * d)
    return Float((e - 1) / (e + 1))
  }

  /// e^x − 1, without the cancellation of `exp(x) - 1` near 0.
  /// - Parameter x: any float.
  /// - Returns: e^x − 1 rounded to `Float`, in (−1, ∞).
  public static func expm1(_ x: Float) -> Float {
    if x.isNaN { return x }
    return Float(LibmFloat.expm1(Double(x)))
  }

  /// √x, correctly rounded: `x = m · 4^k` with m in [1, 4), Newton's
  /// iteration on m in `Double` (six steps from 1.5: error below 1e-19),
  /// rounded once to `Float`. Written out because `Float.squareRoot()` is a
  /// call to libm's `sqrtf` on the Cortex-M builds, which have no libm.
  /// - Parameter x: any float.
  /// - Returns: √x; NaN below 0, ±0 and ∞ as they are.
  public static func sqrt(_ x: Float) -> Float {
    if x.isNaN || x < 0 { return .nan }
    if x == 0 || x.isInfinite { return x }
    let d = Double(x)
    let k = Int(d.exponent) >> 1
    let m = Double(sign: .plus, exponent: d.exponent - 2 * k, significand: d.significand)
    var y = 1.5
    for _ in 0..<6 { y = 0.5 * (y + m / y) }
    return Float(Double(sign: .plus, exponent: k, significand: y))
  }

  /// The natural logarithm, `x = m · 2^e` with m in [√½, √2) and
  /// `ln m = 2 atanh((m − 1)/(m + 1))` summed in `Double` (|f| ≤ 0.172:
  /// 12 odd terms, truncation below 1e-18).
  /// - Parameter x: any float.
  /// - Returns: ln x rounded to `Float`: −∞ at 0, NaN below 0, ∞ at ∞.
  public static func log(_ x: Float) -> Float {
    if x.isNaN || x < 0 { return .nan }
    if x == 0 { return -.infinity }
    if x.isInfinite { return x }
    return Float(logDouble(Double(x)))
  }

  /// ln x in double precision for a positive finite `x` (as `log`).
  static func logDouble(_ x: Double) -> Double {
    var m = x.significand
    var e = Double(x.exponent)
    if m > 1.414_213_562_373_095_1 {
      m /= 2
      e += 1
    }
    let f = (m - 1) / (m + 1)
    let f2 = f * f
    var sum = 0.0
    for k in stride(from: 23, through: 1, by: -2) { sum = sum * f2 + 1 / Double(k) }
    return e * 0.693_147_180_559_945_3 + 2 * f * sum
  }

  /// The logistic function 1 / (1 + e^-x).
  /// - Parameter x: any float.
  /// - Returns: sigmoid(x), in [0, 1].
  public static func sigmoid(_ x: Float) -> Float {
    if x.isNaN { return x }
    return Float(1 / (1 + expDouble(-Double(x))))
  }
}
