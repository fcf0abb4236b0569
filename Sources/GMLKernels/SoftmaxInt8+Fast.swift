// GMLKernels/SoftmaxInt8+Fast.swift — int8 Softmax looking each exponential up in the table built at prepare. Must not allocate.

extension SoftmaxInt8 {
  /// The reference's bytes without computing an exponential: a row's
  /// differences `q − max` are integers from −255 to 0, whose exponentials
  /// `exponentials` holds (the reference computes each one twice, about
  /// 200 instructions each on a Cortex-M4), and `accumulatedExponentials`
  /// as the sum adds them.
  ///
  /// - Parameters:
  ///   - input: `outer · depth` elements.
  ///   - output: as many elements.
  public func fast(input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>) {
    assert(
      input.count == outer * depth && output.count == input.count,
      "SoftmaxInt8.fast: element counts differ from the shape")
    exponentials.withUnsafeBufferPointer { table in
      accumulatedExponentials.withUnsafeBufferPointer { accumulated in
        for row in 0..<outer {
          let base = row * depth
          let maximum = Int(rowMaximum(input, base))
          var sumOfExps: Int32 = 0
          // Below the cut-off the entry is 0: it adds nothing to the sum
          // and its output is -128, as the reference's skipped elements.
          for c in 0..<depth { sumOfExps &+= accumulated[maximum - Int(input[base + c])] }
          let (scale, exponent) = Self.reciprocal(sumOfExps)
          assert(scale >= 0, "SoftmaxInt8.fast: a negative reciprocal")
          // Both factors are non-negative, so the reference's doubling high
          // multiply and rounding shift lose their sign cases: each is an
          // add and a shift (same bytes; `testFastMatchesReference`).
          let s = Int64(scale)
          let half: Int64 = exponent > 0 ? 1 << (exponent - 1) : 0
          for c in 0..<depth {
            let high = (s &* Int64(table[maximum - Int(input[base + c])]) &+ (1 << 30)) >> 31
            let q = ((high &+ half) >> Int64(exponent)) &- 128
            output[base + c] = Int8(truncatingIfNeeded: min(max(q, -128), 127))
          }
        }
      }
    }
  }
}
