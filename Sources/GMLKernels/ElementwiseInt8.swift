// GMLKernels/ElementwiseInt8.swift — int8 Add/Sub/Mul parameters: broadcasting and TFLite's multipliers, fixed at prepare.
import GMLCore

/// ADD, SUB or MUL of two int8 tensors with NumPy broadcasting (ranks up to
/// `Shape.maxRank`), requantized to the output and clamped by the fused
/// activation.
///
/// ADD and SUB rescale both operands to a common scale first: each input is
/// shifted left by 20 bits and multiplied by `input_scale / (2 · max_scale)`
/// (so it keeps 20 bits of headroom below 2^31), the two are added or
/// subtracted, and the sum is multiplied by
/// `2 · max_scale / (2^20 · output_scale)`. All three multipliers are
/// computed in `Double` from the float scales, and each must be below 1.
/// MUL multiplies the offset operands in `Int32` and requantizes once by
/// `input1_scale · input2_scale / output_scale`, a product and quotient
/// TFLite computes in `Float` before widening to `Double`.
public struct ElementwiseInt8: Equatable, Sendable {
  /// The arithmetic of the op: `Elementwise`'s but DIV (`DivInt8`).
  public enum Operation: Equatable, Sendable {
    case add
    case sub
    case mul
  }

  public let operation: Operation
  /// The broadcast shape of the two operands.
  public let outputShape: Shape
  /// Per output dimension, the stride of the left operand (0 where it broadcasts).
  let lhsStrides: [Int]
  /// Per output dimension, the stride of the right operand (0 where it broadcasts).
  let rhsStrides: [Int]
  /// Minus the left operand's zero point.
  public let lhsOffset: Int32
  /// Minus the right operand's zero point.
  public let rhsOffset: Int32
  /// The output's zero point.
  public let outputOffset: Int32
  /// 20 for ADD and SUB (the operands' headroom shift); 0 for MUL.
  public let leftShift: Int32
  /// ADD/SUB: the left operand's multiplier; MUL: unused (zero).
  public let lhsMultiplier: QuantizedMultiplier
  /// ADD/SUB: the right operand's multiplier; MUL: unused (zero).
  public let rhsMultiplier: QuantizedMultiplier
  /// The multiplier from the accumulated value to the output scale.
  public let outputMultiplier: QuantizedMultiplier
  /// The fused activation's clamp bounds.
  public let activationRange: ActivationRangeInt8
  /// ADD/SUB's linear form for the fast kernels, once
  /// `findLinearForm()` has found one; nil otherwise.
  public internal(set) var linearForm: LinearForm?

  /// Checks the shapes and the quantization and computes the multipliers.
  ///
  /// - Parameters:
  ///   - operation: add, sub or mul.
  ///   - lhs: the left operand's shape, `lhsScale` and `lhsZeroPoint` its quantization.
  ///   - rhs: the right operand's shape, `rhsScale` and `rhsZeroPoint` its quantization.
  ///   - outputScale: the output's scale; `outputZeroPoint` its zero point.
  ///   - activation: the fused activation (RELU, RELU6, RELU_N1_TO_1 or none).
  /// - Throws: `shapeMismatch` or `limitExceeded` as `Elementwise.broadcastShape`;
  ///   `invalidQuantization` for a scale that is not positive and finite, a
  ///   zero point outside [-128, 127], or an ADD/SUB output multiplier of 1
  ///   or more (TFLite rejects or mis-shifts those); `unsupportedOp` for a
  ///   fused TANH, LOGISTIC or HARD_SWISH, as `ActivationRangeInt8`.
  public init(
    _ operation: Operation,
    lhs: Shape, lhsScale: Float, lhsZeroPoint: Int32,
    rhs: Shape, rhsScale: Float, rhsZeroPoint: Int32,
    outputScale: Float, outputZeroPoint: Int32,
    activation: Activation = .none
  ) throws(GMLError) {
    for scale in [lhsScale, rhsScale] { try QuantizationInt8.checkScale(scale) }
    for zeroPoint in [lhsZeroPoint, rhsZeroPoint] {
      try QuantizationInt8.checkZeroPoint(zeroPoint)
    }
    outputShape = try Elementwise.broadcastShape(lhs, rhs)
    lhsStrides = Elementwise.broadcastStrides(lhs, in: outputShape)
    rhsStrides = Elementwise.broadcastStrides(rhs, in: outputShape)
    self.operation = operation
    lhsOffset = -lhsZeroPoint
    rhsOffset = -rhsZeroPoint
    outputOffset = outputZeroPoint
    activationRange = try ActivationRangeInt8(
      activation, scale: outputScale, zeroPoint: outputZeroPoint)
    switch operation {
    case .add, .sub:
      leftShift = 20
      let twiceMaxScale = 2 * Double(max(lhsScale, rhsScale))
      let realOutput = twiceMaxScale / (Double(1 << 20) * Double(outputScale))
      guard realOutput < 1 else {
        throw GMLError(.invalidQuantization, "ADD/SUB output multiplier is not below 1")
      }
      lhsMultiplier = QuantizedMultiplier(Double(lhsScale) / twiceMaxScale)
      rhsMultiplier = QuantizedMultiplier(Double(rhsScale) / twiceMaxScale)
      outputMultiplier = QuantizedMultiplier(realOutput)
    case .mul:
      leftShift = 0
      lhsMultiplier = QuantizedMultiplier(multiplier: 0, shift: 0)
      rhsMultiplier = lhsMultiplier
      outputMultiplier = QuantizedMultiplier(Double(lhsScale * rhsScale / outputScale))
    }
  }
}
