// GMLKernels/OperatorFamily.swift — a table of ops the converter and the importers handle alike, found by name.

/// An enum of ops of one kind (`UnaryFunction`, `BinaryFunction`,
/// `PoolFunction`): each case is one `.gml` op code, named as TFLite names
/// the builtin, and one gml-float op. The converter, the `.tflite` importer
/// and the runtime handle every case alike, so a new op of the kind is a
/// case of the table (`docs/adding-an-operator.md`).
public protocol OperatorFamily: CaseIterable, Sendable {
  /// The op code's name in `schema/gml.fbs` and TFLite's builtin name: `ELU`.
  var schemaName: String { get }
  /// The gml-float op name: `Elu`.
  var specName: String { get }
}

extension OperatorFamily {
  /// The case of op code (or TFLite builtin) `name`, if any.
  /// - Parameter name: a `schemaName`: `ELU`.
  public init?(schemaName name: String) {
    guard let f = Self.allCases.first(where: { $0.schemaName == name }) else { return nil }
    self = f
  }

  /// The case of gml-float op `name`, if any.
  /// - Parameter name: a `specName`: `Elu`.
  public init?(specName name: String) {
    guard let f = Self.allCases.first(where: { $0.specName == name }) else { return nil }
    self = f
  }
}
