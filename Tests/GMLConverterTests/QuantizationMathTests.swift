// GMLConverterTests/QuantizationMathTests.swift — zero nudging, per-channel weights and bias against hand-computed values.
import XCTest

@testable import GMLConverter

final class QuantizationMathTests: XCTestCase {
  func testRangeContainingZero() {
    let q = ActivationQuantization(TensorRange(min: -1, max: 3))
    XCTAssertEqual(q.scale, 4 / 255)
    XCTAssertEqual(q.zeroPoint, -64)  // round(-128 + 63.75)
  }

  func testAllPositiveRangeIsNudgedToStartAtZero() {
    let q = ActivationQuantization(TensorRange(min: 2, max: 5.1))
    XCTAssertEqual(q.scale, 5.1 / 255)
    XCTAssertEqual(q.zeroPoint, -128)
    XCTAssertEqual(q.fakeQuantize(0), 0)
  }

  func testAllNegativeRangeIsNudgedToEndAtZero() {
    let q = ActivationQuantization(TensorRange(min: -2.55, max: -1))
    XCTAssertEqual(q.scale, 0.01, accuracy: 1e-9)
    XCTAssertEqual(q.zeroPoint, 127)
    XCTAssertEqual(q.fakeQuantize(0), 0)
  }

  func testDegenerateRangeIsTreatedAsZeroToOne() {
    let q = ActivationQuantization(TensorRange(min: 0, max: 0))
    XCTAssertEqual(q, ActivationQuantization(scale: 1 / 255, zeroPoint: -128))
  }

  func testPerChannelWeightsOnAxisZero() {
    // Two output channels of [2, 1, 1, 2]: max|w| 2.54 and 0.127.
    let (values, scales) = WeightQuantization.perChannel(
      [2.54, -1.27, 0.127, 0.0635], shape: [2, 1, 1, 2], axis: 0)
    XCTAssertEqual(scales[0], 0.02, accuracy: 1e-9)
    XCTAssertEqual(scales[1], 0.001, accuracy: 1e-9)
    XCTAssertEqual(values, [127, -64, 127, 64])  // -63.5 and 63.5 round away from zero
  }

  func testPerChannelWeightsOnAxisThreeAndZeroChannel() {
    // Depthwise [1, 2, 1, 2]: channel 0 = {1, -0.5}, channel 1 = {0, 0}.
    let (values, scales) = WeightQuantization.perChannel(
      [1, 0, -0.5, 0], shape: [1, 2, 1, 2], axis: 3)
    XCTAssertEqual(scales, [1 / 127, WeightQuantization.minimumScale])
    XCTAssertEqual(values, [127, 0, -64, 0])
  }

  func testBiasScaleIsInputTimesWeightScale() {
    let (values, scales) = WeightQuantization.bias(
      [0.5, -0.25, 1e9], inputScale: 0.5, weightScales: [0.01, 0.02, 0.001])
    XCTAssertEqual(scales, [0.005, 0.01, 0.0005])
    XCTAssertEqual(values[0], 100)
    XCTAssertEqual(values[1], -25)
    XCTAssertEqual(values[2], Int32.max)  // saturates
  }
}
