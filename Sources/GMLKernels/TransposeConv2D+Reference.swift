// GMLKernels/TransposeConv2D+Reference.swift — portable TRANSPOSE_CONV (float). Must not allocate.

extension TransposeConv2D {
  /// `output[b, oy, ox, oc] = act(bias[oc] + Σ input[b, iy, ix, ic] ·
  /// filter[oc, ky, kx, ic])` over the taps with `oy = iy · strideH − padTop
  /// + ky` (and likewise in x).
  ///
  /// - Parameters:
  ///   - input: `[b, inputH, inputW, inputDepth]` elements.
  ///   - filter: `[outputDepth, filterH, filterW, inputDepth]` elements.
  ///   - bias: `outputDepth` elements, or empty for none.
  ///   - output: `outputShape` elements.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/transpose_conv.h`
  /// (float), gathering where it scatters: the sums are in another order.
  public func reference(
    input: UnsafeBufferPointer<Float>, filter: UnsafeBufferPointer<Float>,
    bias: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>
  ) {
    let f = forward
    let (inDepth, outDepth) = (f.outputDepth, f.inputDepth)
    let tapStride = f.filterH * f.filterW * inDepth
    forEachOutputPixel { o, b, oy, ox in
      for oc in 0..<outDepth {
        var acc: Float = hasBias ? bias[oc] : 0
        forEachTap(b, oy, ox) { pixel, tap in
          let w = oc * tapStride + tap
          for ic in 0..<inDepth { acc += input[pixel + ic] * filter[w + ic] }
        }
        output[o + oc] = activation.apply(acc)
      }
    }
  }
}
