// GMLKernels/ConcatenationInt8+Reference.swift — portable int8 Concatenation, one input per call. Must not allocate.

extension ConcatenationInt8 {
  /// Copies input `index` into its slab of the output, rescaling it when
  /// its quantization differs from the output's, and clamping to `range`.
  /// Call it once for every input.
  ///
  /// - Parameters:
  ///   - input: the values of input `index`.
  ///   - index: the input's position (`0..<axisSizes.count`).
  ///   - output: `outputShape` values.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/concatenation.h`
  /// (`Concatenation`; `ConcatenationWithScaling` for rescaled inputs)
  public func reference(
    input: UnsafeBufferPointer<Int8>, index: Int, output: UnsafeMutableBufferPointer<Int8>
  ) {
    let g = geometry
    let slab = g.axisSizes[index] * g.inner
    let outputSlab = g.outputAxisSize * g.inner
    let start = g.axisOffsets[index] * g.inner
    assert(input.count == g.outer * slab, "ConcatenationInt8: input size")
    let (rescale, scale, bias) = (rescaled[index], scales[index], biases[index])
    if !rescale && range == .full {  // LiteRT's case: a copy
      for o in 0..<g.outer {
        for k in 0..<slab { output[o * outputSlab + start + k] = input[o * slab + k] }
      }
      return
    }
    for o in 0..<g.outer {
      for k in 0..<slab {
        let q = input[o * slab + k]
        let value =
          rescale
          ? QuantizationInt8.roundToInt32(Float(q) * scale + bias) &+ outputZeroPoint
          : Int32(q)
        output[o * outputSlab + start + k] = range.clamp(value)
      }
    }
  }
}
