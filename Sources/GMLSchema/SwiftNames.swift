// GMLSchema/SwiftNames.swift — how schema names become Swift names and types in GMLFormat's mirror.

/// The naming rules of the generated mirror, in one place.
enum SwiftNames {
  /// An enum case: `CONV_2D` → `conv2D`, `RELU_N1_TO_1` → `reluN1To1`.
  /// Words after the first are capitalized; a word that starts with a
  /// digit (`2D`) keeps its letters as written.
  static func enumCase(_ schemaName: String) -> String {
    let words = schemaName.split(separator: "_").map(String.init)
    guard let first = words.first else { return schemaName }
    return first.lowercased() + words.dropFirst().map(capitalizedWord).joined()
  }

  /// A field: `stride_h` → `strideH`. `fused_activation` is `activation`,
  /// the name every options value and kernel uses.
  static func member(_ fieldName: String) -> String {
    if fieldName == "fused_activation" { return "activation" }
    let words = fieldName.split(separator: "_").map(String.init)
    guard let first = words.first else { return fieldName }
    return first + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
  }

  /// The `OpOptions` case of an options table: `Conv2DOptions` → `conv2D`,
  /// a name that is all one acronym lowercased whole: `GRUOptions` → `gru`.
  static func optionsCase(_ tableName: String) -> String {
    let stem = tableName.hasSuffix("Options") ? String(tableName.dropLast(7)) : tableName
    if stem.allSatisfy(\.isUppercase) { return stem.lowercased() }
    return stem.prefix(1).lowercased() + stem.dropFirst()
  }

  /// The Swift type of a scalar, vector or enum field; nil for the rest.
  static func type(_ schemaType: String, enums: Set<String>) -> String? {
    if schemaType.hasPrefix("[") {
      return type(String(schemaType.dropFirst().dropLast()), enums: enums).map { "[\($0)]" }
    }
    if enums.contains(schemaType) { return schemaType }
    return scalarTypes[schemaType]
  }

  /// Schema scalar types and their Swift types.
  static let scalarTypes = [
    "bool": "Bool", "byte": "Int8", "ubyte": "UInt8", "short": "Int16", "ushort": "UInt16",
    "int": "Int32", "uint": "UInt32", "long": "Int64", "ulong": "UInt64", "float": "Float",
    "double": "Double",
  ]

  private static func capitalizedWord(_ word: String) -> String {
    guard let c = word.first else { return word }
    return c.isNumber ? word : c.uppercased() + word.dropFirst().lowercased()
  }
}
