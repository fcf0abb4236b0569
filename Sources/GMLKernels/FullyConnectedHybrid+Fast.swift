// GMLKernels/FullyConnectedHybrid+Fast.swift — hybrid FullyConnected on a HybridGEMM microkernel: the reference's floats bit for bit. Must not allocate.

extension FullyConnectedHybrid {
  /// Scratch bytes `fast` needs: the reference's, `HybridGEMM.rowSlack`,
  /// then the int32 sums of every row and channel.
  public var fastScratchByteCount: Int {
    scratch.byteCount + HybridGEMM.rowSlack + geometry.rows * geometry.outputDepth * 4
  }

  /// `reference`'s values, bit for bit: each row quantized as there, the
  /// integer sums on `microkernel`, then the same zero-point term
  /// (`rowSums`, from `HybridGEMM.rowSums`), scales, bias and activation.
  ///
  /// - Parameters: as `reference`; `rowSums` of `outputDepth` int32;
  ///   `packed`: the weights packed for `microkernel`
  ///   (`HybridGEMM.Microkernel.pack`), or nil to read them in place;
  ///   `scratch` of `fastScratchByteCount` bytes.
  public func fast(
    input: UnsafeBufferPointer<Float>, weights: UnsafeBufferPointer<Int8>,
    bias: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>,
    rowSums: UnsafeBufferPointer<Int32>, packed: UnsafeRawPointer? = nil,
    scratch bytes: UnsafeMutableRawBufferPointer, microkernel: HybridGEMM.Microkernel
  ) {
    let g = geometry
    let n = g.outputDepth
    let (scales, zeros, q) = scratch.views(bytes)
    for r in 0..<g.rows {
      (scales[r], zeros[r]) = AsymmetricQuantizeInt8.quantizeFast(
        UnsafeBufferPointer(rebasing: input[r * g.inputDepth..<(r + 1) * g.inputDepth]),
        into: UnsafeMutableBufferPointer(rebasing: q[r * g.inputDepth..<(r + 1) * g.inputDepth]),
        microkernel: microkernel)
    }
    guard let base = bytes.baseAddress, let a = q.baseAddress, let w = weights.baseAddress else {
      return
    }
    let sums = (base + scratch.byteCount + HybridGEMM.rowSlack).assumingMemoryBound(
      to: Int32.self)
    let offset = HybridGEMM.run(
      microkernel, rows: g.rows, channels: n, depth: g.inputDepth, rows: a, weights: w,
      packed: packed, sums: sums)
    for r in 0..<g.rows {
      for o in 0..<n {
        let acc = sums[r * n + o] &- rowSums[o] &* (zeros[r] &+ offset)
        let s = weightScales.count == 1 ? weightScales[0] : weightScales[o]
        var total = Float(acc) * (scales[r] * s)
        if g.hasBias { total += bias[o] }
        output[r * n + o] = g.activation.apply(total)
      }
    }
  }
}
