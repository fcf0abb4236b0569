// GMLKernels/Elementwise.swift — Add/Sub/Mul/Div parameters: NumPy broadcasting checked once at prepare.
import GMLCore

/// ADD, SUB, MUL or DIV of two tensors with NumPy broadcasting, then a
/// fused activation.
///
/// Broadcasting: the shapes are aligned at their last dimension; a missing
/// or size-1 dimension stretches to the other's size (its stride becomes 0).
/// Ranks up to `Shape.maxRank`.
public struct Elementwise: Equatable, Sendable {
  /// The arithmetic of the op.
  public enum Operation: Equatable, Sendable {
    case add
    case sub
    case mul
    /// Its int8 kernel is `DivInt8`, not `ElementwiseInt8`.
    case div
  }

  public let operation: Operation
  public let activation: Activation
  /// The broadcast shape of the two operands.
  public let outputShape: Shape
  /// Per output dimension, the stride of the left operand (0 where it broadcasts).
  let lhsStrides: [Int]
  /// Per output dimension, the stride of the right operand (0 where it broadcasts).
  let rhsStrides: [Int]

  /// Checks that `lhs` and `rhs` broadcast together.
  ///
  /// - Parameters:
  ///   - operation: add, sub, mul or div.
  ///   - lhs: the left operand's shape.
  ///   - rhs: the right operand's shape.
  ///   - activation: the fused activation.
  /// - Throws: `shapeMismatch` when a dimension pair is neither equal nor
  ///   has a 1; `limitExceeded` above `Shape.maxRank`.
  public init(
    _ operation: Operation, lhs: Shape, rhs: Shape, activation: Activation = .none
  ) throws(GMLError) {
    outputShape = try Elementwise.broadcastShape(lhs, rhs)
    lhsStrides = Elementwise.broadcastStrides(lhs, in: outputShape)
    rhsStrides = Elementwise.broadcastStrides(rhs, in: outputShape)
    self.operation = operation
    self.activation = activation
  }

  /// The NumPy broadcast of two shapes.
  /// - Parameters:
  ///   - a: one shape.
  ///   - b: the other.
  /// - Returns: the shape both stretch to.
  /// - Throws: `shapeMismatch` or `limitExceeded`, as `init`.
  public static func broadcastShape(_ a: Shape, _ b: Shape) throws(GMLError) -> Shape {
    let rank = max(a.rank, b.rank)
    if rank > Shape.maxRank { throw GMLError(.limitExceeded, "rank above Shape.maxRank") }
    var dims = [Int](repeating: 1, count: rank)
    for d in 0..<rank {
      let x = d - (rank - a.rank) >= 0 ? a.dims[d - (rank - a.rank)] : 1
      let y = d - (rank - b.rank) >= 0 ? b.dims[d - (rank - b.rank)] : 1
      if x != y && x != 1 && y != 1 {
        throw GMLError(.shapeMismatch, "operand shapes do not broadcast together")
      }
      dims[d] = x == 1 ? y : x
    }
    return Shape(dims)
  }

  /// The strides of `shape` viewed in `output`'s rank, 0 where it broadcasts.
  static func broadcastStrides(_ shape: Shape, in output: Shape) -> [Int] {
    let own = Strides.of(shape)
    let lead = output.rank - shape.rank
    var strides = [Int](repeating: 0, count: output.rank)
    for d in 0..<shape.rank where shape.dims[d] != 1 { strides[lead + d] = own[d] }
    return strides
  }
}
