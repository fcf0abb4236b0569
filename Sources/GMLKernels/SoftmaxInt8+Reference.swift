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
    for row in 0..<outer {
      let base = row * depth
      let maximum = rowMaximum(input, base)
      var sumOfExps: Int32 = 0
      for c in 0..<depth {
        let diff = Int32(input[base + c]) - Int32(maximum)
        guard diff >= diffMin else { continue }
        sumOfExps &+= Self.accumulated(exponential(diff))
      }
      let reciprocal = Self.reciprocal(sumOfExps)
      for c in 0..<depth {
        let diff = Int32(input[base + c]) - Int32(maximum)
        guard diff >= diffMin else {
          output[base + c] = Int8.min
          continue
        }
        output[base + c] = Self.output(exponential(diff), reciprocal)
      }
    }
  }

  /// The largest of the row's `depth` elements from `base`.
  @inline(__always)
  func rowMaximum(_ input: UnsafeBufferPointer<Int8>, _ base: Int) -> Int8 {
    var maximum = Int8.min
    for c in 0..<depth { maximum = max(maximum, input[base + c]) }
    return maximum
  }

  /// `exp` of a difference `q − m ≥ diffMin`, scaled to Q5.26, as Q0.31.
  @inline(__always)
  func exponential(_ diff: Int32) -> Int32 {
    GemmlowpFixedPoint.expOnNegativeValues(scaled(diff), integerBits: 5)
  }

  /// A Q0.31 exponential as the Q12.19 sum takes it.
  @inline(__always)
  static func accumulated(_ e: Int32) -> Int32 {
    GemmlowpFixedPoint.rescale(e, from: 0, to: 12)
  }

  /// `1 / sum` of a Q12.19 sum: a Q0.31 scale and the right shift
  /// (`bitsOverUnit + 23`) that turns `e · scale` into 1/256 steps.
  @inline(__always)
  static func reciprocal(_ sumOfExps: Int32) -> (scale: Int32, exponent: Int) {
    let (scale, bitsOverUnit) = GemmlowpFixedPoint.reciprocal(sumOfExps, integerDigits: 12)
    let exponent = bitsOverUnit + 31 - 8
    assert(0 <= exponent && exponent <= 31, "SoftmaxInt8: exponent out of range")
    return (scale, exponent)
  }

  /// The output of an element whose exponential is `e`.
  @inline(__always)
  static func output(_ e: Int32, _ reciprocal: (scale: Int32, exponent: Int)) -> Int8 {
    let unsaturated = FixedPoint.roundingDivideByPOT(
      FixedPoint.saturatingRoundingDoublingHighMul(reciprocal.scale, e), reciprocal.exponent)
    return Int8(min(max(unsaturated - 128, -128), 127))
  }

  /// `diff · 2^shift · multiplier / 2^31` (MultiplyByQuantizedMultiplierGreaterThanOne);
  /// `diff ≥ diffMin` keeps the shifted value inside `Int32`.
  @inline(__always)
  func scaled(_ diff: Int32) -> Int32 {
    FixedPoint.saturatingRoundingDoublingHighMul(
      diff << inputMultiplier.shift, inputMultiplier.multiplier)
  }
}
