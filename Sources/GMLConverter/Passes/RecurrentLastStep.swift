// GMLConverter/Passes/RecurrentLastStep.swift — an LSTM or GRU returning its last step becomes the sequence op, a StridedSlice and a Reshape.

/// Rewrites every LSTM and GRU that returns only its last step
/// (`return_sequences` false) as the `.gml` op, which returns every step, followed by a
/// StridedSlice of the last step and a Reshape to `[batch, units]`: the
/// values Keras' layer returns. Needs shapes (`InferShapes`).
enum RecurrentLastStep {
  /// - Returns: how many LSTMs and GRUs were rewritten.
  @discardableResult
  static func run(_ graph: inout Graph) -> Int {
    var rewritten = 0
    var i = 0
    while i < graph.nodes.count {
      guard var a = graph.nodes[i].op.recurrentAttributes, !a.returnSequences else {
        i += 1
        continue
      }
      let node = graph.nodes[i]
      let x = graph.shape(node.inputs[0])
      let last = graph.shape(node.outputs[0])
      let units = last.count == 2 ? last[1] : 0
      let (steps, batch) = a.timeMajor ? (x[0], x[1]) : (x[1], x[0])
      let sequenceShape = a.timeMajor ? [steps, batch, units] : [batch, steps, units]
      let sequence = graph.addActivation(node.outputs[0] + "/sequence", shape: sequenceShape)
      let step = graph.addActivation(
        node.outputs[0] + "/last_step", shape: a.timeMajor ? [1, batch, units] : [batch, 1, units])
      a.returnSequences = true
      if case .gru = node.op { graph.nodes[i].op = .gru(a) } else { graph.nodes[i].op = .lstm(a) }
      graph.nodes[i].outputs = [sequence]
      let begin = a.timeMajor ? [steps - 1, 0, 0] : [0, steps - 1, 0]
      let end = a.timeMajor ? [steps, batch, units] : [batch, steps, units]
      graph.nodes.insert(
        Node(
          name: node.name + "/last_step",
          op: .stridedSlice(begin: begin, end: end, strides: [1, 1, 1]), inputs: [sequence],
          outputs: [step], place: node.place), at: i + 1)
      graph.nodes.insert(
        Node(
          name: node.name + "/last_state", op: .reshape(shape: [batch, units]),
          inputs: [step], outputs: node.outputs, place: node.place), at: i + 2)
      rewritten += 1
      i += 3
    }
    return rewritten
  }
}
