// GMLRuntimeTests/InterpreterQuantizationTests.swift — what prepare refuses in int8 quantization, and where.
import GMLCore
import GMLFormat
import GMLRuntime
import XCTest

final class InterpreterQuantizationTests: XCTestCase {
  /// x int8 (0.5, 0) → `code` → y int8 with `scale` and `zeroPoint`.
  private func unary(
    _ code: OpCode, scale: Float, zeroPoint: Int64, _ options: OpOptions = .none
  ) -> TestModel {
    var m = TestModel()
    let x = m.quantized("x", [2, 3], scale: 0.5, zeroPoint: 0)
    let y = m.quantized("y", [2, 3], scale: scale, zeroPoint: zeroPoint)
    m.op(code, [x], [y], options)
    m.inputs = [x]
    m.outputs = [y]
    return m
  }

  func testTensorParametersAreCheckedAtTheTensor() {
    for (scale, zeroPoint) in [(Float(0), Int64(0)), (-1, 0), (.nan, 0), (.infinity, 0), (1, 200)] {
      var m = unary(.relu, scale: 0.5, zeroPoint: 0)
      m.tensors[1].quantization = QuantizationDefinition(scales: [scale], zeroPoints: [zeroPoint])
      XCTAssertEqual(prepareError(m.bytes)?.kind, .invalidQuantization, "\(scale) \(zeroPoint)")
      XCTAssertEqual(prepareError(m.bytes)?.location, .tensor(1), "\(scale) \(zeroPoint)")
    }
    // Per-axis along an axis whose extent differs from the count.
    var m = unary(.relu, scale: 0.5, zeroPoint: 0)
    m.tensors[1].quantization = QuantizationDefinition(
      scales: [1, 1], zeroPoints: [0, 0], axis: 1)
    XCTAssertEqual(prepareError(m.bytes)?.location, .tensor(1))
    // Counts that differ.
    m.tensors[1].quantization = QuantizationDefinition(scales: [1], zeroPoints: [0, 0])
    XCTAssertEqual(prepareError(m.bytes)?.kind, .invalidQuantization)
  }

  func testFixedOutputParameters() {
    XCTAssertNil(prepareError(unary(.logistic, scale: 1.0 / 256, zeroPoint: -128).bytes))
    XCTAssertNil(prepareError(unary(.tanh, scale: 1.0 / 128, zeroPoint: 0).bytes))
    let softmax = OpOptions.softmax(beta: 1, axis: -1)
    XCTAssertNil(prepareError(unary(.softmax, scale: 1.0 / 256, zeroPoint: -128, softmax).bytes))
    let refused = [
      unary(.logistic, scale: 1.0 / 128, zeroPoint: -128),
      unary(.logistic, scale: 1.0 / 256, zeroPoint: 0),
      unary(.tanh, scale: 1.0 / 256, zeroPoint: 0),
      unary(.softmax, scale: 0.1, zeroPoint: -128, softmax),
    ]
    for m in refused {
      XCTAssertEqual(
        prepareError(m.bytes),
        GMLError(
          .invalidQuantization, at: .op(0),
          "output scale and zero point differ from the ones TFLite fixes"))
    }
  }

  func testSoftmaxAlongAnotherAxisHasNoInt8Kernel() {
    let m = unary(.softmax, scale: 1.0 / 256, zeroPoint: -128, .softmax(beta: 1, axis: 0))
    XCTAssertEqual(prepareError(m.bytes)?.kind, .unsupportedOp)
    XCTAssertEqual(prepareError(m.bytes)?.location, .op(0))
  }

  func testOpsThatMoveBytesNeedEqualParameters() {
    let m = unary(.reshape, scale: 0.25, zeroPoint: 0, .reshape(newShape: [2, 3]))
    XCTAssertEqual(prepareError(m.bytes)?.kind, .invalidQuantization)
    XCTAssertEqual(prepareError(m.bytes)?.location, .op(0))
    let same = unary(.reshape, scale: 0.5, zeroPoint: 0, .reshape(newShape: [2, 3]))
    XCTAssertNil(prepareError(same.bytes))
  }

  func testInt8OperandWithoutParameters() {
    var m = unary(.relu, scale: 0.5, zeroPoint: 0)
    m.tensors[0].quantization = nil
    XCTAssertEqual(
      prepareError(m.bytes),
      GMLError(
        .invalidQuantization, at: .op(0), "an int8 operand has no quantization parameters"))
  }

  func testWeightParametersMustFitTheOp() {
    // Per-axis along the input dimension (4 scales, checked at the tensor as
    // a valid axis) is not one per output channel.
    var m = TestModel.quantizedDense()
    m.tensors[2].quantization = QuantizationDefinition(
      scales: [0.1, 0.1, 0.1, 0.1], zeroPoints: [0, 0, 0, 0], axis: 1)
    XCTAssertEqual(
      prepareError(m.bytes),
      GMLError(
        .invalidQuantization, at: .op(1),
        "per-axis weight parameters are not one per output channel"))
    // A non-zero weight zero point: honoured for per-tensor FULLY_CONNECTED
    // weights (as TFLite), refused per-axis and for convolutions.
    m = TestModel.quantizedDense()
    m.tensors[2].quantization = QuantizationDefinition(scales: [0.1], zeroPoints: [3])
    XCTAssertNil(prepareError(m.bytes))
    m.tensors[2].quantization = QuantizationDefinition(
      scales: [0.01, 0.02, 0.005], zeroPoints: [0, 3, 0])
    XCTAssertEqual(
      prepareError(m.bytes),
      GMLError(.invalidQuantization, at: .op(1), "int8 weights need zero point 0"))
    var conv = TestModel()
    let x = conv.quantized("x", [1, 3, 3, 1], scale: 0.5, zeroPoint: 0)
    let w = conv.int8Constant("w", [2, 1, 1, 1], [1, 2], scales: [0.1])
    conv.tensors[Int(w)].quantization?.zeroPoints = [4]
    let y = conv.quantized("y", [1, 3, 3, 2], scale: 0.5, zeroPoint: 0)
    conv.op(.conv2D, [x, w, -1], [y], .conv2D(Conv2DOptions()))
    conv.inputs = [x]
    conv.outputs = [y]
    XCTAssertEqual(
      prepareError(conv.bytes),
      GMLError(.invalidQuantization, at: .op(0), "int8 weights need zero point 0"))
    conv.tensors[Int(w)].quantization?.zeroPoints = [0]
    XCTAssertNil(prepareError(conv.bytes))
    // One weight scale for all channels is fine.
    m = TestModel.quantizedDense()
    m.tensors[2].quantization = QuantizationDefinition(scales: [0.1], zeroPoints: [0])
    XCTAssertNil(prepareError(m.bytes))
    // A bias zero point other than 0.
    m.tensors[3].quantization?.zeroPoints = [0, 1, 0]
    XCTAssertEqual(prepareError(m.bytes)?.location, .tensor(3))
  }

  func testMixedTypesHaveNoKernel() {
    var m = TestModel()
    let a = m.quantized("a", [4], scale: 0.5, zeroPoint: 0)
    let b = m.tensor("b", [4])
    let c = m.quantized("c", [4], scale: 0.5, zeroPoint: 0)
    m.op(.add, [a, b], [c], .elementwise(activation: .none))
    m.inputs = [a, b]
    m.outputs = [c]
    XCTAssertEqual(prepareError(m.bytes)?.kind, .unsupportedType)
    // QUANTIZE must produce int8 from float32.
    var q = TestModel()
    let x = q.quantized("x", [4], scale: 0.5, zeroPoint: 0)
    let y = q.quantized("y", [4], scale: 0.5, zeroPoint: 0)
    q.op(.quantize, [x], [y])
    q.inputs = [x]
    q.outputs = [y]
    XCTAssertEqual(prepareError(q.bytes)?.kind, .unsupportedType)
  }
}
