// GMLKernels/Conv2D+Fast.swift — Conv2D (float) on a packed FloatGEMM microkernel: a 1×1 stride-1 one on its input in place, any other on its windows through a pointer per tap, or per filter row when they have few channels (copied by im2col under horizontal dilation). Must not allocate.
import CGMLMicrokernels

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

  /// The output pixels whose windows `fast` gathers at a time: two of the
  /// microkernel's six-row blocks.
  static let windowBlock = 12

  /// The GEMM's depth: one window's values.
  public var windowDepth: Int { filterH * filterW * inputDepth }

  /// Scratch bytes `fast` needs: none for a pointwise convolution; a
  /// pointer per tap of `windowBlock` windows and a pixel of zeros when it
  /// reads the windows in place (`readsWindowsInPlace`); a pointer per
  /// filter row of `windowBlock` windows, after the zero-padded image when
  /// it pads, when it reads the windows' rows in place
  /// (`readsFilterRowsInPlace`); else the windows' `filterH·filterW·
  /// inputDepth` floats.
  public var fastScratchByteCount: Int {
    if isPointwise { return 0 }
    if readsWindowsInPlace { return indirectionByteCount + inputDepth * 4 }
    if readsFilterRowsInPlace {
      let pointers = Conv2D.windowBlock * filterH * MemoryLayout<UnsafeRawPointer>.stride
      return paddedImageByteCount + pointers
    }
    return Conv2D.windowBlock * windowDepth * 4
  }

  /// Whether `fast` reads each window through a pointer per tap: with at
  /// least 4 input channels. With fewer (an image's 3, a spectrogram's 1)
  /// a tap is too short a run to pay for its pointer, and a pointer per
  /// filter row (`readsFilterRowsInPlace`) or a copy is faster.
  var readsWindowsInPlace: Bool { inputDepth >= 4 }

  /// Whether `fast` reads each window through a pointer per filter row
  /// (its `filterW·inputDepth` floats lie together: no horizontal
  /// dilation), for the few-channel convolutions that do not take a
  /// pointer per tap.
  var readsFilterRowsInPlace: Bool { !readsWindowsInPlace && dilationW == 1 }

  /// The rows and columns of an image with the padding around it that
  /// every window needs (the input's own when it does not pad).
  private var paddedExtent: (h: Int, w: Int) {
    let reachH = (outputH - 1) * strideH + (filterH - 1) * dilationH + 1
    let reachW = (outputW - 1) * strideW + filterW
    return (max(padding.top + inputH, reachH), max(padding.left + inputW, reachW))
  }

  /// Whether the filter rows are read from a zero-padded copy.
  private var readsPaddedCopy: Bool {
    padding.top > 0 || padding.left > 0 || paddedExtent != (inputH, inputW)
  }

  /// Bytes of one zero-padded image (none when it does not pad).
  private var paddedImageByteCount: Int {
    readsPaddedCopy ? paddedExtent.h * paddedExtent.w * inputDepth * 4 : 0
  }

  /// The pointers of `windowBlock` windows, one per tap.
  private var indirectionByteCount: Int {
    Conv2D.windowBlock * filterH * filterW * MemoryLayout<UnsafeRawPointer>.stride
  }

  /// Bytes of the filter and bias as `pack` writes them (`FloatGEMM.pack`).
  public var fastPackedByteCount: Int {
    FloatGEMM.packedByteCount(channels: outputDepth, depth: windowDepth)
  }

  /// Packs the filter (`[out][h][w][in]`, one row of the GEMM per output
  /// channel) and bias for `fast`. Runs once, at init.
  /// - Parameters: `filter` and `bias` as `reference` takes them; `packed`
  ///   of `fastPackedByteCount` bytes, 4-byte aligned.
  public func pack(
    filter: UnsafeBufferPointer<Float>, bias: UnsafeBufferPointer<Float>,
    into packed: UnsafeMutableRawBufferPointer
  ) {
    FloatGEMM.pack(
      weights: filter, bias: hasBias ? bias : UnsafeBufferPointer(start: nil, count: 0),
      channels: outputDepth, depth: windowDepth, into: packed)
  }

  /// `reference`'s values, up to the order of the sums, for a convolution
  /// with `hasFastKernel`: the output pixels as rows on `microkernel`,
  /// each row the pixel's input channels (pointwise) or its window,
  /// `windowBlock` pixels at a time, read in place through a pointer per
  /// tap (`gml_conv_indirection`, the padding a pixel of zeros) or, with
  /// few input channels, per filter row (`readsFilterRowsInPlace`), or
  /// copied under horizontal dilation (im2col, `gml_im2col`); all sum in
  /// the same order.
  ///
  /// - Parameters: `input` and `output` as `reference`; `packed`, what
  ///   `pack` wrote; `scratch` of `fastScratchByteCount` bytes, 8-byte
  ///   aligned; a supported `microkernel`.
  public func fast(
    input: UnsafeBufferPointer<Float>, packed: UnsafeRawBufferPointer,
    output: UnsafeMutableBufferPointer<Float>, scratch: UnsafeMutableRawBufferPointer,
    microkernel: FloatGEMM.PackedMicrokernel
  ) {
    assert(hasFastKernel, "Conv2D.fast: a grouped convolution")
    let pixels = batches * outputH * outputW
    if isPointwise {
      FloatGEMM.run(
        microkernel, rows: pixels, channels: outputDepth, depth: inputDepth, input: input,
        packed: packed, output: output, activation: activation)
      return
    }
    assert(scratch.count >= fastScratchByteCount, "Conv2D.fast: scratch")
    guard let base = scratch.baseAddress, let x = input.baseAddress else { return }
    var geometry = gml_window_params(
      input_h: inputH, input_w: inputW, channels: inputDepth, filter_h: filterH,
      filter_w: filterW, output_h: outputH, output_w: outputW, stride_h: strideH,
      stride_w: strideW, dilation_h: dilationH, dilation_w: dilationW, pad_top: padding.top,
      pad_left: padding.left, lo: 0, hi: 0)
    let clamp = FloatGEMM.bounds(activation)
    if readsFilterRowsInPlace {
      runFilterRows(input: x, packed: packed, output: output, scratch: base, microkernel)
      return
    }
    if !readsWindowsInPlace {
      let depth = windowDepth
      let windows = scratch.bindMemory(to: Float.self)
      var first = 0
      while first < pixels {
        let count = min(Conv2D.windowBlock, pixels - first)
        gml_im2col(&geometry, x, 4, 0, first, count, base)
        FloatGEMM.run(
          microkernel, rows: count, channels: outputDepth, depth: depth,
          input: UnsafeBufferPointer(rebasing: windows[0..<(count * depth)]), packed: packed,
          output: UnsafeMutableBufferPointer(
            rebasing: output[(first * outputDepth)..<((first + count) * outputDepth)]),
          activation: activation)
        first += count
      }
      return
    }
    let taps = filterH * filterW
    let pointers = base.bindMemory(
      to: UnsafePointer<Float>?.self, capacity: taps * Conv2D.windowBlock)
    let zeros = (base + indirectionByteCount).bindMemory(to: Float.self, capacity: inputDepth)
    zeros.update(repeating: 0, count: inputDepth)
    guard let y = output.baseAddress, let w = packed.baseAddress else { return }
    var first = 0
    while first < pixels {
      let count = min(Conv2D.windowBlock, pixels - first)
      pointers.withMemoryRebound(to: UnsafeRawPointer?.self, capacity: taps * count) {
        gml_conv_indirection(&geometry, x, 4, zeros, first, count, $0)
      }
      microkernel.indirect(
        count, outputDepth, taps, inputDepth, pointers, w.assumingMemoryBound(to: Float.self),
        y + first * outputDepth, outputDepth, clamp?.0 ?? -.infinity, clamp?.1 ?? .infinity)
      first += count
    }
    if clamp == nil && activation != .none { activation.apply(to: output) }
  }

  /// `fast` for `readsFilterRowsInPlace`: each image (or its zero-padded
  /// copy in `scratch`) read through a pointer per window and filter row,
  /// `filterW·inputDepth` floats a row, on the indirect kernel, which sums
  /// in the copied windows' order.
  private func runFilterRows(
    input x: UnsafePointer<Float>, packed: UnsafeRawBufferPointer,
    output: UnsafeMutableBufferPointer<Float>, scratch base: UnsafeMutableRawPointer,
    _ microkernel: FloatGEMM.PackedMicrokernel
  ) {
    guard let y = output.baseAddress, let w = packed.baseAddress else { return }
    let clamp = FloatGEMM.bounds(activation)
    let (ph, pw) = paddedExtent
    let padded = readsPaddedCopy
    let copy = base.bindMemory(to: Float.self, capacity: padded ? ph * pw * inputDepth : 0)
    let pointers = (base + paddedImageByteCount).bindMemory(
      to: UnsafePointer<Float>?.self, capacity: Conv2D.windowBlock * filterH)
    let row = filterW * inputDepth
    let plane = outputH * outputW
    for b in 0..<batches {
      var image = x + b * inputH * inputW * inputDepth
      var line = inputW * inputDepth
      if padded {
        copy.update(repeating: 0, count: ph * pw * inputDepth)
        for iy in 0..<inputH {
          (copy + ((padding.top + iy) * pw + padding.left) * inputDepth).update(
            from: image + iy * line, count: line)
        }
        (image, line) = (UnsafePointer(copy), pw * inputDepth)
      }
      var first = 0
      while first < plane {
        let count = min(Conv2D.windowBlock, plane - first)
        for r in 0..<count {
          let (oy, ox) = ((first + r) / outputW, (first + r) % outputW)
          let origin = image + oy * strideH * line + ox * strideW * inputDepth
          for ky in 0..<filterH { pointers[r * filterH + ky] = origin + ky * dilationH * line }
        }
        microkernel.indirect(
          count, outputDepth, filterH, row, pointers, w.assumingMemoryBound(to: Float.self),
          y + (b * plane + first) * outputDepth, outputDepth, clamp?.0 ?? -.infinity,
          clamp?.1 ?? .infinity)
        first += count
      }
    }
    if clamp == nil && activation != .none { activation.apply(to: output) }
  }
}
