// GMLKernels/TransposeConv2DInt8+Reference.swift — portable int8 TRANSPOSE_CONV. Must not allocate.

extension TransposeConv2DInt8 {
  /// `output = clamp(M[oc](bias[oc] + Σ (input + inputOffset) · filter) +
  /// outputOffset)` over the taps of each output pixel. Exact int32 sums
  /// (wrapping as C's), so gathering gives TFLite's scatter's bytes.
  ///
  /// - Parameters:
  ///   - input: the input values.
  ///   - filter: `[outputDepth, filterH, filterW, inputDepth]` values.
  ///   - bias: `outputDepth` int32 values, or empty for none.
  ///   - output: `geometry.outputShape` values.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/integer_ops/transpose_conv.h`.
  public func reference(
    input: UnsafeBufferPointer<Int8>, filter: UnsafeBufferPointer<Int8>,
    bias: UnsafeBufferPointer<Int32>, output: UnsafeMutableBufferPointer<Int8>
  ) {
    let f = geometry.forward
    let (inDepth, outDepth) = (f.outputDepth, f.inputDepth)
    let tapStride = f.filterH * f.filterW * inDepth
    geometry.forEachOutputPixel { o, b, oy, ox in
      for oc in 0..<outDepth {
        var acc: Int32 = geometry.hasBias ? bias[oc] : 0
        geometry.forEachTap(b, oy, ox) { pixel, tap in
          let w = oc * tapStride + tap
          for ic in 0..<inDepth {
            acc &+= (Int32(input[pixel + ic]) &+ inputOffset) &* Int32(filter[w + ic])
          }
        }
        output[o + oc] = range.clamp(multipliers[oc].apply(acc) &+ outputOffset)
      }
    }
  }
}
