// GMLKernels/Conv2DInt8+Fast.swift — int8 Conv2D as a GEMM on packed weights (GEMMInt8 tiles), bit-exact with the reference. Must not allocate.
import CGMLMicrokernels

extension Conv2DInt8 {
  /// Whether `fast` gives the reference's bytes for these parameters:
  /// one group (the GEMM reads every input channel), and every multiplier
  /// one `QuantizedMultiplier(_:)` can make, as `init` made them.
  public var hasFastKernel: Bool { geometry.groups == 1 && requantization.isPackable }

  /// K of the GEMM: `filterH·filterW·inputDepth`.
  var gemmDepth: Int { geometry.filterH * geometry.filterW * geometry.inputDepth }

  /// Whether the input's pixels are the GEMM's rows as they lie: a 1×1
  /// filter, stride 1, no padding, and K a multiple of 8 (then no im2col).
  var readsInputInPlace: Bool {
    let g = geometry
    return g.filterH == 1 && g.filterW == 1 && g.strideH == 1 && g.strideW == 1
      && g.padding == .zero && g.inputDepth % 8 == 0
  }

  var requantization: GEMMInt8.Requantization { .fixedPoint(multipliers) }

  /// The window geometry `gml_qs8_im2col` gathers with.
  var window: gml_qs8_window { geometry.window(zeroPoint: -inputOffset) }

  /// The tile of `kernels` that `fast` runs best with
  /// (`FastKernelSet.gemmTile`).
  /// - Parameter kernels: the fast kernels of the tier that runs.
  /// - Returns: a tile that accepts K.
  public func preferredTile(in kernels: FastKernelSet) -> GEMMInt8.Tile {
    let g = geometry
    return kernels.gemmTile(
      rows: g.batches * g.outputH * g.outputW, depth: gemmDepth, channels: g.outputDepth)
  }

  /// The bytes of the filter packed for `tile` (`pack`).
  /// - Parameter tile: the tile `fast` will run.
  /// - Returns: bytes of the packed filter.
  public func packedByteCount(_ tile: GEMMInt8.Tile) -> Int {
    GEMMInt8.packedByteCount(
      layout: tile.layout, channels: geometry.outputDepth, depth: depth(for: tile),
      requantization: requantization)
  }

  /// How many windows `fast` gathers at a time with `tile`: whole tiles,
  /// up to 16 of them or about 8 KiB (one call per tile cost more in
  /// setup than in copying).
  func gatheredRows(_ tile: GEMMInt8.Tile) -> Int {
    let tileBytes = tile.rows * GEMMInt8.packedDepth(gemmDepth)
    return tile.rows * max(1, min(16, 8192 / max(tileBytes, 1)))
  }

  /// The scratch `fast` needs with `tile`: `gatheredRows(tile)` gathered
  /// windows, or none when the input is read in place.
  /// - Parameter tile: the tile `fast` will run.
  /// - Returns: bytes of scratch.
  public func fastScratchByteCount(_ tile: GEMMInt8.Tile) -> Int {
    if usesDirect(tile) { return readsPaddedCopy(tile) ? paddedCopyByteCount : 0 }
    return readsInputInPlace ? 0 : gatheredRows(tile) * GEMMInt8.packedDepth(gemmDepth)
  }

  /// Packs the filter and bias for `fast` with `tile`, once, at prepare.
  /// - Parameters:
  ///   - filter: `outputDepth·filterH·filterW·inputDepth` int8 values.
  ///   - bias: `outputDepth` int32 values, or empty when `hasBias` is false.
  ///   - tile: the tile `fast` will run.
  ///   - packed: `packedByteCount(tile)` bytes.
  public func pack(
    filter: UnsafeBufferPointer<Int8>, bias: UnsafeBufferPointer<Int32>, tile: GEMMInt8.Tile,
    into packed: UnsafeMutableRawBufferPointer
  ) {
    let bias = geometry.hasBias ? bias : UnsafeBufferPointer(start: nil, count: 0)
    guard usesDirect(tile) && directRowBytes != geometry.filterW * geometry.inputDepth else {
      GEMMInt8.pack(
        layout: tile.layout, weights: filter, bias: bias, channels: geometry.outputDepth,
        depth: depth(for: tile), inputOffset: inputOffset, requantization: requantization,
        into: packed)
      return
    }
    geometry.directFilter(filter).withUnsafeBufferPointer {
      GEMMInt8.pack(
        layout: tile.layout, weights: $0, bias: bias, channels: geometry.outputDepth,
        depth: depth(for: tile), inputOffset: inputOffset, requantization: requantization,
        into: packed)
    }
  }

  /// The convolution as a GEMM: for each block of `tile.rows` output
  /// pixels, the tile multiplies their windows by every packed channel and
  /// requantizes. The windows are the input's pixels as they lie (1×1,
  /// stride 1), or copies gathered into `scratch` (`gml_qs8_im2col`) with
  /// K padded to a multiple of 8, positions in the padding taking the
  /// input's zero point, so they add exactly 0.
  /// The same bytes as `reference`.
  ///
  /// - Parameters:
  ///   - input: `batches·inputH·inputW·inputDepth` int8 values, NHWC.
  ///   - packed: the bytes `pack` wrote for `tile`.
  ///   - scratch: `fastScratchByteCount(tile)` bytes (or more).
  ///   - output: `outputShape` int8 values, NHWC.
  ///   - tile: a supported tile that accepts K (`preferredTile`).
  public func fast(
    input: UnsafeBufferPointer<Int8>, packed: UnsafeRawBufferPointer,
    scratch: UnsafeMutableRawBufferPointer, output: UnsafeMutableBufferPointer<Int8>,
    tile: GEMMInt8.Tile
  ) {
    let g = geometry
    padForDirect(input: input, copy: scratch, tile: tile)
    fast(
      input: input, packed: packed, scratch: scratch, output: output, tile: tile,
      pixels: 0..<g.batches * g.outputH * g.outputW, channels: 0..<g.outputDepth)
  }

  /// `fast` for a part of the output: output pixels `pixels` (flat over
  /// batch, row and column) of channels `channels`. Parts that cover the
  /// output write exactly `fast`'s bytes, so threads can each compute
  /// one, with their own `scratch` — except where the tile's direct form
  /// reads a padded copy (`readsPaddedCopy`): then `padForDirect` writes
  /// it once, before the parts, and every part gets it as `scratch`.
  ///
  /// - Parameters:
  ///   - input: `batches·inputH·inputW·inputDepth` int8 values, NHWC.
  ///   - packed: the bytes `pack` wrote for `tile`.
  ///   - scratch: `fastScratchByteCount(tile)` bytes (or more).
  ///   - output: `outputShape` int8 values, NHWC.
  ///   - tile: a supported tile that accepts K (`preferredTile`).
  ///   - pixels: output pixels, within `batches·outputH·outputW`.
  ///   - channels: output channels; starts at a multiple of the tile's
  ///     block (`tile.layout.channels`).
  public func fast(
    input: UnsafeBufferPointer<Int8>, packed: UnsafeRawBufferPointer,
    scratch: UnsafeMutableRawBufferPointer, output: UnsafeMutableBufferPointer<Int8>,
    tile: GEMMInt8.Tile, pixels: Range<Int>, channels: Range<Int>
  ) {
    let g = geometry
    let rows = g.batches * g.outputH * g.outputW
    assert(output.count == rows * g.outputDepth, "Conv2DInt8.fast: output size")
    assert(packed.count >= packedByteCount(tile), "Conv2DInt8.fast: packed size")
    assert(tile.accepts(depth: depth(for: tile)), "Conv2DInt8.fast: K too large for the tile")
    assert(scratch.count >= fastScratchByteCount(tile), "Conv2DInt8.fast: scratch size")
    assert(pixels.upperBound <= rows, "Conv2DInt8.fast: pixels out of range")
    assert(
      channels.upperBound <= g.outputDepth && channels.lowerBound % tile.layout.channels == 0,
      "Conv2DInt8.fast: channels out of range or not at a block")
    guard !pixels.isEmpty, !channels.isEmpty,
      let x = input.baseAddress, let packedStart = packed.baseAddress, let y = output.baseAddress
    else { return }
    let w = packedStart + packedByteCount(tile, channels: channels.lowerBound)
    let c = y + channels.lowerBound
    var params = gml_qs8_params(
      kind: Int32(GML_QS8_GEMMLOWP), zero_point: outputOffset, min: range.min, max: range.max)
    withUnsafePointer(to: &params) { p in
      if usesDirect(tile) {
        runDirect(
          input: x, scratch: scratch, packed: w, output: c, tile: tile, pixels: pixels,
          channels: channels.count, params: p)
      } else if readsInputInPlace {
        var m = pixels.lowerBound
        while m < pixels.upperBound {
          let count = min(tile.rows, pixels.upperBound - m)
          tile.run(
            rows: count, channels: channels.count, packedDepth: gemmDepth, a: x + m * gemmDepth,
            aStride: gemmDepth, packed: w, c: c + m * g.outputDepth, cStride: g.outputDepth,
            params: p)
          m += count
        }
      } else if let panel = scratch.baseAddress?.assumingMemoryBound(to: Int8.self) {
        gatherWindows(
          input: x, packed: w, panel: panel, output: c, tile: tile, pixels: pixels,
          channels: channels.count, params: p)
      }
    }
  }

  /// The packed bytes of the first `channels` channels (a multiple of the
  /// tile's block): where channel `channels`'s block starts.
  func packedByteCount(_ tile: GEMMInt8.Tile, channels: Int) -> Int {
    GEMMInt8.packedByteCount(
      layout: tile.layout, channels: channels, depth: depth(for: tile),
      requantization: requantization)
  }

  /// `fast` with windows gathered into `panel`, `gatheredRows(tile)` at a
  /// time, then multiplied `tile.rows` at a time.
  private func gatherWindows(
    input x: UnsafePointer<Int8>, packed w: UnsafeRawPointer, panel: UnsafeMutablePointer<Int8>,
    output y: UnsafeMutablePointer<Int8>, tile: GEMMInt8.Tile, pixels: Range<Int>,
    channels: Int, params p: UnsafePointer<gml_qs8_params>
  ) {
    let g = geometry
    let depth = GEMMInt8.packedDepth(gemmDepth)
    var window = self.window
    let image = g.outputH * g.outputW
    var pixel = gml_qs8_pixel(
      batch: Int32(pixels.lowerBound / image), y: Int32(pixels.lowerBound % image / g.outputW),
      x: Int32(pixels.lowerBound % g.outputW))
    let block = gatheredRows(tile)
    var m = pixels.lowerBound
    while m < pixels.upperBound {
      let gathered = min(block, pixels.upperBound - m)
      gml_qs8_im2col(&window, x, &pixel, gathered, panel, depth)
      var r = 0
      while r < gathered {
        let count = min(tile.rows, gathered - r)
        tile.run(
          rows: count, channels: channels, packedDepth: depth, a: panel + r * depth,
          aStride: depth, packed: w, c: y + (m + r) * g.outputDepth, cStride: g.outputDepth,
          params: p)
        r += count
      }
      m += gathered
    }
  }
}
