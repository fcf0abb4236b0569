// GMLConverterTests/TFLiteReaderFixtureTests.swift — every .tflite file TensorFlow made (Fixtures/tflite) decodes and agrees with its manifest.
import Foundation
import GMLConverter
import XCTest

final class TFLiteReaderFixtureTests: XCTestCase {
  private let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/tflite")

  /// The `.tflite` files of the folder, sorted; skips when there are none.
  private func files() throws -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    let files = names.filter { $0.hasSuffix(".tflite") }.sorted()
    if files.isEmpty { throw XCTSkip("no .tflite fixtures in \(folder.path)") }
    return files
  }

  /// `manifest.json`: each model file → its entry (`ops`, `tensor_names`,
  /// quantization); `unsupported_ops.tflite` → its `operators`.
  private func manifest() throws -> [String: [String: Any]] {
    let data = try Data(contentsOf: folder.appendingPathComponent("manifest.json"))
    let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    var entries: [String: [String: Any]] = [:]
    for model in root["models"] as? [[String: Any]] ?? [] {
      if let file = model["file"] as? String { entries[file] = model }
    }
    if let unsupported = root["unsupported"] as? [String: Any],
      let file = unsupported["file"] as? String
    {
      entries[file] = ["ops": unsupported["operators"] ?? []]
    }
    return entries
  }

  /// Every file decodes, has operators whose names are the manifest's,
  /// only valid references (checked by the reader), and survives a
  /// rewrite by the test writer unchanged.
  func testEveryFixtureDecodes() throws {
    let manifest = try manifest()
    for name in try files() {
      let path = folder.appendingPathComponent(name).path
      let model = try TFLiteModel.load(path: path)
      XCTAssertFalse(model.operators.isEmpty, name)
      XCTAssertFalse(model.inputs.isEmpty, name)
      XCTAssertFalse(model.outputs.isEmpty, name)
      XCTAssertEqual(model.version, 3, name)
      XCTAssertTrue(model.tensors.contains { $0.data != nil }, name)
      let entry = try XCTUnwrap(manifest[name], "\(name) is not in manifest.json")
      XCTAssertEqual(model.operators.map(\.opName), entry["ops"] as? [String], name)
      for (index, tensorName) in entry["tensor_names"] as? [String: String] ?? [:] {
        XCTAssertEqual(model.tensors[try XCTUnwrap(Int(index))].name, tensorName, name)
      }
      if let q = entry["input_quantization"] as? [String: Any] {
        try assertQuantization(model.tensors[model.inputs[0]], q, name)
      }
      if let q = entry["output_quantization"] as? [String: Any] {
        try assertQuantization(model.tensors[model.outputs[0]], q, name)
      }
      let rewritten = TFLiteTestWriter.write(model)
      XCTAssertEqual(try TFLiteModel(decoding: rewritten, file: name), model, name)
    }
  }

  /// The int8 models' weights are per-channel: one scale per output channel.
  func testInt8WeightsArePerChannel() throws {
    for name in try files() where name.hasSuffix("_int8.tflite") {
      let model = try TFLiteModel.load(path: folder.appendingPathComponent(name).path)
      for op in model.operators where op.builtinCode == TFLiteBuiltin.conv2D {
        let weights = model.tensors[op.inputs[1]]
        XCTAssertEqual(weights.type, .int8, name)
        XCTAssertEqual(weights.quantization?.scales.count, weights.shape.first, name)
        XCTAssertEqual(weights.data?.count, weights.shape.reduce(1, *), name)
        XCTAssertEqual(model.tensors[op.inputs[2]].type, .int32, name)
      }
    }
  }

  private func assertQuantization(_ tensor: TFLiteTensor, _ q: [String: Any], _ name: String)
    throws
  {
    let scale = try XCTUnwrap((q["scale"] as? NSNumber)?.floatValue)
    let zeroPoint = try XCTUnwrap((q["zero_point"] as? NSNumber)?.int64Value)
    XCTAssertEqual(tensor.quantization?.scales, [scale], name)
    XCTAssertEqual(tensor.quantization?.zeroPoints, [zeroPoint], name)
  }
}
