// GMLCommandLine/ModelSummary+HTML.swift — `gml inspect --html`: one self-contained page with the graph, the arena timeline and the tensor table.
import GMLCore
import GMLFormat
import GMLRuntime

extension ModelSummary {
  /// The report as one HTML page that needs nothing else (no script, no
  /// network): the facts of the text report's head, the operator graph
  /// (`graphSVG`), the arena timeline (`arenaSVG`) and the tensor table.
  /// Hovering a box, an edge or a bar shows its details.
  func html(fileName: String) -> String {
    var out = Markup.pageHead(
      title: "\(fileName) — gml inspect",
      style: ".op rect { fill: #eef3fb; stroke: #36c; }\n"
        + ".end rect { fill: #f4f4f4; stroke: #888; }\n"
        + ".edge { fill: none; stroke: #555; marker-end: url(#arrow); }\n"
        + ".tensor:hover, .op:hover rect, .edge:hover { stroke: #e60; stroke-width: 2; }\n")
    out += "<h1>\(Markup.escaped(fileName))</h1>\n<p>"
    out += "\(fileSize) bytes, .gml format version \(formatVersion), "
    out += "rounding \(roundingMode.schemaName); graph “\(Markup.escaped(subgraphName))”: "
    out += "\(tensors.count) tensors, \(operators.count) operators, \(weightBytes) bytes of "
    out += "constants. Arena: \(plan.arenaSize) bytes planned, lower bound \(plan.lowerBound)"
    if let (bytes, _) = microcontrollerArena { out += "; \(bytes) on a microcontroller" }
    out += ".</p>\n<h2>Graph</h2>\n<p>Each activation is an edge from the operator that "
    out +=
      "writes it to each that reads it; hover for its type, quantization and arena offset.</p>\n"
    out += graphSVG + "\n<h2>Arena</h2>\n<p>Each activation is a bar from the operator that "
    out += "writes it to the last that reads it (across), at its byte offset (down): the arena "
    out += "is as tall as the bars stacked where they overlap.</p>\n"
    out += arenaSVG + "\n<h2>Tensors</h2>\n<table>\n"
    out += "<tr><th>#</th><th>name</th><th>type</th><th>shape</th><th>buffer</th>"
    out += "<th>arena offset</th><th>quantization</th></tr>\n"
    for t in tensors {
      let cells = [
        "\(t.index)", t.name, t.type.name, t.shape.description, t.buffer == 0 ? "-" : "\(t.buffer)",
        t.arenaOffset < 0 ? "-" : "\(t.arenaOffset)", quantizationText(t.quantization),
      ]
      out += "<tr>" + cells.map { "<td>\(Markup.escaped($0))</td>" }.joined() + "</tr>\n"
    }
    return out + "</table>\n</body>\n</html>\n"
  }
}
