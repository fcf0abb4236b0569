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
  static func quantizeInt8(
    _ optimized: Graph, floatModel: ModelDefinition, options: ConversionOptions,
    metadata: MetadataDefinition, progress: ((Int, Int) -> Void)?
  ) throws(ConversionError) -> Int8Result {
    guard let path = options.calibration else {
      throw ConversionError(
        file: optimized.sourceFile, "--quantize int8 needs --calibration samples")
    }
    var graph = optimized
    SplitActivations.run(&graph, keeping: options.keepFloat)
    let inputs = graph.inputs.map { (name: $0, shape: graph.shape($0)) }
    let samples = try CalibrationSamples.load(path: path, inputs: inputs, limits: options.limits)
    let ranges = try Calibrator.ranges(
      of: graph, samples: samples, method: options.calibrationMethod,
      percentile: options.percentile, progress: progress)
    var described = metadata
    described.calibration = CalibrationSummary(
      method: options.calibrationMethod.rawValue, sampleCount: UInt32(samples.samples.count),
      percentile: options.calibrationMethod == .percentile ? Float(options.percentile) : 0,
      source: samples.sourceName)
    let model = try Quantizer.quantize(
      graph, ranges: ranges,
      options: QuantizerOptions(io: options.io, keepFloat: options.keepFloat), metadata: described)
    var layers: [LayerError] = []
    if options.io == .float {
      layers = try LayerComparison.compare(
        floatModel: try ModelWriter.checkedWrite(floatModel, file: optimized.sourceFile),
        quantizedModel: try ModelWriter.checkedWrite(model, file: optimized.sourceFile),
        samples: samples, source: optimized.sourceFile)
    }
    return Int8Result(model: model, layers: layers, sampleCount: samples.samples.count)
  }
}
