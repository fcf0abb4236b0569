// GMLConverterTests/ZipArchiveTests.swift — zip reading: stored, deflated, CRC, truncation, bombs, refusals.
import GMLConverter
import GMLTestSupport
import XCTest

final class ZipArchiveTests: XCTestCase {
  private let text = Array(String(repeating: "gml-float weights ", count: 300).utf8)

  /// Asserts that reading `bytes` (or, with `entry`, that entry) fails with exactly this error.
  private func assertError(
    _ bytes: [UInt8], entry: String? = nil, limits: ZipLimits = ZipLimits(), place: String = "",
    _ message: String, file: StaticString = #filePath, line: UInt = #line
  ) {
    do {
      let archive = try ZipArchive(bytes: bytes, file: "w.npz", limits: limits)
      _ = try archive.data(entry ?? archive.entries.first?.name ?? "")
      XCTFail("no error", file: file, line: line)
    } catch {
      XCTAssertEqual(
        error, ConversionError(file: "w.npz", place: place, message),
        file: file, line: line)
    }
  }

  func testReadsStoredAndDeflatedEntries() throws {
    let bytes = ZipTestWriter.archive([
      ZipTestEntry("a.npy", text), ZipTestEntry("b/c.npy", text, deflate: true),
      ZipTestEntry("empty", [], deflate: true),
    ])
    let archive = try ZipArchive(bytes: bytes, file: "w.npz")
    XCTAssertEqual(archive.entries.map(\.name), ["a.npy", "b/c.npy", "empty"])
    XCTAssertEqual(archive.entries.map(\.method), [0, 8, 8])
    XCTAssertLessThan(archive.entries[1].compressedSize, text.count / 10)
    XCTAssertEqual(try archive.data("a.npy"), text)
    XCTAssertEqual(try archive.data("b/c.npy"), text)
    XCTAssertEqual(try archive.data("empty"), [])
    XCTAssertNil(archive.entry(named: "c.npy"))
  }

  func testAcceptsNumpysZip64ExtraInLocalHeaders() throws {
    var entry = ZipTestEntry("w.npy", text, deflate: true)
    entry.localZip64Extra = true
    let archive = try ZipArchive(bytes: ZipTestWriter.archive([entry]), file: "w.npz")
    XCTAssertEqual(try archive.data("w.npy"), text)
  }

  func testMissingEntry() throws {
    let archive = try ZipArchive(
      bytes: ZipTestWriter.archive([ZipTestEntry("a", [1])]), file: "w.npz")
    XCTAssertThrowsError(try archive.data("b")) {
      XCTAssertEqual(
        $0 as? ConversionError,
        ConversionError(file: "w.npz", place: "b", "no such entry in the archive"))
    }
  }

  func testCRCMismatch() {
    for deflate in [false, true] {
      var entry = ZipTestEntry("a.npy", text, deflate: deflate)
      entry.crc = CRC32.checksum(text) ^ 1
      assertError(
        ZipTestWriter.archive([entry]), place: "a.npy", "CRC-32 mismatch: the entry is corrupt")
    }
  }

  func testCRC32MatchesTheStandardCheckValue() {
    XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)), 0xCBF4_3926)
  }

  func testEveryTruncationIsAnErrorNotACrash() {
    let bytes = ZipTestWriter.archive([
      ZipTestEntry("a.npy", text), ZipTestEntry("b.npy", text, deflate: true),
    ])
    for cut in 0..<bytes.count {
      XCTAssertThrowsError(try ZipArchive(bytes: Array(bytes[0..<cut]), file: "w.npz"))
    }
    assertError(
      Array(bytes.dropLast()),
      "not a zip archive (or truncated): no end-of-central-directory record")
    assertError([], "not a zip archive: shorter than an end record (22 bytes)")
  }

  func testCorruptBytesNeverCrash() throws {
    let bytes = ZipTestWriter.archive([
      ZipTestEntry("a.npy", text, deflate: true), ZipTestEntry("b.npy", Array(text[0..<40])),
    ])
    var rng = SplitMix64(seed: 7)
    for _ in 0..<3000 {
      var broken = bytes
      for _ in 0..<1 + Int(rng.next() % 4) {
        broken[Int(rng.next() % UInt64(broken.count))] = UInt8(truncatingIfNeeded: rng.next())
      }
      guard let archive = try? ZipArchive(bytes: broken, file: "w.npz") else { continue }
      for entry in archive.entries { _ = try? archive.data(of: entry) }
    }
  }

  func testCorruptDeflateData() {
    var bytes = ZipTestWriter.archive([ZipTestEntry("a.npy", text, deflate: true)])
    bytes[30 + 5] = 0xFF
    bytes[30 + 6] = 0xFF
    assertError(bytes, place: "a.npy", "deflate data: malformed: corrupt compressed data")
  }

  func testBombsAreRefused() {
    let zeros = [UInt8](repeating: 0, count: 4_000_000)
    let bomb = ZipTestWriter.archive([ZipTestEntry("z.npy", zeros, deflate: true)])
    let compressed =
      (try? ZipArchive(bytes: bomb, file: "w.npz"))?.entries.first?.compressedSize ?? 0
    assertError(
      bomb, limits: ZipLimits(maxRatio: 100), place: "z.npy",
      "declared size 4000000 is more than 100 times the compressed \(compressed) bytes (a zip bomb?)"
    )
    assertError(
      bomb, limits: ZipLimits(maxTotalBytes: 1_000_000), place: "z.npy",
      "archive entries add up to more than the limit of 1000000 bytes")
    // A header that understates the size: inflating stops at the declared size.
    var liar = ZipTestEntry("z.npy", zeros, deflate: true)
    liar.declaredSize = 1000
    assertError(
      ZipTestWriter.archive([liar]), place: "z.npy",
      "deflate data: limit exceeded: decompressed data exceeds its cap or declared size")
  }

  func testTooManyEntries() {
    let entries = (0..<5).map { ZipTestEntry("e\($0)", [1]) }
    assertError(
      ZipTestWriter.archive(entries), limits: ZipLimits(maxEntries: 4),
      "archive has 5 entries, above the limit of 4")
  }

  func testZip64IsRefused() {
    assertError(
      ZipTestWriter.archive([ZipTestEntry("a", [1])], zip64End: true),
      "zip64 archives are not supported")
    var big = ZipTestEntry("a", [1])
    big.declaredSize = 0xFFFF_FFFF
    assertError(ZipTestWriter.archive([big]), place: "a", "zip64 entries are not supported")
  }

  func testEncryptionAndOtherMethodsAreRefused() {
    var encrypted = ZipTestEntry("a", [1])
    encrypted.flags = 1
    assertError(
      ZipTestWriter.archive([encrypted]), place: "a", "encrypted zip entries are not supported")
    var bzip2 = ZipTestEntry("a", [1])
    bzip2.method = 12
    assertError(
      ZipTestWriter.archive([bzip2]), place: "a",
      "compression method 12 is not supported; expected stored (0) or deflate (8)")
  }

  func testUnsafeAndDuplicateNamesAreRefused() {
    for name in ["../x.npy", "/etc/x.npy", "a/../../x", "a\\b.npy"] {
      assertError(
        ZipTestWriter.archive([ZipTestEntry(name, [1])]), place: name,
        "unsafe entry name: expected a relative path without '..', '\\' or NUL")
    }
    assertError(
      ZipTestWriter.archive([ZipTestEntry("a", [1]), ZipTestEntry("a", [2])]), place: "a",
      "entry name appears twice in the archive")
    assertError(
      ZipTestWriter.archive([ZipTestEntry("", [1])]), "entry 0 has an empty or non-UTF-8 name")
  }
}
