// GMLKernelsTests/LiteRTInt8LayerKernelTests.swift — the int8 layer, pooling, shape and (de)quantize kernels against LiteRT's reference outputs, byte for byte.
import Foundation
import GMLCore
import GMLKernels
import XCTest

/// Runs each kernel directly on the LiteRT fixtures of its op
/// (`Tests/GMLRuntimeTests/Fixtures/litert-int8`, format in `FORMAT.md`)
/// and requires every output value to equal LiteRT's `BUILTIN_REF` output
/// (float outputs compared by bit pattern).
final class LiteRTInt8LayerKernelTests: XCTestCase {
  /// One tensor of a case, every quantization entry kept.
  struct Tensor {
    var shape: Shape
    var scales: [Float]
    var zeroPoints: [Int32]
    var ints: [Int]
    var floats: [Float]
    var scale: Float { scales.first ?? 0 }
    var zeroPoint: Int32 { zeroPoints.first ?? 0 }
    var int8: [Int8] { ints.map { Int8($0) } }
    var int32: [Int32] { ints.map { Int32($0) } }
  }

  /// One case: its options, inputs (nil for an absent one) and LiteRT's output.
  struct Case {
    var name: String
    var options: [String: Any]
    var inputs: [Tensor?]
    var output: Tensor

    func int(_ key: String) -> Int { options[key] as? Int ?? 0 }

    var activation: Activation {
      switch options["fused_activation"] as? String {
      case "RELU": return .relu
      case "RELU6": return .relu6
      case "RELU_N1_TO_1": return .reluN1To1
      default: return .none
      }
    }

    /// TFLite SAME or VALID for a window on `input` (NHWC).
    func padding(_ input: Shape, filterH: Int, filterW: Int, dilation: Bool) -> Padding2D {
      guard options["padding"] as? String == "SAME" else { return .zero }
      return Padding2D.same(
        inputH: input.dims[1], inputW: input.dims[2], filterH: filterH, filterW: filterW,
        strideH: int("stride_h"), strideW: int("stride_w"),
        dilationH: dilation ? int("dilation_h") : 1, dilationW: dilation ? int("dilation_w") : 1)
    }
  }

  /// The fixture folders: the converter-made cases and the hand-built
  /// edge cases; `GML_LITERT_INT8_FIXTURES` names another folder instead.
  static let folders: [URL] = {
    if let path = ProcessInfo.processInfo.environment["GML_LITERT_INT8_FIXTURES"] {
      return [URL(fileURLWithPath: path)]
    }
    let base = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../GMLRuntimeTests/Fixtures").standardized
    return ["litert-int8", "litert-int8-edge"].map { base.appendingPathComponent($0) }
  }()

  static func tensor(_ any: Any) -> Tensor? {
    guard let t = any as? [String: Any], let shape = t["shape"] as? [Int] else { return nil }
    let data = t["data"] as? [Any] ?? []
    return Tensor(
      shape: Shape(shape), scales: (t["scale"] as? [Double] ?? []).map { Float($0) },
      zeroPoints: (t["zero_point"] as? [Int] ?? []).map { Int32($0) },
      ints: data.compactMap { $0 as? Int },
      floats: data.compactMap { ($0 as? NSNumber)?.floatValue })
  }

  /// Every case whose `op` is `op`, sorted by file name.
  static func cases(_ op: String) throws -> [Case] {
    var result: [Case] = []
    for folder in folders {
      let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        .filter { $0.hasSuffix(".json") }.sorted()
      for name in names {
        let data = try Data(contentsOf: folder.appendingPathComponent(name))
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
          json["op"] as? String == op,
          let output = (json["outputs"] as? [Any])?.first.flatMap(tensor)
        else { continue }
        let inputs = (json["inputs"] as? [Any] ?? []).map { tensor($0) }
        result.append(
          Case(
            name: name, options: json["options"] as? [String: Any] ?? [:], inputs: inputs,
            output: output))
      }
    }
    if ProcessInfo.processInfo.environment["GML_LITERT_INT8_FIXTURES"] == nil {
      XCTAssertFalse(result.isEmpty, "no fixtures for \(op) in \(folders.map(\.path))")
    }
    return result
  }

  /// Compares a kernel's values with LiteRT's, naming the first that differs.
  func assertSame<T: Equatable>(
    _ actual: [T], _ expected: [T], _ c: Case, file: StaticString = #filePath, line: UInt = #line
  ) {
    guard actual.count == expected.count else {
      XCTFail(
        "\(c.name): \(actual.count) values, LiteRT has \(expected.count)", file: file, line: line)
      return
    }
    if let i = actual.indices.first(where: { actual[$0] != expected[$0] }) {
      let wrong = actual.indices.filter { actual[$0] != expected[$0] }.count
      XCTFail(
        "\(c.name): element \(i) is \(actual[i]), LiteRT \(expected[i]) (\(wrong) differ)",
        file: file, line: line)
    }
  }

  /// Runs `body` on zeroed output storage of `count` values.
  func run<T: Numeric>(_ count: Int, _ body: (UnsafeMutableBufferPointer<T>) -> Void) -> [T] {
    var out = [T](repeating: 0, count: count)
    out.withUnsafeMutableBufferPointer { body($0) }
    return out
  }
}

extension LiteRTInt8LayerKernelTests {
  func testConv2D() throws {
    for c in try Self.cases("CONV_2D") {
      guard let x = c.inputs[0], let w = c.inputs[1] else { continue }
      let bias = c.inputs.count > 2 ? c.inputs[2] : nil
      let geometry = try Conv2D(
        input: x.shape, filter: w.shape, bias: bias?.shape, strideH: c.int("stride_h"),
        strideW: c.int("stride_w"), dilationH: c.int("dilation_h"), dilationW: c.int("dilation_w"),
        padding: c.padding(
          x.shape, filterH: w.shape.dims[1], filterW: w.shape.dims[2], dilation: true),
        activation: c.activation)
      XCTAssertEqual(geometry.outputShape, c.output.shape, c.name)
      let p = try Conv2DInt8(
        geometry, inputScale: x.scale, inputZeroPoint: x.zeroPoint, filterScales: w.scales,
        outputScale: c.output.scale, outputZeroPoint: c.output.zeroPoint)
      let (xs, ws, bs) = (x.int8, w.int8, bias?.int32 ?? [])
      let out: [Int8] = run(c.output.ints.count) { o in
        xs.withUnsafeBufferPointer { xp in
          ws.withUnsafeBufferPointer { wp in
            bs.withUnsafeBufferPointer { p.reference(input: xp, filter: wp, bias: $0, output: o) }
          }
        }
      }
      assertSame(out, c.output.int8, c)
    }
  }

  func testDepthwiseConv2D() throws {
    for c in try Self.cases("DEPTHWISE_CONV_2D") {
      guard let x = c.inputs[0], let w = c.inputs[1] else { continue }
      let bias = c.inputs.count > 2 ? c.inputs[2] : nil
      let geometry = try DepthwiseConv2D(
        input: x.shape, filter: w.shape, bias: bias?.shape,
        depthMultiplier: c.int("depth_multiplier"), strideH: c.int("stride_h"),
        strideW: c.int("stride_w"), dilationH: c.int("dilation_h"), dilationW: c.int("dilation_w"),
        padding: c.padding(
          x.shape, filterH: w.shape.dims[1], filterW: w.shape.dims[2], dilation: true),
        activation: c.activation)
      XCTAssertEqual(geometry.outputShape, c.output.shape, c.name)
      let p = try DepthwiseConv2DInt8(
        geometry, inputScale: x.scale, inputZeroPoint: x.zeroPoint, filterScales: w.scales,
        outputScale: c.output.scale, outputZeroPoint: c.output.zeroPoint)
      let (xs, ws, bs) = (x.int8, w.int8, bias?.int32 ?? [])
      let out: [Int8] = run(c.output.ints.count) { o in
        xs.withUnsafeBufferPointer { xp in
          ws.withUnsafeBufferPointer { wp in
            bs.withUnsafeBufferPointer { p.reference(input: xp, filter: wp, bias: $0, output: o) }
          }
        }
      }
      assertSame(out, c.output.int8, c)
    }
  }

  func testFullyConnected() throws {
    for c in try Self.cases("FULLY_CONNECTED") {
      guard let x = c.inputs[0], let w = c.inputs[1] else { continue }
      let bias = c.inputs.count > 2 ? c.inputs[2] : nil
      let geometry = try FullyConnected(
        input: x.shape, weights: w.shape, bias: bias?.shape,
        keepNumDims: c.options["keep_num_dims"] as? Bool ?? false, activation: c.activation)
      XCTAssertEqual(geometry.outputShape, c.output.shape, c.name)
      let p = try FullyConnectedInt8(
        geometry, inputScale: x.scale, inputZeroPoint: x.zeroPoint, weightScales: w.scales,
        weightZeroPoint: w.zeroPoint, outputScale: c.output.scale,
        outputZeroPoint: c.output.zeroPoint)
      let (xs, ws, bs) = (x.int8, w.int8, bias?.int32 ?? [])
      let out: [Int8] = run(c.output.ints.count) { o in
        xs.withUnsafeBufferPointer { xp in
          ws.withUnsafeBufferPointer { wp in
            bs.withUnsafeBufferPointer { p.reference(input: xp, weights: wp, bias: $0, output: o) }
          }
        }
      }
      assertSame(out, c.output.int8, c)
    }
  }

  func testPools() throws {
    for (op, isMax) in [("MAX_POOL_2D", true), ("AVERAGE_POOL_2D", false)] {
      for c in try Self.cases(op) {
        guard let x = c.inputs[0] else { continue }
        let (fh, fw) = (c.int("filter_h"), c.int("filter_w"))
        let geometry = try Pool2D(
          input: x.shape, filterH: fh, filterW: fw, strideH: c.int("stride_h"),
          strideW: c.int("stride_w"),
          padding: c.padding(x.shape, filterH: fh, filterW: fw, dilation: false),
          activation: c.activation)
        XCTAssertEqual(geometry.outputShape, c.output.shape, c.name)
        let p = try Pool2DInt8(
          geometry, inputScale: x.scale, inputZeroPoint: x.zeroPoint, outputScale: c.output.scale,
          outputZeroPoint: c.output.zeroPoint)
        let xs = x.int8
        let out: [Int8] = run(c.output.ints.count) { o in
          xs.withUnsafeBufferPointer {
            isMax ? p.maxReference(input: $0, output: o) : p.averageReference(input: $0, output: o)
          }
        }
        assertSame(out, c.output.int8, c)
      }
    }
  }

  func testMean() throws {
    for c in try Self.cases("MEAN") {
      guard let x = c.inputs[0] else { continue }
      let p = try MeanInt8(
        input: x.shape, axes: c.options["axes"] as? [Int] ?? [],
        keepDims: c.options["keep_dims"] as? Bool ?? false, inputScale: x.scale,
        inputZeroPoint: x.zeroPoint, outputScale: c.output.scale,
        outputZeroPoint: c.output.zeroPoint)
      XCTAssertEqual(p.geometry.outputShape, c.output.shape, c.name)
      let xs = x.int8
      let out: [Int8] = run(c.output.ints.count) { o in
        xs.withUnsafeBufferPointer { p.reference(input: $0, output: o) }
      }
      assertSame(out, c.output.int8, c)
    }
  }

  func testShapeOps() throws {
    for c in try Self.cases("RESHAPE") {
      guard let x = c.inputs[0] else { continue }
      let p = ReshapeInt8(try Reshape(input: x.shape, output: c.output.shape))
      let xs = x.int8
      let out: [Int8] = run(c.output.ints.count) { o in
        xs.withUnsafeBufferPointer { p.reference(input: $0, output: o) }
      }
      assertSame(out, c.output.int8, c)
    }
    for c in try Self.cases("TRANSPOSE") {
      guard let x = c.inputs[0] else { continue }
      let p = TransposeInt8(try Transpose(input: x.shape, perm: c.options["perm"] as? [Int] ?? []))
      XCTAssertEqual(p.geometry.outputShape, c.output.shape, c.name)
      let xs = x.int8
      let out: [Int8] = run(c.output.ints.count) { o in
        xs.withUnsafeBufferPointer { p.reference(input: $0, output: o) }
      }
      assertSame(out, c.output.int8, c)
    }
  }

  func testPad() throws {
    for c in try Self.cases("PAD") {
      guard let x = c.inputs[0] else { continue }
      let geometry = try Pad(input: x.shape, paddings: c.options["paddings"] as? [Int] ?? [])
      XCTAssertEqual(geometry.outputShape, c.output.shape, c.name)
      let value = (c.options["value"] as? NSNumber)?.floatValue ?? 0
      let constant: Int8? =
        value == 0
        ? nil
        : Int8(clamping: QuantizationInt8.roundToInt32(value / c.output.scale) + c.output.zeroPoint)
      let p = try PadInt8(geometry, outputZeroPoint: c.output.zeroPoint, constant: constant)
      let xs = x.int8
      let out: [Int8] = run(c.output.ints.count) { o in
        xs.withUnsafeBufferPointer { p.reference(input: $0, output: o) }
      }
      assertSame(out, c.output.int8, c)
    }
  }

  func testConcatenation() throws {
    for c in try Self.cases("CONCATENATION") {
      let inputs = c.inputs.compactMap { $0 }
      let geometry = try Concatenation(
        inputs: inputs.map(\.shape), axis: c.int("axis"), activation: c.activation)
      XCTAssertEqual(geometry.outputShape, c.output.shape, c.name)
      let p = try ConcatenationInt8(
        geometry, inputScales: inputs.map(\.scale), inputZeroPoints: inputs.map(\.zeroPoint),
        outputScale: c.output.scale, outputZeroPoint: c.output.zeroPoint)
      let out: [Int8] = run(c.output.ints.count) { o in
        for (i, t) in inputs.enumerated() {
          t.int8.withUnsafeBufferPointer { p.reference(input: $0, index: i, output: o) }
        }
      }
      assertSame(out, c.output.int8, c)
    }
  }

  func testQuantizeAndDequantize() throws {
    for c in try Self.cases("QUANTIZE") {
      guard let x = c.inputs[0] else { continue }
      let p = try QuantizeInt8(
        shape: x.shape, scale: c.output.scale, zeroPoint: c.output.zeroPoint)
      let xs = x.floats
      let out: [Int8] = run(c.output.ints.count) { o in
        xs.withUnsafeBufferPointer { p.reference(input: $0, output: o) }
      }
      assertSame(out, c.output.int8, c)
    }
    for c in try Self.cases("DEQUANTIZE") {
      guard let x = c.inputs[0] else { continue }
      let p = try DequantizeInt8(shape: x.shape, scale: x.scale, zeroPoint: x.zeroPoint)
      let xs = x.int8
      let out: [Float] = run(c.output.floats.count) { o in
        xs.withUnsafeBufferPointer { p.reference(input: $0, output: o) }
      }
      assertSame(out.map(\.bitPattern), c.output.floats.map(\.bitPattern), c)
    }
  }
}
