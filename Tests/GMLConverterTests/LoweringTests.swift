// GMLConverterTests/LoweringTests.swift — Graph → ModelDefinition: tensor order, buffers, options, plan; SHA-256 vectors.
import GMLFormat
import GMLKernels
import XCTest

@testable import GMLConverter

final class LoweringTests: XCTestCase {
  func lowered() throws -> (Graph, ModelDefinition) {
    var b = GraphBuilder()
    b.input("x", [1, 5, 5, 2])
    let attributes = ConvAttributes(
      window: Window(
        strideH: 2, strideW: 1, padding: .explicit(top: 1, bottom: 0, left: 2, right: 1)),
      dilationW: 2, activation: .relu6)
    b.conv("x", in: 2, out: 3, k: 2, "c", attributes, bias: false)
    b.node(.reduce(.mean, axes: [-2], keepDims: false), ["c"], "m")  // [1, 3, 3]
    b.node(.dense(activation: .tanh), ["m", b.constant("w", [4, 3]), b.constant("b", [4])], "d")
    b.node(.flatten, ["d"], "f")
    b.node(.softmax(axis: -1, beta: 0.5), ["f"], "s")
    let graph = try b.finished(["s"])
    return (
      graph,
      try Lowering.lower(graph, metadata: MetadataDefinition(producer: "gml", producerVersion: "1"))
    )
  }

  func testTensorOrderBuffersAndOptions() throws {
    let (graph, model) = try lowered()
    let sub = try XCTUnwrap(model.subgraphs.first)
    XCTAssertEqual(sub.tensors.map(\.name), ["x", "c.w", "c", "m", "w", "b", "d", "f", "s"])
    XCTAssertEqual(sub.inputs, [0])
    XCTAssertEqual(sub.outputs, [8])
    XCTAssertEqual(model.buffers.first, [])
    XCTAssertEqual(sub.tensors.map(\.buffer), [0, 1, 0, 0, 2, 3, 0, 0, 0])
    let w = try XCTUnwrap(graph.constant("w"))
    XCTAssertEqual(model.buffers[2].count, 48)
    XCTAssertEqual(
      Array(model.buffers[2][4..<8]),
      [0, 8, 16, 24].map { UInt8(w[1].bitPattern >> UInt32($0) & 0xFF) })
    XCTAssertEqual(sub.tensors[3].shape, [1, 3, 3])
    XCTAssertEqual(
      sub.operators.map(\.opcode), [.conv2D, .mean, .fullyConnected, .reshape, .softmax])
    XCTAssertEqual(sub.operators[0].inputs, [0, 1, -1], "absent bias is -1")
    XCTAssertEqual(
      sub.operators[0].options,
      .conv2D(
        Conv2DOptions(
          window: Window2D(
            padding: .explicit, strideH: 2, strideW: 1, explicitPadding: [1, 0, 2, 1]),
          dilationH: 1, dilationW: 2, activation: .relu6)))
    XCTAssertEqual(sub.operators[1].options, .mean(axes: [2], keepDims: false))
    XCTAssertEqual(sub.operators[2].options, .fullyConnected(activation: .tanh, keepNumDims: true))
    XCTAssertEqual(sub.operators[3].options, .reshape(newShape: [1, 12]))
    XCTAssertEqual(sub.operators[4].options, .softmax(beta: 0.5, axis: 1))
    XCTAssertEqual(sub.operators.map(\.name), ["c", "m", "d", "f", "s"])
  }

  func testMemoryPlanAndRoundTrip() throws {
    let (_, model) = try lowered()
    let plan = try XCTUnwrap(model.subgraphs[0].memoryPlan)
    XCTAssertEqual(plan.offsets.count, model.subgraphs[0].tensors.count)
    XCTAssertEqual(plan.offsets[1], -1, "constants are outside the arena")
    XCTAssertGreaterThan(plan.arenaSize, 0)
    let bytes = ModelWriter.write(model)
    let decoded = try bytes.withUnsafeBytes { try Model(verifying: $0).definition() }
    XCTAssertEqual(decoded, model)
  }

  func testBatchNormCannotBeLowered() throws {
    var b = GraphBuilder()
    b.input("x", [1, 3])
    b.batchNorm("x", channels: 3, "bn")
    let graph = try b.finished(["bn"])
    assertConversionError(["nodes[0]", "BatchNorm 'bn': has no .gml op"]) {
      _ = try Lowering.lower(graph)
    }
  }

  func testSHA256Vectors() {
    XCTAssertEqual(
      SHA256.hexDigest([]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    XCTAssertEqual(
      SHA256.hexDigest(Array("abc".utf8)),
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    XCTAssertEqual(
      SHA256.hexDigest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    XCTAssertEqual(
      SHA256.hexDigest(
        Array(
          ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
            + "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu").utf8)),
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    XCTAssertEqual(
      SHA256.hexDigest([UInt8](repeating: 0x61, count: 1_000)),
      "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
  }
}
