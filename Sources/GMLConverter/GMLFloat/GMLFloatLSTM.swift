// GMLConverter/GMLFloat/GMLFloatLSTM.swift — an LSTM node's [4·units, …] weights split into the .gml op's twelve per-gate constants.

extension Graph {
  /// The gates of an LSTM's stacked weights, in their order (Keras' and
  /// TFLite's).
  static let lstmGates = ["input", "forget", "cell", "output"]

  /// Replaces the inputs of LSTM `node` (x, input_weights `[4·units,
  /// features]`, recurrent_weights `[4·units, units]`, bias? `[4·units]`)
  /// by x and twelve new constants: per gate its input weights, then per
  /// gate its recurrent weights, then per gate its bias (zeros without one),
  /// named `NODE/GATE_input_weights` and so on.
  /// - Parameter inputsField: the node's `"inputs"`, for messages.
  /// - Throws: `ConversionError` at the input that is not a constant of
  ///   the shape the others imply.
  mutating func splitLSTMWeights(_ node: inout Node, inputsField: JSONCursor)
    throws(ConversionError)
  {
    func fail(_ k: Int, _ message: String) -> ConversionError {
      JSONCursor(.null, file: sourceFile, path: "\(inputsField.path)[\(k)]").error(
        "LSTM '\(node.name)': \(message)")
    }
    func constant(_ k: Int) throws(ConversionError) -> GraphTensor {
      guard let t = tensors[node.inputs[k]], t.data != nil else {
        throw fail(k, "input \(k) ('\(node.inputs[k])') must be a constant")
      }
      return t
    }
    let w = try constant(1)
    guard w.shape.count == 2, w.shape[0] >= 4, w.shape[0] % 4 == 0, w.shape[1] >= 1 else {
      throw fail(1, "input_weights must be [4·units, features], got \(w.shape)")
    }
    let units = w.shape[0] / 4
    let r = try constant(2)
    guard r.shape == [4 * units, units] else {
      throw fail(2, "recurrent_weights must be [\(4 * units), \(units)], got \(r.shape)")
    }
    var bias = [Float](repeating: 0, count: 4 * units)
    if node.inputs.count == 4 {
      let b = try constant(3)
      guard b.shape == [4 * units], let data = b.data else {
        throw fail(3, "bias must be [\(4 * units)], got \(b.shape)")
      }
      bias = data
    }
    var inputs = [node.inputs[0]]
    for (what, values, width) in [
      ("input_weights", w.data ?? [], w.shape[1]), ("recurrent_weights", r.data ?? [], units),
      ("bias", bias, 1),
    ] {
      for (g, gate) in Self.lstmGates.enumerated() {
        let rows = Array(values[(g * units * width)..<((g + 1) * units * width)])
        inputs.append(
          addConstant(
            "\(node.name)/\(gate)_\(what)", shape: what == "bias" ? [units] : [units, width],
            values: rows))
      }
    }
    node.inputs = inputs
  }
}
