// GMLRuntimeTests/InterpreterInt8Tests.swift — int8 graphs end to end: edges, typed copies, quantization facts, observer.
import GMLCore
import GMLFormat
import GMLRuntime
import XCTest

final class InterpreterInt8Tests: XCTestCase {
  /// QUANTIZE → FULLY_CONNECTED (per-channel) → DEQUANTIZE against the
  /// same integer arithmetic written out here in Double: within one
  /// output step (the two may round a tie differently, nothing more).
  func testQuantizedDenseMatchesItsArithmetic() throws {
    let x: [Float] = [0.5, -0.25, 1.0, 0.1]
    let y = try runModel(TestModel.quantizedDense().bytes, [x])[0]
    let w: [Double] = [10, -20, 30, 127, -127, 0, 5, 9, 1, 2, 3, 4]
    let (wScales, bias): ([Double], [Double]) = ([0.01, 0.02, 0.005], [100, -50, 7])
    let xq = x.map { (Double($0) / 0.05).rounded(.toNearestOrAwayFromZero) - 3 }
    var expected: [Float] = []
    for o in 0..<3 {
      var acc = bias[o]
      for i in 0..<4 { acc += (xq[i] + 3) * w[o * 4 + i] }
      let q = min(max((acc * 0.05 * wScales[o] / 0.1).rounded() + 5, -128), 127)
      expected.append(Float((q - 5) * 0.1))
    }
    assertClose(y, expected, tolerance: 0.1001)
  }

  /// x int8 → RESHAPE → y int8: the edges are int8 and say how to
  /// quantize; typed copies check the type.
  func testInt8EdgesAndTypedCopies() throws {
    var m = TestModel()
    let x = m.quantized("x", [2, 2], scale: 0.25, zeroPoint: 10)
    let y = m.quantized("y", [4], scale: 0.25, zeroPoint: 10)
    m.op(.reshape, [x], [y], .reshape(newShape: [4]))
    m.inputs = [x]
    m.outputs = [y]
    try withInterpreter(m.bytes) { interpreter in
      let info = interpreter.inputInfo(at: 0)
      XCTAssertEqual(info.type, .int8)
      XCTAssertEqual(
        info.quantization, TensorInfo.Quantization(scales: [0.25], zeroPoints: [10], axis: 0))
      XCTAssertEqual(info.quantization?.isPerAxis, false)
      XCTAssertEqual(info.quantization?.scale, 0.25)
      XCTAssertEqual(info.quantization?.zeroPoint, 10)
      let q = try info.quantize([0, 0.125, -1, 100])
      XCTAssertEqual(q, [10, 11, 6, 127], "round half away from zero, then saturate")
      try interpreter.copyInput(q, at: 0)
      try interpreter.invoke()
      let out = try interpreter.copyOutputInt8(at: 0)
      XCTAssertEqual(out, q)
      XCTAssertEqual(try interpreter.outputInfo(at: 0).dequantize(out), [0, 0.25, -1, 29.25])
      XCTAssertThrowsError(try interpreter.copyInput([Float](repeating: 0, count: 4), at: 0))
      XCTAssertThrowsError(try interpreter.copyOutputFloats(at: 0))
      XCTAssertThrowsError(try interpreter.copyInput([Int8](repeating: 0, count: 3), at: 0))
    }
    // And the other way: int8 copies into a float model are refused.
    try withInterpreter(InterpreterTests.chain().model.bytes) { interpreter in
      XCTAssertNil(interpreter.inputInfo(at: 0).quantization)
      XCTAssertThrowsError(try interpreter.copyInput([Int8](repeating: 0, count: 72), at: 0)) {
        XCTAssertEqual(($0 as? GMLError)?.kind, .unsupportedType)
      }
      XCTAssertThrowsError(try interpreter.copyOutputInt8(at: 0))
      XCTAssertThrowsError(try interpreter.inputInfo(at: 0).quantize([0]))
    }
  }

  /// `invoke(observer:)` reports each op in order around its run and
  /// computes what `invoke()` does.
  func testObserverSeesEveryOpInOrder() throws {
    struct Recorder: InvokeObserver {
      var events: [String] = []
      mutating func willRun(op index: Int) { events.append("will \(index)") }
      mutating func didRun(op index: Int) { events.append("did \(index)") }
    }
    let input: [Float] = [0.5, -0.25, 1.0, 0.1]
    try withInterpreter(TestModel.quantizedDense().bytes) { interpreter in
      try interpreter.copyInput(input, at: 0)
      try interpreter.invoke()
      let plain = try interpreter.copyOutputFloats(at: 0)
      var recorder = Recorder()
      try interpreter.invoke(observer: &recorder)
      XCTAssertEqual(recorder.events, ["will 0", "did 0", "will 1", "did 1", "will 2", "did 2"])
      XCTAssertEqual(try interpreter.copyOutputFloats(at: 0), plain)
    }
  }

  /// The rounding mode matters only where int8 arithmetic runs.
  func testSingleRoundingIsRefusedForInt8Ops() throws {
    var m = TestModel.quantizedDense()
    m.roundingMode = .singleRounding
    XCTAssertEqual(
      prepareError(m.bytes),
      GMLError(
        .invalidQuantization,
        "rounding_mode SINGLE_ROUNDING is not implemented; int8 kernels round as DOUBLE_ROUNDING"))
    var float = InterpreterTests.chain().model
    float.roundingMode = .singleRounding
    XCTAssertNil(prepareError(float.bytes))
  }
}
