// GMLKernelsTests/BinaryFunctionTests.swift — the BinaryFunction ops: broadcasting, MAXIMUM/MINIMUM's NaN rule and int8 rescale, SQUARED_DIFFERENCE's int8 arithmetic, POW float and int8.
import Foundation
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

final class BinaryFunctionTests: XCTestCase {
  func run(_ p: BinaryFunctionOp, _ a: [Float], _ b: [Float]) -> [Float] {
    a.withUnsafeBufferPointer { x in
      b.withUnsafeBufferPointer { y in
        kernelOutput(count: p.outputShape.dims.reduce(1, *)) {
          p.reference(lhs: x, rhs: y, output: $0)
        }
      }
    }
  }

  func runInt8(_ p: BinaryFunctionOpInt8, _ a: [Int8], _ b: [Int8]) -> [Int8] {
    a.withUnsafeBufferPointer { x in
      b.withUnsafeBufferPointer { y in
        runInt8Kernel(count: p.geometry.outputShape.dims.reduce(1, *)) {
          p.reference(lhs: x, rhs: y, output: $0)
        }
      }
    }
  }

  func testBroadcastsTheSmallerOperand() throws {
    let p = try BinaryFunctionOp(.maximum, lhs: Shape([2, 3]), rhs: Shape([3]))
    XCTAssertEqual(run(p, [1, -5, 3, 0, 7, -1], [0, 0, 4]), [1, 0, 4, 0, 7, 4])
    let q = try BinaryFunctionOp(.minimum, lhs: Shape([2, 1]), rhs: Shape([1, 2]))
    XCTAssertEqual(q.outputShape, Shape([2, 2]))
    XCTAssertEqual(run(q, [1, 5], [2, 3]), [1, 1, 2, 3])
  }

  func testANaNOnTheLeftGivesTheRightOperand() throws {
    let p = try BinaryFunctionOp(.maximum, lhs: Shape([2]), rhs: Shape([2]))
    let out = run(p, [.nan, 1], [2, .nan])
    XCTAssertEqual(out[0], 2)
    XCTAssertTrue(out[1].isNaN)
  }

  func testRejectsShapesThatDoNotBroadcast() {
    assertThrowsKind(.shapeMismatch) {
      _ = try BinaryFunctionOp(.maximum, lhs: Shape([2, 3]), rhs: Shape([2]))
    }
  }

  func testInt8OperandsWithTheOutputsParametersAreComparedUnchanged() throws {
    let g = try BinaryFunctionOp(.minimum, lhs: Shape([4]), rhs: Shape([4]))
    let p = try BinaryFunctionOpInt8(
      g, lhsScale: 0.1, lhsZeroPoint: 5, rhsScale: 0.1, rhsZeroPoint: 5, outputScale: 0.1,
      outputZeroPoint: 5)
    XCTAssertEqual(runInt8(p, [-128, 127, 5, 9], [0, 0, 6, -3]), [-128, 0, 5, -3])
  }

  /// Each operand is rescaled to the output's parameters first: the result
  /// is the output's quantization of the larger real value (within the
  /// rounding of one rescale).
  func testInt8OperandsQuantizedOtherwiseAreRescaledToTheOutput() throws {
    let g = try BinaryFunctionOp(.maximum, lhs: Shape([256]), rhs: Shape([1]))
    let (ls, lz, rs, rz, os, oz): (Float, Int32, Float, Int32, Float, Int32) =
      (0.05, -10, 0.02, 30, 0.04, -3)
    let p = try BinaryFunctionOpInt8(
      g, lhsScale: ls, lhsZeroPoint: lz, rhsScale: rs, rhsZeroPoint: rz, outputScale: os,
      outputZeroPoint: oz)
    let lhs = (0..<256).map { Int8(truncatingIfNeeded: $0) }
    let out = runInt8(p, lhs, [70])
    for (i, q) in lhs.enumerated() {
      let real = max(Float(Int32(q) - lz) * ls, Float(70 - rz) * rs)
      let expected = min(max((real / os).rounded() + Float(oz), -128), 127)
      XCTAssertEqual(Float(out[i]), expected, accuracy: 1, "element \(i)")
    }
  }

  func testSquaredDifferenceBroadcasts() throws {
    let p = try BinaryFunctionOp(.squaredDifference, lhs: Shape([2, 2]), rhs: Shape([2]))
    XCTAssertEqual(run(p, [1, -2, 3, 0.5], [3, 1]), [4, 9, 0, 0.25])
  }

  /// LiteRT's int8 arithmetic worked by hand for one pair: scales 0.5 and
  /// 0.25 (max 0.5, so multipliers 0.5 and 0.25 of the value shifted by 7),
  /// output scale 1/16.
  func testInt8SquaredDifferenceOfOnePairByHand() throws {
    let g = try BinaryFunctionOp(.squaredDifference, lhs: Shape([1]), rhs: Shape([1]))
    let p = try BinaryFunctionOpInt8(
      g, lhsScale: 0.5, lhsZeroPoint: 1, rhsScale: 0.25, rhsZeroPoint: -2, outputScale: 0.0625,
      outputZeroPoint: -100)
    // x = 0.5 × (7 − 1) = 3, y = 0.25 × (2 + 2) = 1: (x − y)² = 4, 64 steps of 1/16.
    // In integers: (6 << 7) × 0.5 = 384, (4 << 7) × 0.25 = 128; 256² times the
    // output multiplier (2 × 0.5)² / (2^14 / 16) = 1/1024 is 64; 64 − 100 = −36.
    XCTAssertEqual(runInt8(p, [7], [2]), [-36])
  }

  /// Every pair of int8 values of `function`, quantized with `lhs`, `rhs`
  /// and `output` (scale, zero point), against `real` of the dequantized
  /// pair: within one step of the output's quantization, clamped.
  func assertEveryPairFollows(
    _ function: BinaryFunction, lhs: (Double, Int32), rhs: (Double, Int32),
    output: (Double, Int32), _ real: (Double, Double) -> Double
  ) throws {
    let g = try BinaryFunctionOp(function, lhs: Shape([256, 1]), rhs: Shape([1, 256]))
    let p = try BinaryFunctionOpInt8(
      g, lhsScale: Float(lhs.0), lhsZeroPoint: lhs.1, rhsScale: Float(rhs.0),
      rhsZeroPoint: rhs.1, outputScale: Float(output.0), outputZeroPoint: output.1)
    let values = (0..<256).map { Int8(truncatingIfNeeded: $0) }
    let out = runInt8(p, values, values)
    for i in 0..<256 {
      for j in 0..<256 {
        let x = Double(Int32(values[i]) - lhs.1) * Double(Float(lhs.0))
        let y = Double(Int32(values[j]) - rhs.1) * Double(Float(rhs.0))
        let q = (real(x, y) / Double(Float(output.0))).rounded() + Double(output.1)
        let expected = min(max(q, -128), 127)
        XCTAssertEqual(Double(out[i * 256 + j]), expected, accuracy: 1, "pair \(i), \(j)")
      }
    }
  }

  func testInt8SquaredDifferenceFollowsTheRealFunction() throws {
    try assertEveryPairFollows(
      .squaredDifference, lhs: (0.03, 7), rhs: (0.05, -4), output: (0.09, -128)
    ) { ($0 - $1) * ($0 - $1) }
  }

  func testInt8SquaredDifferenceRefusesAnOutputMultiplierOfOneOrMore() throws {
    let g = try BinaryFunctionOp(.squaredDifference, lhs: Shape([1]), rhs: Shape([1]))
    assertThrowsKind(.invalidQuantization) {
      _ = try BinaryFunctionOpInt8(
        g, lhsScale: 1, lhsZeroPoint: 0, rhsScale: 1, rhsZeroPoint: 0, outputScale: 1e-4,
        outputZeroPoint: 0)
    }
  }

  /// `LibmFloat.pow` against glibc's `powf` on random pairs (within 1 ulp;
  /// glibc's powf is correctly rounded) and on C99's special cases exactly.
  func testPowMatchesCsPow() {
    var rng = SplitMix64(seed: 21)
    for _ in 0..<20_000 {
      let x = Float.random(in: 0...40, using: &rng)
      let y = Float.random(in: -6...6, using: &rng)
      let want = Foundation.powf(x, y)
      let got = LibmFloat.pow(x, y)
      XCTAssertLessThanOrEqual(abs(got - want), want.ulp, "pow(\(x), \(y))")
    }
    let specials: [(Float, Float)] = [
      (-2, 3), (-2, 2), (-2, 0.5), (0, 2), (-0.0, 3), (0, -1), (-0.0, -3), (0, 0), (.nan, 0),
      (1, .nan), (.nan, 1), (-1, .infinity), (0.5, .infinity), (2, .infinity), (0.5, -.infinity),
      (2, -.infinity), (.infinity, 2), (.infinity, -2), (-.infinity, 3), (-.infinity, 2),
      (-.infinity, -3), (-8, 1.0 / 3), (3, 1e-30), (1e-30, 3), (100, 30), (-3, 33_554_432),
    ]
    for (x, y) in specials {
      let want = Foundation.powf(x, y)
      let got = LibmFloat.pow(x, y)
      XCTAssertTrue(
        got.bitPattern == want.bitPattern || (got.isNaN && want.isNaN)
          || abs(got - want) <= want.ulp, "pow(\(x), \(y)): \(got), powf \(want)")
    }
  }

  /// POW, gml's own int8: every pair (bases 0 to 5.1, exponents −1.28 to
  /// 1.27) against the real function.
  func testInt8PowFollowsTheRealFunction() throws {
    try assertEveryPairFollows(.pow, lhs: (0.02, -128), rhs: (0.01, 0), output: (0.05, -100)) {
      Foundation.pow($0, $1)
    }
  }

  func testEveryFunctionHasItsNames() {
    for f in BinaryFunction.allCases {
      XCTAssertEqual(BinaryFunction(schemaName: f.schemaName), f)
      XCTAssertEqual(BinaryFunction(specName: f.specName), f)
    }
  }
}
