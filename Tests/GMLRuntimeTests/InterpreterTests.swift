// GMLRuntimeTests/InterpreterTests.swift — whole graphs through the Interpreter against expectations computed here.
import GMLCore
import GMLFormat
import GMLRuntime
import GMLTestSupport
import XCTest

/// Float tolerance: 1e-5 absolute (the expectations accumulate in Double).
final class InterpreterTests: XCTestCase {
  /// conv 3x3 SAME (2→3 channels) → RELU → max pool 2x2 → reshape [1,-1]
  /// → fully connected (27→4) → softmax, on a [1,6,6,2] input.
  static func chain(seed: UInt64 = 1) -> (model: TestModel, weights: ChainWeights) {
    var rng = SplitMix64(seed: seed)
    let w = ChainWeights(
      filter: random(3 * 3 * 3 * 2, &rng), bias: random(3, &rng), fc: random(4 * 27, &rng),
      fcBias: random(4, &rng))
    var m = TestModel()
    let x = m.tensor("x", [1, 6, 6, 2])
    let filter = m.constant("conv.w", [3, 3, 3, 2], w.filter)
    let bias = m.constant("conv.b", [3], w.bias)
    let c1 = m.tensor("conv", [1, 6, 6, 3])
    let r1 = m.tensor("relu", [1, 6, 6, 3])
    let p1 = m.tensor("pool", [1, 3, 3, 3])
    let flat = m.tensor("flat", [1, 27])
    let fcW = m.constant("fc.w", [4, 27], w.fc)
    let fcB = m.constant("fc.b", [4], w.fcBias)
    let logits = m.tensor("logits", [1, 4])
    let probs = m.tensor("probs", [1, 4])
    m.op(
      .conv2D, [x, filter, bias], [c1], .conv2D(Conv2DOptions(window: Window2D(padding: .same))))
    m.op(.relu, [c1], [r1])
    m.op(
      .maxPool2D, [r1], [p1],
      .pool2D(Pool2DOptions(window: Window2D(strideH: 2, strideW: 2), filterH: 2, filterW: 2)))
    m.op(.reshape, [p1], [flat], .reshape(newShape: [1, -1]))
    m.op(.fullyConnected, [flat, fcW, fcB], [logits])
    m.op(.softmax, [logits], [probs], .softmax(beta: 1, axis: -1))
    m.inputs = [x]
    m.outputs = [probs]
    return (m, w)
  }

  struct ChainWeights {
    var filter: [Float]
    var bias: [Float]
    var fc: [Float]
    var fcBias: [Float]

    /// The chain computed from its definition, in Double.
    func expected(_ x: [Float]) -> [Float] {
      var conv = [Double](repeating: 0, count: 6 * 6 * 3)
      for y in 0..<6 {
        for xx in 0..<6 {
          for o in 0..<3 {
            // SAME for 6, k 3, s 1: one pixel of padding on each side.
            var sum = Double(bias[o])
            for ky in 0..<3 {
              for kx in 0..<3 {
                let (iy, ix) = (y + ky - 1, xx + kx - 1)
                guard iy >= 0, iy < 6, ix >= 0, ix < 6 else { continue }
                for c in 0..<2 {
                  sum +=
                    Double(x[(iy * 6 + ix) * 2 + c])
                    * Double(filter[((o * 3 + ky) * 3 + kx) * 2 + c])
                }
              }
            }
            conv[(y * 6 + xx) * 3 + o] = max(sum, 0)
          }
        }
      }
      var pooled: [Double] = []
      for y in 0..<3 {
        for xx in 0..<3 {
          for c in 0..<3 {
            pooled.append(
              [(0, 0), (0, 1), (1, 0), (1, 1)].map {
                conv[((2 * y + $0) * 6 + 2 * xx + $1) * 3 + c]
              }
              .max() ?? 0)
          }
        }
      }
      let logits = (0..<4).map { o in
        (0..<27).reduce(Double(fcBias[o])) { $0 + pooled[$1] * Double(fc[o * 27 + $1]) }
      }
      let top = logits.max() ?? 0
      let e = logits.map { exp($0 - top) }
      let total = e.reduce(0, +)
      return e.map { Float($0 / total) }
    }
  }

  static func random(_ n: Int, _ rng: inout SplitMix64) -> [Float] {
    (0..<n).map { _ in Float(rng.next() >> 40) / Float(1 << 23) - 1 }
  }

  func testChainMatchesIndependentComputation() throws {
    let (model, weights) = InterpreterTests.chain()
    var rng = SplitMix64(seed: 99)
    for _ in 0..<3 {
      let x = InterpreterTests.random(72, &rng).map { $0 * 2 }
      let out = try runModel(model.bytes, [x])
      assertClose(out[0], weights.expected(x), tolerance: 1e-5)
      XCTAssertEqual(out[0].reduce(0, +), 1, accuracy: 1e-5)
    }
  }

  /// Graph inputs keep their value across invokes (later tensors never
  /// reuse their memory), so a second invoke gives identical bytes.
  func testInvokeTwiceGivesTheSameResult() throws {
    let (model, _) = InterpreterTests.chain(seed: 2)
    var rng = SplitMix64(seed: 3)
    let x = InterpreterTests.random(72, &rng)
    try withInterpreter(model.bytes) { interpreter in
      try interpreter.copyInput(x, at: 0)
      try interpreter.invoke()
      let first = interpreter.copyOutput(at: 0)
      try interpreter.invoke()
      XCTAssertEqual(interpreter.copyOutput(at: 0), first)
      try interpreter.copyInput(x.map { -$0 }, at: 0)
      try interpreter.invoke()
      XCTAssertNotEqual(interpreter.copyOutput(at: 0), first)
    }
  }

  /// z = x + relu(conv1x1(x)), with the conv output as a second graph output.
  func testResidualAddWithTwoOutputs() throws {
    var m = TestModel()
    let x = m.tensor("x", [1, 2, 2, 2])
    let w = m.constant("w", [2, 1, 1, 2], [1, 1, 0.5, -1])
    let y = m.tensor("y", [1, 2, 2, 2])
    let z = m.tensor("z", [1, 2, 2, 2])
    m.op(.conv2D, [x, w, -1], [y], .conv2D(Conv2DOptions(activation: .relu)))
    m.op(.add, [x, y], [z], .elementwise(activation: .none))
    m.inputs = [x]
    m.outputs = [z, y]
    // Pixel (a, b): y = [relu(a + b), relu(a/2 - b)].
    let input: [Float] = [1, 2, -3, 1, 4, -4, 0, 0]
    let yExpected: [Float] = [3, 0, 0, 0, 0, 6, 0, 0]
    let out = try runModel(m.bytes, [input])
    XCTAssertEqual(out[1], yExpected)
    XCTAssertEqual(out[0], zip(input, yExpected).map { $0 + $1 })
  }

  func testModelWhoseOutputIsItsInputAndAConstantOutput() throws {
    var m = TestModel()
    let x = m.tensor("x", [3])
    let k = m.constant("k", [2], [7, 8])
    m.inputs = [x]
    m.outputs = [x, k]
    let out = try runModel(m.bytes, [[1, 2, 3]])
    XCTAssertEqual(out, [[1, 2, 3], [7, 8]])
  }

  func testInputAndOutputFacts() throws {
    let (model, _) = InterpreterTests.chain()
    try withInterpreter(model.bytes) { interpreter in
      XCTAssertEqual(interpreter.inputCount, 1)
      XCTAssertEqual(interpreter.outputCount, 1)
      let input = interpreter.inputInfo(at: 0)
      XCTAssertEqual(input.name, "x")
      XCTAssertEqual(input.shape, Shape([1, 6, 6, 2]))
      XCTAssertEqual(input.type, .float32)
      XCTAssertEqual(input.byteCount, 288)
      XCTAssertEqual(interpreter.outputInfo(at: 0).name, "probs")
      XCTAssertEqual(interpreter.inputIndex(named: "x"), 0)
      XCTAssertNil(interpreter.inputIndex(named: "probs"))
      XCTAssertEqual(interpreter.outputIndex(named: "probs"), 0)
      XCTAssertFalse(interpreter.usesStoredPlan)
      XCTAssertGreaterThan(interpreter.arenaSize, 288)
    }
  }

  func testWrongInputSize() throws {
    let (model, _) = InterpreterTests.chain()
    try withInterpreter(model.bytes) { interpreter in
      XCTAssertThrowsError(try interpreter.copyInput([UInt8](repeating: 0, count: 3), at: 0)) {
        XCTAssertEqual(
          $0 as? GMLError,
          GMLError(.shapeMismatch, at: .tensor(0), "input byte count differs from the tensor's"))
      }
      XCTAssertThrowsError(try interpreter.copyInput([Float](repeating: 0, count: 71), at: 0))
    }
  }
}
