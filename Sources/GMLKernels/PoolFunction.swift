// GMLKernels/PoolFunction.swift — the 2-D pooling ops: one case each, their names; Pool2D holds the window.

/// A 2-D pooling op over a `Pool2D` window. Each case is one `.gml` op
/// code (`schemaName`, as TFLite names the builtin; options
/// `Pool2DOptions`) and one gml-float op (`specName`, attributes
/// `pool_size`, `strides`, `padding`). The converter and the `.tflite`
/// importer handle every case alike; the kernels are `Pool2D`'s
/// (`docs/adding-an-operator.md`).
public enum PoolFunction: OperatorFamily {
  /// The largest value of the window.
  case max
  /// The mean of the window's values on the input (padding not counted).
  case average

  /// The op code's name in `schema/gml.fbs` and TFLite's builtin name: `MAX_POOL_2D`.
  public var schemaName: String {
    switch self {
    case .max: return "MAX_POOL_2D"
    case .average: return "AVERAGE_POOL_2D"
    }
  }

  /// The gml-float op name: `MaxPool2D`.
  public var specName: String {
    switch self {
    case .max: return "MaxPool2D"
    case .average: return "AvgPool2D"
    }
  }
}
