// GMLConverterTests/TFLiteReaderRobustnessTests.swift — hostile .tflite bytes: every bit flipped, every truncation; decoding never crashes.
import GMLConverter
import XCTest

final class TFLiteReaderRobustnessTests: XCTestCase {
  /// Decodes `bytes`: a model or a `ConversionError`, nothing else.
  private func outcome(_ bytes: [UInt8]) -> Result<TFLiteModel, ConversionError> {
    do throws(ConversionError) {
      return .success(try TFLiteModel(decoding: bytes, file: "m.tflite"))
    } catch {
      return .failure(error)
    }
  }

  /// Bit flips in every byte: every bit of the small model, two bits per
  /// byte (rotating) of the one with every options case. The reader
  /// either decodes (a flipped value may still be valid) or throws with
  /// the file named; it must never trap or read outside the buffer.
  func testBitFlipsInEveryByte() {
    let cases: [(String, TFLiteModel, [Int])] = [
      ("dense", TFLiteTestModels.dense, Array(0..<8)),
      ("everyOption", TFLiteTestModels.everyOption, [0, 4]),
    ]
    for (name, model, bits) in cases {
      let bytes = TFLiteTestWriter.write(model)
      var decoded = 0
      var refused = 0
      for index in bytes.indices {
        for bit in bits {
          var flipped = bytes
          flipped[index] ^= UInt8(1) << ((bit + index) % 8)
          switch outcome(flipped) {
          case .success: decoded += 1
          case .failure(let error):
            refused += 1
            XCTAssertEqual(error.file, "m.tflite")
            XCTAssertFalse(error.message.isEmpty)
          }
        }
      }
      XCTAssertEqual(decoded + refused, bytes.count * bits.count, name)
      XCTAssertGreaterThan(refused, 0, name)
      XCTAssertGreaterThan(decoded, 0, name)
    }
  }

  /// Every byte replaced by 0x00 and by 0xFF.
  func testEveryByteCleared() {
    let bytes = TFLiteTestWriter.write(TFLiteTestModels.everyOption)
    for index in bytes.indices {
      for value: UInt8 in [0x00, 0xFF] {
        var changed = bytes
        changed[index] = value
        _ = outcome(changed)
      }
    }
  }

  /// Every prefix of a file is refused (its FlatBuffer starts with the
  /// root offset and ends with the first objects written).
  func testEveryTruncation() {
    let bytes = TFLiteTestWriter.write(TFLiteTestModels.everyOption)
    for count in 0..<bytes.count {
      if case .success = outcome(Array(bytes.prefix(count))) {
        XCTFail("a prefix of \(count) of \(bytes.count) bytes decoded")
      }
    }
  }
}
