// GMLConverterTests/ZipTestWriter.swift — a tiny zip writer (stored, deflated, deliberately broken) and zlib helpers.
import CZlib
import GMLConverter

/// One entry for `ZipTestWriter.archive`, with knobs to break it.
struct ZipTestEntry {
  var name: String
  var data: [UInt8]
  /// Compress with deflate (method 8) instead of storing.
  var deflate = false
  /// Overrides the method field written (e.g. 12 for bzip2).
  var method: UInt16?
  var flags: UInt16 = 0
  /// Overrides the CRC-32 written in both headers.
  var crc: UInt32?
  /// Overrides the uncompressed size written in the central directory.
  var declaredSize: UInt32?
  /// Adds numpy's zip64 extra field (sizes) to the local header, as `np.savez` does.
  var localZip64Extra = false

  init(_ name: String, _ data: [UInt8], deflate: Bool = false) {
    self.name = name
    self.data = data
    self.deflate = deflate
  }
}

enum ZipTestWriter {
  /// A complete archive of `entries`; `zip64End` adds a zip64 end-of-directory locator.
  static func archive(_ entries: [ZipTestEntry], zip64End: Bool = false) -> [UInt8] {
    var out: [UInt8] = []
    var central: [UInt8] = []
    for e in entries {
      let payload = e.deflate ? deflate(e.data, gzip: false) : e.data
      let method = e.method ?? (e.deflate ? 8 : 0)
      let crc = e.crc ?? CRC32.checksum(e.data)
      let name = Array(e.name.utf8)
      let offset = out.count
      var extra: [UInt8] = []
      if e.localZip64Extra {
        extra = le16(1) + le16(16) + le64(UInt64(e.data.count)) + le64(UInt64(payload.count))
      }
      out += le32(0x0403_4B50) + le16(e.localZip64Extra ? 45 : 20) + le16(e.flags) + le16(method)
      out += le16(0) + le16(0x21) + le32(crc) + le32(UInt32(payload.count))
      out += le32(UInt32(e.data.count)) + le16(UInt16(name.count)) + le16(UInt16(extra.count))
      out += name + extra + payload
      central += le32(0x0201_4B50) + le16(20) + le16(20) + le16(e.flags) + le16(method)
      central += le16(0) + le16(0x21) + le32(crc) + le32(UInt32(payload.count))
      central += le32(e.declaredSize ?? UInt32(e.data.count)) + le16(UInt16(name.count))
      central += le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(UInt32(offset)) + name
    }
    let directoryOffset = out.count
    out += central
    if zip64End {
      out += le32(0x0706_4B50) + le32(0) + le64(0) + le32(1)
    }
    out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(entries.count))
    out += le16(UInt16(entries.count)) + le32(UInt32(central.count))
    out += le32(UInt32(directoryOffset)) + le16(0)
    return out
  }

  /// Compresses with zlib's deflate: raw (zip entries) or gzip framing.
  static func deflate(_ input: [UInt8], gzip: Bool) -> [UInt8] {
    var stream = z_stream()
    let bits: Int32 = gzip ? MAX_WBITS + 16 : -MAX_WBITS
    _ = deflateInit2_(
      &stream, 9, Z_DEFLATED, bits, 9, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
      Int32(MemoryLayout<z_stream>.size))
    var input = input
    var out = [UInt8](repeating: 0, count: input.count + input.count / 100 + 1024)
    input.withUnsafeMutableBufferPointer { i in
      out.withUnsafeMutableBufferPointer { o in
        stream.next_in = i.baseAddress
        stream.avail_in = UInt32(i.count)
        stream.next_out = o.baseAddress
        stream.avail_out = UInt32(o.count)
        _ = CZlib.deflate(&stream, Z_FINISH)
      }
    }
    let n = Int(stream.total_out)
    deflateEnd(&stream)
    return Array(out[0..<n])
  }

  static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
  static func le32(_ v: UInt32) -> [UInt8] {
    (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) }
  }
  static func le64(_ v: UInt64) -> [UInt8] {
    (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) }
  }
}
