// GMLKernelsTests/HybridFloat16ConversionTests.swift — half ↔ float bit conversion, exhaustive against Swift's Float16.
import GMLCore
import XCTest

final class HybridFloat16ConversionTests: XCTestCase {
  /// Every one of the 65536 halves converts exactly as `Float(Float16)`.
  func testHalfToFloatExhaustive() {
    for bits in 0...UInt16.max {
      let ours = Float16Conversion.float(fromHalf: bits)
      let swift = Float(Float16(bitPattern: bits))
      if swift.isNaN {
        XCTAssertTrue(ours.isNaN, "half \(bits)")
      } else if ours.bitPattern != swift.bitPattern {
        XCTFail("half \(bits): \(ours) != \(swift)")
        return
      }
    }
  }

  /// Every half round-trips, and floats between halves round to nearest
  /// even as `Float16(Float)` does.
  func testFloatToHalfRoundsToNearestEven() {
    for bits in 0...UInt16.max {
      let f = Float(Float16(bitPattern: bits))
      if f.isNaN {
        XCTAssertTrue(Float(Float16(bitPattern: Float16Conversion.half(from: f))).isNaN)
        continue
      }
      XCTAssertEqual(Float16Conversion.half(from: f), bits, "half \(bits)")
      // Midpoints and near-midpoints toward the next half up.
      let next = Float(Float16(bitPattern: bits &+ 1))
      guard next.isFinite, f.isFinite, bits & 0x7FFF != 0x7BFF, bits != 0x7FFF else { continue }
      for probe in [(f + next) / 2, f.nextUp, ((f + next) / 2).nextUp, ((f + next) / 2).nextDown]
      where probe.isFinite {
        let expected = Float16(probe).bitPattern
        if Float16Conversion.half(from: probe) != expected {
          XCTFail(
            "float \(probe) (\(probe.bitPattern)): got \(Float16Conversion.half(from: probe))")
          return
        }
      }
    }
  }

  func testSpecialValues() {
    XCTAssertEqual(Float16Conversion.half(from: 65520), 0x7C00, "overflow to inf")
    XCTAssertEqual(Float16Conversion.half(from: 65519), 0x7BFF)
    XCTAssertEqual(Float16Conversion.half(from: -.infinity), 0xFC00)
    XCTAssertEqual(Float16Conversion.half(from: 1e-10), 0)
    XCTAssertEqual(Float16Conversion.half(from: -0.0), 0x8000)
    XCTAssertEqual(Float16Conversion.half(from: 0x1p-25), 0, "tie to even at the bottom")
    XCTAssertEqual(Float16Conversion.half(from: 0x1.8p-25), 1)
    XCTAssertEqual(Float16Conversion.float(fromHalf: 0x0001), 0x1p-24)
    XCTAssertTrue(Float16Conversion.float(fromHalf: 0x7E00).isNaN)
  }
}
