// GMLKernelsTests/GemmlowpFixedPoint16Tests.swift — gemmlowp's int16 logistic and tanh: every input against gemmlowp's own outputs, and against Double.
import Foundation
import GMLKernels
import GMLTestSupport
import XCTest

final class GemmlowpFixedPoint16Tests: XCTestCase {
  typealias G = GemmlowpFixedPoint16

  /// `Fixtures/gemmlowp16.json` (tools/make_gemmlowp16_fixture.py): per
  /// integer-bit count, the hash of gemmlowp's outputs on all 65,536 inputs
  /// and sampled pairs.
  struct Fixture: Decodable {
    struct Format: Decodable {
      var integerBits: Int
      var logisticHash: String
      var tanhHash: String
      var samples: [[Int]]
      enum CodingKeys: String, CodingKey {
        case integerBits = "integer_bits"
        case logisticHash = "logistic_hash"
        case tanhHash = "tanh_hash"
        case samples
      }
    }
    var integerBits: [Format]
    enum CodingKeys: String, CodingKey { case integerBits = "integer_bits" }
  }

  func fixture() throws -> Fixture {
    let url = RepositoryPaths.root().appendingPathComponent(
      "Tests/GMLKernelsTests/Fixtures/gemmlowp16.json")
    return try JSONDecoder().decode(Fixture.self, from: try Data(contentsOf: url))
  }

  /// FNV-1a 64 of `f` on every raw input, the outputs as little-endian int16.
  func hash(_ f: (Int16) -> Int16) -> String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for raw in Int16.min...Int16.max {
      let v = UInt16(bitPattern: f(raw))
      for byte in [UInt8(v & 0xff), UInt8(v >> 8)] {
        h = (h ^ UInt64(byte)) &* 0x100_0000_01b3
      }
    }
    let digits = String(h, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }

  /// Every input of every format TFLite's LSTM can use (0 to 6 integer
  /// bits) gives gemmlowp's output.
  func testEveryInputMatchesGemmlowp() throws {
    let fixture = try fixture()
    XCTAssertEqual(fixture.integerBits.map(\.integerBits), Array(0...6))
    for format in fixture.integerBits {
      let k = format.integerBits
      for sample in format.samples {
        let x = Int16(sample[0])
        XCTAssertEqual(Int(G.logistic(x, integerBits: k)), sample[1], "logistic \(x), Q\(k)")
        XCTAssertEqual(Int(G.tanh(x, integerBits: k)), sample[2], "tanh \(x), Q\(k)")
      }
      XCTAssertEqual(hash { G.logistic($0, integerBits: k) }, format.logisticHash, "Q\(k)")
      XCTAssertEqual(hash { G.tanh($0, integerBits: k) }, format.tanhHash, "Q\(k)")
    }
  }

  /// Within a few Q0.15 steps of the true functions (logistic within 8,
  /// tanh within 16: measured up to 12, the int16 Newton division's
  /// error doubled); 0 maps exactly to 1/2 and 0.
  func testCloseToTheRealFunctions() {
    for k in 0...6 {
      var worstLogistic = 0.0
      var worstTanh = 0.0
      for raw in stride(from: Int(Int16.min), through: Int(Int16.max), by: 7) {
        let x = Double(raw) / Double(1 << (15 - k))
        let logistic = Double(G.logistic(Int16(raw), integerBits: k)) / 32768
        let tanh = Double(G.tanh(Int16(raw), integerBits: k)) / 32768
        worstLogistic = max(worstLogistic, abs(logistic - 1 / (1 + Foundation.exp(-x))))
        worstTanh = max(worstTanh, abs(tanh - Foundation.tanh(x)))
      }
      XCTAssertLessThan(worstLogistic, 8.0 / 32768, "Q\(k)")
      XCTAssertLessThan(worstTanh, 16.0 / 32768, "Q\(k)")
    }
    XCTAssertEqual(G.logistic(0, integerBits: 3), 16384)
    XCTAssertEqual(G.tanh(0, integerBits: 3), 0)
  }
}
