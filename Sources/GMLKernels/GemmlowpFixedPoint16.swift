// GMLKernels/GemmlowpFixedPoint16.swift — gemmlowp's fixed-point logistic and tanh on int16, as TFLite's integer LSTM uses them.

/// gemmlowp's `FixedPoint<int16_t, IntegerBits>` logistic and tanh on raw
/// `Int16` values. A raw value `r` with `k` integer bits stands for
/// `r / 2^(15 − k)`; `k` is passed at run time instead of as a template
/// parameter.
///
/// The int16 instantiation differs from the int32 one
/// (`GemmlowpFixedPoint`) in more than width: C++ adds and negates int16
/// values in `int` and truncates the result back (so they wrap, spelled
/// `&+`, `&-` here), the final add of the exp series saturates, and every
/// constant is the int32 one rounded by 2^16. TFLite's integer LSTM
/// (`PortableApplySigmoid`, `PortableApplyTanh`) calls `logistic` on
/// Q3.12 gates and `tanh` on Q3.12 gates and on the cell state.
public enum GemmlowpFixedPoint16 {
  /// `1 / (1 + exp(−x))` of a raw value with `integerBits` integer bits,
  /// as Q0.15. Mirrors gemmlowp `logistic`.
  public static func logistic(_ a: Int16, integerBits: Int) -> Int16 {
    if a == 0 { return constant(1 << 30) }
    let magnitude = a > 0 ? a : 0 &- a
    let positive = oneOverOnePlusX(expOnNegativeValues(0 &- magnitude, integerBits: integerBits))
    return a > 0 ? positive : Int16.max &- positive
  }

  /// `tanh(x)` of a raw value with `integerBits` integer bits, as Q0.15.
  /// Mirrors gemmlowp `tanh`.
  public static func tanh(_ a: Int16, integerBits: Int) -> Int16 {
    if a == 0 { return 0 }
    let negative = a < 0 ? a : 0 &- a
    // exp(2·n): the same raw value read with one more integer bit.
    let t = oneMinusXOverOnePlusX(expOnNegativeValues(negative, integerBits: integerBits + 1))
    return a < 0 ? 0 &- t : t
  }

  /// A constant given as gemmlowp gives it, a Q0.31 (or Qk.(31−k)) raw
  /// value, rounded to 16 bits. Mirrors `RescaleConstantInitializer`.
  @inline(__always)
  static func constant(_ raw32: Int32) -> Int16 {
    Int16(truncatingIfNeeded: FixedPoint.roundingDivideByPOT(raw32, 16))
  }

  /// The fixed-point product. Mirrors gemmlowp
  /// `SaturatingRoundingDoublingHighMul<int16_t>`.
  @inline(__always)
  static func mul(_ a: Int16, _ b: Int16) -> Int16 {
    if a == b && a == Int16.min { return Int16.max }
    let ab = Int32(a) * Int32(b)
    let nudge: Int32 = ab >= 0 ? (1 << 14) : (1 - (1 << 14))
    return Int16(truncatingIfNeeded: (ab + nudge) / (1 << 15))
  }

  /// `x / 2^exponent` rounded half away from zero (`exponent` ≤ 15).
  @inline(__always)
  static func roundingDivideByPOT(_ x: Int16, _ exponent: Int) -> Int16 {
    Int16(truncatingIfNeeded: FixedPoint.roundingDivideByPOT(Int32(x), exponent))
  }

  /// Converts a raw value from `from` to `to` integer bits: a saturating
  /// left shift or a rounding right shift. Mirrors gemmlowp `Rescale`.
  @inline(__always)
  static func rescale(_ x: Int16, from: Int, to: Int) -> Int16 {
    let exponent = from - to
    if exponent < 0 { return roundingDivideByPOT(x, -exponent) }
    if exponent == 0 { return x }
    let threshold = (Int32(1) << Int32(15 - exponent)) - 1
    if Int32(x) > threshold { return Int16.max }
    if Int32(x) < -threshold { return Int16.min }
    return Int16(truncatingIfNeeded: Int32(x) << Int32(exponent))
  }

  /// `exp(a)` for `a` in [-1/4, 0), Q0.15 in and out.
  /// Mirrors gemmlowp `exp_on_interval_between_negative_one_quarter_and_0_excl`.
  static func expOnIntervalNegativeQuarterTo0(_ a: Int16) -> Int16 {
    let constantTerm = constant(1_895_147_668)  // exp(-1/8)
    let oneThird = constant(715_827_883)
    let x = a &+ (1 << 12)
    let x2 = mul(x, x)
    let x3 = mul(x2, x)
    let x4 = mul(x2, x2)
    let x4Over4 = roundingDivideByPOT(x4, 2)
    let tail = roundingDivideByPOT(mul(x4Over4 &+ x3, oneThird) &+ x2, 1)
    let sum = Int32(constantTerm) + Int32(mul(constantTerm, x &+ tail))
    return Int16(min(max(sum, Int32(Int16.min)), Int32(Int16.max)))
  }

  /// `exp(a)` for `a ≤ 0` with `integerBits` integer bits, as Q0.15.
  /// Mirrors gemmlowp `exp_on_negative_values`.
  static func expOnNegativeValues(_ a: Int16, integerBits: Int) -> Int16 {
    let fractionalBits = 15 - integerBits
    let oneQuarter = Int16(1) << Int16(fractionalBits - 2)
    let aModQuarterMinusQuarter = (a & (oneQuarter &- 1)) &- oneQuarter
    var result = expOnIntervalNegativeQuarterTo0(
      rescale(aModQuarterMinusQuarter, from: integerBits, to: 0))
    let remainder = aModQuarterMinusQuarter &- a
    for exponent in -2...4 where integerBits > exponent {
      let bit = Int16(truncatingIfNeeded: Int32(1) << Int32(fractionalBits + exponent))
      if remainder & bit != 0 {
        result = mul(result, constant(GemmlowpFixedPoint.expOfMinusPowerOfTwo(exponent)))
      }
    }
    if integerBits > 5, a < constant(-(Int32(1) << Int32(36 - integerBits))) { result = 0 }
    return a == 0 ? Int16.max : result
  }

  /// Three Newton–Raphson steps towards `1 / (1 + a)` for `a` in [0, 1)
  /// (Q0.15), from the 48/17 − 32/17·d estimate; Q2.13 result.
  static func newtonReciprocal(_ a: Int16) -> Int16 {
    let sum = Int32(a) + Int32(Int16.max)
    let halfDenominator = Int16(truncatingIfNeeded: (sum + (sum >= 0 ? 1 : -1)) / 2)
    let oneQ2: Int16 = 1 << 13
    var x = constant(1_515_870_810) &+ mul(halfDenominator, constant(-1_010_580_540))
    for _ in 0..<3 {
      let oneMinusHalfDenominatorTimesX = oneQ2 &- mul(halfDenominator, x)
      x = x &+ rescale(mul(x, oneMinusHalfDenominatorTimesX), from: 4, to: 2)
    }
    return x
  }

  /// `1 / (1 + a)` for `a` in [0, 1), Q0.15 in and out.
  /// Mirrors gemmlowp `one_over_one_plus_x_for_x_in_0_1`.
  static func oneOverOnePlusX(_ a: Int16) -> Int16 {
    // x / 2 in Q2.13 is x read as Q1.14; rescale that to Q0.15.
    rescale(newtonReciprocal(a), from: 1, to: 0)
  }

  /// `(1 − a) / (1 + a)` for `a` in [0, 1), Q0.15 in and out.
  /// Mirrors gemmlowp `one_minus_x_over_one_plus_x_for_x_in_0_1`.
  static func oneMinusXOverOnePlusX(_ a: Int16) -> Int16 {
    rescale(newtonReciprocal(a) &- (1 << 13), from: 2, to: 0)
  }
}
