// GMLKernels/FullyConnected.swift — FullyConnected parameters and the shape checks made once at prepare.
import GMLCore

/// A dense layer: the input is read as `[rows, inputDepth]` (its element
/// count divided by the weights' second dimension), multiplied by the
/// transpose of `[outputDepth, inputDepth]` weights, plus an optional
/// `[outputDepth]` bias, then the fused activation.
public struct FullyConnected: Equatable, Sendable {
  public let rows: Int
  public let inputDepth: Int
  public let outputDepth: Int
  public let activation: Activation
  /// Whether the op has a bias input.
  public let hasBias: Bool
  /// The output shape: `[rows, outputDepth]`, or the input's leading
  /// dimensions then `outputDepth` when `keepNumDims` was set.
  public let outputShape: Shape

  /// Checks the shapes of a dense layer and derives its output.
  ///
  /// - Parameters:
  ///   - input: any shape whose element count is a multiple of `inputDepth`.
  ///   - weights: `[outputDepth, inputDepth]`.
  ///   - bias: `[outputDepth]`, or nil for none.
  ///   - keepNumDims: keep the input's leading dimensions (then its last
  ///     dimension must be `inputDepth`).
  ///   - activation: the fused activation.
  /// - Throws: `shapeMismatch` when the shapes do not fit.
  public init(
    input: Shape, weights: Shape, bias: Shape?, keepNumDims: Bool = false,
    activation: Activation = .none
  ) throws(GMLError) {
    guard weights.rank == 2, input.rank >= 1 else {
      throw GMLError(.shapeMismatch, "FullyConnected needs [out, in] weights and an input")
    }
    outputDepth = weights.dims[0]
    inputDepth = weights.dims[1]
    let count = try input.elementCount()
    guard inputDepth > 0, count % inputDepth == 0 else {
      throw GMLError(
        .shapeMismatch, "FullyConnected input size is not a multiple of the weights' input depth")
    }
    if let bias, bias.dims != [outputDepth] {
      throw GMLError(.shapeMismatch, "FullyConnected bias must be [output depth]")
    }
    rows = count / inputDepth
    if keepNumDims {
      guard input.dims[input.rank - 1] == inputDepth else {
        throw GMLError(
          .shapeMismatch, "FullyConnected keep_num_dims needs the input's last dim = input depth")
      }
      outputShape = Shape(Array(input.dims.dropLast()) + [outputDepth])
    } else {
      outputShape = Shape([rows, outputDepth])
    }
    self.activation = activation
    hasBias = bias != nil
  }
}
