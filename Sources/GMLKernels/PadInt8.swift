// GMLKernels/PadInt8.swift — int8 Pad parameters: the float-side geometry and the int8 fill value.
import GMLCore

/// A `Pad` on int8 tensors. Input, output (and a constant, if given) share
/// scale and zero point, so values are copied unchanged; the fill is the
/// output zero point (real 0) unless a quantized constant is given.
public struct PadInt8: Equatable, Sendable {
  /// The checked paddings and output shape.
  public let geometry: Pad
  /// The int8 fill value.
  public let value: Int8

  /// - Parameters:
  ///   - geometry: the checked float-side parameters (its float value is
  ///     ignored).
  ///   - outputZeroPoint: the output zero point.
  ///   - constant: the quantized `constant_values`, or nil for zero.
  /// - Throws: `invalidQuantization` for a zero point outside int8.
  public init(_ geometry: Pad, outputZeroPoint: Int32, constant: Int8? = nil) throws(GMLError) {
    try QuantizationInt8.checkZeroPoint(outputZeroPoint)
    self.geometry = geometry
    value = constant ?? Int8(truncatingIfNeeded: outputZeroPoint)
  }
}
