// GMLKernels/FullyConnectedHybrid+Fast.swift — hybrid FullyConnected on a HybridGEMM microkernel: the reference's floats bit for bit. Must not allocate.

extension FullyConnectedHybrid {
  /// Scratch bytes `fast` needs: the reference's, `HybridGEMM.rowSlack`,
  /// then the int32 sums of every row and channel.
  public var fastScratchByteCount: Int {
    scratch.byteCount + HybridGEMM.rowSlack + geometry.rows * geometry.outputDepth * 4
  }

  /// `reference`'s values, bit for bit: each row quantized as there, the
  /// integer sums on `microkernel`, then the same zero-point term
  /// (`rowSums`, from `HybridGEMM.rowSums`), scales, bias and clamp in the
  /// tier's C output stage (any other activation after it, as there).
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
    guard let y = output.baseAddress else { return }
    let clamp = FloatGEMM.bounds(g.activation)
    let (lo, hi) = clamp ?? (-.infinity, .infinity)
    weightScales.withUnsafeBufferPointer { ws in
      for r in 0..<g.rows {
        microkernel.fcOutput(
          sums + r * n, n, rowSums.baseAddress, zeros[r] &+ offset, ws.baseAddress,
          ws.count == 1 ? 0 : 1, scales[r], g.hasBias ? bias.baseAddress : nil, lo, hi, y + r * n)
      }
    }
    if clamp == nil && g.activation != .none { g.activation.apply(to: output) }
  }
}
