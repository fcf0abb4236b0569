// GMLKernels/Concatenation+Reference.swift — portable Concatenation (float), one input per call. Must not allocate.

extension Concatenation {
  /// Copies input `index` into its slab of the output. Call it for every
  /// input, then `finish(output:)` for the fused activation. One call per
  /// input keeps the caller from building an array of buffers at invoke.
  ///
  /// - Parameters:
  ///   - input: the elements of input `index`.
  ///   - index: the input's position (`0..<axisSizes.count`).
  ///   - output: `outputShape` elements.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/concatenation.h`
  public func reference(
    input: UnsafeBufferPointer<Float>, index: Int, output: UnsafeMutableBufferPointer<Float>
  ) {
    let slab = axisSizes[index] * inner
    let outputSlab = outputAxisSize * inner
    let start = axisOffsets[index] * inner
    assert(input.count == outer * slab, "Concatenation: input size")
    for o in 0..<outer {
      for k in 0..<slab { output[o * outputSlab + start + k] = input[o * slab + k] }
    }
  }

  /// Applies the fused activation once every input is copied.
  /// - Parameter output: `outputShape` elements.
  public func finish(output: UnsafeMutableBufferPointer<Float>) {
    activation.apply(to: output)
  }
}
