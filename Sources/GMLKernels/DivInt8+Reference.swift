// GMLKernels/DivInt8+Reference.swift — portable int8 DIV: a fixed-point reciprocal per divisor, one requantization. Must not allocate.
import GMLCore

extension DivInt8 {
  /// `output[i] = clamp(zp + q(x / y))` for the offset operands `x`, `y`
  /// at `i`'s broadcast positions, `q` TFLite's fixed-point quotient and
  /// requantization.
  ///
  /// - Parameters:
  ///   - lhs: the dividend's values.
  ///   - rhs: the divisor's values.
  ///   - output: `geometry.outputShape` values.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/div.h`
  /// (`DivElementwise`, `BroadcastDivSlow`).
  public func reference(
    lhs: UnsafeBufferPointer<Int8>, rhs: UnsafeBufferPointer<Int8>,
    output: UnsafeMutableBufferPointer<Int8>
  ) {
    let dims = geometry.outputShape.dims
    for i in 0..<output.count {
      var x =
        lhsOffset + Int32(lhs[Strides.offset(of: i, dims: dims, strides: geometry.lhsStrides)])
      var y =
        rhsOffset + Int32(rhs[Strides.offset(of: i, dims: dims, strides: geometry.rhsStrides)])
      guard y != 0 else {
        output[i] = activationRange.clamp(x == 0 ? outputOffset : x > 0 ? 127 : -128)
        continue
      }
      if y < 0 { (x, y) = (-x, -y) }
      let (reciprocal, reciprocalShift) = GemmlowpFixedPoint.reciprocal(y, integerDigits: 31)
      let headroom = DivInt8.leadingSignBits(x)
      let quotient = FixedPoint.saturatingRoundingDoublingHighMul(x << headroom, reciprocal)
      let rightShift = reciprocalShift + headroom - Int(outputMultiplier.shift)
      let scaled = DivInt8.roundingDivideByPOTAsLiteRT(
        FixedPoint.saturatingRoundingDoublingHighMul(quotient, outputMultiplier.multiplier),
        rightShift)
      output[i] = activationRange.clamp(outputOffset &+ scaled)
    }
  }

  /// gemmlowp's `RoundingDivideByPOT` as LiteRT's 64-bit builds (x86-64,
  /// AArch64) run it, exponents past 31 included, which DIV reaches for a
  /// dividend of ±1 (headroom 31) and C++ leaves undefined: the mask
  /// `(1 << e) − 1` computed in 64 bits and truncated to 32, the shift of
  /// the 32-bit value taken mod 32, as both CPUs do. (The real quotient
  /// would round to 0 there; LiteRT gives about the unshifted product.)
  static func roundingDivideByPOTAsLiteRT(_ x: Int32, _ exponent: Int) -> Int32 {
    if exponent <= 31 { return FixedPoint.roundingDivideByPOT(x, exponent) }
    let mask = Int32(truncatingIfNeeded: (Int64(1) << Int64(exponent & 63)) &- 1)
    let remainder = x & mask
    let threshold = (mask >> 1) + (x < 0 ? 1 : 0)
    return (x >> Int32(exponent & 31)) + (remainder > threshold ? 1 : 0)
  }

  /// The redundant sign bits of `x`: how far it shifts left without
  /// overflow (31 for 0). Mirrors TFLite's `CountLeadingSignBits`.
  static func leadingSignBits(_ x: Int32) -> Int {
    if x >= 0 { return UInt32(x).leadingZeroBitCount - 1 }
    if x == Int32.min { return 0 }
    return (2 &* UInt32(-x) &- 1).leadingZeroBitCount
  }
}
