// GMLConverter/JSON/JSONNode.swift — a parsed JSON value with ordered object members and exact integers.

/// A JSON value as `JSONParser` reads it (RFC 8259).
///
/// Objects keep their members in document order, and the parser refuses
/// duplicate keys, so nothing a file says is silently dropped. Numbers keep
/// the exact integer when the literal is one (`JSONNumber`).
public enum JSONNode: Equatable, Sendable {
  case null
  case bool(Bool)
  case number(JSONNumber)
  case string(String)
  case array([JSONNode])
  /// Members in document order; keys are unique.
  case object([JSONMember])

  /// The kind of value, for messages: `a string`, `an array`.
  public var kindDescription: String {
    switch self {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .number(let n):
      return n.isIntegerLiteral ? "the integer \(n.text)" : "the number \(n.text)"
    case .string(let s): return s.isEmpty ? "an empty string" : "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }

  /// The member called `key` of an object, or nil (also for non-objects).
  public subscript(key: String) -> JSONNode? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.key == key }?.value
  }
}

/// One `"key": value` member of a JSON object.
public struct JSONMember: Equatable, Sendable {
  public var key: String
  public var value: JSONNode

  public init(key: String, value: JSONNode) {
    self.key = key
    self.value = value
  }
}

/// A JSON number: its literal text, its nearest `Double`, and its exact
/// value when the literal is an integer (no fraction, no exponent) that
/// fits in `Int`.
public struct JSONNumber: Equatable, Sendable {
  /// The literal as written: `-12`, `0.5`, `1e-3`.
  public var text: String
  /// The nearest double (finite: the parser refuses literals out of range).
  public var double: Double
  /// The exact value of an integer literal that fits in `Int`, else nil.
  public var integer: Int?
  /// Whether the literal has neither a fraction nor an exponent.
  public var isIntegerLiteral: Bool

  /// Parses a literal already checked against the RFC 8259 grammar.
  /// - Parameter text: the literal.
  /// - Returns: nil when the value is outside the range of `Double`.
  public init?(literal text: String) {
    guard let d = Double(text), d.isFinite else { return nil }
    self.text = text
    self.double = d
    self.isIntegerLiteral = !text.contains { $0 == "." || $0 == "e" || $0 == "E" }
    self.integer = isIntegerLiteral ? Int(text) : nil
  }
}
