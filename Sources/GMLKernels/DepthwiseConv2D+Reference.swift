// GMLKernels/DepthwiseConv2D+Reference.swift — portable DepthwiseConv2D (float). Must not allocate.

extension DepthwiseConv2D {
  /// The depthwise convolution in plain loops: output channel
  /// `ic · depthMultiplier + m` sums input channel `ic` over the window
  /// with filter channel `ic · depthMultiplier + m`, adds the bias, and
  /// applies the fused activation. Padding counts as zero.
  ///
  /// - Parameters:
  ///   - input: `batches·inputH·inputW·inputDepth` elements, NHWC.
  ///   - filter: `filterH·filterW·outputDepth` elements.
  ///   - bias: `outputDepth` elements, or empty when `hasBias` is false.
  ///   - output: `outputShape` elements, NHWC.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/depthwiseconv_float.h`
  public func reference(
    input: UnsafeBufferPointer<Float>, filter: UnsafeBufferPointer<Float>,
    bias: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>
  ) {
    let outputDepth = self.outputDepth
    assert(output.count == batches * outputH * outputW * outputDepth, "DepthwiseConv2D: output")
    for b in 0..<batches {
      for oy in 0..<outputH {
        let originY = oy * strideH - padding.top
        for ox in 0..<outputW {
          let originX = ox * strideW - padding.left
          for ic in 0..<inputDepth {
            for m in 0..<depthMultiplier {
              let oc = ic * depthMultiplier + m
              var total: Float = 0
              for ky in 0..<filterH {
                let iy = originY + ky * dilationH
                if iy < 0 || iy >= inputH { continue }
                for kx in 0..<filterW {
                  let ix = originX + kx * dilationW
                  if ix < 0 || ix >= inputW { continue }
                  total +=
                    input[((b * inputH + iy) * inputW + ix) * inputDepth + ic]
                    * filter[(ky * filterW + kx) * outputDepth + oc]
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
}
