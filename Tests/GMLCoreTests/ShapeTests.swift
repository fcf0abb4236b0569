// GMLCoreTests/ShapeTests.swift — Shape: checked element and byte counts, their limits, and description.
import GMLCore
import XCTest

final class ShapeTests: XCTestCase {
  /// Checks that `body` throws a `GMLError` of `kind` with `detail`, at no location.
  private func assertThrows<T>(
    _ kind: GMLError.Kind, _ detail: StaticString, _ body: () throws(GMLError) -> T,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    do {
      let value = try body()
      XCTFail("expected \(kind.name), got \(value)", file: file, line: line)
    } catch {
      XCTAssertEqual(error, GMLError(kind, detail), file: file, line: line)
    }
  }

  func testScalarHasOneElement() throws {
    let scalar = Shape([])
    XCTAssertEqual(scalar.rank, 0)
    XCTAssertEqual(try scalar.elementCount(), 1)
    XCTAssertEqual(try scalar.byteCount(of: .float32), 4)
    XCTAssertEqual(try scalar.byteCount(of: .int64), 8)
  }

  func testElementCountIsTheProduct() throws {
    XCTAssertEqual(try Shape([1, 28, 28, 1]).elementCount(), 784)
    XCTAssertEqual(try Shape([7]).elementCount(), 7)
    XCTAssertEqual(try Shape([2, 3, 4]).elementCount(), 24)
  }

  func testZeroDimensionGivesZeroElements() throws {
    XCTAssertEqual(try Shape([0]).elementCount(), 0)
    XCTAssertEqual(try Shape([2, 0, 3]).elementCount(), 0)
    XCTAssertEqual(try Shape([2, 0, 3]).byteCount(of: .int64), 0)
    // A zero before a huge dimension keeps the product at 0, under any limit.
    XCTAssertEqual(try Shape([0, Int.max]).elementCount(limit: 1), 0)
  }

  func testNegativeDimensionIsAShapeMismatch() {
    assertThrows(.shapeMismatch, "negative dimension") { () throws(GMLError) in
      try Shape([-1]).elementCount()
    }
    assertThrows(.shapeMismatch, "negative dimension") { () throws(GMLError) in
      try Shape([1, 8, -8, 1]).elementCount()
    }
    assertThrows(.shapeMismatch, "negative dimension") { () throws(GMLError) in
      try Shape([0, -1]).byteCount(of: .int8)
    }
  }

  func testRankAboveMaxRankIsALimit() throws {
    XCTAssertEqual(Shape.maxRank, 8)
    let atLimit = Shape(Array(repeating: 2, count: Shape.maxRank))
    XCTAssertEqual(try atLimit.elementCount(), 256)
    let over = Shape(Array(repeating: 1, count: Shape.maxRank + 1))
    assertThrows(.limitExceeded, "rank above Shape.maxRank") { () throws(GMLError) in
      try over.elementCount()
    }
    assertThrows(.limitExceeded, "rank above Shape.maxRank") { () throws(GMLError) in
      try over.byteCount(of: .int8)
    }
  }

  func testProductOverflowIsALimitNotATrap() {
    assertThrows(.limitExceeded, "element count too large") { () throws(GMLError) in
      try Shape([Int.max, 2]).elementCount(limit: .max)
    }
    assertThrows(.limitExceeded, "element count too large") { () throws(GMLError) in
      try Shape([1 << 32, 1 << 32]).elementCount(limit: .max)
    }
  }

  func testElementLimitIsInclusive() throws {
    XCTAssertEqual(try Shape([10, 10]).elementCount(limit: 100), 100)
    assertThrows(.limitExceeded, "element count too large") { () throws(GMLError) in
      try Shape([10, 10]).elementCount(limit: 99)
    }
    // The default limit is Int32.max elements.
    XCTAssertEqual(try Shape([65536, 32767]).elementCount(), 65536 * 32767)
    assertThrows(.limitExceeded, "element count too large") { () throws(GMLError) in
      try Shape([65536, 32768]).elementCount()
    }
  }

  func testByteCountForEveryType() throws {
    let shape = Shape([2, 3])
    let expected: [ElementType: Int] = [
      .float32: 24, .float16: 12, .int8: 6, .uint8: 6, .int16: 12, .int32: 24, .int64: 48,
      .bool: 6,
    ]
    XCTAssertEqual(Set(expected.keys), Set(ElementType.allCases))
    for type in ElementType.allCases {
      XCTAssertEqual(try shape.byteCount(of: type), expected[type], "\(type.name)")
    }
  }

  func testByteLimitAppliesToBytesNotElements() throws {
    XCTAssertEqual(try Shape([100]).byteCount(of: .int32, limit: 400), 400)
    assertThrows(.limitExceeded, "byte size too large") { () throws(GMLError) in
      try Shape([100]).byteCount(of: .int32, limit: 399)
    }
    // Default limit: 2^29 float32 elements is 2^31 bytes, one over Int32.max.
    XCTAssertEqual(try Shape([1 << 29]).elementCount(), 1 << 29)
    assertThrows(.limitExceeded, "byte size too large") { () throws(GMLError) in
      try Shape([1 << 29]).byteCount(of: .float32)
    }
    // Elements fit in Int but their bytes do not.
    assertThrows(.limitExceeded, "byte size too large") { () throws(GMLError) in
      try Shape([Int.max / 4 + 1]).byteCount(of: .int64, limit: .max)
    }
  }

  func testDescription() {
    XCTAssertEqual(Shape([1, 28, 28, 1]).description, "[1, 28, 28, 1]")
    XCTAssertEqual(Shape([5]).description, "[5]")
    XCTAssertEqual(Shape([]).description, "[]")
    XCTAssertEqual("\(Shape([0, -3]))", "[0, -3]")
  }

  func testEquality() {
    XCTAssertEqual(Shape([1, 2]), Shape([1, 2]))
    XCTAssertNotEqual(Shape([1, 2]), Shape([2, 1]))
    XCTAssertNotEqual(Shape([1]), Shape([1, 1]))
  }
}
