// GMLKernels/Conv2D+Fast.swift — Conv2D (float) on a FloatGEMM microkernel: a 1×1 stride-1 one on its input in place, any other on im2col blocks of windows. Must not allocate.

extension Conv2D {
  /// Whether `fast` runs this convolution: every one without groups (the
  /// filter reads every input channel).
  public var hasFastKernel: Bool { filterDepth == inputDepth }

  /// Whether each output pixel is its input pixel's channels times the
  /// filter `[out][in]`: a 1×1 filter at stride 1 without padding, which
  /// `fast` multiplies in place.
  var isPointwise: Bool {
    filterH == 1 && filterW == 1 && strideH == 1 && strideW == 1 && padding == .zero
  }

  /// The output pixels whose windows `fast` gathers at a time.
  static let windowBlock = 16

  /// Scratch bytes `fast` needs: none for a pointwise convolution, else
  /// `windowBlock` windows of `filterH·filterW·inputDepth` floats.
  public var fastScratchByteCount: Int {
    isPointwise ? 0 : Conv2D.windowBlock * filterH * filterW * inputDepth * 4
  }

  /// `reference`'s values, up to the order of the sums, for a convolution
  /// with `hasFastKernel`: the output pixels as rows on `microkernel`,
  /// each row the pixel's input channels (pointwise) or its window copied
  /// into `scratch`, the padding as zeros (im2col), `windowBlock` pixels
  /// at a time.
  ///
  /// - Parameters: as `reference`; `scratch` of `fastScratchByteCount`
  ///   bytes, 4-byte aligned; a supported `microkernel`.
  public func fast(
    input: UnsafeBufferPointer<Float>, filter: UnsafeBufferPointer<Float>,
    bias: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>,
    scratch: UnsafeMutableRawBufferPointer, microkernel: FloatGEMM.Microkernel
  ) {
    assert(hasFastKernel, "Conv2D.fast: a grouped convolution")
    let bias = hasBias ? bias : UnsafeBufferPointer(start: nil, count: 0)
    let pixels = batches * outputH * outputW
    if isPointwise {
      FloatGEMM.run(
        microkernel, rows: pixels, channels: outputDepth, depth: inputDepth, input: input,
        weights: filter, bias: bias, output: output, activation: activation)
      return
    }
    assert(scratch.count >= fastScratchByteCount, "Conv2D.fast: scratch")
    let depth = filterH * filterW * inputDepth
    let windows = scratch.bindMemory(to: Float.self)
    guard let rows = windows.baseAddress, let x = input.baseAddress else { return }
    var first = 0
    while first < pixels {
      let count = min(Conv2D.windowBlock, pixels - first)
      for r in 0..<count { gatherWindow(first + r, x, into: rows + r * depth) }
      FloatGEMM.run(
        microkernel, rows: count, channels: outputDepth, depth: depth,
        input: UnsafeBufferPointer(rebasing: windows[0..<(count * depth)]), weights: filter,
        bias: bias,
        output: UnsafeMutableBufferPointer(
          rebasing: output[(first * outputDepth)..<((first + count) * outputDepth)]),
        activation: activation)
      first += count
    }
  }

  /// Output pixel `pixel`'s window, `filterH·filterW·inputDepth` floats in
  /// the filter's order (row, column, channel), zeros where it lies in
  /// the padding.
  private func gatherWindow(
    _ pixel: Int, _ input: UnsafePointer<Float>, into row: UnsafeMutablePointer<Float>
  ) {
    let ox = pixel % outputW
    let oy = pixel / outputW % outputH
    let b = pixel / (outputW * outputH)
    var at = 0
    for ky in 0..<filterH {
      let iy = oy * strideH - padding.top + ky * dilationH
      for kx in 0..<filterW {
        let ix = ox * strideW - padding.left + kx * dilationW
        if iy < 0 || iy >= inputH || ix < 0 || ix >= inputW {
          (row + at).update(repeating: 0, count: inputDepth)
        } else {
          let base = ((b * inputH + iy) * inputW + ix) * inputDepth
          (row + at).update(from: input + base, count: inputDepth)
        }
        at += inputDepth
      }
    }
  }
}
