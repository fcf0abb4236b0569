// GMLNumPy/NPY.swift — reads and writes NumPy .npy files (format versions 1.0, 2.0, 3.0).
import GMLCore

/// Bounds `NPY.read` checks before it copies any array data.
public struct NPYLimits: Equatable, Sendable {
  /// The longest header accepted, in bytes (the dictionary text and its padding).
  public var maxHeaderLength: Int
  /// The largest array accepted, in bytes.
  public var maxBytes: Int
  /// The highest rank accepted; values above `Shape.maxRank` act as `Shape.maxRank`.
  public var maxRank: Int

  /// - Parameters:
  ///   - maxHeaderLength: the longest header, in bytes; 64 KiB by default.
  ///   - maxBytes: the largest array, in bytes; 2 GiB − 1 by default.
  ///   - maxRank: the highest rank; `Shape.maxRank` by default.
  public init(
    maxHeaderLength: Int = 65_536, maxBytes: Int = Int(Int32.max), maxRank: Int = Shape.maxRank
  ) {
    self.maxHeaderLength = maxHeaderLength
    self.maxBytes = maxBytes
    self.maxRank = maxRank
  }
}

/// The `.npy` file format: a magic string, a version, a Python-dict header
/// (`{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`) and the
/// raw elements.
///
/// Supported element types are those of `ElementType`: `f4`, `f2`, `i1`,
/// `u1`, `i2`, `i4`, `i8`, `b1`, in either byte order. Fortran-order and
/// structured arrays are refused. A file must end with its array data:
/// trailing bytes mean a wrong header or a concatenated file, so `read`
/// refuses them as `malformed` rather than guess.
public enum NPY {
  /// The six bytes every `.npy` file starts with: `\x93NUMPY`.
  static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

  /// Parses a whole `.npy` file.
  ///
  /// Cost: one pass over the header, one copy of the data (byte-swapped if
  /// the file is big-endian). Never traps on any input.
  ///
  /// - Parameters:
  ///   - file: the complete file contents.
  ///   - limits: bounds on header length, array size and rank.
  /// - Throws: `GMLError` with a byte offset: `wrongIdentifier` (bad magic),
  ///   `unsupportedVersion`, `truncated`, `malformed` (header syntax, trailing
  ///   bytes), `unsupportedType` (dtype, Fortran order), `limitExceeded`.
  /// - Returns: the array, little-endian, C order.
  public static func read(_ file: [UInt8], limits: NPYLimits = NPYLimits()) throws(GMLError)
    -> NumPyArray
  {
    for i in 0..<magic.count {
      guard i < file.count else {
        throw GMLError(.truncated, at: .byteOffset(i), "file ends inside the .npy magic")
      }
      guard file[i] == magic[i] else {
        throw GMLError(.wrongIdentifier, at: .byteOffset(i), "not a .npy file: no \\x93NUMPY magic")
      }
    }
    guard file.count >= 8 else {
      throw GMLError(.truncated, at: .byteOffset(6), "file ends inside the .npy version")
    }
    let lengthSize: Int
    switch (file[6], file[7]) {
    case (1, 0): lengthSize = 2
    case (2, 0), (3, 0): lengthSize = 4
    default:
      throw GMLError(
        .unsupportedVersion, at: .byteOffset(6), "only .npy versions 1.0, 2.0 and 3.0 are supported"
      )
    }
    guard file.count >= 8 + lengthSize else {
      throw GMLError(.truncated, at: .byteOffset(8), "file ends inside the header length")
    }
    var length: UInt32 = 0
    for k in 0..<lengthSize { length |= UInt32(file[8 + k]) << (8 * k) }
    guard length <= limits.maxHeaderLength else {
      throw GMLError(
        .limitExceeded, at: .byteOffset(8), "header longer than NPYLimits.maxHeaderLength")
    }
    let headerStart = 8 + lengthSize
    let dataStart = headerStart + Int(length)
    guard file.count >= dataStart else {
      throw GMLError(
        .truncated, at: .byteOffset(headerStart), "header runs past the end of the file")
    }
    var parser = NPYHeaderParser(file: file, start: headerStart, end: dataStart)
    let header = try parser.parse(maxRank: min(limits.maxRank, Shape.maxRank))
    let byteCount: Int
    do {
      byteCount = try header.shape.byteCount(of: header.type, limit: limits.maxBytes)
    } catch {
      throw GMLError(error.kind, at: .byteOffset(header.shapeOffset), error.detail)
    }
    guard file.count - dataStart >= byteCount else {
      throw GMLError(
        .truncated, at: .byteOffset(dataStart), "array data runs past the end of the file")
    }
    guard file.count - dataStart == byteCount else {
      throw GMLError(
        .malformed, at: .byteOffset(dataStart + byteCount), "bytes after the array data")
    }
    var bytes = Array(file[dataStart...])
    if header.isBigEndian { swapBytes(&bytes, size: header.type.byteSize) }
    return try NumPyArray(type: header.type, shape: header.shape, bytes: bytes)
  }

  /// Encodes `array` as numpy's `np.save` does, byte for byte: version 1.0,
  /// `'<'` byte order (`'|'` for one-byte types), `fortran_order` False, and
  /// the header padded with spaces and a newline so the data starts at a
  /// multiple of 64 bytes.
  ///
  /// - Parameter array: the array to encode.
  /// - Returns: the complete file contents.
  public static func write(_ array: NumPyArray) -> [UInt8] {
    var header = Array("{'descr': '".utf8) + descr(array.type)
    header += Array("', 'fortran_order': False, 'shape': (".utf8)
    for (i, d) in array.shape.dims.enumerated() {
      if i > 0 { header += Array(", ".utf8) }
      header += Array("\(d)".utf8)
    }
    if array.shape.rank == 1 { header.append(UInt8(ascii: ",")) }
    header += Array("), }".utf8)
    // numpy leaves room to rewrite the first dimension with up to 21 digits
    // in place (`GROWTH_AXIS_MAX_DIGITS`), then pads to 64 bytes; an
    // already aligned header still gets 64 spaces.
    if let first = array.shape.dims.first {
      header += [UInt8](repeating: 0x20, count: max(0, 21 - "\(first)".utf8.count))
    }
    header += [UInt8](repeating: 0x20, count: 64 - (10 + header.count + 1) % 64)
    header.append(UInt8(ascii: "\n"))
    // Rank ≤ Shape.maxRank keeps the header far below the 2-byte length limit.
    let length = UInt16(header.count)
    return magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + header + array.bytes
  }

  /// The `descr` numpy writes for `type`, e.g. `<f4`.
  static func descr(_ type: ElementType) -> [UInt8] {
    switch type {
    case .float32: return Array("<f4".utf8)
    case .float16: return Array("<f2".utf8)
    case .int8: return Array("|i1".utf8)
    case .uint8: return Array("|u1".utf8)
    case .int16: return Array("<i2".utf8)
    case .int32: return Array("<i4".utf8)
    case .int64: return Array("<i8".utf8)
    case .bool: return Array("|b1".utf8)
    }
  }

  /// Reverses the byte order of each `size`-byte element of `bytes` in place.
  private static func swapBytes(_ bytes: inout [UInt8], size: Int) {
    guard size > 1 else { return }
    var i = 0
    while i < bytes.count {
      bytes[i..<i + size].reverse()
      i += size
    }
  }
}
