// GMLKernelsTests/FloatDepthwiseTests.swift — the float DepthwiseConv2D on every FloatDepthwise microkernel against its reference: the portable one bit for bit, the FMA one within its rounding.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

final class FloatDepthwiseTests: XCTestCase {
  typealias Case = (
    n: Int, h: Int, w: Int, c: Int, kh: Int, kw: Int, s: Int, d: Int, top: Int, left: Int
  )

  /// Channels below, at and past the 16-lane blocks; windows wider than
  /// the input; strides, dilation, uneven padding, two images; 3×3
  /// windows inside the input (their unrolled path) and across its edges.
  let cases: [Case] = [
    (1, 1, 1, 1, 1, 1, 1, 1, 0, 0), (1, 5, 5, 8, 3, 3, 1, 1, 1, 1), (2, 6, 7, 16, 3, 3, 2, 1, 0, 1),
    (1, 9, 9, 19, 3, 3, 1, 2, 2, 2), (1, 4, 3, 33, 5, 5, 1, 1, 2, 2),
    (1, 7, 5, 64, 10, 4, 2, 1, 4, 1),
    (1, 2, 2, 3, 7, 7, 1, 1, 3, 3), (1, 8, 6, 24, 1, 1, 1, 1, 0, 0),
    (1, 6, 6, 40, 3, 3, 1, 1, 1, 1),
    (2, 7, 6, 21, 3, 3, 2, 1, 1, 0),
  ]

  func parameters(_ c: Case, _ activation: Activation, bias: Bool) throws -> DepthwiseConv2D {
    try DepthwiseConv2D(
      input: Shape([c.n, c.h, c.w, c.c]), filter: Shape([1, c.kh, c.kw, c.c]),
      bias: bias ? Shape([c.c]) : nil, depthMultiplier: 1, strideH: c.s, strideW: c.s,
      dilationH: c.d, dilationW: c.d,
      padding: Padding2D(top: c.top, bottom: c.kh / 2, left: c.left, right: c.kw / 2),
      activation: activation)
  }

  /// Runs `reference` and `fast` on one case with random values.
  func outputs(
    _ p: DepthwiseConv2D, _ c: Case, _ k: FloatDepthwise.Microkernel, _ rng: inout SplitMix64
  ) throws -> (want: [Float], got: [Float]) {
    let count = try p.outputShape.elementCount()
    let x = randomFloats(c.n * c.h * c.w * c.c, &rng), f = randomFloats(c.kh * c.kw * c.c, &rng)
    let b = p.hasBias ? randomFloats(c.c, &rng) : []
    let want = ternary(x, f, b, count: count) {
      p.reference(input: $0, filter: $1, bias: $2, output: $3)
    }
    let got = ternary(x, f, b, count: count) {
      p.fast(input: $0, filter: $1, bias: $2, output: $3, microkernel: k)
    }
    return (want, got)
  }

  func testPortableIsTheReferenceBitForBit() throws {
    var rng = SplitMix64(seed: 81)
    let activations: [Activation] = [.none, .relu, .relu6, .reluN1To1, .tanh, .hardSwish]
    for c in cases {
      for (a, activation) in activations.enumerated() {
        let p = try parameters(c, activation, bias: a % 2 == 0)
        let (want, got) = try outputs(p, c, FloatDepthwise.microkernelPortable, &rng)
        XCTAssertEqual(got.map(\.bitPattern), want.map(\.bitPattern), "\(c) \(activation)")
      }
    }
  }

  func testEverySupportedMicrokernelWithinRounding() throws {
    var rng = SplitMix64(seed: 82)
    let kernels = ISATier.allCases.flatMap { FastKernelSet.of($0).floatDepthwise }
      .filter(\.isSupported)
    XCTAssertFalse(kernels.isEmpty)
    for k in kernels {
      for c in cases {
        let p = try parameters(c, .relu6, bias: true)
        let (want, got) = try outputs(p, c, k, &rng)
        let taps = Float(c.kh * c.kw + 1)
        assertClose(got, want, tolerance: taps * taps * Float.ulpOfOne, "\(k.name) \(c)")
      }
    }
  }

  func testEveryTierHasOneAndMultipliersAboveOneAreNotFast() throws {
    for tier in ISATier.allCases {
      XCTAssertTrue(FastKernelSet.of(tier).supportedFloatDepthwise.isSupported, "\(tier)")
    }
    let p = try DepthwiseConv2D(
      input: Shape([1, 4, 4, 2]), filter: Shape([1, 3, 3, 4]), bias: nil, depthMultiplier: 2)
    XCTAssertFalse(p.hasFastKernel)
  }

  /// NaN in, NaN out, through the clamp.
  func testNaNPassesThrough() throws {
    let c: Case = (1, 1, 1, 1, 1, 1, 1, 1, 0, 0)
    for k in ISATier.allCases.flatMap({ FastKernelSet.of($0).floatDepthwise })
    where k.isSupported {
      let p = try parameters(c, .relu6, bias: false)
      let got = ternary([.nan], [1], [], count: 1) {
        p.fast(input: $0, filter: $1, bias: $2, output: $3, microkernel: k)
      }
      XCTAssertTrue(got[0].isNaN, "\(k.name)")
    }
  }
}
