// GMLKernelsTests/FloatBitExactFastTests.swift — the float kernels whose fast form keeps the reference's order (Elementwise, Pool2D, Mean) against their references, bit for bit.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

final class FloatBitExactFastTests: XCTestCase {
  /// Bit patterns, so that NaN equals NaN and −0 differs from +0.
  func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }

  /// Whole and repeating operands (scalar, row, channel vector, a tensor
  /// broadcast in front), every operation and a clamp, a NaN among the
  /// inputs; a broadcast in the middle is not fast.
  func testElementwise() throws {
    var rng = SplitMix64(seed: 91)
    let pairs: [([Int], [Int], Bool)] = [
      ([2, 3, 4, 5], [2, 3, 4, 5], true), ([2, 3, 4, 5], [1], true), ([1], [3, 7], true),
      ([1, 4, 4, 6], [1, 1, 1, 6], true), ([6], [2, 3, 6], true), ([5, 1, 8], [5, 1, 8], true),
      ([3, 4], [3, 1], false), ([2, 1, 3], [1, 4, 1], false), ([4, 5], [1, 4, 5], true),
    ]
    let operations: [Elementwise.Operation] = [.add, .sub, .mul, .div]
    let activations: [Activation] = [.none, .relu, .relu6, .reluN1To1, .tanh]
    for (lhs, rhs, isFast) in pairs {
      for (o, operation) in operations.enumerated() {
        let activation = activations[o % activations.count]
        let p = try Elementwise(operation, lhs: Shape(lhs), rhs: Shape(rhs), activation: activation)
        XCTAssertEqual(p.hasFastKernel, isFast, "\(lhs) \(rhs)")
        guard isFast else { continue }
        var x = randomFloats(lhs.reduce(1, *), &rng)
        let y = randomFloats(rhs.reduce(1, *), &rng)
        x[0] = .nan
        let count = try p.outputShape.elementCount()
        let want = ternary(x, y, [], count: count) { l, r, _, out in
          p.reference(lhs: l, rhs: r, output: out)
        }
        let got = ternary(x, y, [], count: count) { l, r, _, out in
          p.fast(lhs: l, rhs: r, output: out)
        }
        XCTAssertEqual(bits(got), bits(want), "\(lhs) \(operation) \(rhs) \(activation)")
      }
    }
  }

  /// Windows inside, across and past the edges, strides, padding, both
  /// pools, two images.
  func testPool2D() throws {
    var rng = SplitMix64(seed: 92)
    typealias Case = (n: Int, h: Int, w: Int, c: Int, k: Int, s: Int, pad: Int)
    let cases: [Case] = [
      (1, 4, 4, 3, 2, 2, 0), (2, 5, 7, 8, 3, 1, 1), (1, 9, 9, 17, 3, 2, 1), (1, 6, 3, 1, 3, 1, 0),
      (1, 5, 5, 4, 3, 3, 2),
    ]
    for c in cases {
      for activation in [Activation.none, .relu6] {
        let p = try Pool2D(
          input: Shape([c.n, c.h, c.w, c.c]), filterH: c.k, filterW: c.k, strideH: c.s,
          strideW: c.s, padding: Padding2D(top: c.pad, bottom: c.pad, left: c.pad, right: c.pad),
          activation: activation)
        let x = randomFloats(c.n * c.h * c.w * c.c, &rng).map { $0 * 8 }
        let count = p.batches * p.outputH * p.outputW * p.depth
        XCTAssertEqual(
          bits(unary(x, count: count) { p.maxFast(input: $0, output: $1) }),
          bits(unary(x, count: count) { p.maxReference(input: $0, output: $1) }), "max \(c)")
        XCTAssertEqual(
          bits(unary(x, count: count) { p.averageFast(input: $0, output: $1) }),
          bits(unary(x, count: count) { p.averageReference(input: $0, output: $1) }),
          "average \(c)")
      }
    }
  }

  /// Adjacent reduced axes (global pool, leading, trailing, with size-1
  /// axes between) for the three functions; axes apart are not fast.
  func testMean() throws {
    var rng = SplitMix64(seed: 93)
    let cases: [([Int], [Int], Bool)] = [
      ([1, 7, 5, 16], [1, 2], true), ([3, 4, 6], [0], true), ([3, 4, 6], [2], true),
      ([2, 1, 5, 3], [1, 2], true), ([2, 3, 4], [0, 1, 2], true), ([2, 3, 4], [0, 2], false),
      ([4, 1, 3, 2], [0, 2], true),
    ]
    for (dims, axes, isFast) in cases {
      for function in [ReduceFunction.mean, .sum, .max] {
        for keepDims in [false, true] {
          let p = try Mean(input: Shape(dims), axes: axes, keepDims: keepDims, function: function)
          XCTAssertEqual(p.hasFastKernel, isFast, "\(dims) \(axes)")
          guard isFast else { continue }
          let x = randomFloats(dims.reduce(1, *), &rng)
          let count = try p.outputShape.elementCount()
          XCTAssertEqual(
            bits(unary(x, count: count) { p.fast(input: $0, output: $1) }),
            bits(unary(x, count: count) { p.reference(input: $0, output: $1) }),
            "\(dims) \(axes) \(function)")
        }
      }
    }
  }
}
