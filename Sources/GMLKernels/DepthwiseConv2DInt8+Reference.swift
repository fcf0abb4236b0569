// GMLKernels/DepthwiseConv2DInt8+Reference.swift — portable int8 DepthwiseConv2D, per-channel requantization. Must not allocate.

extension DepthwiseConv2DInt8 {
  /// The depthwise convolution in plain loops: output channel
  /// `oc = ic · depthMultiplier + m` is the int32 sum of
  /// `filter[.., oc] × (input[.., ic] + inputOffset)` over the window
  /// (padding skipped), plus the bias; then the channel's
  /// `QuantizedMultiplier`, plus `outputOffset`, clamped to `range`.
  ///
  /// - Parameters:
  ///   - input: `batches·inputH·inputW·inputDepth` int8 values, NHWC.
  ///   - filter: `filterH·filterW·outputDepth` int8 values.
  ///   - bias: `outputDepth` int32 values, or empty when `hasBias` is false.
  ///   - output: `outputShape` int8 values, NHWC.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/integer_ops/depthwise_conv.h`
  public func reference(
    input: UnsafeBufferPointer<Int8>, filter: UnsafeBufferPointer<Int8>,
    bias: UnsafeBufferPointer<Int32>, output: UnsafeMutableBufferPointer<Int8>
  ) {
    let g = geometry
    let outputDepth = g.outputDepth
    assert(output.count == g.batches * g.outputH * g.outputW * outputDepth, "DepthwiseConv2DInt8")
    assert(!g.hasBias || bias.count == outputDepth, "DepthwiseConv2DInt8: bias size")
    for b in 0..<g.batches {
      for oy in 0..<g.outputH {
        let originY = oy * g.strideH - g.padding.top
        for ox in 0..<g.outputW {
          let originX = ox * g.strideW - g.padding.left
          for ic in 0..<g.inputDepth {
            for m in 0..<g.depthMultiplier {
              let oc = ic * g.depthMultiplier + m
              var acc: Int32 = 0
              for ky in 0..<g.filterH {
                let iy = originY + ky * g.dilationH
                if iy < 0 || iy >= g.inputH { continue }
                for kx in 0..<g.filterW {
                  let ix = originX + kx * g.dilationW
                  if ix < 0 || ix >= g.inputW { continue }
                  let x = Int32(input[((b * g.inputH + iy) * g.inputW + ix) * g.inputDepth + ic])
                  let w = Int32(filter[(ky * g.filterW + kx) * outputDepth + oc])
                  acc &+= w &* (x &+ inputOffset)
                }
              }
              if g.hasBias { acc &+= bias[oc] }
              let scaled = multipliers[oc].apply(acc) &+ outputOffset
              output[((b * g.outputH + oy) * g.outputW + ox) * outputDepth + oc] =
                range.clamp(scaled)
            }
          }
        }
      }
    }
  }
}
