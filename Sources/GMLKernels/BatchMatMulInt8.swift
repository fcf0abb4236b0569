// GMLKernels/BatchMatMulInt8.swift — int8 BATCH_MATMUL parameters: both operands' offsets and TFLite's output multiplier, fixed at prepare.
import GMLCore

/// BATCH_MATMUL of two int8 tensors, as TFLite's: each product sums
/// `(a − zp_a)(b − zp_b)` in `Int32`, is requantized once by
/// `scale_a · scale_b / scale_out` (in `Double`, as
/// `GetQuantizedConvolutionMultipler`), offset by the output's zero point
/// and clamped to int8 (the op has no fused activation). Per-tensor
/// parameters only: both operands are activations.
public struct BatchMatMulInt8: Equatable, Sendable {
  /// The checked shapes.
  public let geometry: BatchMatMul
  public let lhsZeroPoint: Int32
  public let rhsZeroPoint: Int32
  public let outputZeroPoint: Int32
  /// From the sum of products to the output scale.
  public let outputMultiplier: QuantizedMultiplier

  /// - Parameters:
  ///   - geometry: the checked shapes.
  ///   - lhsScale: A's scale; `lhsZeroPoint` its zero point.
  ///   - rhsScale: B's scale; `rhsZeroPoint` its zero point.
  ///   - outputScale: the output's scale; `outputZeroPoint` its zero point.
  /// - Throws: `invalidQuantization` for a scale that is not positive and
  ///   finite or a zero point outside [-128, 127]; `limitExceeded` for a
  ///   summed length whose products could overflow `Int32` (above 2^15).
  ///
  /// Mirrors `Prepare` and `EvalQuantized` (int8) in
  /// `tensorflow/lite/kernels/batch_matmul.cc`.
  public init(
    _ geometry: BatchMatMul, lhsScale: Float, lhsZeroPoint: Int32, rhsScale: Float,
    rhsZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32
  ) throws(GMLError) {
    for scale in [lhsScale, rhsScale, outputScale] { try QuantizationInt8.checkScale(scale) }
    for zeroPoint in [lhsZeroPoint, rhsZeroPoint, outputZeroPoint] {
      try QuantizationInt8.checkZeroPoint(zeroPoint)
    }
    // Each product of offset values is at most 255², so 2^15 of them fit.
    guard geometry.depth <= 1 << 15 else {
      throw GMLError(.limitExceeded, "BATCH_MATMUL sums more than 32768 int8 products")
    }
    self.geometry = geometry
    self.lhsZeroPoint = lhsZeroPoint
    self.rhsZeroPoint = rhsZeroPoint
    self.outputZeroPoint = outputZeroPoint
    outputMultiplier = QuantizedMultiplier(
      Double(lhsScale) * Double(rhsScale) / Double(outputScale))
  }
}
