// GMLKernels/MaximumMinimum.swift — MAXIMUM/MINIMUM parameters: NumPy broadcasting checked once at prepare.
import GMLCore

/// The larger (MAXIMUM) or smaller (MINIMUM) of two tensors, element by
/// element, with NumPy broadcasting as `Elementwise`.
public struct MaximumMinimum: Equatable, Sendable {
  /// Whether the op keeps the larger value (else the smaller).
  public let isMaximum: Bool
  /// The broadcast shape of the two operands.
  public let outputShape: Shape
  /// Per output dimension, each operand's stride (0 where it broadcasts).
  let lhsStrides: [Int]
  let rhsStrides: [Int]

  /// Checks that `lhs` and `rhs` broadcast together.
  ///
  /// - Parameters:
  ///   - isMaximum: MAXIMUM, else MINIMUM.
  ///   - lhs: the left operand's shape.
  ///   - rhs: the right operand's shape.
  /// - Throws: `shapeMismatch` when they do not broadcast; `limitExceeded`
  ///   above `Shape.maxRank`.
  public init(isMaximum: Bool, lhs: Shape, rhs: Shape) throws(GMLError) {
    outputShape = try Elementwise.broadcastShape(lhs, rhs)
    lhsStrides = Elementwise.broadcastStrides(lhs, in: outputShape)
    rhsStrides = Elementwise.broadcastStrides(rhs, in: outputShape)
    self.isMaximum = isMaximum
  }

  /// TFLite's `MaximumOp` / `MinimumOp`: `x > y ? x : y` (`x < y ? x : y`),
  /// so a NaN on the left gives the right operand.
  @inline(__always)
  func pick<T: Comparable>(_ x: T, _ y: T) -> T {
    isMaximum ? (x > y ? x : y) : (x < y ? x : y)
  }

  /// Calls `body(i, a, b)` for every output position `i`, with `a` and `b`
  /// the operands' broadcast positions.
  @inline(__always)
  func forEachElement(count: Int, _ body: (Int, Int, Int) -> Void) {
    let dims = outputShape.dims
    for i in 0..<count {
      body(
        i, Strides.offset(of: i, dims: dims, strides: lhsStrides),
        Strides.offset(of: i, dims: dims, strides: rhsStrides))
    }
  }
}
