// GMLKernelsTests/LiteRTInt8KernelTests.swift — the elementwise/activation/softmax int8 kernels against LiteRT's reference outputs, byte for byte.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

/// Runs each kernel directly on the LiteRT fixtures of its op
/// (`Tests/GMLRuntimeTests/Fixtures/litert-int8`, format in `FORMAT.md`)
/// and requires every output byte to equal LiteRT's `BUILTIN_REF` output.
final class LiteRTInt8KernelTests: XCTestCase {
  /// Every case of `op` in `LiteRTFixture.folder`, sorted by file name.
  static func cases(_ op: String) throws -> [LiteRTFixture] {
    var result: [LiteRTFixture] = []
    for c in try LiteRTFixture.all() where c.op == op {
      if c.outputs.isEmpty { XCTFail("\(c.file): no output tensor") } else { result.append(c) }
    }
    XCTAssertFalse(result.isEmpty, "no fixtures for \(op) in \(LiteRTFixture.folder.path)")
    return result
  }

  /// Compares a kernel's bytes with LiteRT's, naming the first differing element.
  func assertBytes(
    _ actual: [Int8], _ c: LiteRTFixture, file: StaticString = #filePath, line: UInt = #line
  ) {
    let expected = c.output.int8
    guard actual.count == expected.count else {
      XCTFail(
        "\(c.file): \(actual.count) elements, LiteRT has \(expected.count)", file: file, line: line)
      return
    }
    let differing = actual.indices.filter { actual[$0] != expected[$0] }
    if let i = differing.first {
      XCTFail(
        "\(c.file): \(differing.count) of \(actual.count) differ; first element \(i): "
          + "\(actual[i]) != LiteRT \(expected[i])", file: file, line: line)
    }
  }

  /// Runs a one-input kernel on the case's first input.
  func unaryInt8(
    _ c: LiteRTFixture,
    _ kernel: (UnsafeBufferPointer<Int8>, UnsafeMutableBufferPointer<Int8>) -> Void
  ) -> [Int8] {
    var out = [Int8](repeating: 0, count: c.output.ints.count)
    c.presentInputs[0].int8.withUnsafeBufferPointer { i in
      out.withUnsafeMutableBufferPointer { kernel(i, $0) }
    }
    return out
  }

  func runElementwise(_ op: String, _ operation: ElementwiseInt8.Operation) throws {
    for c in try Self.cases(op) {
      let (a, b, o) = (c.presentInputs[0], c.presentInputs[1], c.output)
      let p = try ElementwiseInt8(
        operation, lhs: a.kernelShape, lhsScale: a.scale, lhsZeroPoint: a.zeroPoint,
        rhs: b.kernelShape, rhsScale: b.scale, rhsZeroPoint: b.zeroPoint,
        outputScale: o.scale, outputZeroPoint: o.zeroPoint, activation: c.activation)
      XCTAssertEqual(p.outputShape, o.kernelShape, c.file)
      var out = [Int8](repeating: 0, count: o.ints.count)
      a.int8.withUnsafeBufferPointer { x in
        b.int8.withUnsafeBufferPointer { y in
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
        let (i, o) = (c.presentInputs[0], c.output)
        let table = try make(i.scale, i.zeroPoint, o.scale, o.zeroPoint)
        assertBytes(unaryInt8(c) { table.reference(input: $0, output: $1) }, c)
      }
    }
  }

  func testHardSwish() throws {
    for c in try Self.cases("HARD_SWISH") {
      let (i, o) = (c.presentInputs[0], c.output)
      let p = try HardSwishInt8(
        inputScale: i.scale, inputZeroPoint: i.zeroPoint,
        outputScale: o.scale, outputZeroPoint: o.zeroPoint)
      assertBytes(unaryInt8(c) { p.reference(input: $0, output: $1) }, c)
    }
  }

  func testLeakyRelu() throws {
    for c in try Self.cases("LEAKY_RELU") {
      let (i, o) = (c.presentInputs[0], c.output)
      let alpha = c.options.float("alpha") ?? 0.2
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
        let (i, o) = (c.presentInputs[0], c.output)
        let p = try ReluInt8(
          activation, inputScale: i.scale, inputZeroPoint: i.zeroPoint,
          outputScale: o.scale, outputZeroPoint: o.zeroPoint)
        assertBytes(unaryInt8(c) { p.reference(input: $0, output: $1) }, c)
      }
    }
  }

  func testSoftmax() throws {
    for c in try Self.cases("SOFTMAX") {
      let (i, o) = (c.presentInputs[0], c.output)
      let beta = c.options.float("beta") ?? 1
      let p = try SoftmaxInt8(
        input: i.kernelShape, inputScale: i.scale, outputScale: o.scale,
        outputZeroPoint: o.zeroPoint, beta: beta)
      assertBytes(unaryInt8(c) { p.reference(input: $0, output: $1) }, c)
    }
  }
}
