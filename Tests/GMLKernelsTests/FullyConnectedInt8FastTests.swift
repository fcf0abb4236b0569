// GMLKernelsTests/FullyConnectedInt8FastTests.swift — FullyConnectedInt8.fast on every tile and the dispatcher against the reference, byte for byte.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

final class FullyConnectedInt8FastTests: XCTestCase {
  /// One random dense layer: its parameters and data.
  struct Case: CustomStringConvertible {
    var p: FullyConnectedInt8
    var input: [Int8]
    var weights: [Int8]
    var bias: [Int32]
    var description: String

    var outputCount: Int { p.geometry.rows * p.geometry.outputDepth }

    /// K of the GEMM.
    var depth: Int { p.geometry.inputDepth }

    /// The reference's output.
    var expected: [Int8] {
      runInt8Layer(input, weights, bias, count: outputCount) {
        p.reference(input: $0, weights: $1, bias: $2, output: $3)
      }
    }

    /// `fast` with `tile`, in buffers of exactly the sizes it asks for.
    func fast(_ tile: GEMMInt8.Tile) -> [Int8]? {
      input.withUnsafeBufferPointer { x in
        weights.withUnsafeBufferPointer { w in
          bias.withUnsafeBufferPointer { b in
            runFast(
              packedCount: p.packedByteCount(tile), scratchCount: p.fastScratchByteCount(tile),
              outputCount: outputCount, "\(self) \(tile.name)",
              pack: { p.pack(weights: w, bias: b, tile: tile, into: $0) },
              run: { p.fast(input: x, packed: $0, scratch: $1, output: $2, tile: tile) })
          }
        }
      }
    }
  }

  /// A random layer: 1–7 rows, depths below, at and past multiples of 8
  /// (640 too), ragged channel counts, extreme zero points and scales
  /// (products past Int32 after scaling, which the reference turns into
  /// Int32.min), per-tensor (zero point 0) or per-channel weights, with or
  /// without bias, any fused activation.
  static func randomCase(_ rng: inout SplitMix64) throws -> Case {
    let rows = rng.pick([1, 1, 2, 3, 4, 5, 7])
    let depth = rng.pick([1, 3, 7, 8, 9, 16, 23, 64, 65, 640, 1 + rng.below(100)])
    let channels = rng.pick([1, 2, 7, 8, 9, 10, 16, 31, 40])
    let hasBias = rng.below(4) != 0
    let perChannel = rng.below(2) == 0
    let scales = (0..<(perChannel ? channels : 1)).map { _ in rng.scale() }
    let (inZero, outZero) = (rng.zeroPoint(), rng.zeroPoint())
    let inScale = rng.scale()
    let outScale =
      rng.below(2) == 0
      ? rng.outputScale(inputScale: inScale, weightScale: scales[0], depth: depth)
      : rng.scale()
    func make(_ activation: Activation) throws -> FullyConnectedInt8 {
      let g = try FullyConnected(
        input: Shape([rows, depth]), weights: Shape([channels, depth]),
        bias: hasBias ? Shape([channels]) : nil, activation: activation)
      return try FullyConnectedInt8(
        g, inputScale: inScale, inputZeroPoint: inZero, weightScales: scales,
        outputScale: outScale, outputZeroPoint: outZero)
    }
    let p = try (try? make(rng.activation())) ?? make(.none)
    let extremes = rng.below(5) == 0
    let description =
      "fully_connected_int8_\(rows)x\(depth)_o\(channels) zp \(inZero)/\(outZero)"
      + " \(p.geometry.activation) \(perChannel ? "per-channel" : "per-tensor")"
      + "\(hasBias ? "" : " no bias")"
    return Case(
      p: p, input: rng.int8s(rows * depth, extremes: extremes),
      weights: rng.int8s(channels * depth, extremes: extremes),
      bias: hasBias ? rng.biases(channels) : [], description: description)
  }

  /// Every tile this CPU runs, on 1000 random layers.
  func testEveryTileMatchesTheReference() throws {
    var rng = SplitMix64(seed: 11)
    var (checked, values, interior) = (0, 0, 0)
    for _ in 0..<1000 {
      let c = try Self.randomCase(&rng)
      XCTAssertTrue(c.p.hasFastKernel, c.description)
      let expected = c.expected
      values += expected.count
      interior += expected.filter { $0 > -128 && $0 < 127 }.count
      for tile in supportedTiles where tile.accepts(depth: c.depth) {
        guard let got = c.fast(tile) else { return }
        if !assertSameBytes(got, expected, "\(c) tile \(tile.name)") { return }
        checked += 1
      }
    }
    print(
      "FullyConnectedInt8.fast: \(checked) case×tile runs byte-equal; "
        + "\(interior) of \(values) reference outputs inside -127...126")
  }

  /// The tile each tier this CPU runs picks (`preferredTile(in:)`), on
  /// the same sweep.
  func testDispatcherMatchesTheReference() throws {
    var rng = SplitMix64(seed: 12)
    for _ in 0..<200 {
      let c = try Self.randomCase(&rng)
      for kernels in supportedKernelSets {
        let tile = c.p.preferredTile(in: kernels)
        XCTAssertTrue(tile.isSupported)
        guard let got = c.fast(tile) else { return }
        if !assertSameBytes(got, c.expected, "\(c) \(kernels.tier.name) \(tile.name)") { return }
      }
    }
  }

  /// Sums far outside int8 after scaling: the reference's double rescale
  /// gives Int32.min past the Int32 range (x86-64's cvttsd2si), which the
  /// zero point then wraps; every tile must agree, ties included.
  func testOutOfRangeScalingAndTies() throws {
    let g = try FullyConnected(input: Shape([3, 2]), weights: Shape([4, 2]), bias: Shape([4]))
    let p = try FullyConnectedInt8(
      g, inputScale: 256, inputZeroPoint: 0, weightScales: [256, 1, 0.5, 2.0e-6],
      outputScale: 1.0e-6, outputZeroPoint: -5)
    let c = Case(
      p: p, input: [127, -128, 1, 1, -1, 3], weights: [127, 127, -128, 1, 3, -3, 1, 1],
      bias: [Int32.max, -7, 1, 0], description: "out-of-range scaling")
    let expected = c.expected
    for tile in supportedTiles where tile.accepts(depth: c.depth) {
      guard let got = c.fast(tile) else { return }
      _ = assertSameBytes(got, expected, "\(c) tile \(tile.name)")
    }
  }

  /// A per-tensor zero point on the weights keeps the reference kernel.
  func testWeightZeroPointHasNoFastKernel() throws {
    let g = try FullyConnected(input: Shape([1, 2]), weights: Shape([2, 2]), bias: nil)
    let p = try FullyConnectedInt8(
      g, inputScale: 0.5, inputZeroPoint: -1, weightScales: [0.25], weightZeroPoint: 1,
      outputScale: 0.125, outputZeroPoint: 4)
    XCTAssertFalse(p.hasFastKernel)
  }
}
