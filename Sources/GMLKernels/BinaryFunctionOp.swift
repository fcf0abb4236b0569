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

  /// Calls `body(i, a, b)` for every output position `i` in order, with
  /// `a` and `b` the operands' broadcast positions: a run along the last
  /// axis at a time, the outer axes counted like an odometer (no division
  /// per element).
  @inline(__always)
  func forEachElement(count: Int, _ body: (Int, Int, Int) -> Void) {
    let dims = outputShape.dims
    let rank = dims.count
    guard rank > 0 else {
      if count > 0 { body(0, 0, 0) }
      return
    }
    let (inner, lhsStep, rhsStep) = (dims[rank - 1], lhsStrides[rank - 1], rhsStrides[rank - 1])
    guard inner > 0 else { return }
    withUnsafeTemporaryAllocation(of: Int.self, capacity: rank) { digits in
      digits.initialize(repeating: 0)
      var (i, a, b) = (0, 0, 0)
      while i < count {
        var (x, y) = (a, b)
        for _ in 0..<inner {
          body(i, x, y)
          i += 1
          x += lhsStep
          y += rhsStep
        }
        var d = rank - 2
        while d >= 0 {
          digits[d] += 1
          a += lhsStrides[d]
          b += rhsStrides[d]
          if digits[d] < dims[d] { break }
          a -= lhsStrides[d] * dims[d]
          b -= rhsStrides[d] * dims[d]
          digits[d] = 0
          d -= 1
        }
      }
    }
  }
}
