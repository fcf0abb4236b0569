// GMLKernels/UnaryFunction.swift — the elementwise functions of one tensor that no op fuses: one case each, names and float math.

/// An elementwise function of one tensor, without options, that no op
/// fuses (the fusable ones are `Activation`). Each case is one `.gml` op
/// code (`schemaName`, as TFLite names the builtin), one gml-float op
/// (`specName`), one float function (`apply`) and one int8 table
/// (`UnaryFunctionInt8`). The converter, the `.tflite` importer and the
/// runtime handle every case alike, so a new one is a case here, its
/// table in `UnaryFunctionInt8`, and its op code in the schema
/// (`docs/adding-an-operator.md`).
public enum UnaryFunction: OperatorFamily {
  /// x for x ≥ 0, else e^x − 1 (TFLite's ELU: alpha 1).
  case elu
  /// e^x.
  case exp
  /// ln x (NaN below 0, −∞ at 0).
  case log
  /// √x (NaN below 0).
  case sqrt
  /// 1 / √x.
  case rsqrt
  /// |x|.
  case abs
  /// −x.
  case neg

  /// The op code's name in `schema/gml.fbs` and TFLite's builtin name: `ELU`.
  public var schemaName: String {
    switch self {
    case .elu: return "ELU"
    case .exp: return "EXP"
    case .log: return "LOG"
    case .sqrt: return "SQRT"
    case .rsqrt: return "RSQRT"
    case .abs: return "ABS"
    case .neg: return "NEG"
    }
  }

  /// The gml-float op name: `Elu`.
  public var specName: String {
    switch self {
    case .elu: return "Elu"
    case .exp: return "Exp"
    case .log: return "Log"
    case .sqrt: return "Sqrt"
    case .rsqrt: return "Rsqrt"
    case .abs: return "Abs"
    case .neg: return "Neg"
    }
  }

  /// The function of one value, as TFLite's float kernel computes it.
  /// - Parameter x: the input.
  /// - Returns: the output (NaN outside the function's domain).
  @inline(__always)
  public func apply(_ x: Float) -> Float {
    switch self {
    case .elu: return x < 0 ? KernelMath.expm1(x) : x
    case .exp: return KernelMath.exp(x)
    case .log: return KernelMath.log(x)
    case .sqrt: return KernelMath.sqrt(x)
    case .rsqrt: return 1 / KernelMath.sqrt(x)
    case .abs: return x.magnitude
    case .neg: return -x
    }
  }
}
