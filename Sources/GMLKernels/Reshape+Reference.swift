// GMLKernels/Reshape+Reference.swift — portable Reshape (a copy; float). Must not allocate.

extension Reshape {
  /// Copies the elements in order; nothing to do when `output` is `input`.
  ///
  /// - Parameters:
  ///   - input: `elementCount` elements.
  ///   - output: `elementCount` elements.
  ///
  /// Mirrors: `tensorflow/lite/kernels/reshape.cc` (`Eval`: a `memcpy`)
  public func reference(
    input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>
  ) {
    assert(input.count == elementCount && output.count == elementCount, "Reshape: sizes")
    if UnsafeRawPointer(input.baseAddress) == UnsafeRawPointer(output.baseAddress) { return }
    for i in 0..<elementCount { output[i] = input[i] }
  }
}
