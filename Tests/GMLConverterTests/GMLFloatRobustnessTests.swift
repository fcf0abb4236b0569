// GMLConverterTests/GMLFloatRobustnessTests.swift — corrupted and truncated models fail with a ConversionError, never a crash.
import GMLConverter
import GMLTestSupport
import XCTest

final class GMLFloatRobustnessTests: XCTestCase {
  private var folder: ModelFolder!

  override func setUpWithError() throws { folder = try ModelFolder() }
  override func tearDown() { folder.remove() }

  /// Loads `bytes` as `name`; any failure must be a ConversionError naming the file.
  private func loadOrFail(_ name: String, _ bytes: [UInt8]) throws {
    let path = try folder.write(name, bytes)
    do {
      _ = try GMLFloatLoader.load(path: path)
    } catch {
      XCTAssertTrue(error.file.hasPrefix(path), "\(error)")
      XCTAssertFalse(error.message.isEmpty)
    }
  }

  func testEveryTruncationOfADocument() throws {
    let doc = Array(tinyInlineDocument().utf8)
    for cut in stride(from: 0, to: doc.count, by: 7) {
      try loadOrFail("m.json", Array(doc[0..<cut]))
    }
  }

  func testRandomByteChanges() throws {
    let doc = Array(tinyInlineDocument().utf8)
    var rng = SplitMix64(seed: 42)
    let alphabet = Array("{}[]\",:-0123456789.eE \\u\n".utf8) + [0x00, 0xC3, 0xFF]
    for _ in 0..<400 {
      var broken = doc
      for _ in 0..<1 + Int(rng.next() % 3) {
        let i = Int(rng.next() % UInt64(broken.count))
        broken[i] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
      }
      try loadOrFail("m.json", broken)
    }
  }

  func testCorruptSingleArchives() throws {
    let json = Array(tinyDocument(tensors: ["\"w\": {\"shape\": [2], \"array\": \"w\"}"]).utf8)
    let npy = npyFile(descr: "<f4", shape: [2], payload: float32Bytes([1, 2]))
    let archive = ZipTestWriter.archive([
      ZipTestEntry("model.json", json, deflate: true), ZipTestEntry("w.npy", npy, deflate: true),
    ])
    var rng = SplitMix64(seed: 3)
    for _ in 0..<300 {
      var broken = archive
      let i = Int(rng.next() % UInt64(broken.count))
      broken[i] = UInt8(truncatingIfNeeded: rng.next())
      try loadOrFail("m.gmz", broken)
    }
    for cut in stride(from: 0, to: archive.count, by: 11) {
      try loadOrFail("m.npz", Array(archive[0..<cut]))
    }
  }
}
