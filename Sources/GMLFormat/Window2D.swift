// GMLFormat/Window2D.swift — the spatial geometry convolutions and pools share, and the helpers the generated options code calls.
import GMLCore
import GMLFlatBuffers

/// Spatial geometry shared by convolutions and pooling: the `padding`,
/// `stride_h`, `stride_w` and `explicit_padding` fields of their options.
public struct Window2D: Equatable, Sendable {
  public var padding: Padding
  public var strideH: Int32
  public var strideW: Int32
  /// `[top, bottom, left, right]` when `padding` is `.explicit`, else empty.
  public var explicitPadding: [Int32]

  public init(
    padding: Padding = .valid, strideH: Int32 = 1, strideW: Int32 = 1,
    explicitPadding: [Int32] = []
  ) {
    self.padding = padding
    self.strideH = strideH
    self.strideW = strideW
    self.explicitPadding = explicitPadding
  }
}

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

/// The fields of a verified options table, as the generated reader reads them.
struct OptionsFields {
  let view: BufferView
  let table: Table

  func scalar<T: FlatScalar>(_ slot: Int, _ defaultValue: T) -> T {
    view.scalar(table, slot: slot, default: defaultValue)
  }

  func vector<T: FlatScalar>(_ slot: Int, _: T.Type) -> [T] { elements(view, table, slot, T.self) }

  /// An enum field; `message` is the error's.
  /// - Throws: `malformed` for a value no case has.
  func enumValue<E: RawRepresentable>(_ slot: Int, _ defaultValue: E, _ message: StaticString)
    throws(GMLError) -> E where E.RawValue: FlatScalar
  {
    let raw = view.scalar(table, slot: slot, default: defaultValue.rawValue)
    guard let e = E(rawValue: raw) else {
      throw GMLError(.malformed, at: .byteOffset(table.position), message)
    }
    return e
  }
}

/// A vector of `values`, or nil when there are none (FlatBuffers vectors
/// have no default; an absent one reads as empty).
func nonEmptyVector<T: FlatScalar>(_ values: [T], _ b: inout Builder) -> Offset? {
  values.isEmpty ? nil : b.createVector(values)
}
