// GMLFlatBuffers/Offset.swift — handles to written objects and verified tables.

/// The position of an object the `Builder` wrote, counted from the END of
/// the buffer (FlatBuffers "uoffset" style), so it stays valid while the
/// builder grows at the front. Opaque: pass it back to the same builder.
public struct Offset: Equatable, Sendable {
  /// Bytes from the object's start to the end of the buffer.
  public let value: UInt32

  init(_ value: Int) { self.value = UInt32(truncatingIfNeeded: value) }
}

/// A table located in a buffer: where it starts and where its vtable is.
///
/// A tiny value (12 bytes, no pointer) made by `Verifier` (checked) or
/// `BufferView` (unchecked). Use it only with the buffer it came from.
public struct Table: Equatable, Sendable {
  let _position: Int32
  let _vtable: Int32
  let _vtableSize: UInt16
  let _inlineSize: UInt16

  init(position: Int, vtable: Int, vtableSize: Int, inlineSize: Int) {
    _position = Int32(truncatingIfNeeded: position)
    _vtable = Int32(truncatingIfNeeded: vtable)
    _vtableSize = UInt16(truncatingIfNeeded: vtableSize)
    _inlineSize = UInt16(truncatingIfNeeded: inlineSize)
  }

  /// Byte offset of the table (its soffset to the vtable) from the buffer start.
  public var position: Int { Int(_position) }
  /// Byte offset of the table's vtable from the buffer start.
  public var vtablePosition: Int { Int(_vtable) }
  /// Size of the vtable in bytes, including its two header fields.
  public var vtableSize: Int { Int(_vtableSize) }
  /// Size of the table's inline data in bytes, including the soffset.
  public var inlineSize: Int { Int(_inlineSize) }

  /// Byte offset of `slot`'s vtable entry from the vtable start (4 + 2·slot).
  @inline(__always)
  static func entryOffset(_ slot: Int) -> Int {
    precondition(
      slot >= 0 && slot < maxSlots,
      "GMLFlatBuffers: slot must be in 0..<32765 (Builder.add, Verifier, BufferView)")
    return 4 + 2 * slot
  }

  /// Slots a vtable can address: entries must fit a 16-bit vtable size.
  static let maxSlots = 0x7FFD
}
