// GMLCore/ElementType.swift — tensor element types; raw values pinned to schema/gml.fbs.

/// The element type of a tensor. Raw values equal `gml.ElementType` in
/// `schema/gml.fbs` and are never renumbered.
public enum ElementType: UInt8, CaseIterable, Sendable {
  case float32 = 0
  case float16 = 1
  case int8 = 2
  case uint8 = 3
  case int16 = 4
  case int32 = 5
  case int64 = 6
  case bool = 7

  /// Bytes per element.
  public var byteSize: Int {
    switch self {
    case .int8, .uint8, .bool: return 1
    case .float16, .int16: return 2
    case .float32, .int32: return 4
    case .int64: return 8
    }
  }

  /// The lower-case name used in messages, `gml inspect` and gml-float (`float32`).
  public var name: String {
    switch self {
    case .float32: return "float32"
    case .float16: return "float16"
    case .int8: return "int8"
    case .uint8: return "uint8"
    case .int16: return "int16"
    case .int32: return "int32"
    case .int64: return "int64"
    case .bool: return "bool"
    }
  }

  /// The type with the given `name`, or nil.
  public init?(name: String) {
    for t in ElementType.allCases where t.name.utf8.elementsEqual(name.utf8) {
      self = t
      return
    }
    return nil
  }
}
