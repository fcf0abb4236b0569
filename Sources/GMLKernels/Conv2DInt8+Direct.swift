// GMLKernels/Conv2DInt8+Direct.swift — int8 Conv2D on a tile's direct form: windows read in place (or from a padded copy), no im2col. Must not allocate at invoke.
import CGMLMicrokernels

/// The direct form of the fast Conv2D (`gml_conv.h`): a tile that has one
/// (`GEMMInt8.Tile.hasDirectConv`) reads each output pixel's window from
/// the input through one pointer per pixel and one offset per filter
/// tap, instead of from rows gathered by im2col (a copy of K bytes per
/// pixel, a quarter of a ResNet's time on Zen 4). Its K is
/// `taps × depth4`, the input channels rounded up to 4 per tap with zero
/// weights. When the convolution pads, or the channels are not a multiple
/// of 4, it reads a copy of the input with the padding (the input zero
/// point) and the channels made explicit (`gml_qs8_conv_pad`), written
/// once per run before the tasks start (`padForDirect`).
extension Conv2DInt8 {
  /// Whether `fast` runs `tile`'s direct form: the tile has one, the
  /// input is not already read in place as GEMM rows, the filter has at
  /// most `GML_QS8_CONV_MAX_TAPS` taps, and rounding the channels up to 4
  /// costs at most a third more (3 or more channels, or a multiple of 4).
  /// - Parameter tile: the tile `fast` runs.
  public func usesDirect(_ tile: GEMMInt8.Tile) -> Bool {
    let g = geometry
    return tile.hasDirectConv && !readsInputInPlace
      && g.filterH * g.filterW <= Int(GML_QS8_CONV_MAX_TAPS)
      && (g.inputDepth % 4 == 0 || g.inputDepth >= 3)
  }

  /// The input channels rounded up to 4: K per tap of the direct form.
  var directDepth: Int { (geometry.inputDepth + 3) / 4 * 4 }

  /// K of the GEMM `fast` runs with `tile`: `taps × directDepth` for the
  /// direct form, else `gemmDepth`.
  func depth(for tile: GEMMInt8.Tile) -> Int {
    usesDirect(tile) ? geometry.filterH * geometry.filterW * directDepth : gemmDepth
  }

  /// Whether the direct form reads a padded copy of the input (the
  /// convolution pads, or the channels are not a multiple of 4).
  /// - Parameter tile: the tile `fast` runs.
  public func readsPaddedCopy(_ tile: GEMMInt8.Tile) -> Bool {
    usesDirect(tile) && (geometry.padding != .zero || geometry.inputDepth % 4 != 0)
  }

  /// Bytes of the padded copy (`gml_qs8_conv_padded_size`).
  var paddedCopyByteCount: Int {
    var w = window
    return gml_qs8_conv_padded_size(&w, geometry.batches)
  }

  /// The filter with each tap's channels rounded up to `directDepth` by
  /// zeros, for packing the direct form (at prepare; allocates).
  func directFilter(_ filter: UnsafeBufferPointer<Int8>) -> [Int8] {
    let g = geometry
    let taps = g.filterH * g.filterW
    var out = [Int8](repeating: 0, count: g.outputDepth * taps * directDepth)
    for n in 0..<g.outputDepth {
      for t in 0..<taps {
        for c in 0..<g.inputDepth {
          out[(n * taps + t) * directDepth + c] = filter[(n * taps + t) * g.inputDepth + c]
        }
      }
    }
    return out
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
    _ = gml_qs8_conv_pad(&w, geometry.batches, x, out)
  }

  /// `fast`'s part on the direct form: pixels `pixels`, channels from the
  /// packed block at `w` on, output from `c` on (channel offset applied).
  func runDirect(
    input x: UnsafePointer<Int8>, scratch: UnsafeMutableRawBufferPointer,
    packed w: UnsafeRawPointer, output c: UnsafeMutablePointer<Int8>, tile: GEMMInt8.Tile,
    pixels: Range<Int>, channels: Int, params p: UnsafePointer<gml_qs8_params>
  ) {
    guard let kernel = tile.direct else { return }
    let g = geometry
    var w0 = window
    var conv: gml_qs8_conv_geometry
    var buffer = x
    if readsPaddedCopy(tile) {
      guard let copy = scratch.baseAddress?.assumingMemoryBound(to: Int8.self) else { return }
      var height: Int32 = 0
      var width: Int32 = 0
      gml_qs8_conv_padded_extent(&w0, &height, &width)
      conv = gml_qs8_conv_in_place(&w0)
      conv.image_h = height
      conv.image_w = width
      conv.depth4 = Int32(directDepth)
      buffer = UnsafePointer(copy)
    } else {
      conv = gml_qs8_conv_in_place(&w0)
    }
    let image = g.outputH * g.outputW
    var pixel = gml_qs8_pixel(
      batch: Int32(pixels.lowerBound / image), y: Int32(pixels.lowerBound % image / g.outputW),
      x: Int32(pixels.lowerBound % g.outputW))
    gml_qs8_conv_run(
      &conv, kernel, tile.rows, buffer, &pixel, pixels.count, channels,
      GEMMInt8.packedDepth(depth(for: tile)), w, c + pixels.lowerBound * g.outputDepth,
      g.outputDepth, p)
  }
}
