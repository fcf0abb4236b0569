// GMLKernels/Conv2DHybrid+Fast.swift — hybrid Conv2D without groups on a HybridGEMM microkernel over int8 windows (read in place or copied): the reference's floats bit for bit. Must not allocate.
import CGMLMicrokernels

extension Conv2DHybrid {
  /// Output pixels a GEMM call takes: two of the VNNI kernel's 8-row tiles.
  static let windowBlock = 16

  /// Whether `fast` runs this convolution: every one without groups.
  public var hasFastKernel: Bool { geometry.filterDepth == geometry.inputDepth }

  /// Scratch bytes `fast` needs: the reference's (the quantized input),
  /// then room for the windows (none for a pointwise convolution, whose
  /// rows are the input): one padded image when they can be read in place
  /// (`gml_qs8_conv_pad`), else `Conv2DHybrid.windowBlock` windows of
  /// int8, with `HybridGEMM.rowSlack`; then as many rows of int32 sums.
  public var fastScratchByteCount: Int {
    scratch.byteCount + windowByteCount + Conv2DHybrid.windowBlock * geometry.outputDepth * 4
  }

  /// The windows' bytes in the scratch: enough for either form, as the
  /// microkernel picks one.
  private var windowByteCount: Int {
    let g = geometry
    if g.isPointwise { return (HybridGEMM.rowSlack + 3) / 4 * 4 }
    var bytes = Conv2DHybrid.windowBlock * g.windowDepth + HybridGEMM.rowSlack
    if hasDirectForm {
      var w = geometry.window(zeroPoint: 0)
      bytes = max(bytes, gml_qs8_conv_padded_size(&w, 1))
    }
    return (bytes + 3) / 4 * 4
  }

  /// Whether the windows can be read in place (`gml_conv.h`): a filter
  /// row's taps lie together (no horizontal dilation), and there are at
  /// most `GML_QS8_CONV_MAX_ROWS` filter rows.
  private var hasDirectForm: Bool {
    let g = geometry
    return !g.isPointwise && g.dilationW == 1 && g.filterH <= Int(GML_QS8_CONV_MAX_ROWS)
  }

  /// Whether `fast` reads the windows in place on `microkernel`: it has a
  /// convolution kernel (which packs the weights) and the windows allow.
  private func readsInPlace(_ microkernel: HybridGEMM.Microkernel) -> Bool {
    hasDirectForm && microkernel.convKernel != nil
  }

  /// The depth of the weights as `microkernel` packs them:
  /// `filterH·directRowBytes` for the direct form, else `windowDepth`.
  func packedDepth(_ microkernel: HybridGEMM.Microkernel) -> Int {
    readsInPlace(microkernel) ? geometry.filterH * geometry.directRowBytes : geometry.windowDepth
  }

  /// Bytes of the filter packed for `microkernel` (0 when it reads the
  /// filter in place).
  public func packedByteCount(_ microkernel: HybridGEMM.Microkernel) -> Int {
    microkernel.packedByteCount(channels: geometry.outputDepth, depth: packedDepth(microkernel))
  }

  /// Packs `filter` (`[out][h][w][in]`) for `microkernel`, each filter row
  /// followed by zeros up to `Conv2D.directRowBytes` for the direct form. Runs
  /// once, at init (allocates).
  public func pack(
    filter: UnsafeBufferPointer<Int8>, into packed: UnsafeMutableRawBufferPointer,
    microkernel: HybridGEMM.Microkernel
  ) {
    let g = geometry
    let depth = packedDepth(microkernel)
    guard depth != g.windowDepth else {
      microkernel.pack(weights: filter, channels: g.outputDepth, depth: depth, into: packed)
      return
    }
    g.directFilter(filter).withUnsafeBufferPointer {
      microkernel.pack(weights: $0, channels: g.outputDepth, depth: depth, into: packed)
    }
  }

  /// `reference`'s values, bit for bit: each image quantized as there;
  /// each output pixel's window as int8 with the image's zero point in the
  /// padding (so a padded tap adds `w·(zp − zp) = 0`, as the reference's
  /// skipped tap does), read in place (a pointer per pixel and an offset
  /// per filter row, from a copy of the image with its padding when it
  /// pads, or its filter rows are not whole groups of 4) when the
  /// microkernel has a convolution kernel, else copied (`gml_im2col`); the
  /// integer sums on `microkernel`; then `acc − zp·Σw` (`rowSums`,
  /// wrapping: equal to the reference's sum of `w·(q − zp)` in int32) and
  /// the same scales, bias and activation (in the convolution kernel's
  /// registers, or `microkernel.output` on the sums).
  ///
  /// - Parameters: as `reference`; `rowSums` of `outputDepth` int32 (over
  ///   each output channel's whole filter); `packed`: the filter packed for
  ///   `microkernel` (`pack`), or nil to read it in place; `scratch` of
  ///   `fastScratchByteCount` bytes.
  public func fast(
    input: UnsafeBufferPointer<Float>, filter: UnsafeBufferPointer<Int8>,
    bias: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>,
    rowSums: UnsafeBufferPointer<Int32>, packed: UnsafeRawPointer? = nil,
    scratch bytes: UnsafeMutableRawBufferPointer, microkernel: HybridGEMM.Microkernel
  ) {
    let g = geometry
    scratch.quantizeRows(input, bytes, fast: microkernel)
    let (scales, zeros, q) = scratch.views(bytes)
    guard let base = bytes.baseAddress, let x = q.baseAddress, let w = filter.baseAddress,
      let y = output.baseAddress
    else { return }
    let n = g.outputDepth
    let windows = (base + scratch.byteCount).assumingMemoryBound(to: Int8.self)
    let sums = (base + scratch.byteCount + windowByteCount).assumingMemoryBound(to: Int32.self)
    let plane = g.outputH * g.outputW
    let clamp = FloatGEMM.bounds(g.activation)
    let (lo, hi) = clamp ?? (-.infinity, .infinity)
    let direct = readsInPlace(microkernel) && packed != nil ? microkernel.convKernel : nil
    var params = gml_window_params(
      input_h: g.inputH, input_w: g.inputW, channels: g.inputDepth, filter_h: g.filterH,
      filter_w: g.filterW, output_h: g.outputH, output_w: g.outputW, stride_h: g.strideH,
      stride_w: g.strideW, dilation_h: g.dilationH, dilation_w: g.dilationW,
      pad_top: g.padding.top, pad_left: g.padding.left, lo: 0, hi: 0)
    for b in 0..<g.batches {
      let zp = zeros[b]
      let image = UnsafePointer(x + b * g.inputH * g.inputW * g.inputDepth)
      if let direct, let packed {
        // The image itself, or its padded copy.
        var window = g.window(zeroPoint: zp)
        var conv = gml_qs8_conv_in_place(&window)
        var buffer = image
        if gml_qs8_conv_reads_in_place(&window) == 0 {
          conv = gml_qs8_conv_pad(&window, 1, image, windows, 0)
          buffer = UnsafePointer(windows)
        }
        var cursor = gml_qs8_pixel(batch: 0, y: 0, x: 0)
        filterScales.withUnsafeBufferPointer { fs in
          var stage = gml_qd8_conv_output(
            row_sums: rowSums.baseAddress, zero_point: zp &+ microkernel.rowOffset,
            filter_scales: fs.baseAddress, scale_step: fs.count == 1 ? 0 : 1,
            input_scale: scales[b], bias: g.hasBias ? bias.baseAddress : nil, lo: lo, hi: hi)
          direct(
            &conv, buffer, &cursor, plane, n, packed.assumingMemoryBound(to: Int8.self), &stage,
            y + b * plane * n)
        }
        continue
      }
      var first = 0
      while first < plane {
        let count = min(Conv2DHybrid.windowBlock, plane - first)
        let rows: UnsafePointer<Int8>
        if g.isPointwise {
          rows = image + first * g.inputDepth
        } else {
          gml_im2col(
            &params, x, 1, UInt8(truncatingIfNeeded: zp), b * plane + first, count, windows)
          rows = UnsafePointer(windows)
        }
        let offset = HybridGEMM.run(
          microkernel, rows: count, channels: n, depth: g.windowDepth, rows: rows, weights: w,
          packed: packed, sums: sums)
        filterScales.withUnsafeBufferPointer { fs in
          microkernel.output(
            sums, count, n, rowSums.baseAddress, zp &+ offset, fs.baseAddress,
            filterScales.count == 1 ? 0 : 1, scales[b], g.hasBias ? bias.baseAddress : nil,
            lo, hi, y + (b * plane + first) * n)
        }
        first += count
      }
    }
    if clamp == nil && g.activation != .none { g.activation.apply(to: output) }
  }
}
