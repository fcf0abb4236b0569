// GMLConverter/Passes/InferShapes.swift — computes every activation's shape and checks every op's inputs and attributes.
import GMLCore

/// Gives every node output its static shape, checking on the way that each
/// op's inputs, weights and attributes fit together (gml-float v1 rules).
/// Needs nodes in execution order (`TopologicalSort`). Other passes keep
/// shapes current, and the converter runs this again at the end as a check.
enum InferShapes {
  /// Sets the shape of every node output.
  ///
  /// Every graph input and node output must fit the runtime: rank at most
  /// `Shape.maxRank` and at most 2 GiB − 1 bytes as float32. Checking each
  /// output as it is computed keeps every size the rules multiply within
  /// `Int`, however large the attributes (a chain of Pads, say).
  /// - Throws: `ConversionError` at the node (`nodes[3]`), saying what was
  ///   expected: a wrong input count or rank, a channel or bias mismatch,
  ///   an output window smaller than 1, an axis out of range, an output
  ///   too large to run, and so on.
  static func run(_ graph: inout Graph) throws(ConversionError) {
    for (i, name) in graph.inputs.enumerated() {
      guard let t = graph.tensors[name], !t.shape.isEmpty, t.shape.allSatisfy({ $0 >= 1 }) else {
        throw ConversionError(
          file: graph.sourceFile, place: "inputs[\(i)]",
          "graph input '\(name)' needs a static shape of positive dimensions")
      }
      if let problem = sizeProblem(t.shape) {
        throw ConversionError(
          file: graph.sourceFile, place: "inputs[\(i)]", "graph input '\(name)' \(problem)")
      }
    }
    for node in graph.nodes {
      let check = NodeCheck(graph: graph, node: node)
      guard node.outputs.count == 1 else {
        throw check.fail("expected 1 output, got \(node.outputs.count)")
      }
      try check.integerInputs()
      let shape = try check.outputShape()
      let name = node.outputs[0]
      if let problem = sizeProblem(shape) { throw check.fail("output '\(name)' \(problem)") }
      graph.tensors[name] = GraphTensor(name: name, shape: shape)
    }
  }

  /// Why a tensor of `shape` cannot run, or nil when it can.
  static func sizeProblem(_ shape: [Int]) -> String? {
    if shape.count > Shape.maxRank {
      return "has rank \(shape.count), above the limit of \(Shape.maxRank)"
    }
    if (try? Shape(shape).byteCount(of: .float32)) == nil {
      return "of shape \(Shape(shape)) would take more than \(Int32.max) bytes as float32, "
        + "the most one tensor may hold"
    }
    return nil
  }
}

/// The shape rules of one node.
struct NodeCheck {
  let graph: Graph
  let node: Node

  func fail(_ message: String) -> ConversionError { graph.error(node, message) }

  /// The output shape of the node.
  func outputShape() throws(ConversionError) -> [Int] {
    switch node.op {
    case .conv2D(let a): return try conv(a, depthwise: false)
    case .depthwiseConv2D(let a): return try conv(a, depthwise: true)
    case .transposeConv(let a): return try transposeConv(a)
    case .pool2D(_, let a): return try pool(a)
    case .dense: return try dense()
    case .batchNorm(let epsilon): return try batchNorm(epsilon: epsilon)
    case .layerNorm(let epsilon): return try layerNorm(epsilon: epsilon)
    case .lstm(let a): return try recurrent(a, gates: 4)
    case .gru(let a): return try recurrent(a, gates: 3)
    case .add, .sub, .mul, .div, .binary:
      try arity(2...2)
      return try broadcast(shape(0), shape(1))
    case .prelu:
      try arity(2...2)
      let x = try shape(0)
      guard try broadcast(x, shape(1)) == x else {
        throw fail("alpha \(try shape(1)) does not broadcast onto the input \(x)")
      }
      return x
    case .matMul(let transposeA, let transposeB):
      return try matMul(transposeA: transposeA, transposeB: transposeB)
    case .relu, .relu6, .sigmoid, .tanh, .hardSwish, .unary, .gelu, .leakyRelu, .dropout,
      .identity, .logSoftmax:
      try arity(1...1)
      return try shape(0)
    case .softmax(let axis, _):
      try arity(1...1)
      let x = try shape(0)
      _ = try axisIndex(axis, rank: x.count, "axis")
      return x
    case .reduce(_, let axes, let keepDims): return try mean(axes: axes, keepDims: keepDims)
    case .reshape(let target): return try reshape(target)
    case .flatten:
      try arity(1...1)
      let x = try shape(0, minRank: 1)
      return [x[0], x.dropFirst().reduce(1, *)]
    case .concat(let axis): return try concat(axis: axis)
    case .pad(let paddings, _): return try pad(paddings)
    case .transpose(let perm): return try transpose(perm)
    case .tile(let multiples): return try tile(multiples)
    case .stridedSlice(let begin, let end, let strides):
      return try stridedSlice(begin: begin, end: end, strides: strides)
    case .gather(let axis): return try gather(axis: axis)
    case .resize(let a):
      try arity(1...1)
      let x = try shape(0)
      guard x.count == 4 else { throw fail("input has shape \(x), expected rank 4 (NHWC)") }
      return [x[0], a.height, a.width, x[3]]
    }
  }

  /// Checks the number of inputs.
  func arity(_ range: ClosedRange<Int>) throws(ConversionError) {
    if !range.contains(node.inputs.count) {
      let expected =
        range.count == 1 ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
      throw fail("expected \(expected) inputs, got \(node.inputs.count)")
    }
  }

  /// The shape of input `i`, which must be known and of rank ≥ `minRank`.
  func shape(_ i: Int, minRank: Int = 0) throws(ConversionError) -> [Int] {
    let name = node.inputs[i]
    guard let t = graph.tensors[name] else { throw fail("input '\(name)' has no shape") }
    if t.shape.count < minRank {
      throw fail("input '\(name)' has shape \(t.shape), expected rank \(minRank) or more")
    }
    return t.shape
  }

  /// Input `i`, for `role` (a filter, a bias), of rank `rank` if given; a
  /// constant when `constant` (BatchNorm parameters; weights may be
  /// computed, e.g. by a Transpose that `FoldConstants` folds later).
  func operand(_ i: Int, _ role: String, rank: Int? = nil, constant: Bool = false)
    throws(ConversionError) -> GraphTensor
  {
    let name = node.inputs[i]
    guard let t = graph.tensors[name] else { throw fail("the \(role) '\(name)' has no shape") }
    if constant && !t.isConstant { throw fail("the \(role) '\(name)' must be a constant tensor") }
    if let rank, t.shape.count != rank {
      throw fail("the \(role) '\(name)' must have rank \(rank), got shape \(t.shape)")
    }
    return t
  }

  /// `axis` (negative counts from the end) as an index below `rank`.
  func axisIndex(_ axis: Int, rank: Int, _ what: String) throws(ConversionError) -> Int {
    guard let a = normalizedAxis(axis, rank: rank) else {
      throw fail("\(what) \(axis) is out of range for rank \(rank): expected \(-rank)..<\(rank)")
    }
    return a
  }

  /// NumPy broadcasting of `a` and `b`.
  func broadcast(_ a: [Int], _ b: [Int]) throws(ConversionError) -> [Int] {
    var out: [Int] = []
    for k in stride(from: max(a.count, b.count), through: 1, by: -1) {
      let da = k <= a.count ? a[a.count - k] : 1
      let db = k <= b.count ? b[b.count - k] : 1
      if da != db && da != 1 && db != 1 {
        throw fail(
          "cannot broadcast shapes \(a) and \(b): dimension \(-k) is \(da) vs \(db), expected "
            + "equal sizes or 1")
      }
      out.append(max(da, db))
    }
    return out
  }
}

/// `axis` in `-rank..<rank` as a non-negative index, or nil when out of range.
func normalizedAxis(_ axis: Int, rank: Int) -> Int? {
  let a = axis < 0 ? axis + rank : axis
  return a >= 0 && a < rank ? a : nil
}
