// GMLConverter/ConversionReport.swift — what a conversion produced: op counts, parameters, MACs, sizes.
import GMLFormat

/// A summary of one conversion, printed by `gml convert`.
///
/// MACs count multiply-accumulates of Conv2D (`output elements · kh · kw ·
/// input channels`), DepthwiseConv2D (`output elements · kh · kw`) and
/// FullyConnected (`output elements · inputs`) for one inference; other
/// ops (elementwise, pools, activations) are not counted.
public struct ConversionReport: Equatable, Sendable {
  /// An op name and how many times it occurs.
  public struct OpCount: Equatable, Sendable {
    public var name: String
    public var count: Int
  }

  /// Source ops by gml-float name (`Conv2D`), in order of first appearance.
  public var sourceOps: [OpCount]
  /// `.gml` ops by schema name (`CONV_2D`), in order of first appearance.
  public var modelOps: [OpCount]
  /// What each pass changed.
  public var passes: [Converter.PassResult]
  /// Constant elements stored in the file (weights, biases, other constants).
  public var parameterCount: Int
  /// Multiply-accumulates per inference (see the type's note).
  public var macs: Int
  /// The planned arena, in bytes.
  public var arenaSize: Int
  /// The `.gml` file size in bytes; 0 until written.
  public var fileSize: Int
  /// For a quantized model: the size the float32 model would have, in bytes
  /// (0 when not quantized).
  public var floatFileSize = 0
  /// For int8: each int8 activation's range, scale and zero point.
  public var quantizedTensors: [QuantizedTensorSummary] = []
  /// For int8 with float I/O: the per-layer error against the float model
  /// on the calibration samples, worst first (`LayerComparison`).
  public var layers: [LayerError] = []
  /// For int8: how many calibration samples were run.
  public var calibrationSamples = 0

  /// Builds the report of `model`, lowered from `optimized`, itself made from `source`.
  public init(
    source: Graph, optimized: Graph, model: ModelDefinition, passes: [Converter.PassResult]
  ) {
    sourceOps = Self.counts(source.nodes.map { $0.op.specName })
    let subgraph = model.subgraphs.first
    modelOps = Self.counts((subgraph?.operators ?? []).map { $0.opcode.schemaName })
    self.passes = passes
    parameterCount = (subgraph?.tensors ?? []).filter { $0.buffer != 0 }.reduce(0) {
      $0 + $1.shape.reduce(1) { $0 * Int($1) }
    }
    macs = optimized.nodes.reduce(0) { $0 + Self.macs($1, optimized) }
    arenaSize = Int(subgraph?.memoryPlan?.arenaSize ?? 0)
    fileSize = 0
  }

  /// The multiply-accumulates of one node.
  static func macs(_ node: Node, _ graph: Graph) -> Int {
    let out = graph.shape(node.outputs.first ?? "").reduce(1, *)
    let filter = node.inputs.count > 1 ? graph.shape(node.inputs[1]) : []
    guard let (opcode, options) = try? Lowering.lowered(node, graph) else { return 0 }
    let input = graph.shape(node.inputs.first ?? "").reduce(1, *)
    return opcode.macs(outputElements: out, inputElements: input, filter: filter, options: options)
  }

  static func counts(_ names: [String]) -> [OpCount] {
    var result: [OpCount] = []
    for name in names {
      if let i = result.firstIndex(where: { $0.name == name }) {
        result[i].count += 1
      } else {
        result.append(OpCount(name: name, count: 1))
      }
    }
    return result
  }

  /// The report as the lines `gml convert` prints.
  public var text: String {
    func list(_ ops: [OpCount]) -> String {
      let total = ops.reduce(0) { $0 + $1.count }
      return "\(total) (" + ops.map { "\($0.name) \($0.count)" }.joined(separator: ", ") + ")"
    }
    var lines = [
      "ops before:  " + list(sourceOps),
      "ops after:   " + list(modelOps),
    ]
    if !passes.isEmpty {
      lines.append(
        "passes:      " + passes.map { "\($0.pass) \($0.count)" }.joined(separator: ", "))
    }
    lines += [
      "parameters:  \(grouped(parameterCount))",
      "MACs:        \(grouped(macs)) per inference (conv, depthwise, dense, matmul; elementwise not counted)",
      "arena:       \(grouped(arenaSize)) bytes",
      "file size:   \(grouped(fileSize)) bytes",
    ]
    if floatFileSize > 0 {
      let ratio =
        fileSize > 0 ? String((Double(floatFileSize) * 10 / Double(fileSize)).rounded() / 10) : "?"
      lines.append("float size:  \(grouped(floatFileSize)) bytes (\(ratio)x smaller quantized)")
    }
    if calibrationSamples > 0 { lines.append("calibration: \(calibrationSamples) samples") }
    lines += QuantizedTensorSummary.text(quantizedTensors, layers)
    return lines.joined(separator: "\n")
  }
}

/// `1234567` as `1,234,567`.
func grouped(_ n: Int) -> String {
  let digits = String(n.magnitude)
  var out = ""
  for (i, c) in digits.enumerated() {
    if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
    out.append(c)
  }
  return n < 0 ? "-" + out : out
}
