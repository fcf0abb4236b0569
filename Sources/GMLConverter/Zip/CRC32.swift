// GMLConverter/Zip/CRC32.swift — the zip/gzip CRC-32 through the system zlib.
import CZlib

/// CRC-32 (ISO 3309, polynomial 0xEDB88320) as zip entries record it.
public enum CRC32 {
  /// The CRC-32 of `bytes`.
  /// - Parameter bytes: the data.
  /// - Returns: the checksum zip stores in its headers.
  public static func checksum(_ bytes: [UInt8]) -> UInt32 {
    bytes.withUnsafeBufferPointer { buffer in
      var crc = crc32(0, nil, 0)
      var offset = 0
      // zlib takes a 32-bit length; feed larger inputs in pieces.
      while offset < buffer.count {
        let n = min(buffer.count - offset, 1 << 30)
        crc = crc32(crc, buffer.baseAddress.map { $0 + offset }, uInt(n))
        offset += n
      }
      return UInt32(truncatingIfNeeded: crc)
    }
  }
}
