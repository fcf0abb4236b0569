// GMLKernelsTests/DivInt8Tests.swift — int8 DIV: quotients against the real division, zero divisors, LiteRT's shifts past 31.
import GMLCore
import XCTest

@testable import GMLKernels

final class DivInt8Tests: XCTestCase {
  func divide(_ p: DivInt8, _ a: [Int8], _ b: [Int8]) -> [Int8] {
    a.withUnsafeBufferPointer { x in
      b.withUnsafeBufferPointer { y in
        runInt8Kernel(count: p.geometry.outputShape.dims.reduce(1, *)) {
          p.reference(lhs: x, rhs: y, output: $0)
        }
      }
    }
  }

  /// Every dividend over a few divisors of both signs: the output is the
  /// real quotient requantized, within one step. The output multiplier
  /// (500) keeps every shift within 31; past it LiteRT's results are not
  /// the quotient's (`testShiftsPast31AreLiteRTs`).
  func testQuotientsMatchTheRealDivision() throws {
    let (ls, lz, rs, rz, os, oz): (Float, Int32, Float, Int32, Float, Int32) =
      (0.5, 3, 0.02, -7, 0.05, -4)
    let g = try Elementwise(.div, lhs: Shape([256]), rhs: Shape([1]))
    let p = try DivInt8(
      g, lhsScale: ls, lhsZeroPoint: lz, rhsScale: rs, rhsZeroPoint: rz, outputScale: os,
      outputZeroPoint: oz)
    let lhs = (0..<256).map { Int8(truncatingIfNeeded: $0) }
    for divisor: Int8 in [-128, -50, 20, 100, 127] {
      let out = divide(p, lhs, [divisor])
      let y = Float(Int32(divisor) - rz) * rs
      for (i, q) in lhs.enumerated() {
        let real = Float(Int32(q) - lz) * ls / y
        let expected = min(max((real / os).rounded() + Float(oz), -128), 127)
        XCTAssertEqual(Float(out[i]), expected, accuracy: 1, "\(q) / \(divisor)")
      }
    }
  }

  /// A divisor at its zero point gives the bound in the dividend's
  /// direction, and the zero point for 0 / 0.
  func testZeroDivisorSaturates() throws {
    let g = try Elementwise(.div, lhs: Shape([3]), rhs: Shape([3]))
    let p = try DivInt8(
      g, lhsScale: 0.1, lhsZeroPoint: 0, rhsScale: 0.1, rhsZeroPoint: 5, outputScale: 0.1,
      outputZeroPoint: 2)
    XCTAssertEqual(divide(p, [10, -10, 0], [5, 5, 5]), [127, -128, 2])
  }

  /// Past a shift of 31 (a dividend of ±1 over a large divisor), LiteRT's
  /// 64-bit builds take the shift mod 32: that value, not the real 0.
  func testShiftsPast31AreLiteRTs() {
    XCTAssertEqual(DivInt8.roundingDivideByPOTAsLiteRT(-1_000_000, 32), -1_000_000)
    XCTAssertEqual(DivInt8.roundingDivideByPOTAsLiteRT(1_000_000, 32), 1_000_001)
    XCTAssertEqual(DivInt8.roundingDivideByPOTAsLiteRT(1_000_000, 33), 500_001)
    XCTAssertEqual(DivInt8.roundingDivideByPOTAsLiteRT(1_000_000, 4), 62_500)
  }
}
