// GMLFlatBuffersTests/ByteReaderTests.swift — bounds-checked little-endian reads and struct readers.

import GMLCore
import GMLFlatBuffers
import XCTest

final class ByteReaderTests: XCTestCase {
  let bytes: [UInt8] = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x80]

  func testLittleEndianAtAnyAlignment() throws {
    try bytes.withUnsafeBytes { raw in
      let r = ByteReader(raw)
      XCTAssertEqual(r.count, 10)
      XCTAssertEqual(try r.read(UInt8.self, at: 9), 0x80)
      XCTAssertEqual(try r.read(Int8.self, at: 9), -128)
      XCTAssertEqual(try r.read(UInt16.self, at: 1), 0x0302)
      XCTAssertEqual(try r.read(UInt32.self, at: 3), 0x0706_0504)
      XCTAssertEqual(try r.read(UInt64.self, at: 1), 0x0908_0706_0504_0302)
      XCTAssertEqual(try r.read(Int16.self, at: 8), Int16(bitPattern: 0x8009))
      XCTAssertEqual(try r.read(Bool.self, at: 2), true)  // any non-zero byte
      XCTAssertEqual(Array(try r.slice(at: 2, count: 3)), [3, 4, 5])
      XCTAssertEqual(try r.slice(at: 10, count: 0).count, 0)
    }
  }

  func testFloatBitPatterns() throws {
    let f: [UInt8] = [0, 0, 0x80, 0x3F, 0, 0, 0, 0, 0, 0, 0xF0, 0xBF]
    try f.withUnsafeBytes { raw in
      let r = ByteReader(raw)
      XCTAssertEqual(try r.read(Float.self, at: 0), 1.0)
      XCTAssertEqual(try r.read(Double.self, at: 4), -1.0)
    }
  }

  func testOutOfBoundsAndTruncated() {
    bytes.withUnsafeBytes { raw in
      let r = ByteReader(raw)
      assertThrows(.outOfBounds) { try r.read(UInt8.self, at: -1) }
      assertThrows(.outOfBounds) { try r.read(UInt8.self, at: 10) }
      assertThrows(.outOfBounds) { try r.read(UInt32.self, at: Int.max) }
      assertThrows(.truncated) { try r.read(UInt32.self, at: 8) }
      assertThrows(.truncated) { try r.slice(at: 5, count: 6) }
      assertThrows(.truncated) { try r.slice(at: 5, count: Int.max) }
      assertThrows(.truncated) { try r.slice(at: 0, count: -1) }
    }
  }

  func testEmptyBuffer() {
    let r = ByteReader(UnsafeRawBufferPointer(start: nil, count: 0))
    XCTAssertEqual(r.count, 0)
    assertThrows(.outOfBounds) { try r.read(UInt8.self, at: 0) }
    assertThrows(.truncated) {
      _ = try Verifier(UnsafeRawBufferPointer(start: nil, count: 0))
    }
  }

  func testStructReader() throws {
    var b = Builder()
    b.startTable()
    b.add(struct: Vec3(x: 1.5, y: -2, z: 1e9), slot: 0)
    let root = b.endTable()
    let bytes = b.finish(root: root)
    try bytes.withUnsafeBytes { raw in
      var v = try Verifier(raw)
      let t = try v.verifyRoot()
      try v.verifyStruct(t, slot: 0, Vec3.self, required: true)
      guard let r = BufferView(raw).structField(t, slot: 0, Vec3.self) else {
        return XCTFail("pos is missing")
      }
      XCTAssertEqual(r.bytes.count, 12)
      XCTAssertEqual(Vec3(r), Vec3(x: 1.5, y: -2, z: 1e9))
    }
  }

  func testStructFieldMisalignedOrPastTable() throws {
    // A Vec3 field whose vtable entry is moved by 2: misaligned.
    var b = Builder()
    b.startTable()
    b.add(struct: Vec3(x: 1, y: 2, z: 3), slot: 0)
    let root = b.endTable()
    var bytes = b.finish(root: root)
    let entry = bytes.withUnsafeBytes { BufferView($0).rootTable().vtablePosition } + 4
    bytes[entry] += 2
    assertThrows(.misaligned) {
      try bytes.withUnsafeBytes { raw in
        var v = try Verifier(raw)
        try v.verifyStruct(try v.verifyRoot(), slot: 0, Vec3.self)
      }
    }
    bytes[entry] += 2  // now 4 bytes further: past the table's inline size
    assertThrows(.outOfBounds) {
      try bytes.withUnsafeBytes { raw in
        var v = try Verifier(raw)
        try v.verifyStruct(try v.verifyRoot(), slot: 0, Vec3.self)
      }
    }
  }
}
