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
  /// The quantization mode.
  public var quantize: QuantizationMode
  /// Whether to fold and fuse (constants, BatchNorm, Pad, activations,
  /// reshapes). Without it every op stays as it is, except what `.gml`
  /// cannot hold: Dropout and Identity are removed, BatchNorm becomes
  /// Mul + Add, Flatten becomes Reshape.
  public var fuse: Bool
  /// Calibration samples for `.int8` (a `.npy`, `.npz` or folder).
  public var calibration: String?
  /// How `.int8` chooses each activation's range.
  public var calibrationMethod: CalibrationMethod
  /// For `.percentile`: the share of values kept in each tail, in percent.
  public var percentile: Double
  /// Whether an `.int8` model's inputs and outputs are float32 or int8.
  public var io: IOType
  /// Node names `.int8` leaves in float32.
  public var keepFloat: Set<String>
  /// Bounds on the model and calibration files read.
  public var limits: ConversionLimits
  /// Whether the stored arena plan lets activations reuse the graph
  /// inputs' bytes once read (used by an interpreter made with
  /// `Interpreter.Options.reusesInputMemory`; others plan their own).
  public var reusesInputMemory: Bool

  /// - Parameters:
  ///   - quantize: the quantization mode (default float32).
  ///   - fuse: whether to fold and fuse (default true).
  ///   - calibration: calibration samples for int8.
  ///   - calibrationMethod: range choice for int8 (default minmax).
  ///   - percentile: for the percentile method (default 99.99).
  ///   - io: int8 model I/O type (default float).
  ///   - keepFloat: nodes left in float32 by int8.
  ///   - limits: file bounds (`ConversionLimits()` by default).
  ///   - reusesInputMemory: store a plan that reuses the inputs' bytes.
  public init(
    quantize: QuantizationMode = .none, fuse: Bool = true, calibration: String? = nil,
    calibrationMethod: CalibrationMethod = .minmax, percentile: Double = 99.99,
    io: IOType = .float, keepFloat: Set<String> = [], limits: ConversionLimits = ConversionLimits(),
    reusesInputMemory: Bool = false
  ) {
    self.quantize = quantize
    self.fuse = fuse
    self.calibration = calibration
    self.calibrationMethod = calibrationMethod
    self.percentile = percentile
    self.io = io
    self.keepFloat = keepFloat
    self.limits = limits
    self.reusesInputMemory = reusesInputMemory
  }
}
