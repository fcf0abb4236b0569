// GMLConverter/Zip/ZipReader.swift — bounds-checked little-endian reads of zip records.

/// The record-level reads `ZipArchive` is built on. Reads past the end give
/// 0 rather than trapping; callers check ranges first and say what is wrong.
struct ZipReader {
  let bytes: [UInt8]
  let file: String

  static let endSignature = 0x0605_4B50
  static let zip64LocatorSignature = 0x0706_4B50
  static let centralSignature = 0x0201_4B50
  static let localSignature = 0x0403_4B50

  func u16(_ at: Int) -> Int {
    guard at >= 0, at + 2 <= bytes.count else { return 0 }
    return Int(bytes[at]) | Int(bytes[at + 1]) << 8
  }

  func u32(_ at: Int) -> Int {
    guard at >= 0, at + 4 <= bytes.count else { return 0 }
    return u16(at) | u16(at + 2) << 16
  }

  /// The offset of the end-of-central-directory record: the last signature
  /// whose comment ends exactly at the end of the file.
  func endRecord() throws(ConversionError) -> Int {
    guard bytes.count >= 22 else {
      throw ConversionError(file: file, "not a zip archive: shorter than an end record (22 bytes)")
    }
    var at = bytes.count - 22
    let lowest = max(0, at - 0xFFFF)
    while at >= lowest {
      if u32(at) == ZipReader.endSignature && at + 22 + u16(at + 20) == bytes.count {
        if at >= 20 && u32(at - 20) == ZipReader.zip64LocatorSignature {
          throw ConversionError(file: file, "zip64 archives are not supported")
        }
        if u16(at + 10) == 0xFFFF || u32(at + 12) == 0xFFFF_FFFF || u32(at + 16) == 0xFFFF_FFFF {
          throw ConversionError(file: file, "zip64 archives are not supported")
        }
        return at
      }
      at -= 1
    }
    throw ConversionError(
      file: file, "not a zip archive (or truncated): no end-of-central-directory record")
  }

  /// Parses `count` central-directory entries in `start..<end`.
  func centralDirectory(at start: Int, end: Int, count: Int, limits: ZipLimits)
    throws(ConversionError) -> [ZipEntry]
  {
    var entries: [ZipEntry] = []
    var names = Set<String>()
    var total = 0
    var at = start
    for index in 0..<count {
      guard at + 46 <= end, u32(at) == ZipReader.centralSignature else {
        throw ConversionError(
          file: file, "central directory entry \(index) is truncated or has no signature")
      }
      let nameLength = u16(at + 28)
      let next = at + 46 + nameLength + u16(at + 30) + u16(at + 32)
      guard next <= end else {
        throw ConversionError(
          file: file, "central directory entry \(index) runs past the directory")
      }
      let name = try entryName(Array(bytes[at + 46..<at + 46 + nameLength]), index: index)
      guard names.insert(name).inserted else {
        throw ConversionError(file: file, place: name, "entry name appears twice in the archive")
      }
      let entry = ZipEntry(
        name: name, method: UInt16(u16(at + 10)), crc32: UInt32(u32(at + 16)),
        compressedSize: u32(at + 20), uncompressedSize: u32(at + 24),
        localHeaderOffset: u32(at + 42))
      try check(entry, flags: u16(at + 8), limits: limits)
      total += entry.uncompressedSize
      guard total <= limits.maxTotalBytes else {
        throw ConversionError(
          file: file, place: name,
          "archive entries add up to more than the limit of \(limits.maxTotalBytes) bytes")
      }
      entries.append(entry)
      at = next
    }
    return entries
  }

  /// Refuses encryption, zip64 sizes and unknown methods.
  private func check(_ entry: ZipEntry, flags: Int, limits: ZipLimits) throws(ConversionError) {
    if flags & 0x41 != 0 || entry.method == 99 {
      throw ConversionError(
        file: file, place: entry.name, "encrypted zip entries are not supported")
    }
    if entry.compressedSize == 0xFFFF_FFFF || entry.uncompressedSize == 0xFFFF_FFFF
      || entry.localHeaderOffset == 0xFFFF_FFFF
    {
      throw ConversionError(file: file, place: entry.name, "zip64 entries are not supported")
    }
    switch entry.method {
    case 0 where entry.compressedSize != entry.uncompressedSize:
      throw ConversionError(
        file: file, place: entry.name,
        "stored entry's compressed and uncompressed sizes differ")
    case 0, 8: break
    default:
      throw ConversionError(
        file: file, place: entry.name,
        "compression method \(entry.method) is not supported; expected stored (0) or deflate (8)")
    }
    let ratioCap = max(entry.compressedSize, 1).multipliedReportingOverflow(by: limits.maxRatio)
    if entry.method == 8 && entry.uncompressedSize > 1024 && !ratioCap.overflow
      && entry.uncompressedSize > ratioCap.partialValue
    {
      throw ConversionError(
        file: file, place: entry.name,
        "declared size \(entry.uncompressedSize) is more than \(limits.maxRatio) times the "
          + "compressed \(entry.compressedSize) bytes (a zip bomb?)")
    }
  }

  /// Checks an entry name: UTF-8, relative, no `..`, no backslash or NUL.
  private func entryName(_ raw: [UInt8], index: Int) throws(ConversionError) -> String {
    guard let name = String(validating: raw, as: UTF8.self), !name.isEmpty else {
      throw ConversionError(
        file: file, "entry \(index) has an empty or non-UTF-8 name")
    }
    let parts = name.split(separator: "/", omittingEmptySubsequences: false)
    if name.hasPrefix("/") || name.contains("\\") || name.contains("\0")
      || parts.contains("..")
    {
      throw ConversionError(
        file: file, place: name,
        "unsafe entry name: expected a relative path without '..', '\\' or NUL")
    }
    return name
  }
}
