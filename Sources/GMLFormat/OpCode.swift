// GMLFormat/OpCode.swift — operator codes and small enums, raw values pinned to schema/gml.fbs.
import GMLCore

/// Operator codes (`gml.OpCode`). Names follow TFLite's builtin operators.
/// Raw values are pinned; a retired value stays behind as a comment.
public enum OpCode: UInt16, CaseIterable, Sendable {
  case add = 0
  case sub = 1
  case mul = 2
  case conv2D = 3
  case depthwiseConv2D = 4
  case fullyConnected = 5
  case relu = 6
  case relu6 = 7
  case reluN1To1 = 8
  case logistic = 9
  case tanh = 10
  case hardSwish = 11
  case leakyRelu = 12
  case softmax = 13
  case maxPool2D = 14
  case averagePool2D = 15
  case mean = 16
  case reshape = 17
  case concatenation = 18
  case pad = 19
  case transpose = 20
  case quantize = 21
  case dequantize = 22
  case elu = 23
  case exp = 24
  case log = 25
  case sqrt = 26
  case rsqrt = 27
  case abs = 28
  case prelu = 29
  case tile = 30
  case stridedSlice = 31
  case transposeConv = 32
  case resizeBilinear = 33
  case resizeNearestNeighbor = 34
  case maximum = 35
  case minimum = 36
  case div = 37

  /// The op code named `name` in the schema, if any.
  /// - Parameter name: a schema name: `CONV_2D`.
  public init?(schemaName name: String) {
    guard let code = OpCode.allCases.first(where: { $0.schemaName == name }) else { return nil }
    self = code
  }

  /// The schema's name: `CONV_2D`.
  public var schemaName: String {
    switch self {
    case .add: return "ADD"
    case .sub: return "SUB"
    case .mul: return "MUL"
    case .conv2D: return "CONV_2D"
    case .depthwiseConv2D: return "DEPTHWISE_CONV_2D"
    case .fullyConnected: return "FULLY_CONNECTED"
    case .relu: return "RELU"
    case .relu6: return "RELU6"
    case .reluN1To1: return "RELU_N1_TO_1"
    case .logistic: return "LOGISTIC"
    case .tanh: return "TANH"
    case .hardSwish: return "HARD_SWISH"
    case .leakyRelu: return "LEAKY_RELU"
    case .softmax: return "SOFTMAX"
    case .maxPool2D: return "MAX_POOL_2D"
    case .averagePool2D: return "AVERAGE_POOL_2D"
    case .mean: return "MEAN"
    case .reshape: return "RESHAPE"
    case .concatenation: return "CONCATENATION"
    case .pad: return "PAD"
    case .transpose: return "TRANSPOSE"
    case .quantize: return "QUANTIZE"
    case .dequantize: return "DEQUANTIZE"
    case .elu: return "ELU"
    case .exp: return "EXP"
    case .log: return "LOG"
    case .sqrt: return "SQRT"
    case .rsqrt: return "RSQRT"
    case .abs: return "ABS"
    case .prelu: return "PRELU"
    case .tile: return "TILE"
    case .stridedSlice: return "STRIDED_SLICE"
    case .transposeConv: return "TRANSPOSE_CONV"
    case .resizeBilinear: return "RESIZE_BILINEAR"
    case .resizeNearestNeighbor: return "RESIZE_NEAREST_NEIGHBOR"
    case .maximum: return "MAXIMUM"
    case .minimum: return "MINIMUM"
    case .div: return "DIV"
    }
  }
}

/// An activation fused into the producing operator (`gml.ActivationFunction`).
public enum ActivationFunction: Int8, CaseIterable, Sendable {
  case none = 0
  case relu = 1
  case relu6 = 2
  case reluN1To1 = 3
  case tanh = 4
  case sigmoid = 5
  case hardSwish = 6

  /// The schema's name: `RELU6`.
  public var schemaName: String {
    switch self {
    case .none: return "NONE"
    case .relu: return "RELU"
    case .relu6: return "RELU6"
    case .reluN1To1: return "RELU_N1_TO_1"
    case .tanh: return "TANH"
    case .sigmoid: return "SIGMOID"
    case .hardSwish: return "HARD_SWISH"
    }
  }
}

/// Spatial padding (`gml.Padding`). `explicit` uses the op's explicit padding.
public enum Padding: Int8, CaseIterable, Sendable {
  case valid = 0
  case same = 1
  case explicit = 2

  /// The schema's name: `SAME`.
  public var schemaName: String {
    switch self {
    case .valid: return "VALID"
    case .same: return "SAME"
    case .explicit: return "EXPLICIT"
    }
  }
}

/// How int8 kernels round when requantizing (`gml.RoundingMode`).
public enum RoundingMode: Int8, CaseIterable, Sendable {
  /// TFLite's default: rounding doubling high multiply, then rounding shift.
  case doubleRounding = 0
  /// `TFLITE_SINGLE_ROUNDING`: one 64-bit multiply and shift.
  case singleRounding = 1

  /// The schema's name: `DOUBLE_ROUNDING`.
  public var schemaName: String {
    self == .doubleRounding ? "DOUBLE_ROUNDING" : "SINGLE_ROUNDING"
  }
}

extension ElementType {
  /// The schema's name of this type (`FLOAT32`), as flatc writes it in JSON.
  public var schemaName: String {
    switch self {
    case .float32: return "FLOAT32"
    case .float16: return "FLOAT16"
    case .int8: return "INT8"
    case .uint8: return "UINT8"
    case .int16: return "INT16"
    case .int32: return "INT32"
    case .int64: return "INT64"
    case .bool: return "BOOL"
    }
  }
}
