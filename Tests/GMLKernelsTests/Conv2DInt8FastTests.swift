// GMLKernelsTests/Conv2DInt8FastTests.swift — Conv2DInt8.fast on every tile and the dispatcher against the reference, byte for byte.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

final class Conv2DInt8FastTests: XCTestCase {
  /// One random convolution: its parameters and data.
  struct Case: CustomStringConvertible {
    var p: Conv2DInt8
    var input: [Int8]
    var filter: [Int8]
    var bias: [Int32]
    var description: String

    /// K of the GEMM.
    var depth: Int { p.geometry.filterH * p.geometry.filterW * p.geometry.inputDepth }

    /// The reference's output.
    var expected: [Int8] {
      runInt8Layer(input, filter, bias, count: p.geometry.outputShape.dims.reduce(1, *)) {
        p.reference(input: $0, filter: $1, bias: $2, output: $3)
      }
    }

    /// `fast` with `tile`, packed and run in buffers of exactly the sizes
    /// the kernel asks for (guard bytes checked).
    func fast(_ tile: GEMMInt8.Tile) -> [Int8]? {
      input.withUnsafeBufferPointer { x in
        filter.withUnsafeBufferPointer { f in
          bias.withUnsafeBufferPointer { b in
            runFast(
              packedCount: p.packedByteCount(tile), scratchCount: p.fastScratchByteCount(tile),
              outputCount: p.geometry.outputShape.dims.reduce(1, *), "\(self) \(tile.name)",
              pack: { p.pack(filter: f, bias: b, tile: tile, into: $0) },
              run: { p.fast(input: x, packed: $0, scratch: $1, output: $2, tile: tile) })
          }
        }
      }
    }
  }

  /// A random case: 1×1 often (in place or gathered), else up to 5×5;
  /// strides 1–3, dilation 1–2, SAME/VALID/explicit padding; depths and
  /// channel counts below, at and past the tiles' 8; extreme zero points
  /// and scales; per-tensor or per-channel; with or without bias; any
  /// fused activation; extreme-valued data sometimes.
  static func randomCase(_ rng: inout SplitMix64) throws -> Case {
    let batches = 1 + rng.below(2)
    let (h, w) = (1 + rng.below(9), 1 + rng.below(9))
    let depth = rng.pick([1, 2, 3, 5, 7, 8, 9, 16, 17, 24, 31, 40])
    let channels = rng.pick([1, 2, 3, 7, 8, 9, 15, 16, 17, 24, 33])
    let pointwise = rng.below(3) == 0
    let (kh, kw) = pointwise ? (1, 1) : (1 + rng.below(5), 1 + rng.below(5))
    let (sh, sw) = (1 + rng.below(3), 1 + rng.below(3))
    let (dh, dw) = rng.below(4) == 0 ? (1 + rng.below(2), 1 + rng.below(2)) : (1, 1)
    var padding = Padding2D.zero
    var paddingName = "valid"
    switch rng.below(3) {
    case 0:
      padding = Padding2D.same(
        inputH: h, inputW: w, filterH: kh, filterW: kw, strideH: sh, strideW: sw,
        dilationH: dh, dilationW: dw)
      paddingName = "same"
    case 1:
      padding = Padding2D(
        top: rng.below(3), bottom: rng.below(3), left: rng.below(3), right: rng.below(3))
      paddingName = "explicit"
    default: break
    }
    if pointwise && rng.below(2) == 0 { (padding, paddingName) = (.zero, "valid") }
    if (h + padding.top + padding.bottom) < (kh - 1) * dh + 1
      || (w + padding.left + padding.right) < (kw - 1) * dw + 1
    {
      padding = Padding2D(top: kh * dh, bottom: 0, left: kw * dw, right: 0)
      paddingName = "explicit"
    }
    let hasBias = rng.below(4) != 0
    let perChannel = rng.below(3) != 0
    let filterScales = (0..<(perChannel ? channels : 1)).map { _ in rng.scale() }
    let (inZero, outZero) = (rng.zeroPoint(), rng.zeroPoint())
    // Half the cases with scales that put outputs in range, half extreme.
    let inScale = rng.scale()
    let outScale =
      rng.below(2) == 0
      ? rng.outputScale(inputScale: inScale, weightScale: filterScales[0], depth: kh * kw * depth)
      : rng.scale()
    func make(_ activation: Activation) throws -> Conv2DInt8 {
      let g = try Conv2D(
        input: Shape([batches, h, w, depth]), filter: Shape([channels, kh, kw, depth]),
        bias: hasBias ? Shape([channels]) : nil, strideH: sh, strideW: sw, dilationH: dh,
        dilationW: dw, padding: padding, activation: activation)
      return try Conv2DInt8(
        g, inputScale: inScale, inputZeroPoint: inZero, filterScales: filterScales,
        outputScale: outScale, outputZeroPoint: outZero)
    }
    // An activation bound outside Int32 at a tiny scale is refused: none then.
    let p = try (try? make(rng.activation())) ?? make(.none)
    let extremes = rng.below(5) == 0
    let input = rng.int8s(batches * h * w * depth, extremes: extremes)
    let filter = rng.int8s(channels * kh * kw * depth, extremes: extremes)
    let bias = hasBias ? rng.biases(channels) : []
    let description =
      "conv2d_int8_\(batches)x\(h)x\(w)x\(depth)_o\(channels)_k\(kh)x\(kw)_s\(sh)x\(sw)"
      + "_d\(dh)x\(dw)_\(paddingName) zp \(inZero)/\(outZero) \(p.geometry.activation)"
      + " \(perChannel ? "per-channel" : "per-tensor")\(hasBias ? "" : " no bias")"
    return Case(p: p, input: input, filter: filter, bias: bias, description: description)
  }

  /// Every tile this CPU runs, on 1000 random convolutions.
  func testEveryTileMatchesTheReference() throws {
    var rng = SplitMix64(seed: 7)
    let tiles = supportedTiles
    XCTAssertFalse(tiles.isEmpty)
    var (checked, values, interior) = (0, 0, 0)
    for _ in 0..<1000 {
      let c = try Self.randomCase(&rng)
      XCTAssertTrue(c.p.hasFastKernel, c.description)
      let expected = c.expected
      values += expected.count
      interior += expected.filter { $0 > -128 && $0 < 127 }.count
      for tile in tiles where tile.accepts(depth: c.depth) {
        guard let got = c.fast(tile) else { return }
        if !assertSameBytes(got, expected, "\(c) tile \(tile.name)") { return }
        checked += 1
      }
    }
    print(
      "Conv2DInt8.fast: \(checked) case×tile runs byte-equal on \(tiles.map(\.name)); "
        + "\(interior) of \(values) reference outputs inside -127...126")
  }

  /// Which convolutions a tile with a direct form reads in place: not a
  /// 1×1 GEMM read as it lies, not filter rows of 1 or 2 bytes (rounding
  /// up to 4 would cost too much), a padded copy when the convolution pads
  /// or a filter row's bytes are not a multiple of 4.
  func testDirectFormChoice() throws {
    func conv(_ depth: Int, _ k: Int, _ stride: Int, _ padding: Padding2D) throws -> Conv2DInt8 {
      let g = try Conv2D(
        input: Shape([1, 9, 9, depth]), filter: Shape([16, k, k, depth]), bias: nil,
        strideH: stride, strideW: stride, dilationH: 1, dilationW: 1, padding: padding,
        activation: .none)
      return try Conv2DInt8(
        g, inputScale: 0.1, inputZeroPoint: 3, filterScales: [0.01], outputScale: 0.2,
        outputZeroPoint: -1)
    }
    let same = Padding2D(top: 1, bottom: 1, left: 1, right: 1)
    for tile in GEMMInt8.tiles where tile.hasDirectConv {
      XCTAssertTrue(try conv(16, 3, 1, same).usesDirect(tile))
      XCTAssertTrue(try conv(16, 3, 1, same).readsPaddedCopy(tile))
      XCTAssertTrue(try conv(16, 3, 2, .zero).usesDirect(tile))
      XCTAssertFalse(try conv(16, 3, 2, .zero).readsPaddedCopy(tile))
      XCTAssertTrue(try conv(3, 3, 2, .zero).readsPaddedCopy(tile), "rows of 9 bytes read 12")
      XCTAssertTrue(try conv(1, 3, 1, same).usesDirect(tile), "rows of 3 bytes read 4")
      XCTAssertTrue(try conv(4, 1, 2, .zero).usesDirect(tile), "1x1 stride 2")
      XCTAssertFalse(try conv(4, 1, 2, .zero).readsPaddedCopy(tile))
      XCTAssertFalse(try conv(2, 1, 2, .zero).usesDirect(tile), "rows of 2 bytes")
      XCTAssertFalse(try conv(16, 1, 1, .zero).usesDirect(tile), "read in place as GEMM rows")
    }
    for tile in GEMMInt8.tiles where !tile.hasDirectConv {
      XCTAssertFalse(try conv(16, 3, 1, same).usesDirect(tile))
    }
  }

  /// The tile each tier this CPU runs picks (`preferredTile(in:)`), on
  /// the same sweep.
  func testDispatcherMatchesTheReference() throws {
    var rng = SplitMix64(seed: 8)
    for _ in 0..<200 {
      let c = try Self.randomCase(&rng)
      let g = c.p.geometry
      for kernels in supportedKernelSets {
        let tile = c.p.preferredTile(in: kernels)
        XCTAssertTrue(tile.isSupported)
        XCTAssertTrue(tile.accepts(depth: g.filterH * g.filterW * g.inputDepth))
        guard let got = c.fast(tile) else { return }
        if !assertSameBytes(got, c.expected, "\(c) \(kernels.tier.name) \(tile.name)") { return }
      }
    }
  }
}
