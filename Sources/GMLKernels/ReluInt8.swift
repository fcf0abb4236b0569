// GMLKernels/ReluInt8.swift — int8 RELU, RELU6 and RELU_N1_TO_1 parameters: a requantizing multiplier and a clamp.
import GMLCore

/// The standalone int8 RELU, RELU6 and RELU_N1_TO_1 ops: requantize from
/// the input's scale to the output's, then clamp to the quantized bounds.
///
/// The multiplier `input_scale / output_scale` is a `Float` quotient
/// widened to `Double` for `QuantizeMultiplier`; the bounds are those of the
/// same fused activation (`ActivationRangeInt8`), which is exactly how
/// TFLite's `QuantizedReluX` rounds them.
public struct ReluInt8: Equatable, Sendable {
  public let inputZeroPoint: Int32
  public let outputZeroPoint: Int32
  /// `input_scale / output_scale`.
  public let multiplier: QuantizedMultiplier
  /// The quantized bounds of the activation.
  public let range: ActivationRangeInt8

  /// - Parameters:
  ///   - activation: `.relu`, `.relu6` or `.reluN1To1`.
  ///   - inputScale: the input's scale; `inputZeroPoint` its zero point.
  ///   - outputScale: the output's scale; `outputZeroPoint` its zero point.
  /// - Throws: `invalidQuantization` for a bad scale or zero point;
  ///   `invalidArgument` for any other activation.
  ///
  /// Mirrors `ReluPrepare` and `QuantizedReluX` in
  /// `tensorflow/lite/kernels/activations.cc`.
  public init(
    _ activation: Activation, inputScale: Float, inputZeroPoint: Int32,
    outputScale: Float, outputZeroPoint: Int32
  ) throws(GMLError) {
    guard activation == .relu || activation == .relu6 || activation == .reluN1To1 else {
      throw GMLError(.invalidArgument, "ReluInt8 takes relu, relu6 or reluN1To1")
    }
    try QuantizationInt8.checkScale(inputScale)
    try QuantizationInt8.checkZeroPoint(inputZeroPoint)
    range = try ActivationRangeInt8(activation, scale: outputScale, zeroPoint: outputZeroPoint)
    self.inputZeroPoint = inputZeroPoint
    self.outputZeroPoint = outputZeroPoint
    multiplier = QuantizedMultiplier(Double(inputScale / outputScale))
  }
}
