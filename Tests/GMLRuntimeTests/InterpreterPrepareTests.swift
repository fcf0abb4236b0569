// GMLRuntimeTests/InterpreterPrepareTests.swift — what prepare refuses, and where it says the fault is.
import GMLCore
import GMLFormat
import GMLRuntime
import XCTest

final class InterpreterPrepareTests: XCTestCase {
  /// a → ADD(a, a) → b → `code` → c.
  private func twoOps(_ code: OpCode, type: ElementType = .float32) -> TestModel {
    var m = TestModel()
    let a = m.tensor("a", [4], type)
    let b = m.tensor("b", [4], type)
    let c = m.tensor("c", [4], type)
    m.op(.add, [a, a], [b])
    m.op(code, [b], [c])
    m.inputs = [a]
    m.outputs = [c]
    return m
  }

  /// DEQUANTIZE of a float32 tensor: no kernel for those types, at op 1.
  func testTypesWithoutAKernelNameTheOpIndex() {
    let error = prepareError(twoOps(.dequantize).bytes)
    XCTAssertEqual(error?.kind, .unsupportedType)
    XCTAssertEqual(error?.location, .op(1))
  }

  func testUnsupportedTypeNamesTheOp() {
    let error = prepareError(twoOps(.relu, type: .int16).bytes)
    XCTAssertEqual(error?.kind, .unsupportedType)
    XCTAssertEqual(error?.location, .op(0))
  }

  func testDeclaredOutputShapeMustMatch() {
    var m = twoOps(.relu)
    m.tensors[2].shape = [2, 2]
    XCTAssertEqual(
      prepareError(m.bytes),
      GMLError(.shapeMismatch, at: .op(1), "output shape differs from what the op computes"))
  }

  func testOptionsOfAnotherOp() {
    var m = twoOps(.relu)
    m.operators[0].options = .softmax(beta: 1, axis: -1)
    XCTAssertEqual(prepareError(m.bytes)?.kind, .malformed)
    XCTAssertEqual(prepareError(m.bytes)?.location, .op(0))
  }

  func testWrongOperandCount() {
    var m = twoOps(.relu)
    m.operators[0].inputs = [0]
    XCTAssertEqual(prepareError(m.bytes)?.location, .op(0))
    XCTAssertEqual(prepareError(m.bytes)?.kind, .malformed)
  }

  func testDataFlowRules() {
    // Reading a tensor nothing wrote (op 1 reads c before anything writes it).
    var m = twoOps(.relu)
    m.operators[1].inputs = [2]
    XCTAssertEqual(
      prepareError(m.bytes),
      GMLError(.malformed, at: .op(1), "op reads a tensor that no earlier op writes"))
    // Writing a graph input.
    m = twoOps(.relu)
    m.operators[1].outputs = [0]
    XCTAssertEqual(
      prepareError(m.bytes),
      GMLError(.malformed, at: .op(1), "op writes a constant or a graph input"))
    // A graph output nothing writes.
    m = twoOps(.relu)
    m.operators.removeLast()
    XCTAssertEqual(
      prepareError(m.bytes), GMLError(.malformed, at: .tensor(2), "a graph output is never written")
    )
  }

  func testGraphInputWithConstantData() {
    var m = TestModel()
    let k = m.constant("k", [2], [1, 2])
    m.inputs = [k]
    m.outputs = [k]
    XCTAssertEqual(prepareError(m.bytes)?.location, .tensor(0))
  }

  func testBadWindowOptions() {
    var m = TestModel()
    let x = m.tensor("x", [1, 4, 4, 1])
    let y = m.tensor("y", [1, 2, 2, 1])
    m.op(
      .maxPool2D, [x], [y],
      .pool2D(Pool2DOptions(window: Window2D(strideH: 0, strideW: 2), filterH: 2, filterW: 2)))
    m.inputs = [x]
    m.outputs = [y]
    XCTAssertEqual(prepareError(m.bytes)?.kind, .invalidArgument)
    m.operators[0].options = .pool2D(
      Pool2DOptions(
        window: Window2D(padding: .explicit, strideH: 2, strideW: 2, explicitPadding: [1]),
        filterH: 2, filterW: 2))
    XCTAssertEqual(prepareError(m.bytes)?.kind, .invalidArgument)
    m.operators[0].options = .pool2D(
      Pool2DOptions(window: Window2D(strideH: 2, strideW: 2), filterH: 2, filterW: 2))
    XCTAssertNil(prepareError(m.bytes))
  }
}
