// GMLNumPyTests/NPYTests.swift — NPY.write layout, round trips, header syntax NPY.read accepts.
import GMLCore
import GMLNumPy
import XCTest

/// A `.npy` file with `header` (a newline is appended) and `data`, unpadded.
func npyFile(_ header: String, data: [UInt8] = [], version: UInt8 = 1) -> [UInt8] {
  let text = Array(header.utf8) + [0x0A]
  let n = text.count
  let length: [UInt8] =
    version == 1
    ? [UInt8(n & 0xFF), UInt8(n >> 8)]
    : [UInt8(n & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 24)]
  return [0x93] + Array("NUMPY".utf8) + [version, 0] + length + text + data
}

/// Checks that `body` throws a `GMLError` of `kind`, at byte `offset` when given.
func assertThrows(
  _ kind: GMLError.Kind, at offset: Int? = nil, _ body: () throws -> Void,
  file: StaticString = #filePath, line: UInt = #line
) {
  do {
    try body()
    XCTFail("expected \(kind.name), got no error", file: file, line: line)
  } catch let error as GMLError {
    XCTAssertEqual(error.kind, kind, "\(error)", file: file, line: line)
    if let offset {
      XCTAssertEqual(error.location, .byteOffset(offset), "\(error)", file: file, line: line)
    }
  } catch {
    XCTFail("expected GMLError, got \(error)", file: file, line: line)
  }
}

final class NPYTests: XCTestCase {
  func testRoundTripEveryTypeAndShape() throws {
    let shapes = [
      Shape([]), Shape([0]), Shape([3]), Shape([2, 0, 3]), Shape([2, 3]),
      Shape([1, 1, 1, 2, 1, 1, 1, 2]),
    ]
    for type in ElementType.allCases {
      for shape in shapes {
        let count = try shape.byteCount(of: type)
        let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 1) }
        let array = try NumPyArray(type: type, shape: shape, bytes: bytes)
        let file = NPY.write(array)
        XCTAssertEqual(try NPY.read(file), array, "\(type.name) \(shape)")
        XCTAssertEqual((file.count - count) % 64, 0, "data of \(type.name) \(shape) not 64-aligned")
      }
    }
  }

  func testWrittenHeaderMatchesNumPyText() throws {
    let file = NPY.write(try NumPyArray(int8: [1, 2, 3, 4, 5], shape: Shape([5])))
    let header = String(decoding: file[10..<128], as: UTF8.self)
    let dict = "{'descr': '|i1', 'fortran_order': False, 'shape': (5,), }"
    XCTAssertEqual(
      header, dict + String(repeating: " ", count: 128 - 10 - dict.utf8.count - 1) + "\n")
    XCTAssertEqual(Array(file[0..<10]), [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, 118, 0])
  }

  func testAlignedHeaderStillGetsPadding() throws {
    // This shape's header with numpy's growth room fills exactly 128 bytes;
    // numpy's padding rule then adds a further 64 bytes rather than none.
    let dims = [0, 1000, 1000, 1000, 1000, 1000, 1000, 100]
    let file = NPY.write(try NumPyArray(type: .int8, shape: Shape(dims), bytes: []))
    XCTAssertEqual(file.count, 192)
    XCTAssertEqual(Array(file[127..<192]), Array(repeating: 0x20, count: 64) + [0x0A])
    XCTAssertEqual(try NPY.read(file).shape, Shape(dims))
  }

  func testHeaderSyntaxVariants() throws {
    let four: [UInt8] = [0, 0, 0x80, 0x3F]
    let headers = [
      "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }",
      "{\"shape\": (1,), \"fortran_order\": False, \"descr\": \"<f4\"}",
      "  {  'fortran_order' :False,'descr':'=f4',\n'shape':( 1 , ) }   ",
      "{'descr': 'f4', 'fortran_order': False, 'shape': (1L,)}",
      "{'descr': '|f4', 'fortran_order': False, 'shape': (1, 1,),}",
    ]
    for header in headers {
      let array = try NPY.read(npyFile(header, data: four))
      XCTAssertEqual(array.float32Values(), [1.0], header)
    }
  }

  func testVersions2And3UseFourByteLength() throws {
    for version: UInt8 in [2, 3] {
      let file = npyFile(
        "{'descr': '<i2', 'fortran_order': False, 'shape': (2,)}", data: [1, 0, 2, 0],
        version: version)
      XCTAssertEqual(try NPY.read(file).bytes, [1, 0, 2, 0])
    }
  }

  func testBigEndianDataIsSwapped() throws {
    let file = npyFile(
      "{'descr': '>i8', 'fortran_order': False, 'shape': (1,)}", data: [1, 2, 3, 4, 5, 6, 7, 8])
    XCTAssertEqual(try NPY.read(file).bytes, [8, 7, 6, 5, 4, 3, 2, 1])
    let f2 = npyFile(
      "{'descr': '>f2', 'fortran_order': False, 'shape': (2,)}", data: [0x3C, 0, 0xC0, 0])
    XCTAssertEqual(try NPY.read(f2).bytes, [0, 0x3C, 0, 0xC0])
    let b1 = npyFile("{'descr': '>b1', 'fortran_order': False, 'shape': (2,)}", data: [1, 0])
    XCTAssertEqual(try NPY.read(b1).type, .bool)
  }

  func testLimitsAreApplied() {
    let file = npyFile(
      "{'descr': '<i4', 'fortran_order': False, 'shape': (2, 2)}",
      data: Array(repeating: 0, count: 16))
    assertThrows(.limitExceeded, at: 8) {
      _ = try NPY.read(file, limits: NPYLimits(maxHeaderLength: 32))
    }
    assertThrows(.limitExceeded, at: 60) { _ = try NPY.read(file, limits: NPYLimits(maxBytes: 15)) }
    assertThrows(.limitExceeded, at: 64) { _ = try NPY.read(file, limits: NPYLimits(maxRank: 1)) }
    XCTAssertNoThrow(try NPY.read(file, limits: NPYLimits(maxBytes: 16, maxRank: 2)))
  }
}
