// GMLKernelsTests/LiteRTFixture+Kernels.swift — a LiteRT int8 fixture's tensors and options as GMLKernels parameters.
import GMLCore
import GMLKernels
import GMLTestSupport

extension LiteRTFixture {
  /// LiteRT's output tensor.
  var output: FixtureTensor { outputs[0] }

  /// The inputs that are present (an absent bias left out).
  var presentInputs: [FixtureTensor] { inputs.compactMap { $0 } }

  /// An integer option, 0 when missing.
  func int(_ key: String) -> Int { options.int(key) ?? 0 }

  /// The `fused_activation` option; `.none` when missing.
  var activation: Activation {
    switch options.string("fused_activation") {
    case "RELU": return .relu
    case "RELU6": return .relu6
    case "RELU_N1_TO_1": return .reluN1To1
    default: return .none
    }
  }

  /// TFLite SAME or VALID for a window on `input` (NHWC).
  func padding(_ input: Shape, filterH: Int, filterW: Int, dilation: Bool) -> Padding2D {
    guard options.string("padding") == "SAME" else { return .zero }
    return Padding2D.same(
      inputH: input.dims[1], inputW: input.dims[2], filterH: filterH, filterW: filterW,
      strideH: int("stride_h"), strideW: int("stride_w"),
      dilationH: dilation ? int("dilation_h") : 1, dilationW: dilation ? int("dilation_w") : 1)
  }
}

extension FixtureTensor {
  /// `shape` as a kernel `Shape`.
  var kernelShape: Shape { Shape(shape) }
  /// The first zero point, or 0 for a float tensor.
  var zeroPoint: Int32 { Int32(zeroPoints.first ?? 0) }
  var int8: [Int8] { ints.map { Int8($0) } }
  var int32: [Int32] { ints.map { Int32($0) } }
}
