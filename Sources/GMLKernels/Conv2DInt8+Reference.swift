// GMLKernels/Conv2DInt8+Reference.swift — portable int8 Conv2D, per-channel requantization. Must not allocate.

extension Conv2DInt8 {
  /// The convolution in plain loops: for each output element, the int32
  /// sum of `filter × (input + inputOffset)` over the window (positions in
  /// the padding are skipped, i.e. the input's zero point), plus the bias;
  /// then the channel's `QuantizedMultiplier` (double rounding), plus
  /// `outputOffset`, clamped to `range`. The int32 sum wraps as TFLite's
  /// does on overflow.
  ///
  /// - Parameters:
  ///   - input: `batches·inputH·inputW·inputDepth` int8 values, NHWC.
  ///   - filter: `outputDepth·filterH·filterW·filterDepth` int8 values.
  ///   - bias: `outputDepth` int32 values, or empty when `hasBias` is false.
  ///   - output: `outputShape` int8 values, NHWC.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/integer_ops/conv.h`
  public func reference(
    input: UnsafeBufferPointer<Int8>, filter: UnsafeBufferPointer<Int8>,
    bias: UnsafeBufferPointer<Int32>, output: UnsafeMutableBufferPointer<Int8>
  ) {
    let g = geometry
    assert(output.count == g.batches * g.outputH * g.outputW * g.outputDepth, "Conv2DInt8: output")
    assert(!g.hasBias || bias.count == g.outputDepth, "Conv2DInt8: bias size")
    for b in 0..<g.batches {
      for oy in 0..<g.outputH {
        let originY = oy * g.strideH - g.padding.top
        for ox in 0..<g.outputW {
          let originX = ox * g.strideW - g.padding.left
          for oc in 0..<g.outputDepth {
            let first = g.firstInputChannel(oc)
            var acc: Int32 = 0
            for ky in 0..<g.filterH {
              let iy = originY + ky * g.dilationH
              if iy < 0 || iy >= g.inputH { continue }
              for kx in 0..<g.filterW {
                let ix = originX + kx * g.dilationW
                if ix < 0 || ix >= g.inputW { continue }
                let inBase = ((b * g.inputH + iy) * g.inputW + ix) * g.inputDepth + first
                let filterBase = ((oc * g.filterH + ky) * g.filterW + kx) * g.filterDepth
                for ic in 0..<g.filterDepth {
                  acc &+=
                    Int32(filter[filterBase + ic]) &* (Int32(input[inBase + ic]) &+ inputOffset)
                }
              }
            }
            if g.hasBias { acc &+= bias[oc] }
            let scaled = multipliers[oc].apply(acc) &+ outputOffset
            let o = ((b * g.outputH + oy) * g.outputW + ox) * g.outputDepth + oc
            output[o] = range.clamp(scaled)
          }
        }
      }
    }
  }
}
