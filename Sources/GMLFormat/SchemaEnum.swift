// GMLFormat/SchemaEnum.swift — the schema's enums carry their names; a case is found by its name.

/// An enum of `schema/gml.fbs`: its cases carry the schema's names.
public protocol SchemaEnum: CaseIterable {
  /// The schema's name of the case: `CONV_2D`.
  var schemaName: String { get }
}

extension SchemaEnum {
  /// The case named `name` in the schema, if any.
  /// - Parameter name: a schema name: `CONV_2D`.
  public init?(schemaName name: String) {
    guard let c = Self.allCases.first(where: { $0.schemaName == name }) else { return nil }
    self = c
  }
}
