// GMLConverter/JSON/JSONCursor.swift — typed reads of a JSON value that name its JSON path in errors.

/// A JSON value together with where it sits in its document, so that
/// every typed read can fail with `file:nodes[3].attrs.strides: error:
/// expected ..., got ...`.
///
/// Paths use `.key` for identifier-like keys and `["key"]` otherwise
/// (`tensors["conv1.w"].shape`), and `[i]` for array elements.
public struct JSONCursor: Sendable {
  /// The value here.
  public let node: JSONNode
  /// The file, for errors.
  public let file: String
  /// The JSON path of `node`; empty for the document itself.
  public let path: String

  /// A cursor on `node`.
  /// - Parameters:
  ///   - node: the value.
  ///   - file: the file name for errors.
  ///   - path: the value's JSON path; empty for a document root.
  public init(_ node: JSONNode, file: String, path: String = "") {
    self.node = node
    self.file = file
    self.path = path
  }

  /// An error placed at this value.
  /// - Parameter message: what is wrong and what was expected.
  /// - Returns: the error, to throw.
  public func error(_ message: String) -> ConversionError {
    ConversionError(file: file, place: path, message)
  }

  /// The path of member `key` below this value.
  /// - Parameter key: the member name.
  /// - Returns: `path.key` or `path["key"]`.
  public func path(of key: String) -> String {
    let isIdentifier =
      key.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
      && key.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    if isIdentifier { return path.isEmpty ? key : "\(path).\(key)" }
    var quoted = ""
    for c in key {
      if c == "\"" || c == "\\" { quoted.append("\\") }
      quoted.append(c)
    }
    return "\(path)[\"\(quoted)\"]"
  }

  /// The members of this object, in document order.
  /// - Throws: `ConversionError` unless the value is an object.
  /// - Returns: each key with a cursor on its value.
  public func members() throws(ConversionError) -> [(key: String, value: JSONCursor)] {
    guard case .object(let members) = node else { throw mismatch("an object") }
    return members.map { ($0.key, JSONCursor($0.value, file: file, path: path(of: $0.key))) }
  }

  /// The member `key` of this object, or nil when it is absent.
  /// - Throws: `ConversionError` unless the value is an object.
  public func optionalField(_ key: String) throws(ConversionError) -> JSONCursor? {
    guard case .object(let members) = node else { throw mismatch("an object") }
    return members.first { $0.key == key }.map {
      JSONCursor($0.value, file: file, path: path(of: key))
    }
  }

  /// The member `key` of this object.
  /// - Throws: `ConversionError` at the member's path when it is missing,
  ///   or here unless the value is an object.
  public func field(_ key: String) throws(ConversionError) -> JSONCursor {
    guard let value = try optionalField(key) else {
      throw ConversionError(file: file, place: path(of: key), "missing required key \"\(key)\"")
    }
    return value
  }

  /// Refuses any key not in `allowed`, except keys starting with `x-`
  /// (free-form extensions, ignored).
  /// - Parameters:
  ///   - allowed: the keys this object may have.
  ///   - what: the object's role for the message, e.g. `a Conv2D attribute`.
  /// - Throws: `ConversionError` at the first unknown key.
  public func checkKeys(_ allowed: [String], what: String) throws(ConversionError) {
    for (key, value) in try members() where !key.hasPrefix("x-") && !allowed.contains(key) {
      let expected = allowed.isEmpty ? "none" : allowed.map { "\"\($0)\"" }.joined(separator: ", ")
      throw value.error("unknown key \"\(key)\" for \(what); expected \(expected) or an x- key")
    }
  }

  /// The elements of this array, each with its path `path[i]`.
  /// - Throws: `ConversionError` unless the value is an array.
  public func elements() throws(ConversionError) -> [JSONCursor] {
    guard case .array(let items) = node else { throw mismatch("an array") }
    return items.enumerated().map { JSONCursor($1, file: file, path: "\(path)[\($0)]") }
  }

  /// The error "expected `expected`, got ..." for this value.
  /// - Parameter expected: what was expected, e.g. `an integer`.
  /// - Returns: the error, to throw.
  public func mismatch(_ expected: String) -> ConversionError {
    error("expected \(expected), got \(node.kindDescription)")
  }
}
