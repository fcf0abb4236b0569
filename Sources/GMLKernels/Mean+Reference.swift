// GMLKernels/Mean+Reference.swift — portable Mean over axes (float). Must not allocate.

extension Mean {
  /// Sums every input element into its output position, then divides by
  /// the number of elements each output averages.
  ///
  /// - Parameters:
  ///   - input: the input elements.
  ///   - output: `outputShape` elements.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/reduce.h` (`Mean`)
  public func reference(
    input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>
  ) {
    for o in 0..<output.count { output[o] = 0 }
    for i in 0..<input.count {
      output[Strides.offset(of: i, dims: inputDims, strides: outputStrides)] += input[i]
    }
    let scale = Float(reducedCount)
    for o in 0..<output.count { output[o] /= scale }
  }
}
