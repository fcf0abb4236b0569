// GMLKernels/BinaryFunctionInt8.swift — each BinaryFunction's int8 arithmetic: one pair of elements as LiteRT's int8 kernel computes it.
import GMLCore

/// The int8 arithmetic of a `BinaryFunction` on one pair of elements, with
/// the parameters LiteRT's int8 kernel fixes at prepare.
public enum BinaryFunctionInt8: Equatable, Sendable {
  /// MAXIMUM (`isMaximum`) or MINIMUM. LiteRT's int8 kernel compares the
  /// stored values, which TFLiteConverter gives one scale and zero point
  /// for both operands and the output; such an operand is used unchanged
  /// (nil), so those models give LiteRT's bytes. An operand quantized
  /// otherwise (gml's quantizer calibrates each tensor) is first rescaled
  /// to the output's parameters; rescaling is monotonic, so the larger
  /// value stays the larger.
  case pick(isMaximum: Bool, lhs: Rescale?, rhs: Rescale?)
  /// SQUARED_DIFFERENCE: LiteRT's `squared_difference.cc`. Each offset
  /// operand is shifted left by 7 and scaled by `scale / (2 · max_scale)`,
  /// the difference squared in `Int32` and scaled by
  /// `(2 · max_scale)² / (2^14 · output_scale)`, all three multipliers
  /// below 1.
  case squaredDifference(SquaredDifference)
  /// POW, gml's own (LiteRT has no int8 POW): x^y of the dequantized
  /// pair in `Float` (`LibmFloat.pow`), rounded half away from zero to the
  /// output's parameters.
  case power(Power)

  /// A value requantized to the output's parameters, in float as
  /// `ConcatenationInt8` does: `round(q × scale + bias) + outputZeroPoint`.
  public struct Rescale: Equatable, Sendable {
    let scale: Float
    let bias: Float
    let outputZeroPoint: Int32

    @inline(__always)
    func apply(_ q: Int8) -> Int8 {
      Int8(clamping: QuantizationInt8.roundToInt32(Float(q) * scale + bias) &+ outputZeroPoint)
    }
  }

  /// POW's dequantized operands and output parameters.
  public struct Power: Equatable, Sendable {
    /// Each operand's real value for every stored `q` (by its bit pattern).
    let lhsValues: [Float], rhsValues: [Float]
    let inverseOutputScale: Float
    let outputZeroPoint: Int32
  }

  /// SQUARED_DIFFERENCE's offsets and multipliers.
  public struct SquaredDifference: Equatable, Sendable {
    let outputOffset: Int32
    let outputMultiplier: QuantizedMultiplier
    /// Each operand's scaled value, `M((q − zero_point) << 7)`, for every
    /// stored `q` (indexed by its bit pattern): computed once at prepare.
    let lhsValues: [Int32], rhsValues: [Int32]

    init(
      lhsOffset: Int32, rhsOffset: Int32, outputOffset: Int32,
      lhsMultiplier: QuantizedMultiplier, rhsMultiplier: QuantizedMultiplier,
      outputMultiplier: QuantizedMultiplier
    ) {
      self.outputOffset = outputOffset
      self.outputMultiplier = outputMultiplier
      func values(_ offset: Int32, _ m: QuantizedMultiplier) -> [Int32] {
        (0..<256).map { m.apply((Int32(Int8(truncatingIfNeeded: $0)) + offset) << 7) }
      }
      lhsValues = values(lhsOffset, lhsMultiplier)
      rhsValues = values(rhsOffset, rhsMultiplier)
    }
  }

  /// The arithmetic of `function` for operands and output quantized so
  /// (scales and zero points already checked).
  /// - Throws: `invalidQuantization` for a SQUARED_DIFFERENCE whose output
  ///   multiplier is 1 or more (LiteRT refuses it at prepare).
  init(
    _ function: BinaryFunction, lhs: (scale: Float, zeroPoint: Int32),
    rhs: (scale: Float, zeroPoint: Int32), output: (scale: Float, zeroPoint: Int32)
  ) throws(GMLError) {
    switch function {
    case .maximum, .minimum:
      let inverse = 1 / output.scale
      func rescale(_ p: (scale: Float, zeroPoint: Int32)) -> Rescale? {
        if p.scale == output.scale && p.zeroPoint == output.zeroPoint { return nil }
        let scale = p.scale * inverse
        return Rescale(
          scale: scale, bias: Float(-p.zeroPoint) * scale, outputZeroPoint: output.zeroPoint)
      }
      self = .pick(isMaximum: function == .maximum, lhs: rescale(lhs), rhs: rescale(rhs))
    case .squaredDifference:
      let twiceMaxScale = Double(2 * max(lhs.scale, rhs.scale))
      let realOutput = twiceMaxScale * twiceMaxScale / Double(Float(1 << 14) * output.scale)
      guard realOutput < 1 else {
        throw GMLError(
          .invalidQuantization, "SQUARED_DIFFERENCE output multiplier is not below 1")
      }
      self = .squaredDifference(
        SquaredDifference(
          lhsOffset: -lhs.zeroPoint, rhsOffset: -rhs.zeroPoint, outputOffset: output.zeroPoint,
          lhsMultiplier: QuantizedMultiplier(Double(lhs.scale) / twiceMaxScale),
          rhsMultiplier: QuantizedMultiplier(Double(rhs.scale) / twiceMaxScale),
          outputMultiplier: QuantizedMultiplier(realOutput)))
    case .pow:
      func values(_ p: (scale: Float, zeroPoint: Int32)) -> [Float] {
        (0..<256).map { Float(Int32(Int8(truncatingIfNeeded: $0)) - p.zeroPoint) * p.scale }
      }
      self = .power(
        Power(
          lhsValues: values(lhs), rhsValues: values(rhs), inverseOutputScale: 1 / output.scale,
          outputZeroPoint: output.zeroPoint))
    }
  }

  /// MAXIMUM or MINIMUM of one pair of stored values, each rescaled first
  /// where its `Rescale` is set.
  @inline(__always)
  static func pick(_ x: Int8, _ y: Int8, isMaximum: Bool, _ lhs: Rescale?, _ rhs: Rescale?)
    -> Int8
  {
    let a = lhs?.apply(x) ?? x
    let b = rhs?.apply(y) ?? y
    return isMaximum ? (a > b ? a : b) : (a < b ? a : b)
  }
}

extension BinaryFunctionInt8.SquaredDifference {
  /// SQUARED_DIFFERENCE of one pair of stored values, from the tables
  /// (`lhsValues`, `rhsValues`, passed as buffers so that the loop reads
  /// them without bounds checks). Each scaled value is at most 255 · 2^7
  /// / 2 in magnitude, so `d²` stays below 2^30 and the wrapping
  /// arithmetic never wraps.
  @inline(__always)
  func apply(
    _ x: Int8, _ y: Int8, lhsValues: UnsafeBufferPointer<Int32>,
    rhsValues: UnsafeBufferPointer<Int32>
  ) -> Int8 {
    let d = lhsValues[Int(UInt8(bitPattern: x))] &- rhsValues[Int(UInt8(bitPattern: y))]
    return FixedPoint.saturateInt8(outputMultiplier.apply(d &* d) &+ outputOffset)
  }
}

extension BinaryFunctionInt8.Power {
  /// POW of one pair of stored values.
  @inline(__always)
  func apply(_ x: Int8, _ y: Int8) -> Int8 {
    let real = LibmFloat.pow(
      lhsValues[Int(UInt8(bitPattern: x))], rhsValues[Int(UInt8(bitPattern: y))])
    let q = QuantizationInt8.roundToInt32(real * inverseOutputScale) &+ outputZeroPoint
    return Int8(truncatingIfNeeded: min(max(q, -128), 127))
  }
}
