// GMLKernels/DepthwiseConv2DInt8+Fast.swift — int8 DepthwiseConv2D on packed weights (C microkernels over tap pointers), bit-exact with the reference. Must not allocate.
import CGMLMicrokernels
import GMLCore

/// The depthwise microkernels (C, `Sources/CGMLMicrokernels`,
/// `gml_dwconv_elementwise.h`): a microkernel computes a run of output
/// pixels of one row — those whose windows lie inside the image from one
/// pointer per tap and the stride, the others from a pointer per tap and
/// pixel — vectorised across channels (8 per step; the last
/// `channels % 8` one at a time), with the input offset folded into each
/// channel's packed bias term and padding taps reading a buffer of the
/// input zero point (which adds exactly what the folded term takes away).
/// Which a tier runs is `FastKernelSet`'s table (`depthwise(taps:)`
/// picks by the filter); tests iterate `microkernels`.
extension DepthwiseConv2DInt8 {
  /// One microkernel.
  public struct Microkernel: @unchecked Sendable {
    /// The C name without its `gml_qs8_dwconv` prefix, e.g. `_3x3_avx2`.
    public let name: StaticString
    /// The filter taps it is built for (9: 3×3, any stride and
    /// dilation), or nil for any number.
    public let taps: Int?
    /// What the CPU needs to run it.
    public let isa: ISATier
    let kernel: gml_qs8_dwconv_fn
    /// Its whole-rows form, or nil: run instead of the driver where every
    /// window lies inside the input, padded copy included
    /// (`gml_qs8_dwconv_rows_ok`), the block's constants loaded once for
    /// all the rows.
    var rows: gml_qs8_dwconv_rows_fn? = nil

    /// Whether this CPU runs it.
    public var isSupported: Bool { isa.isSupported }

    /// Whether it computes a filter of `taps` taps.
    /// - Parameter taps: `filterH·filterW`.
    /// - Returns: true when built for any number or for exactly `taps`.
    public func handles(taps: Int) -> Bool { self.taps == nil || self.taps == taps }
  }

  /// Portable C, any filter.
  public static let microkernelScalar = Microkernel(
    name: "_scalar", taps: nil, isa: .portable, kernel: gml_qs8_dwconv_scalar)
  #if arch(x86_64)
    /// AVX2, 3×3: a block of 8 channels' weights in registers (`vpmaddwd`
    /// on tap pairs); stride 1 and 2 runs slide along the row, widening
    /// each input column once.
    public static let microkernel3x3Avx2 = Microkernel(
      name: "_3x3_avx2", taps: 9, isa: .avx2, kernel: gml_qs8_dwconv_3x3_avx2)
    /// AVX2, any filter: `vpmovsxbd` + `vpmulld` per tap, 8 channels per step.
    public static let microkernelAvx2 = Microkernel(
      name: "_avx2", taps: nil, isa: .avx2, kernel: gml_qs8_dwconv_avx2)
    /// AVX-512 VNNI, 3×3: 16 channels per step in zmm, a `vpdpbusd` per
    /// filter column (its three input bytes + 128 against the three
    /// weights), the one-rounding requantization on 16 lanes; stride 1
    /// and 2 runs slide along the row.
    public static let microkernel3x3Avx512Vnni = Microkernel(
      name: "_3x3_avx512vnni", taps: 9, isa: .avx512VNNI, kernel: gml_qs8_dwconv_3x3_avx512vnni,
      rows: gml_qs8_dwconv_3x3_rows_avx512vnni)
    /// AVX-512 VNNI, any filter: 16 channels per step in zmm, a
    /// `vpdpwssd` per pair of taps (each channel's two int16 lanes hold
    /// the pair's inputs), the weights' pairs interleaved once per group;
    /// se_blocks' 5×5 on 24×24×16 on Zen 4 12.9 µs (the AVX2 kernel 39.2).
    public static let microkernelAvx512Vnni = Microkernel(
      name: "_avx512vnni", taps: nil, isa: .avx512VNNI, kernel: gml_qs8_dwconv_avx512vnni)
  #elseif arch(arm64)
    /// NEON, 3×3: two taps' inputs interleaved per channel, `vmull_s8` +
    /// `vpadal` (two products per int16 lane when no weight is −128), 8
    /// channels per step; stride 1 and 2 runs slide along the row.
    public static let microkernel3x3Neon = Microkernel(
      name: "_3x3_neon", taps: 9, isa: .neon, kernel: gml_qs8_dwconv_3x3_neon,
      rows: gml_qs8_dwconv_3x3_rows_neon)
    /// NEON dot product, 3×3: an `SDOT` per filter column and 4 channels
    /// (its three input bytes against the three weights), 8 channels per
    /// step; stride 1 and 2 runs slide along the row.
    public static let microkernel3x3NeonDot = Microkernel(
      name: "_3x3_neondot", taps: 9, isa: .neonDot, kernel: gml_qs8_dwconv_3x3_neondot,
      rows: gml_qs8_dwconv_3x3_rows_neondot)
    /// NEON, any filter.
    public static let microkernelNeon = Microkernel(
      name: "_neon", taps: nil, isa: .neon, kernel: gml_qs8_dwconv_neon)
  #endif

  /// Every microkernel of this build, from every tier of
  /// `FastKernelSet`'s table, best tier first.
  public static var microkernels: [Microkernel] {
    var all: [Microkernel] = []
    for set in FastKernelSet.every {
      for k in set.depthwise where !all.contains(where: { $0.name.utf8Start == k.name.utf8Start }) {
        all.append(k)
      }
    }
    return all
  }

  /// Whether `fast` gives the reference's bytes for these parameters:
  /// depth multiplier 1, at most `GML_QS8_DWCONV_MAX_TAPS` filter taps,
  /// and every multiplier one `QuantizedMultiplier(_:)` can make.
  public var hasFastKernel: Bool {
    let g = geometry
    return g.depthMultiplier == 1 && g.filterH * g.filterW <= Int(GML_QS8_DWCONV_MAX_TAPS)
      && multipliers.allSatisfy { $0.multiplier != Int32.min && $0.shift >= -31 && $0.shift <= 30 }
  }

  /// `filterH·filterW`.
  var taps: Int { geometry.filterH * geometry.filterW }

  /// The bytes of the packed filter (`pack`).
  public var packedByteCount: Int { gml_qs8_dwconv_packed_size(geometry.outputDepth, taps) }

  /// Packs the filter, bias, folded input offset and per-channel
  /// multipliers for `fast`, once, at prepare.
  /// - Parameters:
  ///   - filter: `filterH·filterW·outputDepth` int8 values.
  ///   - bias: `outputDepth` int32 values, or empty when `hasBias` is false.
  ///   - packed: `packedByteCount` bytes.
  public func pack(
    filter: UnsafeBufferPointer<Int8>, bias: UnsafeBufferPointer<Int32>,
    into packed: UnsafeMutableRawBufferPointer
  ) {
    let channels = geometry.outputDepth
    precondition(
      hasFastKernel && filter.count == taps * channels
        && (!geometry.hasBias || bias.count == channels) && packed.count == packedByteCount,
      "DepthwiseConv2DInt8.pack: no fast kernel, or buffer sizes do not match the shape")
    let fractions = multipliers.map { $0.multiplier }
    let shifts = multipliers.map { $0.shift }
    gml_qs8_dwconv_pack(
      channels, taps, filter.baseAddress, geometry.hasBias ? bias.baseAddress : nil,
      inputOffset, fractions, shifts, packed.baseAddress)
  }

  /// The C driver's view of the geometry.
  var driverGeometry: gml_qs8_dwconv_geometry {
    let g = geometry
    return gml_qs8_dwconv_geometry(
      batches: g.batches, input_h: g.inputH, input_w: g.inputW, channels: g.inputDepth,
      output_h: g.outputH, output_w: g.outputW, kernel_h: g.filterH, kernel_w: g.filterW,
      stride_h: g.strideH, stride_w: g.strideW, dilation_h: g.dilationH,
      dilation_w: g.dilationW, pad_top: g.padding.top, pad_left: g.padding.left)
  }

  /// Whether `fast` with `microkernel` reads a zero-point padded copy of
  /// the input (`padForFast`): when a window reaches past the input and
  /// the microkernel has a whole-rows form, which the copy then runs
  /// (every output row one sliding run, where the border pixels would
  /// each need a pointer per tap).
  /// - Parameter microkernel: the microkernel `fast` runs.
  public func readsPaddedCopy(_ microkernel: Microkernel) -> Bool {
    var g = driverGeometry
    return microkernel.rows != nil && gml_qs8_dwconv_pads(&g) != 0
  }

  /// The scratch `fast` reads with `microkernel`: the padded copy's
  /// bytes, or 0.
  /// - Parameter microkernel: the microkernel `fast` runs.
  public func fastScratchByteCount(_ microkernel: Microkernel) -> Int {
    var g = driverGeometry
    return readsPaddedCopy(microkernel) ? gml_qs8_dwconv_padded_size(&g) : 0
  }

  /// Writes the padded copy `fast` reads into `copy`
  /// (`fastScratchByteCount` bytes), once per invoke, before any part
  /// runs; nothing when `readsPaddedCopy` is false.
  /// - Parameters:
  ///   - input: `batches·inputH·inputW·inputDepth` int8 values, NHWC.
  ///   - copy: the scratch every part of `fast` then reads.
  ///   - microkernel: the microkernel `fast` runs.
  public func padForFast(
    input: UnsafeBufferPointer<Int8>, copy: UnsafeMutableRawBufferPointer,
    microkernel: Microkernel
  ) {
    guard readsPaddedCopy(microkernel), let x = input.baseAddress,
      let out = copy.baseAddress?.assumingMemoryBound(to: Int8.self)
    else { return }
    assert(
      copy.count >= fastScratchByteCount(microkernel),
      "DepthwiseConv2DInt8.padForFast: copy too small")
    var g = driverGeometry
    _ = gml_qs8_dwconv_pad(&g, x, -inputOffset, out)
  }

  /// The depthwise convolution with `microkernel` on the packed filter:
  /// the same bytes as `reference`.
  ///
  /// - Parameters:
  ///   - input: `batches·inputH·inputW·inputDepth` int8 values, NHWC.
  ///   - packed: the bytes `pack` wrote.
  ///   - scratch: `fastScratchByteCount(microkernel)` bytes (or more) for
  ///     the padded copy.
  ///   - output: `outputShape` int8 values, NHWC.
  ///   - microkernel: a supported one that handles this filter
  ///     (`FastKernelSet.depthwise(taps:)`).
  public func fast(
    input: UnsafeBufferPointer<Int8>, packed: UnsafeRawBufferPointer,
    scratch: UnsafeMutableRawBufferPointer, output: UnsafeMutableBufferPointer<Int8>,
    microkernel: Microkernel
  ) {
    padForFast(input: input, copy: scratch, microkernel: microkernel)
    fast(
      input: input, packed: packed, copy: UnsafeRawBufferPointer(scratch), output: output,
      microkernel: microkernel, rows: 0..<geometry.batches * geometry.outputH)
  }

  /// `fast` for output rows `rows`, counted across batches
  /// (`0..<batches·outputH` is all of them), after `padForFast` wrote
  /// `copy`. Parts that cover the output write exactly `fast`'s bytes, so
  /// threads can each compute one.
  ///
  /// - Parameters:
  ///   - input: `batches·inputH·inputW·inputDepth` int8 values, NHWC.
  ///   - packed: the bytes `pack` wrote.
  ///   - copy: the padded copy (read when `readsPaddedCopy`; when empty,
  ///     the input is read in place, border pixels by a pointer per tap).
  ///   - output: `outputShape` int8 values, NHWC.
  ///   - microkernel: a supported one that handles this filter.
  ///   - rows: output rows, within `batches·outputH`.
  public func fast(
    input: UnsafeBufferPointer<Int8>, packed: UnsafeRawBufferPointer,
    copy: UnsafeRawBufferPointer, output: UnsafeMutableBufferPointer<Int8>,
    microkernel: Microkernel, rows: Range<Int>
  ) {
    let g = geometry
    assert(output.count == g.outputShape.dims.reduce(1, *), "DepthwiseConv2DInt8.fast: output")
    assert(packed.count >= packedByteCount, "DepthwiseConv2DInt8.fast: packed size")
    assert(microkernel.handles(taps: taps), "DepthwiseConv2DInt8.fast: microkernel taps")
    assert(rows.upperBound <= g.batches * g.outputH, "DepthwiseConv2DInt8.fast: rows")
    guard !rows.isEmpty,
      var x = input.baseAddress, let w = packed.baseAddress, let y = output.baseAddress
    else { return }
    var shape = driverGeometry
    if readsPaddedCopy(microkernel),
      let padded = copy.baseAddress?.assumingMemoryBound(to: Int8.self)
    {
      assert(
        copy.count >= fastScratchByteCount(microkernel), "DepthwiseConv2DInt8.fast: copy too small")
      shape = gml_qs8_dwconv_padded_geometry(&shape)
      x = UnsafePointer(padded)
    }
    var params = gml_qs8_params(
      kind: Int32(GML_QS8_GEMMLOWP), zero_point: outputOffset, min: range.min, max: range.max)
    if let whole = microkernel.rows, gml_qs8_dwconv_rows_ok(&shape) != 0 {
      whole(&shape, x, w, y, &params, rows.lowerBound, rows.upperBound)
    } else {
      gml_qs8_dwconv(
        &shape, x, w, y, &params, microkernel.kernel, rows.lowerBound, rows.upperBound)
    }
  }
}
