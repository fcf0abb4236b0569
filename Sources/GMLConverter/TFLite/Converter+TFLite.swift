// GMLConverter/TFLite/Converter+TFLite.swift — the conversion pipeline for a decoded .tflite model.
import GMLFormat

extension Converter {
  /// Converts a decoded `.tflite` model (nothing is written).
  ///
  /// A float32 model runs the same passes as a gml-float model and can be
  /// quantized with `options.quantize`. A full-integer int8 model is
  /// carried over with its quantization unchanged (only PAD fusion
  /// applies) and refuses `options.quantize`.
  /// - Parameters:
  ///   - model: the decoded file.
  ///   - file: its path, for messages.
  ///   - options: fusion, quantization mode and int8 settings.
  ///   - metadata: the model's metadata.
  ///   - progress: for `.int8`, called per calibration sample.
  /// - Returns: the model and the report (file size 0: nothing written).
  /// - Throws: `ConversionError`: unsupported operators (all listed), a
  ///   quantization asked of an int8 model, or a pass or runtime error.
  public static func convert(
    tflite model: TFLiteModel, file: String, options: ConversionOptions = ConversionOptions(),
    metadata: MetadataDefinition? = nil, progress: ((Int, Int) -> Void)? = nil
  ) throws(ConversionError) -> (ModelDefinition, ConversionReport) {
    let imported = try TFLiteImporter.importModel(model, file: file, fuse: options.fuse)
    let folded = PassResult(pass: "shape ops folded", count: imported.foldedCount)
    let unrolled = PassResult(pass: "WHILE loops unrolled", count: imported.loopsUnrolled)
    switch imported.content {
    case .float(let graph):
      var (definition, report) = try convert(
        graph, options: options, metadata: metadata, progress: progress)
      report.sourceOps = ConversionReport.counts(imported.sourceOps)
      report.passes.insert(contentsOf: [unrolled, folded].filter { $0.count > 0 }, at: 0)
      return (definition, report)
    case .int8(var definition):
      guard options.quantize == .none else {
        throw ConversionError(
          file: file,
          "the model is already full-integer int8; --quantize \(options.quantize.rawValue) "
            + "applies to float32 models")
      }
      definition.metadata = metadata
      let passes = [
        unrolled, folded, PassResult(pass: "Pad fused", count: imported.padsFused),
      ]
      let report = ConversionReport(
        sourceOps: imported.sourceOps, model: definition, passes: passes.filter { $0.count > 0 })
      return (definition, report)
    }
  }
}
