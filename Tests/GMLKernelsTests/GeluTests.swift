// GMLKernelsTests/GeluTests.swift — GELU: erfc against the host libm, both forms against Double, the int8 table against the host's LUTPopulate.
import Foundation
import GMLCore
import GMLTestSupport
import XCTest

@testable import GMLKernels

final class GeluTests: XCTestCase {
  /// `LibmFloat.erfc` is within one ulp of the correctly rounded erfc
  /// (glibc's `erfc` in `Double`, rounded) from −6 to 12, where values stay
  /// normal, and both ends saturate. (glibc's `erfcf` itself is off by up
  /// to 2 ulp on about 0.5 % of these arguments; `testTablesMatchHostLUTPopulate`
  /// shows no table entry moves.)
  func testErfcIsCorrectlyRounded() {
    var x: Float = -6
    var worst: Float = 0
    while x < 12 {
      let truth = Float(Foundation.erfc(Double(x)))
      if truth > 1e-37 {
        worst = max(worst, (LibmFloat.erfc(x) - truth).magnitude / truth.ulp)
      }
      x += 0.0009765625
    }
    XCTAssertLessThanOrEqual(worst, 1, "largest difference in ulps")
    XCTAssertEqual(LibmFloat.erfc(Float(-30)), 2)
    XCTAssertEqual(LibmFloat.erfc(Float(30)), 0)
    XCTAssertTrue(LibmFloat.erfc(Float.nan).isNaN)
  }

  /// Both forms against the formulas in `Double`.
  func testBothForms() {
    let exact = Gelu(approximate: false)
    let approximate = Gelu(approximate: true)
    for i in -400...400 {
      let x = Double(i) / 40
      let e = 0.5 * x * Foundation.erfc(-x / 2.0.squareRoot())
      let a =
        0.5 * x * (1 + Foundation.tanh((2 / Double.pi).squareRoot() * (x + 0.044715 * x * x * x)))
      XCTAssertEqual(Double(exact.apply(Float(x))), e, accuracy: 1e-6 * max(1, abs(e)), "x \(x)")
      XCTAssertEqual(
        Double(approximate.apply(Float(x))), a, accuracy: 1e-6 * max(1, abs(a)), "x \(x)")
    }
  }

  /// The int8 tables equal `LUTPopulate` run with the host's `erfcf` and
  /// `tanhf`, over a spread of scales and zero points.
  func testTablesMatchHostLUTPopulate() throws {
    var rng = SplitMix64(seed: 17)
    for _ in 0..<200 {
      let (s, z) = (
        Float.random(in: 0.005...0.1, using: &rng), Int32.random(in: -128...127, using: &rng)
      )
      let (t, w) = (
        Float.random(in: 0.005...0.1, using: &rng), Int32.random(in: -128...127, using: &rng)
      )
      for approximate in [false, true] {
        let table = try LookupTableInt8(
          Gelu(approximate: approximate), inputScale: s, inputZeroPoint: z, outputScale: t,
          outputZeroPoint: w)
        let k = Float(0.797_884_560_802_865_355_9)
        var host = [Int8](repeating: 0, count: 256)
        for q in Int32(-128)...127 {
          let x = s * Float(q - z)
          let y =
            approximate
            ? 0.5 * x * (1 + Foundation.tanhf(k * (x + 0.044715 * x * x * x)))
            : 0.5 * x * Foundation.erfcf(x * Float(-0.707_106_781_186_547_524_4))
          let v = min(max(Int32((y * (1 / t)).rounded() + Float(w)), -128), 127)
          host[Int(UInt8(bitPattern: Int8(q)))] = Int8(v)
        }
        XCTAssertEqual(
          table.table, host, "scale \(s), \(z) → \(t), \(w), approximate \(approximate)")
      }
    }
  }
}
