// GMLKernels/GRUInt8+Reference.swift — portable int8 GRU: Q3.12 gates, an int16 Q0.15 state. Must not allocate.

extension GRUInt8 {
  /// One gate's operands: int8 weights, int32 biases.
  public typealias Gate = GRUGate<Int8, Int32>

  /// Runs the sequence of every row of the batch from a zero state (the
  /// int16 state 0, the int8 one at its zero point).
  ///
  /// - Parameters:
  ///   - input: `batch · steps · inputSize` int8 values.
  ///   - gates: the update, reset and candidate gates' operands.
  ///   - output: `batch · steps · units` int8 values: every step's state
  ///     (not `input`'s memory).
  ///   - scratch: at least `scratchByteCount` bytes, 2-byte aligned.
  public func reference(
    input: UnsafeBufferPointer<Int8>, gates: (Gate, Gate, Gate),
    output: UnsafeMutableBufferPointer<Int8>, scratch: UnsafeMutableRawBufferPointer
  ) {
    assert(
      input.count == batch * steps * inputSize && output.count == batch * steps * units
        && scratch.count >= scratchByteCount, "GRUInt8: sizes")
    let state = scratch.bindMemory(to: Int16.self)
    for row in 0..<batch {
      for u in 0..<units { state[u] = 0 }
      for t in 0..<steps {
        let (x, y, h) = step(row: row, t)
        for u in 0..<units {
          let z = GemmlowpFixedPoint16.logistic(
            Self.saturate(
              recurrent(0, gates.0, u, output, h) &+ Int32(product(0, gates.0, u, input, x))),
            integerBits: 3)
          let r = GemmlowpFixedPoint16.logistic(
            Self.saturate(
              recurrent(1, gates.1, u, output, h) &+ Int32(product(1, gates.1, u, input, x))),
            integerBits: 3)
          let reset = FixedPoint.roundingDivideByPOT(
            Int32(r) * Int32(Self.saturate(recurrent(2, gates.2, u, output, h))), 15)
          let g = GemmlowpFixedPoint16.tanh(
            Self.saturate(Int32(product(2, gates.2, u, input, x)) + reset), integerBits: 3)
          let mixed = Int32(z) * Int32(state[u]) + (32768 - Int32(z)) * Int32(g)
          state[u] = Int16(FixedPoint.roundingDivideByPOT(mixed, 15))
          output[y + u] = FixedPoint.saturateInt8(
            outputMultiplier.apply(Int32(state[u])) &+ hiddenZeroPoint)
        }
      }
    }
  }

  /// The input bias plus `Σ (x − x_zp)·W` of unit `u`, requantized to
  /// Q3.12 and saturated.
  @inline(__always)
  func product(
    _ g: Int, _ operands: Gate, _ u: Int, _ input: UnsafeBufferPointer<Int8>, _ x: Int
  ) -> Int16 {
    var acc = operands.inputBias[u]
    let w = u * inputSize
    for k in 0..<inputSize {
      acc &+= (Int32(input[x + k]) - inputZeroPoint) &* Int32(operands.inputWeights[w + k])
    }
    return Self.saturate(inputMultipliers[g].apply(acc))
  }

  /// The recurrent bias plus (from step 1, `h ≥ 0`) `Σ (h − h_zp)·R` of
  /// unit `u` over the previous step's int8 state at `h`, requantized to
  /// Q3.12, not yet saturated: the update and reset gates add it to the
  /// input's term in wrapping int32 and saturate the sum, as TFLite's LSTM
  /// gates do; the candidate saturates it alone.
  @inline(__always)
  func recurrent(
    _ g: Int, _ operands: Gate, _ u: Int, _ output: UnsafeMutableBufferPointer<Int8>, _ h: Int
  ) -> Int32 {
    var acc = operands.recurrentBias[u]
    if h >= 0 {
      let r = u * units
      for k in 0..<units {
        acc &+= (Int32(output[h + k]) - hiddenZeroPoint) &* Int32(operands.recurrentWeights[r + k])
      }
    }
    return recurrentMultipliers[g].apply(acc)
  }

  /// `x` saturated to int16.
  @inline(__always)
  static func saturate(_ x: Int32) -> Int16 { Int16(min(max(x, -32768), 32767)) }
}
