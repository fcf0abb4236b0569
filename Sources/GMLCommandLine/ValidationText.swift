// GMLCommandLine/ValidationText.swift — `gml validate`'s report as a table or as JSON.
import GMLConverter

/// Renders a `ValidationReport` for the terminal or for `--json`.
enum ValidationText {
  /// The per-layer table (worst first) and the end-to-end figures.
  static func text(_ report: ValidationReport) -> String {
    let nameWidth = max(5, report.layers.map(\.name.count).max() ?? 0)
    let opWidth = max(2, report.layers.map(\.op.count).max() ?? 0)
    var out = "per-layer error (worst first, \(report.sampleCount) samples):\n"
    out +=
      pad("layer", nameWidth) + "  " + pad("op", opWidth) + "  "
      + left("SQNR dB", 9) + "  " + left("cosine", 8) + "  " + left("max abs", 10) + "\n"
    for layer in report.layers {
      out +=
        pad(layer.name, nameWidth) + "  " + pad(layer.op, opWidth) + "  "
        + left(fixed(layer.sqnrDB, 2), 9) + "  " + left(fixed(layer.cosine, 6), 8) + "  "
        + left(fixed(layer.maxAbsError, 6), 10) + "\n"
    }
    out += "top-1 agreement: \(percent(report.top1Agreement))\n"
    if let accuracy = report.accuracy {
      out += "accuracy: \(percent(accuracy))"
      if let floatAccuracy = report.floatAccuracy {
        out += " (float model: \(percent(floatAccuracy)))"
      }
      out += "\n"
    }
    out += "output max abs error: \(fixed(report.outputMaxAbsError, 6))\n"
    out += "output mean abs error: \(fixed(report.outputMeanAbsError, 6))\n"
    return out
  }

  /// The same report as JSON; infinite SQNR is `null`.
  static func json(_ report: ValidationReport, bounds: ValidationBounds) -> JSONValue {
    let layers = report.layers.map { layer in
      JSONValue.object([
        ("name", .string(layer.name)), ("op", .string(layer.op)),
        ("sqnr_db", .double(layer.sqnrDB)), ("cosine", .double(layer.cosine)),
        ("max_abs_error", .double(layer.maxAbsError)),
      ])
    }
    let violations = report.violations(of: bounds).map { JSONValue.string($0) }
    return .object([
      ("samples", .int(report.sampleCount)),
      ("layers", .array(layers)),
      ("top1_agreement", .double(report.top1Agreement)),
      ("accuracy", report.accuracy.map { .double($0) } ?? .null),
      ("float_accuracy", report.floatAccuracy.map { .double($0) } ?? .null),
      ("output_max_abs_error", .double(report.outputMaxAbsError)),
      ("output_mean_abs_error", .double(report.outputMeanAbsError)),
      ("violations", .array(violations)),
    ])
  }

  /// `value` with `digits` decimals; `inf` for infinity.
  static func fixed(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return value > 0 ? "inf" : (value < 0 ? "-inf" : "nan") }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (abs(value) * scale).rounded()
    let whole = Int(rounded / scale)
    let frac = Int(rounded - Double(whole) * scale)
    let fracText = String(frac)
    let sign = value < 0 && rounded > 0 ? "-" : ""
    if digits == 0 { return sign + String(whole) }
    return sign + String(whole) + "."
      + String(repeating: "0", count: max(0, digits - fracText.count)) + fracText
  }

  /// A share as a percentage with one decimal.
  static func percent(_ share: Double) -> String { fixed(share * 100, 1) + "%" }

  static func pad(_ s: String, _ width: Int) -> String {
    s + String(repeating: " ", count: max(0, width - s.count))
  }

  static func left(_ s: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - s.count)) + s
  }
}
