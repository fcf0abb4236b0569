// GMLKernels/ReduceFunction.swift — the reductions over axes: one case each, their names; Mean holds the axes.

/// A reduction over a set of axes (`Mean`'s geometry; options
/// `MeanOptions`: axes, keep_dims). Each case is one `.gml` op code and one
/// gml-float op (attributes `axes`, `keepdims`); the converter and the
/// `.tflite` importer handle every case alike (`docs/adding-an-operator.md`).
public enum ReduceFunction: OperatorFamily {
  /// The mean.
  case mean
  /// The sum.
  case sum
  /// The largest value.
  case max

  public var schemaName: String {
    switch self {
    case .mean: return "MEAN"
    case .sum: return "SUM"
    case .max: return "REDUCE_MAX"
    }
  }

  public var specName: String {
    switch self {
    case .mean: return "Mean"
    case .sum: return "Sum"
    case .max: return "ReduceMax"
    }
  }
}
