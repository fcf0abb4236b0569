// GMLConverterTests/GMLFloatMalformedAttributeTests.swift — malformed attrs of every op, each with its JSON path.
import GMLConverter
import XCTest

final class GMLFloatMalformedAttributeTests: XCTestCase {
  private var folder: ModelFolder!

  override func setUpWithError() throws { folder = try ModelFolder() }
  override func tearDown() { folder.remove() }

  /// Loads a one-node document running `op` on `inputs` with `attrs`,
  /// and asserts the error at `nodes[0].attrs` + `place`.
  private func assertAttributeError(
    _ op: String, _ attrs: String, inputs: String = "\"x\"", at place: String, _ message: String,
    file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let node =
      "{\"name\": \"n\", \"op\": \"\(op)\", \"inputs\": [\(inputs)], \"outputs\": [\"y\"], "
      + "\"attrs\": \(attrs)}"
    let path = try folder.write("m.json", nodeDocument(node))
    assertLoadError(path, place: "nodes[0].attrs" + place, message, file: file, line: line)
  }

  func testUnknownAttributes() throws {
    try assertAttributeError(
      "Dropout", "{\"rate\": 0.5}", at: ".rate",
      "unknown key \"rate\" for Dropout attributes; expected none or an x- key")
    try assertAttributeError(
      "Conv2D", "{\"depth_multiplier\": 2}", inputs: "\"x\", \"k1\"", at: ".depth_multiplier",
      "unknown key \"depth_multiplier\" for Conv2D attributes; expected \"strides\", "
        + "\"padding\", \"dilations\", \"activation\" or an x- key")
    try assertAttributeError(
      "Dense", "{\"units\": 3}", inputs: "\"x\", \"k1\"", at: ".units",
      "unknown key \"units\" for Dense attributes; expected \"activation\" or an x- key")
  }

  func testConvolutionAttributes() throws {
    let conv = "\"x\", \"k1\", \"k2\""
    try assertAttributeError(
      "Conv2D", "{\"strides\": [1]}", inputs: conv, at: ".strides",
      "expected a list of 2 integers, got 1 elements")
    try assertAttributeError(
      "Conv2D", "{\"strides\": [0, 1]}", inputs: conv, at: ".strides[0]",
      "integer 0 is out of range; expected an integer in 1...2147483647")
    try assertAttributeError(
      "Conv2D", "{\"strides\": 2}", inputs: conv, at: ".strides",
      "expected an array, got the integer 2")
    try assertAttributeError(
      "Conv2D", "{\"dilations\": [1, -2]}", inputs: conv, at: ".dilations[1]",
      "integer -2 is out of range; expected an integer in 1...2147483647")
    try assertAttributeError(
      "DepthwiseConv2D", "{\"depth_multiplier\": 0}", inputs: conv, at: ".depth_multiplier",
      "integer 0 is out of range; expected an integer in 1...2147483647")
    try assertAttributeError(
      "Conv2D", "{\"activation\": \"gelu\"}", inputs: conv, at: ".activation",
      "unknown activation \"gelu\"; expected one of \"none\", \"relu\", \"relu6\", "
        + "\"relu_n1_to_1\", \"tanh\", \"sigmoid\", \"hard_swish\"")
    try assertAttributeError(
      "Add", "{\"activation\": null}", inputs: "\"x\", \"k1\"", at: ".activation",
      "expected a string, got null")
  }

  func testPadding() throws {
    let conv = "\"x\", \"k1\""
    try assertAttributeError(
      "Conv2D", "{\"padding\": \"full\"}", inputs: conv, at: ".padding",
      "unknown padding \"full\"; expected \"same\", \"valid\" or [[top, bottom], [left, right]]")
    try assertAttributeError(
      "Conv2D", "{\"padding\": \"SAME\"}", inputs: conv, at: ".padding",
      "unknown padding \"SAME\"; expected \"same\", \"valid\" or [[top, bottom], [left, right]]")
    try assertAttributeError(
      "Conv2D", "{\"padding\": 1}", inputs: conv, at: ".padding",
      "expected \"same\", \"valid\" or [[top, bottom], [left, right]], got the integer 1")
    try assertAttributeError(
      "Conv2D", "{\"padding\": [[1, 1]]}", inputs: conv, at: ".padding",
      "explicit padding is [[top, bottom], [left, right]], got 1 rows")
    try assertAttributeError(
      "MaxPool2D", "{\"pool_size\": [2, 2], \"padding\": [[1, 1], [0, -1]]}", at: ".padding[1][1]",
      "integer -1 is out of range; expected an integer in 0...2147483647")
    try assertAttributeError(
      "Conv2D", "{\"padding\": [[1, 1], [0]]}", inputs: conv, at: ".padding[1]",
      "expected a list of 2 integers, got 1 elements")
  }

  func testScalarAttributes() throws {
    let bn = "\"x\", \"k1\", \"k2\", \"k3\", \"k4\""
    try assertAttributeError(
      "BatchNorm", "{\"epsilon\": -0.001}", inputs: bn, at: ".epsilon",
      "expected a number ≥ 0.0, got -0.001")
    try assertAttributeError(
      "BatchNorm", "{\"epsilon\": \"1e-3\"}", inputs: bn, at: ".epsilon",
      "expected a number, got a string")
    try assertAttributeError(
      "LeakyRelu", "{\"alpha\": 1e40}", at: ".alpha", "number 1e40 is out of the float32 range")
    try assertAttributeError(
      "Softmax", "{\"axis\": 8}", at: ".axis",
      "integer 8 is out of range; expected an integer in -8...7")
    try assertAttributeError(
      "Softmax", "{\"beta\": true}", at: ".beta", "expected a number, got true")
    try assertAttributeError(
      "Pad", "{\"paddings\": [[0, 0]], \"value\": \"0\"}", at: ".value",
      "expected a number, got a string")
  }

  func testPoolAttributes() throws {
    try assertAttributeError(
      "MaxPool2D", "{}", at: ".pool_size", "missing required attribute \"pool_size\"")
    try assertAttributeError(
      "AvgPool2D", "{\"pool_size\": [2]}", at: ".pool_size",
      "expected a list of 2 integers, got 1 elements")
    try assertAttributeError(
      "AvgPool2D", "{\"pool_size\": [2, 2], \"strides\": [2, 0]}", at: ".strides[1]",
      "integer 0 is out of range; expected an integer in 1...2147483647")
    let path = try folder.write(
      "m.json",
      nodeDocument(
        "{\"name\": \"n\", \"op\": \"MaxPool2D\", \"inputs\": [\"x\"], \"outputs\": [\"y\"]}"))
    assertLoadError(
      path, place: "nodes[0].attrs.pool_size", "missing required attribute \"pool_size\"")
  }

  func testShapeAttributes() throws {
    try assertAttributeError("Mean", "{}", at: ".axes", "missing required attribute \"axes\"")
    try assertAttributeError("Mean", "{\"axes\": []}", at: ".axes", "expected 1 to 8 axes, got 0")
    try assertAttributeError("Mean", "{\"axes\": [1, 1]}", at: ".axes", "axes must be distinct")
    try assertAttributeError(
      "Mean", "{\"axes\": [1], \"keepdims\": 1}", at: ".keepdims",
      "expected true or false, got the integer 1")
    try assertAttributeError("Reshape", "{}", at: ".shape", "missing required attribute \"shape\"")
    try assertAttributeError(
      "Reshape", "{\"shape\": [-1, -1]}", at: ".shape[1]", "only one size may be -1")
    try assertAttributeError(
      "Reshape", "{\"shape\": [1, 0]}", at: ".shape[1]",
      "sizes must be positive or -1 (inferred), got 0")
    try assertAttributeError(
      "Reshape", "{\"shape\": []}", at: ".shape", "expected 1 to 8 sizes, got 0")
    try assertAttributeError(
      "Reshape", "{\"shape\": [4294967296, 4294967296]}", at: ".shape",
      "shape [4294967296, 4294967296] has too many elements")
    try assertAttributeError("Concat", "{}", at: ".axis", "missing required attribute \"axis\"")
    try assertAttributeError(
      "Pad", "{}", at: ".paddings", "missing required attribute \"paddings\"")
    try assertAttributeError(
      "Pad", "{\"paddings\": [[0, 0], [1]]}", at: ".paddings[1]",
      "expected a list of 2 integers, got 1 elements")
    try assertAttributeError(
      "Pad", "{\"paddings\": [[0, -1]]}", at: ".paddings[0][1]",
      "integer -1 is out of range; expected an integer in 0...2147483647")
    try assertAttributeError("Transpose", "{}", at: ".perm", "missing required attribute \"perm\"")
    try assertAttributeError(
      "Transpose", "{\"perm\": [0, 2]}", at: ".perm",
      "expected a permutation of 0..<n (each axis once), got [0, 2]")
    try assertAttributeError(
      "Transpose", "{\"perm\": [1, 1]}", at: ".perm",
      "expected a permutation of 0..<n (each axis once), got [1, 1]")
  }
}
