// GMLKernels/GRU.swift — GRU parameters (float): sizes, layout, candidate activation; the gate operands both kernels read.
import GMLCore

/// A Keras GRU with `reset_after` over a sequence in float32, every row of
/// the batch from a zero state. Per step:
///
///     z = σ(Wz·x + bz + Rz·h + cz)   r = σ(Wr·x + br + Rr·h + cr)
///     g = a(Wh·x + bh + r·(Rh·h + ch))   h = z·h + (1 − z)·g
///
/// with `a` the candidate's activation (tanh in Keras' default).
public struct GRU: SequenceLayout, Equatable, Sendable {
  /// The sequences (rows of the batch), steps and feature sizes.
  public let batch: Int
  public let steps: Int
  public let inputSize: Int
  public let units: Int
  /// Whether the input and output are [time, batch, features].
  public let timeMajor: Bool
  /// The candidate's activation.
  public let activation: Activation

  /// - Parameters:
  ///   - batch, steps, inputSize, units: the sizes, each 1 or more.
  ///   - timeMajor: the layout.
  ///   - activation: the candidate's activation.
  /// - Throws: `invalidArgument` for a size under 1.
  public init(
    batch: Int, steps: Int, inputSize: Int, units: Int, timeMajor: Bool, activation: Activation
  ) throws(GMLError) {
    guard batch >= 1, steps >= 1, inputSize >= 1, units >= 1 else {
      throw GMLError(.invalidArgument, "a GRU's batch, steps, features and units must be 1 or more")
    }
    self.batch = batch
    self.steps = steps
    self.inputSize = inputSize
    self.units = units
    self.timeMajor = timeMajor
    self.activation = activation
  }

}

/// One GRU gate's operands: its input weights (`units · inputSize`),
/// recurrent weights (`units · units`), the bias added to the input's
/// product and the one added to the state's (`units` each), float or
/// quantized.
public struct GRUGate<Weight, Bias> {
  public let inputWeights: UnsafeBufferPointer<Weight>
  public let recurrentWeights: UnsafeBufferPointer<Weight>
  public let inputBias: UnsafeBufferPointer<Bias>
  public let recurrentBias: UnsafeBufferPointer<Bias>

  public init(
    inputWeights: UnsafeBufferPointer<Weight>, recurrentWeights: UnsafeBufferPointer<Weight>,
    inputBias: UnsafeBufferPointer<Bias>, recurrentBias: UnsafeBufferPointer<Bias>
  ) {
    self.inputWeights = inputWeights
    self.recurrentWeights = recurrentWeights
    self.inputBias = inputBias
    self.recurrentBias = recurrentBias
  }
}
