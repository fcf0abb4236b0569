// GMLConverter/GMLFloat/GMLFloatOps.swift — the v1 operator table: input counts, attribute keys, attrs to Op.
import GMLCore
import GMLFormat
import GMLKernels

/// What the spec's operator table says about one op.
struct GMLFloatOpSpec {
  /// Accepted input counts.
  var inputs: ClosedRange<Int>
  /// The inputs as the spec lists them, for messages.
  var inputNames: String
  /// The attribute keys the op takes.
  var attributes: [String]
}

enum GMLFloatOps {
  static let conv = ["strides", "padding", "dilations", "activation"]
  static let pool = ["pool_size", "strides", "padding"]
  static let resize = GMLFloatOpSpec(
    inputs: 1...1, inputNames: "x", attributes: ["size", "align_corners", "half_pixel_centers"])
  static let unary = GMLFloatOpSpec(inputs: 1...1, inputNames: "x", attributes: [])
  static let binary = GMLFloatOpSpec(inputs: 2...2, inputNames: "a, b", attributes: ["activation"])
  static let binaryFunction = GMLFloatOpSpec(inputs: 2...2, inputNames: "a, b", attributes: [])

  /// Every v1 op by its spec name: the spec table's order, then the rows of
  /// the op families (`UnaryFunction`, `BinaryFunction`, `PoolFunction`,
  /// `ReduceFunction`).
  static let table: [(String, GMLFloatOpSpec)] =
    [
      ("Conv2D", GMLFloatOpSpec(inputs: 2...3, inputNames: "x, filter, bias?", attributes: conv)),
      (
        "DepthwiseConv2D",
        GMLFloatOpSpec(
          inputs: 2...3, inputNames: "x, filter, bias?", attributes: conv + ["depth_multiplier"])
      ),
      (
        "Conv2DTranspose",
        GMLFloatOpSpec(inputs: 2...3, inputNames: "x, filter, bias?", attributes: conv)
      ),
      (
        "Dense",
        GMLFloatOpSpec(inputs: 2...3, inputNames: "x, weights, bias?", attributes: ["activation"])
      ),
      (
        "BatchNorm",
        GMLFloatOpSpec(
          inputs: 5...5, inputNames: "x, gamma, beta, mean, variance", attributes: ["epsilon"])
      ),
      (
        "LayerNorm",
        GMLFloatOpSpec(inputs: 3...3, inputNames: "x, gamma, beta", attributes: ["epsilon"])
      ),
      (
        "LSTM",
        GMLFloatOpSpec(
          inputs: 3...4, inputNames: "x, input_weights, recurrent_weights, bias?",
          attributes: ["return_sequences", "activation", "cell_clip"])
      ),
      (
        "GRU",
        GMLFloatOpSpec(
          inputs: 3...4, inputNames: "x, input_weights, recurrent_weights, bias?",
          attributes: ["return_sequences", "activation"])
      ),
      ("Add", binary), ("Sub", binary), ("Mul", binary), ("Div", binary),
      ("Relu", unary), ("Relu6", unary), ("Sigmoid", unary), ("Tanh", unary), ("HardSwish", unary),
      ("LogSoftmax", unary),
      ("Gelu", GMLFloatOpSpec(inputs: 1...1, inputNames: "x", attributes: ["approximate"])),
      (
        "MatMul",
        GMLFloatOpSpec(
          inputs: 2...2, inputNames: "a, b", attributes: ["transpose_a", "transpose_b"])
      ),
      ("LeakyRelu", GMLFloatOpSpec(inputs: 1...1, inputNames: "x", attributes: ["alpha"])),
      ("PRelu", GMLFloatOpSpec(inputs: 2...2, inputNames: "x, alpha", attributes: [])),
      ("Softmax", GMLFloatOpSpec(inputs: 1...1, inputNames: "x", attributes: ["axis", "beta"])),
      ("Reshape", GMLFloatOpSpec(inputs: 1...1, inputNames: "x", attributes: ["shape"])),
      ("Flatten", unary),
      (
        "Concat",
        GMLFloatOpSpec(inputs: 1...Int.max, inputNames: "x0, x1, ...", attributes: ["axis"])
      ),
      ("Pad", GMLFloatOpSpec(inputs: 1...1, inputNames: "x", attributes: ["paddings", "value"])),
      ("Transpose", GMLFloatOpSpec(inputs: 1...1, inputNames: "x", attributes: ["perm"])),
      ("Tile", GMLFloatOpSpec(inputs: 1...1, inputNames: "x", attributes: ["multiples"])),
      (
        "StridedSlice",
        GMLFloatOpSpec(inputs: 1...1, inputNames: "x", attributes: ["begin", "end", "strides"])
      ),
      ("Gather", GMLFloatOpSpec(inputs: 2...2, inputNames: "table, indices", attributes: ["axis"])),
      ("ResizeBilinear", resize), ("ResizeNearestNeighbor", resize),
      ("Dropout", unary), ("Identity", unary),
    ] + UnaryFunction.allCases.map { ($0.specName, unary) }
    + BinaryFunction.allCases.map { ($0.specName, binaryFunction) }
    + PoolFunction.allCases.map {
      ($0.specName, GMLFloatOpSpec(inputs: 1...1, inputNames: "x", attributes: pool))
    }
    + ReduceFunction.allCases.map {
      (
        $0.specName,
        GMLFloatOpSpec(inputs: 1...1, inputNames: "x", attributes: ["axes", "keepdims"])
      )
    }

  /// The op `name` with its attributes read from `a` (keys already checked).
  static func op(_ name: String, _ a: GMLFloatAttributes) throws(ConversionError) -> Op {
    switch name {
    case "Conv2D": return .conv2D(try convAttributes(a, depthwise: false))
    case "DepthwiseConv2D": return .depthwiseConv2D(try convAttributes(a, depthwise: true))
    case "Conv2DTranspose": return .transposeConv(try convAttributes(a, depthwise: false))
    case "Dense": return .dense(activation: try a.activation())
    case "BatchNorm": return .batchNorm(epsilon: try a.float("epsilon", default: 0.001, minimum: 0))
    case "LayerNorm": return .layerNorm(epsilon: try a.float("epsilon", default: 0.001, minimum: 0))
    case "LSTM":
      return .lstm(
        RecurrentAttributes(
          activation: try a.activation(default: .tanh),
          cellClip: try a.float("cell_clip", default: 0, minimum: 0),
          returnSequences: try a.bool("return_sequences")))
    case "GRU":
      return .gru(
        RecurrentAttributes(
          activation: try a.activation(default: .tanh),
          returnSequences: try a.bool("return_sequences")))
    case "Add": return .add(activation: try a.activation())
    case "Sub": return .sub(activation: try a.activation())
    case "Mul": return .mul(activation: try a.activation())
    case "Div": return .div(activation: try a.activation())
    case "Relu": return .relu
    case "Relu6": return .relu6
    case "Sigmoid": return .sigmoid
    case "Tanh": return .tanh
    case "HardSwish": return .hardSwish
    case "LogSoftmax": return .logSoftmax
    case "Gelu": return .gelu(approximate: try a.bool("approximate"))
    case "MatMul":
      return .matMul(transposeA: try a.bool("transpose_a"), transposeB: try a.bool("transpose_b"))
    case "LeakyRelu": return .leakyRelu(alpha: try a.float("alpha", default: 0.2))
    case "PRelu": return .prelu
    case "Softmax":
      return .softmax(axis: try a.axis("axis", default: -1), beta: try a.float("beta", default: 1))
    case "Reshape": return .reshape(shape: try reshape(a))
    case "Flatten": return .flatten
    case "Concat": return .concat(axis: try a.axis("axis", default: nil))
    case "Pad": return .pad(paddings: try paddings(a), value: try a.float("value", default: 0))
    case "Transpose": return .transpose(perm: try permutation(a))
    case "Tile": return .tile(multiples: try integers(a, "multiples", in: 1...Int(Int32.max)))
    case "StridedSlice":
      let range = Int(Int32.min)...Int(Int32.max)
      let begin = try integers(a, "begin", in: range)
      let end = try integers(a, "end", in: range)
      let strides =
        try a.cursor.optionalField("strides") == nil
        ? Array(repeating: 1, count: begin.count)
        : try integers(a, "strides", in: 1...Int(Int32.max))
      guard end.count == begin.count, strides.count == begin.count else {
        throw a.cursor.error("begin, end and strides need one entry per dimension each")
      }
      return .stridedSlice(begin: begin, end: end, strides: strides)
    case "Gather": return .gather(axis: try a.axis("axis", default: 0))
    case "ResizeBilinear": return .resize(try resizeAttributes(a, .bilinear))
    case "ResizeNearestNeighbor": return .resize(try resizeAttributes(a, .nearestNeighbor))
    case "Dropout": return .dropout
    case "Identity": return .identity
    default:
      if let f = UnaryFunction(specName: name) { return .unary(f) }
      if let f = PoolFunction(specName: name) { return .pool2D(f, try poolAttributes(a)) }
      if let f = ReduceFunction(specName: name) {
        return .reduce(f, axes: try a.axes("axes"), keepDims: try a.bool("keepdims"))
      }
      guard let f = BinaryFunction(specName: name) else {
        throw a.cursor.error("unknown op \"\(name)\"")
      }
      return .binary(f)
    }
  }
}
