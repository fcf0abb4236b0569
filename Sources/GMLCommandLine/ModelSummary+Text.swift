// GMLCommandLine/ModelSummary+Text.swift — the human-readable `gml inspect` report.
import GMLCore
import GMLFormat
import GMLRuntime

extension ModelSummary {
  /// The report as aligned text sections.
  func text(fileName: String) -> String {
    var out = "\(fileName): \(fileSize) bytes, .gml format version \(formatVersion)"
    out += ", rounding \(roundingMode.schemaName)\n"
    if let m = metadata {
      out += "producer: \(m.producer) \(m.producerVersion)\n"
      let source = [m.sourceName, m.sourceDigest].filter { !$0.isEmpty }
      if !source.isEmpty { out += "source: " + source.joined(separator: " ") + "\n" }
      if let c = m.calibration {
        out += "calibration: \(c.method), \(c.sampleCount) samples"
        if c.method == "percentile" { out += ", percentile \(c.percentile)" }
        if !c.source.isEmpty { out += ", from \(c.source)" }
        out += "\n"
      }
    }
    out += "graph \"\(subgraphName)\": \(tensors.count) tensors, \(operators.count) operators, "
    out += "\(buffers.count) constant buffers (\(weightBytes) bytes)\n"
    out += "inputs:  " + inputs.map { tensorLabel($0) }.joined(separator: ", ") + "\n"
    out += "outputs: " + outputs.map { tensorLabel($0) }.joined(separator: ", ") + "\n"
    out += "arena: \(plan.arenaSize) bytes planned (lower bound \(plan.lowerBound)), "
    out += "\(planReusingInputs.arenaSize) reusing the inputs' memory"
    if let stored = storedPlan {
      out += ", \(stored.arenaSize) bytes in the file's plan"
      if stored.inputsReused { out += " (inputs' memory reused)" }
    }
    if let (bytes, alignment) = microcontrollerArena {
      out += "\narena on a microcontroller: \(bytes) bytes"
      if let reusing = microcontrollerArenaReusingInputs {
        out += " (\(reusing) reusing the inputs' memory)"
      }
      out += ", \(alignment)-byte aligned"
      out += " (weights read in place, Cortex-M DSP scratch; one thread)"
    }
    out += "\n" + Footprint(self).lines.joined(separator: "\n")
    out += "\n\nTensors\n"
    out += table(
      ["#", "name", "type", "shape", "buffer", "arena", "quantization"],
      tensors.map { t in
        [
          "\(t.index)", t.name, t.type.name, t.shape.description,
          t.buffer == 0 ? "-" : "\(t.buffer)",
          t.arenaOffset < 0 ? "-" : "\(t.arenaOffset)", quantizationText(t.quantization),
        ]
      })
    out += "\nOperators\n"
    out += table(
      ["#", "op", "name", "inputs", "outputs", "options"],
      operators.map { op in
        [
          "\(op.index)", op.opcode.schemaName, op.name, "\(op.inputs)", "\(op.outputs)",
          op.options.map { "\($0.0)=\($0.1)" }.joined(separator: " "),
        ]
      })
    out += "\nBuffers\n"
    out += table(
      ["#", "bytes", "file offset", "alignment"],
      buffers.map { ["\($0.index)", "\($0.size)", "\($0.fileOffset)", "\($0.alignment)"] })
    if let m = metadata, !m.entries.isEmpty {
      out += "\nMetadata\n"
      out += table(["key", "value"], m.entries.map { [$0.key, $0.value] })
    }
    return out
  }

  private func tensorLabel(_ i: Int) -> String {
    let t = tensors[i]
    return "\(t.name) (#\(i)) \(t.type.name)\(t.shape)"
  }

  /// `scale=… zero_point=…` per tensor; per-axis: the axis, the count,
  /// the range of the scales and the zero points (one value when all
  /// agree). `gml inspect --json` lists every value.
  func quantizationText(_ q: QuantizationDefinition?) -> String {
    guard let q else { return "-" }
    if q.scales.count == 1, let zp = q.zeroPoints.first {
      return "scale=\(q.scales[0]) zero_point=\(zp)"
    }
    let lo = q.scales.min() ?? 0
    let hi = q.scales.max() ?? 0
    let (zlo, zhi) = (q.zeroPoints.min() ?? 0, q.zeroPoints.max() ?? 0)
    let zeroPoints = zlo == zhi ? "zero_point=\(zlo)" : "zero_points in [\(zlo), \(zhi)]"
    return "per-axis(\(q.axis)) \(q.scales.count) scales in [\(lo), \(hi)] \(zeroPoints)"
  }

  /// Left-aligned columns separated by two spaces.
  private func table(_ header: [String], _ rows: [[String]]) -> String {
    var widths = header.map(\.count)
    for row in rows {
      for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
    }
    func line(_ cells: [String]) -> String {
      var s = "  "
      for (i, cell) in cells.enumerated() {
        s += cell
        if i < cells.count - 1 { s += String(repeating: " ", count: widths[i] - cell.count + 2) }
      }
      while s.hasSuffix(" ") { s.removeLast() }
      return s + "\n"
    }
    return line(header) + rows.map(line).joined()
  }
}
