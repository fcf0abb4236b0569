// GMLKernels/BinaryFunctionOp.swift — a BinaryFunction op's parameters: NumPy broadcasting checked once at prepare.
import GMLCore

/// A `BinaryFunction` of two tensors, element by element, with NumPy
/// broadcasting as `Elementwise`.
public struct BinaryFunctionOp: Equatable, Sendable {
  public let function: BinaryFunction
  /// The broadcast shape of the two operands.
  public let outputShape: Shape
  /// Per output dimension, each operand's stride (0 where it broadcasts).
  let lhsStrides: [Int]
  let rhsStrides: [Int]

  /// Checks that `lhs` and `rhs` broadcast together.
  ///
  /// - Parameters:
  ///   - function: the function.
  ///   - lhs: the left operand's shape.
  ///   - rhs: the right operand's shape.
  /// - Throws: `shapeMismatch` when they do not broadcast; `limitExceeded`
  ///   above `Shape.maxRank`.
  public init(_ function: BinaryFunction, lhs: Shape, rhs: Shape) throws(GMLError) {
    outputShape = try Elementwise.broadcastShape(lhs, rhs)
    lhsStrides = Elementwise.broadcastStrides(lhs, in: outputShape)
    rhsStrides = Elementwise.broadcastStrides(rhs, in: outputShape)
    self.function = function
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
