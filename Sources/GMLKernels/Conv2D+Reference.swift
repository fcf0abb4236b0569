// GMLKernels/Conv2D+Reference.swift — portable Conv2D (float). Must not allocate.

extension Conv2D {
  /// The convolution in plain loops: for each output element, the sum over
  /// the filter window (positions in the padding count as zero), plus the
  /// bias, through the fused activation.
  ///
  /// - Parameters:
  ///   - input: `batches·inputH·inputW·inputDepth` elements, NHWC.
  ///   - filter: `outputDepth·filterH·filterW·filterDepth` elements.
  ///   - bias: `outputDepth` elements, or empty when `hasBias` is false.
  ///   - output: `outputShape` elements, NHWC.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/conv.h`
  public func reference(
    input: UnsafeBufferPointer<Float>, filter: UnsafeBufferPointer<Float>,
    bias: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>
  ) {
    assert(output.count == batches * outputH * outputW * outputDepth, "Conv2D: output size")
    assert(!hasBias || bias.count == outputDepth, "Conv2D: bias size")
    for b in 0..<batches {
      for oy in 0..<outputH {
        let originY = oy * strideH - padding.top
        for ox in 0..<outputW {
          let originX = ox * strideW - padding.left
          for oc in 0..<outputDepth {
            let first = firstInputChannel(oc)
            var total: Float = 0
            for ky in 0..<filterH {
              let iy = originY + ky * dilationH
              if iy < 0 || iy >= inputH { continue }
              for kx in 0..<filterW {
                let ix = originX + kx * dilationW
                if ix < 0 || ix >= inputW { continue }
                let inBase = ((b * inputH + iy) * inputW + ix) * inputDepth + first
                let filterBase = ((oc * filterH + ky) * filterW + kx) * filterDepth
                for ic in 0..<filterDepth {
                  total += input[inBase + ic] * filter[filterBase + ic]
                }
              }
            }
            if hasBias { total += bias[oc] }
            output[((b * outputH + oy) * outputW + ox) * outputDepth + oc] =
              activation.apply(total)
          }
        }
      }
    }
  }
}
