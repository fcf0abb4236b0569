// GMLKernels/GRUInt8+Fast.swift — int8 GRU on a C step microkernel (the LSTM's family): zero points folded into the biases once per invoke. Must not allocate.
import CGMLMicrokernels

extension GRUInt8 {
  /// Scratch bytes `fast` needs with `microkernel`: six int32 bias
  /// vectors, the step's scratch (`GML_QS8_LSTM_SCRATCH`), the int16
  /// state, the first step's state (the zero point, `units` bytes rounded
  /// to 4), and for short input rows the three input weights transposed.
  public func fastScratchByteCount(_ microkernel: SequenceLSTMInt8.Microkernel) -> Int {
    units * (6 * 4 + 14 + 2) + (units + 3) / 4 * 4
      + (transposesInputWeights(microkernel) ? 3 * inputSize * units : 0)
  }

  /// The reference's bytes: per invoke, each gate's biases with the zero
  /// points' terms folded in (`bias − x_zp·ΣW`, `c − h_zp·ΣR`, wrapping
  /// int32), then one microkernel call per row and step; the first step
  /// reads a state of zero points, whose products the folded biases cancel.
  ///
  /// - Parameters: as `reference`, with `scratch` of at least
  ///   `fastScratchByteCount(microkernel)` bytes, 4-byte aligned, and a
  ///   supported `microkernel` (`FastKernelSet.sequenceLSTM`).
  public func fast(
    input: UnsafeBufferPointer<Int8>, gates: (Gate, Gate, Gate),
    output: UnsafeMutableBufferPointer<Int8>, scratch: UnsafeMutableRawBufferPointer,
    microkernel: SequenceLSTMInt8.Microkernel
  ) {
    assert(
      input.count == batch * steps * inputSize && output.count == batch * steps * units
        && scratch.count >= fastScratchByteCount(microkernel), "GRUInt8.fast: sizes")
    guard let base = scratch.baseAddress, let y = output.baseAddress else { return }
    // No input features: no input to point at; the reference's loops need none.
    guard let x = input.baseAddress else {
      return reference(input: input, gates: gates, output: output, scratch: scratch)
    }
    let n = units
    let biases = base.bindMemory(to: Int32.self, capacity: 6 * n)
    let stepScratch = base + 24 * n
    let state = (stepScratch + 14 * n).bindMemory(to: Int16.self, capacity: n)
    let zeroState = (stepScratch + 16 * n).bindMemory(to: Int8.self, capacity: n)
    for u in 0..<n { zeroState[u] = Int8(truncatingIfNeeded: hiddenZeroPoint) }
    fold(gates.0, into: biases, biases + 3 * n)
    fold(gates.1, into: biases + n, biases + 4 * n)
    fold(gates.2, into: biases + 2 * n, biases + 5 * n)
    var t: (UnsafePointer<Int8>?, UnsafePointer<Int8>?, UnsafePointer<Int8>?, UnsafePointer<Int8>?)
    if transposesInputWeights(microkernel) {
      let size = inputSize * n
      let w = (stepScratch + 16 * n + (n + 3) / 4 * 4).bindMemory(to: Int8.self, capacity: 3 * size)
      transposeInputWeights(gates.0.inputWeights, into: w)
      transposeInputWeights(gates.1.inputWeights, into: w + size)
      transposeInputWeights(gates.2.inputWeights, into: w + 2 * size)
      t = (UnsafePointer(w), UnsafePointer(w + size), UnsafePointer(w + 2 * size), nil)
    }
    let (i, r, b) = (inputMultipliers, recurrentMultipliers, UnsafePointer(biases))
    var p = gml_qs8_lstm_params(
      units: n, input_size: inputSize,
      input_weights: (
        gates.0.inputWeights.baseAddress, gates.1.inputWeights.baseAddress,
        gates.2.inputWeights.baseAddress, nil
      ),
      input_weights_t: t,
      recurrent_weights: (
        gates.0.recurrentWeights.baseAddress, gates.1.recurrentWeights.baseAddress,
        gates.2.recurrentWeights.baseAddress, nil
      ),
      input_bias: (b, b + n, b + 2 * n, nil),
      recurrent_bias: (b + 3 * n, b + 4 * n, b + 5 * n, nil),
      input_multiplier: (i[0].multiplier, i[1].multiplier, i[2].multiplier, 0),
      input_left: (i[0].left, i[1].left, i[2].left, 0),
      input_right: (i[0].right, i[1].right, i[2].right, 0),
      recurrent_multiplier: (r[0].multiplier, r[1].multiplier, r[2].multiplier, 0),
      recurrent_left: (r[0].left, r[1].left, r[2].left, 0),
      recurrent_right: (r[0].right, r[1].right, r[2].right, 0),
      hidden_multiplier: outputMultiplier.multiplier, hidden_left: outputMultiplier.left,
      hidden_right: outputMultiplier.right, hidden_zero_point: hiddenZeroPoint,
      cell_scale_log2: -15, cell_clip: 0)
    withUnsafePointer(to: &p) { params in
      for row in 0..<batch {
        for u in 0..<n { state[u] = 0 }
        for t in 0..<steps {
          let at = step(row: row, t)
          let h = at.h < 0 ? UnsafePointer(zeroState) : UnsafePointer(y + at.h)
          microkernel.gru(params, x + at.x, h, state, y + at.y, stepScratch)
        }
      }
    }
  }

  /// `bias − x_zp·ΣW` into `inputBias`, `c − h_zp·ΣR` into `recurrentBias`.
  private func fold(
    _ operands: Gate, into inputBias: UnsafeMutablePointer<Int32>,
    _ recurrentBias: UnsafeMutablePointer<Int32>
  ) {
    foldZeroPoints(
      inputWeights: operands.inputWeights, bias: operands.inputBias,
      inputZeroPoint: inputZeroPoint, recurrentWeights: operands.recurrentWeights,
      recurrentBias: operands.recurrentBias, hiddenZeroPoint: hiddenZeroPoint, into: inputBias,
      recurrentBias)
  }
}
