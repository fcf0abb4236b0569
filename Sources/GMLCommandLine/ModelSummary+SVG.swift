// GMLCommandLine/ModelSummary+SVG.swift — the two drawings of `gml inspect --html`: the operator graph and the arena timeline.
import GMLCore
import GMLFormat
import GMLRuntime

extension ModelSummary {
  /// The graph as a column of boxes in execution order (graph inputs
  /// first, outputs last), an edge per activation read: straight down to
  /// the next box, else an arc on the right, wider the farther it goes.
  /// Each box and edge has a `<title>` (its details on hover).
  var graphSVG: String {
    let (left, width, step, height) = (20, 380, 46, 30)
    var row: [Int: Int] = [:]
    var boxes: [(kind: String, lines: [String], details: String)] = []
    for i in inputs {
      row[i] = boxes.count
      boxes.append(("end", ["input", tensors[i].name], tensorDetails(i)))
    }
    var edges: [(from: Int, to: Int, tensor: Int)] = []
    for op in operators {
      let r = boxes.count
      for t in op.inputs where t >= 0 && tensors[t].buffer == 0 {
        if let from = row[t] { edges.append((from, r, t)) }
      }
      var details = op.options.map { "\($0.0)=\($0.1)" }
      for t in op.inputs where t >= 0 && tensors[t].buffer != 0 {
        details.append("const \(tensors[t].name) \(tensors[t].type.name)\(tensors[t].shape)")
      }
      boxes.append(
        ("op", ["#\(op.index) \(op.opcode.schemaName)", op.name], details.joined(separator: "\n")))
      for t in op.outputs { row[t] = r }
    }
    for t in outputs {
      if let from = row[t] { edges.append((from, boxes.count, t)) }
      boxes.append(("end", ["output", tensors[t].name], tensorDetails(t)))
    }
    let widest = edges.map { min($0.to - $0.from, 40) }.max() ?? 1
    let svgWidth = left + width + 40 + 10 * widest + 20
    var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph\" width=\"\(svgWidth)\" "
    out += "height=\(quote(boxes.count * step + 20))>\n<defs><marker id=\"arrow\" "
    out += "viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"6\" markerHeight=\"6\" "
    out += "orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#555\"/></marker></defs>\n"
    for (r, box) in boxes.enumerated() {
      let y = 10 + r * step
      out += "<g class=\"\(box.kind)\"><title>\(Markup.escaped(box.details))</title>"
      out += "<rect x=\"\(left)\" y=\"\(y)\" width=\"\(width)\" height=\"\(height)\" rx=\"4\"/>"
      out += "<text x=\"\(left + 6)\" y=\"\(y + 13)\">\(Markup.escaped(box.lines[0]))</text>"
      out +=
        "<text x=\"\(left + 6)\" y=\"\(y + 26)\">\(Markup.escaped(clip(box.lines[1])))</text></g>\n"
    }
    for e in edges {
      let (top, bottom) = (10 + e.from * step, 10 + e.to * step)
      var d = "M\(left + width / 2),\(top + height) L\(left + width / 2),\(bottom)"
      if e.to - e.from > 1 {
        let (x, reach) = (left + width, left + width + 30 + 10 * min(e.to - e.from, 40))
        d =
          "M\(x),\(top + height / 2) C\(reach),\(top + height / 2) \(reach),\(bottom + height / 2)"
        d += " \(x),\(bottom + height / 2)"
      }
      out += "<path class=\"edge\" d=\"\(d)\"><title>\(Markup.escaped(tensorDetails(e.tensor)))"
      out += "</title></path>\n"
    }
    return out + "</svg>"
  }

  /// The arena over time: a bar per arena tensor from the operator that
  /// first touches it to the last (across, one column an operator), at
  /// its planned offset and as tall as its bytes (down, the arena's size
  /// scaled to 320 pixels).
  var arenaSVG: String {
    let columns = max(operators.count, 1)
    let column = min(max(900 / columns, 6), 40)
    let (left, top, plotHeight) = (80, 16, 320)
    let scale = Double(plotHeight) / Double(max(plan.arenaSize, 1))
    let plotWidth = columns * column
    var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"arena\" "
    out += "width=\(quote(left + plotWidth + 20)) height=\(quote(top + plotHeight + 40))>\n"
    out += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(plotWidth)\" height=\"\(plotHeight)\" "
    out += "fill=\"none\" stroke=\"#888\"/>\n"
    out += "<text x=\"4\" y=\"\(top + 10)\">0</text>"
    out += "<text x=\"4\" y=\"\(top + plotHeight)\">\(plan.arenaSize) B</text>\n"
    let tick = max(1, (columns + 9) / 10)
    for i in stride(from: 0, to: columns, by: tick) {
      out += "<text x=\"\(left + i * column)\" y=\"\(top + plotHeight + 14)\">\(i)</text>"
    }
    out += "<text x=\"\(left)\" y=\"\(top + plotHeight + 32)\">operator</text>\n"
    for l in lifetimes where l.request.size > 0 {
      let t = l.tensor
      let x = left + l.request.firstUse * column
      let w = (l.request.lastUse - l.request.firstUse + 1) * column - 1
      let y = Double(top) + Double(plan.offsets[t]) * scale
      let h = max(Double(l.request.size) * scale, 1)
      out += "<rect class=\"tensor\" x=\"\(x)\" y=\"\(format(y))\" width=\"\(max(w, 1))\" "
      out += "height=\"\(format(h))\" fill=\"hsl(\((t * 47) % 360), 55%, 65%)\" stroke=\"#333\" "
      out += "stroke-width=\"0.5\"><title>\(Markup.escaped(tensorDetails(t)))\n"
      out += "\(l.request.size) bytes, operators \(l.request.firstUse)–\(l.request.lastUse)"
      out += "</title></rect>\n"
    }
    return out + "</svg>"
  }

  /// `#i name`, type, shape, quantization and arena offset, one a line.
  private func tensorDetails(_ i: Int) -> String {
    let t = tensors[i]
    var lines = ["#\(i) \(t.name)", "\(t.type.name)\(t.shape)"]
    if t.quantization != nil { lines.append(quantizationText(t.quantization)) }
    if t.arenaOffset >= 0 { lines.append("arena offset \(t.arenaOffset)") }
    return lines.joined(separator: "\n")
  }

  private func clip(_ name: String) -> String {
    name.count <= 56 ? name : String(name.prefix(55)) + "…"
  }

  private func quote(_ n: Int) -> String { "\"\(n)\"" }

  /// A coordinate with two decimals at most.
  private func format(_ v: Double) -> String {
    let hundredths = Int((v * 100).rounded())
    let fraction = hundredths % 100
    return fraction == 0
      ? "\(hundredths / 100)" : "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
  }
}
