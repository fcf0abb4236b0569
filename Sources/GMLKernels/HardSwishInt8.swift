// GMLKernels/HardSwishInt8.swift — int8 HARD_SWISH parameters: TFLite's two int16 fixed-point multipliers.
import GMLCore

/// int8 `x · relu6(x + 3) / 6`, in TFLite's 16-bit fixed-point formulation.
///
/// The input is moved to a "hi-res" scale `input_scale / 128` (7 bits of
/// left shift fit an int16). Two multipliers are derived, in `Float`, from
/// that scale: the output multiplier `hires_scale / output_scale`, and the
/// "relu-ish" multiplier `hires_scale / (3 / 32768)`, which maps [-3, 3] to
/// the int16 range. Each goes through `QuantizeMultiplier` and is then
/// rounded to a Q0.15 int16 (`DownScaleInt32ToInt16Multiplier`).
public struct HardSwishInt8: Equatable, Sendable {
  public let inputZeroPoint: Int32
  public let outputZeroPoint: Int32
  /// Q0.15 multiplier from the hi-res input scale to the output scale.
  public let outputMultiplier: Int16
  /// Its exponent (≤ 0: a right shift).
  public let outputExponent: Int32
  /// Q0.15 multiplier from the hi-res input scale to 3/32768.
  public let reluishMultiplier: Int16
  /// Its exponent (either sign).
  public let reluishExponent: Int32

  /// - Parameters:
  ///   - inputScale: the input's scale; `inputZeroPoint` its zero point.
  ///   - outputScale: the output's scale; `outputZeroPoint` its zero point.
  /// - Throws: `invalidQuantization` for a bad scale or zero point, or an
  ///   output multiplier above 1 (`input_scale / 128 > output_scale`,
  ///   which TFLite rejects).
  ///
  /// Mirrors `HardSwishPrepare` in `tensorflow/lite/kernels/activations.cc`.
  public init(
    inputScale: Float, inputZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32
  ) throws(GMLError) {
    try LookupTableInt8.check(inputScale, inputZeroPoint, outputScale, outputZeroPoint)
    self.inputZeroPoint = inputZeroPoint
    self.outputZeroPoint = outputZeroPoint
    let hiresInputScale = (1 as Float / 128) * inputScale
    let reluishScale: Float = 3 / 32768
    let output = QuantizedMultiplier(Double(hiresInputScale / outputScale))
    guard output.shift <= 0 else {
      throw GMLError(.invalidQuantization, "HARD_SWISH output multiplier above 1")
    }
    outputMultiplier = HardSwishInt8.downScale(output.multiplier)
    outputExponent = output.shift
    let reluish = QuantizedMultiplier(Double(hiresInputScale / reluishScale))
    reluishMultiplier = HardSwishInt8.downScale(reluish.multiplier)
    reluishExponent = reluish.shift
  }

  /// A Q0.31 multiplier rounded to Q0.15, saturating at `Int16.max`.
  /// Mirrors `DownScaleInt32ToInt16Multiplier` in `internal/common.h`.
  static func downScale(_ multiplier: Int32) -> Int16 {
    let roundingOffset: Int32 = 1 << 15
    if multiplier >= Int32.max - roundingOffset { return Int16.max }
    return Int16(truncatingIfNeeded: (multiplier + roundingOffset) >> 16)
  }

  /// `round(a · b / 2^15)`, ties toward +∞, saturating `Int16.min²`.
  /// Mirrors gemmlowp `SaturatingRoundingDoublingHighMul<int16_t>`.
  @inline(__always)
  static func roundingHighMul(_ a: Int16, _ b: Int16) -> Int16 {
    if a == b && a == Int16.min { return Int16.max }
    let ab = Int32(a) * Int32(b)
    let nudge: Int32 = ab >= 0 ? (1 << 14) : (1 - (1 << 14))
    return Int16(truncatingIfNeeded: (ab + nudge) / (1 << 15))
  }

  /// `a · b / 2^15` truncated toward zero, saturating `Int16.min²`.
  /// Mirrors `SaturatingDoublingHighMul` in `reference/hard_swish.h`.
  @inline(__always)
  static func truncatingHighMul(_ a: Int16, _ b: Int16) -> Int16 {
    if a == b && a == Int16.min { return Int16.max }
    return Int16(truncatingIfNeeded: (Int32(a) * Int32(b)) / (1 << 15))
  }

  /// `value · 2^amount`, saturated to the int16 range.
  /// Mirrors `SaturatingLeftShift` in `reference/hard_swish.h`.
  @inline(__always)
  static func saturatingLeftShift(_ value: Int16, _ amount: Int32) -> Int16 {
    let shifted = Int64(value) << Int64(amount)
    return Int16(min(max(shifted, Int64(Int16.min)), Int64(Int16.max)))
  }

  /// `x / 2^exponent` rounded half away from zero, on int16.
  @inline(__always)
  static func roundingDivideByPOT(_ x: Int16, _ exponent: Int32) -> Int16 {
    Int16(truncatingIfNeeded: FixedPoint.roundingDivideByPOT(Int32(x), Int(exponent)))
  }
}
