// GMLConverter/TFLite/TFLiteImporter.swift — a decoded .tflite model as a float Graph or an int8 .gml model.
import GMLFormat

/// What a `.tflite` file becomes.
public struct TFLiteImport: Sendable {
  /// A float32 model goes through the converter's passes (and, if asked,
  /// its quantizers); a full-integer model is carried over as it is.
  public enum Content: Sendable {
    case float(Graph)
    case int8(ModelDefinition)
  }

  public var content: Content
  /// The file's operator names (`CONV_2D`), in order.
  public var sourceOps: [String]
  /// How many shape-computation operators were folded to constants.
  public var foldedCount: Int
  /// int8: how many PAD operators were fused into the convolution after them.
  public var padsFused: Int
  /// How many WHILE loops were unrolled (`TFLiteLoopUnrolling`).
  public var loopsUnrolled: Int = 0
}

/// Maps TFLite operators onto gml's.
///
/// A float32 model (every activation float32) becomes a `Graph` whose
/// nodes are the gml-float ops, so fusion and quantization apply as for a
/// gml-float model. A full-integer model (int8 activations, int8 weights,
/// int32 biases) becomes a `.gml` model directly: tensors, quantization
/// parameters and constant bytes are carried over unchanged, so gml's
/// kernels compute what LiteRT's reference kernels compute.
///
/// Before mapping, `TFLiteLoopUnrolling` unrolls WHILE loops,
/// `TFLiteShapeFolding` turns shape computations into constants and
/// `TFLiteIndexWrap` drops Keras' negative-index wrap before a GATHER on
/// token ids. Every operator that is left and has no gml equivalent, or
/// uses an option gml does not implement, is reported in one error: each
/// kind of problem with its count and operator indices.
public enum TFLiteImporter {
  /// Imports `model`, read from `file`.
  /// - Parameters:
  ///   - model: the decoded file.
  ///   - file: the path, for messages.
  ///   - fuse: int8 only: fuse PAD into the convolution after it where
  ///     the result is exact (float graphs are fused by the converter).
  ///   - maxOperators: the most operators subgraph 0 may have once its
  ///     loops are unrolled.
  /// - Throws: `ConversionError` listing every unsupported operator, a
  ///   loop that cannot be unrolled, a float constant holding NaN or
  ///   infinity, or a problem the runtime finds when preparing the imported
  ///   int8 model.
  public static func importModel(
    _ model: TFLiteModel, file: String, fuse: Bool = true,
    maxOperators: Int = ConversionLimits().maxTFLiteOperators
  ) throws(ConversionError) -> TFLiteImport {
    var folded = model
    let loops = try TFLiteLoopUnrolling.run(&folded, file: file, maxOperators: maxOperators)
    let unfolded = TFLiteShapeFolding.run(&folded)
    let foldedCount = folded.operators.count - unfolded.count
    let remaining = TFLiteIndexWrap.run(&folded, unfolded)
    let ops = model.operators.map(\.opName)
    var problems = TFLiteProblems()
    if isQuantized(folded, remaining) {
      var builder = TFLiteInt8Builder(model: folded, file: file)
      let result = builder.build(remaining, fuse: fuse, problems: &problems)
      try problems.check(file: file)
      let definition = try builder.finish(result)
      return TFLiteImport(
        content: .int8(definition), sourceOps: ops, foldedCount: foldedCount,
        padsFused: builder.padsFused, loopsUnrolled: loops)
    }
    var builder = TFLiteGraphBuilder(model: folded, file: file)
    builder.build(remaining, problems: &problems)
    try problems.check(file: file)
    let names = builder.names
    try FiniteConstants.check(builder.graph) { name in
      names.firstIndex(of: name).map { "subgraphs[0].tensors[\($0)]" } ?? ""
    }
    return TFLiteImport(
      content: .float(builder.graph), sourceOps: ops, foldedCount: foldedCount, padsFused: 0,
      loopsUnrolled: loops)
  }

  /// Whether any operator left reads or writes a quantized integer tensor.
  static func isQuantized(_ model: TFLiteModel, _ operators: [Int]) -> Bool {
    for index in operators {
      let op = model.operators[index]
      for t in op.inputs + op.outputs where t >= 0 {
        let tensor = model.tensors[t]
        if tensor.data == nil && tensor.quantization?.isQuantized == true
          && tensor.type != .float32
        {
          return true
        }
      }
    }
    return false
  }

  /// `op`'s options, or for an operator written without its options table,
  /// the schema's defaults for that operator.
  static func options(_ op: TFLiteOperator) -> TFLiteOptions {
    guard case .none = op.options else { return op.options }
    switch op.builtinCode {
    case TFLiteBuiltin.conv2D:
      return .conv2D(
        padding: .same, strideW: 0, strideH: 0, activation: 0, dilationW: 1, dilationH: 1)
    case TFLiteBuiltin.depthwiseConv2D:
      return .depthwiseConv2D(
        padding: .same, strideW: 0, strideH: 0, depthMultiplier: 0, activation: 0, dilationW: 1,
        dilationH: 1)
    case TFLiteBuiltin.fullyConnected:
      return .fullyConnected(
        activation: 0, weightsFormat: 0, keepNumDims: false, asymmetricQuantizeInputs: false)
    case TFLiteBuiltin.add, TFLiteBuiltin.sub, TFLiteBuiltin.mul, TFLiteBuiltin.div:
      return .arithmetic(activation: 0)
    case TFLiteBuiltin.softmax: return .softmax(beta: 0)
    case TFLiteBuiltin.concatenation: return .concatenation(axis: 0, activation: 0)
    case TFLiteBuiltin.mean, TFLiteBuiltin.sum, TFLiteBuiltin.reduceMax:
      return .reducer(keepDims: false)
    case TFLiteBuiltin.leakyRelu: return .leakyRelu(alpha: 0)
    case TFLiteBuiltin.transposeConv:
      return .transposeConv(padding: .same, strideW: 0, strideH: 0, activation: 0)
    case TFLiteBuiltin.resizeBilinear, TFLiteBuiltin.resizeNearestNeighbor:
      return .resize(alignCorners: false, halfPixelCenters: false)
    case TFLiteBuiltin.unpack: return .unpack(count: 0, axis: 0)
    case TFLiteBuiltin.pack: return .pack(valuesCount: 0, axis: 0)
    case TFLiteBuiltin.batchMatMul: return .batchMatMul(adjX: false, adjY: false)
    case TFLiteBuiltin.gelu: return .gelu(approximate: false)
    default: return .none
    }
  }

  /// A resize's constant size `[height, width]`, checked: each 1 to
  /// 2^20 − 1, and not both flags (TFLite's kernels refuse them too).
  static func resizeSize(_ size: [Int], alignCorners: Bool, halfPixelCenters: Bool)
    throws(TFLiteUnsupported) -> (height: Int, width: Int)
  {
    guard size.count == 2, size.allSatisfy({ (1..<(1 << 20)).contains($0) }) else {
      throw TFLiteUnsupported("with size \(size); expected [height, width], each 1 to 2^20 - 1")
    }
    guard !(alignCorners && halfPixelCenters) else {
      throw TFLiteUnsupported("with both align_corners and half_pixel_centers")
    }
    return (size[0], size[1])
  }

  /// The schema's name of a TFLite fused activation.
  static func activationName(_ raw: Int8) -> String {
    switch raw {
    case 0: return "NONE"
    case 1: return "RELU"
    case 2: return "RELU_N1_TO_1"
    case 3: return "RELU6"
    case 4: return "TANH"
    case 5: return "SIGN_BIT"
    default: return "activation \(raw)"
    }
  }

  /// gml's fused activation for TFLite's `raw`.
  static func activation(_ raw: Int8) throws(TFLiteUnsupported) -> ActivationFunction {
    switch raw {
    case 0: return .none
    case 1: return .relu
    case 2: return .reluN1To1
    case 3: return .relu6
    case 4: return .tanh
    default: throw TFLiteUnsupported("fused activation \(activationName(raw))")
    }
  }
}

/// Why one operator cannot be imported: a short phrase that follows the
/// operator's name (`with fused activation SIGN_BIT`), or empty when the
/// operator itself has no gml equivalent.
struct TFLiteUnsupported: Error {
  var what: String
  init(_ what: String = "") { self.what = what }
}

/// Unsupported operators, grouped by kind, in order of first appearance.
struct TFLiteProblems {
  /// One kind of problem: how many operators have it and where they are
  /// (operator indices of subgraph 0, or the loop-body places of unrolled
  /// operators; each place once).
  struct Group {
    var kind: String
    var count: Int
    var places: [String]
  }
  var groups: [Group] = []

  /// Records that operator `index` (named `opName`) cannot be imported;
  /// index -1 marks a graph input or output, `origin` an operator unrolled
  /// from a WHILE loop's body.
  mutating func add(
    _ opName: String, _ problem: TFLiteUnsupported, at index: Int, origin: String? = nil
  ) {
    let kind = problem.what.isEmpty ? opName : "\(opName) (\(problem.what))"
    let place = origin ?? (index >= 0 ? String(index) : nil)
    guard let g = groups.firstIndex(where: { $0.kind == kind }) else {
      groups.append(Group(kind: kind, count: 1, places: place.map { [$0] } ?? []))
      return
    }
    groups[g].count += 1
    if let place, !groups[g].places.contains(place) { groups[g].places.append(place) }
  }

  /// Throws one error listing every group, if there is any.
  func check(file: String) throws(ConversionError) {
    guard !groups.isEmpty else { return }
    let total = groups.reduce(0) { $0 + $1.count }
    let list = groups.map { g in
      guard !g.places.isEmpty else { return g.kind }
      let at = g.places.count == 1 ? "operator" : "operators"
      return "\(g.kind) ×\(g.count) at \(at) " + g.places.joined(separator: ", ")
    }
    throw ConversionError(
      file: file, place: "subgraphs[0].operators",
      "\(total) operator\(total == 1 ? " is" : "s are") not supported by gml: "
        + list.joined(separator: "; ") + "; nothing was written")
  }
}
