// GMLKernels/LookupTableInt8.swift — int8 LOGISTIC, TANH and the UnaryFunction ops: a 256-entry table built at prepare, as LiteRT's reference kernel does.
import GMLCore

/// An int8 → int8 function given by a 256-entry table: LiteRT's reference
/// (`BUILTIN_REF`) kernels for int8 LOGISTIC and TANH populate one at
/// prepare and look every element up at invoke.
///
/// Each entry is computed in `Float`, as TFLite's `LUTPopulate` does:
/// `x = input_scale · (q − input_zero_point)`, `y = f(x)`, then
/// `round(y · (1 / output_scale)) + output_zero_point` (half away from zero),
/// clamped to [-128, 127]. `f` is `1 / (1 + expf(−x))` for LOGISTIC and
/// `tanhf(x)` for TANH; `expf` and `tanhf` are evaluated in `Double` and
/// rounded once to `Float`, which agrees with glibc's (correctly rounded in
/// all but vanishingly rare cases) without needing libm.
public struct LookupTableInt8: Equatable, Sendable {
  /// The outputs, indexed by the input's bit pattern (`UInt8(bitPattern:)`).
  public let table: [Int8]

  /// The table as given.
  init(table: [Int8]) {
    self.table = table
  }

  /// Tabulates `transform` over every int8 input.
  ///
  /// Mirrors `LUTPopulate<int8_t>` in `tensorflow/lite/kernels/internal/common.h`.
  init(
    inputScale: Float, inputZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32,
    _ transform: (Float) -> Float
  ) {
    let inverseScale = 1 / outputScale
    var table = [Int8](repeating: 0, count: 256)
    for q in Int32(-128)...127 {
      let dequantized = inputScale * Float(q - inputZeroPoint)
      let rescaled = (transform(dequantized) * inverseScale).rounded()
      let shifted = rescaled + Float(outputZeroPoint)
      let quantized = QuantizationInt8.truncateToInt32(shifted)
      table[Int(UInt8(bitPattern: Int8(q)))] = Int8(min(max(quantized, -128), 127))
    }
    self.table = table
  }

  /// The LOGISTIC table.
  ///
  /// - Parameters:
  ///   - inputScale: the input's scale; `inputZeroPoint` its zero point.
  ///   - outputScale: must be exactly 1/256; `outputZeroPoint` is -128 in practice.
  /// - Throws: `invalidQuantization` for a bad scale or zero point, or an
  ///   output scale other than 1/256 (LiteRT's check).
  ///
  /// Mirrors `SigmoidPrepare` (`kReference`, int8) in `tensorflow/lite/kernels/activations.cc`.
  public static func logistic(
    inputScale: Float, inputZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32
  ) throws(GMLError) -> LookupTableInt8 {
    try check(inputScale, inputZeroPoint, outputScale, outputZeroPoint)
    guard Double(outputScale) == 1.0 / 256 else {
      throw GMLError(.invalidQuantization, "int8 LOGISTIC output scale must be 1/256")
    }
    return LookupTableInt8(
      inputScale: inputScale, inputZeroPoint: inputZeroPoint,
      outputScale: outputScale, outputZeroPoint: outputZeroPoint
    ) { x in 1 / (1 + LibmFloat.exp(-x)) }
  }

  /// The TANH table (TFLite's converter gives the output scale 1/128 and
  /// zero point 0; LiteRT's reference kernel accepts any).
  ///
  /// - Parameters:
  ///   - inputScale: the input's scale; `inputZeroPoint` its zero point.
  ///   - outputScale: the output's scale; `outputZeroPoint` its zero point.
  /// - Throws: `invalidQuantization` for a bad scale or zero point.
  ///
  /// Mirrors `TanhPrepare` (`kReference`, int8) in `tensorflow/lite/kernels/activations.cc`.
  public static func tanh(
    inputScale: Float, inputZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32
  ) throws(GMLError) -> LookupTableInt8 {
    try check(inputScale, inputZeroPoint, outputScale, outputZeroPoint)
    return LookupTableInt8(
      inputScale: inputScale, inputZeroPoint: inputZeroPoint,
      outputScale: outputScale, outputZeroPoint: outputZeroPoint, LibmFloat.tanh)
  }

  /// Positive finite scales and zero points in [-128, 127].
  static func check(
    _ inputScale: Float, _ inputZeroPoint: Int32, _ outputScale: Float, _ outputZeroPoint: Int32
  ) throws(GMLError) {
    try QuantizationInt8.checkScale(inputScale)
    try QuantizationInt8.checkScale(outputScale)
    try QuantizationInt8.checkZeroPoint(inputZeroPoint)
    try QuantizationInt8.checkZeroPoint(outputZeroPoint)
  }
}
