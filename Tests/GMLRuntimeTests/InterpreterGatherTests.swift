// GMLRuntimeTests/InterpreterGatherTests.swift — GATHER's indices checked where they come from: constants at prepare, graph inputs at each invoke.
import GMLCore
import GMLFormat
import GMLRuntime
import XCTest

final class InterpreterGatherTests: XCTestCase {
  /// table [4, 2] (row r holds 10r, 10r + 1) gathered at `indices` [3]:
  /// a graph input, or a constant when `constant` is given.
  func model(constant: [Int32]? = nil) -> TestModel {
    var m = TestModel()
    let table = m.constant("table", [4, 2], (0..<8).map { Float(10 * ($0 / 2) + $0 % 2) })
    let indices: Int32
    if let constant {
      m.buffers.append(LittleEndian.encode(constant))
      m.tensors.append(
        TensorDefinition(
          name: "ids", shape: [3], type: .int32, buffer: UInt32(m.buffers.count - 1)))
      indices = Int32(m.tensors.count - 1)
    } else {
      indices = m.tensor("ids", [3], .int32)
      m.inputs = [indices]
    }
    let y = m.tensor("y", [3, 2])
    m.op(.gather, [table, indices], [y], .gather(axis: 0))
    m.outputs = [y]
    return m
  }

  func testGraphInputIndicesAreCheckedAtEachInvoke() throws {
    try withInterpreter(model().bytes) { interpreter in
      try interpreter.copyInput(LittleEndian.encode([Int32(3), 0, 3]), at: 0)
      try interpreter.invoke()
      XCTAssertEqual(try interpreter.copyOutputFloats(at: 0), [30, 31, 0, 1, 30, 31])
      for bad: Int32 in [4, -1] {
        try interpreter.copyInput(LittleEndian.encode([Int32(1), bad, 2]), at: 0)
        XCTAssertThrowsError(try interpreter.invoke()) {
          XCTAssertEqual(($0 as? GMLError)?.kind, .invalidArgument)
          XCTAssertEqual(($0 as? GMLError)?.location, .tensor(1))
        }
      }
      try interpreter.copyInput(LittleEndian.encode([Int32(2), 1, 0]), at: 0)
      try interpreter.invoke()
      XCTAssertEqual(try interpreter.copyOutputFloats(at: 0), [20, 21, 10, 11, 0, 1])
    }
  }

  func testConstantIndicesAreCheckedAtPrepare() throws {
    XCTAssertEqual(try runModel(model(constant: [1, 1, 2]).bytes, []), [[10, 11, 10, 11, 20, 21]])
    let error = prepareError(model(constant: [1, 4, 2]).bytes)
    XCTAssertEqual(error?.kind, .invalidArgument)
    XCTAssertEqual(error?.location, .op(0))
  }

  /// Indices must be int32, and the output's shape the table's with the
  /// axis replaced.
  func testOperandsAreChecked() {
    var floatIndices = model()
    floatIndices.tensors[1].type = .float32
    XCTAssertEqual(prepareError(floatIndices.bytes)?.kind, .unsupportedType)
    var wrongShape = model()
    wrongShape.tensors[2].shape = [2, 3]
    XCTAssertEqual(prepareError(wrongShape.bytes)?.kind, .shapeMismatch)
  }
}
