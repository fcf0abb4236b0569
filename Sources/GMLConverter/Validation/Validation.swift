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
    let floatRun = try ModelRun(bytes: reference, samples: samples, file: floatModel)
    let run = try ModelRun(bytes: converted, samples: samples, file: model)
    return report(floatRun, run, labels: labelValues)
  }

  /// The end-to-end figures of two runs, with the layers compared.
  static func report(_ reference: ModelRun, _ converted: ModelRun, labels: [Int]?)
    -> ValidationReport
  {
    let name = reference.outputNames.first ?? ""
    let ref = reference.activation(named: name)?.values ?? []
    let out =
      (converted.activation(named: name)
      ?? converted.outputNames.first.flatMap {
        converted.activation(named: $0)
      })?.values ?? []
    var agree = 0
    var correct = 0
    var floatCorrect = 0
    var maxAbs = 0.0
    var sumAbs = 0.0
    var count = 0
    for s in 0..<min(ref.count, out.count) {
      let a = argmax(ref[s])
      let b = argmax(out[s])
      if a == b { agree += 1 }
      if let labels, s < labels.count {
        if labels[s] == b { correct += 1 }
        if labels[s] == a { floatCorrect += 1 }
      }
      for (x, y) in zip(ref[s], out[s]) {
        let e = abs(Double(x) - Double(y))
        maxAbs = max(maxAbs, e)
        sumAbs += e
        count += 1
      }
    }
    let n = ref.count
    let share = { (k: Int) -> Double in n == 0 ? 0 : Double(k) / Double(n) }
    return ValidationReport(
      layers: LayerComparison.compare(reference, converted), sampleCount: n,
      top1Agreement: share(agree), accuracy: labels.map { _ in share(correct) },
      floatAccuracy: labels.map { _ in share(floatCorrect) }, outputMaxAbsError: maxAbs,
      outputMeanAbsError: count == 0 ? 0 : sumAbs / Double(count))
  }

  /// The index of the largest value (the first on ties).
  static func argmax(_ values: [Float]) -> Int {
    var best = 0
    for i in values.indices where values[i] > values[best] { best = i }
    return best
  }
}
