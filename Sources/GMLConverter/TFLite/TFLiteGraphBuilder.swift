// GMLConverter/TFLite/TFLiteGraphBuilder.swift — a float32 .tflite model as the converter's Graph.
import GMLCore

/// Builds a `Graph` from a float32 TFLite model, one node per operator
/// (plus a Reshape before a flattening FULLY_CONNECTED and an activation
/// node after pooling or concatenation with a fused activation).
///
/// TFLite and gml-float share weight layouts (Conv2D `[out, kh, kw, in]`,
/// DepthwiseConv2D `[1, kh, kw, channels]`, FullyConnected `[out, in]`),
/// so constants are carried over as they are. Integer operands that are
/// attributes in gml-float (axes, paddings, permutations, shapes) become
/// attributes.
struct TFLiteGraphBuilder {
  let model: TFLiteModel
  let file: String
  var graph: Graph
  /// A unique graph name per tensor index.
  let names: [String]

  init(model: TFLiteModel, file: String) {
    self.model = model
    self.file = file
    self.names = TFLiteGraphBuilder.uniqueNames(model.tensors)
    let title = model.name.isEmpty ? Converter.fileName(file) : model.name
    self.graph = Graph(name: title, sourceFile: file)
  }

  /// Tensor names made unique: empty names become `tensor_<index>`, a
  /// repeated name gets `#<index>` appended.
  static func uniqueNames(_ tensors: [TFLiteTensor]) -> [String] {
    var seen = Set<String>()
    var names: [String] = []
    for (i, t) in tensors.enumerated() {
      var name = t.name.isEmpty ? "tensor_\(i)" : t.name
      if seen.contains(name) { name += "#\(i)" }
      seen.insert(name)
      names.append(name)
    }
    return names
  }

  /// Adds the graph inputs and outputs and a node per operator in
  /// `operators`; problems are recorded, not thrown.
  mutating func build(_ operators: [Int], problems: inout TFLiteProblems) {
    for t in model.inputs {
      let type = model.tensors[t].type
      if type != .float32 && type != .int32 {
        let name = type?.schemaName ?? "type \(model.tensors[t].typeCode)"
        problems.add("graph input", TFLiteUnsupported("of type \(name)"), at: -1)
      }
      graph.inputs.append(activation(t))
    }
    for index in operators {
      let op = model.operators[index]
      do throws(TFLiteUnsupported) {
        try add(op, place: model.place(ofOperator: index))
      } catch {
        problems.add(op.opName, error, at: index, origin: model.origin(ofOperator: index))
      }
    }
    graph.outputs = model.outputs.map { names[$0] }
  }

  /// The graph name of activation tensor `t`, adding it on first use
  /// (int32 for token ids, which only Gather reads).
  mutating func activation(_ t: Int) -> String {
    let name = names[t]
    if graph.tensors[name] == nil {
      graph.tensors[name] = GraphTensor(
        name: name, shape: model.tensors[t].shape,
        type: model.tensors[t].type == .int32 ? .int32 : .float32)
    }
    return name
  }

  /// The graph name of operand `t`: a float32 constant or an activation.
  mutating func operand(_ t: Int) throws(TFLiteUnsupported) -> String {
    let tensor = model.tensors[t]
    if tensor.type == .int8 && tensor.data != nil {
      throw TFLiteUnsupported(
        "with int8 weights in a float model: dynamic-range .tflite models are not supported; "
          + "convert the float32 model with --quantize dynamic")
    }
    guard tensor.type == .float32 else {
      throw TFLiteUnsupported("with \(tensor.type?.schemaName ?? "unknown type") tensors")
    }
    guard tensor.data != nil else { return activation(t) }
    let name = names[t]
    if graph.tensors[name] == nil {
      guard let values = floats(tensor) else {
        throw TFLiteUnsupported("constant '\(tensor.name)' whose size does not match its shape")
      }
      graph.tensors[name] = GraphTensor(name: name, shape: tensor.shape, data: values)
    }
    return name
  }

  /// A float32 constant's values.
  func floats(_ tensor: TFLiteTensor) -> [Float]? {
    guard let data = tensor.data, let count = TFLiteIntConstant.elementCount(tensor.shape),
      data.count == count * 4
    else { return nil }
    return LittleEndian.floats(data)
  }

  /// The value of integer constant operand `t`, or a problem naming `role`.
  func integers(_ t: Int, _ role: String) throws(TFLiteUnsupported) -> TFLiteIntConstant {
    guard t >= 0, let c = TFLiteIntConstant(model.tensors[t]) else {
      throw TFLiteUnsupported("\(role) not a constant")
    }
    return c
  }

  /// Appends a node.
  mutating func node(
    _ op: Op, _ inputs: [String], _ output: String, place: String, suffix: String = ""
  ) {
    graph.nodes.append(
      Node(name: output + suffix, op: op, inputs: inputs, outputs: [output], place: place))
  }

  /// A node computing `input` followed by a separate activation, for ops
  /// whose gml-float form has no fused activation.
  mutating func nodeWithActivation(
    _ op: Op, _ inputs: [String], _ output: String, activation raw: Int8, place: String
  ) throws(TFLiteUnsupported) {
    let separate: Op
    switch raw {
    case 0:
      node(op, inputs, output, place: place)
      return
    case 1: separate = .relu
    case 3: separate = .relu6
    case 4: separate = .tanh
    default:
      throw TFLiteUnsupported("fused activation \(TFLiteImporter.activationName(raw))")
    }
    let before = output + "/before_activation"
    node(op, inputs, before, place: place)
    node(separate, [before], output, place: place, suffix: "/activation")
  }
}
