// GMLKernels/PadInt8+Reference.swift — portable int8 Pad with a constant. Must not allocate.

extension PadInt8 {
  /// Fills the output with `value`, then places every input value at its
  /// shifted position.
  ///
  /// - Parameters:
  ///   - input: the input values.
  ///   - output: `outputShape` values.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/pad.h`
  public func reference(
    input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>
  ) {
    let g = geometry
    for o in 0..<output.count { output[o] = value }
    for i in 0..<input.count {
      output[g.origin + Strides.offset(of: i, dims: g.inputDims, strides: g.outputStrides)] =
        input[i]
    }
  }
}
