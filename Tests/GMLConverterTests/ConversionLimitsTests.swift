// GMLConverterTests/ConversionLimitsTests.swift — ConversionLimits reach every file a conversion or validation reads.
import Foundation
import GMLCore
import GMLFlatBuffers
import GMLFormat
import GMLNumPy
import GMLTestSupport
import XCTest

@testable import GMLConverter

final class ConversionLimitsTests: XCTestCase {
  private var folder: ModelFolder!

  override func setUpWithError() throws { folder = try ModelFolder() }
  override func tearDown() { folder.remove() }

  /// Converts `input` with `limits`, expecting an error containing
  /// `fragments` and no output file; then converts with the defaults.
  private func assertRefused(
    _ input: String, _ fragments: [String], limits: ConversionLimits,
    quantize: QuantizationMode = .none, calibration: String? = nil, line: UInt = #line
  ) {
    let output = folder.path("out.gml")
    var options = ConversionOptions(quantize: quantize, calibration: calibration, limits: limits)
    assertConversionError(fragments, line: line) {
      _ = try Converter.convert(input: input, output: output, options: options)
    }
    XCTAssertFalse(FileManager.default.fileExists(atPath: output), line: line)
    options.limits = ConversionLimits()
    XCTAssertNoThrow(
      try Converter.convert(input: input, output: output, options: options), line: line)
    try? FileManager.default.removeItem(atPath: output)
  }

  func testTFLiteLimits() throws {
    let bytes = TFLiteTestWriter.write(TFLiteTestModels.dense)
    let path = try folder.write("m.tflite", bytes)
    assertRefused(
      path,
      [
        "m.tflite:subgraphs[0].operators: error: 1 operators, above the limit of 0 "
          + "(ConversionLimits.maxTFLiteOperators)"
      ], limits: ConversionLimits(maxTFLiteOperators: 0))
    assertRefused(
      path, ["m.tflite: error: file of \(bytes.count) bytes is above the limit of 100"],
      limits: ConversionLimits(maxTFLiteFileBytes: 100))
    assertRefused(
      path, ["VerifierLimits.maxDepth"],
      limits: ConversionLimits(tflite: VerifierLimits(maxDepth: 2)))
  }

  func testGMLFloatLimitsComeFromTheOptions() throws {
    let path = try folder.write("m.json", tinyInlineDocument())
    assertRefused(
      path, ["m.json:nodes: error: 5 nodes, above the limit of 1"],
      limits: ConversionLimits(gmlFloat: GMLFloatLimits(maxNodes: 1)))
  }

  func testCalibrationFileLimits() throws {
    let path = try folder.write("m.json", tinyInlineDocument())
    let samples = try NumPyArray(
      float32: [Float](repeating: 0.5, count: 32), shape: Shape([2, 4, 4, 1]))
    let npy = try folder.write("c.npy", NPY.write(samples))
    let size = NPY.write(samples).count
    assertRefused(
      path, ["c.npy: error: file of \(size) bytes is above the limit of 86 (ConversionLimits)"],
      limits: ConversionLimits(npy: NPYLimits(maxHeaderLength: 10, maxBytes: 64)), quantize: .int8,
      calibration: npy)
    assertRefused(
      path, ["c.npy: error: limit exceeded: byte size too large"],
      limits: ConversionLimits(npy: NPYLimits(maxBytes: 64)), quantize: .int8, calibration: npy)
    let npz = try folder.write(
      "c.npz", ZipTestWriter.archive([ZipTestEntry("image.npy", NPY.write(samples))]))
    assertRefused(
      path, ["c.npz: error: archive has 1 entries, above the limit of 0"],
      limits: ConversionLimits(npz: ZipLimits(maxEntries: 0)), quantize: .int8, calibration: npz)
  }

  func testValidationLimits() throws {
    let model = try folder.write("m.json", tinyInlineDocument())
    let converted = folder.path("m.gml")
    _ = try Converter.convert(input: model, output: converted)
    let image = try NumPyArray(
      float32: [Float](repeating: 0, count: 16), shape: Shape([1, 4, 4, 1]))
    let data = try folder.write("x.npy", NPY.write(image))
    // One int64 label behind a 1,000-byte header: longer than the data's.
    let header =
      "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }"
      + String(repeating: " ", count: 1_000) + "\n"
    let length = header.utf8.count
    let labels = try folder.write(
      "y.npy",
      [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)]
        + Array(header.utf8) + [1, 0, 0, 0, 0, 0, 0, 0])
    assertConversionError(["y.npy: error: limit exceeded: header longer than NPYLimits"]) {
      _ = try Validation.validate(
        floatModel: model, model: converted, data: data, labels: labels,
        limits: ConversionLimits(npy: NPYLimits(maxHeaderLength: 200)))
    }
    assertConversionError(["x.npy: error: file of \(NPY.write(image).count) bytes is above"]) {
      _ = try Validation.validate(
        floatModel: model, model: converted, data: data,
        limits: ConversionLimits(npy: NPYLimits(maxHeaderLength: 10, maxBytes: 8)))
    }
    assertConversionError(["m.json:nodes: error: 5 nodes, above the limit of 1"]) {
      _ = try Validation.validate(
        floatModel: model, model: converted, data: data,
        limits: ConversionLimits(gmlFloat: GMLFloatLimits(maxNodes: 1)))
    }
    XCTAssertNoThrow(
      try Validation.validate(floatModel: model, model: converted, data: data, labels: labels))
  }

  /// A model that could pass what a `.gml` file holds is refused before
  /// the writer (which would trap) sees it.
  func testModelsPastTheFileSizeAreRefusedBeforeWriting() throws {
    var graph = try GMLFloatLoader.load(path: try folder.write("m.json", tinyInlineDocument()))
    graph.sourceFile = "m.json"
    let (model, _) = try Converter.convert(graph)
    let size = ModelWriter.write(model).count
    let bound = ModelWriter.sizeBound(of: model)
    XCTAssertEqual(try ModelWriter.checkedWrite(model, file: "m.json", limit: bound).count, size)
    assertConversionError([
      "m.json: error: the converted model needs up to \(bound) bytes (",
      " bytes of constants); a .gml file holds at most \(bound - 1) bytes",
    ]) {
      _ = try ModelWriter.checkedWrite(model, file: "m.json", limit: bound - 1)
    }
    XCTAssertEqual(ModelWriter.maxFileSize, Int(Int32.max))
  }
}
