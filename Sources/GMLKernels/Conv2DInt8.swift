// GMLKernels/Conv2DInt8.swift — int8 Conv2D parameters: per-channel multipliers, offsets and clamp, made once at prepare.
import GMLCore

/// A `Conv2D` on int8 tensors: int8 input and output with any zero point,
/// int8 filter with zero point 0 and one scale per output channel (or one
/// for all), int32 bias at scale `inputScale × filterScale[c]`.
///
/// Output channel `c` is requantized by `inputScale × filterScale[c] /
/// outputScale`, computed in double from the float scales and encoded by
/// `QuantizedMultiplier` (TFLite `PopulateConvolutionQuantizationParams`).
public struct Conv2DInt8: Equatable, Sendable {
  /// The shapes, strides, padding and fused activation.
  public let geometry: Conv2D
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
    _ geometry: Conv2D, inputScale: Float, inputZeroPoint: Int32, filterScales: [Float],
    outputScale: Float, outputZeroPoint: Int32
  ) throws(GMLError) {
    self.geometry = geometry
    (inputOffset, outputOffset, multipliers, range) = try ConvolutionInt8.requantization(
      inputScale: inputScale, inputZeroPoint: inputZeroPoint, filterScales: filterScales,
      outputScale: outputScale, outputZeroPoint: outputZeroPoint,
      channels: geometry.outputDepth, activation: geometry.activation)
  }

  /// A convolution with requantization already computed (another op's,
  /// run as this convolution: `TransposeConv2DInt8.spreadConvolution`).
  init(
    _ geometry: Conv2D, inputOffset: Int32, outputOffset: Int32,
    multipliers: [QuantizedMultiplier], range: ActivationRangeInt8
  ) {
    self.geometry = geometry
    self.inputOffset = inputOffset
    self.outputOffset = outputOffset
    self.multipliers = multipliers
    self.range = range
  }
}

/// Prepare-time arithmetic shared by Conv2D, DepthwiseConv2D and
/// TransposeConv2D.
public enum ConvolutionInt8 {
  /// An int8 convolution's input offset (`−inputZeroPoint`), output offset,
  /// per-channel multipliers and activation clamp.
  /// - Throws: as `multipliers`, `invalidQuantization` for a bad zero
  ///   point, `unsupportedOp` for a fused activation int8 cannot express.
  static func requantization(
    inputScale: Float, inputZeroPoint: Int32, filterScales: [Float], outputScale: Float,
    outputZeroPoint: Int32, channels: Int, activation: Activation
  ) throws(GMLError) -> (Int32, Int32, [QuantizedMultiplier], ActivationRangeInt8) {
    try QuantizationInt8.checkZeroPoint(inputZeroPoint)
    let multipliers = try ConvolutionInt8.multipliers(
      inputScale: inputScale, filterScales: filterScales, outputScale: outputScale,
      channels: channels)
    let range = try ActivationRangeInt8(activation, scale: outputScale, zeroPoint: outputZeroPoint)
    return (-inputZeroPoint, outputZeroPoint, multipliers, range)
  }

  /// The per-channel requantization of a convolution.
  ///
  /// Mirrors `PopulateConvolutionQuantizationParams` in
  /// `tensorflow/lite/kernels/kernel_util.cc`: one scale is broadcast to
  /// every channel; each multiplier is
  /// `Double(inputScale) * Double(filterScale) / Double(outputScale)`.
  /// - Parameters:
  ///   - inputScale: the input scale.
  ///   - filterScales: one scale per channel, or one for all.
  ///   - outputScale: the output scale.
  ///   - channels: the number of output channels.
  /// - Returns: `channels` multipliers.
  /// - Throws: `invalidQuantization` for a bad scale or scale count.
  public static func multipliers(
    inputScale: Float, filterScales: [Float], outputScale: Float, channels: Int
  ) throws(GMLError) -> [QuantizedMultiplier] {
    try QuantizationInt8.checkScale(inputScale)
    try QuantizationInt8.checkScale(outputScale)
    guard filterScales.count == 1 || filterScales.count == channels else {
      throw GMLError(.invalidQuantization, "filter needs one scale or one per output channel")
    }
    var result: [QuantizedMultiplier] = []
    result.reserveCapacity(channels)
    for c in 0..<channels {
      let filterScale = filterScales[filterScales.count == 1 ? 0 : c]
      try QuantizationInt8.checkScale(filterScale)
      result.append(
        QuantizedMultiplier(Double(inputScale) * Double(filterScale) / Double(outputScale)))
    }
    return result
  }
}
