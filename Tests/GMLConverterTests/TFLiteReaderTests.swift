// GMLConverterTests/TFLiteReaderTests.swift — decoding .tflite files: round trips, operator codes, schema defaults, external data.
import GMLFlatBuffers
import GMLTestSupport
import XCTest

@testable import GMLConverter

final class TFLiteReaderTests: XCTestCase {
  private func decode(_ bytes: [UInt8]) throws -> TFLiteModel {
    try TFLiteModel(decoding: bytes, file: "m.tflite")
  }

  func testRoundTripEveryOption() throws {
    let model = TFLiteTestModels.everyOption
    let bytes = TFLiteTestWriter.write(model)
    XCTAssertEqual(Array(bytes[4..<8]), Array("TFL3".utf8))
    let decoded = try decode(bytes)
    XCTAssertEqual(decoded, model)
    for (a, b) in zip(decoded.operators, model.operators) { XCTAssertEqual(a, b) }
    for (a, b) in zip(decoded.tensors, model.tensors) { XCTAssertEqual(a, b) }
    XCTAssertEqual(
      decoded.operators.map(\.opName).suffix(4),
      [
        "HARD_SWISH", "CUSTOM(MyOp)", "BROADCAST_TO", "BUILTIN_400",
      ])
    XCTAssertEqual(decoded.tensors[9].type, nil)
    XCTAssertEqual(decoded.tensors[0].quantization?.isQuantized, true)
    XCTAssertEqual(decoded.tensors[3].quantization?.isQuantized, false)
  }

  func testRoundTripDense() throws {
    let model = TFLiteTestModels.dense
    XCTAssertEqual(try decode(TFLiteTestWriter.write(model)), model)
  }

  /// Constants stored after the FlatBuffer (`Buffer.offset`/`size`), as in
  /// files over 2 GB, decode to the same values.
  func testExternalDataRoundTrip() throws {
    var writer = TFLiteTestWriter()
    writer.externalData = true
    for model in [TFLiteTestModels.dense, TFLiteTestModels.everyOption] {
      let bytes = writer.write(model)
      XCTAssertGreaterThan(bytes.count, TFLiteTestWriter.write(model).count - 64)
      XCTAssertEqual(try decode(bytes), model)
    }
  }

  /// Operator codes are deduplicated by (code, custom code, version).
  func testOperatorCodesAreShared() throws {
    let model = TFLiteTestModels.everyOption
    let (codes, indices) = TFLiteTestWriter().operatorCodes(model)
    XCTAssertEqual(indices.map(\.count), [model.operators.count, 0])
    XCTAssertEqual(
      codes.count, Set(model.operators.map { "\($0.builtinCode) \($0.version)" }).count)
  }

  /// TFLite's `GetBuiltinCode`: the larger of `builtin_code` and
  /// `deprecated_builtin_code`, so old files (only the byte), current
  /// files (both, 127 in the byte above 126) and files with only the int
  /// all resolve.
  func testBuiltinCodeResolution() throws {
    let codes: [Int32] = [0, 3, 126, 127, 130, 150, 209]
    let model = TFLiteModel(
      tensors: [TFLiteTensor(name: "t", shape: [1], typeCode: 0)], inputs: [0], outputs: [0],
      operators: codes.map { TFLiteOperator(builtinCode: $0, inputs: [0], outputs: [0]) })
    for style in [TFLiteTestWriter.OpcodeStyle.current, .builtinOnly] {
      var writer = TFLiteTestWriter()
      writer.opcodeStyle = style
      let bytes = writer.write(model)
      XCTAssertEqual(try decode(bytes).operators.map(\.builtinCode), codes, "\(style)")
      let raw = rawOperatorCodes(bytes)
      XCTAssertEqual(raw.map(\.builtin), codes)
      XCTAssertEqual(
        raw.map(\.deprecated),
        style == .current ? codes.map { Int8(min($0, 127)) } : codes.map { _ in 0 })
    }
    var old = TFLiteTestWriter()
    old.opcodeStyle = .deprecatedOnly
    let oldCodes = Array(codes.prefix(4))
    var oldModel = model
    oldModel.operators.removeLast(3)
    let bytes = old.write(oldModel)
    XCTAssertEqual(rawOperatorCodes(bytes).map(\.builtin), [0, 0, 0, 0])
    XCTAssertEqual(try decode(bytes).operators.map(\.builtinCode), oldCodes)
  }

  /// (deprecated_builtin_code, builtin_code) of each operator code, read raw.
  private func rawOperatorCodes(_ bytes: [UInt8]) -> [(deprecated: Int8, builtin: Int32)] {
    bytes.withUnsafeBytes { raw in
      let view = BufferView(raw)
      let root = view.rootTable()
      typealias S = TFLiteSchema
      return (0..<view.vectorCount(root, slot: S.Model.operatorCodes)).map { i in
        let t = view.vectorTable(root, slot: S.Model.operatorCodes, at: i)
        return (
          view.scalar(t, slot: S.OperatorCode.deprecatedBuiltinCode, default: Int8(0)),
          view.scalar(t, slot: S.OperatorCode.builtinCode, default: Int32(0))
        )
      }
    }
  }

  func testBuiltinNames() {
    XCTAssertEqual(TFLiteBuiltin.name(TFLiteBuiltin.conv2D), "CONV_2D")
    XCTAssertEqual(TFLiteBuiltin.name(TFLiteBuiltin.reluN1To1), "RELU_N1_TO_1")
    XCTAssertEqual(TFLiteBuiltin.name(TFLiteBuiltin.padV2), "PADV2")
    XCTAssertEqual(TFLiteBuiltin.name(127), "PLACEHOLDER_FOR_GREATER_OP_CODES")
    XCTAssertEqual(TFLiteBuiltin.name(209), "STABLEHLO_CASE")
    XCTAssertEqual(TFLiteBuiltin.name(210), "BUILTIN_210")
    XCTAssertEqual(TFLiteBuiltin.name(-1), "BUILTIN_-1")
    XCTAssertEqual(TFLiteBuiltin.names.count, 210)
    XCTAssertEqual(Set(TFLiteBuiltin.names).count, 210)
    let constants: [(Int32, String)] = [
      (TFLiteBuiltin.add, "ADD"), (TFLiteBuiltin.averagePool2D, "AVERAGE_POOL_2D"),
      (TFLiteBuiltin.depthwiseConv2D, "DEPTHWISE_CONV_2D"), (TFLiteBuiltin.custom, "CUSTOM"),
      (TFLiteBuiltin.expandDims, "EXPAND_DIMS"), (TFLiteBuiltin.quantize, "QUANTIZE"),
      (TFLiteBuiltin.hardSwish, "HARD_SWISH"), (TFLiteBuiltin.leakyRelu, "LEAKY_RELU"),
      (TFLiteBuiltin.reduceProd, "REDUCE_PROD"), (TFLiteBuiltin.floorDiv, "FLOOR_DIV"),
      (TFLiteBuiltin.fill, "FILL"), (TFLiteBuiltin.unpack, "UNPACK"),
      (TFLiteBuiltin.stridedSlice, "STRIDED_SLICE"), (TFLiteBuiltin.dequantize, "DEQUANTIZE"),
    ]
    for (code, name) in constants { XCTAssertEqual(TFLiteBuiltin.name(code), name) }
  }

  /// An options table with no fields reads as the schema's defaults:
  /// dilation factors 1, Softmax beta and LeakyRelu alpha 0.0, the rest 0.
  func testOptionDefaults() throws {
    typealias O = TFLiteSchema.Options
    let expected: [(UInt8, TFLiteOptions)] = [
      (
        O.conv2D,
        .conv2D(padding: .same, strideW: 0, strideH: 0, activation: 0, dilationW: 1, dilationH: 1)
      ),
      (
        O.depthwiseConv2D,
        .depthwiseConv2D(
          padding: .same, strideW: 0, strideH: 0, depthMultiplier: 0, activation: 0, dilationW: 1,
          dilationH: 1)
      ),
      (
        O.pool2D,
        .pool2D(
          padding: .same, strideW: 0, strideH: 0, filterWidth: 0, filterHeight: 0, activation: 0)
      ),
      (
        O.fullyConnected,
        .fullyConnected(
          activation: 0, weightsFormat: 0, keepNumDims: false, asymmetricQuantizeInputs: false)
      ),
      (O.softmax, .softmax(beta: 0)), (O.leakyRelu, .leakyRelu(alpha: 0)),
      (O.concatenation, .concatenation(axis: 0, activation: 0)),
      (O.add, .arithmetic(activation: 0)), (O.sub, .arithmetic(activation: 0)),
      (O.mul, .arithmetic(activation: 0)), (O.div, .arithmetic(activation: 0)),
      (O.reshape, .reshape(newShape: nil)), (O.squeeze, .squeeze(dims: [])),
      (O.reducer, .reducer(keepDims: false)),
      (
        O.stridedSlice,
        .stridedSlice(
          beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
          offset: false)
      ),
      (O.pack, .pack(valuesCount: 0, axis: 0)), (O.gather, .gather(axis: 0, batchDims: 0)),
      (O.shape, .shape(outType: 0)), (O.cast, .cast(inType: 0, outType: 0)),
      (26, .other(unionType: 26)), (255, .other(unionType: 255)),
    ]
    var model = TFLiteTestModels.dense
    model.operators = expected.map { type, _ in
      TFLiteOperator(builtinCode: 0, inputs: [0], outputs: [3], options: .other(unionType: type))
    }
    let decoded = try decode(TFLiteTestWriter.write(model))
    XCTAssertEqual(decoded.operators.map(\.options), expected.map(\.1))
  }

  /// Absent fields elsewhere: opcode version 1, tensor type FLOAT32 and
  /// buffer 0, names and description empty, no shape signature; a union
  /// type without its table reads as no options.
  func testFieldDefaults() throws {
    var b = Builder()
    b.startTable()
    let emptyTensor = b.endTable()
    let tensors = b.createVector(offsets: [emptyTensor])
    let inputs = b.createVector([Int32(0)])
    b.startTable()
    b.add(
      UInt8(TFLiteSchema.Options.conv2D), default: 0, slot: TFLiteSchema.Operator.builtinOptionsType
    )
    let op = b.endTable()
    let operators = b.createVector(offsets: [op])
    b.startTable()
    b.add(tensors, slot: TFLiteSchema.SubGraph.tensors)
    b.add(inputs, slot: TFLiteSchema.SubGraph.inputs)
    b.add(operators, slot: TFLiteSchema.SubGraph.operators)
    let subgraph = b.endTable()
    b.startTable()
    let code = b.endTable()
    let codes = b.createVector(offsets: [code])
    let subgraphs = b.createVector(offsets: [subgraph])
    b.startTable()
    b.add(UInt32(3), default: 0, slot: TFLiteSchema.Model.version)
    b.add(codes, slot: TFLiteSchema.Model.operatorCodes)
    b.add(subgraphs, slot: TFLiteSchema.Model.subgraphs)
    let root = b.endTable()
    let decoded = try decode(b.finish(root: root, fileIdentifier: "TFL3"))
    XCTAssertEqual(
      decoded,
      TFLiteModel(
        tensors: [TFLiteTensor(name: "", shape: [], typeCode: 0)], inputs: [0], outputs: [],
        operators: [TFLiteOperator(builtinCode: 0, version: 1, inputs: [], outputs: [])]))
  }

  /// A union type without its table reads as no options (writer knob).
  func testOptionsTypeWithoutTable() throws {
    var writer = TFLiteTestWriter()
    writer.rawOptions[0] = { _ in (TFLiteSchema.Options.fullyConnected, nil) }
    let decoded = try decode(writer.write(TFLiteTestModels.dense))
    XCTAssertEqual(decoded.operators[0].options, .none)
  }

  func testLoadFromFile() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.path("dense.tflite")
    try OutputFile.write(TFLiteTestWriter.write(TFLiteTestModels.dense), to: path)
    XCTAssertEqual(try TFLiteModel.load(path: path), TFLiteTestModels.dense)
    XCTAssertThrowsError(try TFLiteModel.load(path: folder.path("missing.tflite"))) { error in
      XCTAssertEqual(
        error as? ConversionError,
        ConversionError(
          file: folder.path("missing.tflite"),
          "cannot read the file (missing, a folder, or unreadable)"))
    }
  }
}
