// GMLConverter/Zip/ZipArchive+Read.swift — an entry's bytes: local header, stored or inflated, CRC-checked.
import GMLCore

extension ZipArchive {
  /// The uncompressed bytes of the entry called `name`.
  /// - Parameter name: the entry's path inside the archive.
  /// - Returns: its contents.
  /// - Throws: `ConversionError` naming the archive and the entry when it
  ///   is missing, its header or data is out of bounds, the data is corrupt,
  ///   or its CRC-32 differs.
  public func data(_ name: String) throws(ConversionError) -> [UInt8] {
    guard let entry = entry(named: name) else {
      throw ConversionError(file: file, place: name, "no such entry in the archive")
    }
    return try data(of: entry)
  }

  /// The uncompressed bytes of `entry`.
  /// - Parameter entry: one of `entries`.
  /// - Returns: its contents.
  /// - Throws: as `data(_:)`.
  public func data(of entry: ZipEntry) throws(ConversionError) -> [UInt8] {
    let reader = ZipReader(bytes: bytes, file: file)
    let at = entry.localHeaderOffset
    guard at + 30 <= directoryOffset, reader.u32(at) == ZipReader.localSignature else {
      throw ConversionError(
        file: file, place: entry.name, "local header is out of bounds or has no signature")
    }
    let nameLength = reader.u16(at + 26)
    let start = at + 30 + nameLength + reader.u16(at + 28)
    guard start <= directoryOffset,
      bytes[at + 30..<at + 30 + nameLength].elementsEqual(entry.name.utf8),
      reader.u16(at + 8) == Int(entry.method)
    else {
      throw ConversionError(
        file: file, place: entry.name, "local header disagrees with the central directory")
    }
    guard entry.compressedSize <= directoryOffset - start else {
      throw ConversionError(
        file: file, place: entry.name, "entry data runs past the central directory (truncated?)")
    }
    let raw = Array(bytes[start..<start + entry.compressedSize])
    var output = raw
    if entry.method == 8 {
      do {
        output = try Inflate(maxBytes: limits.maxTotalBytes, maxRatio: limits.maxRatio)
          .decompress(raw, framing: .raw, expectedSize: entry.uncompressedSize)
      } catch {
        throw ConversionError(file: file, place: entry.name, "deflate data: \(error)")
      }
    }
    guard CRC32.checksum(output) == entry.crc32 else {
      throw ConversionError(
        file: file, place: entry.name, "CRC-32 mismatch: the entry is corrupt")
    }
    return output
  }
}
