// GMLKernelsTests/Conv2DInt8Tests.swift — int8 Conv2D: hand-worked per-channel cases, clamps, and a dequantize–float–quantize check.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

final class Conv2DInt8Tests: XCTestCase {
  /// One pixel, two input channels, two 1x1 filters with their own scales:
  /// input scale 0.5, zero point -1, q = [3, 1] (real [2, 1]); filter 0 =
  /// [1, 2] at 0.25, filter 1 = [-3, 1] at 0.5; output scale 0.25, zp 10.
  func conv(bias: Bool, activation: Activation = .none) throws -> Conv2DInt8 {
    let g = try Conv2D(
      input: Shape([1, 1, 1, 2]), filter: Shape([2, 1, 1, 2]), bias: bias ? Shape([2]) : nil,
      activation: activation)
    return try Conv2DInt8(
      g, inputScale: 0.5, inputZeroPoint: -1, filterScales: [0.25, 0.5], outputScale: 0.25,
      outputZeroPoint: 10)
  }

  func testPerChannelByHand() throws {
    // acc0 = 1·4 + 2·2 = 8, × 0.5·0.25/0.25 = 4, + 10 = 14 (real 1.0).
    // acc1 = -3·4 + 1·2 = -10, × 0.5·0.5/0.25 = -10, + 10 = 0 (real -2.5).
    let p = try conv(bias: false)
    XCTAssertEqual(p.multipliers, [QuantizedMultiplier(0.5), QuantizedMultiplier(1.0)])
    XCTAssertEqual(p.inputOffset, 1)
    let out = runInt8Layer([3, 1], [1, 2, -3, 1], [], count: 2) {
      p.reference(input: $0, filter: $1, bias: $2, output: $3)
    }
    XCTAssertEqual(out, [14, 0])
  }

  func testBiasAndFixedPointTies() throws {
    // Bias [3, -1]: acc0 = 11 → 5.5 rounds to 6 (→ 16); acc1 = -11 → -11
    // (→ -1). A 0.5 multiplier on -11 would give -5: gemmlowp rounds the
    // high multiply's ties toward +∞.
    let p = try conv(bias: true)
    let out = runInt8Layer([3, 1], [1, 2, -3, 1], [3, -1], count: 2) {
      p.reference(input: $0, filter: $1, bias: $2, output: $3)
    }
    XCTAssertEqual(out, [16, -1])
    XCTAssertEqual(QuantizedMultiplier(0.5).apply(-11), -5)
  }

  func testReluClampsAtTheZeroPoint() throws {
    let p = try conv(bias: true, activation: .relu)
    XCTAssertEqual(p.range, ActivationRangeInt8(min: 10, max: 127))
    let out = runInt8Layer([3, 1], [1, 2, -3, 1], [3, -1], count: 2) {
      p.reference(input: $0, filter: $1, bias: $2, output: $3)
    }
    XCTAssertEqual(out, [16, 10])
  }

  func testRejectsBadQuantization() throws {
    let g = try Conv2D(input: Shape([1, 1, 1, 2]), filter: Shape([3, 1, 1, 2]), bias: nil)
    assertThrowsKind(.invalidQuantization) {
      _ = try Conv2DInt8(
        g, inputScale: 0.5, inputZeroPoint: 0, filterScales: [1, 1], outputScale: 1,
        outputZeroPoint: 0)
    }
    assertThrowsKind(.invalidQuantization) {
      _ = try Conv2DInt8(
        g, inputScale: 0, inputZeroPoint: 0, filterScales: [1], outputScale: 1, outputZeroPoint: 0)
    }
    assertThrowsKind(.invalidQuantization) {
      _ = try Conv2DInt8(
        g, inputScale: 1, inputZeroPoint: 128, filterScales: [1], outputScale: 1,
        outputZeroPoint: 0)
    }
    let tanh = try Conv2D(
      input: Shape([1, 1, 1, 2]), filter: Shape([3, 1, 1, 2]), bias: nil, activation: .tanh)
    assertThrowsKind(.unsupportedOp) {
      _ = try Conv2DInt8(
        tanh, inputScale: 1, inputZeroPoint: 0, filterScales: [1], outputScale: 1,
        outputZeroPoint: 0)
    }
  }

  /// Random data, SAME/VALID, strides, dilations and activations: the int8
  /// kernel against the float kernel on dequantized values, quantized
  /// again — within 1 LSB.
  func testMatchesFloatConvolutionWithinOneLSB() throws {
    var rng = SplitMix64(seed: 21)
    for (k, stride, dilation, same, activation) in [
      (3, 1, 1, true, Activation.none), (3, 2, 1, false, .relu), (1, 1, 1, false, .relu6),
      (3, 1, 2, true, .none), (2, 2, 1, true, .reluN1To1),
    ] {
      let (n, h, w, c, o) = (2, 7, 6, 3, 4)
      let padding =
        same
        ? Padding2D.same(
          inputH: h, inputW: w, filterH: k, filterW: k, strideH: stride, strideW: stride,
          dilationH: dilation, dilationW: dilation) : .zero
      let g = try Conv2D(
        input: Shape([n, h, w, c]), filter: Shape([o, k, k, c]), bias: Shape([o]),
        strideH: stride, strideW: stride, dilationH: dilation, dilationW: dilation,
        padding: padding, activation: activation)
      let (inScale, inZero, outScale, outZero): (Float, Int32, Float, Int32) = (0.02, -7, 0.03, 5)
      let filterScales: [Float] = [0.004, 0.01, 0.0025, 0.007]
      let x = randomInt8(n * h * w * c, &rng)
      let f = randomInt8(o * k * k * c, &rng).map { max($0, -127) }
      let bias: [Int32] = (0..<o).map { _ in Int32(truncatingIfNeeded: rng.next() % 2001) - 1000 }
      let p = try Conv2DInt8(
        g, inputScale: inScale, inputZeroPoint: inZero, filterScales: filterScales,
        outputScale: outScale, outputZeroPoint: outZero)
      let out = runInt8Layer(x, f, bias, count: n * g.outputH * g.outputW * o) {
        p.reference(input: $0, filter: $1, bias: $2, output: $3)
      }
      let fx = dequantized(x, scales: [inScale], zeroPoint: inZero)
      let ff = dequantized(f, scales: filterScales, innerStride: k * k * c)
      let fb = bias.indices.map { Float(bias[$0]) * inScale * filterScales[$0] }
      let real = ternary(fx, ff, fb, count: out.count) {
        g.reference(input: $0, filter: $1, bias: $2, output: $3)
      }
      let expected = real.map {
        p.range.clamp(QuantizationInt8.roundToInt32($0 / outScale) + outZero)
      }
      assertWithinLSB(out, expected, "k\(k) s\(stride) d\(dilation) \(activation)")
    }
  }
}
