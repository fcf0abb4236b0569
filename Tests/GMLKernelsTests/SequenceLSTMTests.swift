// GMLKernelsTests/SequenceLSTMTests.swift — float UNIDIRECTIONAL_SEQUENCE_LSTM against Keras' formula in Double: layouts, clip, activation, the cell's extent.
import GMLCore
import GMLTestSupport
import XCTest

@testable import GMLKernels

final class SequenceLSTMTests: XCTestCase {
  /// Runs `p` on `x` with `lstm`'s constants split by gate.
  func run(_ p: SequenceLSTM, _ lstm: ReferenceLSTM, _ x: [Float]) -> (
    output: [Float], extent: Float
  ) {
    let w = (0..<4).map { lstm.gate($0, of: lstm.inputWeights, width: lstm.features) }
    let r = (0..<4).map { lstm.gate($0, of: lstm.recurrentWeights, width: lstm.units) }
    let b = (0..<4).map { lstm.gate($0, of: lstm.bias, width: 1) }
    let constants = w + r + b
    var output = [Float](repeating: .nan, count: p.batch * p.steps * p.units)
    var scratch = [Float](repeating: .nan, count: p.scratchByteCount / 4)
    var extent: Float = 0
    let all = constants.flatMap { $0 }
    all.withUnsafeBufferPointer { c in
      var start = 0
      var slices: [UnsafeBufferPointer<Float>] = []
      for part in constants {
        slices.append(UnsafeBufferPointer(rebasing: c[start..<(start + part.count)]))
        start += part.count
      }
      func gate(_ g: Int) -> SequenceLSTM.Gate {
        SequenceLSTM.Gate(
          inputWeights: slices[g], recurrentWeights: slices[4 + g], bias: slices[8 + g])
      }
      x.withUnsafeBufferPointer { input in
        output.withUnsafeMutableBufferPointer { out in
          scratch.withUnsafeMutableBytes { s in
            p.reference(
              input: input, gates: (gate(0), gate(1), gate(2), gate(3)), output: out, scratch: s,
              cellExtent: &extent)
          }
        }
      }
    }
    return (output, extent)
  }

  func testMatchesKerasFormula() throws {
    let lstm = ReferenceLSTM(units: 5, features: 3, seed: 3)
    var rng = SplitMix64(seed: 4)
    let x = (0..<(2 * 7 * 3)).map { _ in Float.random(in: -2...2, using: &rng) }
    let cases: [(Float, Activation, (Double) -> Double)] = [
      (0, .tanh, { Foundation.tanh($0) }), (0.3, .tanh, { Foundation.tanh($0) }),
      (0, .relu, { max($0, 0) }),
    ]
    for (clip, activation, f) in cases {
      let p = try SequenceLSTM(
        batch: 2, steps: 7, inputSize: 3, units: 5, timeMajor: false, cellClip: clip,
        activation: activation)
      let (output, extent) = run(p, lstm, x)
      let expected = lstm.run(x, batch: 2, steps: 7, clip: Double(clip), activation: f)
      for (a, e) in zip(output, expected.output) {
        XCTAssertEqual(Double(a), e, accuracy: 1e-5, "clip \(clip), \(activation)")
      }
      XCTAssertEqual(Double(extent), expected.cellExtent, accuracy: 1e-5)
      if clip > 0 { XCTAssertLessThanOrEqual(extent, clip) }
    }
  }

  /// Time-major input gives the batch-major output transposed.
  func testTimeMajorIsTheTransposedLayout() throws {
    let lstm = ReferenceLSTM(units: 4, features: 2, seed: 5)
    var rng = SplitMix64(seed: 6)
    let (batch, steps) = (3, 4)
    let x = (0..<(batch * steps * 2)).map { _ in Float.random(in: -1...1, using: &rng) }
    var transposed = x
    for b in 0..<batch {
      for t in 0..<steps {
        for k in 0..<2 { transposed[(t * batch + b) * 2 + k] = x[(b * steps + t) * 2 + k] }
      }
    }
    let batchMajor = try SequenceLSTM(
      batch: batch, steps: steps, inputSize: 2, units: 4, timeMajor: false, cellClip: 0,
      activation: .tanh)
    let timeMajor = try SequenceLSTM(
      batch: batch, steps: steps, inputSize: 2, units: 4, timeMajor: true, cellClip: 0,
      activation: .tanh)
    let a = run(batchMajor, lstm, x).output
    let b = run(timeMajor, lstm, transposed).output
    for bb in 0..<batch {
      for t in 0..<steps {
        for u in 0..<4 {
          XCTAssertEqual(a[(bb * steps + t) * 4 + u], b[(t * batch + bb) * 4 + u])
        }
      }
    }
  }

  func testRefusesBadParameters() {
    XCTAssertThrowsError(
      try SequenceLSTM(
        batch: 1, steps: 0, inputSize: 1, units: 1, timeMajor: false, cellClip: 0,
        activation: .tanh))
    XCTAssertThrowsError(
      try SequenceLSTM(
        batch: 1, steps: 1, inputSize: 1, units: 1, timeMajor: false, cellClip: -1,
        activation: .tanh))
    XCTAssertThrowsError(
      try SequenceLSTM(
        batch: 1, steps: 1, inputSize: 1, units: 1, timeMajor: false, cellClip: .infinity,
        activation: .tanh))
  }
}
