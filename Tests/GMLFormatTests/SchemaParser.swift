// GMLFormatTests/SchemaParser.swift — reads the FlatBuffers schema subset that schema/gml.fbs uses, and its fields' values.
import Foundation
import GMLFlatBuffers
import GMLTestSupport

/// The enums, unions and tables of a `.fbs` file. The subset: `enum`,
/// `union`, `table` (no structs), `//` and `///` comments, attributes in
/// parentheses, and one-line declarations ending in `;` (namespace,
/// root_type, file_identifier, …), which are skipped.
struct Schema {
  struct Enum {
    /// The underlying scalar type: `byte`, `ushort`.
    var underlying: String
    var cases: [(name: String, value: Int)]
  }

  struct Field {
    var name: String
    /// The type as written: `int`, `Padding`, `[int]`, `OpOptions`.
    var type: String
    /// The default as written (`1`, `0.2`, `VALID`); nil when none is given.
    var defaultLiteral: String?
    var isDeprecated: Bool
    /// The field's vtable slot; a union field's type byte sits at `slot - 1`.
    var slot = 0
  }

  struct ParseError: Error, CustomStringConvertible {
    let description: String
  }

  var enums: [String: Enum] = [:]
  /// Members of each union, in order (type byte = position + 1).
  var unions: [String: [String]] = [:]
  var tables: [String: [Field]] = [:]

  /// Bytes of each scalar type the schema may name.
  static let scalarSizes = [
    "bool": 1, "byte": 1, "ubyte": 1, "short": 2, "ushort": 2, "int": 4, "uint": 4, "float": 4,
    "long": 8, "ulong": 8, "double": 8,
  ]

  /// `schema/gml.fbs` of this checkout, parsed.
  static func load() throws -> Schema {
    let url = RepositoryPaths.root().appendingPathComponent("schema/gml.fbs")
    return try Schema(parsing: String(contentsOf: url, encoding: .utf8))
  }

  init(parsing text: String) throws {
    var c = Cursor(tokens: Self.tokens(text))
    while c.more {
      switch try c.next() {
      case "enum":
        let name = try c.next()
        try c.expect(":")
        var e = Enum(underlying: try c.next(), cases: [])
        _ = try c.attributes()
        try c.expect("{")
        while try !c.take("}") {
          let caseName = try c.next()
          let value = try c.take("=") ? try c.integer() : (e.cases.last?.value ?? -1) + 1
          e.cases.append((caseName, value))
          _ = try c.take(",")
        }
        enums[name] = e
      case "union":
        let name = try c.next()
        _ = try c.attributes()
        try c.expect("{")
        var members: [String] = []
        while try !c.take("}") {
          members.append(try c.next())
          _ = try c.take(",")
        }
        unions[name] = members
      case "table":
        let name = try c.next()
        _ = try c.attributes()
        try c.expect("{")
        var fields: [Field] = []
        while try !c.take("}") {
          let fieldName = try c.next()
          try c.expect(":")
          let type = try c.take("[") ? "[\(try c.next())]" : try c.next()
          if type.hasPrefix("[") { try c.expect("]") }
          let literal = try c.take("=") ? try c.next() : nil
          let deprecated = try c.attributes().contains("deprecated")
          try c.expect(";")
          fields.append(
            Field(name: fieldName, type: type, defaultLiteral: literal, isDeprecated: deprecated))
        }
        tables[name] = fields
      case "namespace", "root_type", "file_identifier", "file_extension", "include", "attribute":
        while try c.next() != ";" {}
      case let other:
        throw ParseError(description: "gml.fbs: `\(other)` is outside the subset this parser reads")
      }
    }
    // Slots: declaration order, a union field taking two (type byte, value).
    for (name, fields) in tables {
      var slot = 0
      tables[name] = fields.map { field in
        var field = field
        if unions[field.type] != nil { slot += 1 }
        field.slot = slot
        slot += 1
        return field
      }
    }
  }

  /// Words, numbers, quoted strings and single punctuation; comments dropped.
  private static func tokens(_ text: String) -> [String] {
    let s = Array(text)
    var out: [String] = []
    var i = 0
    func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber || "_-.+".contains(c) }
    while i < s.count {
      var j = i + 1
      if s[i] == "/" && j < s.count && s[j] == "/" {
        while j < s.count && s[j] != "\n" { j += 1 }
      } else if s[i] == "\"" {
        while j < s.count && s[j] != "\"" { j += 1 }
        j = min(j + 1, s.count)
        out.append(String(s[i..<j]))
      } else if isWord(s[i]) {
        while j < s.count && isWord(s[j]) { j += 1 }
        out.append(String(s[i..<j]))
      } else if !s[i].isWhitespace {
        out.append(String(s[i]))
      }
      i = j
    }
    return out
  }
}

/// A field value: enums as their integer values.
enum Value: Equatable, CustomStringConvertible {
  case int(Int), float(Float), bool(Bool), ints([Int32])

  var description: String {
    switch self {
    case .int(let v): return "\(v)"
    case .float(let v): return "\(v)"
    case .bool(let v): return "\(v)"
    case .ints(let v): return "\(v)"
    }
  }
}

extension Schema {
  /// The value `field` has by default: its `= x`, else zero, false or empty.
  func defaultValue(of field: Field, in table: String) throws -> Value {
    let literal = field.defaultLiteral
    switch enums[field.type] != nil ? "enum" : field.type {
    case "[int]" where literal == nil: return .ints([])
    case "float", "double": if let v = Float(literal ?? "0") { return .float(v) }
    case "bool": if ["true", "false", nil].contains(literal) { return .bool(literal == "true") }
    case "enum":
      let l = literal ?? "0"
      if let v = Int(l) ?? enums[field.type]?.cases.first(where: { $0.name == l })?.value {
        return .int(v)
      }
    case "byte", "ubyte", "short", "ushort", "int", "uint":
      if let v = Int(literal ?? "0") { return .int(v) }
    default: break
    }
    throw ParseError(description: "\(table).\(field.name): \(field.type) = \(literal ?? "-")")
  }

  /// A value other than `value` for `field`: another enum case, a larger
  /// number (distinct per slot), the negation, a non-empty vector.
  func other(_ value: Value, _ field: Field) -> Value {
    switch value {
    case .int(let v):
      guard let cases = enums[field.type]?.cases, let first = cases.first, let last = cases.last
      else { return .int(v + 2 + field.slot) }
      return .int(v == last.value ? first.value : last.value)
    case .float(let v): return .float(v + 0.5 + Float(field.slot))
    case .bool(let v): return .bool(!v)
    case .ints: return .ints([1, 2, 3, 4])
    }
  }

  /// `field` as stored in `table`, read with the schema's type (an enum as
  /// its underlying type); nil for a type this test does not read.
  func stored(_ field: Field, of table: Table, in view: BufferView) -> Value? {
    let s = field.slot
    switch enums[field.type]?.underlying ?? field.type {
    case "[int]":
      let count = view.vectorCount(table, slot: s)
      return .ints((0..<count).map { view.vectorElement(table, slot: s, at: $0, Int32.self) })
    case "float": return .float(view.scalar(table, slot: s, default: Float(0)))
    case "bool": return .bool(view.scalar(table, slot: s, default: false))
    case "byte": return .int(Int(view.scalar(table, slot: s, default: Int8(0))))
    case "ubyte": return .int(Int(view.scalar(table, slot: s, default: UInt8(0))))
    case "short": return .int(Int(view.scalar(table, slot: s, default: Int16(0))))
    case "ushort": return .int(Int(view.scalar(table, slot: s, default: UInt16(0))))
    case "int": return .int(Int(view.scalar(table, slot: s, default: Int32(0))))
    case "uint": return .int(Int(view.scalar(table, slot: s, default: UInt32(0))))
    default: return nil
    }
  }
}

/// A position in the token list; every read names what it expected.
private struct Cursor {
  let tokens: [String]
  var index = 0

  var more: Bool { index < tokens.count }

  mutating func next() throws -> String {
    guard more else { throw Schema.ParseError(description: "gml.fbs: unexpected end") }
    index += 1
    return tokens[index - 1]
  }

  /// Consumes `token` if it comes next.
  mutating func take(_ token: String) throws -> Bool {
    guard more else { throw Schema.ParseError(description: "gml.fbs: ends before `\(token)`") }
    if tokens[index] != token { return false }
    index += 1
    return true
  }

  mutating func expect(_ token: String) throws {
    let t = try next()
    if t == token { return }
    throw Schema.ParseError(description: "gml.fbs: `\(t)` where `\(token)` belongs")
  }

  mutating func integer() throws -> Int {
    let t = try next()
    if let v = Int(t) { return v }
    throw Schema.ParseError(description: "gml.fbs: `\(t)` is no integer")
  }

  /// The words of an optional `(a, b: 16)` attribute list.
  mutating func attributes() throws -> [String] {
    guard try take("(") else { return [] }
    var words: [String] = []
    while true {
      let t = try next()
      if t == ")" { return words }
      words.append(t)
    }
  }
}
