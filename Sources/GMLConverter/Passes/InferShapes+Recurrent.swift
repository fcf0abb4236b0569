// GMLConverter/Passes/InferShapes+Recurrent.swift — shape rules of the recurrent ops (LSTM, GRU).

extension NodeCheck {
  /// LSTM (4 gates) and GRU (3): x [batch, time, features] (time-major:
  /// [time, batch, features]), per gate constant input weights [units,
  /// features], then per gate recurrent weights [units, units], then the
  /// biases [units] (an LSTM's one per gate, a GRU's input then recurrent
  /// ones); every step's hidden state, or the last step's `[batch, units]`.
  func recurrent(_ a: RecurrentAttributes, gates: Int) throws(ConversionError) -> [Int] {
    try arity(13...13)
    let x = try shape(0)
    guard x.count == 3 else {
      throw fail("input has shape \(x), expected [batch, time, features]")
    }
    let (steps, batch, features) = a.timeMajor ? (x[0], x[1], x[2]) : (x[1], x[0], x[2])
    let units = try operand(1, "input weights", rank: 2, constant: true).shape[0]
    for k in 1...12 {
      let role = k <= gates ? "input weights" : k <= 2 * gates ? "recurrent weights" : "bias"
      let expected = k <= gates ? [units, features] : k <= 2 * gates ? [units, units] : [units]
      let t = try operand(k, role, constant: true)
      guard t.shape == expected else {
        throw fail("the \(role) '\(node.inputs[k])' must be \(expected), got \(t.shape)")
      }
    }
    guard units >= 1 else { throw fail("has no units") }
    guard a.cellClip >= 0, a.cellClip.isFinite else {
      throw fail("cell_clip must be 0 or positive, got \(a.cellClip)")
    }
    guard a.returnSequences else { return [batch, units] }
    return a.timeMajor ? [steps, batch, units] : [batch, steps, units]
  }
}
