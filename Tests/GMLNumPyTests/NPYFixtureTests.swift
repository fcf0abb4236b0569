// GMLNumPyTests/NPYFixtureTests.swift — NPY.read and NPY.write against files numpy wrote.
import Foundation
import GMLCore
import GMLNumPy
import XCTest

/// The values `tools/make_npy_fixtures.py` stores.
private let f4: [Float] = [-1.5, 0.0, 0.25, 1.0, 2.5, 1e30]
private let i4: [Int32] = [.min, -1, 1, .max]

final class NPYFixtureTests: XCTestCase {
  private func fixture(_ name: String) throws -> [UInt8] {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
      "Fixtures")
    return Array(try Data(contentsOf: folder.appendingPathComponent(name)))
  }

  /// Reads `name`, checks `expected`, and checks that writing gives numpy's bytes back.
  private func check(
    _ name: String, _ expected: NumPyArray, sameBytes: Bool = true, line: UInt = #line
  ) throws {
    let file = try fixture(name)
    XCTAssertEqual(try NPY.read(file), expected, name, line: line)
    if sameBytes { XCTAssertEqual(NPY.write(expected), file, name, line: line) }
  }

  func testLittleEndianFixturesRoundTripByteForByte() throws {
    try check("float32_2x3.npy", try NumPyArray(float32: f4, shape: Shape([2, 3])))
    try check("int8_5.npy", try NumPyArray(int8: [-128, -1, 0, 1, 127], shape: Shape([5])))
    try check("uint8_5.npy", try NumPyArray(uint8: [0, 1, 128, 254, 255], shape: Shape([5])))
    try check("int32_2x2.npy", try NumPyArray(int32: i4, shape: Shape([2, 2])))
    try check("int64_3.npy", try NumPyArray(int64: [.min, 0, .max], shape: Shape([3])))
    try check("float32_scalar.npy", try NumPyArray(float32: [3.5], shape: Shape([])))
    try check("float32_0x4.npy", try NumPyArray(float32: [], shape: Shape([0, 4])))
  }

  func testBigEndianFixturesAreSwapped() throws {
    try check(
      "float32_be_2x3.npy", try NumPyArray(float32: f4, shape: Shape([2, 3])), sameBytes: false)
    try check(
      "int32_be_2x2.npy", try NumPyArray(int32: i4, shape: Shape([2, 2])), sameBytes: false)
  }

  func testVersion2Fixture() throws {
    try check(
      "float32_v2_3.npy", try NumPyArray(float32: [-1.5, 0, 0.25], shape: Shape([3])),
      sameBytes: false)
  }

  func testFortranOrderIsRefused() throws {
    let file = try fixture("float32_fortran_2x3.npy")
    do {
      _ = try NPY.read(file)
      XCTFail("Fortran order accepted")
    } catch {
      XCTAssertEqual(error.kind, .unsupportedType)
      XCTAssertEqual(error.location, .byteOffset(10 + 34))
      XCTAssertEqual(
        error.detail.description,
        "Fortran-order arrays are not supported; save with np.ascontiguousarray")
    }
  }
}
