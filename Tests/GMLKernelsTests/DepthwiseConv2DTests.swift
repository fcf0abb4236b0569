// GMLKernelsTests/DepthwiseConv2DTests.swift — DepthwiseConv2D reference: by hand, and as Conv2D per channel.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

/// Float tolerance: 1e-5 absolute (same products, same order as Conv2D).
final class DepthwiseConv2DTests: XCTestCase {
  func testMultiplierTwoByHand() throws {
    // input 2x2x1 = [1 2; 3 4]; multiplier 2, filter [1,2,2,2] with
    // (ky,kx) → [ch0, ch1]: (0,0) [1, 1], (0,1) [1, -1], (1,0) [1, 2], (1,1) [1, 0].
    // ch0 = 1+2+3+4 = 10, + 0.5 = 10.5; ch1 = 1 - 2 + 6 + 0 = 5, - 0.5 = 4.5.
    let p = try DepthwiseConv2D(
      input: Shape([1, 2, 2, 1]), filter: Shape([1, 2, 2, 2]), bias: Shape([2]),
      depthMultiplier: 2)
    XCTAssertEqual(p.outputShape, Shape([1, 1, 1, 2]))
    let out = ternary([1, 2, 3, 4], [1, 1, 1, -1, 1, 2, 1, 0], [0.5, -0.5], count: 2) {
      p.reference(input: $0, filter: $1, bias: $2, output: $3)
    }
    assertClose(out, [10.5, 4.5], tolerance: 0)
  }

  /// Output channel `ic·m + j` equals a Conv2D of input channel `ic` alone
  /// with filter channel `ic·m + j`.
  func testMatchesConv2DPerChannel() throws {
    var rng = SplitMix64(seed: 21)
    for (h, w, k, step, dilation, multiplier) in [
      (5, 5, 3, 1, 1, 2), (6, 7, 3, 2, 1, 2), (8, 8, 3, 1, 2, 1), (5, 4, 2, 2, 1, 3),
    ] {
      let (n, c) = (2, 3)
      let oc = c * multiplier
      let padding = Padding2D.same(
        inputH: h, inputW: w, filterH: k, filterW: k, strideH: step, strideW: step,
        dilationH: dilation, dilationW: dilation)
      let input = randomFloats(n * h * w * c, &rng)
      let filter = randomFloats(k * k * oc, &rng)
      let bias = randomFloats(oc, &rng)
      let p = try DepthwiseConv2D(
        input: Shape([n, h, w, c]), filter: Shape([1, k, k, oc]), bias: Shape([oc]),
        depthMultiplier: multiplier, strideH: step, strideW: step, dilationH: dilation,
        dilationW: dilation, padding: padding, activation: .hardSwish)
      let pixels = n * p.outputH * p.outputW
      let out = ternary(input, filter, bias, count: pixels * oc) {
        p.reference(input: $0, filter: $1, bias: $2, output: $3)
      }
      for ic in 0..<c {
        let channel = stride(from: ic, to: input.count, by: c).map { input[$0] }
        for m in 0..<multiplier {
          let o = ic * multiplier + m
          let single = stride(from: o, to: filter.count, by: oc).map { filter[$0] }
          let conv = try Conv2D(
            input: Shape([n, h, w, 1]), filter: Shape([1, k, k, 1]), bias: Shape([1]),
            strideH: step, strideW: step, dilationH: dilation, dilationW: dilation,
            padding: padding, activation: .hardSwish)
          let expected = ternary(channel, single, [bias[o]], count: pixels) {
            conv.reference(input: $0, filter: $1, bias: $2, output: $3)
          }
          let actual = stride(from: o, to: out.count, by: oc).map { out[$0] }
          assertClose(actual, expected, tolerance: 1e-5, "channel \(o) of \(h)x\(w) k\(k)")
        }
      }
    }
  }

  func testShapeChecks() {
    assertThrowsKind(.shapeMismatch) {
      _ = try DepthwiseConv2D(
        input: Shape([1, 4, 4, 2]), filter: Shape([1, 3, 3, 2]), bias: nil, depthMultiplier: 2)
    }
    assertThrowsKind(.shapeMismatch) {
      _ = try DepthwiseConv2D(
        input: Shape([1, 4, 4, 2]), filter: Shape([2, 3, 3, 2]), bias: nil, depthMultiplier: 1)
    }
    assertThrowsKind(.invalidArgument) {
      _ = try DepthwiseConv2D(
        input: Shape([1, 4, 4, 2]), filter: Shape([1, 3, 3, 2]), bias: nil, depthMultiplier: 0)
    }
  }
}
