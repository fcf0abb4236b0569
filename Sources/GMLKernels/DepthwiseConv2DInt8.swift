// GMLKernels/DepthwiseConv2DInt8.swift — int8 DepthwiseConv2D parameters: per-channel multipliers, offsets and clamp.
import GMLCore

/// A `DepthwiseConv2D` on int8 tensors, any depth multiplier: int8 input
/// and output with any zero point, int8 filter `[1, kh, kw, outputDepth]`
/// with zero point 0 and one scale per output channel (quantized
/// dimension 3) or one for all, int32 bias.
///
/// The multipliers are computed as for `Conv2DInt8`
/// (`ConvolutionInt8.multipliers`).
public struct DepthwiseConv2DInt8: Equatable, Sendable {
  /// The shapes, depth multiplier, strides, padding and fused activation.
  public let geometry: DepthwiseConv2D
  /// `-inputZeroPoint`, added to every input value.
  public let inputOffset: Int32
  /// The output zero point.
  public let outputOffset: Int32
  /// One requantization per output channel.
  public let multipliers: [QuantizedMultiplier]
  /// The fused activation as an int8 clamp.
  public let range: ActivationRangeInt8

  /// Computes the per-channel multipliers and the activation clamp.
  ///
  /// - Parameters:
  ///   - geometry: the checked float-side parameters.
  ///   - inputScale: the input scale.
  ///   - inputZeroPoint: the input zero point.
  ///   - filterScales: one scale per output channel, or one for all.
  ///   - outputScale: the output scale.
  ///   - outputZeroPoint: the output zero point.
  /// - Throws: `invalidQuantization` for a bad scale, zero point or scale
  ///   count; `unsupportedOp` for a fused activation int8 cannot express.
  public init(
    _ geometry: DepthwiseConv2D, inputScale: Float, inputZeroPoint: Int32,
    filterScales: [Float], outputScale: Float, outputZeroPoint: Int32
  ) throws(GMLError) {
    self.geometry = geometry
    (inputOffset, outputOffset, multipliers, range) = try ConvolutionInt8.requantization(
      inputScale: inputScale, inputZeroPoint: inputZeroPoint, filterScales: filterScales,
      outputScale: outputScale, outputZeroPoint: outputZeroPoint,
      channels: geometry.outputDepth, activation: geometry.activation)
  }
}
