// GMLKernelsTests/SequenceLSTMInt8Tests.swift — the int8 LSTM kernel's parameters, layouts and cell update; LiteRT's bytes are checked on whole models (TFLiteFixtureTests).
import GMLCore
import GMLTestSupport
import XCTest

@testable import GMLKernels

final class SequenceLSTMInt8Tests: XCTestCase {
  func make(
    batch: Int = 1, steps: Int = 5, inputSize: Int = 4, units: Int = 6, timeMajor: Bool = false,
    cellScaleLog2: Int = -12, cellClip: Float = 0
  ) throws -> SequenceLSTMInt8 {
    try SequenceLSTMInt8(
      batch: batch, steps: steps, inputSize: inputSize, units: units, timeMajor: timeMajor,
      input: (0.05, 3), output: (1.0 / 128, -2), inputWeightScales: [0.02, 0.021, 0.019, 0.02],
      recurrentWeightScales: [0.011, 0.012, 0.013, 0.01], cellScaleLog2: cellScaleLog2,
      cellClip: cellClip)
  }

  func testRejectsBadParameters() {
    XCTAssertThrowsError(try make(cellScaleLog2: -8)) {
      XCTAssertEqual(($0 as? GMLError)?.kind, .invalidQuantization)
    }
    XCTAssertThrowsError(try make(cellScaleLog2: -16))
    XCTAssertThrowsError(try make(cellClip: -1)) {
      XCTAssertEqual(($0 as? GMLError)?.kind, .invalidArgument)
    }
    XCTAssertThrowsError(
      try SequenceLSTMInt8(
        batch: 1, steps: 1, inputSize: 1, units: 1, timeMajor: false, input: (0.1, 0),
        output: (0.1, 0), inputWeightScales: [0.1], recurrentWeightScales: [0.1],
        cellScaleLog2: -12, cellClip: 0))
  }

  /// The clip is TFLite's: `cell_clip / cell_scale` truncated to int16.
  func testCellClipInCellUnits() throws {
    XCTAssertEqual(try make(cellScaleLog2: -12, cellClip: 3.3).cellClip, 13516)
    XCTAssertEqual(try make(cellScaleLog2: -11, cellClip: 1000).cellClip, 32767)
    XCTAssertEqual(try make(cellClip: 0).cellClip, 0)
  }

  /// f·c rounds by 2^15, i·g to the cell's scale, the sum saturates, then
  /// the clip applies.
  func testCellUpdate() throws {
    let p = try make(cellScaleLog2: -12, cellClip: 0)
    XCTAssertEqual(p.updatedCell(1000, input: 0, forget: 16384, candidate: 0), 500)
    // i·g = 0.5 · 0.5 in Q0.15 · Q0.15, to 2^-12: 0.25 · 4096.
    XCTAssertEqual(p.updatedCell(0, input: 16384, forget: 0, candidate: 16384), 1024)
    XCTAssertEqual(p.updatedCell(32767, input: 32767, forget: 32767, candidate: 32767), 32767)
    let clipped = try make(cellScaleLog2: -12, cellClip: 0.25)
    XCTAssertEqual(clipped.updatedCell(-3000, input: 0, forget: 32767, candidate: 0), -1024)
  }

  struct Operands {
    var input: [Int8]
    var inputWeights: [[Int8]]
    var recurrentWeights: [[Int8]]
    var biases: [[Int32]]
  }

  func operands(_ p: SequenceLSTMInt8, seed: UInt64) -> Operands {
    var rng = SplitMix64(seed: seed)
    func int8s(_ n: Int) -> [Int8] { (0..<n).map { _ in Int8.random(in: -127...127, using: &rng) } }
    return Operands(
      input: int8s(p.batch * p.steps * p.inputSize),
      inputWeights: (0..<4).map { _ in int8s(p.units * p.inputSize) },
      recurrentWeights: (0..<4).map { _ in int8s(p.units * p.units) },
      biases: (0..<4).map { _ in
        (0..<p.units).map { _ in Int32.random(in: -3000...3000, using: &rng) }
      })
  }

  func run(
    _ p: SequenceLSTMInt8, _ o: Operands, input: [Int8]? = nil,
    microkernel: SequenceLSTMInt8.Microkernel? = nil
  ) -> [Int8] {
    var output = [Int8](repeating: 0, count: p.batch * p.steps * p.units)
    let bytes = microkernel.map { p.fastScratchByteCount($0) } ?? p.scratchByteCount
    var scratch = [UInt32](repeating: 0xeeee_eeee, count: (bytes + 3) / 4)
    let weights = (o.inputWeights + o.recurrentWeights).flatMap { $0 }
    let biases = o.biases.flatMap { $0 }
    let (wi, wr) = (p.units * p.inputSize, p.units * p.units)
    (input ?? o.input).withUnsafeBufferPointer { x in
      weights.withUnsafeBufferPointer { w in
        biases.withUnsafeBufferPointer { b in
          func gate(_ g: Int) -> SequenceLSTMInt8.Gate {
            SequenceLSTMInt8.Gate(
              inputWeights: UnsafeBufferPointer(rebasing: w[(g * wi)..<((g + 1) * wi)]),
              recurrentWeights: UnsafeBufferPointer(
                rebasing: w[(4 * wi + g * wr)..<(4 * wi + (g + 1) * wr)]),
              bias: UnsafeBufferPointer(rebasing: b[(g * p.units)..<((g + 1) * p.units)]))
          }
          output.withUnsafeMutableBufferPointer { out in
            scratch.withUnsafeMutableBytes { s in
              let gates = (gate(0), gate(1), gate(2), gate(3))
              if let microkernel {
                p.fast(
                  input: x, gates: gates, output: out, scratch: s, microkernel: microkernel)
              } else {
                p.reference(input: x, gates: gates, output: out, scratch: s)
              }
            }
          }
        }
      }
    }
    return output
  }

  /// Rows of a batch are independent sequences (each equals its run
  /// alone, the cell state reset between them), and time-major data is
  /// the same computation transposed.
  func testBatchRowsAndTimeMajor() throws {
    let p = try make(batch: 3, steps: 5)
    let o = operands(p, seed: 11)
    let batched = run(p, o)
    XCTAssertGreaterThan(Set(batched).count, 10)
    let single = try make(batch: 1, steps: 5)
    for row in 0..<3 {
      var one = operands(single, seed: 11)
      one.inputWeights = o.inputWeights
      one.recurrentWeights = o.recurrentWeights
      one.biases = o.biases
      let x = Array(o.input[(row * 5 * 4)..<((row + 1) * 5 * 4)])
      XCTAssertEqual(
        run(single, one, input: x), Array(batched[(row * 5 * 6)..<((row + 1) * 5 * 6)]))
    }
    let timeMajor = try make(batch: 3, steps: 5, timeMajor: true)
    var x = [Int8](repeating: 0, count: o.input.count)
    for b in 0..<3 {
      for t in 0..<5 {
        for k in 0..<4 { x[(t * 3 + b) * 4 + k] = o.input[(b * 5 + t) * 4 + k] }
      }
    }
    let y = run(timeMajor, o, input: x)
    for b in 0..<3 {
      for t in 0..<5 {
        for u in 0..<6 { XCTAssertEqual(y[(t * 3 + b) * 6 + u], batched[(b * 5 + t) * 6 + u]) }
      }
    }
  }

  /// Every step microkernel this CPU runs gives the reference's bytes:
  /// every cell scale (so every tanh format of the cell), with and without
  /// a clip, time-major or not, odd sizes, input rows short (transposed)
  /// and long, input zero points at both ends.
  func testMicrokernelsMatchTheReference() throws {
    // The DSP step's instructions are emulated in C off a Cortex-M.
    let microkernels =
      FastKernelSet.every.map(\.sequenceLSTM).filter(\.isSupported)
      + [SequenceLSTMInt8.microkernelDSP]
    XCTAssertFalse(microkernels.isEmpty)
    var cases = 0
    for cellScaleLog2 in -15...(-9) {
      for (clip, timeMajor) in [(Float(0), false), (0.7, true), (3.0, false)] {
        let p = try SequenceLSTMInt8(
          batch: 2, steps: 7, inputSize: cellScaleLog2 % 2 == 0 ? 13 : 37, units: 19,
          timeMajor: timeMajor,
          input: (0.04, cellScaleLog2 % 2 == 0 ? -128 : 127), output: (1.0 / 100, 5),
          inputWeightScales: [0.03, 0.02, 0.05, 0.02],
          recurrentWeightScales: [0.02, 0.04, 0.03, 0.05], cellScaleLog2: cellScaleLog2,
          cellClip: clip)
        let o = operands(p, seed: UInt64(100 - cellScaleLog2))
        let expected = run(p, o)
        for k in microkernels {
          XCTAssertEqual(run(p, o, microkernel: k), expected, "\(k.name) \(cellScaleLog2) \(clip)")
        }
        cases += 1
      }
    }
    XCTAssertEqual(cases, 21)
    // No input features: the gates are their biases and the recurrence.
    let p = try make(batch: 2, steps: 3, inputSize: 0, units: 5)
    let o = operands(p, seed: 5)
    for k in microkernels { XCTAssertEqual(run(p, o, microkernel: k), run(p, o), "\(k.name)") }
  }
}
