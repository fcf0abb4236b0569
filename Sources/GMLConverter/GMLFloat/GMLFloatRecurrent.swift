// GMLConverter/GMLFloat/GMLFloatRecurrent.swift — an LSTM's or GRU's stacked weights split into the .gml op's twelve per-gate constants.

extension Graph {
  /// The gates of an LSTM's stacked weights, and of a GRU's, in their
  /// order (Keras' and TFLite's).
  static let lstmGates = ["input", "forget", "cell", "output"]
  static let gruGates = ["update", "reset", "candidate"]

  /// Replaces the inputs of LSTM or GRU `node` (x, input_weights
  /// `[gates·units, features]`, recurrent_weights `[gates·units, units]`,
  /// bias?: an LSTM's `[4·units]`, a GRU's `[2, 3·units]`, input then
  /// recurrent) by x and twelve new constants: per gate its input weights,
  /// then per gate its recurrent weights, then the biases (zeros without
  /// one), named `NODE/GATE_input_weights` and so on.
  /// - Parameters:
  ///   - gates: 4 (LSTM) or 3 (GRU).
  ///   - inputsField: the node's `"inputs"`, for messages.
  /// - Throws: `ConversionError` at the input that is not a constant of
  ///   the shape the others imply.
  mutating func splitRecurrentWeights(_ node: inout Node, gates: Int, inputsField: JSONCursor)
    throws(ConversionError)
  {
    let kind = gates == 4 ? "LSTM" : "GRU"
    func fail(_ k: Int, _ message: String) -> ConversionError {
      JSONCursor(.null, file: sourceFile, path: "\(inputsField.path)[\(k)]").error(
        "\(kind) '\(node.name)': \(message)")
    }
    func constant(_ k: Int) throws(ConversionError) -> GraphTensor {
      guard let t = tensors[node.inputs[k]], t.data != nil else {
        throw fail(k, "input \(k) ('\(node.inputs[k])') must be a constant")
      }
      return t
    }
    let w = try constant(1)
    guard w.shape.count == 2, w.shape[0] >= gates, w.shape[0] % gates == 0, w.shape[1] >= 1 else {
      throw fail(1, "input_weights must be [\(gates)·units, features], got \(w.shape)")
    }
    let units = w.shape[0] / gates
    let r = try constant(2)
    guard r.shape == [gates * units, units] else {
      throw fail(2, "recurrent_weights must be [\(gates * units), \(units)], got \(r.shape)")
    }
    let biasShape = gates == 4 ? [4 * units] : [2, 3 * units]
    var bias = [Float](repeating: 0, count: biasShape.reduce(1, *))
    if node.inputs.count == 4 {
      let b = try constant(3)
      guard b.shape == biasShape, let data = b.data else {
        throw fail(3, "bias must be \(biasShape), got \(b.shape)")
      }
      bias = data
    }
    let names = gates == 4 ? Self.lstmGates : Self.gruGates
    // (name, stacked values, columns; nil for a bias' single column).
    var parts: [(String, [Float], Int?)] = [
      ("input_weights", w.data ?? [], w.shape[1]), ("recurrent_weights", r.data ?? [], units),
    ]
    if gates == 4 {
      parts.append(("bias", bias, nil))
    } else {
      parts += [
        ("input_bias", Array(bias[..<(3 * units)]), nil),
        ("recurrent_bias", Array(bias[(3 * units)...]), nil),
      ]
    }
    var inputs = [node.inputs[0]]
    for (what, values, columns) in parts {
      let width = columns ?? 1
      for (g, gate) in names.enumerated() {
        inputs.append(
          addConstant(
            "\(node.name)/\(gate)_\(what)", shape: columns.map { [units, $0] } ?? [units],
            values: Array(values[(g * units * width)..<((g + 1) * units * width)])))
      }
    }
    node.inputs = inputs
  }
}
