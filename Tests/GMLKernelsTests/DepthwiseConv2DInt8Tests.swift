// GMLKernelsTests/DepthwiseConv2DInt8Tests.swift — int8 DepthwiseConv2D: a hand-worked multiplier-2 case and a dequantize–float–quantize check.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

final class DepthwiseConv2DInt8Tests: XCTestCase {
  func testDepthMultiplierTwoByHand() throws {
    // One pixel, 2 input channels, multiplier 2 → output channels 0,1 from
    // input 0 and 2,3 from input 1. Input scale 1, zp 2, q = [5, -1]
    // (real [3, -3]); filter (1x1) [1, -2, 3, 4] with scales
    // [0.5, 0.5, 0.25, 1]; output scale 0.5, zp -3.
    // acc = [3, -6, -9, -12] × [1, 1, 0.5, 2] = [3, -6, -4.5, -24];
    // -4.5 rounds (gemmlowp) to -4; + zp → [0, -9, -7, -27].
    let g = try DepthwiseConv2D(
      input: Shape([1, 1, 1, 2]), filter: Shape([1, 1, 1, 4]), bias: nil, depthMultiplier: 2)
    let p = try DepthwiseConv2DInt8(
      g, inputScale: 1, inputZeroPoint: 2, filterScales: [0.5, 0.5, 0.25, 1], outputScale: 0.5,
      outputZeroPoint: -3)
    let out = runInt8Layer([5, -1], [1, -2, 3, 4], [], count: 4) {
      p.reference(input: $0, filter: $1, bias: $2, output: $3)
    }
    XCTAssertEqual(out, [0, -9, -7, -27])
  }

  func testRelu6ClampAndPerTensorScale() throws {
    // Output scale 0.25, zp -100: relu6 → [-100, -100 + 24 = -76].
    let g = try DepthwiseConv2D(
      input: Shape([1, 1, 2, 1]), filter: Shape([1, 1, 1, 1]), bias: Shape([1]),
      depthMultiplier: 1, activation: .relu6)
    let p = try DepthwiseConv2DInt8(
      g, inputScale: 1, inputZeroPoint: 0, filterScales: [0.25], outputScale: 0.25,
      outputZeroPoint: -100)
    XCTAssertEqual(p.range, ActivationRangeInt8(min: -100, max: -76))
    // acc = [100, -100] + bias 0 → × 1 → [0, -200] + zp → clamped [-76, -100].
    let out = runInt8Layer([100, -100], [1], [0], count: 2) {
      p.reference(input: $0, filter: $1, bias: $2, output: $3)
    }
    XCTAssertEqual(out, [-76, -100])
  }

  func testMatchesFloatDepthwiseWithinOneLSB() throws {
    var rng = SplitMix64(seed: 22)
    for (k, stride, dilation, same, multiplier) in [
      (3, 1, 1, true, 1), (3, 2, 1, false, 2), (2, 1, 2, true, 3), (5, 2, 1, true, 1),
    ] {
      let (n, h, w, c) = (1, 8, 7, 3)
      let o = c * multiplier
      let padding =
        same
        ? Padding2D.same(
          inputH: h, inputW: w, filterH: k, filterW: k, strideH: stride, strideW: stride,
          dilationH: dilation, dilationW: dilation) : .zero
      let g = try DepthwiseConv2D(
        input: Shape([n, h, w, c]), filter: Shape([1, k, k, o]), bias: Shape([o]),
        depthMultiplier: multiplier, strideH: stride, strideW: stride, dilationH: dilation,
        dilationW: dilation, padding: padding)
      let (inScale, inZero, outScale, outZero): (Float, Int32, Float, Int32) = (0.05, 3, 0.04, -9)
      let filterScales = (0..<o).map { Float($0 + 1) * 0.003 }
      let x = randomInt8(n * h * w * c, &rng)
      let f = randomInt8(k * k * o, &rng).map { max($0, -127) }
      let bias: [Int32] = (0..<o).map { _ in Int32(truncatingIfNeeded: rng.next() % 501) - 250 }
      let p = try DepthwiseConv2DInt8(
        g, inputScale: inScale, inputZeroPoint: inZero, filterScales: filterScales,
        outputScale: outScale, outputZeroPoint: outZero)
      let out = runInt8Layer(x, f, bias, count: n * g.outputH * g.outputW * o) {
        p.reference(input: $0, filter: $1, bias: $2, output: $3)
      }
      let fx = dequantized(x, scales: [inScale], zeroPoint: inZero)
      let ff = dequantized(f, scales: filterScales)
      let fb = bias.indices.map { Float(bias[$0]) * inScale * filterScales[$0] }
      let real = ternary(fx, ff, fb, count: out.count) {
        g.reference(input: $0, filter: $1, bias: $2, output: $3)
      }
      let expected = real.map {
        p.range.clamp(QuantizationInt8.roundToInt32($0 / outScale) + outZero)
      }
      assertWithinLSB(out, expected, "k\(k) s\(stride) d\(dilation) m\(multiplier)")
    }
  }
}
