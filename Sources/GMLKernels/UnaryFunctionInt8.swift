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
    switch function {
    case .elu:
      self.init(inputScale: s, inputZeroPoint: z, outputScale: t, outputZeroPoint: w) { x in
        x < 0 ? LibmFloat.exp(x) - 1 : x
      }
    case .exp:
      self.init(inputScale: s, inputZeroPoint: z, outputScale: t, outputZeroPoint: w) { x in
        LibmFloat.exp(x)
      }
    case .log:
      let lowest = Float(-128 - w) * t
      self.init(inputScale: s, inputZeroPoint: z, outputScale: t, outputZeroPoint: w) { x in
        x <= 0 ? lowest : LibmFloat.log(x)
      }
    case .sqrt:
      self.init { q in
        let x = Swift.max(s * Float(q - z), 0)
        return QuantizationInt8.truncateToInt32(KernelMath.sqrt(x) / t) &+ w
      }
    case .rsqrt:
      let multiplier = QuantizedMultiplier(1.0 / Double(KernelMath.sqrt(s) * t))
      self.init { q in
        let value = Swift.max(q - z, 0)
        if value == 0 { return 127 }
        let inverse = GemmlowpFixedPoint.inverseSquareRoot(value)
        let shift: Int32 = 20
        let data = QuantizedMultiplier(multiplier: inverse.multiplier, shift: inverse.shift + shift)
          .apply(1)
        let scaled = QuantizedMultiplier(
          multiplier: multiplier.multiplier, shift: multiplier.shift - shift)
        return scaled.apply(data) &+ w
      }
    case .abs:
      let rescale = s != t ? QuantizedMultiplier(Double(s / t)) : nil
      self.init { q in
        let value = Swift.abs(q - z)
        return (rescale?.apply(value) ?? value) &+ w
      }
    }
  }

  /// Tabulates an integer function: entry `q` is `entry(q)` clamped to int8.
  init(_ entry: (Int32) -> Int32) {
    var table = [Int8](repeating: 0, count: 256)
    for q in Int32(-128)...127 {
      table[Int(UInt8(bitPattern: Int8(q)))] = Int8(Swift.min(Swift.max(entry(q), -128), 127))
    }
    self.init(table: table)
  }
}
