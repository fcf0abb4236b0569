// GMLKernels/BinaryFunction.swift — the elementwise functions of two tensors without options: one case each, names and float math.

/// An elementwise function of two tensors (NumPy broadcasting), without
/// options or a fused activation. Each case is one `.gml` op code
/// (`schemaName`, as TFLite names the builtin), one gml-float op
/// (`specName`), one float function (`apply`) and one int8 arithmetic
/// (`BinaryFunctionInt8`). The converter, the `.tflite` importer and the
/// runtime handle every case alike, so a new one is a case here, its int8
/// arithmetic in `BinaryFunctionInt8`, and its op code in the schema
/// (`docs/adding-an-operator.md`).
public enum BinaryFunction: OperatorFamily {
  /// The larger: TFLite's `x > y ? x : y`, so a NaN on the left gives y.
  case maximum
  /// The smaller: `x < y ? x : y`.
  case minimum
  /// (x − y)².
  case squaredDifference
  /// x^y (C's `pow`, as TFLite's float POW calls it).
  case pow

  /// The op code's name in `schema/gml.fbs` and TFLite's builtin name: `MAXIMUM`.
  public var schemaName: String {
    switch self {
    case .maximum: return "MAXIMUM"
    case .minimum: return "MINIMUM"
    case .squaredDifference: return "SQUARED_DIFFERENCE"
    case .pow: return "POW"
    }
  }

  /// The gml-float op name: `Maximum`.
  public var specName: String {
    switch self {
    case .maximum: return "Maximum"
    case .minimum: return "Minimum"
    case .squaredDifference: return "SquaredDifference"
    case .pow: return "Pow"
    }
  }

  /// The function of two values, as TFLite's float kernel computes it.
  @inline(__always)
  public func apply(_ x: Float, _ y: Float) -> Float {
    switch self {
    case .maximum: return x > y ? x : y
    case .minimum: return x < y ? x : y
    case .squaredDifference:
      let d = x - y
      return d * d
    case .pow: return LibmFloat.pow(x, y)
    }
  }
}
