// GMLKernelsTests/LiteRTInt8KernelTests.swift — the elementwise/activation/softmax int8 kernels against LiteRT's reference outputs, byte for byte.
import Foundation
import GMLCore
import GMLKernels
import XCTest

/// Runs each kernel directly on the LiteRT fixtures of its op
/// (`Tests/GMLRuntimeTests/Fixtures/litert-int8`, format in `FORMAT.md`)
/// and requires every output byte to equal LiteRT's `BUILTIN_REF` output.
final class LiteRTInt8KernelTests: XCTestCase {
  /// One int8 tensor of a case.
  struct Tensor {
    var shape: Shape
    var scale: Float
    var zeroPoint: Int32
    var data: [Int8]
  }

  /// One case: the op's options, its int8 inputs and LiteRT's output.
  struct Case {
    var name: String
    var options: [String: Any]
    var inputs: [Tensor]
    var output: Tensor

    var activation: Activation {
      switch options["fused_activation"] as? String {
      case "RELU": return .relu
      case "RELU6": return .relu6
      case "RELU_N1_TO_1": return .reluN1To1
      default: return .none
      }
    }
  }

  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../GMLRuntimeTests/Fixtures/litert-int8").standardized

  /// Every case whose `op` is `op`, sorted by file name.
  static func cases(_ op: String) throws -> [Case] {
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".json") }.sorted()
    var result: [Case] = []
    for name in names {
      let data = try Data(contentsOf: folder.appendingPathComponent(name))
      guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
        json["op"] as? String == op
      else { continue }
      func tensor(_ any: Any) -> Tensor? {
        guard let t = any as? [String: Any], let shape = t["shape"] as? [Int],
          let scale = (t["scale"] as? [Double])?.first,
          let zeroPoint = (t["zero_point"] as? [Int])?.first, let values = t["data"] as? [Int]
        else { return nil }
        return Tensor(
          shape: Shape(shape), scale: Float(scale), zeroPoint: Int32(zeroPoint),
          data: values.map { Int8($0) })
      }
      let inputs = (json["inputs"] as? [Any] ?? []).compactMap(tensor)
      guard let output = (json["outputs"] as? [Any])?.first.flatMap(tensor) else {
        XCTFail("\(name): no output tensor")
        continue
      }
      result.append(
        Case(
          name: name, options: json["options"] as? [String: Any] ?? [:], inputs: inputs,
          output: output))
    }
    XCTAssertFalse(result.isEmpty, "no fixtures for \(op) in \(folder.path)")
    return result
  }

  /// Compares a kernel's bytes with LiteRT's, naming the first differing element.
  func assertBytes(
    _ actual: [Int8], _ c: Case, file: StaticString = #filePath, line: UInt = #line
  ) {
    let expected = c.output.data
    guard actual.count == expected.count else {
      XCTFail(
        "\(c.name): \(actual.count) elements, LiteRT has \(expected.count)", file: file, line: line)
      return
    }
    let differing = actual.indices.filter { actual[$0] != expected[$0] }
    if let i = differing.first {
      XCTFail(
        "\(c.name): \(differing.count) of \(actual.count) differ; first element \(i): "
          + "\(actual[i]) != LiteRT \(expected[i])", file: file, line: line)
    }
  }

  /// Runs a one-input kernel on the case's first input.
  func unaryInt8(
    _ c: Case, _ kernel: (UnsafeBufferPointer<Int8>, UnsafeMutableBufferPointer<Int8>) -> Void
  ) -> [Int8] {
    var out = [Int8](repeating: 0, count: c.output.data.count)
    c.inputs[0].data.withUnsafeBufferPointer { i in
      out.withUnsafeMutableBufferPointer { kernel(i, $0) }
    }
    return out
  }

  func runElementwise(_ op: String, _ operation: Elementwise.Operation) throws {
    for c in try Self.cases(op) {
      let (a, b, o) = (c.inputs[0], c.inputs[1], c.output)
      let p = try ElementwiseInt8(
        operation, lhs: a.shape, lhsScale: a.scale, lhsZeroPoint: a.zeroPoint,
        rhs: b.shape, rhsScale: b.scale, rhsZeroPoint: b.zeroPoint,
        outputScale: o.scale, outputZeroPoint: o.zeroPoint, activation: c.activation)
      XCTAssertEqual(p.outputShape, o.shape, c.name)
      var out = [Int8](repeating: 0, count: o.data.count)
      a.data.withUnsafeBufferPointer { x in
        b.data.withUnsafeBufferPointer { y in
          out.withUnsafeMutableBufferPointer { p.reference(lhs: x, rhs: y, output: $0) }
        }
      }
      assertBytes(out, c)
    }
  }

  func testAdd() throws { try runElementwise("ADD", .add) }
  func testSub() throws { try runElementwise("SUB", .sub) }
  func testMul() throws { try runElementwise("MUL", .mul) }

  func testLogisticAndTanh() throws {
    for (op, make) in [
      ("LOGISTIC", LookupTableInt8.logistic), ("TANH", LookupTableInt8.tanh),
    ] {
      for c in try Self.cases(op) {
        let (i, o) = (c.inputs[0], c.output)
        let table = try make(i.scale, i.zeroPoint, o.scale, o.zeroPoint)
        assertBytes(unaryInt8(c) { table.reference(input: $0, output: $1) }, c)
      }
    }
  }

  func testHardSwish() throws {
    for c in try Self.cases("HARD_SWISH") {
      let (i, o) = (c.inputs[0], c.output)
      let p = try HardSwishInt8(
        inputScale: i.scale, inputZeroPoint: i.zeroPoint,
        outputScale: o.scale, outputZeroPoint: o.zeroPoint)
      assertBytes(unaryInt8(c) { p.reference(input: $0, output: $1) }, c)
    }
  }

  func testLeakyRelu() throws {
    for c in try Self.cases("LEAKY_RELU") {
      let (i, o) = (c.inputs[0], c.output)
      let alpha = Float(c.options["alpha"] as? Double ?? 0.2)
      let p = try LeakyReluInt8(
        alpha: alpha, inputScale: i.scale, inputZeroPoint: i.zeroPoint,
        outputScale: o.scale, outputZeroPoint: o.zeroPoint)
      assertBytes(unaryInt8(c) { p.reference(input: $0, output: $1) }, c)
    }
  }

  func testReluReluN1To1AndRelu6() throws {
    for (op, activation) in [
      ("RELU", Activation.relu), ("RELU6", .relu6), ("RELU_N1_TO_1", .reluN1To1),
    ] {
      let cases = op == "RELU_N1_TO_1" ? [] : try Self.cases(op)
      for c in cases {
        let (i, o) = (c.inputs[0], c.output)
        let p = try ReluInt8(
          activation, inputScale: i.scale, inputZeroPoint: i.zeroPoint,
          outputScale: o.scale, outputZeroPoint: o.zeroPoint)
        assertBytes(unaryInt8(c) { p.reference(input: $0, output: $1) }, c)
      }
    }
  }

  func testSoftmax() throws {
    for c in try Self.cases("SOFTMAX") {
      let (i, o) = (c.inputs[0], c.output)
      let beta = Float(c.options["beta"] as? Double ?? 1)
      let p = try SoftmaxInt8(
        input: i.shape, inputScale: i.scale, outputScale: o.scale,
        outputZeroPoint: o.zeroPoint, beta: beta)
      assertBytes(unaryInt8(c) { p.reference(input: $0, output: $1) }, c)
    }
  }
}
