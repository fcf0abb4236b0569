// GMLSchema/Schema.swift — reads the FlatBuffers schema subset that schema/gml.fbs uses, doc comments included.

/// The enums, unions and tables of a `.fbs` file, in declaration order.
/// The subset: `enum`, `union`, `table` (no structs), `//` and `///`
/// comments, attributes in parentheses, and one-line declarations ending
/// in `;` (namespace, root_type, file_identifier, …), which are skipped.
public struct Schema: Sendable {
  /// An `enum`: its scalar type and its cases with their pinned values.
  public struct Enum: Sendable {
    public var name: String
    /// The underlying scalar type: `byte`, `ushort`.
    public var underlying: String
    public var cases: [Case]
    /// The `///` lines before the declaration, without the slashes.
    public var docs: [String]
  }

  /// One case of an enum.
  public struct Case: Sendable {
    public var name: String
    public var value: Int
    public var docs: [String]
  }

  /// A `union` and its members in order (type byte = position + 1).
  public struct Union: Sendable {
    public var name: String
    public var members: [String]
    public var docs: [String]
  }

  /// A `table` and its fields in declaration order.
  public struct Table: Sendable {
    public var name: String
    public var fields: [Field]
    public var docs: [String]

    /// The fields not marked `(deprecated)`.
    public var liveFields: [Field] { fields.filter { !$0.isDeprecated } }
  }

  /// One field of a table.
  public struct Field: Sendable {
    public var name: String
    /// The type as written: `int`, `Padding`, `[int]`, `OpOptions`.
    public var type: String
    /// The default as written (`1`, `0.2`, `VALID`); nil when none is given.
    public var defaultLiteral: String?
    public var isDeprecated: Bool
    public var docs: [String]
    /// The field's vtable slot; a union field's type byte sits at `slot - 1`.
    public var slot = 0

    /// The element type of a vector field (`int` for `[int]`), else nil.
    public var vectorElement: String? {
      type.hasPrefix("[") ? String(type.dropFirst().dropLast()) : nil
    }
  }

  /// A place in the schema text that the parser could not read.
  public struct ParseError: Error, CustomStringConvertible {
    public let description: String

    public init(description: String) { self.description = description }
  }

  public private(set) var enums: [Enum] = []
  public private(set) var unions: [Union] = []
  public private(set) var tables: [Table] = []

  /// Bytes of each scalar type the schema may name.
  public static let scalarSizes = [
    "bool": 1, "byte": 1, "ubyte": 1, "short": 2, "ushort": 2, "int": 4, "uint": 4, "float": 4,
    "long": 8, "ulong": 8, "double": 8,
  ]

  /// The enum named `name`, if any.
  public func enumNamed(_ name: String) -> Enum? { enums.first { $0.name == name } }
  /// The union named `name`, if any.
  public func unionNamed(_ name: String) -> Union? { unions.first { $0.name == name } }
  /// The table named `name`, if any.
  public func tableNamed(_ name: String) -> Table? { tables.first { $0.name == name } }

  /// Parses `text`; `file` names it in errors.
  /// - Throws: `ParseError` naming the token where the subset is left.
  public init(parsing text: String, file: String = "gml.fbs") throws {
    var c = Cursor(tokens: Self.tokens(text), file: file)
    while c.more {
      let keyword = try c.next()
      switch keyword.text {
      case "enum":
        let name = try c.next().text
        try c.expect(":")
        var e = Enum(name: name, underlying: try c.next().text, cases: [], docs: keyword.docs)
        _ = try c.attributes()
        try c.expect("{")
        while try !c.take("}") {
          let caseName = try c.next()
          let value = try c.take("=") ? try c.integer() : (e.cases.last?.value ?? -1) + 1
          e.cases.append(Case(name: caseName.text, value: value, docs: caseName.docs))
          _ = try c.take(",")
        }
        enums.append(e)
      case "union":
        var u = Union(name: try c.next().text, members: [], docs: keyword.docs)
        _ = try c.attributes()
        try c.expect("{")
        while try !c.take("}") {
          u.members.append(try c.next().text)
          _ = try c.take(",")
        }
        unions.append(u)
      case "table":
        var t = Table(name: try c.next().text, fields: [], docs: keyword.docs)
        _ = try c.attributes()
        try c.expect("{")
        while try !c.take("}") {
          let fieldName = try c.next()
          try c.expect(":")
          let type = try c.take("[") ? "[\(try c.next().text)]" : try c.next().text
          if type.hasPrefix("[") { try c.expect("]") }
          let literal = try c.take("=") ? try c.next().text : nil
          let deprecated = try c.attributes().contains("deprecated")
          try c.expect(";")
          t.fields.append(
            Field(
              name: fieldName.text, type: type, defaultLiteral: literal, isDeprecated: deprecated,
              docs: fieldName.docs))
        }
        tables.append(t)
      case "namespace", "root_type", "file_identifier", "file_extension", "include", "attribute":
        while try c.next().text != ";" {}
      case let other:
        throw ParseError(
          description: "\(file):\(keyword.line): `\(other)` is outside the subset this parser reads"
        )
      }
    }
    // Slots: declaration order, a union field taking two (type byte, value).
    let unionNames = Set(unions.map(\.name))
    for t in tables.indices {
      var slot = 0
      for f in tables[t].fields.indices {
        if unionNames.contains(tables[t].fields[f].type) { slot += 1 }
        tables[t].fields[f].slot = slot
        slot += 1
      }
    }
  }

  /// A word, number, quoted string or punctuation mark, with the `///`
  /// lines right before it and its line (from 1).
  struct Token {
    var text: String
    var docs: [String]
    var line: Int
  }

  /// The tokens of `text`; `//` comments dropped, `///` ones kept as docs.
  private static func tokens(_ text: String) -> [Token] {
    let s = Array(text)
    var out: [Token] = []
    var docs: [String] = []
    var line = 1
    var i = 0
    func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber || "_-.+".contains(c) }
    while i < s.count {
      var j = i + 1
      if s[i] == "/" && j < s.count && s[j] == "/" {
        while j < s.count && s[j] != "\n" { j += 1 }
        let line = String(s[i..<j])
        if line.hasPrefix("///") {
          let body = line.dropFirst(3)
          docs.append(String(body.hasPrefix(" ") ? body.dropFirst() : body))
        } else {
          docs = []
        }
      } else if s[i] == "\"" {
        while j < s.count && s[j] != "\"" { j += 1 }
        j = min(j + 1, s.count)
        out.append(Token(text: String(s[i..<j]), docs: docs, line: line))
        docs = []
      } else if isWord(s[i]) {
        while j < s.count && isWord(s[j]) { j += 1 }
        out.append(Token(text: String(s[i..<j]), docs: docs, line: line))
        docs = []
      } else if s[i] == "\n" {
        line += 1
      } else if !s[i].isWhitespace {
        out.append(Token(text: String(s[i]), docs: docs, line: line))
        docs = []
      }
      i = j
    }
    return out
  }
}

/// A position in the token list; every read names what it expected.
private struct Cursor {
  let tokens: [Schema.Token]
  let file: String
  var index = 0

  var more: Bool { index < tokens.count }

  /// `file:line: message`, at the last token read (the end of the file
  /// when there is none after it).
  func error(_ message: String) -> Schema.ParseError {
    let line = tokens.isEmpty ? 1 : tokens[min(max(index - 1, 0), tokens.count - 1)].line
    return Schema.ParseError(description: "\(file):\(line): \(message)")
  }

  mutating func next() throws -> Schema.Token {
    guard more else { throw error("unexpected end") }
    index += 1
    return tokens[index - 1]
  }

  /// Consumes `token` if it comes next.
  mutating func take(_ token: String) throws -> Bool {
    guard more else { throw error("ends before `\(token)`") }
    if tokens[index].text != token { return false }
    index += 1
    return true
  }

  mutating func expect(_ token: String) throws {
    let t = try next().text
    if t == token { return }
    throw error("`\(t)` where `\(token)` belongs")
  }

  mutating func integer() throws -> Int {
    let t = try next().text
    if let v = Int(t) { return v }
    throw error("`\(t)` is no integer")
  }

  /// The words of an optional `(a, b: 16)` attribute list.
  mutating func attributes() throws -> [String] {
    guard try take("(") else { return [] }
    var words: [String] = []
    while true {
      let t = try next().text
      if t == ")" { return words }
      words.append(t)
    }
  }
}
