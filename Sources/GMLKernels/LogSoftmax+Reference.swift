// GMLKernels/LogSoftmax+Reference.swift — portable LOG_SOFTMAX (float). Must not allocate.

extension LogSoftmax {
  /// Per row of `depth` elements: the maximum `m`, `s = Σ exp(x − m)`,
  /// then `x − m − log(s)`.
  ///
  /// - Parameters:
  ///   - input: `outer · depth` elements.
  ///   - output: as many elements (may be `input`'s memory).
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/log_softmax.h`
  /// (float).
  public func reference(
    input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>
  ) {
    assert(input.count == outer * depth && output.count == input.count, "LogSoftmax: sizes")
    for row in 0..<outer {
      let base = row * depth
      var maximum = -Float.greatestFiniteMagnitude
      for c in 0..<depth { maximum = max(maximum, input[base + c]) }
      var sum: Float = 0
      for c in 0..<depth { sum += KernelMath.exp(input[base + c] - maximum) }
      let logSum = KernelMath.log(sum)
      for c in 0..<depth { output[base + c] = input[base + c] - maximum - logSum }
    }
  }
}
