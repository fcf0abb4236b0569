// GMLFlatBuffersTests/HostileInputTests.swift — truncations, bit flips, garbage: errors, never crashes.

import GMLCore
import GMLFlatBuffers
import XCTest

final class HostileInputTests: XCTestCase {
  /// A monster using every field kind, two levels deep.
  func richMonster() -> Monster {
    var g = SeededGenerator(seed: 42)
    var m = Monster.random(&g, depth: 2)
    m.name = "Orc"
    m.inventory = [1, 2, 3]
    m.pos = Vec3(x: 1, y: 2, z: 3)
    m.speeds = [7, -8]
    m.weapon = Weapon(damage: 3, name: "axe")
    m.path = [Vec3(x: 0, y: 1, z: 2)]
    m.tags = ["a", "bc"]
    m.weights = Array(0..<70)
    var friend = Monster()
    friend.name = "Goblin"
    friend.enemy = [Monster()]
    m.friends = [friend, Monster()]
    m.enemy = [friend]
    return m
  }

  /// Verifies and, when that succeeds, reads every field. Returns success.
  @discardableResult
  func survive(_ bytes: [UInt8]) -> Bool {
    do {
      _ = try verifyAndRead(bytes)
      return true
    } catch {
      return false
    }
  }

  func testEveryTruncation() {
    let bytes = richMonster().buffer()
    XCTAssertTrue(survive(bytes))
    var accepted = 0
    for n in 0..<bytes.count where survive(Array(bytes.prefix(n))) { accepted += 1 }
    // Strings are written first, so they sit at the end: every prefix loses one.
    XCTAssertEqual(accepted, 0)
  }

  func testRandomBitFlips() {
    var g = SeededGenerator(seed: 2024)
    var accepted = 0
    var rejected = 0
    for trial in 0..<3000 {
      let source = trial % 3 == 0 ? richMonster() : Monster.random(&g, depth: 2)
      var bytes = source.buffer()
      for _ in 0..<Int.random(in: 1...3, using: &g) {
        let bit = Int.random(in: 0..<(bytes.count * 8), using: &g)
        bytes[bit / 8] ^= UInt8(1 << (bit % 8))
      }
      if survive(bytes) { accepted += 1 } else { rejected += 1 }
    }
    // Both outcomes must occur, or the sweep tests nothing.
    XCTAssertGreaterThan(accepted, 100)
    XCTAssertGreaterThan(rejected, 100)
  }

  func testRandomWordOverwrites() {
    // Overwrite aligned words with boundary values, which reach far offsets.
    let specials: [UInt32] = [
      0, 1, 2, 3, 4, 0x7F, 0x80, 0xFF, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFC, 0xFFFF_FFFF,
    ]
    var g = SeededGenerator(seed: 99)
    let original = richMonster().buffer()
    for _ in 0..<3000 {
      var bytes = original
      let word = Int.random(in: 0..<(bytes.count / 4), using: &g) * 4
      let v = specials.randomElement(using: &g) ?? 0
      let shift = Int.random(in: 0...1, using: &g) * 2  // also hit the 16-bit vtable entries
      for i in 0..<4 where word + shift + i < bytes.count {
        bytes[word + shift + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))
      }
      survive(bytes)
    }
  }

  func testRandomGarbage() {
    var g = SeededGenerator(seed: 5)
    for _ in 0..<3000 {
      let count = Int.random(in: 0..<96, using: &g)
      var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &g) }
      if count >= 8 { bytes.replaceSubrange(4..<8, with: Array("MONS".utf8)) }
      if count >= 4 {  // a root offset that lands inside, to get past the first check
        bytes[0] = UInt8(Int.random(in: 0..<count, using: &g) & ~3)
        bytes[1] = 0
        bytes[2] = 0
        bytes[3] = 0
      }
      survive(bytes)
    }
  }

  func testUncheckedViewNeverLeavesUnverifiedMemoryInRelease() throws {
    // The unchecked reads are meant for verified buffers; they assert in debug
    // builds, so only exercise them on garbage when assertions are off.
    try XCTSkipIf(
      _isDebugAssertConfiguration(), "BufferView asserts on unverified input in debug builds")
    var g = SeededGenerator(seed: 6)
    for _ in 0..<1000 {
      let bytes = (0..<Int.random(in: 0..<64, using: &g)).map { _ in
        UInt8.random(in: 0...255, using: &g)
      }
      bytes.withUnsafeBytes { raw in
        let view = BufferView(raw)
        let root = view.rootTable()
        for slot in 0..<16 {
          _ = view.scalar(root, slot: slot, default: Int64(0))
          _ = view.string(root, slot: slot)
          _ = view.vectorBytes(root, slot: slot)
          _ = view.table(root, slot: slot).map { view.string($0, slot: 0) }
        }
      }
    }
  }
}
