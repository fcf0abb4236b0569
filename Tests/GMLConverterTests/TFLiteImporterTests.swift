// GMLConverterTests/TFLiteImporterTests.swift — operator mapping, options, unsupported-operator reports and PAD fusion on crafted models.
import GMLCore
import GMLFormat
import XCTest

@testable import GMLConverter

final class TFLiteImporterTests: XCTestCase {
  /// A float model importing as a graph: FULLY_CONNECTED with its fused
  /// ReLU, constants carried as floats.
  func testFloatDenseBecomesAGraph() throws {
    let imported = try TFLiteImporter.importModel(TFLiteTestModels.dense, file: "d.tflite")
    guard case .float(let graph) = imported.content else { return XCTFail("not float") }
    XCTAssertEqual(graph.nodes.map(\.op), [.dense(activation: .relu)])
    XCTAssertEqual(graph.inputs, ["input"])
    XCTAssertEqual(graph.outputs, ["output"])
    XCTAssertEqual(graph.constant("bias"), [1, 2, 3])
    XCTAssertEqual(graph.nodes[0].place, "subgraphs[0].operators[0]")
  }

  /// Problems of several kinds are reported together, grouped, with
  /// counts and operator indices, and nothing is imported.
  func testUnsupportedOperatorsAndOptionsAreReportedTogether() throws {
    var model = TFLiteTestModels.dense
    let fc = model.operators[0]
    var signBit = fc
    signBit.options = .fullyConnected(
      activation: 5, weightsFormat: 0, keepNumDims: false, asymmetricQuantizeInputs: false)
    var shuffled = fc
    shuffled.options = .fullyConnected(
      activation: 0, weightsFormat: 1, keepNumDims: false, asymmetricQuantizeInputs: false)
    let custom = TFLiteOperator(
      builtinCode: TFLiteBuiltin.custom, customCode: "MyOp", inputs: [3], outputs: [3])
    let cumsum = TFLiteOperator(builtinCode: 128, inputs: [3], outputs: [3])
    model.operators = [signBit, custom, cumsum, shuffled, custom, signBit]
    XCTAssertThrowsError(try TFLiteImporter.importModel(model, file: "m.tflite")) { error in
      let e = error as? ConversionError
      XCTAssertEqual(e?.file, "m.tflite")
      XCTAssertEqual(e?.place, "subgraphs[0].operators")
      XCTAssertEqual(
        e?.message,
        "6 operators are not supported by gml: "
          + "FULLY_CONNECTED (fused activation SIGN_BIT) ×2 at operators 0, 5; "
          + "CUSTOM(MyOp) ×2 at operators 1, 4; \(TFLiteBuiltin.name(128)) ×1 at operator 2; "
          + "FULLY_CONNECTED (with shuffled weights) ×1 at operator 3; nothing was written")
    }
  }

  /// An int32 graph input (token ids) is read only by GATHER; any other
  /// type is reported as the graph input's.
  func testFloatGraphInputOfAnotherTypeIsReported() throws {
    var model = TFLiteTestModels.dense
    model.tensors[0].typeCode = TFLiteTensorType.int16.rawValue
    XCTAssertThrowsError(try TFLiteImporter.importModel(model, file: "m.tflite")) { error in
      XCTAssertTrue(
        (error as? ConversionError)?.message.contains("graph input (of type INT16)") == true,
        "\(error)")
    }
    model.tensors[0].typeCode = TFLiteTensorType.int32.rawValue
    XCTAssertThrowsError(try TFLiteImporter.importModel(model, file: "m.tflite")) { error in
      XCTAssertTrue(
        (error as? ConversionError)?.message.contains("FULLY_CONNECTED (with INT32 tensors)")
          == true, "\(error)")
    }
  }

  /// Operators written without their options table take the schema's
  /// defaults (LiteRT does the same).
  func testMissingOptionsTakeSchemaDefaults() throws {
    var model = TFLiteTestModels.dense
    model.operators[0].options = .none
    let imported = try TFLiteImporter.importModel(model, file: "d.tflite")
    guard case .float(let graph) = imported.content else { return XCTFail("not float") }
    XCTAssertEqual(graph.nodes.map(\.op), [.dense(activation: .none)])
  }

  /// int8: PAD by the zero point before a VALID convolution becomes its
  /// explicit padding; a PAD by another value stays.
  func testInt8PadFusesIntoValidConvolutionOnlyWhenExact() throws {
    let fused = try TFLiteImporter.importModel(padConvModel(padValue: -3), file: "p.tflite")
    guard case .int8(let model) = fused.content else { return XCTFail("not int8") }
    XCTAssertEqual(fused.padsFused, 1)
    let ops = model.subgraphs[0].operators
    XCTAssertEqual(ops.map(\.opcode), [.conv2D])
    guard case .conv2D(let options) = ops[0].options else { return XCTFail("options") }
    XCTAssertEqual(options.window.padding, .explicit)
    XCTAssertEqual(options.window.explicitPadding, [1, 0, 0, 1])
    XCTAssertEqual(model.subgraphs[0].tensors[Int(ops[0].inputs[0])].name, "x")

    let kept = try TFLiteImporter.importModel(padConvModel(padValue: 5), file: "p.tflite")
    guard case .int8(let keptModel) = kept.content else { return XCTFail("not int8") }
    XCTAssertEqual(kept.padsFused, 0)
    XCTAssertEqual(keptModel.subgraphs[0].operators.map(\.opcode), [.pad, .conv2D])

    let unfused = try TFLiteImporter.importModel(
      padConvModel(padValue: -3), file: "p.tflite", fuse: false)
    guard case .int8(let unfusedModel) = unfused.content else { return XCTFail("not int8") }
    XCTAssertEqual(unfusedModel.subgraphs[0].operators.map(\.opcode), [.pad, .conv2D])
  }

  /// An int8 model the runtime refuses is refused at import, at the
  /// tensor (or TFLite operator) the runtime names.
  func testInt8ModelTheRuntimeRefusesNamesTheOperator() throws {
    var model = try padConvModel(padValue: -3)
    model.tensors[5].quantization?.scales = [0]
    XCTAssertThrowsError(try TFLiteImporter.importModel(model, file: "p.tflite")) { error in
      let e = error as? ConversionError
      XCTAssertEqual(e?.file, "p.tflite")
      XCTAssertEqual(e?.place, "tensor 'y'")
      XCTAssertEqual(e?.message, "invalid quantization: scale is not positive and finite")
    }
  }

  /// x int8 [1,3,3,1] zp -3 → PADV2 (value `padValue`, pads top 1, right 1)
  /// → CONV_2D 2×2 VALID with int8 weights and int32 bias → y.
  func padConvModel(padValue: Int8) throws -> TFLiteModel {
    let int8 = TFLiteTensorType.int8.rawValue
    let int32 = TFLiteTensorType.int32.rawValue
    let q = TFLiteQuantization(scales: [0.5], zeroPoints: [-3])
    let paddings: [Int32] = [0, 0, 1, 0, 0, 1, 0, 0]
    return TFLiteModel(
      tensors: [
        TFLiteTensor(name: "x", shape: [1, 3, 3, 1], typeCode: int8, quantization: q),
        TFLiteTensor(
          name: "paddings", shape: [4, 2], typeCode: int32,
          data: paddings.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }),
        TFLiteTensor(
          name: "value", shape: [], typeCode: int8, data: [UInt8(bitPattern: padValue)],
          quantization: q),
        TFLiteTensor(name: "padded", shape: [1, 4, 4, 1], typeCode: int8, quantization: q),
        TFLiteTensor(
          name: "w", shape: [1, 2, 2, 1], typeCode: int8, data: [1, 2, 3, 4],
          quantization: TFLiteQuantization(scales: [0.25], zeroPoints: [0])),
        TFLiteTensor(
          name: "y", shape: [1, 3, 3, 1], typeCode: int8,
          quantization: TFLiteQuantization(scales: [1], zeroPoints: [0])),
        TFLiteTensor(
          name: "b", shape: [1], typeCode: int32, data: [7, 0, 0, 0],
          quantization: TFLiteQuantization(scales: [0.125], zeroPoints: [0])),
      ],
      inputs: [0], outputs: [5],
      operators: [
        TFLiteOperator(builtinCode: TFLiteBuiltin.padV2, inputs: [0, 1, 2], outputs: [3]),
        TFLiteOperator(
          builtinCode: TFLiteBuiltin.conv2D, inputs: [3, 4, 6], outputs: [5],
          options: .conv2D(
            padding: .valid, strideW: 1, strideH: 1, activation: 0, dilationW: 1, dilationH: 1)),
      ])
  }
}
