// GMLKernelsTests/BatchMatMulTests.swift — BATCH_MATMUL: shapes and their errors, adjoints, broadcasting, int8 against the real product.
import GMLCore
import GMLTestSupport
import XCTest

@testable import GMLKernels

final class BatchMatMulTests: XCTestCase {
  func product(_ p: BatchMatMul, _ a: [Float], _ b: [Float]) -> [Float] {
    a.withUnsafeBufferPointer { x in
      b.withUnsafeBufferPointer { y in
        kernelOutput(count: p.outputShape.dims.reduce(1, *)) {
          p.reference(lhs: x, rhs: y, output: $0)
        }
      }
    }
  }

  /// The last two axes of a row-major tensor swapped.
  func swapped(_ x: [Float], _ dims: [Int]) -> [Float] {
    let (r, c) = (dims[dims.count - 2], dims[dims.count - 1])
    var out = x
    for m in 0..<(x.count / (r * c)) {
      for i in 0..<r { for j in 0..<c { out[m * r * c + j * r + i] = x[m * r * c + i * c + j] } }
    }
    return out
  }

  func testShapes() throws {
    let p = try BatchMatMul(
      lhs: Shape([2, 3, 4, 5]), rhs: Shape([1, 5, 6]), adjointLhs: false, adjointRhs: false)
    XCTAssertEqual(p.outputShape, Shape([2, 3, 4, 6]))
    XCTAssertEqual(p.batchCount, 6)
    XCTAssertEqual(p.depth, 5)
    let q = try BatchMatMul(
      lhs: Shape([5, 4]), rhs: Shape([3, 6, 5]), adjointLhs: true, adjointRhs: true)
    XCTAssertEqual(q.outputShape, Shape([3, 4, 6]))
  }

  func testBadShapesAreRefused() {
    let cases: [([Int], [Int], Bool, Bool)] = [
      ([4], [4, 2], false, false),  // rank 1
      ([2, 3], [4, 2], false, false),  // 3 against 4
      ([2, 3], [2, 4], false, true),  // adjoint: 3 against 4
      ([2, 2, 3], [3, 3, 2], false, false),  // batch 2 against 3
    ]
    for (a, b, ta, tb) in cases {
      XCTAssertThrowsError(
        try BatchMatMul(lhs: Shape(a), rhs: Shape(b), adjointLhs: ta, adjointRhs: tb), "\(a) \(b)"
      ) { XCTAssertEqual(($0 as? GMLError)?.kind, .shapeMismatch) }
    }
  }

  /// A 2×3 by 3×2 product worked by hand.
  func testSmallProduct() throws {
    let p = try BatchMatMul(
      lhs: Shape([2, 3]), rhs: Shape([3, 2]), adjointLhs: false, adjointRhs: false)
    XCTAssertEqual(product(p, [1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]), [58, 64, 139, 154])
  }

  /// Adjoint operands give the product of the transposed ones, and a batch
  /// axis of 1 is the same matrix for every batch.
  func testAdjointsAndBroadcasting() throws {
    var rng = SplitMix64(seed: 3)
    let (a, b) = ([2, 3, 4, 5], [1, 5, 6])
    let x = (0..<120).map { _ in Float.random(in: -1...1, using: &rng) }
    let y = (0..<30).map { _ in Float.random(in: -1...1, using: &rng) }
    let plain = try BatchMatMul(lhs: Shape(a), rhs: Shape(b), adjointLhs: false, adjointRhs: false)
    let expected = product(plain, x, y)
    let adjoint = try BatchMatMul(
      lhs: Shape([2, 3, 5, 4]), rhs: Shape([1, 6, 5]), adjointLhs: true, adjointRhs: true)
    XCTAssertEqual(product(adjoint, swapped(x, a), swapped(y, b)), expected)
    // Each of the six batches is its own 4×5 by 5×6 product.
    for batch in 0..<6 {
      let single = try BatchMatMul(
        lhs: Shape([4, 5]), rhs: Shape([5, 6]), adjointLhs: false, adjointRhs: false)
      let part = product(single, Array(x[(batch * 20)..<(batch * 20 + 20)]), y)
      XCTAssertEqual(Array(expected[(batch * 24)..<(batch * 24 + 24)]), part, "batch \(batch)")
    }
  }

  /// int8: every output is the real product of the dequantized operands,
  /// requantized, within one step (the multiplier's rounding).
  func testInt8MatchesTheRealProduct() throws {
    var rng = SplitMix64(seed: 5)
    let g = try BatchMatMul(
      lhs: Shape([2, 7, 9]), rhs: Shape([2, 6, 9]), adjointLhs: false, adjointRhs: true)
    let (sa, za, sb, zb, so, zo): (Float, Int32, Float, Int32, Float, Int32) =
      (0.03, 5, 0.02, -9, 0.05, 3)
    let p = try BatchMatMulInt8(
      g, lhsScale: sa, lhsZeroPoint: za, rhsScale: sb, rhsZeroPoint: zb, outputScale: so,
      outputZeroPoint: zo)
    let a = (0..<126).map { _ in Int8.random(in: -128...127, using: &rng) }
    let b = (0..<108).map { _ in Int8.random(in: -128...127, using: &rng) }
    let out: [Int8] = a.withUnsafeBufferPointer { x in
      b.withUnsafeBufferPointer { y in
        runInt8Kernel(count: 84) { p.reference(lhs: x, rhs: y, output: $0) }
      }
    }
    let real = product(
      g, a.map { Float(Int32($0) - za) * sa }, b.map { Float(Int32($0) - zb) * sb })
    for (i, r) in real.enumerated() {
      let expected = min(max((r / so).rounded() + Float(zo), -128), 127)
      XCTAssertEqual(Float(out[i]), expected, accuracy: 1, "element \(i)")
    }
  }

  /// Every microkernel this CPU runs gives the reference's bytes: shapes
  /// with and without column tails of four and eight, adjoints, broadcast
  /// batches (packed once), summed lengths from 1 to 70, odd and even,
  /// extreme zero points, output multipliers with a right and a left shift.
  func testFastMatchesReferenceOnEveryTier() throws {
    var rng = SplitMix64(seed: 9)
    let cases: [([Int], [Int], Bool, Bool)] = [
      ([1, 16, 8], [1, 8, 16], false, false), ([1, 4, 6, 8], [1, 4, 8, 5], false, false),
      ([1, 3, 5, 7], [1, 1, 7, 4], false, false), ([2, 6, 70], [2, 9, 70], false, true),
      ([1, 7, 6], [1, 7, 9], true, false), ([3, 1, 5], [3, 1], true, true),
      ([4, 9, 1], [1, 1, 13], false, false), ([2, 1, 33], [1, 33, 1], false, false),
      ([1, 4, 20, 16], [1, 4, 19, 16], false, true), ([2, 3, 17], [2, 17, 24], false, false),
    ]
    let kernels = FastKernelSet.every.map(\.batchMatMul).filter(\.isSupported)
    XCTAssertFalse(kernels.isEmpty)
    for (a, b, ta, tb) in cases {
      let g = try BatchMatMul(lhs: Shape(a), rhs: Shape(b), adjointLhs: ta, adjointRhs: tb)
      for (za, zb, outputScale) in [
        (Int32(-128), Int32(127), Float(0.05)), (3, -7, 0.05), (127, -128, 0.05), (5, 2, 2e-5),
      ] {
        let p = try BatchMatMulInt8(
          g, lhsScale: 0.02, lhsZeroPoint: za, rhsScale: 0.03, rhsZeroPoint: zb,
          outputScale: outputScale, outputZeroPoint: -3)
        let x = (0..<a.reduce(1, *)).map { _ in Int8.random(in: -128...127, using: &rng) }
        let y = (0..<b.reduce(1, *)).map { _ in Int8.random(in: -128...127, using: &rng) }
        let count = g.outputShape.dims.reduce(1, *)
        let expected: [Int8] = x.withUnsafeBufferPointer { l in
          y.withUnsafeBufferPointer { r in
            runInt8Kernel(count: count) { p.reference(lhs: l, rhs: r, output: $0) }
          }
        }
        var scratch = [Int16](repeating: 0, count: p.fastScratchByteCount / 2)
        for k in kernels {
          let got: [Int8] = x.withUnsafeBufferPointer { l in
            y.withUnsafeBufferPointer { r in
              scratch.withUnsafeMutableBytes { s in
                runInt8Kernel(count: count) {
                  p.fast(lhs: l, rhs: r, output: $0, scratch: s, microkernel: k)
                }
              }
            }
          }
          XCTAssertEqual(got, expected, "\(k.name): \(a) \(b) \(ta) \(tb) zero points \(za) \(zb)")
        }
      }
    }
  }

  func testInt8RefusesBadParameters() throws {
    let g = try BatchMatMul(
      lhs: Shape([2, 3]), rhs: Shape([3, 2]), adjointLhs: false, adjointRhs: false)
    XCTAssertThrowsError(
      try BatchMatMulInt8(
        g, lhsScale: 0, lhsZeroPoint: 0, rhsScale: 1, rhsZeroPoint: 0, outputScale: 1,
        outputZeroPoint: 0))
    XCTAssertThrowsError(
      try BatchMatMulInt8(
        g, lhsScale: 1, lhsZeroPoint: 0, rhsScale: 1, rhsZeroPoint: 200, outputScale: 1,
        outputZeroPoint: 0))
  }
}
