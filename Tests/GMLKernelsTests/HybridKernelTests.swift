// GMLKernelsTests/HybridKernelTests.swift — hybrid FullyConnected/Conv2D/DepthwiseConv2D against the float kernels, and the input quantizer.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

/// Tolerance: inputs and weights uniform in [-1, 1); the hybrid result
/// differs from float by the 8-bit rounding of both (each ≤ half a step of
/// 2/255 or max|w|/127), summed over K ≤ 54 terms: within 0.06 absolute.
final class HybridKernelTests: XCTestCase {
  /// Symmetric per-channel int8 of `w` (channel = index / inner % channels).
  private func quantize(_ w: [Float], channels: Int, inner: Int) -> ([Int8], [Float]) {
    var maxAbs = [Float](repeating: 0, count: channels)
    for (i, v) in w.enumerated() {
      maxAbs[(i / inner) % channels] = max(maxAbs[(i / inner) % channels], abs(v))
    }
    let scales = maxAbs.map { $0 > 0 ? $0 / 127 : 1 }
    let q = w.enumerated().map { i, v in Int8((v / scales[(i / inner) % channels]).rounded()) }
    return (q, scales)
  }

  private func run(
    _ x: [Float], _ q: [Int8], _ bias: [Float], count: Int, scratch: Int,
    _ kernel: (
      UnsafeBufferPointer<Float>, UnsafeBufferPointer<Int8>, UnsafeBufferPointer<Float>,
      UnsafeMutableBufferPointer<Float>, UnsafeMutableRawBufferPointer
    ) -> Void
  ) -> [Float] {
    let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: scratch, alignment: 16)
    defer { bytes.deallocate() }
    return x.withUnsafeBufferPointer { xb in
      q.withUnsafeBufferPointer { qb in
        bias.withUnsafeBufferPointer { bb in
          kernelOutput(count: count) { kernel(xb, qb, bb, $0, bytes) }
        }
      }
    }
  }

  func testAsymmetricQuantizeHandComputed() {
    let values: [Float] = [-1, 0, 0.5, 3]
    var q = [Int8](repeating: 0, count: 4)
    let (scale, zero) = values.withUnsafeBufferPointer { v in
      q.withUnsafeMutableBufferPointer { AsymmetricQuantizeInt8.quantize(v, into: $0) }
    }
    // scale = 4/255; zero from min: -128 + 63.75 = -64.25 (error 191.75)
    // beats zero from max: 127 - 191.25 = -64.25 → round → -64.
    XCTAssertEqual(scale, 4 / 255, accuracy: 1e-7)
    XCTAssertEqual(zero, -64)
    XCTAssertEqual(q, [-128, -64, -32, 127])
    let zeros: [Float] = [0, 0]
    var z: [Int8] = [5, 5]
    let r = zeros.withUnsafeBufferPointer { v in
      z.withUnsafeMutableBufferPointer { AsymmetricQuantizeInt8.quantize(v, into: $0) }
    }
    XCTAssertEqual(r.scale, 1)
    XCTAssertEqual(z, [0, 0])
  }

  func testFullyConnectedHybridMatchesFloat() throws {
    var rng = SplitMix64(seed: 11)
    for (rows, k, n) in [(1, 1, 1), (3, 17, 5), (2, 54, 9)] {
      let x = randomFloats(rows * k, &rng)
      let w = randomFloats(n * k, &rng)
      let b = randomFloats(n, &rng)
      let g = try FullyConnected(
        input: Shape([rows, k]), weights: Shape([n, k]), bias: Shape([n]))
      let (q, scales) = quantize(w, channels: n, inner: k)
      let h = try FullyConnectedHybrid(g, weightScales: scales)
      let expected = ternary(x, w, b, count: rows * n) {
        g.reference(input: $0, weights: $1, bias: $2, output: $3)
      }
      let actual = run(x, q, b, count: rows * n, scratch: h.scratch.byteCount) {
        h.reference(input: $0, weights: $1, bias: $2, output: $3, scratch: $4)
      }
      assertClose(actual, expected, tolerance: 0.06, "FC \(rows)x\(k)→\(n)")
    }
  }

  func testConv2DHybridMatchesFloat() throws {
    var rng = SplitMix64(seed: 12)
    let g = try Conv2D(
      input: Shape([2, 5, 6, 3]), filter: Shape([4, 3, 3, 3]), bias: Shape([4]), strideH: 2,
      padding: Padding2D(top: 1, bottom: 1, left: 1, right: 1), activation: .relu)
    let x = randomFloats(2 * 5 * 6 * 3, &rng)
    let w = randomFloats(4 * 27, &rng)
    let b = randomFloats(4, &rng)
    let (q, scales) = quantize(w, channels: 4, inner: 27)
    let h = try Conv2DHybrid(g, filterScales: scales)
    let count = 2 * g.outputH * g.outputW * 4
    let expected = ternary(x, w, b, count: count) {
      g.reference(input: $0, filter: $1, bias: $2, output: $3)
    }
    let actual = run(x, q, b, count: count, scratch: h.scratch.byteCount) {
      h.reference(input: $0, filter: $1, bias: $2, output: $3, scratch: $4)
    }
    assertClose(actual, expected, tolerance: 0.06, "Conv2D")
  }

  func testDepthwiseConv2DHybridMatchesFloat() throws {
    var rng = SplitMix64(seed: 13)
    let g = try DepthwiseConv2D(
      input: Shape([2, 6, 5, 3]), filter: Shape([1, 3, 3, 6]), bias: Shape([6]),
      depthMultiplier: 2, strideW: 2, padding: Padding2D(top: 1, bottom: 1, left: 0, right: 1))
    let x = randomFloats(2 * 6 * 5 * 3, &rng)
    let w = randomFloats(54, &rng)
    let b = randomFloats(6, &rng)
    let (q, scales) = quantize(w, channels: 6, inner: 1)
    let h = try DepthwiseConv2DHybrid(g, filterScales: scales)
    let count = 2 * g.outputH * g.outputW * 6
    let expected = ternary(x, w, b, count: count) {
      g.reference(input: $0, filter: $1, bias: $2, output: $3)
    }
    let actual = run(x, q, b, count: count, scratch: h.scratch.byteCount) {
      h.reference(input: $0, filter: $1, bias: $2, output: $3, scratch: $4)
    }
    assertClose(actual, expected, tolerance: 0.03, "DepthwiseConv2D")
  }

  func testBadScalesAreRejected() throws {
    let g = try FullyConnected(input: Shape([1, 2]), weights: Shape([3, 2]), bias: nil)
    assertThrowsKind(.invalidQuantization) {
      _ = try FullyConnectedHybrid(g, weightScales: [1, 1])
    }
    assertThrowsKind(.invalidQuantization) { _ = try FullyConnectedHybrid(g, weightScales: [0]) }
  }
}
