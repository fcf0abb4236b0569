// GMLKernels/BinaryFunctionOpInt8+Reference.swift — portable broadcasting BinaryFunction (int8). Must not allocate.

extension BinaryFunctionOpInt8 {
  /// `output[i] = f(lhs[a(i)], rhs[b(i)])` in the function's int8
  /// arithmetic, `a` and `b` mapping an output position to each operand's
  /// broadcast position.
  ///
  /// - Parameters:
  ///   - lhs: the left operand's values.
  ///   - rhs: the right operand's values.
  ///   - output: `outputShape` values.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/maximum_minimum.h`
  /// and `reference_integer_ops::BroadcastBinaryFunction4DSlow`.
  public func reference(
    lhs: UnsafeBufferPointer<Int8>, rhs: UnsafeBufferPointer<Int8>,
    output: UnsafeMutableBufferPointer<Int8>
  ) {
    // One loop per arithmetic, so that each inlines its own.
    switch arithmetic {
    case .pick(let isMaximum, let l, let r):
      run(lhs, rhs, output) { BinaryFunctionInt8.pick($0, $1, isMaximum: isMaximum, l, r) }
    case .squaredDifference(let p):
      p.lhsValues.withUnsafeBufferPointer { l in
        p.rhsValues.withUnsafeBufferPointer { r in
          run(lhs, rhs, output) { p.apply($0, $1, lhsValues: l, rhsValues: r) }
        }
      }
    case .power(let p): run(lhs, rhs, output) { p.apply($0, $1) }
    }
  }

  @inline(__always)
  private func run(
    _ lhs: UnsafeBufferPointer<Int8>, _ rhs: UnsafeBufferPointer<Int8>,
    _ output: UnsafeMutableBufferPointer<Int8>, _ f: (Int8, Int8) -> Int8
  ) {
    geometry.forEachElement(count: output.count) { i, a, b in output[i] = f(lhs[a], rhs[b]) }
  }
}
