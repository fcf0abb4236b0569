// GMLKernelsTests/GRUTests.swift — GRU: float against Keras' formula in Double, int8 (gml's integer GRU) within a few steps of it, bad parameters.
import GMLCore
import GMLTestSupport
import XCTest

@testable import GMLKernels

final class GRUTests: XCTestCase {
  let gru = ReferenceGRU(units: 5, features: 3, seed: 31)
  let (batch, steps) = (2, 9)

  var x: [Float] {
    var rng = SplitMix64(seed: 32)
    return (0..<(batch * steps * 3)).map { _ in Float.random(in: -2...2, using: &rng) }
  }

  /// The six weights (input, then recurrent, by gate) and six biases
  /// (input, then recurrent), in the kernels' order.
  var weights: [[Float]] {
    (0..<3).map { gru.gate($0, of: gru.inputWeights, width: 3) }
      + (0..<3).map { gru.gate($0, of: gru.recurrentWeights, width: 5) }
  }
  var biases: [[Float]] { (0..<6).map { gru.gate($0, of: gru.bias, width: 1) } }

  /// Runs a kernel with the gates built from `w` and `b`.
  func withGates<T, B, R>(
    _ w: [[T]], _ b: [[B]], _ body: ((GRUGate<T, B>, GRUGate<T, B>, GRUGate<T, B>)) -> R
  ) -> R {
    let flatW = w.flatMap { $0 }
    let flatB = b.flatMap { $0 }
    return flatW.withUnsafeBufferPointer { fw in
      flatB.withUnsafeBufferPointer { fb in
        var starts = [0]
        for part in w { starts.append(starts.last! + part.count) }
        let units = b[0].count
        func gate(_ g: Int) -> GRUGate<T, B> {
          GRUGate(
            inputWeights: UnsafeBufferPointer(rebasing: fw[starts[g]..<starts[g + 1]]),
            recurrentWeights: UnsafeBufferPointer(rebasing: fw[starts[3 + g]..<starts[4 + g]]),
            inputBias: UnsafeBufferPointer(rebasing: fb[(g * units)..<((g + 1) * units)]),
            recurrentBias: UnsafeBufferPointer(rebasing: fb[((3 + g) * units)..<((4 + g) * units)]))
        }
        return body((gate(0), gate(1), gate(2)))
      }
    }
  }

  func testFloatMatchesKerasFormula() throws {
    let x = self.x
    let cases: [(Activation, (Double) -> Double)] = [
      (.tanh, { Foundation.tanh($0) }), (.relu, { max($0, 0) }),
    ]
    for (activation, f) in cases {
      let p = try GRU(
        batch: batch, steps: steps, inputSize: 3, units: 5, timeMajor: false,
        activation: activation)
      var out = [Float](repeating: .nan, count: batch * steps * 5)
      withGates(weights, biases) { gates in
        x.withUnsafeBufferPointer { input in
          out.withUnsafeMutableBufferPointer { p.reference(input: input, gates: gates, output: $0) }
        }
      }
      let expected = gru.run(x, batch: batch, steps: steps, activation: f)
      for (a, e) in zip(out, expected) { XCTAssertEqual(Double(a), e, accuracy: 1e-5) }
    }
  }

  /// The integer GRU on int8 data stays within a few output steps of the
  /// formula on the same (dequantized) data, at every step: the int16
  /// state keeps the error from growing along the sequence.
  func testInt8FollowsTheFormula() throws {
    let inputScale: Float = 4.0 / 255
    let outputScale: Float = 2.0 / 255
    let xq = x.map { Int8(max(-128, min(127, ($0 / inputScale).rounded() - 1))) }
    let xd = xq.map { (Float($0) + 1) * inputScale }
    let weightScales = weights.map { $0.map(abs).max()! / 127 }
    let w = zip(weights, weightScales).map { values, s in values.map { Int8(($0 / s).rounded()) } }
    let b = biases.enumerated().map { g, values in
      values.map { Int32(($0 / ((g < 3 ? inputScale : outputScale) * weightScales[g])).rounded()) }
    }
    let p = try GRUInt8(
      batch: batch, steps: steps, inputSize: 3, units: 5, timeMajor: false,
      input: (inputScale, -1), output: (outputScale, 3),
      inputWeightScales: Array(weightScales[..<3]), recurrentWeightScales: Array(weightScales[3...])
    )
    var out = [Int8](repeating: 0, count: batch * steps * 5)
    var scratch = [Int16](repeating: 0x5555, count: 5)
    withGates(w, b) { gates in
      xq.withUnsafeBufferPointer { input in
        out.withUnsafeMutableBufferPointer { o in
          scratch.withUnsafeMutableBytes {
            p.reference(input: input, gates: gates, output: o, scratch: $0)
          }
        }
      }
    }
    let expected = gru.run(xd, batch: batch, steps: steps)
    var worst = 0.0
    for (q, e) in zip(out, expected) {
      worst = max(worst, abs(Double(Int32(q) - 3) * Double(outputScale) - e))
    }
    XCTAssertLessThan(worst, 3 * Double(outputScale), "worst error \(worst)")
  }

  func testRefusesBadParameters() {
    XCTAssertThrowsError(
      try GRU(batch: 1, steps: 1, inputSize: 0, units: 1, timeMajor: false, activation: .tanh))
    XCTAssertThrowsError(
      try GRUInt8(
        batch: 1, steps: 1, inputSize: 1, units: 1, timeMajor: false, input: (0, 0),
        output: (1, 0), inputWeightScales: [1, 1, 1], recurrentWeightScales: [1, 1, 1]))
    XCTAssertThrowsError(
      try GRUInt8(
        batch: 1, steps: 1, inputSize: 1, units: 1, timeMajor: false, input: (1, 0),
        output: (1, 0), inputWeightScales: [1, 1], recurrentWeightScales: [1, 1, 1]))
  }
}
