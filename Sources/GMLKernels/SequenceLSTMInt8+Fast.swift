// GMLKernels/SequenceLSTMInt8+Fast.swift — int8 UNIDIRECTIONAL_SEQUENCE_LSTM on a C step microkernel: zero points folded into the biases once per invoke. Must not allocate.
import CGMLMicrokernels

extension SequenceLSTMInt8 {
  /// The C recurrent step microkernels of one target (`gml_lstm.h`): the
  /// LSTM's and the GRU's (`GRUInt8.fast`).
  public struct Microkernel: @unchecked Sendable {
    /// The C name without its `gml_qs8_lstm_step` prefix: `portable`, `avx2`.
    public let name: StaticString
    /// What the CPU needs to run it.
    public let isa: ISATier
    let kernel: gml_qs8_lstm_step_fn
    let gru: gml_qs8_lstm_step_fn
    /// Whether it takes short input rows transposed (SIMD: across the
    /// units); the DSP one keeps them as rows for SMLAD.
    let transposesShortRows: Bool

    /// Whether this CPU runs it.
    public var isSupported: Bool { isa.isSupported }
  }

  /// Portable C; the compiler vectorizes it where the target has SIMD
  /// (SSE2, NEON).
  public static let microkernelPortable = Microkernel(
    name: "portable", isa: .portable, kernel: gml_qs8_lstm_step, gru: gml_qs8_gru_step,
    transposesShortRows: true)
  #if arch(x86_64)
    /// The same C compiled for AVX2.
    public static let microkernelAvx2 = Microkernel(
      name: "avx2", isa: .avx2, kernel: gml_qs8_lstm_step_avx2, gru: gml_qs8_gru_step_avx2,
      transposesShortRows: true)
  #endif
  /// The gates' dot products on the Cortex-M DSP extension (SMLAD); on
  /// other targets the same arithmetic in C, for tests.
  public static let microkernelDSP = Microkernel(
    name: "dsp", isa: .dsp, kernel: gml_qs8_lstm_step_dsp, gru: gml_qs8_gru_step_dsp,
    transposesShortRows: false)

  /// Scratch bytes `fast` needs with `microkernel`: eight int32 bias
  /// vectors, the step's scratch (`GML_QS8_LSTM_SCRATCH`: an int32 and
  /// five int16 vectors), the int16 cell state, and for short input rows
  /// the four input weights transposed.
  public func fastScratchByteCount(_ microkernel: Microkernel) -> Int {
    units * (8 * 4 + 14 + 2) + (transposesInputWeights(microkernel) ? 4 * inputSize * units : 0)
  }

  /// The reference's bytes: per invoke, each gate's biases with the zero
  /// points' terms folded in (`bias − x_zp·ΣW`, `−h_zp·ΣR`, in wrapping
  /// int32 as TFLite's precomputed ones), then one microkernel call per
  /// row and step.
  ///
  /// - Parameters: as `reference`, with `scratch` of at least
  ///   `fastScratchByteCount(microkernel)` bytes, 4-byte aligned, and a supported
  ///   `microkernel` (`FastKernelSet.sequenceLSTM`).
  public func fast(
    input: UnsafeBufferPointer<Int8>, gates: (Gate, Gate, Gate, Gate),
    output: UnsafeMutableBufferPointer<Int8>, scratch: UnsafeMutableRawBufferPointer,
    microkernel: Microkernel
  ) {
    assert(
      input.count == batch * steps * inputSize && output.count == batch * steps * units
        && scratch.count >= fastScratchByteCount(microkernel), "SequenceLSTMInt8.fast: sizes")
    guard units > 0, steps > 0, batch > 0, let base = scratch.baseAddress,
      let y = output.baseAddress
    else { return }
    // No input features: no input to point at; the reference's loops need none.
    guard let x = input.baseAddress else {
      return reference(input: input, gates: gates, output: output, scratch: scratch)
    }
    let biases = base.bindMemory(to: Int32.self, capacity: 8 * units)
    let stepScratch = base + 32 * units
    let cell = (stepScratch + 14 * units).bindMemory(to: Int16.self, capacity: units)
    let b = UnsafePointer(biases)
    let n = units
    fold(gates.0, into: biases, biases + 4 * n)
    fold(gates.1, into: biases + n, biases + 5 * n)
    fold(gates.2, into: biases + 2 * n, biases + 6 * n)
    fold(gates.3, into: biases + 3 * n, biases + 7 * n)
    var t: (UnsafePointer<Int8>?, UnsafePointer<Int8>?, UnsafePointer<Int8>?, UnsafePointer<Int8>?)
    if transposesInputWeights(microkernel) {
      let size = inputSize * n
      let w = (stepScratch + 16 * n).bindMemory(to: Int8.self, capacity: 4 * size)
      transposeInputWeights(gates.0.inputWeights, into: w)
      transposeInputWeights(gates.1.inputWeights, into: w + size)
      transposeInputWeights(gates.2.inputWeights, into: w + 2 * size)
      transposeInputWeights(gates.3.inputWeights, into: w + 3 * size)
      t = (
        UnsafePointer(w), UnsafePointer(w + size), UnsafePointer(w + 2 * size),
        UnsafePointer(w + 3 * size)
      )
    }
    let (i, r) = (inputMultipliers, recurrentMultipliers)
    var p = gml_qs8_lstm_params(
      units: n, input_size: inputSize,
      input_weights: (
        gates.0.inputWeights.baseAddress, gates.1.inputWeights.baseAddress,
        gates.2.inputWeights.baseAddress, gates.3.inputWeights.baseAddress
      ),
      input_weights_t: t,
      recurrent_weights: (
        gates.0.recurrentWeights.baseAddress, gates.1.recurrentWeights.baseAddress,
        gates.2.recurrentWeights.baseAddress, gates.3.recurrentWeights.baseAddress
      ),
      input_bias: (b, b + n, b + 2 * n, b + 3 * n),
      recurrent_bias: (b + 4 * n, b + 5 * n, b + 6 * n, b + 7 * n),
      input_multiplier: (i[0].multiplier, i[1].multiplier, i[2].multiplier, i[3].multiplier),
      input_left: (i[0].left, i[1].left, i[2].left, i[3].left),
      input_right: (i[0].right, i[1].right, i[2].right, i[3].right),
      recurrent_multiplier: (
        r[0].multiplier, r[1].multiplier, r[2].multiplier, r[3].multiplier
      ),
      recurrent_left: (r[0].left, r[1].left, r[2].left, r[3].left),
      recurrent_right: (r[0].right, r[1].right, r[2].right, r[3].right),
      hidden_multiplier: hiddenMultiplier.multiplier, hidden_left: hiddenMultiplier.left,
      hidden_right: hiddenMultiplier.right, hidden_zero_point: hiddenZeroPoint,
      cell_scale_log2: Int32(cellScaleLog2), cell_clip: Int32(cellClip))
    withUnsafePointer(to: &p) { params in
      for row in 0..<batch {
        for u in 0..<units { cell[u] = 0 }
        for t in 0..<steps {
          let at = step(row: row, t)
          microkernel.kernel(
            params, x + at.x, at.h < 0 ? nil : UnsafePointer(y + at.h), cell, y + at.y,
            stepScratch)
        }
      }
    }
  }

  /// A gate's biases with the zero points' terms folded in:
  /// `bias − x_zp·ΣW` into `inputBias`, `−h_zp·ΣR` into `recurrentBias`.
  private func fold(
    _ operands: Gate, into inputBias: UnsafeMutablePointer<Int32>,
    _ recurrentBias: UnsafeMutablePointer<Int32>
  ) {
    foldZeroPoints(
      inputWeights: operands.inputWeights, bias: operands.bias, inputZeroPoint: inputZeroPoint,
      recurrentWeights: operands.recurrentWeights, recurrentBias: nil,
      hiddenZeroPoint: hiddenZeroPoint, into: inputBias, recurrentBias)
  }
}

extension QuantizedMultiplier {
  /// The left shift (0 for a right-shifting multiplier).
  var left: Int32 { max(shift, 0) }
  /// The right shift (0 for a left-shifting multiplier).
  var right: Int32 { max(-shift, 0) }
}
