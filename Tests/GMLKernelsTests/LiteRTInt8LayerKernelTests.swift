// GMLKernelsTests/LiteRTInt8LayerKernelTests.swift — the int8 layer, pooling, shape and (de)quantize kernels against LiteRT's reference outputs, byte for byte.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

/// Runs each kernel directly on the LiteRT fixtures of its op
/// (`Tests/GMLRuntimeTests/Fixtures/litert-int8`, format in `FORMAT.md`)
/// and requires every output value to equal LiteRT's `BUILTIN_REF` output
/// (float outputs compared by bit pattern).
final class LiteRTInt8LayerKernelTests: XCTestCase {
  /// Every case whose `op` is `op` in `LiteRTFixture.folders`, sorted by file name.
  static func cases(_ op: String) throws -> [LiteRTFixture] {
    let folders = LiteRTFixture.folders
    let result = try LiteRTFixture.all(in: folders).filter { $0.op == op && !$0.outputs.isEmpty }
    if LiteRTFixture.overrideFolder == nil {
      XCTAssertFalse(result.isEmpty, "no fixtures for \(op) in \(folders.map(\.path))")
    }
    return result
  }

  /// Compares a kernel's values with LiteRT's, naming the first that differs.
  func assertSame<T: Equatable>(
    _ actual: [T], _ expected: [T], _ c: LiteRTFixture, file: StaticString = #filePath,
    line: UInt = #line
  ) {
    guard actual.count == expected.count else {
      XCTFail(
        "\(c.file): \(actual.count) values, LiteRT has \(expected.count)", file: file, line: line)
      return
    }
    if let i = actual.indices.first(where: { actual[$0] != expected[$0] }) {
      let wrong = actual.indices.filter { actual[$0] != expected[$0] }.count
      XCTFail(
        "\(c.file): element \(i) is \(actual[i]), LiteRT \(expected[i]) (\(wrong) differ)",
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
        input: x.kernelShape, filter: w.kernelShape, bias: bias?.kernelShape,
        strideH: c.int("stride_h"),
        strideW: c.int("stride_w"), dilationH: c.int("dilation_h"), dilationW: c.int("dilation_w"),
        padding: c.padding(
          x.kernelShape, filterH: w.kernelShape.dims[1], filterW: w.kernelShape.dims[2],
          dilation: true),
        activation: c.activation)
      XCTAssertEqual(geometry.outputShape, c.output.kernelShape, c.file)
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
        input: x.kernelShape, filter: w.kernelShape, bias: bias?.kernelShape,
        depthMultiplier: c.int("depth_multiplier"), strideH: c.int("stride_h"),
        strideW: c.int("stride_w"), dilationH: c.int("dilation_h"), dilationW: c.int("dilation_w"),
        padding: c.padding(
          x.kernelShape, filterH: w.kernelShape.dims[1], filterW: w.kernelShape.dims[2],
          dilation: true),
        activation: c.activation)
      XCTAssertEqual(geometry.outputShape, c.output.kernelShape, c.file)
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
        input: x.kernelShape, weights: w.kernelShape, bias: bias?.kernelShape,
        keepNumDims: c.options.bool("keep_num_dims") ?? false, activation: c.activation)
      XCTAssertEqual(geometry.outputShape, c.output.kernelShape, c.file)
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
          input: x.kernelShape, filterH: fh, filterW: fw, strideH: c.int("stride_h"),
          strideW: c.int("stride_w"),
          padding: c.padding(x.kernelShape, filterH: fh, filterW: fw, dilation: false),
          activation: c.activation)
        XCTAssertEqual(geometry.outputShape, c.output.kernelShape, c.file)
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
        input: x.kernelShape, axes: c.options.ints("axes") ?? [],
        keepDims: c.options.bool("keep_dims") ?? false, inputScale: x.scale,
        inputZeroPoint: x.zeroPoint, outputScale: c.output.scale,
        outputZeroPoint: c.output.zeroPoint)
      XCTAssertEqual(p.geometry.outputShape, c.output.kernelShape, c.file)
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
      let p = ReshapeInt8(try Reshape(input: x.kernelShape, output: c.output.kernelShape))
      let xs = x.int8
      let out: [Int8] = run(c.output.ints.count) { o in
        xs.withUnsafeBufferPointer { p.reference(input: $0, output: o) }
      }
      assertSame(out, c.output.int8, c)
    }
    for c in try Self.cases("TRANSPOSE") {
      guard let x = c.inputs[0] else { continue }
      let p = TransposeInt8(try Transpose(input: x.kernelShape, perm: c.options.ints("perm") ?? []))
      XCTAssertEqual(p.geometry.outputShape, c.output.kernelShape, c.file)
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
      let geometry = try Pad(input: x.kernelShape, paddings: c.options.ints("paddings") ?? [])
      XCTAssertEqual(geometry.outputShape, c.output.kernelShape, c.file)
      let value = c.options.float("value") ?? 0
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
      let inputs = c.presentInputs
      let geometry = try Concatenation(
        inputs: inputs.map(\.kernelShape), axis: c.int("axis"), activation: c.activation)
      XCTAssertEqual(geometry.outputShape, c.output.kernelShape, c.file)
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
        shape: x.kernelShape, scale: c.output.scale, zeroPoint: c.output.zeroPoint)
      let xs = x.floats
      let out: [Int8] = run(c.output.ints.count) { o in
        xs.withUnsafeBufferPointer { p.reference(input: $0, output: o) }
      }
      assertSame(out, c.output.int8, c)
    }
    for c in try Self.cases("DEQUANTIZE") {
      guard let x = c.inputs[0] else { continue }
      let p = try DequantizeInt8(shape: x.kernelShape, scale: x.scale, zeroPoint: x.zeroPoint)
      let xs = x.int8
      let out: [Float] = run(c.output.floats.count) { o in
        xs.withUnsafeBufferPointer { p.reference(input: $0, output: o) }
      }
      assertSame(out.map(\.bitPattern), c.output.floats.map(\.bitPattern), c)
    }
  }
}
