// GMLKernels/Pool2DInt8.swift — int8 MaxPool2D/AveragePool2D parameters: shared quantization checked, activation clamp.
import GMLCore

/// A `Pool2D` window on int8 tensors. Input and output share scale and
/// zero point (TFLite checks `|Δscale| ≤ 1e-6` and equal zero points), so
/// the kernels never rescale; the fused activation becomes an int8 clamp.
public struct Pool2DInt8: Equatable, Sendable {
  /// The window, strides, padding and fused activation.
  public let geometry: Pool2D
  /// The fused activation as an int8 clamp.
  public let range: ActivationRangeInt8

  /// Checks the quantization and computes the activation clamp.
  ///
  /// - Parameters:
  ///   - geometry: the checked float-side parameters.
  ///   - inputScale: the input scale.
  ///   - inputZeroPoint: the input zero point.
  ///   - outputScale: the output scale.
  ///   - outputZeroPoint: the output zero point.
  /// - Throws: `invalidQuantization` for bad or differing parameters;
  ///   `unsupportedOp` for a fused activation int8 cannot express.
  public init(
    _ geometry: Pool2D, inputScale: Float, inputZeroPoint: Int32, outputScale: Float,
    outputZeroPoint: Int32
  ) throws(GMLError) {
    try QuantizationInt8.checkScale(inputScale)
    guard (inputScale - outputScale).magnitude <= 1e-6, inputZeroPoint == outputZeroPoint else {
      throw GMLError(.invalidQuantization, "int8 pooling needs equal input and output quantization")
    }
    self.geometry = geometry
    range = try ActivationRangeInt8(
      geometry.activation, scale: outputScale, zeroPoint: outputZeroPoint)
  }
}
