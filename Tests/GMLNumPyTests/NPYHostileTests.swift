// GMLNumPyTests/NPYHostileTests.swift — NPY.read on truncated, corrupt and oversized input.
import GMLCore
import GMLNumPy
import XCTest

final class NPYHostileTests: XCTestCase {
  private let valid = NPY.write(
    try! NumPyArray(int32: [1, -2, 3, -4, 5, -6], shape: Shape([2, 3])))

  /// `header` wrapped as a version 1.0 file with `data`; reading must fail with `kind` at `offset`.
  private func assertHeader(
    _ header: String, data: [UInt8] = [], _ kind: GMLError.Kind, at offset: Int? = nil,
    line: UInt = #line
  ) {
    assertThrows(kind, at: offset, { _ = try NPY.read(npyFile(header, data: data)) }, line: line)
  }

  func testEveryTruncationIsReportedAsTruncated() {
    for n in 0..<valid.count {
      assertThrows(.truncated) { _ = try NPY.read(Array(valid[0..<n])) }
    }
  }

  func testEverySingleByteHeaderCorruptionReadsOrThrows() {
    let replacements: [UInt8] = [
      0x00, 0x0A, 0x20, 0x22, 0x27, 0x28, 0x29, 0x2C, 0x2D, 0x39, 0x3A, 0x3E, 0x7B, 0x7D, 0xFF,
    ]
    for i in 0..<128 {
      for b in replacements {
        var file = valid
        file[i] = b
        _ = try? NPY.read(file)
      }
    }
  }

  func testTrailingBytesAreMalformed() {
    assertThrows(.malformed, at: valid.count) { _ = try NPY.read(valid + [0]) }
  }

  func testBadMagicAndVersion() {
    assertThrows(.wrongIdentifier, at: 0) { _ = try NPY.read(Array("PK\u{3}\u{4}".utf8)) }
    assertThrows(.wrongIdentifier, at: 5) {
      _ = try NPY.read([0x93] + Array("NUMPx".utf8) + [1, 0])
    }
    for version: [UInt8] in [[0, 0], [1, 1], [4, 0], [255, 255]] {
      var file = valid
      file[6] = version[0]
      file[7] = version[1]
      assertThrows(.unsupportedVersion, at: 6) { _ = try NPY.read(file) }
    }
  }

  func testHugeHeaderLengthIsALimitNotAnAllocation() {
    var file = npyFile("{}", version: 2)
    file.replaceSubrange(8..<12, with: [0xFF, 0xFF, 0xFF, 0xFF])
    assertThrows(.limitExceeded, at: 8) { _ = try NPY.read(file) }
    var v1 = valid
    v1.replaceSubrange(8..<10, with: [0xFF, 0xFF])
    assertThrows(.truncated, at: 10) { _ = try NPY.read(v1) }
  }

  func testHeaderEndingAndGarbage() {
    var noNewline = valid
    noNewline[127] = 0x20
    assertThrows(.malformed, at: 128) { _ = try NPY.read(noNewline) }
    assertHeader("{'descr': '<f4', 'fortran_order': False, 'shape': ()} x", .malformed, at: 64)
    assertHeader("", .malformed, at: 11)
    assertHeader("garbage", .malformed, at: 10)
    assertHeader("{'descr': '<f4', 'fortran_order': False, 'shape': ()", .malformed, at: 63)
    assertHeader("{'descr': '<f4' 'fortran_order': False}", .malformed, at: 26)
    assertHeader("{'descr: '<f4'}", .malformed, at: 20)
    assertHeader("{'de\\scr': '<f4'}", .malformed, at: 14)
    assertHeader("{'descr': '<f4', 'fortran_order': false, 'shape': ()}", .malformed, at: 44)
    assertHeader("{'descr': '\u{e9}', 'fortran_order': False, 'shape': ()}", .malformed, at: 21)
  }

  func testMissingRepeatedAndUnknownKeys() {
    assertHeader("{'descr': '<f4', 'shape': ()}", .malformed, at: 39)
    assertHeader(
      "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': ()}", .malformed, at: 27)
    assertHeader(
      "{'descr': '<f4', 'fortran_order': False, 'shape': (), 'x': 1}", .malformed, at: 64)
    assertHeader("{}", .malformed, at: 12)
  }

  func testUnsupportedDescr() {
    for descr in ["<f8", "<u4", "<c8", "S3", "<M8[s]", "", "<", "f4 ", "<f4<"] {
      assertHeader(
        "{'descr': '\(descr)', 'fortran_order': False, 'shape': ()}", .unsupportedType, at: 20)
    }
    assertHeader(
      "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': ()}", .unsupportedType, at: 20)
    assertHeader("{'descr': 3, 'fortran_order': False, 'shape': ()}", .malformed, at: 20)
  }

  func testBadShapes() {
    func shape(_ s: String) -> String { "{'descr': '|u1', 'fortran_order': False, 'shape': \(s)}" }
    assertHeader(shape("(-1,)"), .malformed, at: 61)
    assertHeader(shape("(5)"), .malformed, at: 62)
    assertHeader(shape("[5]"), .malformed, at: 60)
    assertHeader(shape("(5,,)"), .malformed, at: 63)
    assertHeader(shape("(2 3)"), .malformed, at: 63)
    assertHeader(shape("(1.5,)"), .malformed, at: 62)
    assertHeader(shape("(99999999999999999999,)"), .limitExceeded, at: 61)
    assertHeader(shape("(4294967296, 4294967296)"), .limitExceeded, at: 60)
    assertHeader(shape("(3037000500, 3037000500)"), .limitExceeded, at: 60)
    assertHeader(shape("(1, 1, 1, 1, 1, 1, 1, 1, 1)"), .limitExceeded, at: 85)
  }

  func testDataSizeMismatch() {
    let header = "{'descr': '<i2', 'fortran_order': False, 'shape': (3,)}"
    assertHeader(header, data: [1, 0, 2, 0, 3], .truncated, at: 66)
    assertHeader(header, data: [1, 0, 2, 0, 3, 0, 0], .malformed, at: 72)
  }
}
