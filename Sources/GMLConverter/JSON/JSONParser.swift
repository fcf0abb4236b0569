// GMLConverter/JSON/JSONParser.swift — a strict RFC 8259 parser with positions, limits and no duplicate keys.

/// Bounds the JSON parser checks while it reads.
public struct JSONLimits: Equatable, Sendable {
  /// The largest document accepted, in bytes.
  public var maxBytes: Int
  /// The deepest nesting of arrays and objects accepted.
  public var maxDepth: Int

  /// - Parameters:
  ///   - maxBytes: the largest document, 256 MiB by default.
  ///   - maxDepth: the deepest nesting, 256 by default.
  public init(maxBytes: Int = 256 << 20, maxDepth: Int = 256) {
    self.maxBytes = maxBytes
    self.maxDepth = maxDepth
  }
}

/// Parses JSON text exactly as RFC 8259 defines it: no comments, no
/// trailing commas, no `NaN`/`Infinity`, no single quotes, strict UTF-8
/// (overlong forms, surrogates and lone continuation bytes refused), no
/// control characters in strings and no duplicate object keys. A UTF-8 byte
/// order mark at the start is skipped, as the RFC allows.
///
/// Recursive descent, one pass, cost O(n); recursion depth is bounded by
/// `JSONLimits.maxDepth`. Errors carry `line:column` (1-based, columns in
/// Unicode scalars) as their place.
public struct JSONParser {
  let bytes: [UInt8]
  let file: String
  let limits: JSONLimits
  var position = 0
  var depth = 0

  /// Parses a whole document.
  /// - Parameters:
  ///   - bytes: the document, UTF-8.
  ///   - file: the file name for errors.
  ///   - limits: size and depth bounds.
  /// - Returns: the top-level value.
  /// - Throws: `ConversionError` with place `line:column` and what was expected.
  public static func parse(_ bytes: [UInt8], file: String, limits: JSONLimits = JSONLimits())
    throws(ConversionError) -> JSONNode
  {
    var parser = JSONParser(bytes: bytes, file: file, limits: limits)
    guard bytes.count <= limits.maxBytes else {
      throw ConversionError(
        file: file, "JSON document of \(bytes.count) bytes is above the limit of \(limits.maxBytes)"
      )
    }
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.position = 3 }
    parser.skipWhitespace()
    let value = try parser.value()
    parser.skipWhitespace()
    if parser.position < bytes.count {
      throw parser.error("unexpected text after the JSON value")
    }
    return value
  }

  /// An error at `offset` (the current position by default).
  func error(_ message: String, at offset: Int? = nil) -> ConversionError {
    let at = min(offset ?? position, bytes.count)
    var line = 1
    var lineStart = 0
    for i in 0..<at where bytes[i] == 0x0A {
      line += 1
      lineStart = i + 1
    }
    let column = 1 + bytes[lineStart..<at].filter { $0 & 0xC0 != 0x80 }.count
    return ConversionError(file: file, place: "\(line):\(column)", message)
  }

  func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

  mutating func skipWhitespace() {
    while let c = peek(), c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { position += 1 }
  }

  /// Any value, after whitespace was skipped.
  mutating func value() throws(ConversionError) -> JSONNode {
    guard let c = peek() else { throw error("unexpected end of the document; expected a value") }
    switch c {
    case UInt8(ascii: "{"): return try object()
    case UInt8(ascii: "["): return try array()
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    case UInt8(ascii: "N"), UInt8(ascii: "I"):
      throw error("NaN and Infinity are not JSON numbers")
    case UInt8(ascii: "'"): throw error("strings must use double quotes")
    case UInt8(ascii: "/"): throw error("comments are not allowed in JSON")
    case UInt8(ascii: "]"), UInt8(ascii: "}"): throw error("expected a value")
    default: throw error("unexpected character; expected a value")
    }
  }

  mutating func literal(_ word: StaticString, _ node: JSONNode) throws(ConversionError) -> JSONNode
  {
    let expected = word.withUTF8Buffer { Array($0) }
    guard position + expected.count <= bytes.count,
      bytes[position..<position + expected.count].elementsEqual(expected)
    else { throw error("unexpected word; expected \(word)") }
    position += expected.count
    return node
  }

  mutating func enter() throws(ConversionError) {
    depth += 1
    if depth > limits.maxDepth {
      throw error("nesting deeper than the limit of \(limits.maxDepth)")
    }
  }

  mutating func array() throws(ConversionError) -> JSONNode {
    try enter()
    position += 1
    var elements: [JSONNode] = []
    skipWhitespace()
    if peek() == UInt8(ascii: "]") {
      position += 1
      depth -= 1
      return .array(elements)
    }
    while true {
      skipWhitespace()
      if peek() == UInt8(ascii: "]") { throw error("trailing comma before ']'") }
      elements.append(try value())
      skipWhitespace()
      switch peek() {
      case UInt8(ascii: ","): position += 1
      case UInt8(ascii: "]"):
        position += 1
        depth -= 1
        return .array(elements)
      case nil: throw error("unexpected end of the document inside an array")
      default: throw error("expected ',' or ']' after an array element")
      }
    }
  }

  mutating func object() throws(ConversionError) -> JSONNode {
    try enter()
    position += 1
    var members: [JSONMember] = []
    var keys = Set<String>()
    skipWhitespace()
    if peek() == UInt8(ascii: "}") {
      position += 1
      depth -= 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      let keyOffset = position
      switch peek() {
      case UInt8(ascii: "\""): break
      case UInt8(ascii: "}"): throw error("trailing comma before '}'")
      case nil: throw error("unexpected end of the document inside an object")
      default: throw error("expected a double-quoted key")
      }
      let key = try string()
      guard keys.insert(key).inserted else {
        throw error("duplicate key \"\(key)\"", at: keyOffset)
      }
      skipWhitespace()
      guard peek() == UInt8(ascii: ":") else { throw error("expected ':' after the key") }
      position += 1
      skipWhitespace()
      members.append(JSONMember(key: key, value: try value()))
      skipWhitespace()
      switch peek() {
      case UInt8(ascii: ","): position += 1
      case UInt8(ascii: "}"):
        position += 1
        depth -= 1
        return .object(members)
      case nil: throw error("unexpected end of the document inside an object")
      default: throw error("expected ',' or '}' after an object member")
      }
    }
  }
}
