// GMLConverter/Converter+Int8.swift — the int8 path of a conversion: calibrate, quantize, compare per layer.
import GMLFormat

extension Converter {
  /// What the int8 path produced besides the model.
  struct Int8Result {
    var model: ModelDefinition
    var layers: [LayerError]
    var sampleCount: Int
  }

  /// Loads the calibration samples, records ranges, quantizes, and compares
  /// the int8 model with the float one layer by layer on the same samples.
  ///
  /// The float model is lowered and written once (`floatModel`,
  /// `floatBytes`) and serves calibration, quantization and the
  /// comparison, unless activations had to be split out for int8
  /// (`SplitActivations`): then the split graph is lowered once more.
  static func quantizeInt8(
    _ optimized: Graph, floatModel: ModelDefinition, floatBytes: WrittenModel,
    options: ConversionOptions, metadata: MetadataDefinition, progress: ((Int, Int) -> Void)?
  ) throws(ConversionError) -> Int8Result {
    guard let path = options.calibration else {
      throw ConversionError(
        file: optimized.sourceFile, "--quantize int8 needs --calibration samples")
    }
    var graph = optimized
    let split = SplitActivations.run(&graph, keeping: options.keepFloat)
    let lowered = split == 0 ? floatModel : try Lowering.lower(graph, planMemory: false)
    let written = split == 0 ? floatBytes : try WrittenModel(lowered, file: graph.sourceFile)
    let inputs = graph.inputs.map { (name: $0, shape: graph.shape($0)) }
    let samples = try CalibrationSamples.load(path: path, inputs: inputs, limits: options.limits)
    let ranges = try Calibrator.ranges(
      of: lowered, written: written, graph: graph, samples: samples,
      method: options.calibrationMethod, percentile: options.percentile, threads: nil,
      progress: progress)
    var described = metadata
    described.calibration = CalibrationSummary(
      method: options.calibrationMethod.rawValue, sampleCount: UInt32(samples.samples.count),
      percentile: options.calibrationMethod == .percentile ? Float(options.percentile) : 0,
      source: samples.sourceName)
    let model = try Quantizer.quantize(
      graph, lowered: lowered, ranges: ranges,
      options: QuantizerOptions(io: options.io, keepFloat: options.keepFloat), metadata: described)
    var layers: [LayerError] = []
    if options.io == .float {
      layers = try LayerComparison.compare(
        floatModel: floatBytes.bytes,
        quantizedModel: try ModelWriter.checkedWrite(model, file: optimized.sourceFile),
        samples: samples, source: optimized.sourceFile)
    }
    return Int8Result(model: model, layers: layers, sampleCount: samples.samples.count)
  }
}
