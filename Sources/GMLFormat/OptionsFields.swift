// GMLFormat/OptionsFields.swift — the field reads and writes the generated options code calls.
import GMLCore
import GMLFlatBuffers

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
