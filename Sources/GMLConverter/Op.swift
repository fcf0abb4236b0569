// GMLConverter/Op.swift — the operations of the graph IR and their attributes (gml-float v1).
import GMLFormat
import GMLKernels

/// Spatial padding as gml-float states it.
public enum PaddingSpec: Equatable, Sendable {
  case valid
  /// TFLite's SAME: the odd pixel goes to the bottom/right.
  case same
  /// Explicit amounts.
  case explicit(top: Int, bottom: Int, left: Int, right: Int)
}

/// Geometry of a 2-D convolution or pooling window.
public struct Window: Equatable, Sendable {
  public var strideH: Int
  public var strideW: Int
  public var padding: PaddingSpec

  public init(strideH: Int = 1, strideW: Int = 1, padding: PaddingSpec = .valid) {
    self.strideH = strideH
    self.strideW = strideW
    self.padding = padding
  }
}

/// Conv2D and DepthwiseConv2D attributes.
public struct ConvAttributes: Equatable, Sendable {
  public var window: Window
  public var dilationH: Int
  public var dilationW: Int
  /// DepthwiseConv2D only (1 for Conv2D).
  public var depthMultiplier: Int
  public var activation: ActivationFunction

  public init(
    window: Window = Window(), dilationH: Int = 1, dilationW: Int = 1, depthMultiplier: Int = 1,
    activation: ActivationFunction = .none
  ) {
    self.window = window
    self.dilationH = dilationH
    self.dilationW = dilationW
    self.depthMultiplier = depthMultiplier
    self.activation = activation
  }
}

/// MaxPool2D and AvgPool2D attributes.
public struct PoolAttributes: Equatable, Sendable {
  public var poolH: Int
  public var poolW: Int
  public var window: Window

  public init(poolH: Int, poolW: Int, window: Window) {
    self.poolH = poolH
    self.poolW = poolW
    self.window = window
  }
}

/// ResizeBilinear and ResizeNearestNeighbor attributes.
public struct ResizeAttributes: Equatable, Sendable {
  public var method: Resize.Method
  /// The output's height and width.
  public var height: Int
  public var width: Int
  /// Corner pixels' centres map onto each other.
  public var alignCorners: Bool
  /// Pixel centres at +½ (Keras' and TensorFlow 2's resizes).
  public var halfPixelCenters: Bool

  public init(
    method: Resize.Method, height: Int, width: Int, alignCorners: Bool = false,
    halfPixelCenters: Bool = false
  ) {
    self.method = method
    self.height = height
    self.width = width
    self.alignCorners = alignCorners
    self.halfPixelCenters = halfPixelCenters
  }
}

/// LSTM and GRU attributes (the gml-float ops, TFLite's float
/// UNIDIRECTIONAL_SEQUENCE_LSTM).
public struct RecurrentAttributes: Equatable, Sendable {
  /// The candidate's activation (and an LSTM's output's).
  public var activation: ActivationFunction
  /// An LSTM's cell state clip (0: none; a GRU's is 0).
  public var cellClip: Float
  /// Whether the input and output are [time, batch, features].
  public var timeMajor: Bool
  /// Every step's hidden state, or (false) the last step's `[batch, units]`.
  public var returnSequences: Bool

  public init(
    activation: ActivationFunction = .tanh, cellClip: Float = 0, timeMajor: Bool = false,
    returnSequences: Bool = true
  ) {
    self.activation = activation
    self.cellClip = cellClip
    self.timeMajor = timeMajor
    self.returnSequences = returnSequences
  }
}

/// The gml-float v1 operators. Inputs are listed as in the spec's table.
public enum Op: Equatable, Sendable {
  /// x, filter [out, kh, kw, in], bias?
  case conv2D(ConvAttributes)
  /// x, filter [1, kh, kw, in * multiplier], bias?
  case depthwiseConv2D(ConvAttributes)
  /// x, filter [out, kh, kw, in], bias?: the transpose of a Conv2D; the
  /// output is the input's size times the strides ("same"), or that plus
  /// the filter's overhang ("valid"). Dilation 1.
  case transposeConv(ConvAttributes)
  /// x (last dim = in), weights [out, in], bias?
  case dense(activation: ActivationFunction)
  /// x, gamma, beta, mean, variance; channel = last axis.
  case batchNorm(epsilon: Float)
  /// x, gamma, beta (constants of x's last dimension): per row of the last
  /// axis `(x − mean) / √(variance + epsilon) · gamma + beta`.
  case layerNorm(epsilon: Float)
  /// x [batch, time, features], then per gate (input, forget, cell,
  /// output) the input weights [units, features], the recurrent weights
  /// [units, units] and the bias [units]: 13 inputs, the `.gml` op's (the
  /// gml-float loader splits its `[4·units, …]` weights by gate).
  case lstm(RecurrentAttributes)
  /// x [batch, time, features], then per gate (update, reset, candidate)
  /// the input weights [units, features], then the recurrent weights
  /// [units, units], the input biases [units] and the recurrent biases
  /// [units]: 13 inputs, the `.gml` op's (Keras' `reset_after` GRU).
  case gru(RecurrentAttributes)
  /// a, b with NumPy broadcasting.
  case add(activation: ActivationFunction)
  case sub(activation: ActivationFunction)
  case mul(activation: ActivationFunction)
  /// a / b with NumPy broadcasting.
  case div(activation: ActivationFunction)
  /// A function of two tensors (a, b with NumPy broadcasting) without
  /// options: Maximum, Minimum, SquaredDifference.
  case binary(BinaryFunction)
  case relu
  case relu6
  case sigmoid
  case tanh
  case hardSwish
  /// A function of one tensor that no op fuses: Elu, Exp, Log, Sqrt, Rsqrt, Abs.
  case unary(UnaryFunction)
  /// x · Φ(x); `approximate` for the tanh form.
  case gelu(approximate: Bool)
  case leakyRelu(alpha: Float)
  /// a [..., m, k], b [..., k, n] (each transposed first where its flag
  /// says): the matrix product over the last two axes, the others broadcast.
  case matMul(transposeA: Bool, transposeB: Bool)
  /// x, alpha (broadcast onto x): x where x ≥ 0, else alpha · x.
  case prelu
  case softmax(axis: Int, beta: Float)
  /// x − max − log(Σ exp(x − max)) along the last axis.
  case logSoftmax
  /// x: a 2-D pool (MaxPool2D, AvgPool2D) over the window.
  case pool2D(PoolFunction, PoolAttributes)
  /// x: a reduction (Mean, Sum, ReduceMax) over `axes`.
  case reduce(ReduceFunction, axes: [Int], keepDims: Bool)
  /// One entry may be -1.
  case reshape(shape: [Int])
  /// Keeps dim 0, flattens the rest.
  case flatten
  case concat(axis: Int)
  /// `[before, after]` per dimension.
  case pad(paddings: [[Int]], value: Float)
  case transpose(perm: [Int])
  /// The input repeated `multiples[d]` times along each dimension.
  case tile(multiples: [Int])
  /// Per dimension from `begin` to `end` (exclusive) by `strides` (≥ 1);
  /// negative `begin`/`end` count from the dimension's end.
  case stridedSlice(begin: [Int], end: [Int], strides: [Int])
  /// table, indices (int32: a graph input or a constant): the table's
  /// slices along `axis` picked by the indices (an embedding lookup).
  case gather(axis: Int)
  /// x (NHWC) resized to `height × width`.
  case resize(ResizeAttributes)
  case dropout
  case identity

  /// An LSTM's or GRU's attributes; nil for every other op.
  var recurrentAttributes: RecurrentAttributes? {
    if case .lstm(let a) = self { return a }
    if case .gru(let a) = self { return a }
    return nil
  }

  /// The spec's name of the op: `Conv2D`.
  public var specName: String {
    switch self {
    case .conv2D: return "Conv2D"
    case .depthwiseConv2D: return "DepthwiseConv2D"
    case .transposeConv: return "Conv2DTranspose"
    case .dense: return "Dense"
    case .batchNorm: return "BatchNorm"
    case .layerNorm: return "LayerNorm"
    case .lstm: return "LSTM"
    case .gru: return "GRU"
    case .add: return "Add"
    case .sub: return "Sub"
    case .mul: return "Mul"
    case .div: return "Div"
    case .binary(let f): return f.specName
    case .relu: return "Relu"
    case .relu6: return "Relu6"
    case .sigmoid: return "Sigmoid"
    case .tanh: return "Tanh"
    case .hardSwish: return "HardSwish"
    case .unary(let f): return f.specName
    case .gelu: return "Gelu"
    case .leakyRelu: return "LeakyRelu"
    case .matMul: return "MatMul"
    case .prelu: return "PRelu"
    case .softmax: return "Softmax"
    case .logSoftmax: return "LogSoftmax"
    case .pool2D(let f, _): return f.specName
    case .reduce(let f, _, _): return f.specName
    case .reshape: return "Reshape"
    case .flatten: return "Flatten"
    case .concat: return "Concat"
    case .pad: return "Pad"
    case .transpose: return "Transpose"
    case .tile: return "Tile"
    case .stridedSlice: return "StridedSlice"
    case .gather: return "Gather"
    case .resize(let a):
      return a.method == .bilinear ? "ResizeBilinear" : "ResizeNearestNeighbor"
    case .dropout: return "Dropout"
    case .identity: return "Identity"
    }
  }
}
