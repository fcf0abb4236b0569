// GMLConverterTests/GMLFloatMalformedTensorTests.swift — malformed constants: dtype, data sources, .bin ranges, .npz arrays, inline data.
import GMLConverter
import XCTest

final class GMLFloatMalformedTensorTests: XCTestCase {
  private var folder: ModelFolder!

  override func setUpWithError() throws { folder = try ModelFolder() }
  override func tearDown() { folder.remove() }

  /// Loads a document whose only constant is `w` (`entry` is its JSON
  /// object) beside `weights`, and asserts the error.
  private func assertTensorError(
    _ entry: String, weights: String? = nil, place: String, _ message: String,
    file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let doc = """
      {"format": "gml-float", "version": 1, \(weights.map { "\"weights\": \"\($0)\"," } ?? "")
       "inputs": [{"name": "x", "shape": [1, 2]}], "outputs": ["y"],
       "tensors": {"w": \(entry)},
       "nodes": [{"name": "n", "op": "Add", "inputs": ["x", "w"], "outputs": ["y"]}]}
      """
    let path = try folder.write("m.json", doc)
    assertLoadError(path, place: place, message, file: file, line: line)
  }

  func testKeysAndDtype() throws {
    try assertTensorError(
      "{\"shape\": [2], \"data\": [1, 2], \"scale\": 1}", place: "tensors.w.scale",
      "unknown key \"scale\" for a tensor; expected \"shape\", \"dtype\", \"offset\", \"length\", "
        + "\"array\", \"data\" or an x- key")
    for dtype in ["float64", "int8", "bool", "f4"] {
      try assertTensorError(
        "{\"shape\": [2], \"dtype\": \"\(dtype)\", \"data\": [1, 2]}", place: "tensors.w.dtype",
        "unsupported dtype \"\(dtype)\"; expected \"float32\", \"float16\", \"int32\" or \"int64\"")
    }
    try assertTensorError(
      "[1, 2]", place: "tensors.w", "expected an object, got an array")
  }

  func testExactlyOneDataSource() throws {
    try assertTensorError(
      "{\"shape\": [2]}", place: "tensors.w",
      "no data: expected one of \"offset\" with \"length\", \"array\", or \"data\"")
    try assertTensorError(
      "{\"shape\": [2], \"data\": [1, 2], \"array\": \"w\"}", place: "tensors.w",
      "more than one data source: give only one of \"offset\"/\"length\", \"array\", \"data\"")
    try assertTensorError(
      "{\"shape\": [2], \"data\": [1, 2], \"offset\": 0, \"length\": 8}", place: "tensors.w",
      "more than one data source: give only one of \"offset\"/\"length\", \"array\", \"data\"")
    try folder.write("w.bin", float32Bytes([1, 2]))
    try assertTensorError(
      "{\"shape\": [2], \"offset\": 0}", weights: "w.bin", place: "tensors.w.length",
      "missing required key \"length\"")
    try assertTensorError(
      "{\"shape\": [2], \"length\": 8}", weights: "w.bin", place: "tensors.w.offset",
      "missing required key \"offset\"")
  }

  func testRawBinRanges() throws {
    try folder.write("w.bin", float32Bytes([1, 2, 3]))
    try assertTensorError(
      "{\"shape\": [2], \"offset\": 0, \"length\": 8}", place: "tensors.w.offset",
      "\"offset\"/\"length\" address a raw .bin; set \"weights\" to a .bin file")
    try assertTensorError(
      "{\"shape\": [2], \"offset\": 0, \"length\": 4}", weights: "w.bin", place: "tensors.w.length",
      "length 4 does not match the shape and dtype: 2 float32 elements take 8 bytes")
    try assertTensorError(
      "{\"shape\": [2], \"dtype\": \"int64\", \"offset\": 0, \"length\": 8}", weights: "w.bin",
      place: "tensors.w.length",
      "length 8 does not match the shape and dtype: 2 int64 elements take 16 bytes")
    try assertTensorError(
      "{\"shape\": [2], \"offset\": 8, \"length\": 8}", weights: "w.bin", place: "tensors.w.offset",
      "offset 8 + length 8 runs past the end of w.bin (12 bytes)")
    try assertTensorError(
      "{\"shape\": [2], \"offset\": 9223372036854775807, \"length\": 8}", weights: "w.bin",
      place: "tensors.w.offset",
      "offset 9223372036854775807 + length 8 runs past the end of w.bin (12 bytes)")
    try assertTensorError(
      "{\"shape\": [2], \"offset\": -4, \"length\": 8}", weights: "w.bin",
      place: "tensors.w.offset",
      "integer -4 is out of range; expected an integer ≥ 0")
    try assertTensorError(
      "{\"shape\": [2], \"offset\": 0.5, \"length\": 8}", weights: "w.bin",
      place: "tensors.w.offset",
      "expected an integer, got the number 0.5")
    try assertTensorError(
      "{\"shape\": [2], \"array\": \"w\"}", weights: "w.bin", place: "tensors.w.array",
      "\"array\" needs .npz weights; set \"weights\" to a .npz file")
  }

  func testIntegerConstantsMustBeExactInFloat() throws {
    try folder.write("w.bin", [1, 0, 0, 0] + [1, 0, 0, 1])  // 1 and 16777217
    try assertTensorError(
      "{\"shape\": [2], \"dtype\": \"int32\", \"offset\": 0, \"length\": 8}", weights: "w.bin",
      place: "tensors.w",
      "int32 value 16777217 at element 1 is not exactly representable as float32")
    try assertTensorError(
      "{\"shape\": [2], \"dtype\": \"int64\", \"data\": [1, 16777217]}", place: "tensors.w.data[1]",
      "int64 value 16777217 is not exactly representable as float32")
    try assertTensorError(
      "{\"shape\": [2], \"dtype\": \"int32\", \"data\": [1, 2147483648]}",
      place: "tensors.w.data[1]",
      "integer 2147483648 is out of range; expected an integer in -2147483648...2147483647")
    try assertTensorError(
      "{\"shape\": [2], \"dtype\": \"int32\", \"data\": [1, 2.5]}", place: "tensors.w.data[1]",
      "expected an integer, got the number 2.5")
  }

  func testNpzArrays() throws {
    let good = npyFile(descr: "<f4", shape: [2], payload: float32Bytes([1, 2]))
    let archive = ZipTestWriter.archive([
      ZipTestEntry("w.npy", good),
      ZipTestEntry(
        "wide.npy", npyFile(descr: "<f4", shape: [3], payload: float32Bytes([1, 2, 3]))),
      ZipTestEntry("half.npy", npyFile(descr: "<f2", shape: [2], payload: [0, 0x3C, 0, 0x40])),
      ZipTestEntry("bad.npy", Array("not numpy".utf8)),
    ])
    let npz = try folder.write("w.npz", archive)
    try assertTensorError(
      "{\"shape\": [2], \"array\": \"v\"}", weights: "w.npz", place: "tensors.w.array",
      "no entry \"v.npy\" in \(npz)")
    try assertTensorError(
      "{\"shape\": [2], \"array\": \"wide\"}", weights: "w.npz", place: "tensors.w.array",
      "array \"wide.npy\" has shape [3] but the tensor's shape is [2]")
    try assertTensorError(
      "{\"shape\": [2], \"array\": \"half\"}", weights: "w.npz", place: "tensors.w.array",
      "array \"half.npy\" is float16 but the tensor's dtype is float32 (the default); add \"dtype\""
    )
    try assertTensorError(
      "{\"shape\": [2], \"dtype\": \"int32\", \"array\": \"w\"}", weights: "w.npz",
      place: "tensors.w.array", "array \"w.npy\" is float32 but the tensor's dtype is int32")
    try assertTensorError(
      "{\"shape\": [2], \"offset\": 0, \"length\": 8}", weights: "w.npz", place: "tensors.w.offset",
      "\"offset\"/\"length\" address a raw .bin; set \"weights\" to a .bin file or use \"array\" "
        + "for .npz weights")
    try assertTensorError(
      "{\"shape\": [2], \"array\": \"\"}", weights: "w.npz", place: "tensors.w.array",
      "expected an array name, got an empty string")
    let doc = """
      {"format": "gml-float", "version": 1, "weights": "w.npz",
       "inputs": [{"name": "x", "shape": [2]}], "outputs": ["x"],
       "tensors": {"w": {"shape": [2], "array": "bad"}}, "nodes": []}
      """
    assertLoadError(
      try folder.write("m.json", doc), errorFile: npz, place: "bad.npy",
      "not a valid .npy: wrong identifier at byte 0: not a .npy file: no \\x93NUMPY magic")
  }

  func testInlineData() throws {
    try assertTensorError(
      "{\"shape\": [2], \"data\": [1, 2, 3]}", place: "tensors.w.data",
      "expected 2 numbers (the shape's element count), got 3")
    try assertTensorError(
      "{\"shape\": [2], \"data\": [[1, 2]]}", place: "tensors.w.data",
      "expected 2 numbers (the shape's element count), got 1")
    try assertTensorError(
      "{\"shape\": [1], \"data\": [[1]]}", place: "tensors.w.data[0]",
      "expected a number, got an array")
    try assertTensorError(
      "{\"shape\": [2], \"data\": [1, \"2\"]}", place: "tensors.w.data[1]",
      "expected a number, got a string")
    try assertTensorError(
      "{\"shape\": [2], \"data\": [1, null]}", place: "tensors.w.data[1]",
      "expected a number, got null")
    try assertTensorError(
      "{\"shape\": [2], \"data\": [1, 1e39]}", place: "tensors.w.data[1]",
      "number 1e39 is out of the float32 range")
    try assertTensorError(
      "{\"shape\": [2], \"dtype\": \"float16\", \"data\": [1, 65520]}", place: "tensors.w.data[1]",
      "number is out of the float16 range")
    try assertTensorError(
      "{\"shape\": [2], \"data\": {\"0\": 1}}", place: "tensors.w.data",
      "expected an array, got an object")
  }
}
