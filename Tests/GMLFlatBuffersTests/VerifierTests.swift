// GMLFlatBuffersTests/VerifierTests.swift — crafted bad buffers, each with its expected error kind.

import GMLCore
import GMLFlatBuffers
import XCTest

/// `table Node { label: string; values: [int]; child: Node; big: long; children: [Node]; }`
func verifyNode(_ v: inout Verifier, _ t: Table) throws(GMLError) {
  try v.verifyString(t, slot: 0)
  try v.verifyVector(t, slot: 1, elementSize: 4, alignment: 4)
  try v.verifyTableField(t, slot: 2, verifyNode)
  try v.verifyScalar(t, slot: 3, Int64.self)
  try v.verifyTableVector(t, slot: 4, verifyNode)
}

/// Verifies a Node buffer, optionally with `extra` checks on the root.
func verifyNodeBuffer(
  _ bytes: [UInt8], limits: VerifierLimits = .init(),
  extra: (inout Verifier, Table) throws(GMLError) -> Void = { _, _ in }
) throws {
  try bytes.withUnsafeBytes { raw in
    var v = try Verifier(raw, limits: limits)
    let root = try v.verifyRoot()
    try verifyNode(&v, root)
    try extra(&v, root)
  }
}

final class VerifierTests: XCTestCase {
  /// A Node by hand: label "ok", big 7.
  let base: [UInt8] = [
    16, 0, 0, 0,  // 0: root → 16
    12, 0, 16, 0, 4, 0, 0, 0, 0, 0, 8, 0,  // 4: vtable: 12 bytes, inline 16; label +4, big +8
    12, 0, 0, 0,  // 16: table, soffset 12 → vtable at 4
    12, 0, 0, 0,  // 20: label → 32
    7, 0, 0, 0, 0, 0, 0, 0,  // 24: big = 7
    2, 0, 0, 0, 0x6F, 0x6B, 0, 0,  // 32: "ok"
  ]

  func patched(_ at: Int, _ bytes: [UInt8]) -> [UInt8] {
    var b = base
    b.replaceSubrange(at..<(at + bytes.count), with: bytes)
    return b
  }

  func le32(_ v: UInt32) -> [UInt8] {
    [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)]
  }

  func testHandBuiltBufferVerifiesAndReads() throws {
    try verifyNodeBuffer(base)
    base.withUnsafeBytes { raw in
      let view = BufferView(raw)
      let root = view.rootTable()
      XCTAssertEqual(view.string(root, slot: 0), "ok")
      XCTAssertEqual(view.scalar(root, slot: 3, default: Int64(0)), 7)
      XCTAssertNil(view.table(root, slot: 2))
      XCTAssertEqual(view.vectorCount(root, slot: 1), 0)
    }
  }

  func testCountsDepthAndTables() throws {
    try base.withUnsafeBytes { raw in
      var v = try Verifier(raw)
      let root = try v.verifyRoot()
      try verifyNode(&v, root)
      XCTAssertEqual(v.depth, 1)
      XCTAssertEqual(v.tableCount, 1)
    }
  }

  func testBufferTooSmall() {
    for n in 0..<Verifier.minimumSize {
      assertThrows(.truncated) { try verifyNodeBuffer(Array(base.prefix(n))) }
    }
  }

  func testBufferLargerThanMaxSize() throws {
    assertThrows(.limitExceeded) { try verifyNodeBuffer(base, limits: .init(maxSize: 39)) }
    try verifyNodeBuffer(base, limits: .init(maxSize: 40))
  }

  func testWrongIdentifier() throws {
    let bytes = Monster().buffer()
    try bytes.withUnsafeBytes { raw in
      let v = try Verifier(raw)
      try v.checkIdentifier("MONS")
      do {
        try v.checkIdentifier("MONZ")
        XCTFail("expected wrongIdentifier")
      } catch {
        XCTAssertEqual(
          error as? GMLError,
          GMLError(.wrongIdentifier, at: .byteOffset(4), "file identifier does not match"))
      }
    }
  }

  func testRootOffsetOutOfRange() {
    assertThrows(.outOfBounds) { try verifyNodeBuffer(patched(0, le32(40))) }
    assertThrows(.outOfBounds) { try verifyNodeBuffer(patched(0, le32(0x8000_0000))) }
    assertThrows(.outOfBounds) { try verifyNodeBuffer(patched(0, le32(0xFFFF_FFFF))) }
    assertThrows(.malformed) { try verifyNodeBuffer(patched(0, le32(0))) }
  }

  func testMisalignedTable() {
    assertThrows(.misaligned) { try verifyNodeBuffer(patched(0, le32(18))) }
  }

  func testVtableOffsetOutOfRange() {
    assertThrows(.outOfBounds) {
      try verifyNodeBuffer(patched(16, le32(UInt32(bitPattern: -1000))))
    }
    assertThrows(.outOfBounds) { try verifyNodeBuffer(patched(16, le32(20))) }  // vtable at −4
    assertThrows(.outOfBounds) { try verifyNodeBuffer(patched(16, le32(0x8000_0000))) }
    assertThrows(.outOfBounds) { try verifyNodeBuffer(patched(16, le32(0x7FFF_FFFF))) }
  }

  func testMisalignedVtable() {
    assertThrows(.misaligned) { try verifyNodeBuffer(patched(16, le32(11))) }
  }

  func testVtableSizeOddOrTooSmall() {
    assertThrows(.malformed) { try verifyNodeBuffer(patched(4, [13, 0])) }
    assertThrows(.malformed) { try verifyNodeBuffer(patched(4, [2, 0])) }
    assertThrows(.malformed) { try verifyNodeBuffer(patched(4, [0, 0])) }
  }

  func testVtableRunsPastEnd() {
    assertThrows(.truncated) { try verifyNodeBuffer(patched(4, [100, 0])) }
  }

  func testInlineSizeBadOrPastEnd() {
    assertThrows(.truncated) { try verifyNodeBuffer(patched(6, [40, 0])) }
    assertThrows(.malformed) { try verifyNodeBuffer(patched(6, [2, 0])) }
  }

  func testFieldPastTableEnd() {
    // Inline size 12: `big` (8 bytes at +8) would end at +16.
    assertThrows(.outOfBounds) { try verifyNodeBuffer(patched(6, [12, 0])) }
  }

  func testMisalignedFields() {
    assertThrows(.misaligned) { try verifyNodeBuffer(patched(14, [4, 0])) }  // big at 20
    assertThrows(.misaligned) { try verifyNodeBuffer(patched(8, [6, 0])) }  // label offset at 22
  }

  func testStringWithoutNUL() {
    assertThrows(.malformed) { try verifyNodeBuffer(patched(38, [0x21])) }
  }

  func testStringLengthPastEnd() {
    assertThrows(.truncated) { try verifyNodeBuffer(patched(32, le32(100))) }
    assertThrows(.truncated) { try verifyNodeBuffer(patched(32, le32(4))) }  // no room for the NUL
    assertThrows(.outOfBounds) { try verifyNodeBuffer(patched(20, le32(100))) }
    assertThrows(.misaligned) { try verifyNodeBuffer(patched(20, le32(13))) }
  }

  func testStringLengthOverLimit() {
    assertThrows(.limitExceeded) { try verifyNodeBuffer(base, limits: .init(maxVectorLength: 1)) }
  }

  /// Offsets only point forward, so a table cannot refer back to itself:
  /// a zero offset (to itself) is malformed and a "negative" one is out of bounds.
  func testSelfReferencingOffsetsAreRejected() {
    assertThrows(.malformed) { try verifyNodeBuffer(patched(20, le32(0))) }
    assertThrows(.outOfBounds) { try verifyNodeBuffer(patched(20, le32(UInt32(bitPattern: -4)))) }
  }

  /// A buffer with a `values` vector, and the position of its length prefix.
  func nodeWithValues(_ values: [Int32]) -> ([UInt8], Int) {
    var b = Builder()
    let v = b.createVector(values)
    b.startTable()
    b.add(v, slot: 1)
    let root = b.endTable()
    let bytes = b.finish(root: root)
    let at = bytes.withUnsafeBytes {
      BufferView($0).vectorDataOffset(BufferView($0).rootTable(), slot: 1)
    }
    return (bytes, (at ?? 0) - 4)
  }

  func testVectorLengthOverflow() throws {
    let (bytes, at) = nodeWithValues([1, 2, 3])
    try verifyNodeBuffer(bytes)
    for (length, kind) in [
      (UInt32(0xFFFF_FFFF), GMLError.Kind.limitExceeded), (0x8000_0000, .limitExceeded),
      (0x4000_0000, .limitExceeded), (1000, .truncated), (4, .truncated),
    ] {
      var bad = bytes
      bad.replaceSubrange(at..<(at + 4), with: le32(length))
      assertThrows(kind) { try verifyNodeBuffer(bad) }
    }
    assertThrows(.limitExceeded) { try verifyNodeBuffer(bytes, limits: .init(maxVectorLength: 2)) }
  }

  func testMisalignedVector() {
    // "ok" data sits at 36: fine for bytes, not for 8-byte elements.
    assertThrows(.misaligned) {
      try verifyNodeBuffer(base) { v, t throws(GMLError) in
        try v.verifyVector(t, slot: 0, elementSize: 1, alignment: 8)
      }
    }
    // A length prefix at 33.
    assertThrows(.misaligned) {
      try verifyNodeBuffer(patched(20, le32(13))) { v, t throws(GMLError) in
        try v.verifyVector(t, slot: 0, elementSize: 1, alignment: 1)
      }
    }
  }

  func testMisalignedForcedAlignmentVector() throws {
    // Written with alignment 4 after 4 bytes of data: its data is not 64-aligned.
    var b = Builder()
    let v = b.createVector(bytes: [1, 2, 3, 4], alignment: 4)
    b.startTable()
    b.add(v, slot: 0)
    let root = b.endTable()
    let bytes = b.finish(root: root)
    let offset = bytes.withUnsafeBytes {
      BufferView($0).vectorDataOffset(BufferView($0).rootTable(), slot: 0)
    }
    XCTAssertNotEqual((offset ?? 0) % 64, 0)
    assertThrows(.misaligned) {
      try bytes.withUnsafeBytes { raw in
        var verifier = try Verifier(raw)
        let t = try verifier.verifyRoot()
        try verifier.verifyVector(t, slot: 0, elementSize: 1, alignment: 64)
      }
    }
  }

  func testRequiredFieldMissing() {
    assertThrows(.malformed) {
      try verifyNodeBuffer(base) { v, t throws(GMLError) in
        try v.verifyString(t, slot: 1, required: true)
      }
    }
    assertThrows(.malformed) {  // beyond the vtable: absent
      try verifyNodeBuffer(base) { v, t throws(GMLError) in
        try v.verifyTableField(t, slot: 9, required: true) { _, _ in }
      }
    }
    var m = Monster()
    m.name = "named"
    var bytes = m.buffer()
    // Clear `name`'s vtable entry (slot 2 at vtable + 8).
    let vtable = bytes.withUnsafeBytes { BufferView($0).rootTable().vtablePosition }
    bytes[vtable + 8] = 0
    bytes[vtable + 9] = 0
    assertThrows(.malformed) { try verifyAndRead(bytes) }
  }

  /// A chain of `depth` Nodes linked through `child`.
  func chain(_ depth: Int) -> [UInt8] {
    var b = Builder()
    var child: Offset? = nil
    for i in 0..<depth {
      b.startTable()
      if let child { b.add(child, slot: 2) }
      b.add(Int64(i), default: 0, slot: 3)
      child = b.endTable()
    }
    return b.finish(root: child!)
  }

  func testTooDeepNesting() throws {
    assertThrows(.limitExceeded) { try verifyNodeBuffer(chain(100)) }
    try verifyNodeBuffer(chain(64))
    try verifyNodeBuffer(chain(10), limits: .init(maxDepth: 10))
    assertThrows(.limitExceeded) { try verifyNodeBuffer(chain(11), limits: .init(maxDepth: 10)) }
    // Through vectors of tables too.
    var deep = Monster()
    for _ in 0..<10 {
      var parent = Monster()
      parent.friends = [deep]
      deep = parent
    }
    XCTAssertEqual(try verifyAndRead(deep.buffer(), limits: .init(maxDepth: 11)), deep)
    assertThrows(.limitExceeded) { try verifyAndRead(deep.buffer(), limits: .init(maxDepth: 10)) }
  }

  /// Each level's `children` holds the level below twice: a DAG whose
  /// unfolding has 2^31 tables. `maxTables` stops the walk.
  func testSharedSubtablesHitMaxTables() throws {
    var b = Builder()
    b.startTable()
    var level = b.endTable()
    for _ in 0..<30 {
      let children = b.createVector(offsets: [level, level])
      b.startTable()
      b.add(children, slot: 4)
      level = b.endTable()
    }
    let bytes = b.finish(root: level)
    XCTAssertLessThan(bytes.count, 1000)
    assertThrows(.limitExceeded) { try verifyNodeBuffer(bytes, limits: .init(maxTables: 10_000)) }
    assertThrows(.limitExceeded) { try verifyNodeBuffer(bytes) }
  }

  func testMaxTablesBoundary() throws {
    var m = Monster()
    m.friends = Array(repeating: Monster(), count: 9)
    let bytes = m.buffer()
    XCTAssertEqual(try verifyAndRead(bytes, limits: .init(maxTables: 10)), m)
    assertThrows(.limitExceeded) { try verifyAndRead(bytes, limits: .init(maxTables: 9)) }
  }

  /// A union of type NONE still has its value offset checked, as in C++.
  func testUnionNoneStillChecksValueOffset() throws {
    var b = Builder()
    let name = b.createString("n")
    b.startTable()
    let weapon = b.endTable()
    b.startTable()
    b.add(name, slot: Monster.Slot.name)
    b.add(weapon, slot: Monster.Slot.equipped)  // no type field: NONE
    let root = b.endTable()
    var bytes = b.finish(root: root, fileIdentifier: "MONS")
    XCTAssertNil(try verifyAndRead(bytes).weapon)
    let at = bytes.withUnsafeBytes { raw -> Int in
      let view = BufferView(raw)
      let t = view.rootTable()
      let entry = t.vtablePosition + 4 + 2 * Monster.Slot.equipped
      return t.position + Int(raw[entry]) + Int(raw[entry + 1]) << 8
    }
    bytes[at + 3] = 0x40  // offset now points 1 GiB away
    assertThrows(.outOfBounds) { try verifyAndRead(bytes) }
  }

  func testErrorCarriesByteOffset() {
    do {
      try verifyNodeBuffer(patched(38, [0x21]))
      XCTFail("expected an error")
    } catch {
      XCTAssertEqual((error as? GMLError)?.location, .byteOffset(38))
      XCTAssertEqual("\(error)", "malformed at byte 38: string without NUL terminator")
    }
  }
}
