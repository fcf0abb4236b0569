// GMLKernelsTests/DSPConvolutionTests.swift — the Cortex-M DSP convolutions (Conv2DInt8.dsp, DepthwiseConv2DInt8.dsp) against the reference, byte for byte.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

/// On the host the DSP instructions are C (`qs8_dsp.h`); the same code
/// runs with the real ones on a Cortex-M (`tools/microkernel-check.sh`
/// under qemu, `tools/embedded-build.sh --check`).
final class DSPConvolutionTests: XCTestCase {
  /// The C kernels read `QuantizedMultiplier`s as (multiplier, shift)
  /// int32 pairs.
  func testMultiplierLayoutIsTwoInt32() {
    XCTAssertEqual(MemoryLayout<QuantizedMultiplier>.stride, 8)
    XCTAssertEqual(MemoryLayout<QuantizedMultiplier>.offset(of: \.multiplier), 0)
    XCTAssertEqual(MemoryLayout<QuantizedMultiplier>.offset(of: \.shift), 4)
  }

  /// Conv2D on 3000 random convolutions (their scales give channels
  /// without a right shift too: gemmlowp's steps), with exactly the
  /// scratch it asks for.
  func testConv2DMatchesTheReference() throws {
    var rng = SplitMix64(seed: 16)
    let checked = try checkRandomCases(atLeast: 2999) {
      let c = try Conv2DInt8FastTests.randomCase(&rng)
      let got = Self.run(
        c.input, c.filter, c.bias, scratch: c.p.dspScratchByteCount,
        outputCount: c.p.geometry.outputShape.dims.reduce(1, *), "\(c) dsp"
      ) {
        c.p.dsp(input: $0, filter: $1, bias: $2, output: $3, scratch: $4)
      }
      return (got, c.expected, "\(c) dsp")
    }
    print("Conv2DInt8.dsp: \(checked) cases byte-equal")
  }

  /// DepthwiseConv2D on 3000 random convolutions (3×3 half the time, other
  /// filters up to 5×5), with exactly the scratch it asks for.
  func testDepthwiseConv2DMatchesTheReference() throws {
    var rng = SplitMix64(seed: 16)
    let checked = try checkRandomCases(atLeast: 2999) {
      let c = try DepthwiseConv2DInt8FastTests.randomCase(&rng)
      guard c.p.hasDSPKernel else { return nil }
      let got = Self.run(
        c.input, c.filter, c.bias, scratch: c.p.dspScratchByteCount, outputCount: c.outputCount,
        "\(c) dsp"
      ) { c.p.dsp(input: $0, filter: $1, bias: $2, output: $3, scratch: $4) }
      return (got, c.expected, "\(c) dsp")
    }
    print("DepthwiseConv2DInt8.dsp: \(checked) cases byte-equal")
  }

  /// FullyConnected on 3000 random layers (rows, depths off the 4-k
  /// step, per-tensor and per-channel), out-of-range scaling and ties,
  /// and weights with a zero point (which the DSP kernel takes too).
  func testFullyConnectedMatchesTheReference() throws {
    var rng = SplitMix64(seed: 16)
    let checked = try checkRandomCases(atLeast: 2999) {
      let c = try FullyConnectedInt8FastTests.randomCase(&rng)
      let got = Self.run(
        c.input, c.weights, c.bias, scratch: 0, outputCount: c.outputCount, "\(c) dsp"
      ) { x, w, b, out, _ in c.p.dsp(input: x, weights: w, bias: b, output: out) }
      return (got, c.expected, "\(c) dsp")
    }
    print("FullyConnectedInt8.dsp: \(checked) cases byte-equal")
    let g = try FullyConnected(input: Shape([3, 6]), weights: Shape([4, 6]), bias: Shape([4]))
    for (weightScales, weightZeroPoint) in [([256, 1, 0.5, 2.0e-6] as [Float], 0), ([0.25], 7)] {
      let p = try FullyConnectedInt8(
        g, inputScale: 256, inputZeroPoint: 3, weightScales: weightScales,
        weightZeroPoint: Int32(weightZeroPoint), outputScale: 1.0e-6, outputZeroPoint: -5)
      let c = FullyConnectedInt8FastTests.Case(
        p: p, input: (0..<18).map { Int8(truncatingIfNeeded: $0 * 37 - 128) },
        weights: (0..<24).map { Int8(truncatingIfNeeded: $0 * 53 + 127) },
        bias: [Int32.max, -7, 1, 0], description: "out-of-range scaling, zp \(weightZeroPoint)")
      let got = Self.run(c.input, c.weights, c.bias, scratch: 0, outputCount: 12, "\(c)") {
        x, w, b, out, _ in c.p.dsp(input: x, weights: w, bias: b, output: out)
      }
      guard let got else { return }
      _ = assertSameBytes(got, c.expected, "\(c) dsp")
    }
  }

  /// Runs `next` 3000 times; each non-nil answer's bytes must equal the
  /// reference's, and at least `atLeast` must be checked.
  /// - Returns: how many were.
  func checkRandomCases(
    atLeast: Int, _ next: () throws -> (got: [Int8]?, expected: [Int8], name: String)?,
    file: StaticString = #filePath, line: UInt = #line
  ) rethrows -> Int {
    var checked = 0
    for _ in 0..<3000 {
      guard let c = try next() else { continue }
      guard let got = c.got, assertSameBytes(got, c.expected, c.name) else { return checked }
      checked += 1
    }
    XCTAssertGreaterThan(checked, atLeast, file: file, line: line)
    return checked
  }

  /// Runs a kernel in guarded buffers of exactly its sizes (`runFast`).
  static func run(
    _ input: [Int8], _ filter: [Int8], _ bias: [Int32], scratch: Int, outputCount: Int,
    _ name: String,
    _ kernel: (
      UnsafeBufferPointer<Int8>, UnsafeBufferPointer<Int8>, UnsafeBufferPointer<Int32>,
      UnsafeMutableBufferPointer<Int8>, UnsafeMutableRawBufferPointer
    ) -> Void
  ) -> [Int8]? {
    input.withUnsafeBufferPointer { x in
      filter.withUnsafeBufferPointer { f in
        bias.withUnsafeBufferPointer { b in
          runFast(
            packedCount: 0, scratchCount: scratch, outputCount: outputCount, name,
            pack: { _ in }, run: { kernel(x, f, b, $2, $1) })
        }
      }
    }
  }

  /// Depth multipliers above 1 keep the reference; any filter with
  /// multiplier 1 has the DSP kernel.
  func testNoDSPKernelForDepthMultipliers() throws {
    for (filter, multiplier) in [(Shape([1, 5, 5, 4]), 1), (Shape([1, 3, 3, 8]), 2)] {
      let g = try DepthwiseConv2D(
        input: Shape([1, 6, 6, 4]), filter: filter, bias: nil, depthMultiplier: multiplier)
      let p = try DepthwiseConv2DInt8(
        g, inputScale: 0.5, inputZeroPoint: 0, filterScales: [0.01], outputScale: 0.5,
        outputZeroPoint: 0)
      XCTAssertEqual(p.hasDSPKernel, multiplier == 1)
    }
  }
}
