// GMLKernelsTests/FloatGEMMTests.swift — the float FullyConnected and Conv2D on every supported FloatGEMM microkernel against their references, within a bound set by the sums' length.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

final class FloatGEMMTests: XCTestCase {
  /// The microkernels this CPU runs (none: nothing to check here).
  let microkernels = ISATier.allCases.compactMap { FastKernelSet.of($0).floatGEMM }
    .filter(\.isSupported)

  /// Every element within the rounding a reordered sum of `depth`
  /// products of values in [−1, 1) can make: `depth` ulps of the largest
  /// possible sum (|bias| ≤ 1 added), relative to it.
  func assertWithinReordering(
    _ fast: [Float], _ reference: [Float], depth: Int, _ message: String,
    line: UInt = #line
  ) {
    let bound = Float(depth + 1) * Float(depth + 1) * Float.ulpOfOne
    assertClose(fast, reference, tolerance: bound, message, line: line)
  }

  func testTheAVX2TierHasOneWhereFMARuns() {
    #if arch(x86_64)
      if ISATier.avx2.isSupported && FastKernelSet.of(.avx2).floatGEMM?.isSupported == true {
        XCTAssertFalse(microkernels.isEmpty)
      }
      XCTAssertNotNil(FastKernelSet.of(.avx512VNNI).floatGEMM)
      XCTAssertNotNil(FastKernelSet.of(.avx512VNNI).floatPackedGEMM)
      if ISATier.avx2.isSupported && FastKernelSet.of(.avx2).floatGEMM?.isSupported == true {
        XCTAssertFalse(packedMicrokernels.isEmpty)
      }
    #endif
    XCTAssertNil(FastKernelSet.of(.portable).floatGEMM)
    XCTAssertNil(FastKernelSet.of(.portable).floatPackedGEMM)
  }

  func testFullyConnectedEveryShapeAndActivation() throws {
    var rng = SplitMix64(seed: 71)
    let activations: [Activation] = [.none, .relu, .relu6, .reluN1To1, .tanh, .hardSwish]
    for k in microkernels {
      for (rows, n, depth) in [
        (1, 1, 1), (1, 5, 7), (2, 4, 8), (3, 9, 17), (5, 12, 64), (4, 3, 100),
      ] {
        for (a, activation) in activations.enumerated() {
          let bias = a % 2 == 0
          let p = try FullyConnected(
            input: Shape([rows, depth]), weights: Shape([n, depth]), bias: bias ? Shape([n]) : nil,
            activation: activation)
          let x = randomFloats(rows * depth, &rng), w = randomFloats(n * depth, &rng)
          let b = bias ? randomFloats(n, &rng) : []
          let want = ternary(x, w, b, count: rows * n) {
            p.reference(input: $0, weights: $1, bias: $2, output: $3)
          }
          let got = ternary(x, w, b, count: rows * n) {
            p.fast(input: $0, weights: $1, bias: $2, output: $3, microkernel: k)
          }
          assertWithinReordering(
            got, want, depth: depth, "\(k.name) \(rows)x\(n)x\(depth) \(activation)")
        }
      }
    }
  }

  /// The packed microkernels this CPU runs.
  let packedMicrokernels = ISATier.allCases.compactMap { FastKernelSet.of($0).floatPackedGEMM }
    .filter(\.isSupported)

  /// Pointwise (in place) and windowed (a pointer per tap, per filter row
  /// from the input or its zero-padded copy, or im2col blocks; more pixels
  /// than a block, padding, strides, dilation, two batches) convolutions, channel
  /// counts below, at and past the 16-channel panels, with and without a
  /// bias, on packed weights.
  func testConv2D() throws {
    var rng = SplitMix64(seed: 72)
    typealias Case = (n: Int, h: Int, w: Int, cin: Int, cout: Int, k: Int, s: Int, d: Int, pad: Int)
    let cases: [Case] = [
      (1, 1, 1, 1, 1, 1, 1, 1, 0), (1, 3, 5, 8, 6, 1, 1, 1, 0), (1, 4, 4, 19, 16, 1, 1, 1, 0),
      (1, 7, 9, 3, 8, 3, 1, 1, 1), (2, 9, 7, 5, 7, 3, 2, 1, 1), (1, 8, 8, 4, 5, 3, 1, 2, 2),
      (1, 6, 6, 16, 4, 1, 2, 1, 0), (1, 5, 5, 2, 3, 5, 1, 1, 2), (1, 5, 3, 7, 33, 1, 1, 1, 0),
      (1, 13, 1, 4, 16, 1, 1, 1, 0), (2, 4, 4, 3, 17, 3, 1, 1, 1),
      (1, 9, 8, 3, 8, 3, 2, 1, 0), (1, 9, 9, 1, 8, 3, 1, 2, 2), (2, 10, 6, 1, 5, 4, 2, 1, 1),
    ]
    for k in packedMicrokernels {
      for (i, c) in cases.enumerated() {
        let bias = i % 3 != 2
        let p = try Conv2D(
          input: Shape([c.n, c.h, c.w, c.cin]), filter: Shape([c.cout, c.k, c.k, c.cin]),
          bias: bias ? Shape([c.cout]) : nil, strideH: c.s, strideW: c.s, dilationH: c.d,
          dilationW: c.d,
          padding: Padding2D(top: c.pad, bottom: c.pad, left: c.pad, right: c.pad),
          activation: .relu6)
        XCTAssertTrue(p.hasFastKernel)
        XCTAssertEqual(p.fastScratchByteCount == 0, c.k == 1 && c.s == 1 && c.pad == 0)
        let count = try p.outputShape.elementCount()
        let x = randomFloats(c.n * c.h * c.w * c.cin, &rng)
        let f = randomFloats(c.cout * c.k * c.k * c.cin, &rng)
        let b = bias ? randomFloats(c.cout, &rng) : []
        let want = ternary(x, f, b, count: count) {
          p.reference(input: $0, filter: $1, bias: $2, output: $3)
        }
        var packed = [Float](repeating: .nan, count: p.fastPackedByteCount / 4)
        f.withUnsafeBufferPointer { f in
          b.withUnsafeBufferPointer { b in
            packed.withUnsafeMutableBytes { p.pack(filter: f, bias: b, into: $0) }
          }
        }
        var scratch = [UInt8](repeating: 0xff, count: p.fastScratchByteCount)
        let got = scratch.withUnsafeMutableBytes { s in
          packed.withUnsafeBytes { packed in
            ternary(x, f, b, count: count) { x, _, _, y in
              p.fast(input: x, packed: packed, output: y, scratch: s, microkernel: k)
            }
          }
        }
        assertWithinReordering(got, want, depth: c.k * c.k * c.cin, "\(k.name) \(c)")
      }
    }
  }

  func testGroupedConvolutionsAreNotFast() throws {
    XCTAssertFalse(
      try Conv2D(input: Shape([1, 4, 4, 8]), filter: Shape([4, 1, 1, 4]), bias: nil).hasFastKernel)
    XCTAssertTrue(
      try Conv2D(input: Shape([1, 4, 4, 8]), filter: Shape([4, 3, 3, 8]), bias: nil).hasFastKernel)
  }

  /// NaN in, NaN out, with and without a clamp, as the reference.
  func testNaNPassesThrough() throws {
    for k in microkernels {
      let p = try FullyConnected(input: Shape([1, 2]), weights: Shape([1, 2]), bias: nil)
      let got = ternary([.nan, 1], [1, 1], [], count: 1) {
        p.fast(input: $0, weights: $1, bias: $2, output: $3, microkernel: k)
      }
      XCTAssertTrue(got[0].isNaN)
    }
  }
}
