// GMLFlatBuffers/BufferView.swift — unchecked field reads, for buffers a Verifier accepted.

/// Reads fields of a buffer that a `Verifier` has already checked: the
/// unchecked twin of `Verifier`. Read only fields the schema's verify
/// function verified.
///
/// Reads skip the structural checks, but each load still compares its
/// range against the buffer, so even an unverified buffer cannot make a
/// read leave the memory: a read outside asserts in debug builds and
/// yields zero (or nil) in release builds. Arithmetic wraps instead of
/// trapping for the same reason. The caller keeps the memory alive.
public struct BufferView {
  /// The buffer.
  public let bytes: UnsafeRawBufferPointer

  /// - Parameter bytes: a verified buffer the caller keeps alive.
  public init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

  /// The root table (its uoffset is at byte 0).
  public func rootTable() -> Table { tableAt(Int(truncatingIfNeeded: load(UInt32.self, 0))) }

  /// Scalar field `slot`, or `default` when absent.
  public func scalar<T: FlatScalar>(_ table: Table, slot: Int, default: T) -> T {
    let at = fieldOffset(table, slot)
    return at == 0 ? `default` : load(T.self, table.position &+ at)
  }

  /// True when field `slot` is present.
  public func hasField(_ table: Table, slot: Int) -> Bool { fieldOffset(table, slot) != 0 }

  /// String field `slot`, or nil when absent. Invalid UTF-8 is replaced by U+FFFD.
  public func string(_ table: Table, slot: Int) -> String? {
    guard let at = target(table, slot) else { return nil }
    return stringAt(at)
  }

  /// Sub-table field `slot`, or nil when absent.
  public func table(_ table: Table, slot: Int) -> Table? {
    guard let at = target(table, slot) else { return nil }
    return tableAt(at)
  }

  /// Element count of vector field `slot`; 0 when absent.
  public func vectorCount(_ table: Table, slot: Int) -> Int {
    guard let at = target(table, slot) else { return 0 }
    return Int(clamping: load(UInt32.self, at))
  }

  /// Element `index` of scalar vector field `slot`.
  /// - Precondition: `index` is in `0..<vectorCount(table, slot: slot)`.
  public func vectorElement<T: FlatScalar>(_ table: Table, slot: Int, at index: Int, _ type: T.Type)
    -> T
  {
    let (at, count) = element(table, slot, index, T.flatSize)
    precondition(index >= 0 && index < count, "BufferView.vectorElement: index out of range")
    return load(T.self, at)
  }

  /// Element `index` of vector-of-tables field `slot`.
  /// - Precondition: `index` is in `0..<vectorCount(table, slot: slot)`.
  public func vectorTable(_ table: Table, slot: Int, at index: Int) -> Table {
    let (at, count) = element(table, slot, index, 4)
    precondition(index >= 0 && index < count, "BufferView.vectorTable: index out of range")
    return tableAt(at &+ Int(truncatingIfNeeded: load(UInt32.self, at)))
  }

  /// Element `index` of vector-of-strings field `slot` (invalid UTF-8 replaced).
  /// - Precondition: `index` is in `0..<vectorCount(table, slot: slot)`.
  public func vectorString(_ table: Table, slot: Int, at index: Int) -> String {
    let (at, count) = element(table, slot, index, 4)
    precondition(index >= 0 && index < count, "BufferView.vectorString: index out of range")
    return stringAt(at &+ Int(truncatingIfNeeded: load(UInt32.self, at))) ?? ""
  }

  /// The data of vector field `slot` in place (no copy), or nil when absent.
  /// - Parameter elementSize: bytes per element (1 for a byte vector).
  public func vectorBytes(_ table: Table, slot: Int, elementSize: Int = 1)
    -> UnsafeRawBufferPointer?
  {
    guard let at = target(table, slot) else { return nil }
    let count = Int(clamping: load(UInt32.self, at))
    let (length, overflow) = count.multipliedReportingOverflow(by: elementSize)
    return overflow ? nil : slice(at &+ 4, length)
  }

  /// Byte offset of element 0 of vector field `slot` from the buffer
  /// start, or nil when absent (e.g. to report the data's alignment).
  public func vectorDataOffset(_ table: Table, slot: Int) -> Int? {
    guard let at = target(table, slot) else { return nil }
    return at &+ 4
  }

  /// Struct field `slot`, or nil when absent.
  public func structField<S: FlatStruct>(_ table: Table, slot: Int, _ type: S.Type) -> StructReader?
  {
    let at = fieldOffset(table, slot)
    if at == 0 { return nil }
    return slice(table.position &+ at, S.byteSize).map(StructReader.init)
  }

  /// Element `index` of vector-of-structs field `slot`.
  /// - Precondition: `index` is in `0..<vectorCount(table, slot: slot)`.
  public func vectorStruct<S: FlatStruct>(_ table: Table, slot: Int, at index: Int, _ type: S.Type)
    -> StructReader
  {
    let (at, count) = element(table, slot, index, S.byteSize)
    precondition(index >= 0 && index < count, "BufferView.vectorStruct: index out of range")
    return StructReader(slice(at, S.byteSize) ?? UnsafeRawBufferPointer(start: nil, count: 0))
  }
}

extension BufferView {
  /// The scalar at `position`; zero (and a debug assertion) outside the buffer.
  @inline(__always)
  func load<T: FlatScalar>(_: T.Type, _ position: Int) -> T {
    guard position >= 0, position <= bytes.count - T.flatSize else {
      assertionFailure("BufferView: read outside the buffer; was it verified?")
      return T(flatBits: 0)
    }
    return bytes._loadFlat(T.self, at: position)
  }

  /// `count` bytes at `position` in place; nil (and a debug assertion) outside the buffer.
  func slice(_ position: Int, _ count: Int) -> UnsafeRawBufferPointer? {
    guard position >= 0, count >= 0, position <= bytes.count, count <= bytes.count - position else {
      assertionFailure("BufferView: range outside the buffer; was it verified?")
      return nil
    }
    return UnsafeRawBufferPointer(rebasing: bytes[position..<(position + count)])
  }

  /// Field `slot`'s offset inside the table; 0 when absent.
  func fieldOffset(_ table: Table, _ slot: Int) -> Int {
    let entry = Table.entryOffset(slot)
    if entry >= table.vtableSize { return 0 }
    return Int(load(UInt16.self, table.vtablePosition &+ entry))
  }

  /// Where offset field `slot` points; nil when absent.
  func target(_ table: Table, _ slot: Int) -> Int? {
    let at = fieldOffset(table, slot)
    if at == 0 { return nil }
    let position = table.position &+ at
    return position &+ Int(truncatingIfNeeded: load(UInt32.self, position))
  }

  /// The table at `position`, its vtable found through the soffset.
  func tableAt(_ position: Int) -> Table {
    let vtable = position &- Int(load(Int32.self, position))
    return Table(
      position: position, vtable: vtable, vtableSize: Int(load(UInt16.self, vtable)),
      inlineSize: Int(load(UInt16.self, vtable &+ 2)))
  }

  /// The string whose length prefix is at `position`.
  func stringAt(_ position: Int) -> String? {
    let count = Int(truncatingIfNeeded: load(UInt32.self, position))
    guard let utf8 = slice(position &+ 4, count) else { return nil }
    return String(decoding: utf8, as: UTF8.self)
  }

  /// Position of element `index` of vector field `slot`, and the count (0 when absent).
  func element(_ table: Table, _ slot: Int, _ index: Int, _ size: Int) -> (Int, Int) {
    guard let at = target(table, slot) else { return (0, 0) }
    let count = Int(clamping: load(UInt32.self, at))
    return (at &+ 4 &+ index &* size, count)
  }
}
