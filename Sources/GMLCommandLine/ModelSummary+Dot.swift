// GMLCommandLine/ModelSummary+Dot.swift — `gml inspect --dot`: the operator graph in Graphviz's DOT language.
import GMLCore
import GMLFormat

extension ModelSummary {
  /// The graph as a Graphviz digraph: a box per operator (its index,
  /// opcode, name and options, and its constant inputs), an ellipse per
  /// graph input and output, and an edge per activation from the operator
  /// (or input) that writes it to each operator (or output) that reads
  /// it, labelled with its name, type, shape, quantization and arena
  /// offset. `dot -Tsvg` draws it.
  var dot: String {
    var out = "digraph \(Markup.dotQuoted(subgraphName)) {\n"
    out += "  node [fontname=\"Helvetica\", fontsize=10];\n"
    out += "  edge [fontname=\"Helvetica\", fontsize=8];\n"
    var producer: [Int: String] = [:]
    for i in inputs {
      producer[i] = "input\(i)"
      out += "  input\(i) [shape=ellipse, label=\(Markup.dotQuoted("input\n" + tensorText(i)))];\n"
    }
    for op in operators {
      var lines = ["#\(op.index) \(op.opcode.schemaName)", clipped(op.name)]
      lines += op.options.map { "\($0.0)=\($0.1)" }
      for t in op.inputs where t >= 0 && tensors[t].buffer != 0 {
        lines.append("const " + clipped(tensors[t].name) + " " + typeText(t))
      }
      out +=
        "  op\(op.index) [shape=box, label=\(Markup.dotQuoted(lines.joined(separator: "\n")))];\n"
      for t in op.outputs { producer[t] = "op\(op.index)" }
    }
    for op in operators {
      for t in op.inputs where t >= 0 && tensors[t].buffer == 0 {
        out +=
          "  \(producer[t] ?? "input\(t)") -> op\(op.index) [label=\(Markup.dotQuoted(edgeText(t)))];\n"
      }
    }
    for t in outputs {
      out +=
        "  output\(t) [shape=ellipse, label=\(Markup.dotQuoted("output\n" + tensorText(t)))];\n"
      out +=
        "  \(producer[t] ?? "input\(t)") -> output\(t) [label=\(Markup.dotQuoted(edgeText(t)))];\n"
    }
    return out + "}\n"
  }

  private func typeText(_ i: Int) -> String { "\(tensors[i].type.name)\(tensors[i].shape)" }

  private func tensorText(_ i: Int) -> String { clipped(tensors[i].name) + "\n" + typeText(i) }

  private func edgeText(_ i: Int) -> String {
    let t = tensors[i]
    var lines = [clipped(t.name), typeText(i)]
    if t.quantization != nil { lines.append(quantizationText(t.quantization)) }
    if t.arenaOffset >= 0 { lines.append("arena \(t.arenaOffset)") }
    return lines.joined(separator: "\n")
  }

  /// Long TFLite names (a fused op's names joined by `;`) cut to 48
  /// characters, the rest as `…`.
  private func clipped(_ name: String) -> String {
    name.count <= 48 ? name : String(name.prefix(47)) + "…"
  }
}
