// GMLFlatBuffersTests/TestSchema.swift — a hand-written "Monster" schema: build, verify, read.

import GMLCore
import GMLFlatBuffers
import XCTest

/// `struct Vec3 { x, y, z: float }`: 12 bytes, aligned to 4.
struct Vec3: FlatStruct, Equatable {
  var x: Float, y: Float, z: Float
  static var byteSize: Int { 12 }
  static var alignment: Int { 4 }
  func write(to w: inout StructWriter) {
    w.write(x, at: 0)
    w.write(y, at: 4)
    w.write(z, at: 8)
  }
  init(x: Float, y: Float, z: Float) { (self.x, self.y, self.z) = (x, y, z) }
  init(_ r: StructReader) {
    self.init(
      x: r.read(Float.self, at: 0), y: r.read(Float.self, at: 4), z: r.read(Float.self, at: 8))
  }
}

/// `table Weapon { damage: short; name: string; }`, union member 1 of `Equipment`.
struct Weapon: Equatable {
  var damage: Int16 = 0
  var name: String? = nil
}

/// ```
/// table Monster {
///   hp: short = 100; mana: int = 150; name: string (required);   // slots 0–2
///   inventory: [ubyte]; pos: Vec3; speeds: [int];                // slots 3–5
///   friends: [Monster]; equipped: Equipment;                     // slots 6, 7–8
///   path: [Vec3]; tags: [string]; enemy: Monster;                // slots 9–11
///   weights: [ubyte] (force_align: 64); alive: bool = true;      // slots 12–13
///   score: double;                                               // slot 14
/// }
/// file_identifier "MONS";
/// ```
struct Monster: Equatable {
  var hp: Int16 = 100
  var mana: Int32 = 150
  var name = ""
  var inventory: [UInt8]? = nil
  var pos: Vec3? = nil
  var speeds: [Int32]? = nil
  var friends: [Monster]? = nil
  var weapon: Weapon? = nil
  var path: [Vec3]? = nil
  var tags: [String]? = nil
  var enemy: [Monster] = []  // 0 or 1 element: an optional sub-table
  var weights: [UInt8]? = nil
  var alive = true
  var score = 0.0

  enum Slot {
    static let hp = 0, mana = 1, name = 2, inventory = 3, pos = 4, speeds = 5, friends = 6
    static let equippedType = 7, equipped = 8, path = 9, tags = 10, enemy = 11, weights = 12
    static let alive = 13, score = 14
  }

  /// Writes the monster (children first) and returns its table.
  func build(_ b: inout Builder) -> Offset {
    let nameOffset = b.createString(name)
    let inventoryOffset = inventory.map { b.createVector($0) }
    let speedsOffset = speeds.map { b.createVector($0) }
    let friendsOffset = friends.map { list in
      let offsets = list.map { $0.build(&b) }
      return b.createVector(offsets: offsets)
    }
    let weaponOffset = weapon.map { w -> Offset in
      let n = w.name.map { b.createString($0) }
      b.startTable()
      if let n { b.add(n, slot: 1) }
      b.add(w.damage, default: 0, slot: 0)
      return b.endTable()
    }
    let pathOffset = path.map { b.createVector(structs: $0) }
    let tagsOffset = tags.map { list in
      let offsets = list.map { b.createString($0) }
      return b.createVector(offsets: offsets)
    }
    let enemyOffset = enemy.first.map { $0.build(&b) }
    let weightsOffset = weights.map { b.createVector(bytes: $0, alignment: 64) }

    b.startTable()
    b.add(score, default: 0, slot: Slot.score)
    b.add(nameOffset, slot: Slot.name)
    if let inventoryOffset { b.add(inventoryOffset, slot: Slot.inventory) }
    if let speedsOffset { b.add(speedsOffset, slot: Slot.speeds) }
    if let friendsOffset { b.add(friendsOffset, slot: Slot.friends) }
    if let weaponOffset { b.addUnion(type: 1, value: weaponOffset, typeSlot: Slot.equippedType) }
    if let pathOffset { b.add(pathOffset, slot: Slot.path) }
    if let tagsOffset { b.add(tagsOffset, slot: Slot.tags) }
    if let enemyOffset { b.add(enemyOffset, slot: Slot.enemy) }
    if let weightsOffset { b.add(weightsOffset, slot: Slot.weights) }
    if let pos { b.add(struct: pos, slot: Slot.pos) }
    b.add(mana, default: 150, slot: Slot.mana)
    b.add(hp, default: 100, slot: Slot.hp)
    b.add(alive, default: true, slot: Slot.alive)
    return b.endTable()
  }

  /// A finished buffer with identifier "MONS".
  func buffer(forceDefaults: Bool = false) -> [UInt8] {
    var b = Builder(initialCapacity: 16)
    b.forceDefaults = forceDefaults
    let root = build(&b)
    return b.finish(root: root, fileIdentifier: "MONS")
  }

  /// Reads a verified monster table back.
  init(_ v: BufferView, _ t: Table) {
    typealias S = Slot
    hp = v.scalar(t, slot: S.hp, default: 100)
    mana = v.scalar(t, slot: S.mana, default: 150)
    name = v.string(t, slot: S.name) ?? ""
    if v.hasField(t, slot: S.inventory) {
      inventory = v.vectorBytes(t, slot: S.inventory).map { Array($0) }
    }
    pos = v.structField(t, slot: S.pos, Vec3.self).map(Vec3.init)
    if v.hasField(t, slot: S.speeds) {
      speeds = (0..<v.vectorCount(t, slot: S.speeds)).map {
        v.vectorElement(t, slot: S.speeds, at: $0, Int32.self)
      }
    }
    if v.hasField(t, slot: S.friends) {
      friends = (0..<v.vectorCount(t, slot: S.friends)).map {
        Monster(v, v.vectorTable(t, slot: S.friends, at: $0))
      }
    }
    if v.scalar(t, slot: S.equippedType, default: UInt8(0)) == 1,
      let w = v.table(t, slot: S.equipped)
    {
      weapon = Weapon(damage: v.scalar(w, slot: 0, default: 0), name: v.string(w, slot: 1))
    }
    if v.hasField(t, slot: S.path) {
      path = (0..<v.vectorCount(t, slot: S.path)).map {
        Vec3(v.vectorStruct(t, slot: S.path, at: $0, Vec3.self))
      }
    }
    if v.hasField(t, slot: S.tags) {
      tags = (0..<v.vectorCount(t, slot: S.tags)).map { v.vectorString(t, slot: S.tags, at: $0) }
    }
    enemy = v.table(t, slot: S.enemy).map { [Monster(v, $0)] } ?? []
    if v.hasField(t, slot: S.weights) {
      weights = v.vectorBytes(t, slot: S.weights).map { Array($0) }
    }
    alive = v.scalar(t, slot: S.alive, default: true)
    score = v.scalar(t, slot: S.score, default: 0)
  }

  init() {}
}

/// The schema's verify function for a `Monster` table.
func verifyMonster(_ v: inout Verifier, _ t: Table) throws(GMLError) {
  typealias S = Monster.Slot
  try v.verifyScalar(t, slot: S.hp, Int16.self)
  try v.verifyScalar(t, slot: S.mana, Int32.self)
  try v.verifyString(t, slot: S.name, required: true)
  try v.verifyVector(t, slot: S.inventory, elementSize: 1, alignment: 1)
  try v.verifyStruct(t, slot: S.pos, Vec3.self)
  try v.verifyVector(t, slot: S.speeds, elementSize: 4, alignment: 4)
  try v.verifyTableVector(t, slot: S.friends, verifyMonster)
  try v.verifyUnion(t, typeSlot: S.equippedType) { v, type, w throws(GMLError) in
    guard type == 1 else { throw GMLError(.malformed, "unknown Equipment member") }
    try v.verifyScalar(w, slot: 0, Int16.self)
    try v.verifyString(w, slot: 1)
  }
  try v.verifyVector(t, slot: S.path, elementSize: Vec3.byteSize, alignment: Vec3.alignment)
  try v.verifyStringVector(t, slot: S.tags)
  try v.verifyTableField(t, slot: S.enemy, verifyMonster)
  try v.verifyVector(t, slot: S.weights, elementSize: 1, alignment: 64)
  try v.verifyScalar(t, slot: S.alive, Bool.self)
  try v.verifyScalar(t, slot: S.score, Double.self)
}

/// Verifies a whole "MONS" buffer and reads it back.
func verifyAndRead(_ bytes: UnsafeRawBufferPointer, limits: VerifierLimits = .init())
  throws(GMLError)
  -> Monster
{
  var v = try Verifier(bytes, limits: limits)
  try v.checkIdentifier("MONS")
  let root = try v.verifyRoot()
  try verifyMonster(&v, root)
  let view = BufferView(bytes)
  XCTAssertEqual(view.rootTable(), root)
  return Monster(view, root)
}

/// `verifyAndRead` over an array (`withUnsafeBytes` rethrows untyped).
func verifyAndRead(_ bytes: [UInt8], limits: VerifierLimits = .init()) throws -> Monster {
  try bytes.withUnsafeBytes { raw in try verifyAndRead(raw, limits: limits) }
}

/// Asserts that `body` throws a `GMLError` of `kind`.
func assertThrows<T>(
  _ kind: GMLError.Kind, file: StaticString = #filePath, line: UInt = #line,
  _ body: () throws -> T
) {
  do {
    _ = try body()
    XCTFail("expected \(kind.name), got success", file: file, line: line)
  } catch let error as GMLError {
    XCTAssertEqual(error.kind, kind, "\(error)", file: file, line: line)
  } catch {
    XCTFail("expected a GMLError, got \(error)", file: file, line: line)
  }
}

/// A seeded generator (SplitMix64), so sweeps are reproducible.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

extension Monster {
  /// A random monster, with sub-monsters down to `depth` levels.
  static func random(_ g: inout SeededGenerator, depth: Int = 2) -> Monster {
    var m = Monster()
    func maybe(_ p: Int = 2) -> Bool { Int.random(in: 0..<p, using: &g) == 0 }
    func float() -> Float { Float(Int.random(in: -1000...1000, using: &g)) / 8 }
    m.hp = maybe() ? 100 : .random(in: .min ... .max, using: &g)
    m.mana = maybe() ? 150 : .random(in: .min ... .max, using: &g)
    m.name = String(
      (0..<Int.random(in: 0..<12, using: &g)).map { _ in "aé🐉z".randomElement(using: &g) ?? "a" })
    if maybe() {
      m.inventory = (0..<Int.random(in: 0..<20, using: &g)).map { _ in
        .random(in: 0...255, using: &g)
      }
    }
    if maybe() { m.pos = Vec3(x: float(), y: float(), z: float()) }
    if maybe() {
      m.speeds = (0..<Int.random(in: 0..<9, using: &g)).map { _ in
        .random(in: .min ... .max, using: &g)
      }
    }
    if depth > 0 && maybe(3) {
      m.friends = (0..<Int.random(in: 0..<3, using: &g)).map { _ in random(&g, depth: depth - 1) }
    }
    if maybe() {
      m.weapon = Weapon(damage: .random(in: -5...5, using: &g), name: maybe() ? nil : "sword")
    }
    if maybe() {
      m.path = (0..<Int.random(in: 0..<4, using: &g)).map { _ in
        Vec3(x: float(), y: float(), z: float())
      }
    }
    if maybe() { m.tags = (0..<Int.random(in: 0..<4, using: &g)).map { "tag\($0)" } }
    if depth > 0 && maybe(3) { m.enemy = [random(&g, depth: depth - 1)] }
    if maybe() {
      m.weights = (0..<Int.random(in: 0..<100, using: &g)).map { _ in
        .random(in: 0...255, using: &g)
      }
    }
    m.alive = maybe(3)
    m.score = maybe() ? 0 : Double(Int.random(in: -99...99, using: &g)) / 4
    return m
  }
}
