// GMLKernels/FullyConnectedInt8+Fast.swift — int8 FullyConnected as a GEMM on packed weights (GEMMInt8 tiles), bit-exact with the reference. Must not allocate.
import CGMLMicrokernels

extension FullyConnectedInt8 {
  /// Whether `fast` gives the reference's bytes: the weights' zero point
  /// is 0 (a per-tensor zero point would add a term per input row, which
  /// the tiles do not compute; such layers keep the reference).
  public var hasFastKernel: Bool { weightsOffset == 0 }

  var requantization: GEMMInt8.Requantization { .double(outputScales) }

  /// The tile of `kernels` that `fast` runs best with
  /// (`FastKernelSet.gemmTile`).
  /// - Parameter kernels: the fast kernels of the tier that runs.
  /// - Returns: a tile that accepts K.
  public func preferredTile(in kernels: FastKernelSet) -> GEMMInt8.Tile {
    kernels.gemmTile(
      rows: geometry.rows, depth: geometry.inputDepth, channels: geometry.outputDepth)
  }

  /// The bytes of the weights packed for `tile` (`pack`).
  /// - Parameter tile: the tile `fast` will run.
  /// - Returns: bytes of the packed weights.
  public func packedByteCount(_ tile: GEMMInt8.Tile) -> Int {
    GEMMInt8.packedByteCount(
      layout: tile.layout, channels: geometry.outputDepth, depth: geometry.inputDepth,
      requantization: requantization)
  }

  /// The scratch `fast` needs with `tile`: `tile.rows` rows padded to a
  /// multiple of 8 values, or none when `inputDepth` is one already.
  /// - Parameter tile: the tile `fast` will run.
  /// - Returns: bytes of scratch.
  public func fastScratchByteCount(_ tile: GEMMInt8.Tile) -> Int {
    let depth = geometry.inputDepth
    return depth % 8 == 0 ? 0 : tile.rows * GEMMInt8.packedDepth(depth)
  }

  /// Packs the weights and bias for `fast` with `tile`, once, at prepare.
  /// - Parameters:
  ///   - weights: `outputDepth·inputDepth` int8 values.
  ///   - bias: `outputDepth` int32 values, or empty when `hasBias` is false.
  ///   - tile: the tile `fast` will run.
  ///   - packed: `packedByteCount(tile)` bytes.
  public func pack(
    weights: UnsafeBufferPointer<Int8>, bias: UnsafeBufferPointer<Int32>, tile: GEMMInt8.Tile,
    into packed: UnsafeMutableRawBufferPointer
  ) {
    GEMMInt8.pack(
      layout: tile.layout, weights: weights,
      bias: geometry.hasBias ? bias : UnsafeBufferPointer(start: nil, count: 0),
      channels: geometry.outputDepth, depth: geometry.inputDepth, inputOffset: inputOffset,
      requantization: requantization, into: packed)
  }

  /// The dense layer as a GEMM: input rows multiplied by every packed
  /// channel, `tile.rows` rows per call (copied into `scratch` with zeros
  /// past `inputDepth` when that is not a multiple of 8), each sum scaled
  /// in double as the reference does. The same bytes as `reference` when
  /// `hasFastKernel`.
  ///
  /// - Parameters:
  ///   - input: `rows·inputDepth` int8 values.
  ///   - packed: the bytes `pack` wrote for `tile`.
  ///   - scratch: `fastScratchByteCount(tile)` bytes (or more).
  ///   - output: `rows·outputDepth` int8 values.
  ///   - tile: a supported tile that accepts K (`preferredTile`).
  public func fast(
    input: UnsafeBufferPointer<Int8>, packed: UnsafeRawBufferPointer,
    scratch: UnsafeMutableRawBufferPointer, output: UnsafeMutableBufferPointer<Int8>,
    tile: GEMMInt8.Tile
  ) {
    fast(
      input: input, packed: packed, scratch: scratch, output: output, tile: tile,
      rows: 0..<geometry.rows, channels: 0..<geometry.outputDepth)
  }

  /// `fast` for a part of the output: rows `rows` of channels `channels`.
  /// Parts that cover the output write exactly `fast`'s bytes, so threads
  /// can each compute one, with their own `scratch`.
  ///
  /// - Parameters:
  ///   - input: `rows·inputDepth` int8 values.
  ///   - packed: the bytes `pack` wrote for `tile`.
  ///   - scratch: `fastScratchByteCount(tile)` bytes (or more).
  ///   - output: `rows·outputDepth` int8 values.
  ///   - tile: a supported tile that accepts K (`preferredTile`).
  ///   - rows: input rows, within `geometry.rows`.
  ///   - channels: output channels; starts at a multiple of the tile's
  ///     block (`tile.layout.channels`).
  public func fast(
    input: UnsafeBufferPointer<Int8>, packed: UnsafeRawBufferPointer,
    scratch: UnsafeMutableRawBufferPointer, output: UnsafeMutableBufferPointer<Int8>,
    tile: GEMMInt8.Tile, rows: Range<Int>, channels: Range<Int>
  ) {
    let g = geometry
    let depth = GEMMInt8.packedDepth(g.inputDepth)
    assert(hasFastKernel, "FullyConnectedInt8.fast: weights with a zero point")
    assert(input.count == g.rows * g.inputDepth, "FullyConnectedInt8.fast: input size")
    assert(output.count == g.rows * g.outputDepth, "FullyConnectedInt8.fast: output size")
    assert(scratch.count >= fastScratchByteCount(tile), "FullyConnectedInt8.fast: scratch size")
    assert(packed.count >= packedByteCount(tile), "FullyConnectedInt8.fast: packed size")
    assert(tile.accepts(depth: g.inputDepth), "FullyConnectedInt8.fast: K too large for the tile")
    assert(rows.upperBound <= g.rows, "FullyConnectedInt8.fast: rows out of range")
    assert(
      channels.upperBound <= g.outputDepth && channels.lowerBound % tile.layout.channels == 0,
      "FullyConnectedInt8.fast: channels out of range or not at a block")
    guard !rows.isEmpty, !channels.isEmpty,
      let x = input.baseAddress, let packedStart = packed.baseAddress, let y = output.baseAddress
    else { return }
    let w =
      packedStart
      + GEMMInt8.packedByteCount(
        layout: tile.layout, channels: channels.lowerBound, depth: g.inputDepth,
        requantization: requantization)
    var params = gml_qs8_params(
      kind: Int32(GML_QS8_FP64), zero_point: outputOffset, min: range.min, max: range.max)
    let inPlace = depth == g.inputDepth
    let panel = scratch.baseAddress?.assumingMemoryBound(to: Int8.self)
    withUnsafePointer(to: &params) { p in
      var m = rows.lowerBound
      while m < rows.upperBound {
        let count = min(tile.rows, rows.upperBound - m)
        var a = x + m * g.inputDepth
        if !inPlace, let panel {
          for r in 0..<count {
            (panel + r * depth).update(from: a + r * g.inputDepth, count: g.inputDepth)
            (panel + r * depth + g.inputDepth).update(repeating: 0, count: depth - g.inputDepth)
          }
          a = UnsafePointer(panel)
        }
        tile.run(
          rows: count, channels: channels.count, packedDepth: depth, a: a,
          aStride: inPlace ? g.inputDepth : depth, packed: w,
          c: y + m * g.outputDepth + channels.lowerBound, cStride: g.outputDepth, params: p)
        m += count
      }
    }
  }
}
