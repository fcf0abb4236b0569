// GMLFormatTests/Schema+Values.swift — schema/gml.fbs of this checkout, and its fields' default, other and stored values.
import Foundation
import GMLFlatBuffers
import GMLSchema
import GMLTestSupport

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
  /// `schema/gml.fbs` of this checkout, parsed.
  static func load() throws -> Schema {
    try Schema(parsing: String(contentsOf: schemaURL, encoding: .utf8))
  }

  /// Where `schema/gml.fbs` is.
  static var schemaURL: URL { RepositoryPaths.root().appendingPathComponent("schema/gml.fbs") }

  /// The value `field` has by default: its `= x`, else zero, false or empty.
  func defaultValue(of field: Field, in table: String) throws -> Value {
    let literal = field.defaultLiteral
    let e = enumNamed(field.type)
    switch e != nil ? "enum" : field.type {
    case "[int]" where literal == nil: return .ints([])
    case "float", "double": if let v = Float(literal ?? "0") { return .float(v) }
    case "bool": if ["true", "false", nil].contains(literal) { return .bool(literal == "true") }
    case "enum":
      let l = literal ?? "0"
      if let v = Int(l) ?? e?.cases.first(where: { $0.name == l })?.value { return .int(v) }
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
      guard let cases = enumNamed(field.type)?.cases, let first = cases.first,
        let last = cases.last
      else { return .int(v + 2 + field.slot) }
      return .int(v == last.value ? first.value : last.value)
    case .float(let v): return .float(v + 0.5 + Float(field.slot))
    case .bool(let v): return .bool(!v)
    case .ints: return .ints([1, 2, 3, 4])
    }
  }

  /// `field` as stored in `table`, read with the schema's type (an enum as
  /// its underlying type); nil for a type this test does not read.
  func stored(_ field: Field, of table: GMLFlatBuffers.Table, in view: BufferView) -> Value? {
    let s = field.slot
    switch enumNamed(field.type)?.underlying ?? field.type {
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
