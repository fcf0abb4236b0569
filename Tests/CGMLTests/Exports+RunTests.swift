// CGMLTests/Exports+RunTests.swift — set_input, invoke, get_output: byte-equal with the Swift Interpreter; wrong sizes and indices named in the last error.
import CGMLHeader
import GMLCore
import GMLFormat
import GMLRuntime
import GMLTestSupport
import XCTest

final class CAPIRunTests: XCTestCase {
  /// Random inputs through the C API and through `Interpreter` give the
  /// same output bytes, for the float, int8 and int8-I/O digits models.
  func testOutputsEqualTheInterpreters() throws {
    for (name, bytes) in Digits.all {
      try bytes.withUnsafeBytes { raw in
        var swift = try Interpreter(model: Model(verifying: raw))
        try withCInterpreter(bytes) { c in
          let info = tensorInfo(c)
          let outInfo = tensorInfo(c, output: true)
          var rng = SplitMix64(seed: 1)
          for trial in 0..<5 {
            let input = randomInput(info, &rng)
            XCTAssertEqual(gml_interpreter_set_input(c, 0, input, input.count), GML_OK)
            XCTAssertEqual(gml_interpreter_invoke(c), GML_OK)
            var out = [UInt8](repeating: 0xAA, count: outInfo.byte_size)
            XCTAssertEqual(gml_interpreter_get_output(c, 0, &out, out.count), GML_OK)
            try swift.copyInput(input, at: 0)
            try swift.invoke()
            XCTAssertEqual(out, swift.copyOutput(at: 0), "\(name), trial \(trial)")
          }
        }
      }
    }
  }

  /// An input keeps its bytes across invokes.
  func testInputsPersistAcrossInvokes() throws {
    try withCInterpreter(Digits.int8) { c in
      var rng = SplitMix64(seed: 3)
      let input = randomInput(tensorInfo(c), &rng)
      let size = tensorInfo(c, output: true).byte_size
      var first = [UInt8](repeating: 0, count: size)
      var second = first
      XCTAssertEqual(gml_interpreter_set_input(c, 0, input, input.count), GML_OK)
      XCTAssertEqual(gml_interpreter_invoke(c), GML_OK)
      XCTAssertEqual(gml_interpreter_get_output(c, 0, &first, size), GML_OK)
      XCTAssertEqual(gml_interpreter_invoke(c), GML_OK)
      XCTAssertEqual(gml_interpreter_get_output(c, 0, &second, size), GML_OK)
      XCTAssertEqual(first, second)
    }
  }

  func testWrongSizesAndIndicesAreNamed() throws {
    try withCInterpreter(Digits.float) { c in
      let bytes = [UInt8](repeating: 0, count: 300)
      XCTAssertEqual(gml_interpreter_set_input(c, 0, bytes, 255), GML_ERROR_INVALID_ARGUMENT)
      var error = lastError(c)
      XCTAssertEqual(error.status, GML_ERROR_INVALID_ARGUMENT)
      XCTAssertEqual(error.kind, GML_ERROR_KIND_INVALID_ARGUMENT)
      XCTAssertEqual(error.location_kind, GML_LOCATION_INPUT)
      XCTAssertEqual(error.location, 0)
      XCTAssertEqual(
        message(error),
        "invalid argument at input 0: 255 bytes given; the input holds 256 bytes "
          + "(float32 [1, 8, 8, 1])")

      XCTAssertEqual(gml_interpreter_set_input(c, 2, bytes, 256), GML_ERROR_INVALID_ARGUMENT)
      XCTAssertEqual(
        message(lastError(c)),
        "invalid argument at input 2: index out of range: the model has 1 input(s)")
      XCTAssertEqual(gml_interpreter_set_input(c, 0, nil, 256), GML_ERROR_INVALID_ARGUMENT)
      XCTAssertEqual(message(lastError(c)), "invalid argument at input 0: data is NULL")

      // Success clears the last error.
      XCTAssertEqual(gml_interpreter_set_input(c, 0, bytes, 256), GML_OK)
      error = lastError(c)
      XCTAssertEqual(error.status, GML_OK)
      XCTAssertEqual(error.kind, GML_ERROR_KIND_NONE)
      XCTAssertEqual(message(error), "")
      XCTAssertEqual(gml_interpreter_invoke(c), GML_OK)

      var out = [UInt8](repeating: 0, count: 64)
      XCTAssertEqual(gml_interpreter_get_output(c, 0, &out, 64), GML_ERROR_INVALID_ARGUMENT)
      error = lastError(c)
      XCTAssertEqual(error.location_kind, GML_LOCATION_OUTPUT)
      XCTAssertEqual(
        message(error),
        "invalid argument at output 0: 64 bytes given; the output holds 40 bytes "
          + "(float32 [1, 10])")
      XCTAssertEqual(gml_interpreter_get_output(c, 1, &out, 40), GML_ERROR_INVALID_ARGUMENT)
      XCTAssertEqual(
        message(lastError(c)),
        "invalid argument at output 1: index out of range: the model has 1 output(s)")
    }
  }

  func testNullInterpreter() {
    XCTAssertEqual(gml_interpreter_invoke(nil), GML_ERROR_INVALID_ARGUMENT)
    XCTAssertEqual(gml_interpreter_set_input(nil, 0, nil, 0), GML_ERROR_INVALID_ARGUMENT)
    XCTAssertEqual(gml_interpreter_get_output(nil, 0, nil, 0), GML_ERROR_INVALID_ARGUMENT)
    XCTAssertNil(gml_interpreter_last_error(nil))
  }
}
