// GMLKernels/ElementwiseInt8+Reference.swift — portable broadcasting Add/Sub/Mul (int8). Must not allocate.
import GMLCore

extension ElementwiseInt8 {
  /// `output[i] = clamp(requantize(lhs[a(i)] ∘ rhs[b(i)]))`, where `a` and
  /// `b` map an output position to each operand's broadcast position.
  ///
  /// ADD/SUB per element: `x = (q1 − zp1) · 2^20`, `y = (q2 − zp2) · 2^20`,
  /// each times its multiplier (double rounding), then `(x ± y)` times the
  /// output multiplier, plus the output zero point. MUL: `(q1 − zp1) ·
  /// (q2 − zp2)` times the output multiplier plus the zero point. Then the
  /// activation clamp.
  ///
  /// - Parameters:
  ///   - lhs: the left operand's elements.
  ///   - rhs: the right operand's elements.
  ///   - output: `outputShape` elements.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/integer_ops/add.h`
  /// (`AddFunc`, `BroadcastAdd6DSlow`), `reference/sub.h`
  /// (`SubElementwise`, `BroadcastQuantSubSlow`) and
  /// `reference/integer_ops/mul.h` (`MulElementwise`, `BroadcastMul6DSlow`).
  public func reference(
    lhs: UnsafeBufferPointer<Int8>, rhs: UnsafeBufferPointer<Int8>,
    output: UnsafeMutableBufferPointer<Int8>
  ) {
    let dims = outputShape.dims
    for i in 0..<output.count {
      let x = lhsOffset + Int32(lhs[Strides.offset(of: i, dims: dims, strides: lhsStrides)])
      let y = rhsOffset + Int32(rhs[Strides.offset(of: i, dims: dims, strides: rhsStrides)])
      let raw: Int32
      switch operation {
      case .add, .sub:
        // MultiplyByQuantizedMultiplierSmallerThanOneExp: the shifts are ≤ 0,
        // where it equals `apply`.
        let scaledX = lhsMultiplier.apply(x << leftShift)
        let scaledY = rhsMultiplier.apply(y << leftShift)
        let combined = operation == .add ? scaledX + scaledY : scaledX - scaledY
        raw = outputMultiplier.apply(combined) + outputOffset
      case .mul:
        // Wraps as the C++ addition does on extreme scales (a product
        // multiplier near 2^30 and a large product), rather than trapping.
        raw = outputMultiplier.apply(x * y) &+ outputOffset
      }
      output[i] = activationRange.clamp(raw)
    }
  }
}
