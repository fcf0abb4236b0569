// GMLFormat/Generated/OpOptions.swift — the operator options union as Swift values; generated from schema/gml.fbs by `swift run gml-schema`, do not edit.

/// `Conv2DOptions`.
public struct Conv2DOptions: Equatable, Sendable {
  public var window: Window2D
  public var dilationH: Int32
  public var dilationW: Int32
  public var activation: ActivationFunction

  public init(
    window: Window2D = Window2D(), dilationH: Int32 = 1, dilationW: Int32 = 1,
    activation: ActivationFunction = .none
  ) {
    self.window = window
    self.dilationH = dilationH
    self.dilationW = dilationW
    self.activation = activation
  }
}

/// `DepthwiseConv2DOptions`.
public struct DepthwiseConv2DOptions: Equatable, Sendable {
  public var window: Window2D
  public var dilationH: Int32
  public var dilationW: Int32
  public var depthMultiplier: Int32
  public var activation: ActivationFunction

  public init(
    window: Window2D = Window2D(), dilationH: Int32 = 1, dilationW: Int32 = 1,
    depthMultiplier: Int32 = 1, activation: ActivationFunction = .none
  ) {
    self.window = window
    self.dilationH = dilationH
    self.dilationW = dilationW
    self.depthMultiplier = depthMultiplier
    self.activation = activation
  }
}

/// `Pool2DOptions`.
public struct Pool2DOptions: Equatable, Sendable {
  public var window: Window2D
  public var filterH: Int32
  public var filterW: Int32
  public var activation: ActivationFunction

  public init(
    window: Window2D = Window2D(), filterH: Int32 = 1, filterW: Int32 = 1,
    activation: ActivationFunction = .none
  ) {
    self.window = window
    self.filterH = filterH
    self.filterW = filterW
    self.activation = activation
  }
}

/// The options of an operator: one case per member of the schema's union,
/// in union order (the union type byte is the case's position + 1).
public enum OpOptions: Equatable, Sendable {
  case none
  case conv2D(Conv2DOptions)
  case depthwiseConv2D(DepthwiseConv2DOptions)
  /// - `keepNumDims`: Keep the input's leading dimensions instead of flattening to 2-D.
  case fullyConnected(activation: ActivationFunction, keepNumDims: Bool)
  /// Options of ADD, SUB, MUL and DIV (NumPy broadcasting).
  case elementwise(activation: ActivationFunction)
  case leakyRelu(alpha: Float)
  case softmax(beta: Float, axis: Int32)
  case pool2D(Pool2DOptions)
  /// Options of the reductions: MEAN, SUM, REDUCE_MAX.
  case mean(axes: [Int32], keepDims: Bool)
  case reshape(newShape: [Int32])
  case concatenation(axis: Int32, activation: ActivationFunction)
  /// - `paddings`: [before, after] for each dimension, flattened.
  /// - `value`: The fill value, as a real number (quantized with the output parameters).
  case pad(paddings: [Int32], value: Float)
  case transpose(perm: [Int32])
  /// - `multiples`: How many times the input repeats along each dimension.
  case tile(multiples: [Int32])
  /// Every dimension explicit: 0 <= begin <= end <= size, strides >= 1; the
  /// output's shape is ceil((end - begin) / strides) per dimension.
  case stridedSlice(begin: [Int32], end: [Int32], strides: [Int32])
  /// RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR, as TFLite's: with
  /// align_corners the corner pixels' centres map onto each other; with
  /// half_pixel_centers pixel centres sit at +0.5 (never both).
  case resize(alignCorners: Bool, halfPixelCenters: Bool)
  /// Options of BATCH_MATMUL: whether a or b enters transposed (its last two
  /// axes swapped), as TFLite's adj_x and adj_y.
  case batchMatMul(adjointLhs: Bool, adjointRhs: Bool)
  /// Options of GELU: the tanh approximation
  /// 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) instead of the exact erf form.
  case gelu(approximate: Bool)
  /// Options of LAYER_NORM: the epsilon added to the variance.
  case layerNorm(epsilon: Float)
  /// Options of UNIDIRECTIONAL_SEQUENCE_LSTM: the cell state's clip (0: none,
  /// in real units), the layout, the int16 cell state's scale
  /// 2^cell_scale_log2 (−15 to −9, so that tanh of the cell has 0 to 6
  /// integer bits; int8 models), and the activation of the cell's candidate
  /// and of its output (float models; int8 runs TANH only).
  case sequenceLSTM(
    cellClip: Float, timeMajor: Bool, cellScaleLog2: Int8, activation: ActivationFunction)
  /// Options of GRU: the layout and the candidate's activation (float
  /// models; int8 runs TANH only).
  case gru(timeMajor: Bool, activation: ActivationFunction)
  /// Options of GATHER: the table's dimension the indices pick along.
  case gather(axis: Int32)

  /// The union member this case is written as.
  public var type: OpOptionsType {
    switch self {
    case .none: return .none
    case .conv2D: return .conv2D
    case .depthwiseConv2D: return .depthwiseConv2D
    case .fullyConnected: return .fullyConnected
    case .elementwise: return .elementwise
    case .leakyRelu: return .leakyRelu
    case .softmax: return .softmax
    case .pool2D: return .pool2D
    case .mean: return .mean
    case .reshape: return .reshape
    case .concatenation: return .concatenation
    case .pad: return .pad
    case .transpose: return .transpose
    case .tile: return .tile
    case .stridedSlice: return .stridedSlice
    case .resize: return .resize
    case .batchMatMul: return .batchMatMul
    case .gelu: return .gelu
    case .layerNorm: return .layerNorm
    case .sequenceLSTM: return .sequenceLSTM
    case .gru: return .gru
    case .gather: return .gather
    }
  }
}

/// The members of the `gml.OpOptions` union; raw values are the union type
/// bytes, pinned like every schema enum.
public enum OpOptionsType: UInt8, CaseIterable, Sendable, SchemaEnum {
  case none = 0
  case conv2D = 1
  case depthwiseConv2D = 2
  case fullyConnected = 3
  case elementwise = 4
  case leakyRelu = 5
  case softmax = 6
  case pool2D = 7
  case mean = 8
  case reshape = 9
  case concatenation = 10
  case pad = 11
  case transpose = 12
  case tile = 13
  case stridedSlice = 14
  case resize = 15
  case batchMatMul = 16
  case gelu = 17
  case layerNorm = 18
  case sequenceLSTM = 19
  case gru = 20
  case gather = 21

  /// The schema's name of the member: `NONE`, `Conv2DOptions`.
  public var schemaName: String {
    switch self {
    case .none: return "NONE"
    case .conv2D: return "Conv2DOptions"
    case .depthwiseConv2D: return "DepthwiseConv2DOptions"
    case .fullyConnected: return "FullyConnectedOptions"
    case .elementwise: return "ElementwiseOptions"
    case .leakyRelu: return "LeakyReluOptions"
    case .softmax: return "SoftmaxOptions"
    case .pool2D: return "Pool2DOptions"
    case .mean: return "MeanOptions"
    case .reshape: return "ReshapeOptions"
    case .concatenation: return "ConcatenationOptions"
    case .pad: return "PadOptions"
    case .transpose: return "TransposeOptions"
    case .tile: return "TileOptions"
    case .stridedSlice: return "StridedSliceOptions"
    case .resize: return "ResizeOptions"
    case .batchMatMul: return "BatchMatMulOptions"
    case .gelu: return "GeluOptions"
    case .layerNorm: return "LayerNormOptions"
    case .sequenceLSTM: return "SequenceLSTMOptions"
    case .gru: return "GRUOptions"
    case .gather: return "GatherOptions"
    }
  }
}
