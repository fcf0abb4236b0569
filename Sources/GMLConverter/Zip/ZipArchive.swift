// GMLConverter/Zip/ZipArchive.swift — reads the central directory of a zip (.npz, .gmz) with bomb caps.

/// Bounds a zip archive must stay within before any entry is inflated.
public struct ZipLimits: Equatable, Sendable {
  /// The most entries accepted.
  public var maxEntries: Int
  /// The largest sum of declared uncompressed sizes, in bytes.
  public var maxTotalBytes: Int
  /// The largest uncompressed/compressed ratio of a deflated entry.
  public var maxRatio: Int

  /// - Parameters:
  ///   - maxEntries: most entries, 10,000 by default.
  ///   - maxTotalBytes: total uncompressed size, 2 GiB by default.
  ///   - maxRatio: deflate ratio cap, 1,100 by default: above deflate's own
  ///     maximum of about 1,032, so only a lying header reaches it.
  public init(maxEntries: Int = 10_000, maxTotalBytes: Int = 2 << 30, maxRatio: Int = 1_100) {
    self.maxEntries = maxEntries
    self.maxTotalBytes = maxTotalBytes
    self.maxRatio = maxRatio
  }
}

/// One file of a zip archive, as its central directory describes it.
public struct ZipEntry: Equatable, Sendable {
  /// The entry's path inside the archive (`conv1.w.npy`).
  public var name: String
  /// 0 (stored) or 8 (deflate).
  public var method: UInt16
  public var crc32: UInt32
  public var compressedSize: Int
  public var uncompressedSize: Int
  /// Where the entry's local header starts.
  public var localHeaderOffset: Int
}

/// A zip archive held in memory: `.npz` (NumPy's `savez`) and `.gmz`.
///
/// Reads the end-of-central-directory record and the central directory,
/// then each entry on demand through its local header: stored or deflated
/// (zlib, raw framing), with its CRC-32 checked. Refuses zip64, multi-disk
/// and encrypted archives and other compression methods with a clear
/// message. The zip64 extra field numpy puts in local headers is skipped:
/// sizes always come from the central directory.
///
/// Cost: one scan of the directory on `init`; each `data(_:)` inflates one
/// entry. Limits: `ZipLimits` (entry count, total size, deflate ratio).
public struct ZipArchive: Sendable {
  let bytes: [UInt8]
  /// The archive's name for errors.
  public let file: String
  /// The entries in central-directory order.
  public let entries: [ZipEntry]
  let limits: ZipLimits
  /// Where the central directory starts: every entry's data lies before it.
  let directoryOffset: Int

  /// Parses the central directory of `bytes`.
  /// - Parameters:
  ///   - bytes: the whole archive.
  ///   - file: its name for errors.
  ///   - limits: entry count, size and ratio caps.
  /// - Throws: `ConversionError` naming the archive (and the entry, when
  ///   one is at fault).
  public init(bytes: [UInt8], file: String, limits: ZipLimits = ZipLimits())
    throws(ConversionError)
  {
    self.bytes = bytes
    self.file = file
    self.limits = limits
    let reader = ZipReader(bytes: bytes, file: file)
    let end = try reader.endRecord()
    let count = reader.u16(end + 10)
    guard reader.u16(end + 4) == 0, reader.u16(end + 6) == 0, reader.u16(end + 8) == count else {
      throw ConversionError(file: file, "multi-volume zip archives are not supported")
    }
    guard count <= limits.maxEntries else {
      throw ConversionError(
        file: file, "archive has \(count) entries, above the limit of \(limits.maxEntries)")
    }
    let size = reader.u32(end + 12)
    let offset = reader.u32(end + 16)
    guard offset + size <= end else {
      throw ConversionError(file: file, "central directory runs past its end record")
    }
    directoryOffset = offset
    entries = try reader.centralDirectory(
      at: offset, end: offset + size, count: count, limits: limits)
  }

  /// The entry called `name`, or nil.
  public func entry(named name: String) -> ZipEntry? { entries.first { $0.name == name } }
}
