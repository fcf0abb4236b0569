// GMLConverter/Inflate.swift — zlib decompression (raw deflate, gzip) with size and ratio caps.
import CZlib
import GMLCore

/// Decompression through the system zlib, refusing bombs: the output may
/// not exceed `maxBytes`, nor `maxRatio` times the input.
public struct Inflate: Sendable {
  /// The largest output accepted, in bytes.
  public var maxBytes: Int
  /// The largest output/input size ratio accepted.
  public var maxRatio: Int

  /// - Parameters:
  ///   - maxBytes: output cap (default 1 GiB).
  ///   - maxRatio: compression-ratio cap (default 1000; deflate's own
  ///     maximum is about 1032, reached only by degenerate data).
  public init(maxBytes: Int = 1 << 30, maxRatio: Int = 1000) {
    self.maxBytes = maxBytes
    self.maxRatio = maxRatio
  }

  /// The stream framing zlib is told to expect.
  public enum Framing: Sendable {
    /// Raw deflate, as in zip entries (method 8).
    case raw
    /// A gzip member (`.gz` files).
    case gzip
  }

  /// Decompresses `input`.
  /// - Parameters:
  ///   - input: compressed bytes.
  ///   - framing: raw deflate or gzip.
  ///   - expectedSize: when known (zip entries), the exact output size.
  /// - Returns: the decompressed bytes.
  /// - Throws: `malformed` for corrupt data, `truncated` for a stream that
  ///   ends early, `limitExceeded` past a cap or the expected size, or for
  ///   input of 4 GiB or more (zlib counts input in 32 bits).
  public func decompress(_ input: [UInt8], framing: Framing, expectedSize: Int? = nil)
    throws(GMLError) -> [UInt8]
  {
    guard input.count < Int(UInt32.max) else {
      throw GMLError(.limitExceeded, "compressed input of 4 GiB or more")
    }
    let ratioCap = input.count.multipliedReportingOverflow(by: maxRatio)
    let cap = min(maxBytes, ratioCap.overflow ? Int.max : max(ratioCap.partialValue, 64))
    if let expectedSize, expectedSize > cap {
      throw GMLError(.limitExceeded, "declared size above the decompression cap")
    }
    var stream = z_stream()
    let windowBits: Int32 = framing == .raw ? -MAX_WBITS : MAX_WBITS + 16
    guard
      inflateInit2_(&stream, windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
    else { throw GMLError(.malformed, "zlib could not start") }
    defer { inflateEnd(&stream) }

    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    var status: Int32 = Z_OK
    var input = input
    try input.withUnsafeMutableBufferPointer { (inBuf) throws(GMLError) in
      stream.next_in = inBuf.baseAddress
      stream.avail_in = UInt32(inBuf.count)
      while status != Z_STREAM_END {
        status = chunk.withUnsafeMutableBufferPointer { out in
          stream.next_out = out.baseAddress
          stream.avail_out = UInt32(out.count)
          return CZlib.inflate(&stream, Z_NO_FLUSH)
        }
        let produced = chunk.count - Int(stream.avail_out)
        if output.count + produced > cap
          || (expectedSize.map { output.count + produced > $0 } ?? false)
        {
          throw GMLError(.limitExceeded, "decompressed data exceeds its cap or declared size")
        }
        output.append(contentsOf: chunk[0..<produced])
        switch status {
        case Z_OK, Z_STREAM_END: continue
        case Z_BUF_ERROR where stream.avail_in == 0:
          throw GMLError(.truncated, "compressed stream ends early")
        default:
          throw GMLError(.malformed, "corrupt compressed data")
        }
      }
    }
    if let expectedSize, output.count != expectedSize {
      throw GMLError(.truncated, "decompressed size differs from the declared size")
    }
    return output
  }
}
