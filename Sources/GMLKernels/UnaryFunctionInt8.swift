// GMLKernels/UnaryFunctionInt8.swift — each UnaryFunction's int8 table: every entry as LiteRT's int8 kernel computes that input.
import GMLCore

extension LookupTableInt8 {
  /// The int8 table of `function`: entry `q` is what LiteRT's int8 kernel
  /// gives for the input `q`, so a lookup per element is byte-equal to it
  /// whether that kernel tabulates (`LUTPopulate`) or computes each element.
  ///
  /// - ELU, EXP: `LUTPopulate` of `expf(x) − 1` below 0 (else x), `expf(x)`.
  /// - LOG: `LUTPopulate` of `logf(x)`, with the output's lowest value for
  ///   x ≤ 0.
  /// - SQRT: `(int)(sqrtf(x) / output_scale) + output_zero_point`, truncated.
  /// - RSQRT: TFLite's fixed-point inverse square root of `q − zero_point`
  ///   (`GetInvSqrtQuantizedMultiplierExp`), then two requantizations; 127
  ///   at the zero point.
  /// - ABS: `|q − zero_point|`, requantized when the scales differ.
  /// - NEG (gml's own: LiteRT has no int8 NEG): `zero_point − q`, requantized
  ///   as ABS.
  ///
  /// SQRT and RSQRT have no value for inputs below zero: LiteRT stops the
  /// invoke with an error there; these tables give the value at zero.
  ///
  /// - Parameters:
  ///   - function: the function.
  ///   - inputScale: the input's scale; `inputZeroPoint` its zero point.
  ///   - outputScale: the output's scale; `outputZeroPoint` its zero point.
  /// - Throws: `invalidQuantization` for a bad scale or zero point.
  ///
  /// Mirrors `EluPrepare` (`activations.cc`), `exp.cc`, and
  /// `GenericPrepare`, `AbsEvalQuantized`, `LogLUTPrepare`,
  /// `SqrtEvalQuantized`, `RsqrtEvalQuantizedInt8` (`elementwise.cc`) in
  /// `tensorflow/lite/kernels`, int8.
  public init(
    _ function: UnaryFunction, inputScale: Float, inputZeroPoint: Int32, outputScale: Float,
    outputZeroPoint: Int32
  ) throws(GMLError) {
    try LookupTableInt8.check(inputScale, inputZeroPoint, outputScale, outputZeroPoint)
    let (s, z, t, w) = (inputScale, inputZeroPoint, outputScale, outputZeroPoint)
    // One loop for every function, a switch per entry (prepare time): one
    // copy of the code on a Cortex-M, not one specialised loop each.
    let lowest = Float(-128 - w) * t
    let multiplier: QuantizedMultiplier
    switch function {
    case .rsqrt: multiplier = QuantizedMultiplier(1.0 / Double(KernelMath.sqrt(s) * t))
    case .abs, .neg: multiplier = QuantizedMultiplier(Double(s / t))
    case .elu, .exp, .log, .sqrt: multiplier = QuantizedMultiplier(multiplier: 0, shift: 0)
    }
    var table = [Int8](repeating: 0, count: 256)
    for q in Int32(-128)...127 {
      let x = s * Float(q - z)
      let entry: Int32
      switch function {
      case .elu, .exp, .log:
        // LUTPopulate: round(f(x) / output_scale) + zero point, in float.
        let y: Float
        if function == .elu {
          y = x < 0 ? LibmFloat.exp(x) - 1 : x
        } else if function == .exp {
          y = LibmFloat.exp(x)
        } else {
          y = x <= 0 ? lowest : LibmFloat.log(x)
        }
        entry = QuantizationInt8.truncateToInt32((y * (1 / t)).rounded() + Float(w))
      case .sqrt:
        entry = QuantizationInt8.truncateToInt32(KernelMath.sqrt(Swift.max(x, 0)) / t) &+ w
      case .rsqrt:
        let value = Swift.max(q - z, 0)
        if value == 0 {
          entry = 127
        } else {
          let inverse = GemmlowpFixedPoint.inverseSquareRoot(value)
          let shift: Int32 = 20
          let data = QuantizedMultiplier(
            multiplier: inverse.multiplier, shift: inverse.shift + shift
          ).apply(1)
          entry =
            QuantizedMultiplier(multiplier: multiplier.multiplier, shift: multiplier.shift - shift)
            .apply(data) &+ w
        }
      case .abs, .neg:
        let value = function == .abs ? Swift.abs(q - z) : z - q
        entry = (s != t ? multiplier.apply(value) : value) &+ w
      }
      table[Int(UInt8(bitPattern: Int8(q)))] = Int8(Swift.min(Swift.max(entry, -128), 127))
    }
    self.init(table: table)
  }
}
