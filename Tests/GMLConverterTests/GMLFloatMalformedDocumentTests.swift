// GMLConverterTests/GMLFloatMalformedDocumentTests.swift — malformed files, headers, inputs, outputs and weights paths.
import GMLConverter
import XCTest

final class GMLFloatMalformedDocumentTests: XCTestCase {
  private var folder: ModelFolder!

  override func setUpWithError() throws { folder = try ModelFolder() }
  override func tearDown() { folder.remove() }

  /// Writes the inline tiny document with `old` replaced by `new`, and
  /// asserts loading it fails at `place` with `message`.
  private func assertError(
    replacing old: String, with new: String, place: String, _ message: String,
    file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let doc = replacing(tinyInlineDocument(), old, new, file: file, line: line)
    let path = try folder.write("m.json", doc)
    assertLoadError(path, place: place, message, file: file, line: line)
  }

  func testFileLevelErrors() throws {
    assertLoadError(folder.path("none.json"), place: "", "no such file")
    assertLoadError(
      folder.path("m.txt"), place: "",
      "unknown gml-float file type; expected .json, .json.gz, .npz or .gmz")
    try folder.write("d.json/x", "")
    assertLoadError(folder.path("d.json"), place: "", "is a directory; expected a file")
    let big = try folder.write("big.json", tinyInlineDocument())
    assertLoadError(
      big, place: "", "file of \(tinyInlineDocument().utf8.count) bytes is above the limit of 100",
      limits: GMLFloatLimits(maxFileBytes: 100))
    assertLoadError(
      big, place: "", "file of \(tinyInlineDocument().utf8.count) bytes is above the limit of 100",
      limits: GMLFloatLimits(json: JSONLimits(maxBytes: 100)))
    let gzipped = try folder.write(
      "big.json.gz", ZipTestWriter.deflate(Array(tinyInlineDocument().utf8), gzip: true))
    assertLoadError(
      gzipped, place: "",
      "gzip data: limit exceeded: decompressed data exceeds its cap or declared size",
      limits: GMLFloatLimits(json: JSONLimits(maxBytes: 100)))
    let gz = try folder.write("bad.json.gz", [0x1F, 0x8B, 8, 0, 0, 0])
    assertLoadError(gz, place: "", "gzip data: truncated: compressed stream ends early")
    let syntax = try folder.write("s.json", "{\"format\": \"gml-float\",\n  \"version\": 1,,}")
    assertLoadError(syntax, place: "2:16", "expected a double-quoted key")
    let array = try folder.write("a.json", "[]")
    assertLoadError(array, place: "", "expected an object, got an array")
  }

  func testArchiveWithoutModelJSON() throws {
    let path = try folder.write("m.gmz", ZipTestWriter.archive([ZipTestEntry("w.npy", [1])]))
    assertLoadError(
      path, place: "",
      "archive has no \"model.json\" entry; a single-file model holds the document as model.json "
        + "beside its .npy arrays")
    let broken = try folder.write("b.npz", "not a zip at all, not at all")
    assertLoadError(
      broken, place: "", "not a zip archive (or truncated): no end-of-central-directory record")
    let big = try folder.write(
      "big.gmz",
      ZipTestWriter.archive([ZipTestEntry("model.json", Array(tinyInlineDocument().utf8))]))
    assertLoadError(
      big, place: "model.json",
      "JSON document of \(tinyInlineDocument().utf8.count) bytes is above the limit of 100",
      limits: GMLFloatLimits(json: JSONLimits(maxBytes: 100)))
    let json = try folder.write(
      "j.gmz", ZipTestWriter.archive([ZipTestEntry("model.json", Array("{".utf8))]))
    assertLoadError(
      json, errorFile: "\(json)(model.json)", place: "1:2",
      "unexpected end of the document inside an object")
  }

  func testFormatAndVersion() throws {
    try assertError(
      replacing: "\"format\": \"gml-float\",", with: "", place: "format",
      "missing required key \"format\"")
    try assertError(
      replacing: "\"gml-float\"", with: "\"onnx\"", place: "format",
      "expected \"gml-float\", got \"onnx\"")
    try assertError(
      replacing: "\"gml-float\"", with: "3", place: "format", "expected a string, got the integer 3"
    )
    try assertError(
      replacing: "\"version\": 1", with: "\"version\": 2", place: "version",
      "unsupported version 2; this build reads gml-float version 1")
    try assertError(
      replacing: "\"version\": 1", with: "\"version\": 1.0", place: "version",
      "expected an integer, got the number 1.0")
    try assertError(
      replacing: "\"version\": 1,", with: "", place: "version", "missing required key \"version\"")
  }

  func testUnknownTopLevelKey() throws {
    try assertError(
      replacing: "\"x-producer\"", with: "\"producer\"", place: "producer",
      "unknown key \"producer\" for a gml-float document; expected \"format\", \"version\", "
        + "\"name\", \"weights\", \"inputs\", \"outputs\", \"tensors\", \"nodes\" or an x- key")
  }

  func testName() throws {
    try assertError(
      replacing: "\"name\": \"tiny\"", with: "\"name\": \"\"", place: "name",
      "expected a non-empty string, got an empty string")
    try assertError(
      replacing: "\"name\": \"tiny\"", with: "\"name\": [\"tiny\"]", place: "name",
      "expected a non-empty string, got an array")
  }

  func testGraphInputs() throws {
    let input = "[{\"name\": \"image\", \"shape\": [1, 4, 4, 1], \"dtype\": \"float32\"}]"
    try assertError(
      replacing: input, with: "[]", place: "inputs", "expected at least one graph input")
    try assertError(
      replacing: input, with: "{}", place: "inputs", "expected an array, got an object")
    try assertError(
      replacing: input, with: "[3]", place: "inputs[0]", "expected an object, got the integer 3")
    try assertError(
      replacing: "\"dtype\": \"float32\"}]", with: "\"dtype\": \"float16\"}]",
      place: "inputs[0].dtype", "a graph input's dtype is \"float32\" or \"int32\", got \"float16\""
    )
    try assertError(
      replacing: "\"dtype\": \"float32\"}]", with: "\"layout\": \"NHWC\"}]",
      place: "inputs[0].layout",
      "unknown key \"layout\" for a graph input; expected \"name\", \"shape\", \"dtype\" or an x- key"
    )
    try assertError(
      replacing: "{\"name\": \"image\", ", with: "{", place: "inputs[0].name",
      "missing required key \"name\"")
    try assertError(
      replacing: input, with: String(input.dropLast()) + ", {\"name\": \"image\", \"shape\": [1]}]",
      place: "inputs[1].name", "graph input \"image\" is already declared at inputs[0]")
    try assertError(
      replacing: "\"shape\": [1, 4, 4, 1]", with: "\"shape\": 4", place: "inputs[0].shape",
      "expected an array, got the integer 4")
  }

  func testShapes() throws {
    let shape = "\"shape\": [1, 4, 4, 1]"
    try assertError(
      replacing: shape, with: "\"shape\": [1, 0, 4, 1]", place: "inputs[0].shape[1]",
      "dimensions must be positive integers, got 0")
    try assertError(
      replacing: shape, with: "\"shape\": [-1, 4, 4, 1]", place: "inputs[0].shape[0]",
      "dimensions must be positive integers, got -1")
    try assertError(
      replacing: shape, with: "\"shape\": [1, 4.5, 4, 1]", place: "inputs[0].shape[1]",
      "expected an integer, got the number 4.5")
    try assertError(
      replacing: shape, with: "\"shape\": [1, 1, 1, 1, 1, 1, 1, 1, 1]", place: "inputs[0].shape",
      "rank 9 is above the limit of 8")
    try assertError(
      replacing: shape, with: "\"shape\": [4294967296, 4294967296, 4294967296]",
      place: "inputs[0].shape",
      "shape [4294967296, 4294967296, 4294967296] has more than 2147483647 elements")
    try assertError(
      replacing: shape, with: "\"shape\": [99999999999999999999]", place: "inputs[0].shape[0]",
      "integer 99999999999999999999 is out of range; expected a 64-bit integer")
    try assertError(
      replacing: "\"shape\": [2], \"data\"", with: "\"data\"", place: "tensors[\"conv.b\"].shape",
      "missing required key \"shape\"")
  }

  func testGraphOutputs() throws {
    let outputs = "\"outputs\": [\"probs\"],\n  \"x-"
    try assertError(
      replacing: outputs, with: "\"outputs\": [],\n  \"x-", place: "outputs",
      "expected at least one graph output")
    try assertError(
      replacing: outputs, with: "\"outputs\": [\"probs\", \"probs\"],\n  \"x-",
      place: "outputs[1]", "graph output \"probs\" is listed twice")
    try assertError(
      replacing: outputs, with: "\"outputs\": [1],\n  \"x-", place: "outputs[0]",
      "expected a non-empty tensor name, got the integer 1")
    try assertError(
      replacing: outputs, with: "\"x-", place: "outputs", "missing required key \"outputs\"")
  }

  func testNameUsedByAGraphInputAndAConstant() throws {
    try assertError(
      replacing: "\"conv.b\": {", with: "\"image\": {", place: "tensors.image",
      "\"image\" is already a graph input (inputs[0]); rename one of them")
  }

  func testWeightsPaths() throws {
    let cases: [(String, String)] = [
      (
        "\"/tmp/w.bin\"",
        "weights path \"/tmp/w.bin\" must stay beside the model: no absolute path, no '..'"
      ),
      (
        "\"../w.bin\"",
        "weights path \"../w.bin\" must stay beside the model: no absolute path, no '..'"
      ),
      (
        "\"a/../../w.bin\"",
        "weights path \"a/../../w.bin\" must stay beside the model: no absolute path, no '..'"
      ),
      (
        "\"w.h5\"", "weights file \"w.h5\" must be a raw .bin or a .npz/.gmz archive of .npy arrays"
      ),
      ("\"\"", "expected a relative file name, got an empty string"),
      ("3", "expected a relative file name, got the integer 3"),
      (
        "\"missing.bin\"",
        "weights file \"missing.bin\" (\(folder.path("missing.bin"))): no such file"
      ),
    ]
    for (value, message) in cases {
      try assertError(
        replacing: "\"name\": \"tiny\",", with: "\"name\": \"tiny\", \"weights\": \(value),",
        place: "weights", message)
    }
  }

  func testWeightsInsideAnArchive() throws {
    let json = tinyDocument(tensors: [], weights: "other.npz")
    let path = try folder.write(
      "m.gmz", ZipTestWriter.archive([ZipTestEntry("model.json", Array(json.utf8))]))
    assertLoadError(
      path, errorFile: "\(path)(model.json)", place: "weights",
      "a model inside an archive reads its arrays from that archive; leave out \"weights\" or set "
        + "it to \"m.gmz\"")
  }
}
