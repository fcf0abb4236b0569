// GMLKernelsTests/Conv2DTests.swift — Conv2D reference: hand-worked cases and a padded-copy naive formulation.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

/// Float tolerance: 1e-5 absolute. The naive formulation adds the same
/// products in the same order (padding adds exact zeros), so results agree
/// to rounding.
final class Conv2DTests: XCTestCase {
  func testValidStrideOneByHand() throws {
    // input 3x3 = [1 2 3; 4 5 6; 7 8 9], filter 2x2 = [1 0; 0 1], bias 1:
    // out[0,0] = 1+5+1 = 7, [0,1] = 2+6+1 = 9, [1,0] = 4+8+1 = 13, [1,1] = 5+9+1 = 15.
    let p = try Conv2D(input: Shape([1, 3, 3, 1]), filter: Shape([1, 2, 2, 1]), bias: Shape([1]))
    XCTAssertEqual(p.outputShape, Shape([1, 2, 2, 1]))
    let out = ternary((1...9).map(Float.init), [1, 0, 0, 1], [1], count: 4) {
      p.reference(input: $0, filter: $1, bias: $2, output: $3)
    }
    assertClose(out, [7, 9, 13, 15], tolerance: 0)
  }

  func testSamePaddingPutsTheOddPixelBottomRight() throws {
    // input 2x2 = [1 2; 3 4], filter 2x2 of ones, SAME stride 1: total
    // padding 1 per axis, all of it bottom/right. out[0,0] = 1+2+3+4 = 10,
    // [0,1] = 2+4 = 6, [1,0] = 3+4 = 7, [1,1] = 4. (Top/left would give 1 at [0,0].)
    let padding = Padding2D.same(
      inputH: 2, inputW: 2, filterH: 2, filterW: 2, strideH: 1, strideW: 1)
    XCTAssertEqual(padding, Padding2D(top: 0, bottom: 1, left: 0, right: 1))
    let p = try Conv2D(
      input: Shape([1, 2, 2, 1]), filter: Shape([1, 2, 2, 1]), bias: nil, padding: padding)
    let out = ternary([1, 2, 3, 4], [1, 1, 1, 1], [], count: 4) {
      p.reference(input: $0, filter: $1, bias: $2, output: $3)
    }
    assertClose(out, [10, 6, 7, 4], tolerance: 0)
  }

  func testTwoOutputChannelsAndRelu() throws {
    // One pixel, depth 2 = [1, -2]; filters [1, 1] and [1, 0] (1x1):
    // channel 0 = 1 - 2 = -1 → relu 0; channel 1 = 1 → 1.
    let p = try Conv2D(
      input: Shape([1, 1, 1, 2]), filter: Shape([2, 1, 1, 2]), bias: nil, activation: .relu)
    let out = ternary([1, -2], [1, 1, 1, 0], [], count: 2) {
      p.reference(input: $0, filter: $1, bias: $2, output: $3)
    }
    assertClose(out, [0, 1], tolerance: 0)
  }

  /// Strides, dilations and every padding kind on random data, against a
  /// convolution over an explicitly zero-padded copy of the input.
  func testMatchesNaiveConvolutionOnRandomData() throws {
    var rng = SplitMix64(seed: 11)
    for (h, w, k, stride, dilation, same) in [
      (5, 5, 3, 1, 1, false), (5, 5, 3, 1, 1, true), (7, 6, 3, 2, 1, true),
      (8, 8, 3, 2, 2, true), (6, 7, 2, 3, 1, true), (9, 9, 3, 1, 3, false),
      (4, 4, 1, 2, 1, true),
    ] {
      let (n, c, o) = (2, 3, 4)
      let input = randomFloats(n * h * w * c, &rng)
      let filter = randomFloats(o * k * k * c, &rng)
      let bias = randomFloats(o, &rng)
      let padding =
        same
        ? Padding2D.same(
          inputH: h, inputW: w, filterH: k, filterW: k, strideH: stride, strideW: stride,
          dilationH: dilation, dilationW: dilation) : .zero
      let p = try Conv2D(
        input: Shape([n, h, w, c]), filter: Shape([o, k, k, c]), bias: Shape([o]),
        strideH: stride, strideW: stride, dilationH: dilation, dilationW: dilation,
        padding: padding, activation: .relu6)
      let count = n * p.outputH * p.outputW * o
      let out = ternary(input, filter, bias, count: count) {
        p.reference(input: $0, filter: $1, bias: $2, output: $3)
      }
      let expected = naiveConv(
        input, [n, h, w, c], filter, [o, k, k, c], bias, stride: stride, dilation: dilation,
        padding: padding, outputH: p.outputH, outputW: p.outputW)
      assertClose(out, expected, tolerance: 1e-5, "\(h)x\(w) k\(k) s\(stride) d\(dilation)")
    }
  }

  /// Explicit asymmetric padding: every output position is checked naively.
  func testExplicitAsymmetricPadding() throws {
    var rng = SplitMix64(seed: 12)
    let padding = Padding2D(top: 2, bottom: 0, left: 1, right: 3)
    let p = try Conv2D(
      input: Shape([1, 4, 5, 2]), filter: Shape([3, 3, 2, 2]), bias: nil, padding: padding)
    XCTAssertEqual(p.outputShape, Shape([1, 4, 8, 3]))
    let input = randomFloats(40, &rng)
    let filter = randomFloats(36, &rng)
    let out = ternary(input, filter, [], count: 96) {
      p.reference(input: $0, filter: $1, bias: $2, output: $3)
    }
    let expected = naiveConv(
      input, [1, 4, 5, 2], filter, [3, 3, 2, 2], [0, 0, 0], stride: 1, dilation: 1,
      padding: padding, outputH: 4, outputW: 8, clampToRelu6: false)
    assertClose(out, expected, tolerance: 1e-5)
  }

  func testShapeChecks() {
    assertThrowsKind(.shapeMismatch) {
      _ = try Conv2D(input: Shape([1, 4, 4, 3]), filter: Shape([2, 3, 3, 2]), bias: nil)
    }
    assertThrowsKind(.shapeMismatch) {
      _ = try Conv2D(input: Shape([1, 4, 4, 3]), filter: Shape([2, 3, 3, 3]), bias: Shape([3]))
    }
    assertThrowsKind(.shapeMismatch) {
      _ = try Conv2D(input: Shape([1, 2, 2, 1]), filter: Shape([1, 3, 3, 1]), bias: nil)
    }
    assertThrowsKind(.invalidArgument) {
      _ = try Conv2D(
        input: Shape([1, 4, 4, 1]), filter: Shape([1, 3, 3, 1]), bias: nil, strideH: 0)
    }
    assertThrowsKind(.shapeMismatch) {
      _ = try Conv2D(input: Shape([4, 4, 1]), filter: Shape([1, 3, 3, 1]), bias: nil)
    }
    // Groups: the filter's depth must divide the input's (a zero input
    // depth included), and the groups the output channels.
    for (input, filter) in [([1, 4, 4, 0], [2, 3, 3, 1]), ([1, 4, 4, 4], [3, 3, 3, 2])] {
      assertThrowsKind(.shapeMismatch) {
        _ = try Conv2D(input: Shape(input), filter: Shape(filter), bias: nil)
      }
    }
    XCTAssertEqual(
      try Conv2D(input: Shape([1, 4, 4, 4]), filter: Shape([6, 3, 3, 2]), bias: nil).groups, 2)
  }
}

/// Convolution by definition: copy the input into a zero-filled padded
/// buffer, then sum over the (dilated) window with no bounds tests.
func naiveConv(
  _ input: [Float], _ inShape: [Int], _ filter: [Float], _ filterShape: [Int], _ bias: [Float],
  stride: Int, dilation: Int, padding: Padding2D, outputH: Int, outputW: Int,
  clampToRelu6: Bool = true
) -> [Float] {
  let (n, h, w, c) = (inShape[0], inShape[1], inShape[2], inShape[3])
  let (o, kh, kw) = (filterShape[0], filterShape[1], filterShape[2])
  let ph = h + padding.top + padding.bottom
  let pw = w + padding.left + padding.right
  var padded = [Float](repeating: 0, count: n * ph * pw * c)
  for b in 0..<n {
    for y in 0..<h {
      for x in 0..<w {
        for ch in 0..<c {
          padded[((b * ph + y + padding.top) * pw + x + padding.left) * c + ch] =
            input[((b * h + y) * w + x) * c + ch]
        }
      }
    }
  }
  var out: [Float] = []
  for b in 0..<n {
    for oy in 0..<outputH {
      for ox in 0..<outputW {
        for oc in 0..<o {
          var sum: Float = 0
          for ky in 0..<kh {
            for kx in 0..<kw {
              for ch in 0..<c {
                let y = oy * stride + ky * dilation
                let x = ox * stride + kx * dilation
                sum +=
                  padded[((b * ph + y) * pw + x) * c + ch]
                  * filter[((oc * kh + ky) * kw + kx) * c + ch]
              }
            }
          }
          let value = sum + bias[oc]
          out.append(clampToRelu6 ? min(max(value, 0), 6) : value)
        }
      }
    }
  }
  return out
}
