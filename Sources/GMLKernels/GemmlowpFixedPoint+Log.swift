// GMLKernels/GemmlowpFixedPoint+Log.swift — TFLite's fixed-point log(x) for x ≥ 1, as its int8 LOG_SOFTMAX computes it.

extension GemmlowpFixedPoint {
  /// `log(x)` of a raw value `x ≥ 1` with `inputIntegerBits` integer bits,
  /// as a raw value with `outputIntegerBits`: x split into 2^k · r (r near
  /// 1, two candidate splits, the one nearer), then a rational
  /// approximation of log(r) around 2^-1/4, plus k · log 2, summed with one
  /// integer bit of headroom.
  ///
  /// Mirrors `log_x_for_x_greater_than_or_equal_to_1_impl` in
  /// `tensorflow/lite/kernels/internal/common.h`, step by step (its
  /// constants and its wrapping and saturating additions).
  public static func logAtLeastOne(
    _ x: Int32, inputIntegerBits: Int, outputIntegerBits: Int
  ) -> Int32 {
    let accumulatorBits = outputIntegerBits + 1
    let log2: Int32 = 1_488_522_236
    let sqrtSqrtHalf: Int32 = 1_805_811_301
    let sqrtHalf: Int32 = 1_518_500_250
    let oneQuarter: Int32 = 536_870_912
    let alphaN: Int32 = 117_049_297
    let alphaD: Int32 = 127_690_142
    let alphaI: Int32 = 1_057_819_769
    let alphaF: Int32 = 638_450_708
    let shiftedQuarter = rescale(oneQuarter, from: 0, to: accumulatorBits)

    // x read as Q0.31; the shift to bring it near 1 found by hand.
    let zA = x
    let zAHeadroomPlusOne = UInt32(bitPattern: zA).leadingZeroBitCount
    let rATemp = saturatingRoundingMultiplyByPOT(zA, zAHeadroomPlusOne - 1)
    let rA = saturatingRoundingMultiplyByPOT(mul(rATemp, sqrtHalf), 1)
    let zAPow2Adjusted = saturatingAdd(
      saturatingRoundingMultiplyByPOT(
        Int32(inputIntegerBits - zAHeadroomPlusOne), 31 - accumulatorBits),
      shiftedQuarter)

    // The same with x premultiplied by √½.
    let zB = mul(zA, sqrtHalf)
    let zBHeadroom = UInt32(bitPattern: zB).leadingZeroBitCount - 1
    let rB = saturatingRoundingMultiplyByPOT(zA, zBHeadroom)
    let zBPow2Adjusted = saturatingSubtract(
      saturatingRoundingMultiplyByPOT(Int32(inputIntegerBits - zBHeadroom), 31 - accumulatorBits),
      shiftedQuarter)

    let r = min(rA, rB)
    let zPow2Adjusted = max(zAPow2Adjusted, zBPow2Adjusted)

    let p = roundingHalfSum(r, sqrtSqrtHalf)
    var q = r &- sqrtSqrtHalf
    q = q &+ q
    let commonSquare = mul(q, q)
    let numerator = mul(q, r) &+ mul(mul(q, commonSquare), alphaN)
    let denominatorMinusOne =
      mul(p, alphaI &+ q &+ mul(alphaD, commonSquare)) &+ mul(alphaF, q)
    let reciprocalDenominator = oneOverOnePlusX(denominatorMinusOne)
    let numeratorScaled = rescale(numerator, from: 0, to: accumulatorBits)
    let sum = mul(zPow2Adjusted, log2) &+ mul(numeratorScaled, reciprocalDenominator)
    return rescale(sum, from: accumulatorBits, to: outputIntegerBits)
  }

  /// `a + b` clamped to `Int32`. Mirrors TFLite's `SaturatingAddNonGemmlowp`.
  static func saturatingAdd(_ a: Int32, _ b: Int32) -> Int32 {
    Int32(clamping: Int64(a) + Int64(b))
  }

  /// `a − b` clamped to `Int32`. Mirrors TFLite's `SaturatingSub`.
  static func saturatingSubtract(_ a: Int32, _ b: Int32) -> Int32 {
    Int32(clamping: Int64(a) - Int64(b))
  }
}
