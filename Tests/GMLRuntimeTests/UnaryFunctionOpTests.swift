// GMLRuntimeTests/UnaryFunctionOpTests.swift — every UnaryFunction is an op code the interpreter runs, float and int8.
import GMLCore
import GMLFormat
import GMLKernels
import GMLRuntime
import XCTest

/// A new `UnaryFunction` case needs its op code in the schema and in the
/// resolver; these tests fail until both are there and run the function.
final class UnaryFunctionOpTests: XCTestCase {
  /// Every function has an op code of its name, and the names are unique.
  func testEveryFunctionHasAnOpCode() {
    for f in UnaryFunction.allCases {
      XCTAssertNotNil(OpCode(schemaName: f.schemaName), "\(f.schemaName) is not in OpCode")
      XCTAssertEqual(UnaryFunction(schemaName: f.schemaName), f)
      XCTAssertEqual(UnaryFunction(specName: f.specName), f)
    }
    XCTAssertEqual(Set(UnaryFunction.allCases.map(\.specName)).count, UnaryFunction.allCases.count)
  }

  /// The model `y = f(x)` of `count` elements, float32 or int8 (input
  /// scale 0.05, zero point −20; output 0.04, 3).
  private func model(_ f: UnaryFunction, count: Int32, int8: Bool) throws -> [UInt8] {
    var m = TestModel()
    let input = m.tensor("x", [1, count], int8 ? .int8 : .float32)
    let output = m.tensor("y", [1, count], int8 ? .int8 : .float32)
    if int8 {
      m.tensors[Int(input)].quantization = QuantizationDefinition(scales: [0.05], zeroPoints: [-20])
      m.tensors[Int(output)].quantization = QuantizationDefinition(scales: [0.04], zeroPoints: [3])
    }
    m.op(try XCTUnwrap(OpCode(schemaName: f.schemaName)), [input], [output])
    m.inputs = [input]
    m.outputs = [output]
    return m.bytes
  }

  /// A one-op float model of each function gives `apply` of each input.
  func testFloatOpRunsTheFunction() throws {
    let x: [Float] = [-2, -0.5, 0, 0.25, 1, 3.5]
    for f in UnaryFunction.allCases {
      let y = try withInterpreter(try model(f, count: Int32(x.count), int8: false)) { interpreter in
        try interpreter.copyInput(x, at: 0)
        try interpreter.invoke()
        return try interpreter.copyOutputFloats(at: 0)
      }
      for (a, b) in zip(y, x.map(f.apply)) where !(a == b || (a.isNaN && b.isNaN)) {
        XCTFail("\(f.schemaName): \(a) != \(b)")
      }
    }
  }

  /// A one-op int8 model of each function gives its table's entry for
  /// every input byte.
  func testInt8OpLooksUpItsTable() throws {
    let x = (-128...127).map { UInt8(bitPattern: Int8($0)) }
    for f in UnaryFunction.allCases {
      let y = try withInterpreter(try model(f, count: 256, int8: true)) { interpreter in
        try interpreter.copyInput(x, at: 0)
        try interpreter.invoke()
        return interpreter.copyOutput(at: 0)
      }
      let table = try LookupTableInt8(
        f, inputScale: 0.05, inputZeroPoint: -20, outputScale: 0.04, outputZeroPoint: 3)
      XCTAssertEqual(y.map { Int8(bitPattern: $0) }, x.map { table.table[Int($0)] }, f.schemaName)
    }
  }
}
