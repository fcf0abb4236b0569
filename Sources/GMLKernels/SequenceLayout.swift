// GMLKernels/SequenceLayout.swift — what the recurrent kernels share: a batch of sequences, batch- or time-major, and where each step's rows lie.

/// A batch of sequences, batch-major (`[batch, steps, features]`) or
/// time-major (`[steps, batch, features]`): the input and output of the
/// recurrent kernels (LSTM, GRU), whose output has `units` features.
public protocol SequenceLayout {
  var batch: Int { get }
  var steps: Int { get }
  var inputSize: Int { get }
  var units: Int { get }
  var timeMajor: Bool { get }
}

extension SequenceLayout {
  /// The flat index of row `row`, step `t` in a tensor of `width` features.
  @inline(__always)
  func offset(row: Int, step t: Int, width: Int) -> Int {
    (timeMajor ? t * batch + row : row * steps + t) * width
  }

  /// Where step `t` of row `row` reads its input (`x`) and writes its
  /// output (`y`), and where the previous step's output, the state the
  /// step reads, lies (`h`; −1 at the first step).
  @inline(__always)
  func step(row: Int, _ t: Int) -> (x: Int, y: Int, h: Int) {
    (
      offset(row: row, step: t, width: inputSize), offset(row: row, step: t, width: units),
      t == 0 ? -1 : offset(row: row, step: t - 1, width: units)
    )
  }

  /// Input weights `[units, inputSize]` as `[inputSize, units]`, for a
  /// step microkernel that runs short rows across the units.
  func transposeInputWeights(_ w: UnsafeBufferPointer<Int8>, into out: UnsafeMutablePointer<Int8>) {
    for u in 0..<units {
      for k in 0..<inputSize { out[k * units + u] = w[u * inputSize + k] }
    }
  }

  /// One gate's biases with the zero points' terms folded in, for a step
  /// microkernel that sums raw int8 products: `bias − x_zp·ΣW` into
  /// `folded`, `recurrentBias − h_zp·ΣR` (no recurrent bias: 0) into
  /// `recurrentFolded`, in wrapping int32 as TFLite's precomputed ones.
  func foldZeroPoints(
    inputWeights: UnsafeBufferPointer<Int8>, bias: UnsafeBufferPointer<Int32>,
    inputZeroPoint: Int32, recurrentWeights: UnsafeBufferPointer<Int8>,
    recurrentBias: UnsafeBufferPointer<Int32>?, hiddenZeroPoint: Int32,
    into folded: UnsafeMutablePointer<Int32>, _ recurrentFolded: UnsafeMutablePointer<Int32>
  ) {
    guard let r = recurrentWeights.baseAddress else { return }
    let w = inputWeights.baseAddress
    for u in 0..<units {
      let sum = w.map { rowSum($0 + u * inputSize, inputSize) } ?? 0
      folded[u] = bias[u] &- inputZeroPoint &* sum
      let recurrent = rowSum(r + u * units, units)
      recurrentFolded[u] = (recurrentBias?[u] ?? 0) &- hiddenZeroPoint &* recurrent
    }
  }

  /// The wrapping int32 sum of `count` int8 values at `row`: a loop of
  /// pointer reads and wrapping adds, which the compiler vectorizes (an
  /// index computed with trapping arithmetic in the loop kept it scalar:
  /// the fold was 14 % of an LSTM's time).
  @inline(__always)
  private func rowSum(_ row: UnsafePointer<Int8>, _ count: Int) -> Int32 {
    var sum: Int32 = 0
    for k in 0..<count { sum &+= Int32(row[k]) }
    return sum
  }

  /// Whether a step on `microkernel` takes the input weights transposed:
  /// for rows shorter than 32 features, which a SIMD dot product along
  /// the row leaves mostly to its scalar tail.
  func transposesInputWeights(_ microkernel: SequenceLSTMInt8.Microkernel) -> Bool {
    microkernel.transposesShortRows && inputSize < 32
  }
}
