// GMLKernels/SequenceLSTMInt8+Reference.swift — portable int8 UNIDIRECTIONAL_SEQUENCE_LSTM, TFLite's integer steps. Must not allocate.

extension SequenceLSTMInt8 {
  /// One gate's operands: int8 weights, an int32 bias.
  public typealias Gate = LSTMGate<Int8, Int32>

  /// Runs the sequence of every row of the batch from a zero state (hidden
  /// state at its zero point, cell state 0).
  ///
  /// Per row and step, per unit: the four gates, the cell update and the
  /// hidden value, as TFLite's `LstmStepInteger8x8_16` computes them
  /// (after its two matrix products every step is elementwise, so going
  /// unit by unit changes no bit). `Σ (x − x_zp)·W` equals TFLite's
  /// `Σ x·W` plus its precomputed `−x_zp·ΣW` in int32.
  ///
  /// - Parameters:
  ///   - input: `batch · steps · inputSize` int8 values.
  ///   - gates: the input, forget, cell and output gates' operands.
  ///   - output: `batch · steps · units` int8 values: every step's hidden
  ///     state (not `input`'s memory).
  ///   - scratch: at least `scratchByteCount` bytes, 2-byte aligned.
  public func reference(
    input: UnsafeBufferPointer<Int8>, gates: (Gate, Gate, Gate, Gate),
    output: UnsafeMutableBufferPointer<Int8>, scratch: UnsafeMutableRawBufferPointer
  ) {
    assert(
      input.count == batch * steps * inputSize && output.count == batch * steps * units
        && scratch.count >= scratchByteCount, "SequenceLSTMInt8: sizes")
    let cell = scratch.bindMemory(to: Int16.self)
    for row in 0..<batch {
      for u in 0..<units { cell[u] = 0 }
      for t in 0..<steps {
        // The previous step's hidden state is the previous step's output.
        let (x, y, h) = step(row: row, t)
        for u in 0..<units {
          let i = sigmoid(gate(0, gates.0, u, input, x, output, h))
          let f = sigmoid(gate(1, gates.1, u, input, x, output, h))
          let g = GemmlowpFixedPoint16.tanh(
            gate(2, gates.2, u, input, x, output, h), integerBits: 3)
          let o = sigmoid(gate(3, gates.3, u, input, x, output, h))
          cell[u] = updatedCell(cell[u], input: i, forget: f, candidate: g)
          let tanhCell = GemmlowpFixedPoint16.tanh(cell[u], integerBits: 15 + cellScaleLog2)
          let hidden = hiddenMultiplier.apply(Int32(o) * Int32(tanhCell)) &+ hiddenZeroPoint
          output[y + u] = FixedPoint.saturateInt8(hidden)
        }
      }
    }
  }

  /// Gate `g` of unit `u` before its activation, Q3.12: the input product
  /// requantized and saturated, then the recurrent one (none at the first
  /// step, `h < 0`) requantized and added with saturation, as TFLite's
  /// `MatrixBatchVectorMultiplyAccumulate` accumulates the two into int16.
  @inline(__always)
  func gate(
    _ g: Int, _ operands: Gate, _ u: Int, _ input: UnsafeBufferPointer<Int8>, _ x: Int,
    _ output: UnsafeMutableBufferPointer<Int8>, _ h: Int
  ) -> Int16 {
    var acc = operands.bias[u]
    let w = u * inputSize
    for k in 0..<inputSize {
      acc &+= (Int32(input[x + k]) - inputZeroPoint) &* Int32(operands.inputWeights[w + k])
    }
    var value = min(max(inputMultipliers[g].apply(acc), -32768), 32767)
    if h >= 0 {
      var recurrent: Int32 = 0
      let r = u * units
      for k in 0..<units {
        recurrent &+=
          (Int32(output[h + k]) - hiddenZeroPoint) &* Int32(operands.recurrentWeights[r + k])
      }
      // A saturated multiplier can take the sum past Int32: it wraps, as
      // TFLite's int32 add does on x86-64 and Arm.
      value = min(max(recurrentMultipliers[g].apply(recurrent) &+ value, -32768), 32767)
    }
    return Int16(value)
  }

  /// The gate activation of Q3.12 values, Q0.15.
  @inline(__always)
  func sigmoid(_ x: Int16) -> Int16 { GemmlowpFixedPoint16.logistic(x, integerBits: 3) }

  /// `f·c + i·g` as TFLite's `UpdateLstmCellInteger`: `f·c` (Q0.15 times
  /// the cell) rounded by 2^15, `i·g` (Q0.15 × Q0.15) rounded to the
  /// cell's scale, each truncated to int16, their sum saturated, then
  /// clipped.
  @inline(__always)
  func updatedCell(_ c: Int16, input i: Int16, forget f: Int16, candidate g: Int16) -> Int16 {
    let kept = Int16(truncatingIfNeeded: FixedPoint.roundingDivideByPOT(Int32(f) * Int32(c), 15))
    let added = Int16(
      truncatingIfNeeded: FixedPoint.roundingDivideByPOT(Int32(i) * Int32(g), 30 + cellScaleLog2))
    var sum = min(max(Int32(kept) + Int32(added), -32768), 32767)
    if cellClip > 0 { sum = min(max(sum, -Int32(cellClip)), Int32(cellClip)) }
    return Int16(sum)
  }
}
