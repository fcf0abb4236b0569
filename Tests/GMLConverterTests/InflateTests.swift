// GMLConverterTests/InflateTests.swift — zlib round trips, truncation, corruption and bomb caps.
import CZlib
import GMLConverter
import GMLCore
import GMLTestSupport
import XCTest

final class InflateTests: XCTestCase {
  /// Compresses with zlib's deflate in the given framing (the test's own encoder).
  private func deflate(_ input: [UInt8], gzip: Bool) -> [UInt8] {
    var stream = z_stream()
    let bits: Int32 = gzip ? MAX_WBITS + 16 : -MAX_WBITS
    XCTAssertEqual(
      deflateInit2_(
        &stream, 6, Z_DEFLATED, bits, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
        Int32(MemoryLayout<z_stream>.size)), Z_OK)
    var input = input
    var out = [UInt8](repeating: 0, count: input.count + 1024)
    input.withUnsafeMutableBufferPointer { i in
      out.withUnsafeMutableBufferPointer { o in
        stream.next_in = i.baseAddress
        stream.avail_in = UInt32(i.count)
        stream.next_out = o.baseAddress
        stream.avail_out = UInt32(o.count)
        XCTAssertEqual(CZlib.deflate(&stream, Z_FINISH), Z_STREAM_END)
      }
    }
    let n = Int(stream.total_out)
    deflateEnd(&stream)
    return Array(out[0..<n])
  }

  func testRoundTripsRawAndGzip() throws {
    var rng = SplitMix64(seed: 1)
    let data = (0..<200_000).map { i in UInt8(truncatingIfNeeded: i % 251 == 0 ? rng.next() : 7) }
    for gzip in [false, true] {
      let packed = deflate(data, gzip: gzip)
      let back = try Inflate().decompress(
        packed, framing: gzip ? .gzip : .raw, expectedSize: gzip ? nil : data.count)
      XCTAssertEqual(back, data)
    }
  }

  func testTruncatedStreamIsAnError() {
    let packed = deflate(Array(repeating: 1, count: 10_000) + Array(0..<255), gzip: true)
    for cut in [1, packed.count / 2, packed.count - 1] {
      XCTAssertThrowsError(try Inflate().decompress(Array(packed[0..<cut]), framing: .gzip)) {
        XCTAssertEqual(($0 as? GMLError)?.kind, .truncated, "cut at \(cut)")
      }
    }
  }

  func testCorruptStreamIsAnError() {
    XCTAssertThrowsError(try Inflate().decompress([0xFF, 0xFF, 0xFF, 0xFF], framing: .gzip)) {
      XCTAssertEqual(($0 as? GMLError)?.kind, .malformed)
    }
  }

  func testBombIsStoppedByRatioAndSizeCaps() {
    let bomb = deflate([UInt8](repeating: 0, count: 5_000_000), gzip: false)
    XCTAssertThrowsError(try Inflate(maxRatio: 100).decompress(bomb, framing: .raw)) {
      XCTAssertEqual(($0 as? GMLError)?.kind, .limitExceeded)
    }
    XCTAssertThrowsError(try Inflate(maxBytes: 1000).decompress(bomb, framing: .raw)) {
      XCTAssertEqual(($0 as? GMLError)?.kind, .limitExceeded)
    }
    XCTAssertThrowsError(try Inflate().decompress(bomb, framing: .raw, expectedSize: 10)) {
      XCTAssertEqual(($0 as? GMLError)?.kind, .limitExceeded)
    }
  }
}
