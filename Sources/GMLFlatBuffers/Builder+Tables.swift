// GMLFlatBuffers/Builder+Tables.swift — tables: fields, unions, vtables (shared when identical).

extension Builder {
  /// Opens a table. Write its strings, vectors and sub-tables first: only
  /// `add…` calls may come between `startTable` and `endTable`.
  public mutating func startTable() {
    precondition(!inTable, "Builder.startTable called inside a table")
    precondition(!finished, "Builder.startTable called after finish")
    inTable = true
    tableStart = size
    fields.removeAll(keepingCapacity: true)
    maxEntry = 0
  }

  /// Adds a scalar field, omitted when equal to `default` unless `forceDefaults`.
  /// - Parameters:
  ///   - value: the field value.
  ///   - default: the schema default.
  ///   - slot: the field index (0-based; vtable entry 4 + 2·slot).
  public mutating func add<T: FlatScalar & Equatable>(_ value: T, default: T, slot: Int) {
    precondition(inTable, "Builder.add called outside a table")
    if value == `default` && !forceDefaults { return }
    track(slot, push(value))
  }

  /// Adds an offset field: a table, string or vector written earlier.
  /// - Parameters:
  ///   - offset: the object.
  ///   - slot: the field index.
  public mutating func add(_ offset: Offset, slot: Int) {
    precondition(inTable, "Builder.add called outside a table")
    track(slot, push(relative(to: offset)))
  }

  /// Adds a union: the `UInt8` type at `typeSlot` and the value at `typeSlot + 1`.
  /// - Parameters:
  ///   - type: the union member (0 is NONE; then nothing is written).
  ///   - value: the member table.
  ///   - typeSlot: the field index of the type field.
  public mutating func addUnion(type: UInt8, value: Offset, typeSlot: Int) {
    if type == 0 { return }
    add(value, slot: typeSlot + 1)
    add(type, default: 0, slot: typeSlot)
  }

  /// Adds a struct field, stored inline and aligned to `S.alignment`.
  /// - Parameters:
  ///   - struct: the value.
  ///   - slot: the field index.
  public mutating func add<S: FlatStruct>(struct value: S, slot: Int) {
    precondition(inTable, "Builder.add called outside a table")
    Builder.checkLayout(S.self)
    align(S.alignment)
    writeStruct(value)
    track(slot, size)
  }

  /// Records that field `slot` ends at `position` (from the end).
  mutating func track(_ slot: Int, _ position: Int) {
    let entry = Table.entryOffset(slot)
    fields.append((entry, position))
    if entry > maxEntry { maxEntry = entry }
  }

  /// Closes the table: writes its soffset and vtable, reusing an identical
  /// vtable already in the buffer. Trailing absent fields take no entries.
  /// - Returns: the table's offset.
  public mutating func endTable() -> Offset {
    precondition(inTable, "Builder.endTable called outside a table")
    let tablePosition = push(Int32(0))
    let inlineSize = tablePosition - tableStart
    precondition(inlineSize < 0x10000, "Builder.endTable: table inline data over 64 KiB")
    // vtable as voffsets: [vtable size, table size, field offsets…]
    let vtableSize = max(maxEntry + 2, 4)
    var vtable = [UInt16](repeating: 0, count: vtableSize / 2)
    vtable[0] = UInt16(truncatingIfNeeded: vtableSize)
    vtable[1] = UInt16(truncatingIfNeeded: inlineSize)
    for f in fields {
      precondition(vtable[f.entry / 2] == 0, "Builder.add: slot set twice in one table")
      vtable[f.entry / 2] = UInt16(truncatingIfNeeded: tablePosition - f.position)
    }
    fields.removeAll(keepingCapacity: true)
    var vtableUse = 0
    for candidate in vtables where matches(vtable, at: candidate) {
      vtableUse = candidate
      break
    }
    if vtableUse == 0 {
      let at = claim(vtableSize)
      storage.withUnsafeMutableBytes { buffer in
        for (i, v) in vtable.enumerated() { buffer._storeFlat(v, at: at + 2 * i) }
      }
      vtableUse = size
      vtables.append(vtableUse)
    }
    // soffset = table − vtable, from the start = vtableUse − tablePosition from the end.
    let soffset = Int32(truncatingIfNeeded: vtableUse - tablePosition)
    let at = storage.count - tablePosition
    storage.withUnsafeMutableBytes { $0._storeFlat(soffset, at: at) }
    inTable = false
    return Offset(tablePosition)
  }

  /// True when the vtable written at `position` (from the end) equals `vtable`.
  func matches(_ vtable: [UInt16], at position: Int) -> Bool {
    let start = storage.count - position
    return storage.withUnsafeBytes { buffer in
      if buffer._loadFlat(UInt16.self, at: start) != vtable[0] { return false }
      for i in 1..<vtable.count where buffer._loadFlat(UInt16.self, at: start + 2 * i) != vtable[i]
      {
        return false
      }
      return true
    }
  }
}
