// GMLKernels/BinaryFunctionOpInt8.swift — a BinaryFunction op on int8 tensors: the broadcast geometry and the function's int8 arithmetic.
import GMLCore

/// `BinaryFunctionOp` on int8 tensors: the checked shapes, and the
/// function's int8 arithmetic with its multipliers fixed at prepare.
public struct BinaryFunctionOpInt8: Equatable, Sendable {
  /// The checked shapes and the function.
  public let geometry: BinaryFunctionOp
  /// The int8 arithmetic of one pair of elements.
  public let arithmetic: BinaryFunctionInt8

  /// - Parameters:
  ///   - geometry: the checked float-side parameters.
  ///   - lhsScale: the left operand's scale; `lhsZeroPoint` its zero point.
  ///   - rhsScale: the right operand's scale; `rhsZeroPoint` its zero point.
  ///   - outputScale: the output's scale; `outputZeroPoint` its zero point.
  /// - Throws: `invalidQuantization` for a bad scale or zero point, or
  ///   parameters the function's int8 kernel refuses.
  public init(
    _ geometry: BinaryFunctionOp, lhsScale: Float, lhsZeroPoint: Int32, rhsScale: Float,
    rhsZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32
  ) throws(GMLError) {
    for scale in [lhsScale, rhsScale, outputScale] { try QuantizationInt8.checkScale(scale) }
    for zeroPoint in [lhsZeroPoint, rhsZeroPoint, outputZeroPoint] {
      try QuantizationInt8.checkZeroPoint(zeroPoint)
    }
    self.geometry = geometry
    arithmetic = try BinaryFunctionInt8(
      geometry.function, lhs: (lhsScale, lhsZeroPoint), rhs: (rhsScale, rhsZeroPoint),
      output: (outputScale, outputZeroPoint))
  }
}
