// GMLKernels/Softmax+Reference.swift — portable Softmax (float, any axis). Must not allocate.

extension Softmax {
  /// Softmax along the axis; the maximum is subtracted first so large
  /// inputs do not overflow `exp`.
  ///
  /// - Parameters:
  ///   - input: `outer·axisSize·inner` elements.
  ///   - output: as many elements.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/softmax.h`
  public func reference(
    input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>
  ) {
    assert(input.count == output.count, "Softmax.reference: element counts differ")
    for o in 0..<outer {
      for i in 0..<inner {
        let base = o * axisSize * inner + i
        var maximum = -Float.infinity
        for k in 0..<axisSize { maximum = max(maximum, input[base + k * inner]) }
        var sum: Float = 0
        for k in 0..<axisSize {
          let e = KernelMath.exp((input[base + k * inner] - maximum) * beta)
          output[base + k * inner] = e
          sum += e
        }
        for k in 0..<axisSize { output[base + k * inner] /= sum }
      }
    }
  }
}
