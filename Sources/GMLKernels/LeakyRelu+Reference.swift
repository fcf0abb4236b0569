// GMLKernels/LeakyRelu+Reference.swift — portable LeakyRelu (float). Must not allocate.

extension LeakyRelu {
  /// `output[i] = input[i] > 0 ? input[i] : alpha · input[i]`.
  ///
  /// - Parameters:
  ///   - input: the elements.
  ///   - output: as many elements; may be the same memory as `input`.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/leaky_relu.h`
  public func reference(
    input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>
  ) {
    assert(input.count == output.count, "LeakyRelu.reference: element counts differ")
    for i in 0..<output.count {
      let x = input[i]
      output[i] = x > 0 ? x : alpha * x
    }
  }
}
