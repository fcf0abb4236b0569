// GMLKernels/ConcatenationInt8.swift — int8 Concatenation parameters: per-input rescale (if any) and clamp.
import GMLCore

/// A `Concatenation` on int8 tensors.
///
/// An input quantized like the output is copied unchanged; that is all
/// LiteRT does for int8 (its prepare rejects differing parameters and any
/// fused activation). An input with other parameters is rescaled with the
/// float arithmetic of TFLite's uint8 `ConcatenationWithScaling`:
/// `scale = inputScale × (1 / outputScale)`, `bias = -inputZeroPoint ×
/// scale`, `q' = Int32(round(q × scale + bias)) + outputZeroPoint`, all in
/// float, rounding half away from zero, clamped to int8. A fused
/// activation clamps every output value.
public struct ConcatenationInt8: Equatable, Sendable {
  /// The checked shapes, axis and activation.
  public let geometry: Concatenation
  /// Per input, whether it needs rescaling.
  let rescaled: [Bool]
  /// Per input, `inputScale × (1 / outputScale)` in float.
  let scales: [Float]
  /// Per input, `-inputZeroPoint × scale` in float.
  let biases: [Float]
  /// The output zero point.
  public let outputZeroPoint: Int32
  /// The fused activation as an int8 clamp.
  public let range: ActivationRangeInt8

  /// - Parameters:
  ///   - geometry: the checked float-side parameters.
  ///   - inputScales: one scale per input.
  ///   - inputZeroPoints: one zero point per input.
  ///   - outputScale: the output scale.
  ///   - outputZeroPoint: the output zero point.
  /// - Throws: `invalidQuantization` for a bad scale or zero point or a
  ///   count that differs from the inputs'; `unsupportedOp` for a fused
  ///   activation int8 cannot express.
  public init(
    _ geometry: Concatenation, inputScales: [Float], inputZeroPoints: [Int32],
    outputScale: Float, outputZeroPoint: Int32
  ) throws(GMLError) {
    let n = geometry.axisSizes.count
    guard inputScales.count == n, inputZeroPoints.count == n else {
      throw GMLError(.invalidQuantization, "Concatenation needs a scale and zero point per input")
    }
    range = try ActivationRangeInt8(
      geometry.activation, scale: outputScale, zeroPoint: outputZeroPoint)
    let inverse = 1 / outputScale
    var (rescaled, scales, biases): ([Bool], [Float], [Float]) = ([], [], [])
    for i in 0..<n {
      try QuantizationInt8.checkScale(inputScales[i])
      try QuantizationInt8.checkZeroPoint(inputZeroPoints[i])
      let scale = inputScales[i] * inverse
      rescaled.append(inputScales[i] != outputScale || inputZeroPoints[i] != outputZeroPoint)
      scales.append(scale)
      biases.append(Float(-inputZeroPoints[i]) * scale)
    }
    self.geometry = geometry
    self.rescaled = rescaled
    self.scales = scales
    self.biases = biases
    self.outputZeroPoint = outputZeroPoint
  }
}
