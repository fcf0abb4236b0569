// GMLKernels/SoftmaxInt8+Reference.swift — portable int8 Softmax in gemmlowp fixed point. Must not allocate.

extension SoftmaxInt8 {
  /// Softmax of each row of `depth` elements. Per row: the maximum `m`; for
  /// each `q` with `q − m ≥ diffMin`, `e = exp((q − m) · multiplier)` from a
  /// Q5.26 argument to Q0.31, summed in Q12.19; the reciprocal of the sum as
  /// Q0.31 and a bit count `b`; each output `e · (1/sum)` shifted right by
  /// `b + 23` (rounding) minus 128, clamped; elements below the cut-off give
  /// -128.
  ///
  /// - Parameters:
  ///   - input: `outer · depth` elements.
  ///   - output: as many elements.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/softmax.h`
  /// (quantized `Softmax<int8_t, int8_t>`).
  public func reference(
    input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>
  ) {
    assert(
      input.count == outer * depth && output.count == input.count,
      "SoftmaxInt8.reference: element counts differ from the shape")
    let scaledDiffIntegerBits = 5
    let accumulationIntegerBits = 12
    for row in 0..<outer {
      let base = row * depth
      var maximum = Int8.min
      for c in 0..<depth { maximum = max(maximum, input[base + c]) }
      var sumOfExps: Int32 = 0
      for c in 0..<depth {
        let diff = Int32(input[base + c]) - Int32(maximum)
        guard diff >= diffMin else { continue }
        let e = GemmlowpFixedPoint.expOnNegativeValues(
          scaled(diff), integerBits: scaledDiffIntegerBits)
        sumOfExps &+= GemmlowpFixedPoint.rescale(e, from: 0, to: accumulationIntegerBits)
      }
      let (scale, bitsOverUnit) = GemmlowpFixedPoint.reciprocal(
        sumOfExps, integerDigits: accumulationIntegerBits)
      let exponent = bitsOverUnit + 31 - 8
      assert(0 <= exponent && exponent <= 31, "SoftmaxInt8.reference: exponent out of range")
      for c in 0..<depth {
        let diff = Int32(input[base + c]) - Int32(maximum)
        guard diff >= diffMin else {
          output[base + c] = Int8.min
          continue
        }
        let e = GemmlowpFixedPoint.expOnNegativeValues(
          scaled(diff), integerBits: scaledDiffIntegerBits)
        let unsaturated = FixedPoint.roundingDivideByPOT(
          FixedPoint.saturatingRoundingDoublingHighMul(scale, e), exponent)
        output[base + c] = Int8(min(max(unsaturated - 128, -128), 127))
      }
    }
  }

  /// `diff · 2^shift · multiplier / 2^31` (MultiplyByQuantizedMultiplierGreaterThanOne);
  /// `diff ≥ diffMin` keeps the shifted value inside `Int32`.
  @inline(__always)
  func scaled(_ diff: Int32) -> Int32 {
    FixedPoint.saturatingRoundingDoublingHighMul(
      diff << inputMultiplier.shift, inputMultiplier.multiplier)
  }
}
