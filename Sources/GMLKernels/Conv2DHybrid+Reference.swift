// GMLKernels/Conv2DHybrid+Reference.swift — portable hybrid Conv2D (int8 filters, float activations). Must not allocate.

extension Conv2DHybrid {
  /// Quantizes each batch image, then per output element
  /// `act(Σ w · (q − zp_b) · s_b · s_oc + bias[oc])`; padding adds zero.
  ///
  /// - Parameters:
  ///   - input: NHWC floats; filter: OHWI int8; bias: floats or empty.
  ///   - output: NHWC floats.
  ///   - scratch: at least `scratch.byteCount` bytes, 4-byte aligned.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/conv.h`
  /// (`HybridConvPerChannel`)
  public func reference(
    input: UnsafeBufferPointer<Float>, filter: UnsafeBufferPointer<Int8>,
    bias: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>,
    scratch bytes: UnsafeMutableRawBufferPointer
  ) {
    let g = geometry
    scratch.quantizeRows(input, bytes)
    let (scales, zeros, q) = scratch.views(bytes)
    for b in 0..<g.batches {
      for oy in 0..<g.outputH {
        for ox in 0..<g.outputW {
          for oc in 0..<g.outputDepth {
            let first = g.firstInputChannel(oc)
            var acc: Int32 = 0
            for ky in 0..<g.filterH {
              let iy = oy * g.strideH - g.padding.top + ky * g.dilationH
              if iy < 0 || iy >= g.inputH { continue }
              for kx in 0..<g.filterW {
                let ix = ox * g.strideW - g.padding.left + kx * g.dilationW
                if ix < 0 || ix >= g.inputW { continue }
                let inBase = ((b * g.inputH + iy) * g.inputW + ix) * g.inputDepth + first
                let fBase = ((oc * g.filterH + ky) * g.filterW + kx) * g.filterDepth
                for ic in 0..<g.filterDepth {
                  acc &+= Int32(filter[fBase + ic]) &* (Int32(q[inBase + ic]) &- zeros[b])
                }
              }
            }
            let s = filterScales.count == 1 ? filterScales[0] : filterScales[oc]
            var total = Float(acc) * s * scales[b]
            if g.hasBias { total += bias[oc] }
            output[((b * g.outputH + oy) * g.outputW + ox) * g.outputDepth + oc] =
              g.activation.apply(total)
          }
        }
      }
    }
  }
}
