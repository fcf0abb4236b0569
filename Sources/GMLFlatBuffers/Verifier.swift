// GMLFlatBuffers/Verifier.swift — checks a buffer's structure before any field is read.

import GMLCore

/// Walks a FlatBuffers buffer and checks its structure before any field is
/// used: every offset, table, vtable, string and vector lies inside the
/// buffer, is aligned, and is well formed. Mirrors the C++
/// `flatbuffers::Verifier` (2.0.8), with a few extra checks: a vtable is at
/// least 4 bytes, fields lie inside their table's inline size, and vector
/// elements are aligned to the element alignment.
///
/// A schema's verify function calls `verifyRoot()`, then for each field of
/// each table the matching `verify…` method, recursing through
/// `verifyTableField` and `verifyTableVector`:
///
///     var v = try Verifier(bytes)
///     try v.checkIdentifier("GML0")
///     let root = try v.verifyRoot()
///     try v.verifyScalar(root, slot: 0, Int32.self)
///     try v.verifyTableVector(root, slot: 1) { v, t throws(GMLError) in
///       try v.verifyString(t, slot: 0, required: true)
///     }
///
/// After that, `BufferView` reads the verified fields without checks.
///
/// Cost: O(buffer size + table visits); `VerifierLimits` caps depth, table
/// visits and sizes. Offsets only point forward, so there are no cycles, but
/// shared sub-tables (a DAG) can multiply visits: `maxTables` bounds that.
/// The caller keeps the memory alive while verifying and reading.
public struct Verifier {
  /// The bytes being verified.
  public let reader: ByteReader
  /// The limits in force.
  public let limits: VerifierLimits
  /// Current table nesting depth (the root is 1).
  public internal(set) var depth = 0
  /// Tables visited so far.
  public internal(set) var tableCount = 0

  /// The smallest well-formed buffer: root offset, soffset, a 4-byte vtable.
  public static let minimumSize = 12

  /// Starts verifying `bytes`.
  /// - Parameters:
  ///   - bytes: the buffer; the caller keeps it alive while using it.
  ///   - limits: the bounds to enforce.
  /// - Throws: `limitExceeded` above `limits.maxSize`, `truncated` under 12 bytes.
  public init(_ bytes: UnsafeRawBufferPointer, limits: VerifierLimits = .init()) throws(GMLError) {
    if bytes.count > min(limits.maxSize, 0x7FFF_FFFF) {
      throw GMLError(
        .limitExceeded, at: .byteOffset(0), "buffer larger than VerifierLimits.maxSize")
    }
    if bytes.count < Verifier.minimumSize {
      throw GMLError(.truncated, at: .byteOffset(bytes.count), "buffer smaller than 12 bytes")
    }
    reader = ByteReader(bytes)
    self.limits = limits
  }

  /// An unchecked view of the same bytes, to read fields verified so far
  /// (e.g. a union's type before verifying its value).
  public var view: BufferView { BufferView(reader.bytes) }

  /// Checks the file identifier at bytes 4..<8.
  /// - Parameter id: exactly 4 ASCII bytes.
  /// - Throws: `wrongIdentifier` when they differ.
  public func checkIdentifier(_ id: String) throws(GMLError) {
    let expected = Array(id.utf8)
    precondition(expected.count == 4, "Verifier.checkIdentifier: identifier must be 4 bytes")
    for i in 0..<4 where reader.bytes[4 + i] != expected[i] {
      throw GMLError(.wrongIdentifier, at: .byteOffset(4), "file identifier does not match")
    }
  }

  /// Follows the root offset at byte 0 and verifies the root table (depth 1).
  /// - Returns: the root table, whose fields the caller verifies next.
  /// - Throws: as `verifyTable(at:)`, or for a bad root offset.
  public mutating func verifyRoot() throws(GMLError) -> Table {
    let root = try followOffset(at: 0)
    depth = 0
    try enterTable(at: root)
    return try verifyTable(at: root)
  }

  /// Verifies the table header at `position`: its soffset, its vtable
  /// (even size ≥ 4, inside the buffer) and its inline size. Counts one
  /// table visit. Does not verify fields or change the depth.
  /// - Parameter position: byte offset of the table from the buffer start.
  /// - Returns: the table, for the field `verify…` methods.
  /// - Throws: `limitExceeded` past `maxTables`; `misaligned`,
  ///   `outOfBounds`, `truncated` or `malformed` for a bad header.
  public mutating func verifyTable(at position: Int) throws(GMLError) -> Table {
    tableCount += 1
    if tableCount > limits.maxTables {
      throw GMLError(
        .limitExceeded, at: .byteOffset(position), "more tables than VerifierLimits.maxTables")
    }
    try checkAligned(position, 4, "table not aligned to 4")
    let soffset = try reader.read(Int32.self, at: position)
    let (vtable, overflow) = position.subtractingReportingOverflow(Int(soffset))
    if overflow || vtable < 0 || vtable >= reader.count {
      throw GMLError(.outOfBounds, at: .byteOffset(position), "vtable outside the buffer")
    }
    try checkAligned(vtable, 2, "vtable not aligned to 2")
    let vtableSize = Int(try reader.read(UInt16.self, at: vtable))
    if vtableSize & 1 != 0 || vtableSize < 4 {
      throw GMLError(.malformed, at: .byteOffset(vtable), "vtable size odd or under 4")
    }
    try reader.checkRange(vtable, vtableSize)
    let inlineSize = Int(try reader.read(UInt16.self, at: vtable + 2))
    if inlineSize < 4 {
      throw GMLError(.malformed, at: .byteOffset(vtable), "table inline size under 4")
    }
    try reader.checkRange(position, inlineSize)
    return Table(
      position: position, vtable: vtable, vtableSize: vtableSize, inlineSize: inlineSize)
  }

  /// Follows the uoffset stored at `position`: aligned to 4, non-zero,
  /// below 2 GiB, and pointing inside the buffer.
  func followOffset(at position: Int) throws(GMLError) -> Int {
    try checkAligned(position, 4, "offset not aligned to 4")
    let offset = try reader.read(UInt32.self, at: position)
    if offset == 0 {
      throw GMLError(.malformed, at: .byteOffset(position), "offset is zero")
    }
    if offset > 0x7FFF_FFFF || Int(offset) >= reader.count - position {
      throw GMLError(.outOfBounds, at: .byteOffset(position), "offset points outside the buffer")
    }
    return position + Int(offset)
  }

  /// Goes one table deeper.
  mutating func enterTable(at position: Int) throws(GMLError) {
    depth += 1
    if depth > limits.maxDepth {
      throw GMLError(
        .limitExceeded, at: .byteOffset(position),
        "tables nested deeper than VerifierLimits.maxDepth")
    }
  }

  /// Throws `misaligned` unless `position` (from the buffer start) is a
  /// multiple of `alignment`, as C++ `VerifyAlignment`.
  func checkAligned(_ position: Int, _ alignment: Int, _ detail: StaticString) throws(GMLError) {
    if position & (alignment - 1) != 0 {
      throw GMLError(.misaligned, at: .byteOffset(position), detail)
    }
  }
}
