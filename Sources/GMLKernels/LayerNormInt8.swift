// GMLKernels/LayerNormInt8.swift — int8 LAYER_NORM parameters: input and output quantization.
import GMLCore

/// int8 LAYER_NORM with a float normalization: the row's moments exact in
/// integers, the normalization and the affine part in `Float`, then
/// rounded half away from zero to the output's parameters.
///
/// LiteRT has no LAYER_NORM kernel; its int8 models run Keras' pattern as
/// seven int8 operators, each rounding its result. This kernel rounds
/// once, so it is within 1 LSB of the correctly rounded normalization
/// (`LayerNormTests`), where LiteRT's unfused chain is up to 2 LSB from it.
public struct LayerNormInt8: Equatable, Sendable {
  public let geometry: LayerNorm
  public let inputScale: Float
  public let inputZeroPoint: Int32
  public let outputScale: Float
  public let outputZeroPoint: Int32

  /// - Parameters:
  ///   - geometry: the rows and epsilon.
  ///   - inputScale, inputZeroPoint: the input's parameters.
  ///   - outputScale, outputZeroPoint: the output's parameters.
  /// - Throws: `invalidQuantization` for a scale that is not positive and
  ///   finite or a zero point outside int8.
  public init(
    _ geometry: LayerNorm, inputScale: Float, inputZeroPoint: Int32, outputScale: Float,
    outputZeroPoint: Int32
  ) throws(GMLError) {
    try QuantizationInt8.checkScale(inputScale)
    try QuantizationInt8.checkScale(outputScale)
    try QuantizationInt8.checkZeroPoint(inputZeroPoint)
    try QuantizationInt8.checkZeroPoint(outputZeroPoint)
    self.geometry = geometry
    self.inputScale = inputScale
    self.inputZeroPoint = inputZeroPoint
    self.outputScale = outputScale
    self.outputZeroPoint = outputZeroPoint
  }
}
