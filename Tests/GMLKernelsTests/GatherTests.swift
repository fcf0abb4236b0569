// GMLKernelsTests/GatherTests.swift — GATHER's shapes and copies along any axis, for index tensors of any rank.
import GMLCore
import GMLKernels
import XCTest

final class GatherTests: XCTestCase {
  /// A table [2, 3, 4] whose element (i, j, k) is 100i + 10j + k.
  let table: [Float] = (0..<24).map { (e: Int) -> Float in
    let (i, j, k) = (e / 12, e / 4 % 3, e % 4)
    return Float(100 * i + 10 * j + k)
  }

  func gather(axis: Int, indices: [Int32], shape: [Int]) throws -> (Gather, [Float]) {
    let p = try Gather(table: Shape([2, 3, 4]), indices: Shape(shape), axis: axis)
    var out = [Float](repeating: .nan, count: try p.outputShape.elementCount())
    table.withUnsafeBufferPointer { t in
      indices.withUnsafeBufferPointer { i in
        out.withUnsafeMutableBufferPointer { p.reference(table: t, indices: i, output: $0) }
      }
    }
    return (p, out)
  }

  func testAlongTheMiddleAxisWithMatrixIndices() throws {
    let (p, out) = try gather(axis: 1, indices: [2, 0, 2, 1], shape: [2, 2])
    XCTAssertEqual(p.outputShape, Shape([2, 2, 2, 4]))
    XCTAssertEqual(p.rows, 3)
    let rows: [[Float]] = [2, 0, 2, 1].map { j in (0..<4).map { Float(10 * j + $0) } }
    XCTAssertEqual(out, rows.flatMap { $0 } + rows.flatMap { $0.map { $0 + 100 } })
  }

  func testScalarIndexDropsTheAxisAndNegativeAxisCounts() throws {
    let (p, out) = try gather(axis: -1, indices: [3], shape: [])
    XCTAssertEqual(p.outputShape, Shape([2, 3]))
    XCTAssertEqual(out, [3, 13, 23, 103, 113, 123])
  }

  func testInt8CopiesTheSameBytes() throws {
    let p = try Gather(table: Shape([3, 2]), indices: Shape([4]), axis: 0)
    let values: [Int8] = [-128, 127, 5, -6, 0, 1]
    var out = [Int8](repeating: 9, count: 8)
    values.withUnsafeBufferPointer { t in
      [Int32(2), 0, 0, 1].withUnsafeBufferPointer { i in
        out.withUnsafeMutableBufferPointer { p.reference(table: t, indices: i, output: $0) }
      }
    }
    XCTAssertEqual(out, [0, 1, -128, 127, -128, 127, 5, -6])
  }

  /// `invoke` refuses such indices first; the kernel alone stays within
  /// the table and writes zeros.
  func testIndexOutsideTheTable() throws {
    let (p, out) = try gather(axis: 0, indices: [1, 2, -1], shape: [3])
    [Int32(1), 2, -1].withUnsafeBufferPointer { XCTAssertEqual(p.firstIndexOutside($0), 1) }
    [Int32(1), 0].withUnsafeBufferPointer { XCTAssertNil(p.firstIndexOutside($0)) }
    XCTAssertEqual(Array(out[0..<12]), Array(table[12..<24]))
    XCTAssertEqual(Array(out[12...]), [Float](repeating: 0, count: 24))
  }

  func testRefusals() {
    XCTAssertThrowsError(try Gather(table: Shape([2, 3]), indices: Shape([1]), axis: 2))
    XCTAssertThrowsError(try Gather(table: Shape([2, 3]), indices: Shape([1]), axis: -3))
    XCTAssertThrowsError(
      try Gather(table: Shape([2, 3, 4, 5]), indices: Shape([1, 1, 1, 1, 1, 1]), axis: 0))
  }
}
