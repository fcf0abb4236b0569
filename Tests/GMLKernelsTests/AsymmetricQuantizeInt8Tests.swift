// GMLKernelsTests/AsymmetricQuantizeInt8Tests.swift — the hybrid kernels' input quantizer on NaN and infinite activations (found by tools/fuzz.sh), and its fast form against it.
import GMLKernels
import GMLTestSupport
import XCTest

final class AsymmetricQuantizeInt8Tests: XCTestCase {
  private func quantize(
    _ values: [Float], fast: HybridGEMM.Microkernel? = nil
  ) -> ([Int8], Float, Int32) {
    var q = [Int8](repeating: 1, count: values.count)
    let (scale, zero) = values.withUnsafeBufferPointer { v in
      q.withUnsafeMutableBufferPointer {
        if let fast {
          return AsymmetricQuantizeInt8.quantizeFast(v, into: $0, microkernel: fast)
        }
        return AsymmetricQuantizeInt8.quantize(v, into: $0)
      }
    }
    return (q, scale, zero)
  }

  /// `quantizeFast` (the C loops) gives `quantize`'s bytes, scale and zero
  /// point: random rows of every length around the 16-lane blocks, values
  /// landing exactly on halves, signed zeros, NaN, infinities and the
  /// largest floats.
  func testFastIsTheReferenceBitForBit() {
    var rng = SplitMix64(seed: 111)
    var rows: [[Float]] = [
      [.nan, 1, .infinity, -2], [0, .nan, 2],
      [.greatestFiniteMagnitude, -.greatestFiniteMagnitude],
      [], [0, -0.0], [-0.0, -0.0, 0], [1e30, -1], [-3, 0.5, 2.5, -2.5, 127.5],
    ]
    for n in [1, 7, 15, 16, 17, 31, 33, 64, 100] {
      rows.append((0..<n).map { _ in Float(Int(rng.next() % 2001) - 1000) / 8 })
      rows.append((0..<n).map { _ in Float(bitPattern: UInt32(truncatingIfNeeded: rng.next())) })
    }
    // Whole 32-value steps with a NaN inside, and values 255 levels apart
    // from -1 to 1 so that the scaled values fall on and near halves.
    var withNaN = (0..<96).map { Float($0 - 48) / 4 }
    withNaN[40] = .nan
    rows.append(withNaN)
    rows.append((0..<128).map { Float($0 % 64) / 63.75 - Float($0 / 64) })
    // A range of denormals: the scale underflows, the inverse is infinite
    // and zero times it NaN.
    rows.append((0..<40).map { $0 % 3 == 0 ? Float.leastNonzeroMagnitude * Float($0 % 5) : 0 })
    let kernels = ISATier.allCases.flatMap { FastKernelSet.of($0).hybridGEMM }
      .filter(\.isSupported)
    for k in kernels {
      for row in rows {
        let (q0, s0, z0) = quantize(row)
        let (q1, s1, z1) = quantize(row, fast: k)
        XCTAssertEqual(q1, q0, "\(k.name) \(row)")
        XCTAssertEqual(s1.bitPattern, s0.bitPattern, "\(k.name) \(row)")
        XCTAssertEqual(z1, z0, "\(k.name) \(row)")
      }
    }
  }

  /// The `model` fuzz target's first crash: a dynamic-range model invoked on
  /// an input holding NaN and infinities trapped converting them to Int32.
  /// Now each takes x86-64 LiteRT's `static_cast` result: NaN becomes
  /// `Int32.min` (clamped to -128) and a NaN zero point becomes 0.
  func testNaNAndInfinityGiveLiteRTsX86Result() {
    let (q, scale, zero) = quantize([.nan, 1, .infinity, -2])
    XCTAssertEqual(scale, .infinity)
    XCTAssertEqual(zero, 0)
    XCTAssertEqual(q, [-128, 0, -128, 0])
  }

  func testNaNAmongFiniteValuesIsTheLowestLevel() {
    let (q, scale, zero) = quantize([0, .nan, 2])
    XCTAssertEqual(scale, 2 / 255, accuracy: 1e-9)
    XCTAssertEqual(zero, -128)
    XCTAssertEqual(q, [-128, -128, 127])
  }

  func testRangeOverflowingFloatStaysInRange() {
    let (q, scale, zero) = quantize([.greatestFiniteMagnitude, -.greatestFiniteMagnitude])
    XCTAssertEqual(scale, .infinity)
    XCTAssertEqual(zero, 127)
    XCTAssertEqual(q, [127, 127])
  }
}
