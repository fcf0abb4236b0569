// GMLKernels/FullyConnectedInt8.swift — int8 FullyConnected parameters: offsets, per-channel output scales and clamp.
import GMLCore

/// A `FullyConnected` on int8 tensors: int8 input and output with any zero
/// point, int8 weights with one scale for all output channels (per-tensor;
/// its zero point is honoured) or one per output channel (per-channel;
/// zero point taken as 0, as TFLite does), optional int32 bias.
///
/// Unlike the convolutions, LiteRT's reference FullyConnected does not use
/// a fixed-point multiplier: it rescales in double,
/// `round(Double(acc) × Double(inputScale) × Double(weightScale) /
/// Double(outputScale))`, half away from zero (checked against
/// `OpResolverType.BUILTIN_REF` of ai-edge-litert 2.3.0, where the two
/// differ on ties). `outputScales` holds that factor per channel.
public struct FullyConnectedInt8: Equatable, Sendable {
  /// The shapes and the fused activation.
  public let geometry: FullyConnected
  /// `-inputZeroPoint`, added to every input value.
  public let inputOffset: Int32
  /// `-weightZeroPoint` for per-tensor weights, 0 for per-channel ones.
  public let weightsOffset: Int32
  /// The output zero point.
  public let outputOffset: Int32
  /// Per output channel, `inputScale × weightScale / outputScale` in double.
  public let outputScales: [Double]
  /// The fused activation as an int8 clamp.
  public let range: ActivationRangeInt8

  /// Computes the output scales and the activation clamp.
  ///
  /// - Parameters:
  ///   - geometry: the checked float-side parameters.
  ///   - inputScale: the input scale.
  ///   - inputZeroPoint: the input zero point.
  ///   - weightScales: one scale (per-tensor) or one per output channel.
  ///   - weightZeroPoint: the per-tensor weight zero point (ignored for
  ///     per-channel weights).
  ///   - outputScale: the output scale.
  ///   - outputZeroPoint: the output zero point.
  /// - Throws: `invalidQuantization` for a bad scale, zero point or scale
  ///   count; `unsupportedOp` for a fused activation int8 cannot express.
  public init(
    _ geometry: FullyConnected, inputScale: Float, inputZeroPoint: Int32,
    weightScales: [Float], weightZeroPoint: Int32 = 0, outputScale: Float,
    outputZeroPoint: Int32
  ) throws(GMLError) {
    try QuantizationInt8.checkScale(inputScale)
    try QuantizationInt8.checkZeroPoint(inputZeroPoint)
    try QuantizationInt8.checkScale(outputScale)
    let perChannel = weightScales.count > 1
    guard weightScales.count == 1 || weightScales.count == geometry.outputDepth else {
      throw GMLError(.invalidQuantization, "weights need one scale or one per output channel")
    }
    if !perChannel { try QuantizationInt8.checkZeroPoint(weightZeroPoint) }
    var scales: [Double] = []
    scales.reserveCapacity(geometry.outputDepth)
    for c in 0..<geometry.outputDepth {
      let weightScale = weightScales[perChannel ? c : 0]
      try QuantizationInt8.checkScale(weightScale)
      scales.append(Double(inputScale) * Double(weightScale) / Double(outputScale))
    }
    self.geometry = geometry
    inputOffset = -inputZeroPoint
    weightsOffset = perChannel ? 0 : -weightZeroPoint
    outputOffset = outputZeroPoint
    outputScales = scales
    range = try ActivationRangeInt8(
      geometry.activation, scale: outputScale, zeroPoint: outputZeroPoint)
  }
}
