// GMLKernelsTests/ShapeOpsInt8Tests.swift — int8 Reshape, Transpose and Pad: values move unchanged; Pad fills with the zero point or a constant.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

final class ShapeOpsInt8Tests: XCTestCase {
  func testReshapeCopiesBytes() throws {
    let p = ReshapeInt8(try Reshape(input: Shape([2, 3]), output: Shape([3, 2])))
    let x: [Int8] = [-128, -1, 0, 1, 2, 127]
    XCTAssertEqual(runInt8Unary(x, count: 6) { p.reference(input: $0, output: $1) }, x)
  }

  func testTransposeSwapsAxes() throws {
    // [[1, 2, 3], [4, 5, 6]]ᵀ = [[1, 4], [2, 5], [3, 6]].
    let p = TransposeInt8(try Transpose(input: Shape([2, 3]), perm: [1, 0]))
    XCTAssertEqual(p.geometry.outputShape, Shape([3, 2]))
    let out = runInt8Unary([1, 2, 3, 4, 5, 6], count: 6) { p.reference(input: $0, output: $1) }
    XCTAssertEqual(out, [1, 4, 2, 5, 3, 6])
  }

  func testPadFillsWithTheZeroPointOrAConstant() throws {
    let g = try Pad(input: Shape([1, 2]), paddings: [0, 0, 1, 2])
    let zero = try PadInt8(g, outputZeroPoint: -7)
    XCTAssertEqual(zero.value, -7)
    XCTAssertEqual(
      runInt8Unary([5, 6], count: 5) { zero.reference(input: $0, output: $1) }, [-7, 5, 6, -7, -7])
    let constant = try PadInt8(g, outputZeroPoint: -7, constant: 100)
    XCTAssertEqual(
      runInt8Unary([5, 6], count: 5) { constant.reference(input: $0, output: $1) },
      [100, 5, 6, 100, 100])
    assertThrowsKind(.invalidQuantization) { _ = try PadInt8(g, outputZeroPoint: 200) }
  }
}
