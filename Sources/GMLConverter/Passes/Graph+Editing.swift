// GMLConverter/Passes/Graph+Editing.swift — small graph edits the passes share: rewire, rename, bypass, fresh names.
import GMLFormat

extension Graph {
  /// An error about `node`, placed at the node (`nodes[3]`) and naming it.
  func error(_ node: Node, _ message: String) -> ConversionError {
    ConversionError(
      file: sourceFile, place: node.place, "\(node.op.specName) '\(node.name)': \(message)")
  }

  /// Makes every node that reads `old` read `new` instead (graph outputs
  /// are left alone).
  mutating func replaceUses(of old: String, with new: String) {
    for i in nodes.indices {
      nodes[i].inputs = nodes[i].inputs.map { $0 == old ? new : $0 }
    }
  }

  /// Renames the tensor `old` to `new` everywhere: its entry, its
  /// producer, its readers and the graph outputs. `new` must be unused.
  mutating func renameTensor(_ old: String, to new: String) {
    if var t = tensors.removeValue(forKey: old) {
      t.name = new
      tensors[new] = t
    }
    for i in nodes.indices {
      nodes[i].inputs = nodes[i].inputs.map { $0 == old ? new : $0 }
      nodes[i].outputs = nodes[i].outputs.map { $0 == old ? new : $0 }
    }
    outputs = outputs.map { $0 == old ? new : $0 }
    inputs = inputs.map { $0 == old ? new : $0 }
  }

  /// Removes the node at `index`, whose output holds the same values as its
  /// first input (Identity, Dropout, a Reshape to the same shape), so that
  /// every reader reads the input directly.
  ///
  /// When the output is a graph output its name must survive: the input is
  /// then renamed to it, which needs the input to be a node output that is
  /// not itself a graph output.
  /// - Returns: false (nothing changed) when neither is possible.
  mutating func bypass(nodeAt index: Int) -> Bool {
    let node = nodes[index]
    guard let input = node.inputs.first, let output = node.outputs.first else { return false }
    if !outputs.contains(output) {
      nodes.remove(at: index)
      tensors[output] = nil
      replaceUses(of: output, with: input)
      return true
    }
    guard producerIndex(input) != nil, !outputs.contains(input) else { return false }
    nodes.remove(at: index)
    let kept = tensors[output]
    tensors[output] = nil
    renameTensor(input, to: output)
    if let kept { tensors[output]?.shape = kept.shape }
    return true
  }

  /// Makes `producer` write `output` directly and drops `consumer`, the
  /// single reader of the producer's old output (used when folding or fusing
  /// the consumer into the producer).
  mutating func absorb(consumerAt consumer: Int, intoProducerAt producer: Int) {
    let old = nodes[producer].outputs[0]
    let new = nodes[consumer].outputs[0]
    nodes[producer].outputs[0] = new
    tensors[old] = nil
    nodes.remove(at: consumer)
  }

  /// A tensor name starting with `base` that no tensor or node output uses.
  func freshName(_ base: String) -> String {
    if tensors[base] == nil && producerIndex(base) == nil { return base }
    var n = 1
    while tensors["\(base)_\(n)"] != nil || producerIndex("\(base)_\(n)") != nil { n += 1 }
    return "\(base)_\(n)"
  }

  /// Adds a float32 constant called (a fresh name based on) `base`.
  /// - Returns: the name used.
  mutating func addConstant(_ base: String, shape: [Int], values: [Float]) -> String {
    let name = freshName(base)
    tensors[name] = GraphTensor(name: name, shape: shape, data: values)
    return name
  }

  /// Adds an activation tensor of `shape` called (a fresh name based on) `base`.
  /// - Returns: the name used.
  mutating func addActivation(_ base: String, shape: [Int]) -> String {
    let name = freshName(base)
    tensors[name] = GraphTensor(name: name, shape: shape)
    return name
  }

  /// The shape of `name` (empty when unknown).
  func shape(_ name: String) -> [Int] { tensors[name]?.shape ?? [] }
}

extension Op {
  /// The fused activation of an op that has one, nil otherwise. Every op is
  /// listed (no `default:`), so a new op with an activation cannot be
  /// missed here and in `withActivation`.
  var fusedActivation: ActivationFunction? {
    switch self {
    case .conv2D(let a), .depthwiseConv2D(let a), .transposeConv(let a): return a.activation
    case .dense(let a), .add(let a), .sub(let a), .mul(let a), .div(let a): return a
    case .batchNorm, .layerNorm, .lstm, .gru, .binary, .relu, .relu6, .sigmoid, .tanh, .hardSwish,
      .unary,
      .gelu,
      .matMul, .logSoftmax, .leakyRelu, .prelu, .softmax, .pool2D, .reduce, .reshape, .flatten,
      .concat,
      .pad, .transpose, .tile, .stridedSlice, .gather, .resize, .dropout, .identity:
      return nil
    }
  }

  /// The same op with its fused activation set to `activation` (ops without
  /// one are returned unchanged).
  func withActivation(_ activation: ActivationFunction) -> Op {
    switch self {
    case .conv2D(var a):
      a.activation = activation
      return .conv2D(a)
    case .depthwiseConv2D(var a):
      a.activation = activation
      return .depthwiseConv2D(a)
    case .transposeConv(var a):
      a.activation = activation
      return .transposeConv(a)
    case .dense: return .dense(activation: activation)
    case .add: return .add(activation: activation)
    case .sub: return .sub(activation: activation)
    case .mul: return .mul(activation: activation)
    case .div: return .div(activation: activation)
    case .batchNorm, .layerNorm, .lstm, .gru, .binary, .relu, .relu6, .sigmoid, .tanh, .hardSwish,
      .unary,
      .gelu,
      .matMul, .logSoftmax, .leakyRelu, .prelu, .softmax, .pool2D, .reduce, .reshape, .flatten,
      .concat,
      .pad, .transpose, .tile, .stridedSlice, .gather, .resize, .dropout, .identity:
      return self
    }
  }
}
