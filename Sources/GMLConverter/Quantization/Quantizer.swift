// GMLConverter/Quantization/Quantizer.swift — a calibrated float graph to a full-integer int8 ModelDefinition.
import GMLCore
import GMLFormat

/// Writes a graph as a TFLite-style full-integer int8 model.
///
/// The float lowering is rewritten in place: every activation becomes int8
/// under the same name, with per-tensor parameters from its calibrated
/// range (`ActivationQuantization`); Softmax/Logistic output (1/256, −128),
/// Tanh (1/128, 0); MaxPool, AvgPool, Reshape, Pad and Transpose outputs
/// share their input's parameters; Concatenation gives its own to its
/// inputs where that costs them at most a bit (`sharedWithInputs`; else
/// gml's kernel rescales them). Conv2D/FullyConnected filters are per-channel on axis
/// 0, DepthwiseConv2D on axis 3; biases int32. Float edges are new tensors
/// named `<name>_float` (graph I/O with `.float`, and the float side of a
/// kept-float node), so every int8 tensor keeps its float graph name.
public enum Quantizer {
  /// Quantizes `graph`.
  /// - Parameters:
  ///   - graph: the optimized float graph the ranges were calibrated on.
  ///   - ranges: every activation's range, by tensor name.
  ///   - options: I/O type and nodes kept in float.
  ///   - metadata: the model's metadata (with its calibration summary).
  /// - Returns: the int8 model, memory planned, rounding DOUBLE_ROUNDING.
  /// - Throws: `ConversionError` for an activation without a range or an
  ///   unknown `--keep-float` node.
  public static func quantize(
    _ graph: Graph, ranges: [String: TensorRange], options: QuantizerOptions,
    metadata: MetadataDefinition
  ) throws(ConversionError) -> ModelDefinition {
    try quantize(
      graph, lowered: Lowering.lower(graph, planMemory: false), ranges: ranges, options: options,
      metadata: metadata)
  }

  /// `quantize` of `graph` lowered already (`lowered`, the float model
  /// the ranges were calibrated on): the conversion lowers it once.
  static func quantize(
    _ graph: Graph, lowered: ModelDefinition, ranges: [String: TensorRange],
    options: QuantizerOptions, metadata: MetadataDefinition
  ) throws(ConversionError) -> ModelDefinition {
    for name in options.keepFloat where !graph.nodes.contains(where: { $0.name == name }) {
      throw ConversionError(file: graph.sourceFile, "--keep-float: no node named '\(name)'")
    }
    var model = lowered
    model.metadata = metadata
    var rewriter = QuantizedModelBuilder(
      source: model.subgraphs[0], buffers: model.buffers,
      ranges: widenedForSoftmax(sharedWithInputs(ranges, model.subgraphs[0]), model.subgraphs[0]),
      keepFloat: options.keepFloat, file: graph.sourceFile)
    try rewriter.run(io: options.io)
    model.subgraphs[0] = rewriter.subgraph
    // The float model's plan (when it was lowered with one) is not the
    // int8 model's: planned afresh below, from a model without it.
    model.subgraphs[0].memoryPlan = nil
    model.buffers = rewriter.buffers
    model.roundingMode = .doubleRounding
    model.subgraphs[0].memoryPlan = try Lowering.plan(model, graph)
    return model
  }

  /// `ranges` with each Softmax input's range widened, where it is
  /// narrower, to the least whose int8 scale the Softmax kernel takes:
  /// beta · scale · 2^26 > 1 (TFLite's `SoftmaxPrepare` refuses less), with
  /// a factor 2 to spare. The range widened is the one the input's
  /// parameters come from: back through the ops that share their input's
  /// (`OpCode.outputQuantization`). A nearly constant input (an untrained
  /// classifier's logits) otherwise gives a model no int8 runtime can
  /// prepare.
  /// - Parameters:
  ///   - ranges: every activation's calibrated range, by tensor name.
  ///   - subgraph: the lowered float graph.
  /// - Returns: `ranges`, widened where a Softmax needs it.
  static func widenedForSoftmax(_ ranges: [String: TensorRange], _ subgraph: SubgraphDefinition)
    -> [String: TensorRange]
  {
    let producer = producers(subgraph)
    var widened = ranges
    for op in subgraph.operators {
      guard case .softmax(let beta, _) = op.options, beta > 0, var t = op.inputs.first else {
        continue
      }
      while let p = producer[t], p.opcode.outputQuantization == .sameAsInput,
        let first = p.inputs.first
      {
        t = first
      }
      let name = subgraph.tensors[Int(t)].name
      guard let range = widened[name] else { continue }
      let least = Float(2 / (Double(beta) * Double(1 << 26))) * 255
      let low = min(range.min, 0)
      let high = max(range.max, 0)
      if high - low < least {
        let half = (least - (high - low)) / 2
        widened[name] = TensorRange(min: low - half, max: high + half)
      }
    }
    return widened
  }

  /// The operator that writes each tensor, by tensor index.
  static func producers(_ subgraph: SubgraphDefinition) -> [Int32: OperatorDefinition] {
    var producer: [Int32: OperatorDefinition] = [:]
    for op in subgraph.operators {
      for t in op.outputs { producer[t] = op }
    }
    return producer
  }
}
