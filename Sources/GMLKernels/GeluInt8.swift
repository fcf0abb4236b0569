// GMLKernels/GeluInt8.swift — int8 GELU: the 256-entry table LiteRT's int8 kernel populates at prepare.
import GMLCore

extension LookupTableInt8 {
  /// The int8 GELU table: `LUTPopulate` of `Gelu.apply` (TFLite's
  /// `GeluTransform` or `GeluTransformApproximate`), so a lookup per
  /// element is byte-equal to LiteRT's int8 GELU.
  ///
  /// - Parameters:
  ///   - gelu: exact or approximate.
  ///   - inputScale: the input's scale; `inputZeroPoint` its zero point.
  ///   - outputScale: the output's scale; `outputZeroPoint` its zero point.
  /// - Throws: `invalidQuantization` for a bad scale or zero point.
  ///
  /// Mirrors `GeluPrepare` (int8) in `tensorflow/lite/kernels/gelu.cc`.
  public init(
    _ gelu: Gelu, inputScale: Float, inputZeroPoint: Int32, outputScale: Float,
    outputZeroPoint: Int32
  ) throws(GMLError) {
    try LookupTableInt8.check(inputScale, inputZeroPoint, outputScale, outputZeroPoint)
    self.init(
      inputScale: inputScale, inputZeroPoint: inputZeroPoint, outputScale: outputScale,
      outputZeroPoint: outputZeroPoint, gelu.apply)
  }
}
