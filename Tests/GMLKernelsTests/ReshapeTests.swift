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

  /// Found by tools/fuzz.sh (`model`): a `new_shape` whose product
  /// overflows Int trapped at prepare; it is now a shape mismatch.
  func testRequestedShapeOverflowingIntIsRefused() throws {
    let big = Int(Int32.max)
    assertThrowsKind(.shapeMismatch) { _ = try Reshape.resolve([big, big, big], elementCount: 8) }
    assertThrowsKind(.shapeMismatch) {
      _ = try Reshape.resolve([big, big, big, -1], elementCount: 8)
    }
    XCTAssertEqual(
      try Reshape.resolve([big, big, big, 0], elementCount: 0), Shape([big, big, big, 0]))
  }
}
