// GMLKernels/SequenceLSTM+Reference.swift — portable float UNIDIRECTIONAL_SEQUENCE_LSTM, unit by unit. Must not allocate.

extension SequenceLSTM {
  /// One gate's float operands.
  public typealias Gate = LSTMGate<Float, Float>

  /// Runs the sequence of every row of the batch from zero states.
  ///
  /// Per row and step, unit by unit: the four gates, the cell update and
  /// the hidden value (after the gates' sums every step is elementwise, so
  /// going unit by unit is the layer's arithmetic). The previous step's
  /// hidden state is read back from the output.
  ///
  /// - Parameters:
  ///   - input: `batch · steps · inputSize` values.
  ///   - gates: the input, forget, cell and output gates' operands.
  ///   - output: `batch · steps · units` values: every step's hidden
  ///     state (not `input`'s memory).
  ///   - scratch: at least `scratchByteCount` bytes, 4-byte aligned.
  ///   - cellExtent: when given, raised to the largest |c| the cell state
  ///     takes (what a calibrator quantizes the int16 cell state over).
  public func reference(
    input: UnsafeBufferPointer<Float>, gates: (Gate, Gate, Gate, Gate),
    output: UnsafeMutableBufferPointer<Float>, scratch: UnsafeMutableRawBufferPointer,
    cellExtent: UnsafeMutablePointer<Float>? = nil
  ) {
    assert(
      input.count == batch * steps * inputSize && output.count == batch * steps * units
        && scratch.count >= scratchByteCount, "SequenceLSTM: sizes")
    let cell = scratch.bindMemory(to: Float.self)
    var extent: Float = 0
    for row in 0..<batch {
      for u in 0..<units { cell[u] = 0 }
      for t in 0..<steps {
        let (x, y, h) = step(row: row, t)
        for u in 0..<units {
          let i = KernelMath.sigmoid(gate(gates.0, u, input, x, output, h))
          let f = KernelMath.sigmoid(gate(gates.1, u, input, x, output, h))
          let g = activation.apply(gate(gates.2, u, input, x, output, h))
          let o = KernelMath.sigmoid(gate(gates.3, u, input, x, output, h))
          var c = f * cell[u] + i * g
          if cellClip > 0 { c = min(max(c, -cellClip), cellClip) }
          cell[u] = c
          extent = max(extent, abs(c))
          output[y + u] = o * activation.apply(c)
        }
      }
    }
    if let cellExtent { cellExtent.pointee = max(cellExtent.pointee, extent) }
  }

  /// Gate `g`'s sum for unit `u`: the bias, the input row at `x` times
  /// the input weights, and (from step 1, `h ≥ 0`) the hidden state at
  /// `h` times the recurrent weights.
  @inline(__always)
  func gate(
    _ g: Gate, _ u: Int, _ input: UnsafeBufferPointer<Float>, _ x: Int,
    _ output: UnsafeMutableBufferPointer<Float>, _ h: Int
  ) -> Float {
    var sum = g.bias[u]
    let w = u * inputSize
    for k in 0..<inputSize { sum += input[x + k] * g.inputWeights[w + k] }
    if h >= 0 {
      let r = u * units
      for k in 0..<units { sum += output[h + k] * g.recurrentWeights[r + k] }
    }
    return sum
  }
}
