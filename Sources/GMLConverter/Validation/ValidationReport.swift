// GMLConverter/Validation/ValidationReport.swift — end-to-end figures of a converted model and the bounds CI checks.

/// What `Validation.validate` found: per-layer errors and end-to-end figures.
public struct ValidationReport: Equatable, Sendable {
  /// Per-layer errors, worst SQNR first.
  public var layers: [LayerError]
  /// How many samples both models ran.
  public var sampleCount: Int
  /// The share of samples whose top-1 class (argmax of the first output)
  /// is the same in both models.
  public var top1Agreement: Double
  /// The converted model's top-1 accuracy against the labels, when given.
  public var accuracy: Double?
  /// The float model's top-1 accuracy against the labels, when given.
  public var floatAccuracy: Double?
  /// The largest `|float − converted|` over the outputs.
  public var outputMaxAbsError: Double
  /// The mean `|float − converted|` over the outputs.
  public var outputMeanAbsError: Double

  /// A report with the given figures (tests, API users).
  public init(
    layers: [LayerError], sampleCount: Int, top1Agreement: Double, accuracy: Double?,
    floatAccuracy: Double?, outputMaxAbsError: Double, outputMeanAbsError: Double
  ) {
    self.layers = layers
    self.sampleCount = sampleCount
    self.top1Agreement = top1Agreement
    self.accuracy = accuracy
    self.floatAccuracy = floatAccuracy
    self.outputMaxAbsError = outputMaxAbsError
    self.outputMeanAbsError = outputMeanAbsError
  }

  /// The bounds this report breaks, one line each naming the figure, its
  /// value and the bound.
  /// - Parameter bounds: the limits to check; nil ones are not checked.
  /// - Returns: empty when every bound holds.
  public func violations(of bounds: ValidationBounds) -> [String] {
    var lines: [String] = []
    if let bound = bounds.minAgreement, !(top1Agreement >= bound) {
      lines.append("top-1 agreement \(top1Agreement) is below the minimum \(bound)")
    }
    if let bound = bounds.minAccuracy {
      if let accuracy {
        if !(accuracy >= bound) {
          lines.append("accuracy \(accuracy) is below the minimum \(bound)")
        }
      } else {
        lines.append("accuracy is unknown (no labels) but a minimum of \(bound) was asked for")
      }
    }
    if let bound = bounds.maxAbsError, !(outputMaxAbsError <= bound) {
      lines.append("output max abs error \(outputMaxAbsError) is above the maximum \(bound)")
    }
    return lines
  }
}

/// Limits a converted model must meet (`--min-agreement`, `--min-accuracy`,
/// `--max-abs-error`).
public struct ValidationBounds: Equatable, Sendable {
  /// The lowest acceptable top-1 agreement, in [0, 1].
  public var minAgreement: Double?
  /// The lowest acceptable accuracy, in [0, 1]; needs labels.
  public var minAccuracy: Double?
  /// The largest acceptable output max abs error.
  public var maxAbsError: Double?

  /// Bounds; nil ones are not checked.
  public init(minAgreement: Double? = nil, minAccuracy: Double? = nil, maxAbsError: Double? = nil) {
    self.minAgreement = minAgreement
    self.minAccuracy = minAccuracy
    self.maxAbsError = maxAbsError
  }
}
