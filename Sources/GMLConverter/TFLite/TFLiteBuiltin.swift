// GMLConverter/TFLite/TFLiteBuiltin.swift — TFLite's BuiltinOperator codes the importer uses, and every code's name.

/// TFLite's `BuiltinOperator` codes (an `int32` enum in the public schema,
/// `tensorflow/compiler/mlir/lite/schema/schema.fbs`): the ones the importer
/// maps, as constants, and `name(_:)` for every code the schema defines.
///
/// The values are pinned by the schema and never renumbered. Codes up to
/// 126 fit the old `deprecated_builtin_code` byte; 127 is
/// `PLACEHOLDER_FOR_GREATER_OP_CODES`, written there for every larger code.
public enum TFLiteBuiltin {
  /// `ADD`.
  public static let add: Int32 = 0
  /// `AVERAGE_POOL_2D`.
  public static let averagePool2D: Int32 = 1
  /// `CONCATENATION`.
  public static let concatenation: Int32 = 2
  /// `CONV_2D`.
  public static let conv2D: Int32 = 3
  /// `DEPTHWISE_CONV_2D`.
  public static let depthwiseConv2D: Int32 = 4
  /// `DEQUANTIZE`.
  public static let dequantize: Int32 = 6
  /// `FULLY_CONNECTED`.
  public static let fullyConnected: Int32 = 9
  /// `LOGISTIC`.
  public static let logistic: Int32 = 14
  /// `MAX_POOL_2D`.
  public static let maxPool2D: Int32 = 17
  /// `MUL`.
  public static let mul: Int32 = 18
  /// `RELU`.
  public static let relu: Int32 = 19
  /// `RELU_N1_TO_1`.
  public static let reluN1To1: Int32 = 20
  /// `RELU6`.
  public static let relu6: Int32 = 21
  /// `RESHAPE`.
  public static let reshape: Int32 = 22
  /// `RESIZE_BILINEAR`.
  public static let resizeBilinear: Int32 = 23
  /// `SOFTMAX`.
  public static let softmax: Int32 = 25
  /// `TANH`.
  public static let tanh: Int32 = 28
  /// `CUSTOM`.
  public static let custom: Int32 = 32
  /// `PAD`.
  public static let pad: Int32 = 34
  /// `GATHER`.
  public static let gather: Int32 = 36
  /// `TRANSPOSE`.
  public static let transpose: Int32 = 39
  /// `MEAN`.
  public static let mean: Int32 = 40
  /// `SUM`.
  public static let sum: Int32 = 74
  /// `REDUCE_MAX`.
  public static let reduceMax: Int32 = 82
  /// `SUB`.
  public static let sub: Int32 = 41
  /// `DIV`.
  public static let div: Int32 = 42
  /// `SQUEEZE`.
  public static let squeeze: Int32 = 43
  /// `STRIDED_SLICE`.
  public static let stridedSlice: Int32 = 45
  /// `CAST`.
  public static let cast: Int32 = 53
  /// `PADV2`.
  public static let padV2: Int32 = 60
  /// `SLICE`.
  public static let slice: Int32 = 65
  /// `TRANSPOSE_CONV`.
  public static let transposeConv: Int32 = 67
  /// `TILE`.
  public static let tile: Int32 = 69
  /// `EXPAND_DIMS`.
  public static let expandDims: Int32 = 70
  /// `SHAPE`.
  public static let shape: Int32 = 77
  /// `REDUCE_PROD`.
  public static let reduceProd: Int32 = 81
  /// `PACK`.
  public static let pack: Int32 = 83
  /// `UNPACK`.
  public static let unpack: Int32 = 88
  /// `FLOOR_DIV`.
  public static let floorDiv: Int32 = 90
  /// `FILL`.
  public static let fill: Int32 = 94
  /// `SPLIT`.
  public static let split: Int32 = 49
  /// `SPLIT_V`.
  public static let splitV: Int32 = 102
  /// `RESIZE_NEAREST_NEIGHBOR`.
  public static let resizeNearestNeighbor: Int32 = 97
  /// `LEAKY_RELU`.
  public static let leakyRelu: Int32 = 98
  /// `MAXIMUM`.
  public static let maximum: Int32 = 55
  /// `MINIMUM`.
  public static let minimum: Int32 = 57
  /// `PRELU`.
  public static let prelu: Int32 = 54
  /// `QUANTIZE`.
  public static let quantize: Int32 = 114
  /// `HARD_SWISH`.
  public static let hardSwish: Int32 = 117
  /// `BATCH_MATMUL`.
  public static let batchMatMul: Int32 = 126
  /// `LOG_SOFTMAX`.
  public static let logSoftmax: Int32 = 50
  /// `GELU`.
  public static let gelu: Int32 = 150
  /// `UNIDIRECTIONAL_SEQUENCE_LSTM`.
  public static let unidirectionalSequenceLSTM: Int32 = 44
  /// `WHILE`.
  public static let whileLoop: Int32 = 119
  /// `LESS`, `GREATER`, `GREATER_EQUAL`, `LESS_EQUAL`, `EQUAL`, `NOT_EQUAL`.
  public static let less: Int32 = 58, greater: Int32 = 61, greaterEqual: Int32 = 62
  public static let lessEqual: Int32 = 63, equal: Int32 = 71, notEqual: Int32 = 72
  /// `SELECT`, `SELECT_V2`.
  public static let select: Int32 = 64, selectV2: Int32 = 123
  /// `LOGICAL_OR`, `LOGICAL_AND`, `LOGICAL_NOT`.
  public static let logicalOr: Int32 = 84, logicalAnd: Int32 = 86, logicalNot: Int32 = 87

  /// `PLACEHOLDER_FOR_GREATER_OP_CODES`: what `deprecated_builtin_code`
  /// holds for a code above 126.
  static let placeholderForGreaterOpCodes: Int32 = 127

  /// The schema's name of `code` (`CONV_2D`), or `BUILTIN_<n>` for a code
  /// the schema this build follows does not define.
  /// - Parameter code: a `BuiltinOperator` value.
  /// - Returns: the name.
  public static func name(_ code: Int32) -> String {
    guard code >= 0, Int(code) < names.count else { return "BUILTIN_\(code)" }
    return names[Int(code)]
  }

  /// Every `BuiltinOperator` name, indexed by code (0 ... 209, no gaps),
  /// as in the schema of TensorFlow 2.21 and ai-edge-litert 2.3.
  static let names: [String] = [
    "ADD", "AVERAGE_POOL_2D", "CONCATENATION", "CONV_2D", "DEPTHWISE_CONV_2D", "DEPTH_TO_SPACE",
    "DEQUANTIZE", "EMBEDDING_LOOKUP", "FLOOR", "FULLY_CONNECTED", "HASHTABLE_LOOKUP",
    "L2_NORMALIZATION", "L2_POOL_2D", "LOCAL_RESPONSE_NORMALIZATION", "LOGISTIC", "LSH_PROJECTION",
    "LSTM", "MAX_POOL_2D", "MUL", "RELU", "RELU_N1_TO_1", "RELU6", "RESHAPE", "RESIZE_BILINEAR",
    "RNN", "SOFTMAX", "SPACE_TO_DEPTH", "SVDF", "TANH", "CONCAT_EMBEDDINGS", "SKIP_GRAM", "CALL",
    "CUSTOM", "EMBEDDING_LOOKUP_SPARSE", "PAD", "UNIDIRECTIONAL_SEQUENCE_RNN", "GATHER",
    "BATCH_TO_SPACE_ND", "SPACE_TO_BATCH_ND", "TRANSPOSE", "MEAN", "SUB", "DIV", "SQUEEZE",
    "UNIDIRECTIONAL_SEQUENCE_LSTM", "STRIDED_SLICE", "BIDIRECTIONAL_SEQUENCE_RNN", "EXP", "TOPK_V2",
    "SPLIT", "LOG_SOFTMAX", "DELEGATE", "BIDIRECTIONAL_SEQUENCE_LSTM", "CAST", "PRELU", "MAXIMUM",
    "ARG_MAX", "MINIMUM", "LESS", "NEG", "PADV2", "GREATER", "GREATER_EQUAL", "LESS_EQUAL",
    "SELECT", "SLICE", "SIN", "TRANSPOSE_CONV", "SPARSE_TO_DENSE", "TILE", "EXPAND_DIMS", "EQUAL",
    "NOT_EQUAL", "LOG", "SUM", "SQRT", "RSQRT", "SHAPE", "POW", "ARG_MIN", "FAKE_QUANT",
    "REDUCE_PROD", "REDUCE_MAX", "PACK", "LOGICAL_OR", "ONE_HOT", "LOGICAL_AND", "LOGICAL_NOT",
    "UNPACK", "REDUCE_MIN", "FLOOR_DIV", "REDUCE_ANY", "SQUARE", "ZEROS_LIKE", "FILL", "FLOOR_MOD",
    "RANGE", "RESIZE_NEAREST_NEIGHBOR", "LEAKY_RELU", "SQUARED_DIFFERENCE", "MIRROR_PAD", "ABS",
    "SPLIT_V", "UNIQUE", "CEIL", "REVERSE_V2", "ADD_N", "GATHER_ND", "COS", "WHERE", "RANK", "ELU",
    "REVERSE_SEQUENCE", "MATRIX_DIAG", "QUANTIZE", "MATRIX_SET_DIAG", "ROUND", "HARD_SWISH", "IF",
    "WHILE", "NON_MAX_SUPPRESSION_V4", "NON_MAX_SUPPRESSION_V5", "SCATTER_ND", "SELECT_V2",
    "DENSIFY", "SEGMENT_SUM", "BATCH_MATMUL", "PLACEHOLDER_FOR_GREATER_OP_CODES", "CUMSUM",
    "CALL_ONCE", "BROADCAST_TO", "RFFT2D", "CONV_3D", "IMAG", "REAL", "COMPLEX_ABS", "HASHTABLE",
    "HASHTABLE_FIND", "HASHTABLE_IMPORT", "HASHTABLE_SIZE", "REDUCE_ALL", "CONV_3D_TRANSPOSE",
    "VAR_HANDLE", "READ_VARIABLE", "ASSIGN_VARIABLE", "BROADCAST_ARGS", "RANDOM_STANDARD_NORMAL",
    "BUCKETIZE", "RANDOM_UNIFORM", "MULTINOMIAL", "GELU", "DYNAMIC_UPDATE_SLICE", "RELU_0_TO_1",
    "UNSORTED_SEGMENT_PROD", "UNSORTED_SEGMENT_MAX", "UNSORTED_SEGMENT_SUM", "ATAN2",
    "UNSORTED_SEGMENT_MIN", "SIGN", "BITCAST", "BITWISE_XOR", "RIGHT_SHIFT", "STABLEHLO_LOGISTIC",
    "STABLEHLO_ADD", "STABLEHLO_DIVIDE", "STABLEHLO_MULTIPLY", "STABLEHLO_MAXIMUM",
    "STABLEHLO_RESHAPE", "STABLEHLO_CLAMP", "STABLEHLO_CONCATENATE", "STABLEHLO_BROADCAST_IN_DIM",
    "STABLEHLO_CONVOLUTION", "STABLEHLO_SLICE", "STABLEHLO_CUSTOM_CALL", "STABLEHLO_REDUCE",
    "STABLEHLO_ABS", "STABLEHLO_AND", "STABLEHLO_COSINE", "STABLEHLO_EXPONENTIAL",
    "STABLEHLO_FLOOR", "STABLEHLO_LOG", "STABLEHLO_MINIMUM", "STABLEHLO_NEGATE", "STABLEHLO_OR",
    "STABLEHLO_POWER", "STABLEHLO_REMAINDER", "STABLEHLO_RSQRT", "STABLEHLO_SELECT",
    "STABLEHLO_SUBTRACT", "STABLEHLO_TANH", "STABLEHLO_SCATTER", "STABLEHLO_COMPARE",
    "STABLEHLO_CONVERT", "STABLEHLO_DYNAMIC_SLICE", "STABLEHLO_DYNAMIC_UPDATE_SLICE",
    "STABLEHLO_PAD", "STABLEHLO_IOTA", "STABLEHLO_DOT_GENERAL", "STABLEHLO_REDUCE_WINDOW",
    "STABLEHLO_SORT", "STABLEHLO_WHILE", "STABLEHLO_GATHER", "STABLEHLO_TRANSPOSE", "DILATE",
    "STABLEHLO_RNG_BIT_GENERATOR", "REDUCE_WINDOW", "STABLEHLO_COMPOSITE", "STABLEHLO_SHIFT_LEFT",
    "STABLEHLO_CBRT", "STABLEHLO_CASE",
  ]
}
