// GMLConverterTests/GMLFloatMalformedNodeTests.swift — malformed nodes: fields, ops, input and output counts, names.
import XCTest

@testable import GMLConverter

final class GMLFloatMalformedNodeTests: XCTestCase {
  private var folder: ModelFolder!

  override func setUpWithError() throws { folder = try ModelFolder() }
  override func tearDown() { folder.remove() }

  /// Loads `nodeDocument(node)` and asserts the error.
  private func assertNodeError(
    _ node: String, place: String, _ message: String, file: StaticString = #filePath,
    line: UInt = #line
  ) throws {
    let path = try folder.write("m.json", nodeDocument(node))
    assertLoadError(path, place: place, message, file: file, line: line)
  }

  func testNodeList() throws {
    let path = try folder.write(
      "m.json", replacing(nodeDocument(""), "\"nodes\": []", "\"nodes\": {}"))
    assertLoadError(path, place: "nodes", "expected an array, got an object")
    let missing = try folder.write("n.json", replacing(nodeDocument(""), ",\n \"nodes\": []", ""))
    assertLoadError(missing, place: "nodes", "missing required key \"nodes\"")
    try assertNodeError("\"relu\"", place: "nodes[0]", "expected an object, got a string")
  }

  func testNodeFields() throws {
    try assertNodeError(
      "{\"name\": \"n\", \"op\": \"Relu\", \"inputs\": [\"x\"], \"outputs\": [\"y\"], \"type\": 1}",
      place: "nodes[0].type",
      "unknown key \"type\" for a node; expected \"name\", \"op\", \"inputs\", \"outputs\", "
        + "\"attrs\" or an x- key")
    try assertNodeError(
      "{\"op\": \"Relu\", \"inputs\": [\"x\"], \"outputs\": [\"y\"]}", place: "nodes[0].name",
      "missing required key \"name\"")
    try assertNodeError(
      "{\"name\": \"\", \"op\": \"Relu\", \"inputs\": [\"x\"], \"outputs\": [\"y\"]}",
      place: "nodes[0].name", "expected a non-empty node name, got an empty string")
    try assertNodeError(
      "{\"name\": \"n\", \"inputs\": [\"x\"], \"outputs\": [\"y\"]}", place: "nodes[0].op",
      "missing required key \"op\"")
    try assertNodeError(
      "{\"name\": \"n\", \"op\": \"Relu\", \"outputs\": [\"y\"]}", place: "nodes[0].inputs",
      "missing required key \"inputs\"")
    try assertNodeError(
      "{\"name\": \"n\", \"op\": \"Relu\", \"inputs\": [\"x\"]}", place: "nodes[0].outputs",
      "missing required key \"outputs\"")
    try assertNodeError(
      "{\"name\": \"n\", \"op\": \"Relu\", \"inputs\": \"x\", \"outputs\": [\"y\"]}",
      place: "nodes[0].inputs", "expected an array, got a string")
    try assertNodeError(
      "{\"name\": \"n\", \"op\": \"Relu\", \"inputs\": [\"\"], \"outputs\": [\"y\"]}",
      place: "nodes[0].inputs[0]", "expected a non-empty name, got an empty string")
    try assertNodeError(
      "{\"name\": \"n\", \"op\": \"Relu\", \"inputs\": [\"x\"], \"outputs\": [\"y\"], \"attrs\": []}",
      place: "nodes[0].attrs", "expected an object, got an array")
  }

  /// The message lists every op of the table, in its order.
  func testUnknownOp() throws {
    let known = GMLFloatOps.table.map(\.0).joined(separator: ", ")
    XCTAssertTrue(known.hasPrefix("Conv2D, DepthwiseConv2D, "), known)
    for name in ["Conv3D", "relu"] {
      try assertNodeError(
        "{\"name\": \"n\", \"op\": \"\(name)\", \"inputs\": [\"x\"], \"outputs\": [\"y\"]}",
        place: "nodes[0].op", "unknown op \"\(name)\"; gml-float v1 has \(known)")
    }
  }

  func testInputCounts() throws {
    let cases: [(String, [String], String, String)] = [
      ("Conv2D", ["x"], "", "Conv2D takes 2 or 3 inputs (x, filter, bias?), got 1"),
      (
        "Conv2D", ["x", "k1", "k2", "k3"], "",
        "Conv2D takes 2 or 3 inputs (x, filter, bias?), got 4"
      ),
      (
        "DepthwiseConv2D", ["x"], "",
        "DepthwiseConv2D takes 2 or 3 inputs (x, filter, bias?), got 1"
      ),
      (
        "Dense", ["x", "k1", "k2", "k3"], "", "Dense takes 2 or 3 inputs (x, weights, bias?), got 4"
      ),
      (
        "BatchNorm", ["x", "k1", "k2", "k3"], "",
        "BatchNorm takes 5 inputs (x, gamma, beta, mean, variance), got 4"
      ),
      ("Add", ["x"], "", "Add takes 2 inputs (a, b), got 1"),
      ("Sub", ["x", "k1", "k2"], "", "Sub takes 2 inputs (a, b), got 3"),
      ("Mul", [], "", "Mul takes 2 inputs (a, b), got 0"),
      ("Relu", ["x", "x"], "", "Relu takes 1 input (x), got 2"),
      ("Softmax", [], "", "Softmax takes 1 input (x), got 0"),
      (
        "Concat", [], ", \"attrs\": {\"axis\": 0}",
        "Concat takes at least 1 input (x0, x1, ...), got 0"
      ),
      ("Identity", ["x", "x"], "", "Identity takes 1 input (x), got 2"),
    ]
    for (op, inputs, attrs, message) in cases {
      let list = inputs.map { "\"\($0)\"" }.joined(separator: ", ")
      try assertNodeError(
        "{\"name\": \"n\", \"op\": \"\(op)\", \"inputs\": [\(list)], \"outputs\": [\"y\"]\(attrs)}",
        place: "nodes[0].inputs", message)
    }
  }

  func testOutputs() throws {
    try assertNodeError(
      "{\"name\": \"n\", \"op\": \"Relu\", \"inputs\": [\"x\"], \"outputs\": [\"y\", \"z\"]}",
      place: "nodes[0].outputs", "Relu has exactly one output, got 2")
    try assertNodeError(
      "{\"name\": \"n\", \"op\": \"Relu\", \"inputs\": [\"x\"], \"outputs\": []}",
      place: "nodes[0].outputs", "Relu has exactly one output, got 0")
    try assertNodeError(
      "{\"name\": \"n\", \"op\": \"Relu\", \"inputs\": [\"x\"], \"outputs\": [\"k2\"]}",
      place: "nodes[0].outputs[0]",
      "output \"k2\" is already a constant (tensors.k2); a constant cannot be produced")
  }

  func testDuplicateNodeNames() throws {
    try assertNodeError(
      "{\"name\": \"n\", \"op\": \"Relu\", \"inputs\": [\"x\"], \"outputs\": [\"r\"]},\n"
        + "{\"name\": \"n\", \"op\": \"Relu\", \"inputs\": [\"r\"], \"outputs\": [\"y\"]}",
      place: "nodes[1].name", "node name \"n\" is already used by nodes[0]")
  }

  /// Left to `TopologicalSort` (it sees the whole graph): the loader
  /// accepts these, and the graph it returns shows the problem.
  func testWholeGraphProblemsAreLeftToTheSort() throws {
    let twice = try folder.write(
      "m.json",
      nodeDocument(
        "{\"name\": \"a\", \"op\": \"Relu\", \"inputs\": [\"x\"], \"outputs\": [\"y\"]},"
          + "{\"name\": \"b\", \"op\": \"Relu\", \"inputs\": [\"undefined\"], \"outputs\": [\"y\"]}"
      ))
    let graph = try GMLFloatLoader.load(path: twice)
    XCTAssertEqual(graph.nodes.map(\.outputs), [["y"], ["y"]])
    XCTAssertEqual(graph.nodes.map(\.place), ["nodes[0]", "nodes[1]"])
  }
}
