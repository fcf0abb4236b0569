// GMLKernels/DepthwiseConv2DHybrid+Reference.swift — portable hybrid DepthwiseConv2D kernel (int8 filters, float activations). Must not allocate.

extension DepthwiseConv2DHybrid {
  /// As `Conv2DHybrid.reference`, one input channel per output channel
  /// group; filter `[1, H, W, outputDepth]` int8.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/integer_ops/depthwise_conv_hybrid.h`
  public func reference(
    input: UnsafeBufferPointer<Float>, filter: UnsafeBufferPointer<Int8>,
    bias: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>,
    scratch bytes: UnsafeMutableRawBufferPointer
  ) {
    let g = geometry
    let outDepth = g.outputDepth
    scratch.quantizeRows(input, bytes)
    let (scales, zeros, q) = scratch.views(bytes)
    for b in 0..<g.batches {
      for oy in 0..<g.outputH {
        for ox in 0..<g.outputW {
          for oc in 0..<outDepth {
            let ic = oc / g.depthMultiplier
            var acc: Int32 = 0
            for ky in 0..<g.filterH {
              let iy = oy * g.strideH - g.padding.top + ky * g.dilationH
              if iy < 0 || iy >= g.inputH { continue }
              for kx in 0..<g.filterW {
                let ix = ox * g.strideW - g.padding.left + kx * g.dilationW
                if ix < 0 || ix >= g.inputW { continue }
                let x = Int32(q[((b * g.inputH + iy) * g.inputW + ix) * g.inputDepth + ic])
                acc &+= Int32(filter[(ky * g.filterW + kx) * outDepth + oc]) &* (x &- zeros[b])
              }
            }
            let s = filterScales.count == 1 ? filterScales[0] : filterScales[oc]
            var total = Float(acc) * s * scales[b]
            if g.hasBias { total += bias[oc] }
            output[((b * g.outputH + oy) * g.outputW + ox) * outDepth + oc] =
              g.activation.apply(total)
          }
        }
      }
    }
  }
}
