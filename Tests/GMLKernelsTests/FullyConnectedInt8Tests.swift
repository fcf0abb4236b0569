// GMLKernelsTests/FullyConnectedInt8Tests.swift — int8 FullyConnected: per-tensor and per-channel weights, double-rounding ties, keep_num_dims.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

final class FullyConnectedInt8Tests: XCTestCase {
  func testPerTensorWeightsHonourTheirZeroPoint() throws {
    // Input scale 0.5, zp -1, q = [1, 3] (x + 1 = [2, 4]); weights
    // [[2, 0], [1, -1]] at 0.25 with zp 1 (w - 1 = [[1, -1], [0, -2]]);
    // output scale 0.125, zp 4: multiplier 1.
    // acc0 = 2 - 4 = -2; acc1 = -8; + bias [7, 0] → [5, -8] → [9, -4].
    let g = try FullyConnected(input: Shape([1, 2]), weights: Shape([2, 2]), bias: Shape([2]))
    let p = try FullyConnectedInt8(
      g, inputScale: 0.5, inputZeroPoint: -1, weightScales: [0.25], weightZeroPoint: 1,
      outputScale: 0.125, outputZeroPoint: 4)
    XCTAssertEqual(p.weightsOffset, -1)
    XCTAssertEqual(p.outputScales, [1, 1])
    let out = runInt8Layer([1, 3], [2, 0, 1, -1], [7, 0], count: 2) {
      p.reference(input: $0, weights: $1, bias: $2, output: $3)
    }
    XCTAssertEqual(out, [9, -4])
  }

  func testPerChannelRoundsTiesAwayFromZeroInDouble() throws {
    // Scales 0.5·[0.25, 0.5]/0.25 = [0.5, 1]; one input value 1 (zp 0),
    // weights [-11, 3]: acc = [-11, 3] → [-5.5, 3] → [-6, 3]. LiteRT's
    // reference FullyConnected rounds -5.5 to -6; the convolutions'
    // fixed-point multiplier gives -5.
    let g = try FullyConnected(input: Shape([1, 1]), weights: Shape([2, 1]), bias: nil)
    let p = try FullyConnectedInt8(
      g, inputScale: 0.5, inputZeroPoint: 0, weightScales: [0.25, 0.5], weightZeroPoint: 9,
      outputScale: 0.25, outputZeroPoint: 0)
    XCTAssertEqual(p.weightsOffset, 0, "per-channel weights ignore the zero point, as TFLite")
    let out = runInt8Layer([1], [-11, 3], [], count: 2) {
      p.reference(input: $0, weights: $1, bias: $2, output: $3)
    }
    XCTAssertEqual(out, [-6, 3])
    XCTAssertEqual(QuantizedMultiplier(0.5).apply(-11), -5)
  }

  func testKeepNumDimsRowsAndReluN1To1() throws {
    // Input [2, 1, 2] as two rows; identity weights at 1/8, output scale
    // 1/8, so out = q; ReluN1To1 clamps to [-8, 8] around zp 0.
    let g = try FullyConnected(
      input: Shape([2, 1, 2]), weights: Shape([2, 2]), bias: nil, keepNumDims: true,
      activation: .reluN1To1)
    XCTAssertEqual(g.outputShape, Shape([2, 1, 2]))
    let p = try FullyConnectedInt8(
      g, inputScale: 1, inputZeroPoint: 0, weightScales: [0.125], outputScale: 0.125,
      outputZeroPoint: 0)
    XCTAssertEqual(p.range, ActivationRangeInt8(min: -8, max: 8))
    let out = runInt8Layer([3, -20, 100, -1], [1, 0, 0, 1], [], count: 4) {
      p.reference(input: $0, weights: $1, bias: $2, output: $3)
    }
    XCTAssertEqual(out, [3, -8, 8, -1])
  }

  func testRejectsAScaleCountThatFitsNeither() throws {
    let g = try FullyConnected(input: Shape([1, 2]), weights: Shape([3, 2]), bias: nil)
    assertThrowsKind(.invalidQuantization) {
      _ = try FullyConnectedInt8(
        g, inputScale: 1, inputZeroPoint: 0, weightScales: [1, 1], outputScale: 1,
        outputZeroPoint: 0)
    }
  }

  func testMatchesFloatDenseLayerWithinOneLSB() throws {
    var rng = SplitMix64(seed: 23)
    for perChannel in [false, true] {
      let (rows, depth, units) = (5, 37, 6)
      let g = try FullyConnected(
        input: Shape([rows, depth]), weights: Shape([units, depth]), bias: Shape([units]),
        activation: .relu)
      let scales: [Float] = perChannel ? (0..<units).map { Float($0 + 2) * 0.002 } : [0.006]
      let x = randomInt8(rows * depth, &rng)
      let w = randomInt8(units * depth, &rng).map { max($0, -127) }
      let bias: [Int32] = (0..<units).map { _ in Int32(truncatingIfNeeded: rng.next() % 4001) - 2000
      }
      let p = try FullyConnectedInt8(
        g, inputScale: 0.03, inputZeroPoint: 17, weightScales: scales, outputScale: 0.2,
        outputZeroPoint: -20)
      let out = runInt8Layer(x, w, bias, count: rows * units) {
        p.reference(input: $0, weights: $1, bias: $2, output: $3)
      }
      let fw = dequantized(w, scales: scales, innerStride: depth)
      let fb = bias.indices.map { Float(bias[$0]) * 0.03 * scales[scales.count == 1 ? 0 : $0] }
      let real = ternary(dequantized(x, scales: [0.03], zeroPoint: 17), fw, fb, count: out.count) {
        g.reference(input: $0, weights: $1, bias: $2, output: $3)
      }
      let expected = real.map { p.range.clamp(QuantizationInt8.roundToInt32($0 / 0.2) - 20) }
      assertWithinLSB(out, expected, perChannel ? "per-channel" : "per-tensor")
    }
  }
}
