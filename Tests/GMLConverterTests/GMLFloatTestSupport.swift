// GMLConverterTests/GMLFloatTestSupport.swift — builds gml-float models in every form in a scratch folder.
import Foundation
import GMLConverter
import GMLTestSupport
import XCTest

/// The constants of the tiny test model: name, shape, values.
let tinyConstants: [(name: String, shape: [Int], values: [Float])] = [
  ("conv.w", [2, 3, 3, 1], (0..<18).map { Float($0) * 0.125 - 1 }),
  ("conv.b", [2], [0.5, -0.25]),
  ("fc.w", [3, 8], (0..<24).map { Float($0 % 7) * 0.5 - 1.5 }),
  ("fc.b", [3], [0, 1, -1]),
]

/// The tiny model's document around the given `"tensors"` members.
func tinyDocument(tensors: [String], weights: String? = nil) -> String {
  """
  {
    "format": "gml-float",
    "version": 1,
    "name": "tiny",
    \(weights.map { "\"weights\": \"\($0)\"," } ?? "")
    "inputs": [{"name": "image", "shape": [1, 4, 4, 1], "dtype": "float32"}],
    "outputs": ["probs"],
    "x-producer": {"tool": "tests"},
    "tensors": {
      \(tensors.joined(separator: ",\n    "))
    },
    "nodes": [
      {"name": "conv", "op": "Conv2D", "inputs": ["image", "conv.w", "conv.b"], "outputs": ["c"],
       "attrs": {"strides": [1, 1], "padding": "same", "activation": "relu"}},
      {"name": "pool", "op": "MaxPool2D", "inputs": ["c"], "outputs": ["p"],
       "attrs": {"pool_size": [2, 2]}},
      {"name": "flat", "op": "Flatten", "inputs": ["p"], "outputs": ["f"]},
      {"name": "fc", "op": "Dense", "inputs": ["f", "fc.w", "fc.b"], "outputs": ["logits"]},
      {"name": "softmax", "op": "Softmax", "inputs": ["logits"], "outputs": ["probs"],
       "x-note": "ignored"}
    ]
  }
  """
}

/// The tiny model's document with every constant inline.
func tinyInlineDocument() -> String {
  tinyDocument(
    tensors: tinyConstants.map { c in
      "\"\(c.name)\": {\"shape\": \(c.shape), \"data\": \(c.values)}"
    })
}

/// Little-endian float32 bytes.
func float32Bytes(_ values: [Float]) -> [UInt8] {
  values.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * $0)) } }
}

/// A `.npy` file (version 1.0) of `payload` with the given descr and shape.
func npyFile(descr: String, shape: [Int], payload: [UInt8]) -> [UInt8] {
  let dims = shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? "," : "")
  var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': (\(dims)), }"
  header += String(repeating: " ", count: 63 - (10 + header.utf8.count) % 64) + "\n"
  let length = header.utf8.count
  return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)]
    + Array(header.utf8) + payload
}

/// A scratch folder for model files, removed by `remove()`.
struct ModelFolder {
  let directory: TemporaryDirectory

  init() throws { directory = try TemporaryDirectory() }

  func path(_ name: String) -> String { directory.path(name) }

  /// Writes `bytes` to `name`; returns its path.
  @discardableResult
  func write(_ name: String, _ bytes: [UInt8]) throws -> String {
    let path = directory.path(name)
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  @discardableResult
  func write(_ name: String, _ text: String) throws -> String { try write(name, Array(text.utf8)) }

  func remove() { directory.remove() }
}

/// Asserts that loading `path` fails with exactly `file`, `place` and
/// `message`; with the default limits, also that a whole conversion fails
/// with the same error and leaves nothing in the output folder.
func assertLoadError(
  _ path: String, errorFile: String? = nil, place: String, _ message: String,
  limits: GMLFloatLimits = GMLFloatLimits(), file: StaticString = #filePath, line: UInt = #line
) {
  let expected = ConversionError(file: errorFile ?? path, place: place, message)
  XCTAssertThrowsError(try GMLFloatLoader.load(path: path, limits: limits), file: file, line: line)
  {
    XCTAssertEqual($0 as? ConversionError, expected, file: file, line: line)
  }
  guard limits == GMLFloatLimits(), let out = try? TemporaryDirectory() else { return }
  defer { out.remove() }
  XCTAssertThrowsError(
    try Converter.convert(input: path, output: out.path("model.gml")), file: file, line: line
  ) {
    XCTAssertEqual($0 as? ConversionError, expected, file: file, line: line)
  }
  XCTAssertEqual(
    try FileManager.default.contentsOfDirectory(atPath: out.url.path), [],
    "a failed conversion left files behind", file: file, line: line)
}

/// A one-node document: graph input `x` [1, 4, 4, 2], inline constants
/// `k1`…`k5` of shape [2], and `node` as `nodes[0]`, whose output should be `y`.
func nodeDocument(_ node: String) -> String {
  let constants = (1...5).map { "\"k\($0)\": {\"shape\": [2], \"data\": [1, 2]}" }
  return """
    {"format": "gml-float", "version": 1, "name": "one",
     "inputs": [{"name": "x", "shape": [1, 4, 4, 2]}], "outputs": ["y"],
     "tensors": {\(constants.joined(separator: ", "))},
     "nodes": [\(node)]}
    """
}

/// `base` with its one occurrence of `old` replaced by `new`.
func replacing(
  _ base: String, _ old: String, _ new: String, file: StaticString = #filePath, line: UInt = #line
) -> String {
  let parts = base.components(separatedBy: old)
  XCTAssertEqual(parts.count, 2, "'\(old)' must occur exactly once", file: file, line: line)
  return parts.joined(separator: new)
}

/// A document running recurrent op `op` (LSTM, GRU), named after it in
/// lower case, over x [1, steps, features]: its weights the constants `w`
/// and `r`, its bias `b` unless nil (each a shape in JSON and values).
func recurrentDocument(
  _ op: String, steps: Int, features: Int, w: (String, [Float]), r: (String, [Float]),
  b: (String, [Float])?, attrs: String
) -> String {
  func constant(_ name: String, _ c: (String, [Float])) -> String {
    "\"\(name)\": {\"shape\": \(c.0), \"data\": [\(c.1.map { "\($0)" }.joined(separator: ", "))]}"
  }
  let constants = [constant("w", w), constant("r", r)] + (b.map { [constant("b", $0)] } ?? [])
  return """
    {"format": "gml-float", "version": 1, "name": "\(op.lowercased())",
     "inputs": [{"name": "x", "shape": [1, \(steps), \(features)]}], "outputs": ["y"],
     "tensors": {\(constants.joined(separator: ", "))},
     "nodes": [{"name": "\(op.lowercased())", "op": "\(op)",
                "inputs": ["x", "w", "r"\(b == nil ? "" : ", \"b\"")],
                "outputs": ["y"], "attrs": \(attrs)}]}
    """
}

/// The graph of gml-float document `text`, written to a temporary file.
func loadDocument(_ text: String) throws -> Graph {
  let folder = try ModelFolder()
  defer { folder.remove() }
  return try GMLFloatLoader.load(path: try folder.write("m.json", text))
}
