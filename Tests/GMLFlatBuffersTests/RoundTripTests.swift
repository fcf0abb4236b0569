// GMLFlatBuffersTests/RoundTripTests.swift — build → verify → read back, over a seeded sweep.

import GMLCore
import GMLFlatBuffers
import XCTest

final class RoundTripTests: XCTestCase {
  func testRandomMonstersRoundTrip() throws {
    var g = SeededGenerator(seed: 1)
    for i in 0..<400 {
      let m = Monster.random(&g, depth: 3)
      let force = i % 2 == 1
      let bytes = m.buffer(forceDefaults: force)
      XCTAssertEqual(try verifyAndRead(bytes), m, "monster \(i)")
      try bytes.withUnsafeBytes { raw in
        let view = BufferView(raw)
        let root = view.rootTable()
        if m.weights != nil {
          let offset = try XCTUnwrap(view.vectorDataOffset(root, slot: Monster.Slot.weights))
          XCTAssertEqual(offset % 64, 0)
          XCTAssertEqual(bytes.count % 64, 0)
        }
        XCTAssertEqual(view.hasField(root, slot: Monster.Slot.hp), force || m.hp != 100)
      }
    }
  }

  func testDefaultsReadBackWhenAbsent() throws {
    let bytes = Monster().buffer()
    XCTAssertEqual(try verifyAndRead(bytes), Monster())
    bytes.withUnsafeBytes { raw in
      let view = BufferView(raw)
      let root = view.rootTable()
      XCTAssertFalse(view.hasField(root, slot: Monster.Slot.hp))
      XCTAssertEqual(view.scalar(root, slot: Monster.Slot.hp, default: Int16(100)), 100)
      XCTAssertNil(view.vectorBytes(root, slot: Monster.Slot.inventory))
      XCTAssertNil(view.vectorDataOffset(root, slot: Monster.Slot.inventory))
      XCTAssertNil(view.structField(root, slot: Monster.Slot.pos, Vec3.self))
      XCTAssertEqual(view.vectorCount(root, slot: Monster.Slot.friends), 0)
      XCTAssertFalse(view.hasField(root, slot: 40))  // past the vtable
    }
  }

  func testAllScalarTypes() throws {
    var b = Builder()
    b.startTable()
    b.add(true, default: false, slot: 0)
    b.add(Int8(-2), default: 0, slot: 1)
    b.add(UInt8(250), default: 0, slot: 2)
    b.add(Int16(-300), default: 0, slot: 3)
    b.add(UInt16(60000), default: 0, slot: 4)
    b.add(Int32.min, default: 0, slot: 5)
    b.add(UInt32.max, default: 0, slot: 6)
    b.add(Int64.min, default: 0, slot: 7)
    b.add(UInt64.max, default: 0, slot: 8)
    b.add(Float(-1.25), default: 0, slot: 9)
    b.add(Double.pi, default: 0, slot: 10)
    let root = b.endTable()
    let bytes = b.finish(root: root)
    try bytes.withUnsafeBytes { raw in
      var v = try Verifier(raw)
      let t = try v.verifyRoot()
      try v.verifyScalar(t, slot: 0, Bool.self)
      try v.verifyScalar(t, slot: 1, Int8.self)
      try v.verifyScalar(t, slot: 2, UInt8.self)
      try v.verifyScalar(t, slot: 3, Int16.self)
      try v.verifyScalar(t, slot: 4, UInt16.self)
      try v.verifyScalar(t, slot: 5, Int32.self)
      try v.verifyScalar(t, slot: 6, UInt32.self)
      try v.verifyScalar(t, slot: 7, Int64.self)
      try v.verifyScalar(t, slot: 8, UInt64.self)
      try v.verifyScalar(t, slot: 9, Float.self)
      try v.verifyScalar(t, slot: 10, Double.self)
      let r = BufferView(raw)
      XCTAssertEqual(r.scalar(t, slot: 0, default: false), true)
      XCTAssertEqual(r.scalar(t, slot: 1, default: Int8(0)), -2)
      XCTAssertEqual(r.scalar(t, slot: 2, default: UInt8(0)), 250)
      XCTAssertEqual(r.scalar(t, slot: 3, default: Int16(0)), -300)
      XCTAssertEqual(r.scalar(t, slot: 4, default: UInt16(0)), 60000)
      XCTAssertEqual(r.scalar(t, slot: 5, default: Int32(0)), .min)
      XCTAssertEqual(r.scalar(t, slot: 6, default: UInt32(0)), .max)
      XCTAssertEqual(r.scalar(t, slot: 7, default: Int64(0)), .min)
      XCTAssertEqual(r.scalar(t, slot: 8, default: UInt64(0)), .max)
      XCTAssertEqual(r.scalar(t, slot: 9, default: Float(0)), -1.25)
      XCTAssertEqual(r.scalar(t, slot: 10, default: Double(0)), .pi)
    }
    XCTAssertEqual(bytes.count % 8, 0)
  }

  func testScalarVectorsOfEveryWidth() throws {
    var g = SeededGenerator(seed: 3)
    for n in 0..<20 {
      let a = (0..<n).map { _ in Int8.random(in: .min ... .max, using: &g) }
      let c = (0..<n).map { _ in UInt16.random(in: .min ... .max, using: &g) }
      let d = (0..<n).map { _ in Float(Int.random(in: -99...99, using: &g)) }
      let e = (0..<n).map { _ in Int64.random(in: .min ... .max, using: &g) }
      var b = Builder()
      let vs = [b.createVector(a), b.createVector(c), b.createVector(d), b.createVector(e)]
      b.startTable()
      for (i, v) in vs.enumerated() { b.add(v, slot: i) }
      let root = b.endTable()
      let bytes = b.finish(root: root)
      try bytes.withUnsafeBytes { raw in
        var v = try Verifier(raw)
        let t = try v.verifyRoot()
        for (slot, size) in [(0, 1), (1, 2), (2, 4), (3, 8)] {
          try v.verifyVector(t, slot: slot, elementSize: size, alignment: size)
        }
        let r = BufferView(raw)
        XCTAssertEqual((0..<n).map { r.vectorElement(t, slot: 0, at: $0, Int8.self) }, a)
        XCTAssertEqual((0..<n).map { r.vectorElement(t, slot: 1, at: $0, UInt16.self) }, c)
        XCTAssertEqual((0..<n).map { r.vectorElement(t, slot: 2, at: $0, Float.self) }, d)
        XCTAssertEqual((0..<n).map { r.vectorElement(t, slot: 3, at: $0, Int64.self) }, e)
        XCTAssertEqual(r.vectorBytes(t, slot: 3, elementSize: 8)?.count, 8 * n)
        XCTAssertEqual((r.vectorDataOffset(t, slot: 3) ?? 1) % 8, 0)
      }
    }
  }

  func testInvalidUTF8IsReplaced() throws {
    var bytes = Monster().buffer()
    var m = Monster()
    m.name = "ab"
    bytes = m.buffer()
    let at = try XCTUnwrap(bytes.firstIndex(of: UInt8(ascii: "a")))
    bytes[at] = 0xFF
    bytes[at + 1] = 0xC3  // a lead byte with no continuation
    XCTAssertEqual(try verifyAndRead(bytes).name, "\u{FFFD}\u{FFFD}")
  }
}
