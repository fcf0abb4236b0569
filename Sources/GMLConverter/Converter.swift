// GMLConverter/Converter.swift — the conversion pipeline: passes in order, lowering, and what they changed.
import GMLFormat

/// Turns a float model into a `.gml` model.
///
/// Pipeline: `TopologicalSort`, `InferShapes`, `RemoveIdentities`,
/// `RemoveDeadNodes`; then,
/// with fusion, `FoldBatchNorm`, `FoldAffine`, `FoldConstants`, `FusePad`,
/// `FuseActivations`, `CollapseReshapes`; without it only the rewrites
/// `.gml` needs (BatchNorm → Mul + Add, Flatten → Reshape); `InferShapes`
/// again as a check that the passes kept the graph consistent; `Lowering`.
public enum Converter {
  /// What one pass did: its name and how many nodes it changed.
  public struct PassResult: Equatable, Sendable {
    public var pass: String
    public var count: Int
  }

  /// Runs the passes over `graph`.
  /// - Parameters:
  ///   - graph: a freshly loaded graph (nodes in any order).
  ///   - fuse: whether to fold and fuse.
  /// - Returns: each pass that changed something, with its count.
  /// - Throws: `ConversionError` from sorting, shape checks or folding.
  public static func optimize(_ graph: inout Graph, fuse: Bool = true) throws(ConversionError)
    -> [PassResult]
  {
    try TopologicalSort.run(&graph)
    try InferShapes.run(&graph)
    var results = [
      PassResult(pass: "Dropout/Identity removed", count: try RemoveIdentities.run(&graph)),
      PassResult(pass: "unread nodes removed", count: RemoveDeadNodes.run(&graph)),
      PassResult(pass: "duplicate nodes merged", count: MergeDuplicateNodes.run(&graph)),
      PassResult(pass: "recurrent last steps sliced", count: RecurrentLastStep.run(&graph)),
    ]
    if fuse {
      let bn = try FoldBatchNorm.run(&graph, fold: true)
      results.append(PassResult(pass: "BatchNorm folded", count: bn.folded))
      results.append(PassResult(pass: "BatchNorm lowered to Mul+Add", count: bn.lowered))
      results.append(PassResult(pass: "LayerNorm fused", count: FuseLayerNorm.run(&graph)))
      results.append(PassResult(pass: "Add/Sub/Mul folded", count: FoldAffine.run(&graph)))
      results.append(PassResult(pass: "constants folded", count: try FoldConstants.run(&graph)))
      results.append(PassResult(pass: "Pad fused", count: FusePad.run(&graph)))
      results.append(PassResult(pass: "activations fused", count: FuseActivations.run(&graph)))
      results.append(PassResult(pass: "reshapes collapsed", count: CollapseReshapes.run(&graph)))
    } else {
      let bn = try FoldBatchNorm.run(&graph, fold: false)
      results.append(PassResult(pass: "BatchNorm lowered to Mul+Add", count: bn.lowered))
      CollapseReshapes.run(&graph, collapse: false)
    }
    try InferShapes.run(&graph)
    return results.filter { $0.count > 0 }
  }

  /// Optimizes, lowers and quantizes `graph` (for `.int8`, reads the
  /// calibration samples; nothing is written).
  /// - Parameters:
  ///   - graph: a freshly loaded graph.
  ///   - options: fusion, quantization mode and int8 settings.
  ///   - metadata: the model's metadata.
  ///   - progress: for `.int8`, called with (done, total) per calibration
  ///     sample.
  /// - Returns: the model and the report (file size 0: nothing written).
  /// - Throws: `ConversionError`: a constant that is NaN or infinite
  ///   (before or after folding), or a pass, lowering or quantization error.
  public static func convert(
    _ graph: Graph, options: ConversionOptions = ConversionOptions(),
    metadata: MetadataDefinition? = nil, progress: ((Int, Int) -> Void)? = nil
  ) throws(ConversionError) -> (ModelDefinition, ConversionReport) {
    try FiniteConstants.check(graph) { _ in "" }
    var optimized = graph
    let passes = try optimize(&optimized, fuse: options.fuse)
    try FiniteConstants.check(optimized, context: " after folding") { _ in "" }
    let floatModel = try Lowering.lower(optimized, metadata: metadata)
    // Its bytes, written once: the report's float size, and for int8 the
    // calibration runs and the per-layer comparison.
    let floatBytes =
      options.quantize == .none ? nil : try WrittenModel(floatModel, file: graph.sourceFile)
    var model = floatModel
    var int8: Int8Result?
    switch options.quantize {
    case .none: break
    case .dynamic, .float16:
      let mode: WeightQuantizationMode = options.quantize == .dynamic ? .dynamic : .float16
      do {
        model = try WeightQuantizer.apply(floatModel, mode: mode)
      } catch {
        // The quantizer names the tensor; the file is the source model.
        throw ConversionError(file: optimized.sourceFile, place: error.place, error.message)
      }
    case .int8:
      guard let floatBytes else { break }
      int8 = try quantizeInt8(
        optimized, floatModel: floatModel, floatBytes: floatBytes, options: options,
        metadata: metadata ?? MetadataDefinition(), progress: progress)
      model = int8?.model ?? model
    }
    var report = ConversionReport(source: graph, optimized: optimized, model: model, passes: passes)
    if options.quantize != .none {
      report.floatFileSize = floatBytes?.bytes.count ?? 0
      report.quantizedTensors = QuantizedTensorSummary.list(model)
      report.layers = int8?.layers ?? []
      report.calibrationSamples = int8?.sampleCount ?? 0
    }
    return (model, report)
  }
}
