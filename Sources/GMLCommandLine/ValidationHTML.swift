// GMLCommandLine/ValidationHTML.swift — `gml validate --html`: the report as one self-contained page with a per-layer chart.
import GMLConverter

/// Renders a `ValidationReport` as an HTML page that needs nothing else
/// (no script, no network): the end-to-end figures and broken bounds, a
/// chart of each layer's SQNR and largest error (worst first, as the
/// report orders them; details on hover) and the table.
enum ValidationHTML {
  static func page(
    _ report: ValidationReport, bounds: ValidationBounds, floatModel: String, model: String
  ) -> String {
    let title = "\(model) against \(floatModel)"
    var out = Markup.pageHead(
      title: "\(title) — gml validate",
      style: ".sqnr { fill: #5b8fd6; } .error { fill: #e0913a; } .broken { color: #c00; }\n")
    out += "<h1>\(Markup.escaped(title))</h1>\n<ul>\n"
    out += "<li>\(report.sampleCount) samples</li>\n"
    out += "<li>top-1 agreement: \(ValidationText.percent(report.top1Agreement))</li>\n"
    if let accuracy = report.accuracy {
      out += "<li>accuracy: \(ValidationText.percent(accuracy))"
      if let f = report.floatAccuracy { out += " (float model: \(ValidationText.percent(f)))" }
      out += "</li>\n"
    }
    out += "<li>output max abs error: \(ValidationText.fixed(report.outputMaxAbsError, 6)), "
    out += "mean \(ValidationText.fixed(report.outputMeanAbsError, 6))</li>\n</ul>\n"
    for line in report.violations(of: bounds) {
      out += "<p class=\"broken\">broken: \(Markup.escaped(line))</p>\n"
    }
    out += "<h2>Per layer</h2>\n<p>SQNR in dB (blue; longer is better, ∞ where the layer "
    out += "is exact) and the largest absolute error (orange; longer is worse), worst SQNR "
    out += "first.</p>\n" + chart(report.layers) + "\n<table>\n"
    out += "<tr><th>layer</th><th>op</th><th>SQNR dB</th><th>cosine</th><th>max abs</th></tr>\n"
    for layer in report.layers {
      let cells = [
        layer.name, layer.op, ValidationText.fixed(layer.sqnrDB, 2),
        ValidationText.fixed(layer.cosine, 6), ValidationText.fixed(layer.maxAbsError, 6),
      ]
      out += "<tr>" + cells.map { "<td>\(Markup.escaped($0))</td>" }.joined() + "</tr>\n"
    }
    return out + "</table>\n</body>\n</html>\n"
  }

  /// A row per layer: its name, an SQNR bar (scaled to the best finite
  /// SQNR; infinite ones full length) and a max-error bar (scaled to the
  /// largest error).
  static func chart(_ layers: [LayerError]) -> String {
    let (label, bar, row) = (260, 240, 20)
    let bestSQNR = max(layers.map(\.sqnrDB).filter(\.isFinite).max() ?? 1, 1)
    let worstError = max(layers.map(\.maxAbsError).max() ?? 0, 1e-12)
    var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"layers\" "
    out += "width=\"\(label + 2 * bar + 40)\" height=\"\(layers.count * row + 24)\">\n"
    out += "<text x=\"\(label)\" y=\"12\">SQNR dB</text>"
    out += "<text x=\"\(label + bar + 20)\" y=\"12\">max abs error</text>\n"
    for (i, layer) in layers.enumerated() {
      let y = 18 + i * row
      let sqnr = layer.sqnrDB.isFinite ? max(layer.sqnrDB, 0) / bestSQNR : 1
      let error = layer.maxAbsError / worstError
      let details = Markup.escaped(
        "\(layer.name) (\(layer.op))\nSQNR \(ValidationText.fixed(layer.sqnrDB, 2)) dB, "
          + "cosine \(ValidationText.fixed(layer.cosine, 6)), "
          + "max abs error \(ValidationText.fixed(layer.maxAbsError, 6))")
      let name = layer.name.count <= 40 ? layer.name : String(layer.name.prefix(39)) + "…"
      out += "<g><title>\(details)</title>"
      out += "<text x=\"4\" y=\"\(y + 12)\">\(Markup.escaped(name))</text>"
      out += "<rect class=\"sqnr\" x=\"\(label)\" y=\"\(y)\" height=\"14\" "
      out += "width=\"\(max(Int(sqnr * Double(bar)), 1))\"/>"
      out += "<rect class=\"error\" x=\"\(label + bar + 20)\" y=\"\(y)\" height=\"14\" "
      out += "width=\"\(max(Int(error * Double(bar)), 1))\"/></g>\n"
    }
    return out + "</svg>"
  }
}
