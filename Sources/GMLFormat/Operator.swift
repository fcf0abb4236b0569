// GMLFormat/Operator.swift — view of an operator and decoding of its options union.
import GMLCore
import GMLFlatBuffers

/// An operator of a verified model.
public struct Operator {
  let view: BufferView
  let table: Table

  /// The operator code (checked known at load).
  public var opcode: OpCode {
    OpCode(rawValue: view.scalar(table, slot: Slot.Operator.opcode, default: UInt16(0))) ?? .add
  }

  /// Input tensor indices; -1 marks an absent optional input.
  public var inputs: [Int] { int32s(view, table, Slot.Operator.inputs) }

  /// Output tensor indices.
  public var outputs: [Int] { int32s(view, table, Slot.Operator.outputs) }

  /// The source node's name, or empty.
  public var name: String { view.string(table, slot: Slot.Operator.name) ?? "" }

  /// Decodes the options union.
  /// - Throws: `malformed` for an enum value this build does not know
  ///   (never after `Model(verifying:)`, which decodes every operator once).
  public func options() throws(GMLError) -> OpOptions {
    let raw: UInt8 = view.scalar(table, slot: Slot.Operator.optionsType, default: 0)
    guard let type = OpOptionsType(rawValue: raw),
      let o = view.table(table, slot: Slot.Operator.options)
    else { return .none }
    return try OpOptions.read(type, OptionsFields(view: view, table: o))
  }
}
