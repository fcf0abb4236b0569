// GMLConverterTests/TFLiteTestModels.swift — TFLiteModel values for the reader's tests, and an error assertion.
import GMLConverter
import GMLFlatBuffers
import XCTest

/// Small `TFLiteModel`s whose references are all valid.
enum TFLiteTestModels {
  /// input (float32 [1, 4]) → FULLY_CONNECTED with constant weights
  /// ([3, 4]) and bias ([3]) → output (float32 [1, 3]).
  static var dense: TFLiteModel {
    TFLiteModel(
      description: "test", name: "main",
      tensors: [
        TFLiteTensor(name: "input", shape: [1, 4], typeCode: 0),
        TFLiteTensor(
          name: "weights", shape: [3, 4], typeCode: 0, data: float32Bytes((0..<12).map(Float.init))),
        TFLiteTensor(name: "bias", shape: [3], typeCode: 0, data: float32Bytes([1, 2, 3])),
        TFLiteTensor(name: "output", shape: [1, 3], typeCode: 0),
      ],
      inputs: [0], outputs: [3],
      operators: [
        TFLiteOperator(
          builtinCode: TFLiteBuiltin.fullyConnected, inputs: [0, 1, 2], outputs: [3],
          options: .fullyConnected(
            activation: 1, weightsFormat: 0, keepNumDims: false, asymmetricQuantizeInputs: false))
      ])
  }

  /// Every `TFLiteOptions` case with non-default values, on tensors that
  /// cover every tensor feature: per-channel and per-tensor quantization,
  /// shape signature, variable, sparse, INT4, STRING, custom details.
  /// Operators reuse the same tensors: only the decoding is tested.
  static var everyOption: TFLiteModel {
    let int8 = TFLiteTensorType.int8.rawValue
    let tensors = [
      TFLiteTensor(
        name: "x", shape: [1, 4, 4, 2], shapeSignature: [-1, 4, 4, 2], typeCode: int8,
        quantization: TFLiteQuantization(
          scales: [0.05], zeroPoints: [-3], min: [-6.25], max: [6.5])),
      TFLiteTensor(
        name: "w", shape: [2, 3, 3, 2], typeCode: int8, data: (0..<36).map { UInt8($0) },
        quantization: TFLiteQuantization(
          scales: [0.5, 0.25], zeroPoints: [0, 0], quantizedDimension: 0)),
      TFLiteTensor(
        name: "b", shape: [2], typeCode: TFLiteTensorType.int32.rawValue,
        data: [1, 0, 0, 0, 2, 0, 0, 0],
        quantization: TFLiteQuantization(scales: [0.1, 0.2], zeroPoints: [0, 0])),
      TFLiteTensor(
        name: "y", shape: [1, 4, 4, 2], typeCode: 0, quantization: TFLiteQuantization()),
      TFLiteTensor(name: "state", shape: [2], typeCode: 0, isVariable: true),
      TFLiteTensor(name: "sparse", shape: [4, 4], typeCode: 0, data: [1, 2, 3], isSparse: true),
      TFLiteTensor(
        name: "nibbles", shape: [3], typeCode: TFLiteTensorType.int4.rawValue, data: [0x21, 0x03]),
      TFLiteTensor(
        name: "text", shape: [1], typeCode: TFLiteTensorType.string.rawValue,
        data: Array("abc".utf8)),
      TFLiteTensor(
        name: "odd", shape: [2], typeCode: int8,
        quantization: TFLiteQuantization(scales: [1, 2, 3], hasCustomDetails: true)),
      TFLiteTensor(name: "future", shape: [2], typeCode: 22),
    ]
    typealias B = TFLiteBuiltin
    let options: [(Int32, TFLiteOptions)] = [
      (
        B.conv2D,
        .conv2D(padding: .valid, strideW: 2, strideH: 3, activation: 1, dilationW: 4, dilationH: 5)
      ),
      (
        B.depthwiseConv2D,
        .depthwiseConv2D(
          padding: .same, strideW: 1, strideH: 2, depthMultiplier: 3, activation: 3, dilationW: 2,
          dilationH: 1)
      ),
      (
        B.averagePool2D,
        .pool2D(
          padding: .valid, strideW: 2, strideH: 2, filterWidth: 3, filterHeight: 2, activation: 0)
      ),
      (
        B.maxPool2D,
        .pool2D(
          padding: .same, strideW: 1, strideH: 1, filterWidth: 2, filterHeight: 2, activation: 2)
      ),
      (
        B.fullyConnected,
        .fullyConnected(
          activation: 3, weightsFormat: 1, keepNumDims: true, asymmetricQuantizeInputs: true)
      ),
      (B.softmax, .softmax(beta: 1)),
      (B.concatenation, .concatenation(axis: -1, activation: 1)),
      (B.add, .arithmetic(activation: 1)), (B.sub, .arithmetic(activation: 3)),
      (B.mul, .arithmetic(activation: 0)), (B.div, .arithmetic(activation: 2)),
      (B.reshape, .reshape(newShape: [16, 2])), (B.reshape, .reshape(newShape: nil)),
      (B.reshape, .reshape(newShape: [])),
      (B.mean, .reducer(keepDims: true)), (B.reduceProd, .reducer(keepDims: false)),
      (B.leakyRelu, .leakyRelu(alpha: 0.2)),
      (
        B.stridedSlice,
        .stridedSlice(
          beginMask: 1, endMask: 2, ellipsisMask: 4, newAxisMask: 8, shrinkAxisMask: 16,
          offset: true)
      ),
      (B.pack, .pack(valuesCount: 2, axis: -1)), (B.squeeze, .squeeze(dims: [0, 2])),
      (B.squeeze, .squeeze(dims: [])),
      (B.gather, .gather(axis: 1, batchDims: 1)), (B.shape, .shape(outType: 4)),
      (B.cast, .cast(inType: 0, outType: 9)), (B.whileLoop, .whileLoop(cond: 1, body: 2)),
      (B.transpose, .other(unionType: 26)), (B.relu, .none), (B.hardSwish, .none),
    ]
    var operators = options.map { code, options in
      TFLiteOperator(builtinCode: code, inputs: [0, 1, 2], outputs: [3], options: options)
    }
    operators[1].inputs = [0, 1, -1]
    operators.append(
      TFLiteOperator(builtinCode: B.hardSwish, version: 3, inputs: [3], outputs: [0]))
    operators.append(
      TFLiteOperator(
        builtinCode: B.custom, customCode: "MyOp", version: 2, inputs: [], outputs: [4]))
    operators.append(TFLiteOperator(builtinCode: 130, inputs: [0, 6], outputs: [3]))
    operators.append(TFLiteOperator(builtinCode: 400, inputs: [5, 7, 8, 9], outputs: [3]))
    return TFLiteModel(
      description: "MLIR Converted.", subgraphCount: 2, name: "serving_default", tensors: tensors,
      inputs: [0], outputs: [3], operators: operators,
      subgraphs: [TFLiteSubgraph(tensors: [], inputs: [], outputs: [], operators: [])])
  }
}

/// Asserts that decoding `bytes` fails with exactly `place` and `message`
/// (and the file name `m.tflite`).
func assertTFLiteError(
  _ bytes: [UInt8], place: String, _ message: String, limits: VerifierLimits = VerifierLimits(),
  file: StaticString = #filePath, line: UInt = #line
) {
  do {
    let model = try TFLiteModel(decoding: bytes, file: "m.tflite", limits: limits)
    XCTFail("decoded a model with \(model.operators.count) operators", file: file, line: line)
  } catch {
    XCTAssertEqual(error.file, "m.tflite", file: file, line: line)
    XCTAssertEqual(error.place, place, file: file, line: line)
    XCTAssertEqual(error.message, message, file: file, line: line)
  }
}
