// GMLKernels/ReshapeInt8+Reference.swift — portable int8 Reshape (a byte copy). Must not allocate.

extension ReshapeInt8 {
  /// Copies the values in order; nothing to do when `output` is `input`.
  ///
  /// - Parameters:
  ///   - input: `elementCount` int8 values.
  ///   - output: `elementCount` int8 values.
  ///
  /// Mirrors: `tensorflow/lite/kernels/reshape.cc` (`Eval`: a `memcpy`)
  public func reference(
    input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>
  ) {
    let n = geometry.elementCount
    assert(input.count == n && output.count == n, "ReshapeInt8: sizes")
    if UnsafeRawPointer(input.baseAddress) == UnsafeRawPointer(output.baseAddress) { return }
    for i in 0..<n { output[i] = input[i] }
  }
}
