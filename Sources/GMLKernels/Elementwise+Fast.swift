// GMLKernels/Elementwise+Fast.swift — Add/Sub/Mul/Div (float) without index arithmetic when one operand is whole and the other repeats: the reference's values bit for bit. Must not allocate.
import GMLCore

extension Elementwise {
  /// How often each operand repeats along the flat output: its period
  /// `P` when its element at output index `i` is `i % P` (P = the output's
  /// count for a whole operand, 1 for a scalar, C for a `[C]` row), or
  /// nil when it broadcasts otherwise.
  private func period(_ strides: [Int]) -> Int? {
    let dims = outputShape.dims
    var period = 1
    var d = dims.count
    // Trailing dimensions read densely…
    while d > 0 && (dims[d - 1] == 1 || strides[d - 1] == period) {
      period *= dims[d - 1]
      d -= 1
    }
    // …then only broadcast ones.
    for k in 0..<d where dims[k] != 1 && strides[k] != 0 { return nil }
    return period
  }

  /// The periods `fast` runs on: one operand whole, the other repeating.
  var fastPeriods: (lhs: Int, rhs: Int)? {
    let count = outputShape.dims.reduce(1, *)
    guard let l = period(lhsStrides), let r = period(rhsStrides), l == count || r == count
    else { return nil }
    return (l, r)
  }

  /// Whether `fast` runs this op: same shapes, a scalar, or a row
  /// repeated along the other operand (a per-channel scale or bias).
  public var hasFastKernel: Bool { fastPeriods != nil }

  /// `reference`'s values, bit for bit (the same operation on the same
  /// pairs, then the same activation: a clamp in the same loop), in flat
  /// loops the compiler vectorizes, for an op with `hasFastKernel`.
  ///
  /// - Parameters: as `reference`.
  public func fast(
    lhs: UnsafeBufferPointer<Float>, rhs: UnsafeBufferPointer<Float>,
    output: UnsafeMutableBufferPointer<Float>
  ) {
    guard let (pl, pr) = fastPeriods, let l = lhs.baseAddress, let r = rhs.baseAddress,
      let y = output.baseAddress
    else { return }
    let n = output.count
    if let (lo, hi) = FloatGEMM.bounds(activation) {
      // A clamp in the same pass: the same max then min on each result.
      switch operation {
      case .add: Elementwise.combine(l, pl, r, pr, y, n) { min(max($0 + $1, lo), hi) }
      case .sub: Elementwise.combine(l, pl, r, pr, y, n) { min(max($0 - $1, lo), hi) }
      case .mul: Elementwise.combine(l, pl, r, pr, y, n) { min(max($0 * $1, lo), hi) }
      case .div: Elementwise.combine(l, pl, r, pr, y, n) { min(max($0 / $1, lo), hi) }
      }
      return
    }
    switch operation {
    case .add: Elementwise.combine(l, pl, r, pr, y, n) { $0 + $1 }
    case .sub: Elementwise.combine(l, pl, r, pr, y, n) { $0 - $1 }
    case .mul: Elementwise.combine(l, pl, r, pr, y, n) { $0 * $1 }
    case .div: Elementwise.combine(l, pl, r, pr, y, n) { $0 / $1 }
    }
    activation.applyFast(to: output)
  }

  /// `y[i] = f(l[i % pl], r[i % pr])` for `i < n`, one of `pl`, `pr`
  /// being `n`: the repeating operand's period as the inner loop.
  @inline(__always)
  private static func combine(
    _ l: UnsafePointer<Float>, _ pl: Int, _ r: UnsafePointer<Float>, _ pr: Int,
    _ y: UnsafeMutablePointer<Float>, _ n: Int, _ f: (Float, Float) -> Float
  ) {
    if pl == n && pr == n {
      for i in 0..<n { y[i] = f(l[i], r[i]) }
    } else if pr == 1 {
      let b = r[0]
      for i in 0..<n { y[i] = f(l[i], b) }
    } else if pl == 1 {
      let a = l[0]
      for i in 0..<n { y[i] = f(a, r[i]) }
    } else if pl == n {
      var base = 0
      while base < n {
        for j in 0..<pr { y[base + j] = f(l[base + j], r[j]) }
        base += pr
      }
    } else {
      var base = 0
      while base < n {
        for j in 0..<pl { y[base + j] = f(l[j], r[base + j]) }
        base += pl
      }
    }
  }
}

extension Activation {
  /// `apply(to:)`'s values bit for bit, a clamp in a loop without a
  /// branch per element (the same `max` then `min`), the others as
  /// `apply(to:)`.
  /// - Parameter values: the elements.
  public func applyFast(to values: UnsafeMutableBufferPointer<Float>) {
    let lo: Float
    let hi: Float
    switch self {
    case .none: return
    case .relu: (lo, hi) = (0, .infinity)
    case .relu6: (lo, hi) = (0, 6)
    case .reluN1To1: (lo, hi) = (-1, 1)
    case .tanh, .sigmoid, .hardSwish:
      apply(to: values)
      return
    }
    for i in values.indices { values[i] = min(max(values[i], lo), hi) }
  }
}
