// GMLKernels/Activation.swift — the fused activations, shared by every op that has one.

/// An activation applied to each output element of an op (fused) or as an
/// op of its own (RELU, RELU6, RELU_N1_TO_1, LOGISTIC, TANH, HARD_SWISH).
/// The cases follow the schema's `ActivationFunction`.
public enum Activation: Sendable, Equatable {
  case none
  /// max(x, 0).
  case relu
  /// min(max(x, 0), 6).
  case relu6
  /// min(max(x, -1), 1).
  case reluN1To1
  case tanh
  /// 1 / (1 + e^-x) (TFLite's LOGISTIC).
  case sigmoid
  /// x · relu6(x + 3) / 6.
  case hardSwish

  /// The activation of one value.
  /// - Parameter x: the value before the activation.
  /// - Returns: the activated value.
  @inline(__always)
  public func apply(_ x: Float) -> Float {
    switch self {
    case .none: return x
    case .relu: return max(x, 0)
    case .relu6: return min(max(x, 0), 6)
    case .reluN1To1: return min(max(x, -1), 1)
    case .tanh: return KernelMath.tanh(x)
    case .sigmoid: return KernelMath.sigmoid(x)
    case .hardSwish: return x * min(max(x + 3, 0), 6) / 6
    }
  }

  /// Applies the activation to every element of `values`, in place.
  /// - Parameter values: the elements; unchanged for `.none`.
  public func apply(to values: UnsafeMutableBufferPointer<Float>) {
    if self == .none { return }
    for i in values.indices { values[i] = apply(values[i]) }
  }
}
