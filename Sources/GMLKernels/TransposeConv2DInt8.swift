// GMLKernels/TransposeConv2DInt8.swift — int8 TRANSPOSE_CONV parameters: per-channel multipliers, offsets and clamp.
import GMLCore

/// A `TransposeConv2D` on int8 tensors, quantized as Conv2D: int8 input
/// and output, int8 filter with one scale per output channel (axis 0),
/// int32 bias at `inputScale × filterScale[c]`.
public struct TransposeConv2DInt8: Equatable, Sendable {
  public let geometry: TransposeConv2D
  /// `-inputZeroPoint`, added to every input value.
  public let inputOffset: Int32
  /// The output zero point.
  public let outputOffset: Int32
  /// One requantization per output channel.
  public let multipliers: [QuantizedMultiplier]
  /// The fused activation as an int8 clamp.
  public let range: ActivationRangeInt8

  /// - Parameters:
  ///   - geometry: the checked float-side parameters.
  ///   - inputScale: the input scale; `inputZeroPoint` its zero point.
  ///   - filterScales: one scale per output channel, or one for all.
  ///   - outputScale: the output scale; `outputZeroPoint` its zero point.
  /// - Throws: `invalidQuantization` for a bad scale, zero point or scale
  ///   count; `unsupportedOp` for a fused activation int8 cannot express.
  ///
  /// Mirrors `transpose_conv.cc` (`Prepare`, int8: the per-channel
  /// multipliers of `PopulateConvolutionQuantizationParams`).
  public init(
    _ geometry: TransposeConv2D, inputScale: Float, inputZeroPoint: Int32, filterScales: [Float],
    outputScale: Float, outputZeroPoint: Int32
  ) throws(GMLError) {
    self.geometry = geometry
    (inputOffset, outputOffset, multipliers, range) = try ConvolutionInt8.requantization(
      inputScale: inputScale, inputZeroPoint: inputZeroPoint, filterScales: filterScales,
      outputScale: outputScale, outputZeroPoint: outputZeroPoint,
      channels: geometry.outputShape.dims[3], activation: geometry.activation)
  }
}
