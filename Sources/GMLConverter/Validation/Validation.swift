// GMLConverter/Validation/Validation.swift — `gml validate` as a function: load both models, data and labels, compare.
import GMLFormat

/// Validates a converted model against its float model on held-out data;
/// usable from XCTest as well as from `gml validate`.
public enum Validation {
  /// Compares `model` with `floatModel` on the samples in `data`.
  /// - Parameters:
  ///   - floatModel: a gml-float model (converted in memory with the
  ///     default fusion, so tensor names match) or a float `.gml`.
  ///   - model: the converted `.gml`.
  ///   - data: `.npy` with a leading sample axis (or `.npz`, or a folder).
  ///   - labels: `.npy` of int64 or int32 class labels, one per sample.
  ///   - limits: bounds on every file read (`ConversionLimits()` by default).
  /// - Returns: per-layer errors and end-to-end figures.
  /// - Throws: `ConversionError` naming the file and the problem.
  public static func validate(
    floatModel: String, model: String, data: String, labels: String? = nil,
    limits: ConversionLimits = ConversionLimits()
  ) throws(ConversionError) -> ValidationReport {
    let reference = try floatModelBytes(floatModel, limits)
    let converted = try OutputFile.readModel(model, maxBytes: ModelWriter.maxFileSize)
    let samples = try CalibrationSamples.load(
      path: data, inputs: try inputs(of: reference, model), limits: limits)
    let labelValues = try labels.map { path throws(ConversionError) in
      try readLabels(path, count: samples.samples.count, limits)
    }
    let run = try PairedRun(
      reference: reference, converted: converted, samples: samples, files: (floatModel, model))
    return report(run, labels: labelValues)
  }

  /// The end-to-end figures of a paired run, with its layers.
  static func report(_ run: PairedRun, labels: [Int]?) -> ValidationReport {
    var agree = 0
    var correct = 0
    var floatCorrect = 0
    for (s, top1) in run.top1.enumerated() {
      if top1.reference == top1.converted { agree += 1 }
      if let labels, s < labels.count {
        if labels[s] == top1.converted { correct += 1 }
        if labels[s] == top1.reference { floatCorrect += 1 }
      }
    }
    let n = run.top1.count
    let share = { (k: Int) -> Double in n == 0 ? 0 : Double(k) / Double(n) }
    return ValidationReport(
      layers: run.layers, sampleCount: n, top1Agreement: share(agree),
      accuracy: labels.map { _ in share(correct) },
      floatAccuracy: labels.map { _ in share(floatCorrect) }, outputMaxAbsError: run.outputMaxAbs,
      outputMeanAbsError: run.outputCount == 0 ? 0 : run.outputSumAbs / Double(run.outputCount))
  }
}
