// GMLRuntimeTests/PreserveAllTensorsTests.swift — Options(preserveAllTensors:) keeps every intermediate readable after invoke.
import GMLCore
import GMLFormat
import GMLRuntime
import XCTest

final class PreserveAllTensorsTests: XCTestCase {
  /// x → relu → a → relu6(a - 10) chain: without preservation `a`'s bytes
  /// are reused by the third tensor; with it, `a` still reads back.
  private func chain() -> TestModel {
    var m = TestModel()
    let x = m.tensor("x", [1, 8])
    let a = m.tensor("a", [1, 8])
    let b = m.tensor("b", [1, 8])
    let c = m.tensor("c", [1, 8])
    let ten = m.constant("ten", [1], [10])
    m.op(.relu, [x], [a])
    m.op(.sub, [a, ten], [b], .elementwise(activation: .none))
    m.op(.relu6, [b], [c])
    m.inputs = [x]
    m.outputs = [c]
    return m
  }

  func testIntermediatesSurviveInvoke() throws {
    let input: [Float] = [-3, -1, 0, 1, 2, 11, 15, 30]
    try chain().bytes.withUnsafeBytes { raw in
      let model = try Model(verifying: raw)
      var interpreter = try Interpreter(
        model: model, options: Interpreter.Options(preserveAllTensors: true))
      try interpreter.copyInput(input, at: 0)
      try interpreter.invoke()
      XCTAssertEqual(interpreter.copyTensor(at: 1), floatBytes(input.map { max($0, 0) }))
      XCTAssertEqual(interpreter.copyTensor(at: 2), floatBytes(input.map { max($0, 0) - 10 }))
      XCTAssertEqual(
        try interpreter.copyOutputFloats(at: 0), input.map { min(max(max($0, 0) - 10, 0), 6) })
      // Every arena tensor has bytes of its own.
      XCTAssertEqual(interpreter.arenaSize, 4 * 32)
    }
  }

  func testDefaultLayoutReusesMemory() throws {
    try chain().bytes.withUnsafeBytes { raw in
      let interpreter = try Interpreter(model: try Model(verifying: raw))
      XCTAssertLessThan(interpreter.arenaSize, 4 * 32)
    }
  }
}
