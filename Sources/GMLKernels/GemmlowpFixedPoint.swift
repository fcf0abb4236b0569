// GMLKernels/GemmlowpFixedPoint.swift — gemmlowp's fixed-point exp and 1/(1+x), as TFLite's int8 softmax uses them.

/// gemmlowp's `FixedPoint<int32_t, IntegerBits>` functions on raw `Int32`
/// values. A raw value `r` with `k` integer bits stands for `r / 2^(31 − k)`;
/// `k` is passed at run time instead of as a template parameter.
///
/// Only the pieces TFLite's reference int8 kernels call are here:
/// `exp_on_negative_values`, `one_over_one_plus_x_for_x_in_0_1`, `Rescale`,
/// `SaturatingRoundingMultiplyByPOT`, `RoundingHalfSum`, TFLite's
/// `GetReciprocal`. Each follows gemmlowp's integer steps exactly, so the
/// results are bit-identical; `exp` is accurate to about 2^-25 and
/// `1/(1+x)` to about 2^-29.
public enum GemmlowpFixedPoint {
  /// `x · 2^exponent`: a saturating left shift for `exponent > 0`, a
  /// rounding right shift (half away from zero) for `exponent < 0`.
  /// Mirrors gemmlowp `SaturatingRoundingMultiplyByPOT`.
  @inline(__always)
  public static func saturatingRoundingMultiplyByPOT(_ x: Int32, _ exponent: Int) -> Int32 {
    if exponent == 0 { return x }
    if exponent < 0 { return FixedPoint.roundingDivideByPOT(x, -exponent) }
    let threshold = Int32((Int64(1) << (31 - exponent)) - 1)
    if x > threshold { return Int32.max }
    if x < -threshold { return Int32.min }
    return x << Int32(exponent)
  }

  /// Converts a raw value from `from` integer bits to `to` integer bits.
  /// Mirrors gemmlowp `Rescale`.
  @inline(__always)
  public static func rescale(_ x: Int32, from: Int, to: Int) -> Int32 {
    saturatingRoundingMultiplyByPOT(x, from - to)
  }

  /// `(a + b) / 2` rounded half away from zero. Mirrors gemmlowp `RoundingHalfSum`.
  @inline(__always)
  public static func roundingHalfSum(_ a: Int32, _ b: Int32) -> Int32 {
    let sum = Int64(a) &+ Int64(b)
    return Int32(truncatingIfNeeded: (sum &+ (sum >= 0 ? 1 : -1)) / 2)
  }

  /// The fixed-point product (integer bits add up).
  @inline(__always)
  static func mul(_ a: Int32, _ b: Int32) -> Int32 {
    FixedPoint.saturatingRoundingDoublingHighMul(a, b)
  }

  /// `exp(a)` for `a` in [-1/4, 0), both with 0 integer bits: a Taylor
  /// expansion around -1/8.
  /// Mirrors gemmlowp `exp_on_interval_between_negative_one_quarter_and_0_excl`.
  static func expOnIntervalNegativeQuarterTo0(_ a: Int32) -> Int32 {
    let constantTerm: Int32 = 1_895_147_668  // exp(-1/8)
    let oneThird: Int32 = 715_827_883
    let x = a &+ (1 << 28)
    let x2 = mul(x, x)
    let x3 = mul(x2, x)
    let x4 = mul(x2, x2)
    let x4Over4 = saturatingRoundingMultiplyByPOT(x4, -2)
    let tail = saturatingRoundingMultiplyByPOT(mul(x4Over4 &+ x3, oneThird) &+ x2, -1)
    return constantTerm &+ mul(constantTerm, x &+ tail)
  }

  /// `exp(a)` for `a ≤ 0` with `integerBits` integer bits; the result has 0
  /// integer bits (`Int32.max` stands for 1).
  /// Mirrors gemmlowp `exp_on_negative_values`.
  public static func expOnNegativeValues(_ a: Int32, integerBits: Int) -> Int32 {
    let fractionalBits = 31 - integerBits
    let oneQuarter = Int32(1) << Int32(fractionalBits - 2)
    let aModQuarterMinusQuarter = (a & (oneQuarter - 1)) &- oneQuarter
    var result = expOnIntervalNegativeQuarterTo0(
      rescale(aModQuarterMinusQuarter, from: integerBits, to: 0))
    let remainder = aModQuarterMinusQuarter &- a
    // One multiply by exp(-2^e) per set bit of the remainder.
    for exponent in -2...4 where integerBits > exponent {
      let bit = Int32(1) << Int32(fractionalBits + exponent)
      if remainder & bit != 0 { result = mul(result, expOfMinusPowerOfTwo(exponent)) }
    }
    if integerBits > 5 {
      let clamp = -(Int32(1) << Int32(36 - integerBits))  // -32
      if a < clamp { result = 0 }
    }
    return a == 0 ? Int32.max : result
  }

  /// `exp(-2^exponent)` in Q0.31, for `exponent` in -2...4 (gemmlowp's
  /// barrel-shifter constants).
  @inline(__always)
  static func expOfMinusPowerOfTwo(_ exponent: Int) -> Int32 {
    switch exponent {
    case -2: return 1_672_461_947
    case -1: return 1_302_514_674
    case 0: return 790_015_084
    case 1: return 290_630_308
    case 2: return 39_332_535
    case 3: return 720_401
    default: return 242
    }
  }

  /// `1 / (1 + a)` for `a` in [0, 1), both with 0 integer bits: three
  /// Newton–Raphson steps from the 48/17 − 32/17·d estimate.
  /// Mirrors gemmlowp `one_over_one_plus_x_for_x_in_0_1`.
  public static func oneOverOnePlusX(_ a: Int32) -> Int32 {
    let halfDenominator = roundingHalfSum(a, Int32.max)
    let constant48Over17: Int32 = 1_515_870_810  // Q2.29
    let constantMinus32Over17: Int32 = -1_010_580_540  // Q2.29
    let oneQ2: Int32 = 1 << 29
    var x = constant48Over17 &+ mul(halfDenominator, constantMinus32Over17)
    for _ in 0..<3 {
      let oneMinusHalfDenominatorTimesX = oneQ2 &- mul(halfDenominator, x)
      x = x &+ rescale(mul(x, oneMinusHalfDenominatorTimesX), from: 4, to: 2)
    }
    // x / 2 in Q2.29 is x read as Q1.30; rescale that to Q0.31.
    return rescale(x, from: 1, to: 0)
  }

  /// `1 / x` for a positive `x` with `integerDigits` integer bits, as a Q0.31
  /// value `s` and a count `b` with `1/x = s · 2^-b`.
  /// Mirrors `GetReciprocal` in `tensorflow/lite/kernels/internal/common.h`.
  public static func reciprocal(
    _ x: Int32, integerDigits: Int
  ) -> (scale: Int32, bitsOverUnit: Int) {
    let headroomPlusOne = UInt32(bitPattern: x).leadingZeroBitCount
    let shifted = UInt32(bitPattern: x) << UInt32(headroomPlusOne)
    let shiftedMinusOne = Int32(bitPattern: shifted &- (UInt32(1) << 31))
    return (oneOverOnePlusX(shiftedMinusOne), integerDigits - headroomPlusOne)
  }

  /// 1/√input as a multiplier and a shift (positive: left), for
  /// `QuantizedMultiplier.apply`: five Newton–Raphson steps on the input
  /// normalised into [2^27, 2^29), with 3 integer bits, then times √2/2.
  /// Inputs 0 and 1 give `Int32.max` and shift 0.
  ///
  /// Mirrors TFLite's `GetInvSqrtQuantizedMultiplierExp(input,
  /// kReverseShift)` (`tensorflow/lite/kernels/internal/common.h`).
  public static func inverseSquareRoot(_ input: Int32) -> QuantizedMultiplier {
    if input <= 1 { return QuantizedMultiplier(multiplier: Int32.max, shift: 0) }
    var x = input
    var rightShift: Int32 = 11
    while x >= 1 << 29 {
      x /= 4
      rightShift += 1
    }
    let pairs = Int32((UInt32(x).leadingZeroBitCount - 1) / 2 - 1)
    rightShift -= pairs
    x <<= 2 * pairs
    let halfInput = saturatingRoundingMultiplyByPOT(x >> 1, -1)
    let halfThree: Int32 = (1 << 28) + (1 << 27)
    var y: Int32 = 1 << 28
    for _ in 0..<5 {
      let cube = rescale(mul(mul(y, y), y), from: 9, to: 3)
      y = rescale(mul(halfThree, y) &- mul(halfInput, cube), from: 6, to: 3)
    }
    y = mul(y, 1_518_500_250)
    if rightShift < 0 {
      y = y &<< -rightShift
      rightShift = 0
    }
    return QuantizedMultiplier(multiplier: y, shift: -rightShift)
  }
}
