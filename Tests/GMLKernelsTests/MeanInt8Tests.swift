// GMLKernelsTests/MeanInt8Tests.swift — int8 Mean: the folded multiplier, rounding, rescaling, axes and keep_dims.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

final class MeanInt8Tests: XCTestCase {
  func testFoldsTheCountIntoTheMultiplier() throws {
    // Equal scales: 1.0 = 2^30 · 2^(1 - 31). Four values: k = 2, so the
    // multiplier stays 2^30 and the shift drops to -1 (× 0.25).
    let p = try MeanInt8(
      input: Shape([1, 2, 2, 1]), axes: [1, 2], keepDims: true, inputScale: 0.1,
      inputZeroPoint: 5, outputScale: 0.1, outputZeroPoint: -3)
    XCTAssertEqual(p.multiplier, QuantizedMultiplier(multiplier: 1 << 30, shift: -1))
    XCTAssertEqual(p.geometry.outputShape, Shape([1, 1, 1, 1]))
    // [6, 7, 8, 9] - zp 5 = [1, 2, 3, 4]: 10 / 4 = 2.5 → 3, + zp → 0.
    XCTAssertEqual(
      runInt8Unary([6, 7, 8, 9], count: 1) { p.reference(input: $0, output: $1) }, [0])
    // [4, 3, 2, 1] - 5 = [-1, -2, -3, -4]: -2.5 → -3, + zp → -6.
    XCTAssertEqual(
      runInt8Unary([4, 3, 2, 1], count: 1) { p.reference(input: $0, output: $1) }, [-6])
    // Three values: k = 1; (2^30 << 1) / 3 = 715827882, shift 0.
    let three = try MeanInt8(
      input: Shape([3]), axes: [0], keepDims: false, inputScale: 1, inputZeroPoint: 0,
      outputScale: 1, outputZeroPoint: 0)
    XCTAssertEqual(three.multiplier, QuantizedMultiplier(multiplier: 715_827_882, shift: 0))
    XCTAssertEqual(three.geometry.outputShape, Shape([]))
  }

  func testRescalesAndSaturates() throws {
    // Input scale 0.5 → output scale 0.25 doubles: mean of [100, 120] = 110 → 220 → 127.
    let p = try MeanInt8(
      input: Shape([2, 2]), axes: [-1], keepDims: false, inputScale: 0.5, inputZeroPoint: 0,
      outputScale: 0.25, outputZeroPoint: 0)
    let out = runInt8Unary([100, 120, -3, -4], count: 2) { p.reference(input: $0, output: $1) }
    XCTAssertEqual(out, [127, -7])
  }

  func testOtherAxesMatchTheFloatMeanWithinOneLSB() throws {
    var rng = SplitMix64(seed: 25)
    for (axes, keep) in [
      ([1, 2], true), ([1, 2], false), ([0], false), ([3], true), ([0, 2], false),
      ([2, 1, 2], true),
    ] {
      let shape = Shape([2, 5, 7, 3])
      let p = try MeanInt8(
        input: shape, axes: axes, keepDims: keep, inputScale: 0.04, inputZeroPoint: 11,
        outputScale: 0.03, outputZeroPoint: -6)
      let x = randomInt8(2 * 5 * 7 * 3, &rng)
      let n = try p.geometry.outputShape.elementCount()
      let out = runInt8Unary(x, count: n) { p.reference(input: $0, output: $1) }
      let real = unary(dequantized(x, scales: [0.04], zeroPoint: 11), count: n) {
        p.geometry.reference(input: $0, output: $1)
      }
      let expected = real.map {
        Int8(clamping: QuantizationInt8.roundToInt32($0 / 0.03) - 6)
      }
      assertWithinLSB(out, expected, "axes \(axes) keep \(keep)")
    }
  }

  /// SUM onto the input's parameters adds the stored values in int8,
  /// wrapping (LiteRT's ReduceGeneric); REDUCE_MAX keeps the largest, and
  /// refuses other output parameters.
  func testSumWithTheInputsParametersWrapsAndMaxKeepsTheLargest() throws {
    let sum = try MeanInt8(
      input: Shape([2, 3]), axes: [1], keepDims: false, inputScale: 0.1, inputZeroPoint: 3,
      outputScale: 0.1, outputZeroPoint: 3, function: .sum)
    XCTAssertFalse(sum.requantizes)
    let values: [Int8] = [100, 50, -20, -128, -1, 5]
    XCTAssertEqual(
      runInt8Unary(values, count: 2) { sum.reference(input: $0, output: $1) }, [-126, -124])
    let max = try MeanInt8(
      input: Shape([2, 3]), axes: [1], keepDims: false, inputScale: 0.1, inputZeroPoint: 3,
      outputScale: 0.1, outputZeroPoint: 3, function: .max)
    XCTAssertEqual(
      runInt8Unary(values, count: 2) { max.reference(input: $0, output: $1) }, [100, 5])
    assertThrowsKind(.invalidQuantization) {
      _ = try MeanInt8(
        input: Shape([2, 3]), axes: [1], keepDims: false, inputScale: 0.1, inputZeroPoint: 3,
        outputScale: 0.2, outputZeroPoint: 3, function: .max)
    }
  }

  /// SUM onto other parameters: LiteRT's builtin float formula,
  /// round(Σq · s − z · s · n) + z', by hand.
  func testSumOntoOtherParametersByHand() throws {
    let p = try MeanInt8(
      input: Shape([1, 4]), axes: [1], keepDims: true, inputScale: 0.5, inputZeroPoint: 2,
      outputScale: 0.25, outputZeroPoint: -10, function: .sum)
    // Σq = 10; s = 2; 10 · 2 − 2 · 2 · 4 = 4; + (−10) = −6.
    XCTAssertEqual(
      runInt8Unary([1, 2, 3, 4], count: 1) { p.reference(input: $0, output: $1) }, [-6])
  }
}
