// GMLConverter/Validation/LayerComparison.swift — per-layer error of a converted model against its float model.
import Foundation

/// The error of one activation tensor of a converted model against the
/// same-named tensor of the float model, over all samples.
public struct LayerError: Equatable, Sendable {
  /// The tensor's name (shared by both models).
  public var name: String
  /// The producing op's schema name in the converted model (`CONV_2D`).
  public var op: String
  /// `10·log10(Σ ref² / Σ (ref − q)²)`; `+∞` when the tensors are equal.
  public var sqnrDB: Double
  /// Cosine similarity of the two tensors (all samples as one vector).
  public var cosine: Double
  /// The largest `|ref − q|` over all elements and samples.
  public var maxAbsError: Double

  /// A layer's figures, as `LayerComparison` computes them.
  public init(name: String, op: String, sqnrDB: Double, cosine: Double, maxAbsError: Double) {
    self.name = name
    self.op = op
    self.sqnrDB = sqnrDB
    self.cosine = cosine
    self.maxAbsError = maxAbsError
  }
}

/// Compares a converted model with its float model, layer by layer.
///
/// Algorithm: both models run every sample with all intermediates kept;
/// activation tensors are matched by name (int8 ones dequantized with their
/// scale and zero point, float16 ones widened); per match the sums
/// Σ ref², Σ q², Σ ref·q, Σ (ref − q)² and the max abs error accumulate
/// over all samples. Cost: two interpreter runs per sample and memory for
/// every activation of both models over all samples.
public enum LayerComparison {
  /// Runs both models on every sample (float model: float32 `.gml` bytes;
  /// quantized: int8, dynamic or float16 `.gml` bytes), matching activation
  /// tensors by name, dequantizing int8 ones.
  /// - Parameters:
  ///   - floatModel: the reference model's bytes.
  ///   - quantizedModel: the converted model's bytes.
  ///   - samples: batch-1 inputs.
  ///   - source: the file both models came from, named by errors
  ///     (`model.json (float)`, `model.json (quantized)`).
  /// - Returns: one `LayerError` per matched tensor, worst SQNR first.
  /// - Throws: `ConversionError` when a model is refused or a sample does
  ///   not fit.
  public static func compare(
    floatModel: [UInt8], quantizedModel: [UInt8], samples: CalibrationSamples,
    source: String = "model"
  ) throws(ConversionError) -> [LayerError] {
    let reference = try ModelRun(bytes: floatModel, samples: samples, file: "\(source) (float)")
    let converted = try ModelRun(
      bytes: quantizedModel, samples: samples, file: "\(source) (quantized)")
    return compare(reference, converted)
  }

  /// The matched layers of two runs, worst SQNR first.
  static func compare(_ reference: ModelRun, _ converted: ModelRun) -> [LayerError] {
    var seen: Set<String> = []
    var layers: [LayerError] = []
    for ref in reference.activations where !ref.isGraphInput && !seen.contains(ref.name) {
      seen.insert(ref.name)
      guard let q = converted.activation(named: ref.name) else { continue }
      guard let error = layerError(ref.values, q.values, name: ref.name, op: q.op) else {
        continue
      }
      layers.append(error)
    }
    return layers.sorted { ($0.sqnrDB, $0.name) < ($1.sqnrDB, $1.name) }
  }

  /// The figures for one tensor pair, or nil when their sizes differ.
  static func layerError(_ ref: [[Float]], _ q: [[Float]], name: String, op: String)
    -> LayerError?
  {
    guard ref.count == q.count else { return nil }
    var signal = 0.0
    var noise = 0.0
    var dot = 0.0
    var power = 0.0
    var maxAbs = 0.0
    for (r, v) in zip(ref, q) {
      guard r.count == v.count else { return nil }
      for (a, b) in zip(r, v) {
        let x = Double(a)
        let y = Double(b)
        signal += x * x
        noise += (x - y) * (x - y)
        dot += x * y
        power += y * y
        maxAbs = max(maxAbs, abs(x - y))
      }
    }
    let sqnr = noise == 0 ? Double.infinity : 10 * log10(signal / noise)
    let norms = (signal * power).squareRoot()
    let cosine = norms == 0 ? (signal == power ? 1 : 0) : dot / norms
    return LayerError(name: name, op: op, sqnrDB: sqnr, cosine: cosine, maxAbsError: maxAbs)
  }
}
