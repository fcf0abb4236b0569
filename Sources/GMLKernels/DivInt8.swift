// GMLKernels/DivInt8.swift — int8 DIV parameters: broadcasting, offsets and TFLite's output multiplier, fixed at prepare.
import GMLCore

/// DIV of two int8 tensors with NumPy broadcasting, as TFLite's int8 DIV:
/// each quotient of the offset operands is formed in fixed point (a Q0.31
/// reciprocal of the divisor, `GetReciprocal`, times the dividend shifted
/// to full headroom), then requantized once by
/// `input1_scale / (input2_scale · output_scale)` (computed in `Float`, as
/// TFLite's Prepare does, then widened) and clamped by the fused activation.
///
/// A zero divisor (a divisor at its zero point), which LiteRT refuses at
/// invoke, gives the activation's bound in the dividend's direction (the
/// zero point for 0 / 0).
public struct DivInt8: Equatable, Sendable {
  /// The checked shapes (operation `.div`) and the fused activation.
  public let geometry: Elementwise
  /// Minus each operand's zero point, and the output's zero point.
  let lhsOffset: Int32
  let rhsOffset: Int32
  let outputOffset: Int32
  /// From the quotient of the offset operands to the output scale.
  let outputMultiplier: QuantizedMultiplier
  /// The fused activation's clamp bounds.
  let activationRange: ActivationRangeInt8

  /// - Parameters:
  ///   - geometry: the checked float-side parameters (operation `.div`).
  ///   - lhsScale: the dividend's scale; `lhsZeroPoint` its zero point.
  ///   - rhsScale: the divisor's scale; `rhsZeroPoint` its zero point.
  ///   - outputScale: the output's scale; `outputZeroPoint` its zero point.
  /// - Throws: `invalidQuantization` for a scale that is not positive and
  ///   finite, a zero point outside [-128, 127], or an output multiplier of
  ///   2^16 or more (its shifts would leave the kernel's range);
  ///   `unsupportedOp` for a fused activation int8 cannot express.
  ///
  /// Mirrors `Prepare` in `tensorflow/lite/kernels/div.cc`.
  public init(
    _ geometry: Elementwise, lhsScale: Float, lhsZeroPoint: Int32, rhsScale: Float,
    rhsZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32
  ) throws(GMLError) {
    for scale in [lhsScale, rhsScale, outputScale] { try QuantizationInt8.checkScale(scale) }
    for zeroPoint in [lhsZeroPoint, rhsZeroPoint, outputZeroPoint] {
      try QuantizationInt8.checkZeroPoint(zeroPoint)
    }
    let multiplier = QuantizedMultiplier(Double(lhsScale / (rhsScale * outputScale)))
    guard multiplier.shift <= 16 else {
      throw GMLError(.invalidQuantization, "DIV output multiplier is 2^16 or more")
    }
    self.geometry = geometry
    lhsOffset = -lhsZeroPoint
    rhsOffset = -rhsZeroPoint
    outputOffset = outputZeroPoint
    outputMultiplier = multiplier
    activationRange = try ActivationRangeInt8(
      geometry.activation, scale: outputScale, zeroPoint: outputZeroPoint)
  }
}
