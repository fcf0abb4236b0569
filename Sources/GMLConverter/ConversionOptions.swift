// GMLConverter/ConversionOptions.swift — what `gml convert` was asked to do: quantization mode and fusion.

/// How weights and activations are stored in the `.gml` file.
public enum QuantizationMode: String, CaseIterable, Sendable {
  /// float32 weights and activations.
  case none
  /// Full-integer int8, calibrated on samples.
  case int8
  /// int8 weights, float activations.
  case dynamic
  /// float16 weights.
  case float16
}

/// The settings of one conversion.
public struct ConversionOptions: Equatable, Sendable {
  /// The quantization mode; only `.none` is built so far.
  public var quantize: QuantizationMode
  /// Whether to fold and fuse (constants, BatchNorm, Pad, activations,
  /// reshapes). Without it every op stays as it is, except what `.gml`
  /// cannot hold: Dropout and Identity are removed, BatchNorm becomes
  /// Mul + Add, Flatten becomes Reshape.
  public var fuse: Bool
  /// Calibration samples for `.int8` (a `.npy`, `.npz` or folder).
  public var calibration: String?

  /// - Parameters:
  ///   - quantize: the quantization mode (default float32).
  ///   - fuse: whether to fold and fuse (default true).
  ///   - calibration: calibration samples for int8.
  public init(quantize: QuantizationMode = .none, fuse: Bool = true, calibration: String? = nil) {
    self.quantize = quantize
    self.fuse = fuse
    self.calibration = calibration
  }
}
