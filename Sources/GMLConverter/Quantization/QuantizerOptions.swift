// GMLConverter/Quantization/QuantizerOptions.swift — what full-integer quantization keeps in float: model I/O, named nodes.

/// The element type of a quantized model's inputs and outputs.
public enum IOType: String, CaseIterable, Sendable {
  /// float32, with QUANTIZE/DEQUANTIZE at the edges (the default).
  case float
  /// int8: the caller quantizes inputs and dequantizes outputs.
  case int8
}

/// The settings of `Quantizer.quantize`.
public struct QuantizerOptions: Sendable {
  /// The model's input and output element type.
  public var io: IOType
  /// Node names that stay float32 (float weights), with DEQUANTIZE before
  /// and QUANTIZE after.
  public var keepFloat: Set<String>

  public init(io: IOType = .float, keepFloat: Set<String> = []) {
    self.io = io
    self.keepFloat = keepFloat
  }
}
