// GMLConverter/GMLFloat/GMLFloatNodes.swift — "nodes": fields, known ops, input and output counts, name clashes.

extension GMLFloatDocument {
  static let nodeKeys = ["name", "op", "inputs", "outputs", "attrs"]

  /// Reads `"nodes"` in file order. Checks what one node can show: its
  /// fields, op, attributes, input count, one output, a name not used by an
  /// earlier node, and an output that is not a constant. Tensors produced
  /// twice, graph inputs produced, and names never defined are left to
  /// `TopologicalSort`, which sees the whole graph.
  /// - Parameter constants: the JSON path of each constant, by name.
  func readNodes(into graph: inout Graph, constants: [String: String]) throws(ConversionError) {
    var nodePlaces: [String: String] = [:]
    let nodes = try root.field("nodes")
    let items = try nodes.elements()
    guard items.count <= limits.maxNodes else {
      throw nodes.error(
        "\(items.count) nodes, above the limit of \(limits.maxNodes) (GMLFloatLimits.maxNodes)")
    }
    for item in items {
      try item.checkKeys(Self.nodeKeys, what: "a node")
      let nameField = try item.field("name")
      let name = try nameField.nonEmptyString("a non-empty node name")
      if let other = nodePlaces[name] {
        throw nameField.error("node name \"\(name)\" is already used by \(other)")
      }
      nodePlaces[name] = item.path
      let opField = try item.field("op")
      let opName = try opField.string()
      guard let spec = GMLFloatOps.table.first(where: { $0.0 == opName })?.1 else {
        let known = GMLFloatOps.table.map(\.0).joined(separator: ", ")
        throw opField.error("unknown op \"\(opName)\"; gml-float v1 has \(known)")
      }
      let inputsField = try item.field("inputs")
      let inputs = try inputsField.stringArray()
      guard spec.inputs.contains(inputs.count) else {
        throw inputsField.error(
          "\(opName) takes \(Self.describe(spec.inputs)) (\(spec.inputNames)), got \(inputs.count)")
      }
      let outputsField = try item.field("outputs")
      let outputs = try outputsField.stringArray()
      guard outputs.count == 1 else {
        throw outputsField.error("\(opName) has exactly one output, got \(outputs.count)")
      }
      if let place = constants[outputs[0]] {
        throw JSONCursor(.null, file: root.file, path: "\(outputsField.path)[0]").error(
          "output \"\(outputs[0])\" is already a constant (\(place)); a constant cannot be produced"
        )
      }
      let attrs =
        try item.optionalField("attrs")
        ?? JSONCursor(.object([]), file: root.file, path: item.path(of: "attrs"))
      try attrs.checkKeys(spec.attributes, what: "\(opName) attributes")
      let op = try GMLFloatOps.op(opName, GMLFloatAttributes(cursor: attrs))
      var node = Node(name: name, op: op, inputs: inputs, outputs: outputs, place: item.path)
      switch op {
      case .lstm: try graph.splitRecurrentWeights(&node, gates: 4, inputsField: inputsField)
      case .gru: try graph.splitRecurrentWeights(&node, gates: 3, inputsField: inputsField)
      default: break
      }
      graph.nodes.append(node)
      if graph.tensors[outputs[0]] == nil {
        graph.tensors[outputs[0]] = GraphTensor(name: outputs[0], shape: [])
      }
    }
  }

  /// `1 input`, `2 or 3 inputs`, `at least 1 input`.
  static func describe(_ range: ClosedRange<Int>) -> String {
    if range.upperBound == Int.max {
      return "at least \(range.lowerBound) input" + (range.lowerBound == 1 ? "" : "s")
    }
    let noun = range.upperBound == 1 ? "input" : "inputs"
    if range.count == 1 { return "\(range.lowerBound) \(noun)" }
    if range.count == 2 { return "\(range.lowerBound) or \(range.upperBound) \(noun)" }
    return "\(range.lowerBound) to \(range.upperBound) \(noun)"
  }
}
