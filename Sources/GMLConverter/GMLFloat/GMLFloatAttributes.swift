// GMLConverter/GMLFloat/GMLFloatAttributes.swift — typed reads of a node's "attrs", with the spec's defaults.
import GMLCore
import GMLFormat

/// A node's `"attrs"` object (an empty one when it is absent), read key by
/// key with the defaults of the spec's operator table.
struct GMLFloatAttributes {
  /// The attrs object; its path is `nodes[i].attrs` even when absent.
  let cursor: JSONCursor

  static let activations: [(String, ActivationFunction)] = [
    ("none", .none), ("relu", .relu), ("relu6", .relu6), ("relu_n1_to_1", .reluN1To1),
    ("tanh", .tanh), ("sigmoid", .sigmoid), ("hard_swish", .hardSwish),
  ]

  /// `"activation"`, `fallback` (`none`) by default.
  func activation(default fallback: ActivationFunction = .none) throws(ConversionError)
    -> ActivationFunction
  {
    guard let field = try cursor.optionalField("activation") else { return fallback }
    let text = try field.string()
    guard let match = Self.activations.first(where: { $0.0 == text }) else {
      let names = Self.activations.map { "\"\($0.0)\"" }.joined(separator: ", ")
      throw field.error("unknown activation \"\(text)\"; expected one of \(names)")
    }
    return match.1
  }

  /// A `[h, w]` pair of positive 32-bit integers, `fallback` when absent (nil: required).
  func pair(_ key: String, default fallback: (Int, Int)?) throws(ConversionError) -> (Int, Int) {
    guard let field = try cursor.optionalField(key) else {
      guard let fallback else { throw missing(key) }
      return fallback
    }
    let v = try field.intArray(count: 2, in: 1...Int(Int32.max))
    return (v[0], v[1])
  }

  /// `"padding"`: `"valid"` (default), `"same"` or `[[top, bottom], [left, right]]`.
  func padding() throws(ConversionError) -> PaddingSpec {
    guard let field = try cursor.optionalField("padding") else { return .valid }
    if case .string(let text) = field.node {
      switch text {
      case "valid": return .valid
      case "same": return .same
      default:
        throw field.error(
          "unknown padding \"\(text)\"; expected \"same\", \"valid\" or "
            + "[[top, bottom], [left, right]]")
      }
    }
    guard case .array = field.node else {
      throw field.mismatch("\"same\", \"valid\" or [[top, bottom], [left, right]]")
    }
    let rows = try field.elements()
    guard rows.count == 2 else {
      throw field.error(
        "explicit padding is [[top, bottom], [left, right]], got \(rows.count) rows")
    }
    let h = try rows[0].intArray(count: 2, in: 0...Int(Int32.max))
    let w = try rows[1].intArray(count: 2, in: 0...Int(Int32.max))
    return .explicit(top: h[0], bottom: h[1], left: w[0], right: w[1])
  }

  /// A finite number, `fallback` when absent.
  func float(_ key: String, default fallback: Float, minimum: Float = -.infinity)
    throws(ConversionError) -> Float
  {
    guard let field = try cursor.optionalField(key) else { return fallback }
    let value = try field.float()
    guard value >= minimum else {
      throw field.error("expected a number ≥ \(minimum), got \(value)")
    }
    return value
  }

  /// An axis in `-maxRank..<maxRank`, `fallback` when absent (nil: required).
  func axis(_ key: String, default fallback: Int?) throws(ConversionError) -> Int {
    guard let field = try cursor.optionalField(key) else {
      guard let fallback else { throw missing(key) }
      return fallback
    }
    return try field.int(in: -Shape.maxRank...(Shape.maxRank - 1))
  }

  /// A required list of distinct axes in `-maxRank..<maxRank` (Mean's `axes`).
  func axes(_ key: String) throws(ConversionError) -> [Int] {
    guard let field = try cursor.optionalField(key) else { throw missing(key) }
    let axes = try field.intArray(in: -Shape.maxRank...(Shape.maxRank - 1))
    guard !axes.isEmpty, axes.count <= Shape.maxRank else {
      throw field.error("expected 1 to \(Shape.maxRank) axes, got \(axes.count)")
    }
    guard Set(axes).count == axes.count else { throw field.error("axes must be distinct") }
    return axes
  }

  /// The error for a required attribute that is absent.
  func missing(_ key: String) -> ConversionError {
    ConversionError(
      file: cursor.file, place: cursor.path(of: key), "missing required attribute \"\(key)\"")
  }

  /// `"keepdims"`, false by default.
  func bool(_ key: String) throws(ConversionError) -> Bool {
    try cursor.optionalField(key)?.bool() ?? false
  }
}
