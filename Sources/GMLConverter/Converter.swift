// GMLConverter/Converter.swift — the conversion pipeline: passes in order, lowering, and what they changed.
import GMLFormat

/// Turns a float model into a `.gml` model.
///
/// Pipeline: `TopologicalSort`, `InferShapes`, `RemoveIdentities`; then,
/// with fusion, `FoldBatchNorm`, `FoldConstants`, `FusePad`,
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
      PassResult(pass: "Dropout/Identity removed", count: try RemoveIdentities.run(&graph))
    ]
    if fuse {
      let bn = try FoldBatchNorm.run(&graph, fold: true)
      results.append(PassResult(pass: "BatchNorm folded", count: bn.folded))
      results.append(PassResult(pass: "BatchNorm lowered to Mul+Add", count: bn.lowered))
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

  /// Optimizes and lowers `graph` (no file is read or written).
  /// - Parameters:
  ///   - graph: a freshly loaded graph.
  ///   - options: fusion on or off; quantization must be `.none`.
  ///   - metadata: the model's metadata.
  /// - Returns: the model and the report (file size 0: nothing written).
  /// - Throws: `ConversionError`.
  public static func convert(
    _ graph: Graph, options: ConversionOptions = ConversionOptions(),
    metadata: MetadataDefinition? = nil
  ) throws(ConversionError) -> (ModelDefinition, ConversionReport) {
    if options.quantize != .none {
      throw ConversionError(
        file: graph.sourceFile,
        "--quantize \(options.quantize.rawValue) is not supported yet by this build of gml; "
          + "nothing was written")
    }
    var optimized = graph
    let passes = try optimize(&optimized, fuse: options.fuse)
    let model = try Lowering.lower(optimized, metadata: metadata)
    let report = ConversionReport(source: graph, optimized: optimized, model: model, passes: passes)
    return (model, report)
  }
}
