// GMLKernels/MaximumMinimumInt8.swift — int8 MAXIMUM/MINIMUM parameters: each operand's rescale to the output's quantization, if any.
import GMLCore

/// `MaximumMinimum` on int8 tensors.
///
/// LiteRT's int8 kernel compares the stored values, which TFLiteConverter
/// gives one scale and zero point for both operands and the output; such an
/// operand is used unchanged, so those models give LiteRT's bytes. An
/// operand quantized otherwise (gml's quantizer calibrates each tensor) is
/// first rescaled to the output's parameters with `ConcatenationInt8`'s
/// float arithmetic; rescaling is monotonic, so the larger value stays the
/// larger.
public struct MaximumMinimumInt8: Equatable, Sendable {
  /// The checked shapes and which of the two the op keeps.
  public let geometry: MaximumMinimum
  /// Per operand (left, right): whether it needs rescaling, and the float
  /// `scale` and `bias` of `q' = round(q × scale + bias) + outputZeroPoint`.
  let lhsRescaled: Bool, rhsRescaled: Bool
  let lhsScale: Float, rhsScale: Float
  let lhsBias: Float, rhsBias: Float
  /// The output zero point.
  let outputZeroPoint: Int32

  /// - Parameters:
  ///   - geometry: the checked float-side parameters.
  ///   - lhsScale: the left operand's scale.
  ///   - lhsZeroPoint: the left operand's zero point.
  ///   - rhsScale: the right operand's scale.
  ///   - rhsZeroPoint: the right operand's zero point.
  ///   - outputScale: the output scale.
  ///   - outputZeroPoint: the output zero point.
  /// - Throws: `invalidQuantization` for a bad scale or zero point.
  public init(
    _ geometry: MaximumMinimum, lhsScale: Float, lhsZeroPoint: Int32, rhsScale: Float,
    rhsZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32
  ) throws(GMLError) {
    for scale in [lhsScale, rhsScale, outputScale] { try QuantizationInt8.checkScale(scale) }
    for zeroPoint in [lhsZeroPoint, rhsZeroPoint, outputZeroPoint] {
      try QuantizationInt8.checkZeroPoint(zeroPoint)
    }
    let inverse = 1 / outputScale
    self.geometry = geometry
    lhsRescaled = lhsScale != outputScale || lhsZeroPoint != outputZeroPoint
    rhsRescaled = rhsScale != outputScale || rhsZeroPoint != outputZeroPoint
    (self.lhsScale, self.rhsScale) = (lhsScale * inverse, rhsScale * inverse)
    (lhsBias, rhsBias) = (
      Float(-lhsZeroPoint) * self.lhsScale, Float(-rhsZeroPoint) * self.rhsScale
    )
    self.outputZeroPoint = outputZeroPoint
  }
}
