// GMLKernels/FullyConnectedHybrid+Reference.swift — portable hybrid FullyConnected. Must not allocate.

extension FullyConnectedHybrid {
  /// Quantizes each input row asymmetrically, accumulates in int32, then
  /// `output[r, o] = act((acc − zp_r · Σ_i w[o, i]) · s_r · s_o + bias[o])`.
  ///
  /// - Parameters:
  ///   - input: `rows·inputDepth` floats.
  ///   - weights: `outputDepth·inputDepth` int8.
  ///   - bias: `outputDepth` floats, or empty.
  ///   - output: `rows·outputDepth` floats.
  ///   - scratch: at least `scratch.byteCount` bytes, 4-byte aligned.
  ///
  /// Mirrors: `tensorflow/lite/kernels/fully_connected.cc` (`EvalHybridImpl`,
  /// `MatrixBatchVectorMultiplyAccumulate` with scaling factors and input
  /// offsets)
  public func reference(
    input: UnsafeBufferPointer<Float>, weights: UnsafeBufferPointer<Int8>,
    bias: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>,
    scratch: UnsafeMutableRawBufferPointer
  ) {
    let g = geometry
    let (scales, zeros, q) = self.scratch.views(scratch)
    for r in 0..<g.rows {
      let row = UnsafeBufferPointer(rebasing: input[r * g.inputDepth..<(r + 1) * g.inputDepth])
      let dst = UnsafeMutableBufferPointer(
        rebasing: q[r * g.inputDepth..<(r + 1) * g.inputDepth])
      (scales[r], zeros[r]) = AsymmetricQuantizeInt8.quantize(row, into: dst)
    }
    for r in 0..<g.rows {
      for o in 0..<g.outputDepth {
        var acc: Int32 = 0
        var rowSum: Int32 = 0
        for i in 0..<g.inputDepth {
          let w = Int32(weights[o * g.inputDepth + i])
          acc &+= w &* Int32(q[r * g.inputDepth + i])
          rowSum &+= w
        }
        acc &-= rowSum &* zeros[r]
        let s = weightScales.count == 1 ? weightScales[0] : weightScales[o]
        var total = Float(acc) * (scales[r] * s)
        if g.hasBias { total += bias[o] }
        output[r * g.outputDepth + o] = g.activation.apply(total)
      }
    }
  }
}
