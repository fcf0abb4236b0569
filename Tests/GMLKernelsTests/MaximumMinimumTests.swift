// GMLKernelsTests/MaximumMinimumTests.swift — MAXIMUM/MINIMUM: broadcasting, TFLite's NaN rule, and the int8 rescale of operands quantized otherwise than the output.
import GMLCore
import GMLKernels
import XCTest

final class MaximumMinimumTests: XCTestCase {
  func run(_ p: MaximumMinimum, _ a: [Float], _ b: [Float]) -> [Float] {
    a.withUnsafeBufferPointer { x in
      b.withUnsafeBufferPointer { y in
        kernelOutput(count: p.outputShape.dims.reduce(1, *)) {
          p.reference(lhs: x, rhs: y, output: $0)
        }
      }
    }
  }

  func runInt8(_ p: MaximumMinimumInt8, _ a: [Int8], _ b: [Int8]) -> [Int8] {
    a.withUnsafeBufferPointer { x in
      b.withUnsafeBufferPointer { y in
        runInt8Kernel(count: p.geometry.outputShape.dims.reduce(1, *)) {
          p.reference(lhs: x, rhs: y, output: $0)
        }
      }
    }
  }

  func testBroadcastsTheSmallerOperand() throws {
    let p = try MaximumMinimum(isMaximum: true, lhs: Shape([2, 3]), rhs: Shape([3]))
    XCTAssertEqual(run(p, [1, -5, 3, 0, 7, -1], [0, 0, 4]), [1, 0, 4, 0, 7, 4])
    let q = try MaximumMinimum(isMaximum: false, lhs: Shape([2, 1]), rhs: Shape([1, 2]))
    XCTAssertEqual(q.outputShape, Shape([2, 2]))
    XCTAssertEqual(run(q, [1, 5], [2, 3]), [1, 1, 2, 3])
  }

  func testANaNOnTheLeftGivesTheRightOperand() throws {
    let p = try MaximumMinimum(isMaximum: true, lhs: Shape([2]), rhs: Shape([2]))
    let out = run(p, [.nan, 1], [2, .nan])
    XCTAssertEqual(out[0], 2)
    XCTAssertTrue(out[1].isNaN)
  }

  func testRejectsShapesThatDoNotBroadcast() {
    assertThrowsKind(.shapeMismatch) {
      _ = try MaximumMinimum(isMaximum: true, lhs: Shape([2, 3]), rhs: Shape([2]))
    }
  }

  func testInt8OperandsWithTheOutputsParametersAreComparedUnchanged() throws {
    let g = try MaximumMinimum(isMaximum: false, lhs: Shape([4]), rhs: Shape([4]))
    let p = try MaximumMinimumInt8(
      g, lhsScale: 0.1, lhsZeroPoint: 5, rhsScale: 0.1, rhsZeroPoint: 5, outputScale: 0.1,
      outputZeroPoint: 5)
    XCTAssertEqual(runInt8(p, [-128, 127, 5, 9], [0, 0, 6, -3]), [-128, 0, 5, -3])
  }

  /// Each operand is rescaled to the output's parameters first: the result
  /// is the output's quantization of the larger real value (within the
  /// rounding of one rescale).
  func testInt8OperandsQuantizedOtherwiseAreRescaledToTheOutput() throws {
    let g = try MaximumMinimum(isMaximum: true, lhs: Shape([256]), rhs: Shape([1]))
    let (ls, lz, rs, rz, os, oz): (Float, Int32, Float, Int32, Float, Int32) =
      (0.05, -10, 0.02, 30, 0.04, -3)
    let p = try MaximumMinimumInt8(
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
}
