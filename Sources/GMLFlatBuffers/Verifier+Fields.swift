// GMLFlatBuffers/Verifier+Fields.swift — verifying the fields of a verified table.

import GMLCore

extension Verifier {
  /// Checks scalar field `slot`: inside the table and the buffer, aligned
  /// to its size. An absent field is fine (it reads as its default).
  /// - Throws: `outOfBounds` past the table's inline size, `misaligned`.
  public func verifyScalar<T: FlatScalar>(_ table: Table, slot: Int, _ type: T.Type)
    throws(GMLError)
  {
    _ = try field(table, slot, size: T.flatSize, alignment: T.flatSize)
  }

  /// Checks struct field `slot`: inside the table, aligned to `S.alignment`.
  /// - Throws: as `verifyScalar`; `malformed` when `required` and absent.
  public func verifyStruct<S: FlatStruct>(
    _ table: Table, slot: Int, _ type: S.Type, required: Bool = false
  ) throws(GMLError) {
    let at = try field(table, slot, size: S.byteSize, alignment: S.alignment)
    try checkRequired(at, required, table)
  }

  /// Checks string field `slot`: offset, length prefix, bytes and NUL terminator.
  /// - Throws: `outOfBounds`, `truncated`, `misaligned`, `limitExceeded`
  ///   (length), `malformed` (no NUL, or `required` and absent).
  public mutating func verifyString(_ table: Table, slot: Int, required: Bool = false)
    throws(GMLError)
  {
    guard let at = try field(table, slot, size: 4, alignment: 4) else {
      return try checkRequired(nil, required, table)
    }
    try verifyString(at: try followOffset(at: at))
  }

  /// Checks vector field `slot` of scalars or structs.
  /// - Parameters:
  ///   - elementSize: bytes per element.
  ///   - alignment: element alignment (power of two), checked for element 0
  ///     from the buffer start when the vector is not empty.
  /// - Throws: `limitExceeded` for a length over the limits, `truncated`,
  ///   `misaligned`, `outOfBounds`, `malformed` when `required` and absent.
  public mutating func verifyVector(
    _ table: Table, slot: Int, elementSize: Int, alignment: Int, required: Bool = false
  ) throws(GMLError) {
    precondition(
      elementSize > 0 && alignment > 0 && alignment & (alignment - 1) == 0,
      "Verifier.verifyVector: elementSize > 0 and a power-of-two alignment")
    guard let at = try field(table, slot, size: 4, alignment: 4) else {
      return try checkRequired(nil, required, table)
    }
    _ = try vectorCount(
      at: try followOffset(at: at), elementSize: elementSize, alignment: alignment)
  }

  /// Checks sub-table field `slot`, one level deeper, and runs `body` to
  /// verify its fields.
  /// - Throws: as `verifyTable(at:)`; `limitExceeded` past `maxDepth`;
  ///   `malformed` when `required` and absent; whatever `body` throws.
  public mutating func verifyTableField(
    _ table: Table, slot: Int, required: Bool = false,
    _ body: (inout Verifier, Table) throws(GMLError) -> Void
  ) throws(GMLError) {
    guard let at = try field(table, slot, size: 4, alignment: 4) else {
      return try checkRequired(nil, required, table)
    }
    try verifyChild(at: try followOffset(at: at), body)
  }

  /// Checks union fields `typeSlot` (the `UInt8` type) and `typeSlot + 1`
  /// (the table). When the type is not 0 (NONE) and the table is present,
  /// verifies it like `verifyTableField` and runs `body` with the type;
  /// for NONE only the value's offset is checked, as C++ generated code does.
  /// - Throws: as `verifyTableField`; `body` decides about unknown types.
  public mutating func verifyUnion(
    _ table: Table, typeSlot: Int,
    _ body: (inout Verifier, UInt8, Table) throws(GMLError) -> Void
  ) throws(GMLError) {
    try verifyScalar(table, slot: typeSlot, UInt8.self)
    let type = view.scalar(table, slot: typeSlot, default: UInt8(0))
    if type == 0 {
      // As C++ generated code: the value's offset is checked even for NONE.
      if let at = try field(table, typeSlot + 1, size: 4, alignment: 4) {
        _ = try followOffset(at: at)
      }
      return
    }
    try verifyTableField(table, slot: typeSlot + 1) { v, t throws(GMLError) in
      try body(&v, type, t)
    }
  }

  /// Checks vector-of-tables field `slot`: each element verified one level
  /// deeper, then `body` run on it.
  /// - Throws: as `verifyVector` and `verifyTableField`.
  public mutating func verifyTableVector(
    _ table: Table, slot: Int, required: Bool = false,
    _ body: (inout Verifier, Table) throws(GMLError) -> Void
  ) throws(GMLError) {
    guard let at = try field(table, slot, size: 4, alignment: 4) else {
      return try checkRequired(nil, required, table)
    }
    let vector = try followOffset(at: at)
    let count = try vectorCount(at: vector, elementSize: 4, alignment: 4)
    for i in 0..<count { try verifyChild(at: try followOffset(at: vector + 4 + 4 * i), body) }
  }

  /// Checks vector-of-strings field `slot` and every string in it.
  /// - Throws: as `verifyVector` and `verifyString`.
  public mutating func verifyStringVector(_ table: Table, slot: Int, required: Bool = false)
    throws(GMLError)
  {
    guard let at = try field(table, slot, size: 4, alignment: 4) else {
      return try checkRequired(nil, required, table)
    }
    let vector = try followOffset(at: at)
    let count = try vectorCount(at: vector, elementSize: 4, alignment: 4)
    for i in 0..<count { try verifyString(at: try followOffset(at: vector + 4 + 4 * i)) }
  }

  // MARK: - Internals

  /// Position of field `slot` from the buffer start, or nil when absent.
  func field(_ table: Table, _ slot: Int, size: Int, alignment: Int) throws(GMLError) -> Int? {
    let entry = Table.entryOffset(slot)
    if entry >= table.vtableSize { return nil }  // an older writer: absent
    let offset = Int(try reader.read(UInt16.self, at: table.vtablePosition + entry))
    if offset == 0 { return nil }
    let position = table.position &+ offset
    try checkAligned(position, alignment, "field misaligned")
    if size > table.inlineSize - offset {
      throw GMLError(.outOfBounds, at: .byteOffset(position), "field outside its table")
    }
    try reader.checkRange(position, size)
    return position
  }

  func checkRequired(_ position: Int?, _ required: Bool, _ table: Table) throws(GMLError) {
    if position == nil && required {
      throw GMLError(.malformed, at: .byteOffset(table.position), "required field missing")
    }
  }

  mutating func verifyChild(
    at position: Int, _ body: (inout Verifier, Table) throws(GMLError) -> Void
  ) throws(GMLError) {
    try enterTable(at: position)
    let child = try verifyTable(at: position)
    try body(&self, child)
    depth -= 1
  }

  /// Checks the string at `position`: a vector of bytes plus a NUL.
  mutating func verifyString(at position: Int) throws(GMLError) {
    let count = try vectorCount(at: position, elementSize: 1, alignment: 1)
    let end = position + 4 + count
    if end >= reader.count {
      throw GMLError(.truncated, at: .byteOffset(position), "string has no room for its NUL")
    }
    if reader.bytes[end] != 0 {
      throw GMLError(.malformed, at: .byteOffset(end), "string without NUL terminator")
    }
  }

  /// Checks the vector whose length prefix is at `position`; returns its count.
  func vectorCount(at position: Int, elementSize: Int, alignment: Int) throws(GMLError) -> Int {
    try checkAligned(position, 4, "vector length not aligned to 4")
    let length = try reader.read(UInt32.self, at: position)
    if length > UInt32(clamping: min(limits.maxVectorLength, 0x7FFF_FFFF)) {
      throw GMLError(
        .limitExceeded, at: .byteOffset(position),
        "vector longer than VerifierLimits.maxVectorLength")
    }
    let count = Int(length)
    let (byteCount, overflow) = count.multipliedReportingOverflow(by: elementSize)
    if overflow || byteCount > 0x7FFF_FFFF {
      throw GMLError(.limitExceeded, at: .byteOffset(position), "vector larger than 2 GiB")
    }
    let data = position + 4
    if byteCount > reader.count - data {
      throw GMLError(
        .truncated, at: .byteOffset(position), "vector runs past the end of the buffer")
    }
    if count > 0 { try checkAligned(data, alignment, "vector elements misaligned") }
    return count
  }
}
