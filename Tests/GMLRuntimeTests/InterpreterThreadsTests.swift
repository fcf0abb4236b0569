// GMLRuntimeTests/InterpreterThreadsTests.swift — the interpreter on several threads: the same bytes as on one, options checked.
import GMLCore
import GMLFormat
import GMLTestSupport
import XCTest

@testable import GMLRuntime

final class InterpreterThreadsTests: XCTestCase {
  /// A chain of random shapes (channel counts off the tiles' 8 and 16):
  /// a 3×3 convolution (stride 1 or 2, SAME or VALID), a 3×3 depthwise
  /// convolution, a 1×1 convolution and a dense layer, every tensor a
  /// graph output.
  func chain(seed: UInt64) -> TestModel {
    var rng = SplitMix64(seed: seed)
    func between(_ range: ClosedRange<Int>) -> Int {
      range.lowerBound + Int(rng.next() % UInt64(range.count))
    }
    func int8s(_ n: Int) -> [Int8] { (0..<n).map { _ in Int8(truncatingIfNeeded: rng.next()) } }
    let (h, w, c) = (between(8...40), between(8...40), between(1...16))
    let (c1, c2, units) = (between(5...40), between(3...37), between(1...70))
    let stride = between(1...2)
    let same = rng.next() % 2 == 0
    let (h1, w1) =
      same
      ? ((h + stride - 1) / stride, (w + stride - 1) / stride)
      : ((h - 3) / stride + 1, (w - 3) / stride + 1)
    func dims(_ values: Int...) -> [Int32] { values.map { Int32($0) } }
    var m = TestModel()
    let x = m.quantized("x", dims(1, h, w, c), scale: 0.02, zeroPoint: Int64(between(-128...127)))
    let f1 = m.int8Constant(
      "f1", dims(c1, 3, 3, c), int8s(c1 * 9 * c), scales: (0..<c1).map { 0.002 + Float($0) * 1e-4 })
    let b1 = m.int32Constant("b1", dims(c1), (0..<c1).map { Int32($0 * 97 - 800) }, scales: [4e-5])
    let y1 = m.quantized("y1", dims(1, h1, w1, c1), scale: 0.05, zeroPoint: 3)
    let f2 = m.int8Constant(
      "f2", dims(1, 3, 3, c1), int8s(9 * c1), scales: (0..<c1).map { 0.003 + Float($0) * 2e-4 },
      axis: 3)
    let y2 = m.quantized("y2", dims(1, h1, w1, c1), scale: 0.04, zeroPoint: -7)
    let f3 = m.int8Constant("f3", dims(c2, 1, 1, c1), int8s(c2 * c1), scales: [0.004])
    let y3 = m.quantized("y3", dims(1, h1, w1, c2), scale: 0.06, zeroPoint: -20)
    let depth = h1 * w1 * c2
    let f4 = m.int8Constant("f4", dims(units, depth), int8s(units * depth), scales: [0.001])
    let y4 = m.quantized("y4", dims(1, units), scale: 0.1, zeroPoint: 0)
    let window = Window2D(
      padding: same ? .same : .valid, strideH: Int32(stride), strideW: Int32(stride))
    m.op(.conv2D, [x, f1, b1], [y1], .conv2D(Conv2DOptions(window: window, activation: .relu)))
    let dw = DepthwiseConv2DOptions(window: Window2D(padding: .same), activation: .relu6)
    m.op(.depthwiseConv2D, [y1, f2], [y2], .depthwiseConv2D(dw))
    m.op(.conv2D, [y2, f3], [y3], .conv2D(Conv2DOptions(window: Window2D(padding: .valid))))
    m.op(.fullyConnected, [y3, f4], [y4], .fullyConnected(activation: .none, keepNumDims: false))
    m.inputs = [x]
    m.outputs = [y1, y2, y3, y4]
    return m
  }

  /// Every output of `model` after one invoke on `threads` threads, and
  /// the largest number of tasks any operator was split into.
  func run(_ model: TestModel, input: [UInt8], threads: Int) throws -> ([[UInt8]], Int) {
    let bytes = model.bytes
    return try bytes.withUnsafeBytes { raw in
      let model = try Model(verifying: raw)
      var interpreter = try Interpreter(model: model, options: .init(threads: threads))
      try interpreter.copyInput(input, at: 0)
      try interpreter.invoke()
      let tasks = interpreter.ops.map { op -> Int in
        if case .int8(.fast(let f)) = op { return f.split.taskCount }
        return 1
      }
      let outputs = (0..<interpreter.outputCount).map { interpreter.copyOutput(at: $0) }
      return (outputs, tasks.max() ?? 1)
    }
  }

  /// 40 random chains on 2, 3, 4 and 7 threads give the one-thread bytes
  /// for every operator's output, and most ops were really split.
  func testRandomChainsGiveTheSameBytesOnEveryThreadCount() throws {
    try XCTSkipUnless(ThreadPool.isAvailable, "this build has no threads")
    var split = 0
    for seed in 0..<40 {
      let model = chain(seed: UInt64(seed))
      var rng = SplitMix64(seed: UInt64(1000 + seed))
      let count = model.tensors[Int(model.inputs[0])].shape.reduce(1) { $0 * Int($1) }
      let input = (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
      let (expected, _) = try run(model, input: input, threads: 1)
      for threads in [2, 3, 4, 7] {
        let (outputs, tasks) = try run(model, input: input, threads: threads)
        for k in expected.indices {
          XCTAssertEqual(outputs[k], expected[k], "seed \(seed), \(threads) threads, output \(k)")
        }
        if tasks > 1 { split += 1 }
      }
    }
    XCTAssertGreaterThan(split, 100, "most runs should split at least one operator")
  }

  /// The thread count asked for is the one that runs; 1 starts no pool.
  func testThreadsReportsTheThreadsThatRun() throws {
    try XCTSkipUnless(ThreadPool.isAvailable, "this build has no threads")
    let model = chain(seed: 1)
    let bytes = model.bytes
    try bytes.withUnsafeBytes { raw in
      let model = try Model(verifying: raw)
      for threads in [1, 2, 5] {
        let interpreter = try Interpreter(model: model, options: .init(threads: threads))
        XCTAssertEqual(interpreter.threads, threads)
      }
    }
  }

  /// Fewer than one thread or more than `maxThreads` are refused at init.
  func testThreadCountOutOfRangeIsRefused() throws {
    let bytes = chain(seed: 2).bytes
    try bytes.withUnsafeBytes { raw in
      let model = try Model(verifying: raw)
      for (threads, kind) in [
        (0, GMLError.Kind.invalidArgument), (-3, .invalidArgument),
        (Interpreter.maxThreads + 1, .limitExceeded),
      ] {
        do {
          _ = try Interpreter(model: model, options: .init(threads: threads))
          XCTFail("threads \(threads) was accepted")
        } catch {
          XCTAssertEqual((error as? GMLError)?.kind, kind, "threads \(threads)")
        }
      }
    }
  }

  /// Scratch grows per thread (im2col panels), not the packed weights.
  func testScratchIsPerThread() throws {
    try XCTSkipUnless(ThreadPool.isAvailable, "this build has no threads")
    let bytes = chain(seed: 5).bytes
    try bytes.withUnsafeBytes { raw in
      let model = try Model(verifying: raw)
      let one = try Interpreter(model: model, options: .init(threads: 1))
      let four = try Interpreter(model: model, options: .init(threads: 4))
      XCTAssertGreaterThan(one.memory.scratchPerThread, 0)
      XCTAssertEqual(four.memory.scratch.count, 4 * four.memory.scratchPerThread)
      XCTAssertGreaterThanOrEqual(four.memory.scratchPerThread, one.memory.scratchPerThread)
      XCTAssertEqual(
        four.arenaSize - four.memory.scratch.count, one.arenaSize - one.memory.scratch.count)
    }
  }
}
