// GMLNumPyTests/NumPyArrayTests.swift — NumPyArray initialisers, size checks, typed accessors.
import GMLCore
import GMLNumPy
import XCTest

final class NumPyArrayTests: XCTestCase {
  func testTypedInitialisersStoreLittleEndianBytes() throws {
    XCTAssertEqual(try NumPyArray(float32: [1.0], shape: Shape([1])).bytes, [0, 0, 0x80, 0x3F])
    XCTAssertEqual(try NumPyArray(int8: [-1, 2], shape: Shape([2])).bytes, [0xFF, 2])
    XCTAssertEqual(try NumPyArray(uint8: [7], shape: Shape([])).bytes, [7])
    XCTAssertEqual(try NumPyArray(int32: [0x0102_0304], shape: Shape([1])).bytes, [4, 3, 2, 1])
    XCTAssertEqual(
      try NumPyArray(int64: [-2], shape: Shape([1, 1])).bytes,
      [0xFE] + Array(repeating: 0xFF, count: 7))
  }

  func testAccessorsReturnValuesOnlyForTheirType() throws {
    let f = try NumPyArray(float32: [-1.5, 0, .infinity], shape: Shape([3]))
    XCTAssertEqual(f.float32Values(), [-1.5, 0, .infinity])
    XCTAssertNil(f.int32Values())
    XCTAssertEqual(try NumPyArray(int8: [-128, 127], shape: Shape([2])).int8Values(), [-128, 127])
    XCTAssertEqual(try NumPyArray(uint8: [0, 255], shape: Shape([2])).uint8Values(), [0, 255])
    XCTAssertEqual(
      try NumPyArray(int32: [.min, .max], shape: Shape([2])).int32Values(), [.min, .max])
    XCTAssertEqual(
      try NumPyArray(int64: [.min, .max], shape: Shape([2])).int64Values(), [.min, .max])
    XCTAssertNil(try NumPyArray(uint8: [1], shape: Shape([1])).int8Values())
  }

  func testNaNBitPatternSurvives() throws {
    let nan = Float(bitPattern: 0x7FC0_1234)
    let values = try XCTUnwrap(try NumPyArray(float32: [nan], shape: Shape([1])).float32Values())
    XCTAssertEqual(values.map(\.bitPattern), [0x7FC0_1234])
  }

  func testByteCountMustMatchShape() {
    XCTAssertThrowsError(try NumPyArray(type: .int32, shape: Shape([2]), bytes: [0, 0, 0])) {
      XCTAssertEqual(($0 as? GMLError)?.kind, .shapeMismatch)
    }
    XCTAssertThrowsError(try NumPyArray(float32: [1, 2], shape: Shape([3]))) {
      XCTAssertEqual(($0 as? GMLError)?.kind, .shapeMismatch)
    }
  }

  func testInvalidShapesAreRefused() {
    XCTAssertThrowsError(try NumPyArray(type: .int8, shape: Shape([-1]), bytes: [])) {
      XCTAssertEqual(($0 as? GMLError)?.kind, .shapeMismatch)
    }
    XCTAssertThrowsError(
      try NumPyArray(type: .int8, shape: Shape(Array(repeating: 1, count: 9)), bytes: [0])
    ) {
      XCTAssertEqual(($0 as? GMLError)?.kind, .limitExceeded)
    }
    XCTAssertThrowsError(try NumPyArray(type: .int64, shape: Shape([1 << 40, 1 << 40]), bytes: []))
    {
      XCTAssertEqual(($0 as? GMLError)?.kind, .limitExceeded)
    }
  }
}
