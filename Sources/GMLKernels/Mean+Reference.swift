// GMLKernels/Mean+Reference.swift — portable reduction over axes (float): mean, sum or maximum. Must not allocate.

extension Mean {
  /// Sums (or keeps the largest of) every input element into its output
  /// position; the mean then divides by the number of elements each output
  /// averages. A maximum over no elements is `-Float.greatestFiniteMagnitude`
  /// (TFLite's `lowest()`).
  ///
  /// - Parameters:
  ///   - input: the input elements.
  ///   - output: `outputShape` elements.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/reduce.h` (`Mean`,
  /// `ReduceGeneric` with `kSum` and `kMax`)
  public func reference(
    input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>
  ) {
    let initial: Float = function == .max ? -.greatestFiniteMagnitude : 0
    for o in 0..<output.count { output[o] = initial }
    for i in 0..<input.count {
      let o = Strides.offset(of: i, dims: inputDims, strides: outputStrides)
      if function == .max {
        output[o] = input[i] > output[o] ? input[i] : output[o]
      } else {
        output[o] += input[i]
      }
    }
    guard function == .mean else { return }
    let scale = Float(reducedCount)
    for o in 0..<output.count { output[o] /= scale }
  }
}
