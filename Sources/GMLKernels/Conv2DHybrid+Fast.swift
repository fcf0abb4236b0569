// GMLKernels/Conv2DHybrid+Fast.swift — hybrid Conv2D without groups on a HybridGEMM microkernel over int8 im2col rows: the reference's floats bit for bit. Must not allocate.
import CGMLMicrokernels

extension Conv2DHybrid {
  /// Output pixels a GEMM call takes: two of the VNNI kernel's 8-row tiles.
  static let windowBlock = 16

  /// Whether `fast` runs this convolution: every one without groups.
  public var hasFastKernel: Bool { geometry.filterDepth == geometry.inputDepth }

  /// Scratch bytes `fast` needs: the reference's (the quantized input),
  /// then `Conv2DHybrid.windowBlock` windows of int8 (none for a pointwise
  /// convolution, whose rows are the input), `HybridGEMM.rowSlack` and as
  /// many rows of int32 sums.
  public var fastScratchByteCount: Int {
    scratch.byteCount + windowByteCount + Conv2DHybrid.windowBlock * geometry.outputDepth * 4
  }

  /// The windows' bytes in the scratch, with the rows' slack.
  private var windowByteCount: Int {
    let g = geometry
    let windows = g.isPointwise ? 0 : Conv2DHybrid.windowBlock * g.windowDepth
    return (windows + HybridGEMM.rowSlack + 3) / 4 * 4
  }

  /// `reference`'s values, bit for bit: each image quantized as there;
  /// each output pixel's window as int8 with the image's zero point in the
  /// padding (so a padded tap adds `w·(zp − zp) = 0`, as the reference's
  /// skipped tap does); the integer sums on `microkernel`; then
  /// `acc − zp·Σw` (`rowSums`, wrapping: equal to the reference's sum of
  /// `w·(q − zp)` in int32) and the same scales, bias and activation.
  ///
  /// - Parameters: as `reference`; `rowSums` of `outputDepth` int32 (over
  ///   each output channel's whole filter); `packed`: the filter packed for
  ///   `microkernel` (`HybridGEMM.Microkernel.pack`), or nil to read it in
  ///   place; `scratch` of `fastScratchByteCount` bytes.
  public func fast(
    input: UnsafeBufferPointer<Float>, filter: UnsafeBufferPointer<Int8>,
    bias: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>,
    rowSums: UnsafeBufferPointer<Int32>, packed: UnsafeRawPointer? = nil,
    scratch bytes: UnsafeMutableRawBufferPointer, microkernel: HybridGEMM.Microkernel
  ) {
    let g = geometry
    scratch.quantizeRows(input, bytes, fast: microkernel)
    let (scales, zeros, q) = scratch.views(bytes)
    guard let base = bytes.baseAddress, let x = q.baseAddress, let w = filter.baseAddress else {
      return
    }
    let n = g.outputDepth
    let depth = g.windowDepth
    let windows = (base + scratch.byteCount).assumingMemoryBound(to: Int8.self)
    let sums = (base + scratch.byteCount + windowByteCount).assumingMemoryBound(to: Int32.self)
    let plane = g.outputH * g.outputW
    guard let y = output.baseAddress else { return }
    let clamp = FloatGEMM.bounds(g.activation)
    let (lo, hi) = clamp ?? (-.infinity, .infinity)
    var window = gml_window_params(
      input_h: g.inputH, input_w: g.inputW, channels: g.inputDepth, filter_h: g.filterH,
      filter_w: g.filterW, output_h: g.outputH, output_w: g.outputW, stride_h: g.strideH,
      stride_w: g.strideW, dilation_h: g.dilationH, dilation_w: g.dilationW,
      pad_top: g.padding.top, pad_left: g.padding.left, lo: 0, hi: 0)
    for b in 0..<g.batches {
      let zp = zeros[b]
      var first = 0
      while first < plane {
        let count = min(Conv2DHybrid.windowBlock, plane - first)
        let pixel = b * plane + first
        let rows: UnsafePointer<Int8>
        if g.isPointwise {
          rows = UnsafePointer(x + pixel * depth)
        } else {
          gml_im2col(&window, x, 1, UInt8(truncatingIfNeeded: zp), pixel, count, windows)
          rows = UnsafePointer(windows)
        }
        let offset = HybridGEMM.run(
          microkernel, rows: count, channels: n, depth: depth, rows: rows, weights: w,
          packed: packed, sums: sums)
        filterScales.withUnsafeBufferPointer { fs in
          microkernel.output(
            sums, count, n, rowSums.baseAddress, zp &+ offset, fs.baseAddress,
            filterScales.count == 1 ? 0 : 1, scales[b], g.hasBias ? bias.baseAddress : nil,
            lo, hi, y + pixel * n)
        }
        first += count
      }
    }
    if clamp == nil && g.activation != .none { g.activation.apply(to: output) }
  }
}
