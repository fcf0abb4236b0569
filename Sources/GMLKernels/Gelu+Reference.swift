// GMLKernels/Gelu+Reference.swift — portable GELU (float). Must not allocate.

extension Gelu {
  /// `output[i] = gelu(input[i])`. `input` and `output` may be the same
  /// memory.
  ///
  /// - Parameters:
  ///   - input: the elements.
  ///   - output: as many elements as `input`.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/gelu.h` (`Gelu`,
  /// float).
  public func reference(
    input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>
  ) {
    assert(input.count == output.count, "Gelu.reference: element counts differ")
    for i in 0..<output.count { output[i] = apply(input[i]) }
  }
}
