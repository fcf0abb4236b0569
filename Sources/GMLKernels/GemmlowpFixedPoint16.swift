// GMLKernels/GemmlowpFixedPoint16.swift — gemmlowp's fixed-point logistic and tanh on int16, as TFLite's integer LSTM uses them.

/// gemmlowp's `FixedPoint<int16_t, IntegerBits>` logistic and tanh on raw
/// `Int16` values. A raw value `r` with `k` integer bits stands for
/// `r / 2^(15 − k)`; `k` is passed at run time instead of as a template
/// parameter.
///
/// The int16 instantiation differs from the int32 one
/// (`GemmlowpFixedPoint`) in more than width: C++ adds and negates int16
/// values in `int` and truncates the result back (so they wrap: `wrap`
/// here), the final add of the exp series saturates, and every constant is
/// the int32 one rounded by 2^16 (`RescaleConstantInitializer`; the
/// literals below are those results). TFLite's integer LSTM
/// (`PortableApplySigmoid`, `PortableApplyTanh`) calls `logistic` on Q3.12
/// gates and `tanh` on Q3.12 gates and on the cell state.
///
/// The steps work on int16 values held in `Int32`, without branches (each
/// `?:` a select), so that a loop over a vector of gates vectorizes.
public enum GemmlowpFixedPoint16 {
  /// `1 / (1 + exp(−x))` of a raw value with `integerBits` (0...6)
  /// integer bits, as Q0.15. Mirrors gemmlowp `logistic`.
  @inline(__always)
  public static func logistic(_ a: Int16, integerBits: Int) -> Int16 {
    let x = Int32(a)
    let magnitude = wrap(x > 0 ? x : 0 &- x)
    let positive = oneOverOnePlusX(expOnNegativeValues(wrap(0 &- magnitude), integerBits))
    let result = x == 0 ? 16384 : (x > 0 ? positive : wrap(32767 &- positive))
    return Int16(truncatingIfNeeded: result)
  }

  /// `tanh(x)` of a raw value with `integerBits` (0...6) integer bits, as
  /// Q0.15. Mirrors gemmlowp `tanh`.
  @inline(__always)
  public static func tanh(_ a: Int16, integerBits: Int) -> Int16 {
    let x = Int32(a)
    let negative = x < 0 ? x : wrap(0 &- x)
    // exp(2·n): the same raw value read with one more integer bit.
    let t = oneMinusXOverOnePlusX(expOnNegativeValues(negative, integerBits + 1))
    let result = x == 0 ? 0 : (x < 0 ? wrap(0 &- t) : t)
    return Int16(truncatingIfNeeded: result)
  }

  /// `x` truncated to int16 and sign-extended back, as C++ stores an
  /// `int` result in an `int16_t`.
  @inline(__always)
  static func wrap(_ x: Int32) -> Int32 { (x &<< 16) &>> 16 }

  /// The fixed-point product of two int16 values. Mirrors gemmlowp
  /// `SaturatingRoundingDoublingHighMul<int16_t>`: the product nudged by
  /// ±2^14, divided by 2^15 truncating toward zero; −1 × −1 saturates.
  @inline(__always)
  static func mul(_ a: Int32, _ b: Int32) -> Int32 {
    let ab = a &* b
    let nudged = ab &+ (ab >= 0 ? 16384 : -16383)
    let quotient = (nudged &+ (nudged < 0 ? 32767 : 0)) &>> 15
    return a == -32768 && b == -32768 ? 32767 : quotient
  }

  /// `x / 2^exponent` rounded half away from zero. Mirrors gemmlowp
  /// `RoundingDivideByPOT` (the same on int16 as on its sign extension).
  @inline(__always)
  static func roundingDivideByPOT(_ x: Int32, _ exponent: Int32) -> Int32 {
    let mask = (Int32(1) &<< exponent) &- 1
    let threshold = (mask &>> 1) &+ (x < 0 ? 1 : 0)
    return (x &>> exponent) &+ ((x & mask) > threshold ? 1 : 0)
  }

  /// `x · 2^exponent` saturated to int16 (`exponent` 0...14). Mirrors
  /// gemmlowp `SaturatingRoundingMultiplyByPOT` for a positive exponent.
  @inline(__always)
  static func saturatingLeftShift(_ x: Int32, _ exponent: Int32) -> Int32 {
    let threshold = (Int32(1) &<< (15 &- exponent)) &- 1
    return x > threshold ? 32767 : (x < 0 &- threshold ? -32768 : x &<< exponent)
  }

  /// `exp(a)` for `a` in [-1/4, 0), Q0.15 in and out: a Taylor expansion
  /// around -1/8 (constants exp(−1/8) = 28918 and 1/3 = 10923).
  /// Mirrors gemmlowp `exp_on_interval_between_negative_one_quarter_and_0_excl`.
  @inline(__always)
  static func expOnIntervalNegativeQuarterTo0(_ a: Int32) -> Int32 {
    let x = wrap(a &+ 4096)
    let x2 = mul(x, x)
    let x3 = mul(x2, x)
    let x4 = mul(x2, x2)
    let x4Over4 = roundingDivideByPOT(x4, 2)
    let tail = roundingDivideByPOT(wrap(mul(wrap(x4Over4 &+ x3), 10923) &+ x2), 1)
    let sum = 28918 &+ mul(28918, wrap(x &+ tail))
    return min(max(sum, -32768), 32767)
  }

  /// `exp(a)` for `a ≤ 0` with `integerBits` integer bits, as Q0.15: the
  /// series on `a` mod 1/4, then one multiply by exp(−2^e) per set bit
  /// of the rest. Mirrors gemmlowp `exp_on_negative_values`.
  @inline(__always)
  static func expOnNegativeValues(_ a: Int32, _ integerBits: Int) -> Int32 {
    let k = Int32(integerBits)
    let fractionalBits = 15 &- k
    let oneQuarter = Int32(1) &<< (fractionalBits &- 2)
    let aModQuarterMinusQuarter = wrap((a & (oneQuarter &- 1)) &- oneQuarter)
    var result = expOnIntervalNegativeQuarterTo0(
      saturatingLeftShift(aModQuarterMinusQuarter, k))
    let remainder = wrap(aModQuarterMinusQuarter &- a)
    // exp(−2^e) for e = −2...4, rounded to Q0.15 (the last is 0).
    func step(_ e: Int32, _ multiplier: Int32) {
      if k > e {
        let bit = Int32(1) &<< (fractionalBits &+ e)
        result = remainder & bit != 0 ? mul(result, multiplier) : result
      }
    }
    step(-2, 25520)
    step(-1, 19875)
    step(0, 12055)
    step(1, 4435)
    step(2, 600)
    step(3, 11)
    step(4, 0)
    if k > 5 {
      // Below −32 the result is 0: −2^(36−k) rounded to int16.
      result = a < (k == 6 ? -16384 : -8192) ? 0 : result
    }
    return a == 0 ? 32767 : result
  }

  /// Three Newton–Raphson steps towards `1 / (1 + a)` for `a` in [0, 1)
  /// (Q0.15), from the 48/17 − 32/17·d estimate (23130 and −15420 in
  /// Q2.13); Q2.13 result.
  @inline(__always)
  static func newtonReciprocal(_ a: Int32) -> Int32 {
    let sum = a &+ 32767
    let halfDenominator = (sum &+ (sum >= 0 ? 1 : -1)) / 2
    var x = wrap(23130 &+ mul(halfDenominator, -15420))
    for _ in 0..<3 {
      let oneMinusHalfDenominatorTimesX = wrap(8192 &- mul(halfDenominator, x))
      x = wrap(x &+ saturatingLeftShift(mul(x, oneMinusHalfDenominatorTimesX), 2))
    }
    return x
  }

  /// `1 / (1 + a)` for `a` in [0, 1), Q0.15 in and out.
  /// Mirrors gemmlowp `one_over_one_plus_x_for_x_in_0_1`.
  @inline(__always)
  static func oneOverOnePlusX(_ a: Int32) -> Int32 {
    // x / 2 in Q2.13 is x read as Q1.14; rescale that to Q0.15.
    saturatingLeftShift(newtonReciprocal(a), 1)
  }

  /// `(1 − a) / (1 + a)` for `a` in [0, 1), Q0.15 in and out.
  /// Mirrors gemmlowp `one_minus_x_over_one_plus_x_for_x_in_0_1`.
  @inline(__always)
  static func oneMinusXOverOnePlusX(_ a: Int32) -> Int32 {
    saturatingLeftShift(wrap(newtonReciprocal(a) &- 8192), 2)
  }
}
