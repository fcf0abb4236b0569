// GMLCore/LittleEndian.swift — fixed-width values to and from little-endian bytes, the byte order of every gml file.

/// Little-endian packing of integers and floats, as `.gml`, `.tflite` and
/// `.npy` files store them; independent of the host's byte order.
public enum LittleEndian {
  /// `bytes` read as consecutive little-endian `T`s; a trailing partial
  /// value is ignored.
  public static func decode<T: FixedWidthInteger>(_ bytes: [UInt8], as _: T.Type) -> [T] {
    let size = MemoryLayout<T>.size
    var values: [T] = []
    values.reserveCapacity(bytes.count / size)
    var i = 0
    while i + size <= bytes.count {
      var v: T = 0
      for k in 0..<size { v |= T(truncatingIfNeeded: bytes[i + k]) << (8 * k) }
      values.append(v)
      i += size
    }
    return values
  }

  /// `bytes` read as consecutive little-endian float32 values.
  public static func floats(_ bytes: [UInt8]) -> [Float] {
    decode(bytes, as: UInt32.self).map(Float.init(bitPattern:))
  }

  /// The little-endian bytes of `values`, in order.
  public static func encode<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
    let size = MemoryLayout<T>.size
    var bytes: [UInt8] = []
    bytes.reserveCapacity(values.count * size)
    for v in values {
      for k in 0..<size { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * k))) }
    }
    return bytes
  }

  /// The little-endian bytes of float32 `values`, in order.
  public static func encode(_ values: [Float]) -> [UInt8] {
    encode(values.map { $0.bitPattern })
  }
}
