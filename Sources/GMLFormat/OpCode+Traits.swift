// GMLFormat/OpCode+Traits.swift — what the converter and tools know of each op code, in one exhaustive switch each.

/// How the int8 quantizer sets an op's output parameters (TFLite's int8
/// spec).
public enum OutputQuantizationRule: Equatable, Sendable {
  /// From the output's calibrated range.
  case calibrated
  /// From the output's calibrated range, which the inputs then take where
  /// the ops that make them allow (`Quantizer.sharedWithInputs`):
  /// CONCATENATION, as TFLiteConverter quantizes it (its int8 kernel then
  /// copies without requantizing).
  case sharedWithInputs
  /// Set by the spec: LOGISTIC and SOFTMAX (1/256, −128), TANH (1/128, 0),
  /// LOG_SOFTMAX (16/256, 127).
  case fixed(scale: Float, zeroPoint: Int32)
  /// The first input's parameters (pools, RESHAPE, PAD, TRANSPOSE, TILE,
  /// STRIDED_SLICE, the resizes, REDUCE_MAX, GATHER: the int8 kernels move
  /// or mix values without requantizing).
  case sameAsInput
  /// The output stays float32 (DEQUANTIZE).
  case float
}

/// How the int8 quantizer stores a constant input that is not the weights
/// or bias of a convolution or fully connected op (TFLiteConverter's
/// choice per op).
public enum ConstantQuantizationRule: Equatable, Sendable {
  /// Per tensor over the constant's own range: ADD, MUL, CONCATENATION,
  /// GATHER's table and the other ops' constant operands.
  case asymmetric
  /// Per tensor, zero point 0, scale max|x| / 127, values in [−127, 127]:
  /// PRELU's alpha; UNIDIRECTIONAL_SEQUENCE_LSTM's weights, as TFLite's
  /// integer LSTM takes them (only the `.tflite` importer makes the op
  /// today).
  case symmetric
  /// Left float32: LAYER_NORM's gamma and beta (its int8 kernel
  /// normalizes in float).
  case float
}

extension OpCode {
  /// The axis of the weights (input 1) that carries one scale per output
  /// channel, for the ops with weights: 0 for CONV_2D and FULLY_CONNECTED,
  /// 3 for DEPTHWISE_CONV_2D; nil for every other op.
  public var weightsAxis: Int? {
    switch self {
    case .conv2D, .fullyConnected, .transposeConv: return 0
    case .depthwiseConv2D: return 3
    case .add, .sub, .mul, .relu, .relu6, .reluN1To1, .logistic, .tanh, .hardSwish, .leakyRelu,
      .softmax, .maxPool2D, .averagePool2D, .mean, .reshape, .concatenation, .pad, .transpose,
      .quantize, .dequantize, .elu, .exp, .log, .sqrt, .rsqrt, .abs, .prelu, .tile, .stridedSlice,
      .resizeBilinear, .resizeNearestNeighbor, .maximum, .minimum, .div, .squaredDifference, .neg,
      .sum, .reduceMax, .batchMatmul, .gelu, .logSoftmax, .layerNorm, .pow,
      .unidirectionalSequenceLstm, .gru, .gather:
      return nil
    }
  }

  /// Whether the runtime has a hybrid kernel (float activations, int8
  /// weights) for the op, so dynamic-range quantization may quantize its
  /// weights.
  public var hasHybridKernel: Bool {
    switch self {
    case .conv2D, .depthwiseConv2D, .fullyConnected: return true
    case .add, .sub, .mul, .relu, .relu6, .reluN1To1, .logistic, .tanh, .hardSwish, .leakyRelu,
      .softmax, .maxPool2D, .averagePool2D, .mean, .reshape, .concatenation, .pad, .transpose,
      .quantize, .dequantize, .elu, .exp, .log, .sqrt, .rsqrt, .abs, .prelu, .tile, .stridedSlice,
      .transposeConv, .resizeBilinear, .resizeNearestNeighbor, .maximum, .minimum, .div,
      .squaredDifference, .neg, .sum, .reduceMax, .batchMatmul, .gelu, .logSoftmax, .layerNorm,
      .pow, .unidirectionalSequenceLstm, .gru, .gather:
      return false
    }
  }

  /// How the int8 quantizer stores the op's constant inputs, weights and
  /// bias aside (`weightsAxis`).
  public var constantQuantization: ConstantQuantizationRule {
    switch self {
    case .prelu, .unidirectionalSequenceLstm, .gru: return .symmetric
    case .layerNorm: return .float
    case .add, .sub, .mul, .conv2D, .depthwiseConv2D, .fullyConnected, .transposeConv, .relu,
      .relu6, .reluN1To1, .logistic, .tanh, .hardSwish, .leakyRelu, .softmax, .maxPool2D,
      .averagePool2D, .mean, .reshape, .concatenation, .pad, .transpose, .quantize, .dequantize,
      .elu, .exp, .log, .sqrt, .rsqrt, .abs, .tile, .stridedSlice, .resizeBilinear,
      .resizeNearestNeighbor, .maximum, .minimum, .div, .squaredDifference, .neg, .sum, .reduceMax,
      .batchMatmul, .gelu, .logSoftmax, .pow, .gather:
      return .asymmetric
    }
  }

  /// How the int8 quantizer sets the output's parameters.
  public var outputQuantization: OutputQuantizationRule {
    switch self {
    case .softmax, .logistic: return .fixed(scale: 1.0 / 256, zeroPoint: -128)
    case .tanh: return .fixed(scale: 1.0 / 128, zeroPoint: 0)
    case .logSoftmax: return .fixed(scale: 16.0 / 256, zeroPoint: 127)
    case .maxPool2D, .averagePool2D, .reshape, .pad, .transpose, .tile, .stridedSlice,
      .resizeBilinear, .resizeNearestNeighbor, .reduceMax, .gather:
      return .sameAsInput
    case .dequantize: return .float
    case .concatenation: return .sharedWithInputs
    case .add, .sub, .mul, .conv2D, .depthwiseConv2D, .fullyConnected, .transposeConv, .relu,
      .relu6, .reluN1To1, .hardSwish, .leakyRelu, .mean, .quantize, .elu, .exp, .log, .sqrt,
      .rsqrt, .abs, .prelu, .maximum, .minimum, .div, .squaredDifference, .neg, .sum, .batchMatmul,
      .gelu, .layerNorm, .pow, .unidirectionalSequenceLstm, .gru:
      return .calibrated
    }
  }

  /// Multiply-accumulates of one run of the op, for the ops that carry them
  /// (the rest count 0).
  /// - Parameters:
  ///   - outputElements: the output's element count.
  ///   - inputElements: the first input's element count.
  ///   - filter: the shape of input 1 (the filter, weights or right-hand
  ///     matrix), or empty.
  ///   - options: the op's options (BATCH_MATMUL's adjoint flags say which
  ///     axis of `filter` is the summed one).
  /// - Returns: the MACs; 0 when `filter` has not the op's rank.
  public func macs(
    outputElements: Int, inputElements: Int, filter: [Int], options: OpOptions = .none
  ) -> Int {
    switch self {
    case .conv2D:
      return filter.count == 4 ? outputElements * filter[1] * filter[2] * filter[3] : 0
    case .transposeConv:
      // Each input element times every tap and output channel (the scatter).
      return filter.count == 4 ? inputElements * filter[0] * filter[1] * filter[2] : 0
    case .depthwiseConv2D: return filter.count == 4 ? outputElements * filter[1] * filter[2] : 0
    case .fullyConnected: return filter.count == 2 ? outputElements * filter[1] : 0
    case .batchMatmul:
      guard filter.count >= 2 else { return 0 }
      if case .batchMatMul(_, let adjointRhs) = options, adjointRhs {
        return outputElements * filter[filter.count - 1]
      }
      return outputElements * filter[filter.count - 2]
    case .unidirectionalSequenceLstm:
      // Four gates, each over the input and the previous hidden state.
      return filter.count == 2 ? outputElements * 4 * (filter[1] + filter[0]) : 0
    case .gru:
      // Three gates, each over the input and the previous hidden state.
      return filter.count == 2 ? outputElements * 3 * (filter[1] + filter[0]) : 0
    case .add, .sub, .mul, .relu, .relu6, .reluN1To1, .logistic, .tanh, .hardSwish, .leakyRelu,
      .softmax, .maxPool2D, .averagePool2D, .mean, .reshape, .concatenation, .pad, .transpose,
      .quantize, .dequantize, .elu, .exp, .log, .sqrt, .rsqrt, .abs, .prelu, .tile, .stridedSlice,
      .resizeBilinear, .resizeNearestNeighbor, .maximum, .minimum, .div, .squaredDifference, .neg,
      .sum, .reduceMax, .gelu, .logSoftmax, .layerNorm, .pow, .gather:
      return 0
    }
  }
}
