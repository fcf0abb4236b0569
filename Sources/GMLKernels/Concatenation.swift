// GMLKernels/Concatenation.swift — Concatenation parameters: inputs' extents along the axis, checked at prepare.
import GMLCore

/// Inputs joined along one axis; every other dimension must agree.
public struct Concatenation: Equatable, Sendable {
  /// The product of the dimensions before the axis.
  public let outer: Int
  /// The product of the dimensions after the axis.
  public let inner: Int
  /// Each input's extent along the axis.
  public let axisSizes: [Int]
  /// Each input's first position along the output's axis.
  public let axisOffsets: [Int]
  public let activation: Activation
  public let outputShape: Shape

  /// - Parameters:
  ///   - inputs: the input shapes, in order (at least one).
  ///   - axis: the axis; negative counts from the end.
  ///   - activation: the fused activation.
  /// - Throws: `invalidArgument` for no inputs or an axis outside the rank;
  ///   `shapeMismatch` when ranks or other dimensions differ.
  public init(inputs: [Shape], axis: Int, activation: Activation = .none) throws(GMLError) {
    guard let first = inputs.first else {
      throw GMLError(.invalidArgument, "Concatenation needs at least one input")
    }
    let a = axis < 0 ? axis + first.rank : axis
    guard a >= 0, a < first.rank else {
      throw GMLError(.invalidArgument, "Concatenation axis outside the inputs' rank")
    }
    var sizes: [Int] = []
    var offsets: [Int] = []
    var total = 0
    for shape in inputs {
      guard shape.rank == first.rank else {
        throw GMLError(.shapeMismatch, "Concatenation inputs differ in rank")
      }
      for d in 0..<first.rank where d != a && shape.dims[d] != first.dims[d] {
        throw GMLError(.shapeMismatch, "Concatenation inputs differ off the axis")
      }
      offsets.append(total)
      sizes.append(shape.dims[a])
      total += shape.dims[a]
    }
    var dims = first.dims
    dims[a] = total
    outer = Strides.product(dims, 0..<a)
    inner = Strides.product(dims, a + 1..<dims.count)
    axisSizes = sizes
    axisOffsets = offsets
    self.activation = activation
    outputShape = Shape(dims)
  }

  /// The output's extent along the axis.
  public var outputAxisSize: Int { axisOffsets.last.map { $0 + (axisSizes.last ?? 0) } ?? 0 }
}
