// GMLKernels/Elementwise+Reference.swift — portable broadcasting Add/Sub/Mul/Div (float). Must not allocate.
import GMLCore

extension Elementwise {
  /// `output[i] = activation(lhs[a(i)] ∘ rhs[b(i)])`, where `a` and `b`
  /// map an output position to each operand's broadcast position.
  ///
  /// - Parameters:
  ///   - lhs: the left operand's elements.
  ///   - rhs: the right operand's elements.
  ///   - output: `outputShape` elements.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/add.h`
  /// (`BroadcastAdd6DSlow`; `sub.h`, `mul.h` and `div.h` likewise).
  public func reference(
    lhs: UnsafeBufferPointer<Float>, rhs: UnsafeBufferPointer<Float>,
    output: UnsafeMutableBufferPointer<Float>
  ) {
    let dims = outputShape.dims
    for i in 0..<output.count {
      let x = lhs[Strides.offset(of: i, dims: dims, strides: lhsStrides)]
      let y = rhs[Strides.offset(of: i, dims: dims, strides: rhsStrides)]
      let value: Float
      switch operation {
      case .add: value = x + y
      case .sub: value = x - y
      case .mul: value = x * y
      case .div: value = x / y
      }
      output[i] = activation.apply(value)
    }
  }
}
