// GMLConverterTests/GMLFloatOpsTests.swift — every v1 op with its attributes, and the spec's defaults.
import GMLConverter
import GMLFormat
import GMLKernels
import XCTest

final class GMLFloatOpsTests: XCTestCase {
  private var folder: ModelFolder!

  override func setUpWithError() throws { folder = try ModelFolder() }
  override func tearDown() { folder.remove() }

  /// The op of a one-node document running `op` on `inputs` with `attrs`.
  private func load(_ op: String, _ attrs: String?, inputs: String = "\"x\"") throws -> Op? {
    let attrsText = attrs.map { ", \"attrs\": \($0)" } ?? ""
    let node =
      "{\"name\": \"n\", \"op\": \"\(op)\", \"inputs\": [\(inputs)], \"outputs\": [\"y\"]\(attrsText)}"
    let path = try folder.write("m.json", nodeDocument(node))
    return try GMLFloatLoader.load(path: path).nodes.first?.op
  }

  func testDefaults() throws {
    let k = "\"x\", \"k1\""
    XCTAssertEqual(try load("Conv2D", nil, inputs: k), .conv2D(ConvAttributes()))
    XCTAssertEqual(try load("DepthwiseConv2D", "{}", inputs: k), .depthwiseConv2D(ConvAttributes()))
    XCTAssertEqual(try load("Dense", nil, inputs: k), .dense(activation: .none))
    XCTAssertEqual(
      try load("BatchNorm", nil, inputs: "\"x\", \"k1\", \"k2\", \"k3\", \"k4\""),
      .batchNorm(epsilon: 0.001))
    XCTAssertEqual(try load("Add", nil, inputs: k), .add(activation: .none))
    XCTAssertEqual(try load("Sub", nil, inputs: k), .sub(activation: .none))
    XCTAssertEqual(try load("Mul", nil, inputs: k), .mul(activation: .none))
    XCTAssertEqual(try load("LeakyRelu", nil), .leakyRelu(alpha: 0.2))
    XCTAssertEqual(try load("Softmax", nil), .softmax(axis: -1, beta: 1))
    let pool = PoolAttributes(poolH: 3, poolW: 2, window: Window(strideH: 3, strideW: 2))
    XCTAssertEqual(try load("MaxPool2D", "{\"pool_size\": [3, 2]}"), .pool2D(.max, pool))
    XCTAssertEqual(try load("AvgPool2D", "{\"pool_size\": [3, 2]}"), .pool2D(.average, pool))
    XCTAssertEqual(
      try load("Mean", "{\"axes\": [1, 2]}"), .reduce(.mean, axes: [1, 2], keepDims: false))
    XCTAssertEqual(
      try load("Pad", "{\"paddings\": [[0, 0], [1, 2]]}"),
      .pad(paddings: [[0, 0], [1, 2]], value: 0))
    let simple: [(String, Op)] = [
      ("Relu", .relu), ("Relu6", .relu6), ("Sigmoid", .sigmoid), ("Tanh", .tanh),
      ("HardSwish", .hardSwish), ("Flatten", .flatten), ("Dropout", .dropout),
      ("Identity", .identity),
    ]
    for (name, op) in simple { XCTAssertEqual(try load(name, nil), op, name) }
  }

  func testEveryAttributeIsRead() throws {
    let conv = ConvAttributes(
      window: Window(
        strideH: 2, strideW: 3, padding: .explicit(top: 1, bottom: 2, left: 3, right: 4)),
      dilationH: 2, dilationW: 1, depthMultiplier: 1, activation: .relu6)
    XCTAssertEqual(
      try load(
        "Conv2D",
        "{\"strides\": [2, 3], \"padding\": [[1, 2], [3, 4]], \"dilations\": [2, 1], "
          + "\"activation\": \"relu6\", \"x-keras\": {\"any\": [1]}}",
        inputs: "\"x\", \"k1\", \"k2\""),
      .conv2D(conv))
    var depthwise = ConvAttributes(
      window: Window(padding: .same), depthMultiplier: 4, activation: .hardSwish)
    depthwise.dilationW = 2
    XCTAssertEqual(
      try load(
        "DepthwiseConv2D",
        "{\"padding\": \"same\", \"depth_multiplier\": 4, \"dilations\": [1, 2], \"activation\": \"hard_swish\"}",
        inputs: "\"x\", \"k1\""),
      .depthwiseConv2D(depthwise))
    let activations: [(String, ActivationFunction)] = [
      ("none", .none), ("relu", .relu), ("relu6", .relu6), ("relu_n1_to_1", .reluN1To1),
      ("tanh", .tanh), ("sigmoid", .sigmoid), ("hard_swish", .hardSwish),
    ]
    for (name, activation) in activations {
      XCTAssertEqual(
        try load("Dense", "{\"activation\": \"\(name)\"}", inputs: "\"x\", \"k1\", \"k2\""),
        .dense(activation: activation))
      XCTAssertEqual(
        try load("Mul", "{\"activation\": \"\(name)\"}", inputs: "\"x\", \"k1\""),
        .mul(activation: activation))
    }
    XCTAssertEqual(
      try load("BatchNorm", "{\"epsilon\": 1e-5}", inputs: "\"x\", \"k1\", \"k2\", \"k3\", \"k4\""),
      .batchNorm(epsilon: 1e-5))
    XCTAssertEqual(try load("LeakyRelu", "{\"alpha\": 0.3}"), .leakyRelu(alpha: 0.3))
    XCTAssertEqual(
      try load("Softmax", "{\"axis\": 1, \"beta\": 2.5}"), .softmax(axis: 1, beta: 2.5))
    XCTAssertEqual(
      try load("AvgPool2D", "{\"pool_size\": [3, 3], \"strides\": [2, 2], \"padding\": \"same\"}"),
      .pool2D(
        .average,
        PoolAttributes(poolH: 3, poolW: 3, window: Window(strideH: 2, strideW: 2, padding: .same))))
    XCTAssertEqual(
      try load("Mean", "{\"axes\": [-1, 1], \"keepdims\": true}"),
      .reduce(.mean, axes: [-1, 1], keepDims: true))
    XCTAssertEqual(try load("Reshape", "{\"shape\": [1, -1, 16]}"), .reshape(shape: [1, -1, 16]))
    XCTAssertEqual(
      try load("Concat", "{\"axis\": 3}", inputs: "\"x\", \"x\", \"k1\""), .concat(axis: 3))
    XCTAssertEqual(try load("Concat", "{\"axis\": -1}"), .concat(axis: -1))
    XCTAssertEqual(
      try load("Pad", "{\"paddings\": [[0, 0], [1, 1], [2, 2], [0, 0]], \"value\": -1.5}"),
      .pad(paddings: [[0, 0], [1, 1], [2, 2], [0, 0]], value: -1.5))
    XCTAssertEqual(
      try load("Transpose", "{\"perm\": [0, 3, 1, 2]}"), .transpose(perm: [0, 3, 1, 2]))
  }
}
