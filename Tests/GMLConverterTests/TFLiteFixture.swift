// GMLConverterTests/TFLiteFixture.swift — reads Fixtures/tflite (manifest.json, .tflite, .npy, .npz) and runs imported models.
import Foundation
import GMLCore
import GMLFormat
import GMLNumPy
import GMLRuntime
import GMLTestSupport
import XCTest

@testable import GMLConverter

/// `Fixtures/tflite/manifest.json`, written by `tools/make_tflite_fixtures.py`.
struct TFLiteManifest: Decodable {
  struct Entry: Decodable {
    var name: String
    var variant: String
    var file: String
    var input: String
    var output: String
    var ops: [String]
    var tensors: String?
    var tensorNames: [String: String]?
    /// LiteRT's kernels that made `output`: `BUILTIN_REF`, or the builtin
    /// ones for a model with an op that BUILTIN_REF lacks.
    var kernels: String?

    enum CodingKeys: String, CodingKey {
      case name, variant, file, input, output, ops, tensors, kernels
      case tensorNames = "tensor_names"
    }

    /// Whether LiteRT's reference kernels made the outputs, so gml's must
    /// equal them byte for byte.
    var byReferenceKernels: Bool { (kernels ?? "BUILTIN_REF") == "BUILTIN_REF" }
  }

  struct Unsupported: Decodable {
    var file: String
    var ops: [String: [Int]]
  }

  var models: [Entry]
  var unsupported: Unsupported

  static let folder = RepositoryPaths.root().appendingPathComponent(
    "Tests/GMLConverterTests/Fixtures/tflite")

  static func load() throws -> TFLiteManifest {
    let data = try Data(contentsOf: folder.appendingPathComponent("manifest.json"))
    return try JSONDecoder().decode(TFLiteManifest.self, from: data)
  }

  static func path(_ file: String) -> String { folder.appendingPathComponent(file).path }

  static func bytes(_ file: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: folder.appendingPathComponent(file)))
  }

  static func npy(_ file: String) throws -> NumPyArray { try NPY.read(try bytes(file)) }

  /// The decoded `.tflite` of `entry`.
  static func model(_ entry: Entry) throws -> TFLiteModel {
    try TFLiteModel(decoding: try bytes(entry.file), file: entry.file)
  }

  /// The decoded `.tflite` of fixture `name`'s `variant` ("float", "int8").
  static func model(_ name: String, _ variant: String) throws -> TFLiteModel {
    let entry = try load().models.first { $0.name == name && $0.variant == variant }
    guard let entry else { throw FixtureMissing(name: "\(name) (\(variant))") }
    return try model(entry)
  }

  struct FixtureMissing: Error { var name: String }
}

/// Asserts that importing `model` fails and reports its operator 0 with
/// `reason`, as the importer lists an unsupported operator.
func assertFirstOperatorRefused(
  _ model: TFLiteModel, _ name: String, _ reason: String, line: UInt = #line
) {
  XCTAssertThrowsError(try TFLiteImporter.importModel(model, file: "m.tflite"), line: line) {
    XCTAssertTrue(
      (($0 as? ConversionError)?.message ?? "").contains("\(name) (\(reason)) ×1 at operator 0"),
      "\($0)", line: line)
  }
}

/// One operator's output after a run: the gml operator, its output
/// tensor's name and bytes.
struct OperatorOutput {
  var index: Int
  var opcode: OpCode
  var tensor: String
  var bytes: [UInt8]
}

/// Runs `definition` on one input with every tensor kept.
/// - Returns: the first output's bytes and every operator's output.
func runKeepingTensors(_ definition: ModelDefinition, input: [UInt8]) throws -> (
  output: [UInt8], operators: [OperatorOutput]
) {
  let file = ModelWriter.write(definition)
  let subgraph = definition.subgraphs[0]
  return try file.withUnsafeBytes { raw in
    let model = try Model(verifying: raw)
    var interpreter = try Interpreter(
      model: model, options: Interpreter.Options(preserveAllTensors: true))
    try interpreter.copyInput(input, at: 0)
    try interpreter.invoke()
    let outputs = subgraph.operators.enumerated().map { i, op in
      OperatorOutput(
        index: i, opcode: op.opcode, tensor: subgraph.tensors[Int(op.outputs[0])].name,
        bytes: interpreter.copyTensor(at: Int(op.outputs[0])))
    }
    return (interpreter.copyOutput(at: 0), outputs)
  }
}

/// The bytes an int8 fixture's conversion must give on every tier, thread
/// count and fusion: LiteRT's, where its reference kernels made them; else
/// (LiteRT's builtin kernels, whose float DEQUANTIZE rounds twice) gml's own
/// on its reference kernels, which `testInt8ModelsMatchLiteRTByteForByte`
/// holds within one step of LiteRT's.
func expectedInt8Output(_ entry: TFLiteManifest.Entry, _ definition: ModelDefinition) throws
  -> [UInt8]
{
  if entry.byReferenceKernels { return try TFLiteManifest.npy(entry.output).bytes }
  let file = ModelWriter.write(definition)
  return try file.withUnsafeBytes { raw in
    var interpreter = try Interpreter(
      model: try Model(verifying: raw), options: Interpreter.Options(kernels: .reference))
    try interpreter.copyInput(try TFLiteManifest.npy(entry.input).bytes, at: 0)
    try interpreter.invoke()
    return interpreter.copyOutput(at: 0)
  }
}

/// The first operator whose output differs from LiteRT's (found in the
/// fixture's `.npz` of every tensor, matched by TFLite tensor index), as
/// a message; nil when every operator agrees.
func firstDifferingOperator(
  _ outputs: [OperatorOutput], tflite: TFLiteModel, tensors archive: ZipArchive
) throws -> String? {
  let names = TFLiteGraphBuilder.uniqueNames(tflite.tensors)
  var index: [String: Int] = [:]
  for (i, name) in names.enumerated() { index[name] = i }
  for out in outputs {
    guard let t = index[out.tensor], archive.entry(named: "t\(t).npy") != nil else { continue }
    let expected = try NPY.read(try archive.data("t\(t).npy")).bytes
    guard expected != out.bytes else { continue }
    let at =
      zip(expected, out.bytes).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? 0
    let detail =
      expected.count != out.bytes.count
      ? "\(out.bytes.count) bytes, LiteRT \(expected.count)"
      : "first difference at byte \(at): gml \(Int8(bitPattern: out.bytes[at])), "
        + "LiteRT \(Int8(bitPattern: expected[at])); "
        + "\(zip(expected, out.bytes).filter { $0 != $1 }.count) of \(expected.count) bytes differ"
    return "first differing operator: gml operator \(out.index) (\(out.opcode.schemaName)), "
      + "tensor '\(out.tensor)' (TFLite tensor \(t)): \(detail)"
  }
  return nil
}

/// Little-endian float32 bytes as values.
func floats(_ bytes: [UInt8]) -> [Float] { LittleEndian.floats(bytes) }

/// Asserts that the LSTM at operator 0 of `model`, edited by `edit`, is
/// refused with `reason`.
func assertLSTMRefused(
  _ model: TFLiteModel, _ edit: (inout TFLiteModel) -> Void, _ reason: String,
  line: UInt = #line
) {
  var m = model
  edit(&m)
  assertFirstOperatorRefused(m, "UNIDIRECTIONAL_SEQUENCE_LSTM", reason, line: line)
}
