// GMLFlatBuffers/FlatScalar.swift — scalars stored little-endian in tables and vectors.

/// A scalar that can be stored in a FlatBuffers table field or vector:
/// `Bool`, the fixed-width integers, `Float` and `Double`.
///
/// A scalar is stored as the little-endian bytes of its `FlatBits`
/// (an unsigned integer of the same width). Reading never traps: a `Bool`
/// is true for any non-zero byte, as in the C++ reference.
public protocol FlatScalar {
  /// The unsigned integer that holds the scalar's bit pattern.
  associatedtype FlatBits: FixedWidthInteger & UnsignedInteger & BitwiseCopyable
  /// The bit pattern to store (host byte order).
  var flatBits: FlatBits { get }
  /// The scalar with the given bit pattern (host byte order).
  init(flatBits: FlatBits)
}

extension FlatScalar {
  /// Bytes this scalar occupies; also its alignment in a buffer.
  @inline(__always)
  public static var flatSize: Int { MemoryLayout<FlatBits>.size }
}

extension Bool: FlatScalar {
  public var flatBits: UInt8 { self ? 1 : 0 }
  public init(flatBits: UInt8) { self = flatBits != 0 }
}

extension UInt8: FlatScalar {
  public var flatBits: UInt8 { self }
  public init(flatBits: UInt8) { self = flatBits }
}

extension Int8: FlatScalar {
  public var flatBits: UInt8 { UInt8(bitPattern: self) }
  public init(flatBits: UInt8) { self.init(bitPattern: flatBits) }
}

extension UInt16: FlatScalar {
  public var flatBits: UInt16 { self }
  public init(flatBits: UInt16) { self = flatBits }
}

extension Int16: FlatScalar {
  public var flatBits: UInt16 { UInt16(bitPattern: self) }
  public init(flatBits: UInt16) { self.init(bitPattern: flatBits) }
}

extension UInt32: FlatScalar {
  public var flatBits: UInt32 { self }
  public init(flatBits: UInt32) { self = flatBits }
}

extension Int32: FlatScalar {
  public var flatBits: UInt32 { UInt32(bitPattern: self) }
  public init(flatBits: UInt32) { self.init(bitPattern: flatBits) }
}

extension UInt64: FlatScalar {
  public var flatBits: UInt64 { self }
  public init(flatBits: UInt64) { self = flatBits }
}

extension Int64: FlatScalar {
  public var flatBits: UInt64 { UInt64(bitPattern: self) }
  public init(flatBits: UInt64) { self.init(bitPattern: flatBits) }
}

extension Float: FlatScalar {
  public var flatBits: UInt32 { bitPattern }
  public init(flatBits: UInt32) { self.init(bitPattern: flatBits) }
}

extension Double: FlatScalar {
  public var flatBits: UInt64 { bitPattern }
  public init(flatBits: UInt64) { self.init(bitPattern: flatBits) }
}

extension UnsafeRawBufferPointer {
  /// Loads a little-endian scalar at `offset` with no checks; callers check.
  @inline(__always)
  func _loadFlat<T: FlatScalar>(_: T.Type, at offset: Int) -> T {
    T(
      flatBits: T.FlatBits(littleEndian: loadUnaligned(fromByteOffset: offset, as: T.FlatBits.self))
    )
  }
}

extension UnsafeMutableRawBufferPointer {
  /// Stores a scalar little-endian at `offset` with no checks; callers check.
  @inline(__always)
  func _storeFlat<T: FlatScalar>(_ value: T, at offset: Int) {
    storeBytes(of: value.flatBits.littleEndian, toByteOffset: offset, as: T.FlatBits.self)
  }
}
