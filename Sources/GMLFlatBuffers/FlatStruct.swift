// GMLFlatBuffers/FlatStruct.swift — fixed-layout FlatBuffers structs: writer and reader.

/// A FlatBuffers `struct`: fixed size and layout, stored inline in a table
/// field or back to back in a vector.
///
/// Conformers lay out their fields themselves, like flatc's generated code:
/// `write(to:)` stores each field at its byte offset inside the struct.
///
///     struct Vec3: FlatStruct {
///       var x, y, z: Float
///       static var byteSize: Int { 12 }
///       static var alignment: Int { 4 }
///       func write(to w: inout StructWriter) {
///         w.write(x, at: 0); w.write(y, at: 4); w.write(z, at: 8)
///       }
///     }
public protocol FlatStruct {
  /// Size in bytes, padding included; a multiple of `alignment`.
  static var byteSize: Int { get }
  /// Alignment in bytes: a power of two, the largest of the fields'.
  static var alignment: Int { get }
  /// Stores the fields into `writer`, whose bytes start zeroed.
  func write(to writer: inout StructWriter)
}

/// Stores the fields of one `FlatStruct` into `byteSize` zeroed bytes of a
/// builder's buffer. Valid only during the `write(to:)` call that receives it.
public struct StructWriter {
  let bytes: UnsafeMutableRawBufferPointer

  init(_ bytes: UnsafeMutableRawBufferPointer) { self.bytes = bytes }

  /// Stores `value` little-endian at byte `offset` of the struct.
  /// - Parameters:
  ///   - value: the field value.
  ///   - offset: the field's byte offset; the field must fit in `byteSize`.
  public mutating func write<T: FlatScalar>(_ value: T, at offset: Int) {
    precondition(
      offset >= 0 && offset <= bytes.count - T.flatSize,
      "StructWriter.write: field outside the struct")
    bytes._storeFlat(value, at: offset)
  }
}

/// Reads the fields of one struct in a verified buffer. Returned by
/// `BufferView.structField` and `BufferView.vectorStruct`; it points into
/// the caller's buffer, which must stay alive.
public struct StructReader {
  /// The struct's bytes, in place.
  public let bytes: UnsafeRawBufferPointer

  init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

  /// The little-endian scalar at byte `offset` of the struct.
  ///
  /// A field outside the struct is a programmer error: it asserts in
  /// debug builds and reads as zero in release builds.
  /// - Parameters:
  ///   - type: the field type.
  ///   - offset: the field's byte offset in the struct.
  /// - Returns: the field value.
  public func read<T: FlatScalar>(_ type: T.Type, at offset: Int) -> T {
    guard offset >= 0, offset <= bytes.count - T.flatSize else {
      assertionFailure("StructReader.read: field outside the struct")
      return T(flatBits: 0)
    }
    return bytes._loadFlat(T.self, at: offset)
  }
}
