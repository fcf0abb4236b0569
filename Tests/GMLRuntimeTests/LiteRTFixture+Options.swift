// GMLRuntimeTests/LiteRTFixture+Options.swift — a fixture's flatc-style options as gml OpOptions.
import GMLFormat
import GMLTestSupport

extension LiteRTFixture {
  /// The `options` object as `OpOptions` for `opcode` (field and enum
  /// names of `schema/gml.fbs`; a missing field takes the schema default).
  func opOptions(_ opcode: OpCode) throws -> OpOptions {
    func int(_ key: String, _ fallback: Int32) -> Int32 {
      options.int(key).map { Int32($0) } ?? fallback
    }
    func float(_ key: String, _ fallback: Float) -> Float { options.float(key) ?? fallback }
    func bool(_ key: String) -> Bool { options.bool(key) ?? false }
    func ints(_ key: String) -> [Int32] { (options.ints(key) ?? []).map { Int32($0) } }
    func activation() throws -> ActivationFunction {
      guard let s = options.string("fused_activation") else { return .none }
      guard let a = ActivationFunction.allCases.first(where: { $0.schemaName == s }) else {
        throw FixtureError(message: "\(name): unknown activation \(s)")
      }
      return a
    }
    func window() throws -> Window2D {
      var padding = Padding.valid
      if let s = options.string("padding") {
        guard let p = Padding.allCases.first(where: { $0.schemaName == s }) else {
          throw FixtureError(message: "\(name): unknown padding \(s)")
        }
        padding = p
      }
      return Window2D(
        padding: padding, strideH: int("stride_h", 1), strideW: int("stride_w", 1),
        explicitPadding: ints("explicit_padding"))
    }
    switch opcode {
    case .conv2D, .transposeConv:
      return .conv2D(
        Conv2DOptions(
          window: try window(), dilationH: int("dilation_h", 1), dilationW: int("dilation_w", 1),
          activation: try activation()))
    case .depthwiseConv2D:
      return .depthwiseConv2D(
        DepthwiseConv2DOptions(
          window: try window(), dilationH: int("dilation_h", 1), dilationW: int("dilation_w", 1),
          depthMultiplier: int("depth_multiplier", 1), activation: try activation()))
    case .fullyConnected:
      return .fullyConnected(activation: try activation(), keepNumDims: bool("keep_num_dims"))
    case .add, .sub, .mul, .div: return .elementwise(activation: try activation())
    case .leakyRelu: return .leakyRelu(alpha: float("alpha", 0.2))
    case .softmax: return .softmax(beta: float("beta", 1), axis: int("axis", -1))
    case .maxPool2D, .averagePool2D:
      return .pool2D(
        Pool2DOptions(
          window: try window(), filterH: int("filter_h", 1), filterW: int("filter_w", 1),
          activation: try activation()))
    case .mean, .sum, .reduceMax: return .mean(axes: ints("axes"), keepDims: bool("keep_dims"))
    case .reshape: return .reshape(newShape: ints("new_shape"))
    case .concatenation:
      return .concatenation(axis: int("axis", 0), activation: try activation())
    case .pad: return .pad(paddings: ints("paddings"), value: float("value", 0))
    case .transpose: return .transpose(perm: ints("perm"))
    case .tile: return .tile(multiples: ints("multiples"))
    case .stridedSlice:
      return .stridedSlice(begin: ints("begin"), end: ints("end"), strides: ints("strides"))
    case .resizeBilinear, .resizeNearestNeighbor:
      return .resize(
        alignCorners: bool("align_corners"), halfPixelCenters: bool("half_pixel_centers"))
    case .batchMatmul:
      return .batchMatMul(adjointLhs: bool("adjoint_lhs"), adjointRhs: bool("adjoint_rhs"))
    case .gelu: return .gelu(approximate: bool("approximate"))
    case .layerNorm: return .layerNorm(epsilon: float("epsilon", 0.001))
    case .unidirectionalSequenceLstm:
      return .sequenceLSTM(
        cellClip: float("cell_clip", 0), timeMajor: bool("time_major"),
        cellScaleLog2: Int8(truncatingIfNeeded: int("cell_scale_log2", -15)), activation: .tanh)
    case .gru: return .gru(timeMajor: bool("time_major"), activation: .tanh)
    case .gather: return .gather(axis: int("axis", 0))
    case .relu, .relu6, .reluN1To1, .logistic, .tanh, .hardSwish, .elu, .exp, .log, .sqrt, .rsqrt,
      .abs, .prelu, .quantize, .dequantize, .maximum, .minimum, .squaredDifference, .neg, .pow,
      .logSoftmax:
      return .none
    }
  }
}
