// GMLFlatBuffers/ByteReader.swift — bounds-checked little-endian reads over raw bytes.

import GMLCore

/// Bounds-checked little-endian reads over borrowed memory.
///
/// The reader does not own its bytes: the caller keeps the memory alive and
/// unchanged for as long as the reader (or anything made from it) is used,
/// e.g. inside `withUnsafeBytes`. Reads need no alignment.
public struct ByteReader {
  /// The bytes read.
  public let bytes: UnsafeRawBufferPointer

  /// - Parameter bytes: memory the caller keeps alive while reading.
  public init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

  /// Number of bytes.
  public var count: Int { bytes.count }

  /// Checks that `length` bytes at `offset` lie inside the buffer.
  /// - Throws: `outOfBounds` when `offset` is outside the buffer,
  ///   `truncated` when the range starts inside but runs past the end.
  public func checkRange(_ offset: Int, _ length: Int) throws(GMLError) {
    if offset < 0 || offset > count || (offset == count && length > 0) {
      throw GMLError(.outOfBounds, at: .byteOffset(offset), "offset outside the buffer")
    }
    if length < 0 || length > count - offset {
      throw GMLError(.truncated, at: .byteOffset(offset), "data runs past the end of the buffer")
    }
  }

  /// The little-endian scalar at `offset`.
  /// - Parameters:
  ///   - type: the scalar type.
  ///   - offset: byte offset from the start; any alignment.
  /// - Returns: the value.
  /// - Throws: as `checkRange`.
  public func read<T: FlatScalar>(_ type: T.Type, at offset: Int) throws(GMLError) -> T {
    try checkRange(offset, T.flatSize)
    return bytes._loadFlat(T.self, at: offset)
  }

  /// The `length` bytes at `offset`, in place (no copy).
  /// - Throws: as `checkRange`.
  public func slice(at offset: Int, count length: Int) throws(GMLError) -> UnsafeRawBufferPointer {
    try checkRange(offset, length)
    return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)])
  }
}
