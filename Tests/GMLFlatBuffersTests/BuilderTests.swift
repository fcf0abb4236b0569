// GMLFlatBuffersTests/BuilderTests.swift — Builder byte layouts, checked byte by byte.
//
// Every expected buffer below was worked out by hand from the layout rules
// and also matches the C++ FlatBufferBuilder (flatbuffers 2.0.8) byte for
// byte for the same calls.

import GMLCore
import GMLFlatBuffers
import XCTest

final class BuilderTests: XCTestCase {
  func testTableWithIntAndString() {
    var b = Builder()
    let s = b.createString("hi")
    b.startTable()
    b.add(Int32(42), default: 0, slot: 0)
    b.add(s, slot: 1)
    let root = b.endTable()
    XCTAssertEqual(
      b.finish(root: root),
      [
        0x0C, 0, 0, 0,  // root uoffset → table at 12
        8, 0, 12, 0,  // vtable at 4: 8 bytes, table inline size 12
        8, 0, 4, 0,  // slot 0 at +8, slot 1 at +4
        8, 0, 0, 0,  // table at 12: soffset 8 → vtable at 4
        8, 0, 0, 0,  // slot 1: uoffset 8 → string at 24
        42, 0, 0, 0,  // slot 0
        2, 0, 0, 0, 0x68, 0x69, 0, 0,  // "hi", NUL, padding
      ])
  }

  func testVectorOfScalarsAndTrailingAbsentSlot() {
    var b = Builder()
    let v = b.createVector([Int16(1), 2, 3])
    b.startTable()
    b.add(v, slot: 0)
    b.add(UInt8(7), default: 0, slot: 2)
    let root = b.endTable()
    XCTAssertEqual(
      b.finish(root: root),
      [
        16, 0, 0, 0,  // root → 16
        0, 0,  // padding
        // vtable at 6: 10 bytes, inline size 12; slot 0 +8, slot 1 absent, slot 2 +7
        10, 0, 12, 0, 8, 0, 0, 0, 7, 0,
        10, 0, 0, 0,  // table at 16: soffset 10 → vtable at 6
        0, 0, 0, 7,  // padding, slot 2 = 7 at 23
        4, 0, 0, 0,  // slot 0 at 24: uoffset 4 → vector at 28
        3, 0, 0, 0, 1, 0, 2, 0, 3, 0, 0, 0,  // length 3, elements, padding
      ])
  }

  func testIdenticalVtablesAreShared() {
    var b = Builder()
    b.startTable()
    b.add(Int32(1), default: 0, slot: 0)
    b.add(Int32(2), default: 0, slot: 1)
    let first = b.endTable()
    b.startTable()
    b.add(Int32(3), default: 0, slot: 0)
    b.add(Int32(4), default: 0, slot: 1)
    let second = b.endTable()
    let v = b.createVector(offsets: [first, second])
    b.startTable()
    b.add(v, slot: 0)
    let root = b.endTable()
    let bytes = b.finish(root: root)
    XCTAssertEqual(
      bytes,
      [
        12, 0, 0, 0, 0, 0,  // root → 12, padding
        6, 0, 8, 0, 4, 0,  // root's vtable at 6: slot 0 at +4
        6, 0, 0, 0, 4, 0, 0, 0,  // root table at 12; slot 0 → vector at 20
        2, 0, 0, 0, 0x1C, 0, 0, 0, 4, 0, 0, 0,  // 2 tables: 24+28=52, 28+4=32
        0xF4, 0xFF, 0xFF, 0xFF, 4, 0, 0, 0, 3, 0, 0, 0,  // second at 32: soffset −12 → vtable at 44
        8, 0, 12, 0, 8, 0, 4, 0,  // the one shared vtable at 44: slot 0 +8, slot 1 +4
        8, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0,  // first at 52: soffset 8 → 44
      ])
    bytes.withUnsafeBytes { raw in
      let view = BufferView(raw)
      let root = view.rootTable()
      XCTAssertEqual(view.vectorTable(root, slot: 0, at: 0).vtablePosition, 44)
      XCTAssertEqual(view.vectorTable(root, slot: 0, at: 1).vtablePosition, 44)
    }
  }

  /// As in C++, a table's inline size counts the padding before its first
  /// field, so equal-shaped tables that start at different alignments get
  /// different vtables; here the root shares the first table's instead.
  func testInlineSizeCountsLeadingPadding() {
    var b = Builder()
    b.startTable()
    b.add(Int32(1), default: 0, slot: 0)
    let first = b.endTable()
    b.startTable()
    b.add(Int32(2), default: 0, slot: 0)
    let second = b.endTable()
    let v = b.createVector(offsets: [first, second])
    b.startTable()
    b.add(v, slot: 0)
    let root = b.endTable()
    XCTAssertEqual(
      b.finish(root: root),
      [
        4, 0, 0, 0,  // root → 4
        // root at 4: soffset −38 → vtable at 42; slot 0 → vector at 12
        0xDA, 0xFF, 0xFF, 0xFF, 4, 0, 0, 0,
        2, 0, 0, 0, 0x20, 0, 0, 0, 0x0C, 0, 0, 0,  // 2 tables: 16+32=48, 20+12=32
        0, 0, 6, 0, 10, 0, 4, 0,  // vtable at 26: inline size 10 = 2 padding + 8
        6, 0, 0, 0, 2, 0, 0, 0,  // second at 32
        0, 0, 6, 0, 8, 0, 4, 0,  // vtable at 42: inline size 8
        6, 0, 0, 0, 1, 0, 0, 0,  // first at 48
      ])
  }

  func testDefaultsOmittedUnlessForced() {
    for force in [false, true] {
      var b = Builder()
      b.forceDefaults = force
      b.startTable()
      b.add(Int32(0), default: 0, slot: 0)
      b.add(Int16(5), default: 5, slot: 1)
      let root = b.endTable()
      let bytes = b.finish(root: root, fileIdentifier: "GML0")
      let expected: [UInt8] =
        force
        ? [
          16, 0, 0, 0, 0x47, 0x4D, 0x4C, 0x30,  // root → 16, "GML0"
          8, 0, 12, 0, 8, 0, 6, 0,  // vtable: slot 0 at +8, slot 1 at +6
          8, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0,  // table: soffset, pad, 5, 0
        ]
        : [
          12, 0, 0, 0, 0x47, 0x4D, 0x4C, 0x30,  // root → 12, "GML0"
          4, 0, 4, 0,  // empty vtable: 4 bytes, inline size 4
          4, 0, 0, 0,  // table: soffset only
        ]
      XCTAssertEqual(bytes, expected, "forceDefaults \(force)")
      XCTAssertEqual(Array(bytes[4..<8]), Array("GML0".utf8))
    }
  }

  func testForcedAlignmentOf64() {
    var b = Builder()
    let s = b.createString("abc")
    let v = b.createVector(bytes: [1, 2, 3, 4, 5], alignment: 64)
    b.startTable()
    b.add(s, slot: 0)
    b.add(v, slot: 1)
    let root = b.endTable()
    let bytes = b.finish(root: root)
    var expected: [UInt8] = [48, 0, 0, 0] + [UInt8](repeating: 0, count: 36)  // root → 48, padding
    expected += [8, 0, 12, 0, 8, 0, 4, 0]  // vtable at 40: slot 0 +8, slot 1 +4
    expected += [8, 0, 0, 0, 8, 0, 0, 0, 64, 0, 0, 0]  // table at 48; slot 1 → 60, slot 0 → 120
    expected += [5, 0, 0, 0, 1, 2, 3, 4, 5]  // vector at 60: data at 64, a multiple of 64
    expected += [UInt8](repeating: 0, count: 51)  // padding so the string's end is 4-aligned
    expected += [3, 0, 0, 0, 0x61, 0x62, 0x63, 0]  // "abc" at 120
    XCTAssertEqual(bytes.count, 128)
    XCTAssertEqual(bytes, expected)
    bytes.withUnsafeBytes { raw in
      let view = BufferView(raw)
      XCTAssertEqual(view.vectorDataOffset(view.rootTable(), slot: 1), 64)
    }
  }

  func testForcedAlignmentSweep() throws {
    for alignment in [16, 64] {
      for prefix in 0..<70 {
        for count in [0, 1, 2, 3, 4, 5, 15, 16, 17, 63, 64, 65, 100, 129] {
          var b = Builder(initialCapacity: 8)
          let s = b.createString(String(repeating: "p", count: prefix))
          let v = b.createVector(
            bytes: [UInt8](repeating: 0xAB, count: count), alignment: alignment)
          b.startTable()
          b.add(s, slot: 0)
          b.add(v, slot: 1)
          b.add(UInt8(prefix % 3), default: 0, slot: 2)
          let root = b.endTable()
          let bytes = b.finish(root: root, fileIdentifier: prefix % 2 == 0 ? "ALGN" : nil)
          XCTAssertEqual(bytes.count % alignment, 0)
          try bytes.withUnsafeBytes { raw in
            var verifier = try Verifier(raw)
            let t = try verifier.verifyRoot()
            try verifier.verifyString(t, slot: 0)
            try verifier.verifyVector(t, slot: 1, elementSize: 1, alignment: alignment)
            let view = BufferView(raw)
            guard let offset = view.vectorDataOffset(t, slot: 1) else {
              return XCTFail("no vector")
            }
            XCTAssertEqual(
              offset % alignment, 0, "alignment \(alignment) prefix \(prefix) count \(count)")
            XCTAssertEqual(
              view.vectorBytes(t, slot: 1).map { Array($0) }, [UInt8](repeating: 0xAB, count: count)
            )
          }
        }
      }
    }
  }

  func testStructFieldAndVectorOfStructs() {
    var b = Builder()
    let v = b.createVector(structs: [Vec3(x: 1, y: 2, z: 3), Vec3(x: 4, y: 5, z: 6)])
    b.startTable()
    b.add(UInt8(1), default: 0, slot: 0)
    b.add(struct: Vec3(x: 7, y: 8, z: 9), slot: 1)
    b.add(v, slot: 2)
    let root = b.endTable()
    XCTAssertEqual(
      b.finish(root: root),
      [
        16, 0, 0, 0, 0, 0,  // root → 16, padding
        10, 0, 24, 0, 23, 0, 8, 0, 4, 0,  // vtable at 6: slot 0 at +23, slot 1 at +8, slot 2 at +4
        10, 0, 0, 0,  // table at 16
        20, 0, 0, 0,  // slot 2 → vector at 40
        0, 0, 0xE0, 0x40, 0, 0, 0, 0x41, 0, 0, 0x10, 0x41,  // Vec3(7, 8, 9)
        0, 0, 0, 1,  // padding, slot 0 = 1
        2, 0, 0, 0,  // 2 structs
        0, 0, 0x80, 0x3F, 0, 0, 0, 0x40, 0, 0, 0x40, 0x40,  // (1, 2, 3)
        0, 0, 0x80, 0x40, 0, 0, 0xA0, 0x40, 0, 0, 0xC0, 0x40,  // (4, 5, 6)
      ])
  }

  func testStructsAlignedTo8() {
    struct V8: FlatStruct {
      var d: Double, i: Int32
      static var byteSize: Int { 16 }
      static var alignment: Int { 8 }
      func write(to w: inout StructWriter) {
        w.write(d, at: 0)
        w.write(i, at: 8)
      }
    }
    var b = Builder()
    let v = b.createVector(structs: [V8(d: 1, i: 2)])
    let s = b.createString("")
    b.startTable()
    b.add(v, slot: 0)
    b.add(s, slot: 1)
    let root = b.endTable()
    XCTAssertEqual(
      b.finish(root: root),
      [
        16, 0, 0, 0, 0, 0, 0, 0,  // root → 16, padding to 8
        8, 0, 12, 0, 8, 0, 4, 0,  // vtable at 8
        8, 0, 0, 0, 8, 0, 0, 0, 12, 0, 0, 0,  // table at 16: slot 1 → 28, slot 0 → 36
        0, 0, 0, 0, 0, 0, 0, 0,  // "" at 28 (length 0, NUL, padding)
        1, 0, 0, 0,  // vector at 36: 1 element, data at 40 (8-aligned)
        0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 2, 0, 0, 0, 0, 0, 0, 0,  // V8(1.0, 2)
      ])
  }

  func testUnion() {
    var b = Builder()
    b.startTable()
    b.add(Int16(9), default: 0, slot: 0)
    let member = b.endTable()
    b.startTable()
    b.addUnion(type: 2, value: member, typeSlot: 3)
    let root = b.endTable()
    let bytes = b.finish(root: root)
    XCTAssertEqual(
      bytes,
      [
        20, 0, 0, 0, 0, 0,  // root → 20, padding
        // vtable at 6: slot 3 (type) +7, slot 4 (value) +8
        14, 0, 14, 0, 0, 0, 0, 0, 0, 0, 7, 0, 8, 0,
        14, 0, 0, 0,  // table at 20
        0, 0, 0, 2,  // type 2 at 27
        12, 0, 0, 0,  // value at 28 → 40
        0, 0, 6, 0, 8, 0, 6, 0,  // padding, member's vtable at 34
        6, 0, 0, 0, 0, 0, 9, 0,  // member table at 40: 9 at +6
      ])
    bytes.withUnsafeBytes { raw in
      let view = BufferView(raw)
      let root = view.rootTable()
      XCTAssertEqual(view.scalar(root, slot: 3, default: UInt8(0)), 2)
      let t = view.table(root, slot: 4)
      XCTAssertEqual(t.map { view.scalar($0, slot: 0, default: Int16(0)) }, 9)
    }
  }

  func testDoubleFieldAlignsBufferTo8() {
    var b = Builder()
    let s = b.createString("x")
    b.startTable()
    b.add(1.5, default: 0.0, slot: 0)
    b.add(UInt8(3), default: 0, slot: 1)
    b.add(s, slot: 2)
    let root = b.endTable()
    let bytes = b.finish(root: root)
    XCTAssertEqual(
      bytes,
      [
        20, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // root → 20, padding
        10, 0, 20, 0, 12, 0, 11, 0, 4, 0,  // vtable at 10: double +12, byte +11, string +4
        10, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 3,  // table at 20; string → 40; 3 at 31
        0, 0, 0, 0, 0, 0, 0xF8, 0x3F,  // 1.5 at 32 (8-aligned)
        1, 0, 0, 0, 0x78, 0, 0, 0,  // "x"
      ])
    XCTAssertEqual(bytes.count % 8, 0)
  }

  func testEmptyVectorAndEmptyTable() {
    var b = Builder()
    let empty = b.createVector([Int64]())
    b.startTable()
    let child = b.endTable()
    b.startTable()
    b.add(empty, slot: 0)
    b.add(child, slot: 1)
    let root = b.endTable()
    XCTAssertEqual(
      b.finish(root: root),
      [
        12, 0, 0, 0,  // root → 12
        8, 0, 12, 0, 8, 0, 4, 0,  // vtable at 4
        8, 0, 0, 0, 12, 0, 0, 0, 12, 0, 0, 0,  // table at 12: child at 16+12=28, vector at 20+12=32
        4, 0, 4, 0, 4, 0, 0, 0,  // child's vtable at 24, child table at 28
        0, 0, 0, 0,  // empty vector
      ])
  }

  func testBuilderGrowsFromTinyCapacity() {
    var g = SeededGenerator(seed: 7)
    let m = Monster.random(&g, depth: 3)
    var small = Builder(initialCapacity: 1)
    var large = Builder(initialCapacity: 1 << 16)
    let a = small.finish(root: m.build(&small))
    let b = large.finish(root: m.build(&large))
    XCTAssertEqual(a, b)
  }

  func testOutputIsDeterministic() {
    var g = SeededGenerator(seed: 11)
    let m = Monster.random(&g, depth: 3)
    XCTAssertEqual(m.buffer(), m.buffer())
  }
}
