// GMLKernels/SequenceLSTM.swift — float UNIDIRECTIONAL_SEQUENCE_LSTM parameters: sizes, layout, cell clip, activation.
import GMLCore

/// An LSTM over a sequence in float32 (Keras' LSTM, TFLite's float
/// UNIDIRECTIONAL_SEQUENCE_LSTM without peepholes, projection or layer
/// norm), every row of the batch from zero states. Per step:
///
///     i = σ(Wi·x + Ri·h + bi)   f = σ(Wf·x + Rf·h + bf)
///     g = a(Wc·x + Rc·h + bc)   o = σ(Wo·x + Ro·h + bo)
///     c = f·c + i·g (clipped to ±cellClip when set)   h = o·a(c)
///
/// with `a` the cell's activation (tanh in Keras' default).
public struct SequenceLSTM: SequenceLayout, Equatable, Sendable {
  /// The sequences (rows of the batch), steps and feature sizes.
  public let batch: Int
  public let steps: Int
  public let inputSize: Int
  public let units: Int
  /// Whether the input and output are [time, batch, features].
  public let timeMajor: Bool
  /// The cell clip (0: none).
  public let cellClip: Float
  /// The cell's candidate and output activation.
  public let activation: Activation

  /// - Parameters:
  ///   - batch, steps, inputSize, units: the sizes, each 1 or more.
  ///   - timeMajor: the layout.
  ///   - cellClip: 0 (none) or positive and finite.
  ///   - activation: the cell's activation.
  /// - Throws: `invalidArgument` for a size under 1 or a bad clip.
  public init(
    batch: Int, steps: Int, inputSize: Int, units: Int, timeMajor: Bool, cellClip: Float,
    activation: Activation
  ) throws(GMLError) {
    guard batch >= 1, steps >= 1, inputSize >= 1, units >= 1 else {
      throw GMLError(
        .invalidArgument, "an LSTM's batch, steps, features and units must be 1 or more")
    }
    guard cellClip >= 0, cellClip.isFinite else {
      throw GMLError(.invalidArgument, "the LSTM cell clip must be 0 or positive")
    }
    self.batch = batch
    self.steps = steps
    self.inputSize = inputSize
    self.units = units
    self.timeMajor = timeMajor
    self.cellClip = cellClip
    self.activation = activation
  }

  /// Bytes of scratch the kernel needs: one row's float cell state.
  public var scratchByteCount: Int { units * 4 }

}

/// One LSTM gate's operands: its input weights (`units · inputSize`),
/// recurrent weights (`units · units`) and bias (`units`), float or
/// quantized.
public struct LSTMGate<Weight, Bias> {
  public let inputWeights: UnsafeBufferPointer<Weight>
  public let recurrentWeights: UnsafeBufferPointer<Weight>
  public let bias: UnsafeBufferPointer<Bias>

  public init(
    inputWeights: UnsafeBufferPointer<Weight>, recurrentWeights: UnsafeBufferPointer<Weight>,
    bias: UnsafeBufferPointer<Bias>
  ) {
    self.inputWeights = inputWeights
    self.recurrentWeights = recurrentWeights
    self.bias = bias
  }
}
