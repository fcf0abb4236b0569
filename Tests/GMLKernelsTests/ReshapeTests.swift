// GMLKernelsTests/ReshapeTests.swift — Reshape: a copy under a new shape, and -1 resolution.
import GMLCore
import GMLKernels
import XCTest

final class ReshapeTests: XCTestCase {
  func testCopiesInOrder() throws {
    let p = try Reshape(input: Shape([1, 2, 3]), output: Shape([6]))
    let out = unary([1, 2, 3, 4, 5, 6], count: 6) { p.reference(input: $0, output: $1) }
    XCTAssertEqual(out, [1, 2, 3, 4, 5, 6])
    assertThrowsKind(.shapeMismatch) { _ = try Reshape(input: Shape([2, 3]), output: Shape([5])) }
  }

  func testResolvesMinusOne() throws {
    XCTAssertEqual(try Reshape.resolve([1, -1], elementCount: 64), Shape([1, 64]))
    XCTAssertEqual(try Reshape.resolve([2, 3], elementCount: 6), Shape([2, 3]))
    assertThrowsKind(.invalidArgument) { _ = try Reshape.resolve([-1, -1], elementCount: 4) }
    assertThrowsKind(.shapeMismatch) { _ = try Reshape.resolve([-1, 3], elementCount: 4) }
    assertThrowsKind(.shapeMismatch) { _ = try Reshape.resolve([2, 3], elementCount: 5) }
  }
}
