// CGMLTests/Exports+TensorsTests.swift — input and output counts and infos, arena size, against the Swift Interpreter.
import CGMLHeader
import GMLCore
import GMLFormat
import GMLRuntime
import XCTest

final class CAPITensorsTests: XCTestCase {
  /// Every field of every input and output equals the Swift `TensorInfo`.
  func testInfosMatchTheInterpreter() throws {
    for (name, bytes) in Digits.all {
      try bytes.withUnsafeBytes { raw in
        let swift = try Interpreter(model: Model(verifying: raw))
        try withCInterpreter(bytes) { c in
          XCTAssertEqual(gml_interpreter_input_count(c), swift.inputCount, name)
          XCTAssertEqual(gml_interpreter_output_count(c), swift.outputCount, name)
          XCTAssertEqual(gml_interpreter_arena_size(c), swift.arenaSize, name)
          for k in 0..<swift.inputCount {
            check(tensorInfo(c, k), swift.inputInfo(at: k), name)
          }
          for k in 0..<swift.outputCount {
            check(tensorInfo(c, output: true, k), swift.outputInfo(at: k), name)
          }
        }
      }
    }
  }

  func check(_ c: gml_tensor_info, _ swift: TensorInfo, _ name: String) {
    XCTAssertEqual(String(cString: c.name), swift.name, name)
    XCTAssertEqual(c.type.rawValue, UInt32(swift.type.rawValue), name)
    XCTAssertEqual(Int(c.rank), swift.shape.rank, name)
    let expected = swift.shape.dims.map(Int64.init)
    XCTAssertEqual(
      dims(c), expected + [Int64](repeating: 0, count: Int(GML_MAX_RANK) - expected.count), name)
    XCTAssertEqual(c.byte_size, swift.byteCount, name)
    XCTAssertEqual(c.element_count, swift.byteCount / swift.type.byteSize, name)
    if let q = swift.quantization {
      XCTAssertEqual(c.quantization, GML_QUANTIZATION_PER_TENSOR, name)
      XCTAssertEqual(c.scale, q.scale, name)
      XCTAssertEqual(c.zero_point, q.zeroPoint, name)
      XCTAssertEqual(c.scale_count, 1, name)
    } else {
      XCTAssertEqual(c.quantization, GML_QUANTIZATION_NONE, name)
      XCTAssertEqual(c.scale, 0, name)
      XCTAssertEqual(c.scale_count, 0, name)
    }
  }

  /// The int8 I/O digits model: int8 edges with one scale and zero point.
  func testInt8EdgesArePerTensor() throws {
    try withCInterpreter(Digits.int8IO) { c in
      let input = tensorInfo(c)
      XCTAssertEqual(String(cString: gml_type_string(input.type)), "int8")
      XCTAssertEqual(input.quantization, GML_QUANTIZATION_PER_TENSOR)
      XCTAssertEqual(input.byte_size, 64)
      XCTAssertEqual(dims(input).prefix(4), [1, 8, 8, 1])
      XCTAssertGreaterThan(input.scale, 0)
      let output = tensorInfo(c, output: true)
      XCTAssertEqual(output.type, GML_TYPE_INT8)
      XCTAssertEqual(output.element_count, 10)
    }
  }

  func testOutOfRangeAndNull() throws {
    try withCInterpreter(Digits.float) { c in
      var info = gml_tensor_info()
      XCTAssertEqual(gml_interpreter_input_info(c, 1, &info), GML_ERROR_INVALID_ARGUMENT)
      XCTAssertEqual(gml_interpreter_output_info(c, -1, &info), GML_ERROR_INVALID_ARGUMENT)
      XCTAssertEqual(gml_interpreter_input_info(c, 0, nil), GML_ERROR_INVALID_ARGUMENT)
      XCTAssertEqual(gml_interpreter_output_info(nil, 0, &info), GML_ERROR_INVALID_ARGUMENT)
      // Queries leave the last error alone.
      XCTAssertEqual(lastError(c).status, GML_OK)
    }
    XCTAssertEqual(gml_interpreter_input_count(nil), 0)
    XCTAssertEqual(gml_interpreter_output_count(nil), 0)
    XCTAssertEqual(gml_interpreter_arena_size(nil), 0)
  }
}
