// GMLConverter/TFLite/TFLiteModel.swift — a .tflite file decoded to plain values: tensors, operators, options.

/// The first subgraph of a `.tflite` file as plain values, after the
/// FlatBuffers structure has been verified (`TFLiteModel(decoding:file:)`).
///
/// Only what the importer reads is kept. Fields follow the public TFLite
/// schema (`tensorflow/compiler/mlir/lite/schema/schema.fbs`).
public struct TFLiteModel: Equatable, Sendable {
  /// The schema version the file declares (3 for current files).
  public var version: UInt32
  /// The model's description string (the converter's name), or empty.
  public var description: String
  /// How many subgraphs the file has.
  public var subgraphCount: Int
  /// Subgraph 0's name, or empty.
  public var name: String
  public var tensors: [TFLiteTensor]
  /// Graph input tensor indices, in order.
  public var inputs: [Int]
  /// Graph output tensor indices, in order.
  public var outputs: [Int]
  /// Operators in execution order.
  public var operators: [TFLiteOperator]
  /// The file's other subgraphs (the condition and body of WHILE loops):
  /// `subgraphs[k - 1]` is subgraph k. See `subgraph(_:)`.
  public var subgraphs: [TFLiteSubgraph]
  /// Where each operator came from when it is not `subgraphs[0].operators[i]`
  /// (a WHILE loop's body, unrolled): empty, or one entry per operator,
  /// nil for an operator of subgraph 0.
  public var origins: [String?]

  public init(
    version: UInt32 = 3, description: String = "", subgraphCount: Int = 1, name: String = "",
    tensors: [TFLiteTensor], inputs: [Int], outputs: [Int], operators: [TFLiteOperator],
    subgraphs: [TFLiteSubgraph] = [], origins: [String?] = []
  ) {
    self.version = version
    self.description = description
    self.subgraphCount = subgraphCount
    self.name = name
    self.tensors = tensors
    self.inputs = inputs
    self.outputs = outputs
    self.operators = operators
    self.subgraphs = subgraphs
    self.origins = origins
  }

  /// Subgraph `index` (1 or more), or nil when the file has no such subgraph.
  public func subgraph(_ index: Int) -> TFLiteSubgraph? {
    index >= 1 && index <= subgraphs.count ? subgraphs[index - 1] : nil
  }

  /// The schema path of operator `index`: `subgraphs[0].operators[3]`, or
  /// for an unrolled loop body where it came from.
  public func place(ofOperator index: Int) -> String {
    origin(ofOperator: index) ?? "subgraphs[0].operators[\(index)]"
  }

  /// Where operator `index` came from when it was unrolled from a loop
  /// body; nil for an operator of subgraph 0.
  public func origin(ofOperator index: Int) -> String? {
    index >= 0 && index < origins.count ? origins[index] : nil
  }
}

/// A subgraph other than the first: a WHILE loop's condition or body.
public struct TFLiteSubgraph: Equatable, Sendable {
  public var name: String
  public var tensors: [TFLiteTensor]
  public var inputs: [Int]
  public var outputs: [Int]
  public var operators: [TFLiteOperator]

  public init(
    name: String = "", tensors: [TFLiteTensor], inputs: [Int], outputs: [Int],
    operators: [TFLiteOperator]
  ) {
    self.name = name
    self.tensors = tensors
    self.inputs = inputs
    self.outputs = outputs
    self.operators = operators
  }
}

/// A TFLite tensor type (`TensorType` in the schema); raw values pinned by
/// the schema.
public enum TFLiteTensorType: Int8, CaseIterable, Sendable {
  case float32 = 0
  case float16 = 1
  case int32 = 2
  case uint8 = 3
  case int64 = 4
  case string = 5
  case bool = 6
  case int16 = 7
  case complex64 = 8
  case int8 = 9
  case float64 = 10
  case complex128 = 11
  case uint64 = 12
  case resource = 13
  case variant = 14
  case uint32 = 15
  case uint16 = 16
  case int4 = 17
  case bfloat16 = 18

  /// The schema's name: `FLOAT32`.
  public var schemaName: String { String(describing: self).uppercased() }
}

/// TFLite quantization parameters (`QuantizationParameters`), affine only.
public struct TFLiteQuantization: Equatable, Sendable {
  public var scales: [Float]
  public var zeroPoints: [Int64]
  /// The axis of per-channel parameters (`quantized_dimension`).
  public var quantizedDimension: Int
  public var min: [Float]
  public var max: [Float]
  /// Whether the file uses a non-affine `details` member (not supported).
  public var hasCustomDetails: Bool

  public init(
    scales: [Float] = [], zeroPoints: [Int64] = [], quantizedDimension: Int = 0,
    min: [Float] = [], max: [Float] = [], hasCustomDetails: Bool = false
  ) {
    self.scales = scales
    self.zeroPoints = zeroPoints
    self.quantizedDimension = quantizedDimension
    self.min = min
    self.max = max
    self.hasCustomDetails = hasCustomDetails
  }

  /// Whether there is at least one scale (TFLite writes empty tables for
  /// float tensors).
  public var isQuantized: Bool { !scales.isEmpty }
}

/// One tensor of subgraph 0.
public struct TFLiteTensor: Equatable, Sendable {
  public var name: String
  public var shape: [Int]
  /// `shape_signature` (-1 marks a dynamic dimension), or nil when absent.
  public var shapeSignature: [Int]?
  /// The raw `TensorType` value; see `type`.
  public var typeCode: Int8
  /// The constant's bytes (little-endian, as stored), or nil for tensors
  /// whose buffer is 0 or empty.
  public var data: [UInt8]?
  public var quantization: TFLiteQuantization?
  public var isVariable: Bool
  /// Whether the tensor has a `sparsity` table (not supported).
  public var isSparse: Bool

  public init(
    name: String, shape: [Int], shapeSignature: [Int]? = nil, typeCode: Int8,
    data: [UInt8]? = nil, quantization: TFLiteQuantization? = nil, isVariable: Bool = false,
    isSparse: Bool = false
  ) {
    self.name = name
    self.shape = shape
    self.shapeSignature = shapeSignature
    self.typeCode = typeCode
    self.data = data
    self.quantization = quantization
    self.isVariable = isVariable
    self.isSparse = isSparse
  }

  /// The tensor type, or nil for a value this build does not know.
  public var type: TFLiteTensorType? { TFLiteTensorType(rawValue: typeCode) }
}

/// One operator of subgraph 0, its opcode resolved.
public struct TFLiteOperator: Equatable, Sendable {
  /// The builtin operator code (`BuiltinOperator`), resolved from
  /// `builtin_code` and `deprecated_builtin_code` (the larger of the two).
  public var builtinCode: Int32
  /// `custom_code` for CUSTOM operators, else nil.
  public var customCode: String?
  /// The operator version from the opcode table.
  public var version: Int32
  /// Input tensor indices; -1 marks an absent optional input.
  public var inputs: [Int]
  public var outputs: [Int]
  public var options: TFLiteOptions
  /// `intermediates`: tensors that carry only quantization parameters
  /// (the integer LSTM's gate and hidden scales).
  public var intermediates: [Int]

  public init(
    builtinCode: Int32, customCode: String? = nil, version: Int32 = 1, inputs: [Int],
    outputs: [Int], options: TFLiteOptions = .none, intermediates: [Int] = []
  ) {
    self.builtinCode = builtinCode
    self.customCode = customCode
    self.version = version
    self.inputs = inputs
    self.outputs = outputs
    self.options = options
    self.intermediates = intermediates
  }

  /// The schema's name of the operator (`CONV_2D`), or `CUSTOM(<code>)`,
  /// or `BUILTIN_<n>` for a code this build does not know.
  public var opName: String {
    if let customCode { return "CUSTOM(\(customCode))" }
    return TFLiteBuiltin.name(builtinCode)
  }
}

/// TFLite's `Padding` enum.
public enum TFLitePadding: Int8, Equatable, Sendable {
  case same = 0
  case valid = 1
}

/// `builtin_options` decoded for the operators the importer maps. Other
/// option tables are kept as `.other` with their union type byte.
/// Activations are the raw `ActivationFunctionType` values (NONE 0, RELU 1,
/// RELU_N1_TO_1 2, RELU6 3, TANH 4, SIGN_BIT 5). Fields absent from the
/// file take the schema's defaults.
public enum TFLiteOptions: Equatable, Sendable {
  case none
  /// Conv2DOptions.
  case conv2D(
    padding: TFLitePadding, strideW: Int, strideH: Int, activation: Int8, dilationW: Int,
    dilationH: Int)
  /// DepthwiseConv2DOptions.
  case depthwiseConv2D(
    padding: TFLitePadding, strideW: Int, strideH: Int, depthMultiplier: Int, activation: Int8,
    dilationW: Int, dilationH: Int)
  /// TransposeConvOptions.
  case transposeConv(padding: TFLitePadding, strideW: Int, strideH: Int, activation: Int8)
  /// Pool2DOptions (AVERAGE_POOL_2D, MAX_POOL_2D).
  case pool2D(
    padding: TFLitePadding, strideW: Int, strideH: Int, filterWidth: Int, filterHeight: Int,
    activation: Int8)
  /// FullyConnectedOptions; `weightsFormat` 0 is DEFAULT.
  case fullyConnected(
    activation: Int8, weightsFormat: Int8, keepNumDims: Bool, asymmetricQuantizeInputs: Bool)
  /// SoftmaxOptions.
  case softmax(beta: Float)
  /// ConcatenationOptions.
  case concatenation(axis: Int, activation: Int8)
  /// AddOptions, SubOptions, MulOptions, DivOptions: the fused activation.
  case arithmetic(activation: Int8)
  /// ReshapeOptions (`new_shape`, nil when absent).
  case reshape(newShape: [Int]?)
  /// ReducerOptions (MEAN, SUM, REDUCE_MAX, ...).
  case reducer(keepDims: Bool)
  /// LeakyReluOptions.
  case leakyRelu(alpha: Float)
  /// StridedSliceOptions.
  case stridedSlice(
    beginMask: Int, endMask: Int, ellipsisMask: Int, newAxisMask: Int, shrinkAxisMask: Int,
    offset: Bool)
  /// ResizeBilinearOptions, ResizeNearestNeighborOptions.
  case resize(alignCorners: Bool, halfPixelCenters: Bool)
  /// PackOptions.
  case pack(valuesCount: Int, axis: Int)
  /// UnpackOptions.
  case unpack(count: Int, axis: Int)
  /// SqueezeOptions (`squeeze_dims`, empty when absent).
  case squeeze(dims: [Int])
  /// GatherOptions.
  case gather(axis: Int, batchDims: Int)
  /// ShapeOptions: the raw TensorType of the output.
  case shape(outType: Int8)
  /// CastOptions: raw TensorTypes (0 when absent).
  case cast(inType: Int8, outType: Int8)
  /// BatchMatMulOptions.
  case batchMatMul(adjX: Bool, adjY: Bool)
  /// GeluOptions.
  case gelu(approximate: Bool)
  /// UnidirectionalSequenceLSTMOptions: the cell and output activation,
  /// the clips (0: none) and the layout (`[time, batch, ...]` when
  /// `timeMajor`).
  case sequenceLSTM(activation: Int8, cellClip: Float, projClip: Float, timeMajor: Bool)
  /// WhileOptions: the condition's and the body's subgraph indices.
  case whileLoop(cond: Int, body: Int)
  /// Any other options table: the raw `BuiltinOptions` union type byte.
  case other(unionType: UInt8)
}
