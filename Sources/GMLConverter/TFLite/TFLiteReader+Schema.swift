// GMLConverter/TFLite/TFLiteReader+Schema.swift — field slots, union members and defaults of the TFLite schema tables read.

/// Facts of the public TFLite schema
/// (`tensorflow/compiler/mlir/lite/schema/schema.fbs`) for the tables the
/// reader reads: field slots (the index of each field in its table's
/// declaration order; a union takes two, its type byte then its value),
/// `BuiltinOptions` member numbers, and non-zero defaults. Pinned by the
/// schema, which only ever appends fields and members.
enum TFLiteSchema {
  /// The file identifier at bytes 4..<8.
  static let fileIdentifier = "TFL3"
  /// The schema version every current file declares (`Model.version`).
  static let version: UInt32 = 3

  enum Model {
    static let version = 0, operatorCodes = 1, subgraphs = 2, description = 3, buffers = 4
  }
  enum OperatorCode {
    static let deprecatedBuiltinCode = 0, customCode = 1, version = 2, builtinCode = 3
    /// `version: int = 1`.
    static let defaultVersion: Int32 = 1
  }
  enum SubGraph {
    static let tensors = 0, inputs = 1, outputs = 2, operators = 3, name = 4
  }
  enum Tensor {
    static let shape = 0, type = 1, buffer = 2, name = 3, quantization = 4, isVariable = 5
    static let sparsity = 6, shapeSignature = 7
  }
  enum Quantization {
    static let min = 0, max = 1, scale = 2, zeroPoint = 3, detailsType = 4, quantizedDimension = 6
  }
  enum Operator {
    static let opcodeIndex = 0, inputs = 1, outputs = 2, builtinOptionsType = 3
    static let intermediates = 8
  }
  /// `Buffer`: `offset` and `size` place the data outside the FlatBuffer
  /// (files over 2 GB); an offset of 0 or 1 means "not used" (the exporter
  /// writes 1 so that the field is present).
  enum Buffer {
    static let data = 0, offset = 1, size = 2
  }

  /// `BuiltinOptions` union members the reader decodes (0 is NONE).
  enum Options {
    static let conv2D: UInt8 = 1, depthwiseConv2D: UInt8 = 2, pool2D: UInt8 = 5
    static let fullyConnected: UInt8 = 8, softmax: UInt8 = 9, concatenation: UInt8 = 10
    static let add: UInt8 = 11, reshape: UInt8 = 17, mul: UInt8 = 21, gather: UInt8 = 23
    static let reducer: UInt8 = 27, sub: UInt8 = 28, div: UInt8 = 29, squeeze: UInt8 = 30
    static let stridedSlice: UInt8 = 32, cast: UInt8 = 37, shape: UInt8 = 55, pack: UInt8 = 59
    static let transposeConv: UInt8 = 49, leakyRelu: UInt8 = 75
    static let resizeBilinear: UInt8 = 15, resizeNearestNeighbor: UInt8 = 74
    static let unpack: UInt8 = 64, batchMatMul: UInt8 = 101, gelu: UInt8 = 116
    static let whileLoop: UInt8 = 93, sequenceLSTM: UInt8 = 71
  }

  /// Conv2DOptions, DepthwiseConv2DOptions and Pool2DOptions start with
  /// `padding`, `stride_w`, `stride_h` (width first, unlike gml's schema).
  enum Window {
    static let padding = 0, strideW = 1, strideH = 2
  }
  /// Conv2DOptions; dilation factors default to 1.
  enum Conv2D {
    static let activation = 3, dilationW = 4, dilationH = 5
  }
  /// DepthwiseConv2DOptions; dilation factors default to 1.
  enum DepthwiseConv2D {
    static let depthMultiplier = 3, activation = 4, dilationW = 5, dilationH = 6
  }
  /// TransposeConvOptions: the window's three, then the activation.
  enum TransposeConv {
    static let activation = 3
  }
  enum Pool2D {
    static let filterWidth = 3, filterHeight = 4, activation = 5
  }
  enum FullyConnected {
    static let activation = 0, weightsFormat = 1, keepNumDims = 2, asymmetricQuantizeInputs = 3
  }
  /// SoftmaxOptions `beta: float` (default 0.0), LeakyReluOptions
  /// `alpha: float` (default 0.0), ReducerOptions `keep_dims`, ShapeOptions
  /// `out_type`, ReshapeOptions `new_shape`, SqueezeOptions `squeeze_dims`:
  /// each the only field, at slot 0.
  static let onlyField = 0
  enum Concatenation {
    static let axis = 0, activation = 1
  }
  /// AddOptions, SubOptions, MulOptions, DivOptions.
  enum Arithmetic {
    static let activation = 0
  }
  /// ResizeBilinearOptions: two deprecated fields, then the flags.
  enum ResizeBilinear {
    static let alignCorners = 2, halfPixelCenters = 3
  }
  enum ResizeNearestNeighbor {
    static let alignCorners = 0, halfPixelCenters = 1
  }
  enum StridedSlice {
    static let beginMask = 0, endMask = 1, ellipsisMask = 2, newAxisMask = 3, shrinkAxisMask = 4
    static let offset = 5
  }
  /// PackOptions; UnpackOptions has the same fields (`num`, `axis`).
  enum Pack {
    static let valuesCount = 0, axis = 1
  }
  enum Gather {
    static let axis = 0, batchDims = 1
  }
  enum Cast {
    static let inType = 0, outType = 1
  }
  /// BatchMatMulOptions; GeluOptions has one field, `approximate`.
  enum BatchMatMul {
    static let adjX = 0, adjY = 1, asymmetricQuantizeInputs = 2
  }
  enum While {
    static let cond = 0, body = 1
  }
  enum SequenceLSTM {
    static let activation = 0, cellClip = 1, projClip = 2, timeMajor = 3
  }
}
