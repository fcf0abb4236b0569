// GMLFormat/Generated/SchemaEnums.swift — the schema's enums and their names; generated from schema/gml.fbs by `swift run gml-schema`, do not edit.
import GMLCore

extension ElementType: SchemaEnum {
  /// The schema's name of the case: `FLOAT32`.
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

/// How int8 kernels round when requantizing (see quantization notes).
public enum RoundingMode: Int8, CaseIterable, Sendable, SchemaEnum {
  /// TFLite's default: saturating rounding doubling high multiply, then a
  /// rounding right shift, both half away from zero (gemmlowp style).
  case doubleRounding = 0
  /// TFLITE_SINGLE_ROUNDING: one 64-bit multiply and shift, half toward +inf.
  case singleRounding = 1

  /// The schema's name of the case: `DOUBLE_ROUNDING`.
  public var schemaName: String {
    switch self {
    case .doubleRounding: return "DOUBLE_ROUNDING"
    case .singleRounding: return "SINGLE_ROUNDING"
    }
  }
}

/// Operator codes. Names follow TFLite's builtin operators. Pinned values.
public enum OpCode: UInt16, CaseIterable, Sendable, SchemaEnum {
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
  /// x if x >= 0, else e^x - 1 (alpha 1, as TFLite's ELU).
  case elu = 23
  case exp = 24
  case log = 25
  case sqrt = 26
  case rsqrt = 27
  case abs = 28
  /// x if x >= 0, else alpha * x; inputs x, alpha (broadcast onto x).
  case prelu = 29
  case tile = 30
  /// A box of the input, each dimension from `begin` to `end` (exclusive)
  /// by `strides`: TFLite's SLICE and STRIDED_SLICE, resolved.
  case stridedSlice = 31
  /// The transpose of a convolution: inputs x, filter [out, kh, kw, in], bias?;
  /// options Conv2DOptions (padding over the output, strides, fused
  /// activation; dilation 1). The output tensor's shape sets the size.
  case transposeConv = 32
  /// Bilinear interpolation over height and width (NHWC); options
  /// ResizeOptions. The output tensor's shape sets the size.
  case resizeBilinear = 33
  /// The nearest input pixel; options ResizeOptions. The output tensor's
  /// shape sets the size.
  case resizeNearestNeighbor = 34
  /// The larger of two tensors, element by element (NumPy broadcasting).
  case maximum = 35
  /// The smaller of two tensors, element by element (NumPy broadcasting).
  case minimum = 36
  /// a / b (NumPy broadcasting), options ElementwiseOptions.
  case div = 37
  /// (a - b)^2, element by element (NumPy broadcasting).
  case squaredDifference = 38
  /// -x. LiteRT has no int8 NEG (TFLiteConverter leaves it in float);
  /// gml's int8 one negates the offset value and requantizes it as ABS does.
  case neg = 39
  /// The sum over axes; options MeanOptions.
  case sum = 40
  /// The largest value over axes; options MeanOptions. int8: the input's
  /// parameters are the output's (LiteRT requires it).
  case reduceMax = 41
  /// The matrix product over the last two axes, batched over the others
  /// (NumPy broadcasting): inputs a [..., m, k], b [..., k, n] (each
  /// transposed first where its adjoint flag says), output [..., m, n];
  /// options BatchMatMulOptions. int8: both operands per-tensor, as
  /// LiteRT's.
  case batchMatmul = 42
  /// x · Φ(x), Φ the standard normal CDF (exact, with erf) or its tanh
  /// approximation; options GeluOptions.
  case gelu = 43
  /// x − max − log(Σ exp(x − max)) along the last axis. int8: the output
  /// is scale 16/256, zero point 127 (LiteRT requires it).
  case logSoftmax = 44
  /// Layer normalization over the last axis: inputs x, gamma and beta
  /// (float32 constants of the last axis' size, in int8 models too);
  /// (x − mean) / √(variance + epsilon) · gamma + beta, mean and variance
  /// of each row. No TFLite builtin: the converter fuses Keras'
  /// LayerNormalization pattern into it. Options LayerNormOptions.
  case layerNorm = 45
  /// x^y elementwise, NumPy broadcasting (C's pow: a negative base needs an
  /// integer exponent). int8: gml's own (LiteRT's POW is float and int32
  /// only), x^y of the dequantized pair requantized.
  case pow = 46
  /// A Keras LSTM (stateless, zero initial state) over a sequence, as
  /// TFLite's UNIDIRECTIONAL_SEQUENCE_LSTM without CIFG, peepholes,
  /// projection or layer norm: inputs x [batch, time, in] ([time, batch,
  /// in] when time_major), the input weights of the input, forget, cell and
  /// output gates [units, in] (inputs 1–4), their recurrent weights
  /// [units, units] (5–8) and biases [units] (9–12); output every step's
  /// hidden state, x's layout with units last. Gates sigmoid, cell and
  /// output tanh (float: the options' activation). int8 is TFLite's
  /// integer kernel (8x8_16): per-tensor int8 weights, int32 biases, Q3.12
  /// gates, an int16 cell state of scale 2^cell_scale_log2; the hidden
  /// state shares the output's parameters. Options SequenceLSTMOptions.
  case unidirectionalSequenceLstm = 47
  /// A Keras GRU with reset_after (stateless, zero initial state) over a
  /// sequence; no TFLite builtin. Inputs x [batch, time, in] ([time, batch,
  /// in] when time_major), the input weights of the update, reset and
  /// candidate gates [units, in] (inputs 1–3), their recurrent weights
  /// [units, units] (4–6), input biases [units] (7–9) and recurrent biases
  /// [units] (10–12); output every step's hidden state, x's layout with
  /// units last. z = σ(Wz·x + bz + Rz·h + cz), r likewise, g = a(Wh·x +
  /// bh + r·(Rh·h + ch)), h = z·h + (1 − z)·g. int8: gml's own, in the
  /// manner of TFLite's integer LSTM: per-tensor int8 weights, input
  /// biases int32 at input scale × weight scale, recurrent biases at output
  /// scale × weight scale, Q3.12 gate sums through gemmlowp's int16 sigmoid
  /// and tanh, the state kept in int16 Q0.15 between steps and written (and
  /// read by the recurrent products) as int8 at the output's parameters.
  /// Options GRUOptions.
  case gru = 48
  /// Rows of a table (input 0, float32 or int8) picked by int32 indices
  /// (input 1, a constant or a model input): the output's shape is the
  /// table's with `axis` replaced by the indices' shape. An index outside
  /// the table fails `invoke`. int8 output shares the table's parameters.
  /// Options GatherOptions.
  case gather = 49

  /// The schema's name of the case: `ADD`.
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
    case .squaredDifference: return "SQUARED_DIFFERENCE"
    case .neg: return "NEG"
    case .sum: return "SUM"
    case .reduceMax: return "REDUCE_MAX"
    case .batchMatmul: return "BATCH_MATMUL"
    case .gelu: return "GELU"
    case .logSoftmax: return "LOG_SOFTMAX"
    case .layerNorm: return "LAYER_NORM"
    case .pow: return "POW"
    case .unidirectionalSequenceLstm: return "UNIDIRECTIONAL_SEQUENCE_LSTM"
    case .gru: return "GRU"
    case .gather: return "GATHER"
    }
  }
}

/// An activation fused into the producing operator.
public enum ActivationFunction: Int8, CaseIterable, Sendable, SchemaEnum {
  case none = 0
  case relu = 1
  case relu6 = 2
  case reluN1To1 = 3
  case tanh = 4
  case sigmoid = 5
  case hardSwish = 6

  /// The schema's name of the case: `NONE`.
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

/// Spatial padding. EXPLICIT uses the operator's `explicit_padding`.
public enum Padding: Int8, CaseIterable, Sendable, SchemaEnum {
  case valid = 0
  case same = 1
  case explicit = 2

  /// The schema's name of the case: `VALID`.
  public var schemaName: String {
    switch self {
    case .valid: return "VALID"
    case .same: return "SAME"
    case .explicit: return "EXPLICIT"
    }
  }
}
