// GMLKernels/Pad+Reference.swift — portable Pad with a constant (float). Must not allocate.

extension Pad {
  /// Fills the output with `value`, then places every input element at its
  /// shifted position.
  ///
  /// - Parameters:
  ///   - input: the input elements.
  ///   - output: `outputShape` elements.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/pad.h`
  public func reference(
    input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>
  ) {
    for o in 0..<output.count { output[o] = value }
    for i in 0..<input.count {
      output[origin + Strides.offset(of: i, dims: inputDims, strides: outputStrides)] = input[i]
    }
  }
}
