// CGMLTests/CAPITestSupport.swift — the digits models as bytes, and helpers that call the C API the way C does.
import CGMLHeader
import GMLConverter
import GMLFormat
import GMLRuntime
import GMLTestSupport
import XCTest

/// The digits sample converted three ways, once per test run.
enum Digits {
  static let folder = RepositoryPaths.root().appendingPathComponent("samples/digits")

  /// Float32 throughout.
  static let float = convert(ConversionOptions())
  /// Int8 inside, float32 inputs and outputs (QUANTIZE/DEQUANTIZE at the edges).
  static let int8 = convert(int8Options(io: .float))
  /// Int8 throughout, inputs and outputs included.
  static let int8IO = convert(int8Options(io: .int8))

  static func int8Options(io: IOType) -> ConversionOptions {
    ConversionOptions(
      quantize: .int8, calibration: folder.appendingPathComponent("calibration.npy").path, io: io)
  }

  /// The model's definition; a failure is reported as an empty model.
  static func definition(_ options: ConversionOptions) -> ModelDefinition? {
    do {
      let graph = try GMLFloatLoader.load(path: folder.appendingPathComponent("model.json").path)
      return try Converter.convert(graph, options: options).0
    } catch {
      XCTFail("converting the digits model: \(error)")
      return nil
    }
  }

  static func convert(_ options: ConversionOptions) -> [UInt8] {
    definition(options).map { ModelWriter.write($0) } ?? []
  }

  static let all: [(name: String, bytes: [UInt8])] = [
    ("float", float), ("int8", int8), ("int8 I/O", int8IO),
  ]
}

/// A C interpreter made from `bytes` (copied), deleted after `body`.
func withCInterpreter<R>(
  _ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line,
  _ body: (OpaquePointer) throws -> R
) throws -> R {
  var interpreter: OpaquePointer?
  var error = gml_error()
  let status = bytes.withUnsafeBytes { raw in
    gml_interpreter_create_from_buffer(raw.baseAddress, raw.count, nil, &interpreter, &error)
  }
  guard status == GML_OK, let interpreter else {
    XCTFail("create: \(message(error))", file: file, line: line)
    throw XCTSkip("no interpreter")
  }
  defer { gml_interpreter_delete(interpreter) }
  return try body(interpreter)
}

/// The text of `error.message`.
func message(_ error: gml_error) -> String {
  withUnsafeBytes(of: error.message) { raw in
    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
  }
}

/// The last error of `interpreter`.
func lastError(_ interpreter: OpaquePointer) -> gml_error {
  gml_interpreter_last_error(interpreter)?.pointee ?? gml_error()
}

/// `info.dims` as an array of all `GML_MAX_RANK` entries.
func dims(_ info: gml_tensor_info) -> [Int64] {
  withUnsafeBytes(of: info.dims) { Array($0.bindMemory(to: Int64.self)) }
}

/// Input (or output) `index` of `interpreter`, asserting success.
func tensorInfo(_ interpreter: OpaquePointer, output: Bool = false, _ index: Int = 0)
  -> gml_tensor_info
{
  var info = gml_tensor_info()
  let status =
    output
    ? gml_interpreter_output_info(interpreter, index, &info)
    : gml_interpreter_input_info(interpreter, index, &info)
  XCTAssertEqual(status, GML_OK)
  return info
}

/// `count` bytes of input data: random floats in [0, 1) for a float32
/// input, random int8 otherwise.
func randomInput(_ info: gml_tensor_info, _ rng: inout SplitMix64) -> [UInt8] {
  if info.type == GML_TYPE_FLOAT32 {
    return (0..<info.element_count).flatMap { _ -> [UInt8] in
      let v = Float(rng.next() >> 40) / Float(1 << 24)
      return (0..<4).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * $0)) }
    }
  }
  return (0..<info.byte_size).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
}
