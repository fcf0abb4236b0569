// GMLKernels/GRU+Reference.swift — portable float GRU (reset_after), unit by unit. Must not allocate.

extension GRU {
  /// One gate's float operands.
  public typealias Gate = GRUGate<Float, Float>

  /// Runs the sequence of every row of the batch from a zero state.
  ///
  /// Per row and step, unit by unit (every gate of a unit reads only the
  /// input and the previous state): the update, reset and candidate gates
  /// and the new state. The previous step's state is read back from the
  /// output, so the kernel needs no scratch.
  ///
  /// - Parameters:
  ///   - input: `batch · steps · inputSize` values.
  ///   - gates: the update, reset and candidate gates' operands.
  ///   - output: `batch · steps · units` values: every step's state (not
  ///     `input`'s memory).
  public func reference(
    input: UnsafeBufferPointer<Float>, gates: (Gate, Gate, Gate),
    output: UnsafeMutableBufferPointer<Float>
  ) {
    assert(
      input.count == batch * steps * inputSize && output.count == batch * steps * units,
      "GRU: sizes")
    for row in 0..<batch {
      for t in 0..<steps {
        let (x, y, h) = step(row: row, t)
        for u in 0..<units {
          let z = KernelMath.sigmoid(
            product(gates.0, u, input, x) + recurrent(gates.0, u, output, h))
          let r = KernelMath.sigmoid(
            product(gates.1, u, input, x) + recurrent(gates.1, u, output, h))
          let g = activation.apply(
            product(gates.2, u, input, x) + r * recurrent(gates.2, u, output, h))
          let previous: Float = h < 0 ? 0 : output[h + u]
          output[y + u] = z * previous + (1 - z) * g
        }
      }
    }
  }

  /// The input bias plus the input row at `x` times the input weights.
  @inline(__always)
  func product(_ g: Gate, _ u: Int, _ input: UnsafeBufferPointer<Float>, _ x: Int) -> Float {
    var sum = g.inputBias[u]
    let w = u * inputSize
    for k in 0..<inputSize { sum += input[x + k] * g.inputWeights[w + k] }
    return sum
  }

  /// The recurrent bias plus (from step 1, `h ≥ 0`) the state at `h` times
  /// the recurrent weights.
  @inline(__always)
  func recurrent(_ g: Gate, _ u: Int, _ output: UnsafeMutableBufferPointer<Float>, _ h: Int)
    -> Float
  {
    var sum = g.recurrentBias[u]
    guard h >= 0 else { return sum }
    let r = u * units
    for k in 0..<units { sum += output[h + k] * g.recurrentWeights[r + k] }
    return sum
  }
}
