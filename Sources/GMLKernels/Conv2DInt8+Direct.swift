// GMLKernels/Conv2DInt8+Direct.swift — int8 Conv2D on a tile's direct form: windows read in place (or from a padded copy), no im2col. Must not allocate at invoke.
import CGMLMicrokernels

/// The direct form of the fast Conv2D (`gml_conv.h`): a tile that has one
/// (`GEMMInt8.Tile.hasDirectConv`) reads each output pixel's window from
/// the input through one pointer per pixel and one offset per filter row
/// (a row's taps lie together in the input when there is no horizontal
/// dilation), instead of from rows gathered by im2col (a copy of K bytes
/// per pixel, a quarter of a ResNet's time on Zen 4). Its K is
/// `filterH × rowBytes`, each filter row's `filterW·inputDepth` weights
/// followed by zeros up to a multiple of 4. When the convolution pads, or
/// a row's bytes are not a multiple of 4 (so reading the zeros' bytes could
/// pass the input's end), it reads a copy of the input with the padding
/// (the input zero point) and 4 bytes of slack (`gml_qs8_conv_pad`),
/// written once per run before the tasks start (`padForDirect`).
extension Conv2DInt8 {
  /// Whether `fast` runs `tile`'s direct form: the tile has one, the
  /// input is not already read in place as GEMM rows, no horizontal
  /// dilation, at most `GML_QS8_CONV_MAX_ROWS` filter rows, and rounding a
  /// row up to 4 bytes costs at most a third more (3 or more bytes).
  /// - Parameter tile: the tile `fast` runs.
  public func usesDirect(_ tile: GEMMInt8.Tile) -> Bool {
    let g = geometry
    return tile.hasDirectConv && !readsInputInPlace && g.dilationW == 1
      && g.filterH <= Int(GML_QS8_CONV_MAX_ROWS) && g.filterW * g.inputDepth >= 3
  }

  /// A filter row's bytes rounded up to 4: K per row of the direct form.
  var directRowBytes: Int { geometry.directRowBytes }

  /// K of the GEMM `fast` runs with `tile`: `filterH × directRowBytes` for
  /// the direct form, else `gemmDepth`.
  func depth(for tile: GEMMInt8.Tile) -> Int {
    usesDirect(tile) ? geometry.filterH * directRowBytes : gemmDepth
  }

  /// Whether the direct form reads a padded copy of the input (the
  /// convolution pads, or a row's bytes are not a multiple of 4).
  /// - Parameter tile: the tile `fast` runs.
  public func readsPaddedCopy(_ tile: GEMMInt8.Tile) -> Bool {
    var w = window
    return usesDirect(tile) && gml_qs8_conv_reads_in_place(&w) == 0
  }

  /// Bytes of the padded copy (`gml_qs8_conv_padded_size`).
  var paddedCopyByteCount: Int {
    var w = window
    return gml_qs8_conv_padded_size(&w, geometry.batches)
  }

  /// Writes the padded copy the direct form reads into `copy`
  /// (`paddedCopyByteCount` bytes), once per run, before any task of
  /// `fast` starts; a no-op unless `readsPaddedCopy(tile)`.
  /// - Parameters:
  ///   - input: the convolution's input.
  ///   - copy: where the copy goes (the tasks' `scratch`).
  ///   - tile: the tile `fast` runs.
  public func padForDirect(
    input: UnsafeBufferPointer<Int8>, copy: UnsafeMutableRawBufferPointer, tile: GEMMInt8.Tile
  ) {
    guard readsPaddedCopy(tile), let x = input.baseAddress,
      let out = copy.baseAddress?.assumingMemoryBound(to: Int8.self)
    else { return }
    assert(copy.count >= paddedCopyByteCount, "Conv2DInt8.padForDirect: copy too small")
    var w = window
    _ = gml_qs8_conv_pad(&w, geometry.batches, x, out, tile.directU8 == nil ? 0 : 0x80)
  }

  /// `fast`'s part on the direct form: pixels `pixels`, channels from the
  /// packed block at `w` on, output from `c` on (channel offset applied).
  func runDirect(
    input x: UnsafePointer<Int8>, scratch: UnsafeMutableRawBufferPointer,
    packed w: UnsafeRawPointer, output c: UnsafeMutablePointer<Int8>, tile: GEMMInt8.Tile,
    pixels: Range<Int>, channels: Int, params p: UnsafePointer<gml_qs8_params>
  ) {
    guard var kernel = tile.direct else { return }
    let g = geometry
    var w0 = window
    var conv = gml_qs8_conv_in_place(&w0)
    var buffer = x
    if readsPaddedCopy(tile) {
      guard let copy = scratch.baseAddress?.assumingMemoryBound(to: Int8.self) else { return }
      conv = gml_qs8_conv_padded_geometry(&w0)
      buffer = UnsafePointer(copy)
      kernel = tile.directU8 ?? kernel
    }
    let image = g.outputH * g.outputW
    var pixel = gml_qs8_pixel(
      batch: Int32(pixels.lowerBound / image), y: Int32(pixels.lowerBound % image / g.outputW),
      x: Int32(pixels.lowerBound % g.outputW))
    gml_qs8_conv_run(
      &conv, kernel, tile.directRows, buffer, &pixel, pixels.count, channels,
      GEMMInt8.packedDepth(depth(for: tile)), w, c + pixels.lowerBound * g.outputDepth,
      g.outputDepth, p)
  }
}
