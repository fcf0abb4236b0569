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

  /// Random int8 operands for `p` (full-range weights, biases of a few
  /// units; case 2's large weights saturate its gates), in the kernels' order.
  func randomOperands(_ p: GRUInt8, seed: UInt64) -> (w: [[Int8]], b: [[Int32]], x: [Int8]) {
    var rng = SplitMix64(seed: seed)
    let w = (0..<6).map { g in
      (0..<(p.units * (g < 3 ? p.inputSize : p.units))).map { _ in
        Int8.random(in: -128...127, using: &rng)
      }
    }
    let b = (0..<6).map { _ in
      (0..<p.units).map { _ in Int32.random(in: -3000...3000, using: &rng) }
    }
    let x = (0..<(p.batch * p.steps * p.inputSize)).map { _ in
      Int8.random(in: -128...127, using: &rng)
    }
    return (w, b, x)
  }

  /// `p` on `o` by the reference, or by `fast` on `microkernel`.
  func run(
    _ p: GRUInt8, _ o: (w: [[Int8]], b: [[Int32]], x: [Int8]),
    microkernel: SequenceLSTMInt8.Microkernel? = nil
  ) -> [Int8] {
    var out = [Int8](repeating: 0x55, count: p.batch * p.steps * p.units)
    let bytes = microkernel.map { p.fastScratchByteCount($0) } ?? p.scratchByteCount
    var scratch = [Int32](repeating: 0x5555_5555, count: (bytes + 3) / 4)
    withGates(o.w, o.b) { gates in
      o.x.withUnsafeBufferPointer { x in
        out.withUnsafeMutableBufferPointer { y in
          scratch.withUnsafeMutableBytes { s in
            if let microkernel {
              p.fast(input: x, gates: gates, output: y, scratch: s, microkernel: microkernel)
            } else {
              p.reference(input: x, gates: gates, output: y, scratch: s)
            }
          }
        }
      }
    }
    return out
  }

  /// Every step microkernel this CPU runs (and the DSP one, emulated off a
  /// Cortex-M) gives the reference's bytes: input rows short (transposed)
  /// and long, time-major or not, zero points at both ends, multipliers
  /// that saturate the gates, no input features.
  func testMicrokernelsMatchTheReference() throws {
    let microkernels =
      FastKernelSet.every.map(\.sequenceLSTM).filter(\.isSupported)
      + [SequenceLSTMInt8.microkernelDSP]
    XCTAssertFalse(microkernels.isEmpty)
    let cases: [(Int, Bool, Int32, Float)] = [
      (3, false, -128, 0.02), (37, true, 127, 0.02), (13, false, 5, 0.5), (0, true, 0, 0.02),
    ]
    for (k, (inputSize, timeMajor, zeroPoint, weightScale)) in cases.enumerated() {
      let p = try GRUInt8(
        batch: 2, steps: 6, inputSize: inputSize, units: 19, timeMajor: timeMajor,
        input: (0.05, zeroPoint), output: (1.0 / 120, -zeroPoint / 2),
        inputWeightScales: [weightScale, 0.01, 0.03],
        recurrentWeightScales: [0.02, weightScale, 0.04])
      let o = randomOperands(p, seed: UInt64(50 + k))
      let expected = run(p, o)
      XCTAssertGreaterThan(Set(expected).count, 8, "case \(k) is not degenerate")
      for m in microkernels {
        XCTAssertEqual(run(p, o, microkernel: m), expected, "\(m.name), case \(k)")
      }
    }
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
