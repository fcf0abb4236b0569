// GMLConverter/Validation/LayerComparison.swift — per-layer error of a converted model against its float model.

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
/// Algorithm: both models run each sample (`PairedRun`, on every core);
/// activation tensors are matched by name (int8 ones dequantized with their
/// scale and zero point, float16 ones widened); per match the sums
/// Σ ref², Σ q², Σ ref·q, Σ (ref − q)² and the max abs error are taken per
/// sample and merged in sample order (`LayerSums`). Cost: two interpreter
/// runs per sample; memory: two arenas per worker, no sample kept.
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
    try PairedRun(
      reference: floatModel, converted: quantizedModel, samples: samples,
      files: ("\(source) (float)", "\(source) (quantized)")
    ).layers
  }

  /// The figures of one tensor pair given as values per sample, or nil
  /// when their sizes differ.
  static func layerError(_ ref: [[Float]], _ q: [[Float]], name: String, op: String)
    -> LayerError?
  {
    guard ref.count == q.count else { return nil }
    var sums = LayerSums()
    for (r, v) in zip(ref, q) {
      r.withUnsafeBufferPointer { r in
        v.withUnsafeBufferPointer { v in sums.merge(LayerSums(r, v)) }
      }
    }
    return sums.layerError(name: name, op: op)
  }
}
