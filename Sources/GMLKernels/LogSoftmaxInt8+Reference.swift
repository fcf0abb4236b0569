// GMLKernels/LogSoftmaxInt8+Reference.swift — portable int8 LOG_SOFTMAX in gemmlowp fixed point. Must not allocate.

extension LogSoftmaxInt8 {
  /// Per row: the maximum `m`; the Q12.19 sum of `exp(q − m)` over the
  /// differences at or above `diffMin`; its log in Q5.26 (`L`); the
  /// cut-off `max(diffMin − 1, reverse(L − 2^31))`; each output above it
  /// `((q − m) in Q5.26 − L) / 2^22` (rounding) + 127, clamped; −128 at or
  /// below it.
  ///
  /// - Parameters:
  ///   - input: `outer · depth` elements.
  ///   - output: as many elements (not `input`'s memory).
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/integer_ops/log_softmax.h`.
  public func reference(input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>)
  {
    let g = geometry
    assert(input.count == g.outer * g.depth && output.count == input.count, "LogSoftmaxInt8")
    exponentials.withUnsafeBufferPointer { table in
      for row in 0..<g.outer {
        let base = row * g.depth
        var maximum = Int32(Int8.min)
        for c in 0..<g.depth { maximum = max(maximum, Int32(input[base + c])) }
        var sumOfExps: Int32 = 0
        for c in 0..<g.depth {
          // Below diffMin the table holds 0: the reference skips those.
          sumOfExps &+= GemmlowpFixedPoint.rescale(
            table[Int(maximum - Int32(input[base + c]))], from: 0, to: 12)
        }
        let logSum = GemmlowpFixedPoint.logAtLeastOne(
          sumOfExps, inputIntegerBits: 12, outputIntegerBits: 5)
        let cutOff = max(diffMin - 1, reverseMultiplier.apply(logSum &+ Int32.min))
        for c in 0..<g.depth {
          let diff = Int32(input[base + c]) - maximum
          guard diff > cutOff else {
            output[base + c] = Int8.min
            continue
          }
          let scaled = inputMultiplier.apply(diff)
          let q = FixedPoint.roundingDivideByPOT(scaled &- logSum, 22) &+ 127
          output[base + c] = Int8(min(max(q, -128), 127))
        }
      }
    }
  }
}
