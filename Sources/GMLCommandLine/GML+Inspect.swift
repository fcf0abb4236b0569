// GMLCommandLine/GML+Inspect.swift — `gml inspect`: tensors, operators, buffers, arena and metadata of a .gml; its graph in DOT; an HTML page.
import GMLConverter
import GMLCore

extension GML {
  /// `gml inspect MODEL.gml [--json | --dot | --html OUT.html]`.
  enum Inspect {
    static let spec = CommandSpec(
      "inspect",
      abstract: "Print a .gml model's tensors, operators, buffers, arena and metadata.",
      discussion: """
        The file is verified first, as the runtime would. Buffers are listed \
        with their size, file offset and alignment; the arena line gives the \
        size planned from tensor lifetimes and its lower bound, the next one \
        the arena the interpreter needs on a microcontroller (the size of a \
        static arena there). --dot prints the operator graph for Graphviz \
        (`gml inspect m.gml --dot | dot -Tsvg -o m.svg`): an edge per \
        activation, with its type, shape, quantization and arena offset. \
        --html writes a page that needs nothing else (no script, no network): \
        the graph, an arena timeline (each activation a bar from the operator \
        that writes it to the last that reads it, at its byte offset: why the \
        arena is the size it is) and the tensor table.
        """,
      positionals: [PositionalSpec("model", help: "The .gml file to inspect.")],
      options: [
        .flag("json", help: "Print the same facts as one JSON object."),
        .flag("dot", help: "Print the operator graph in Graphviz's DOT language."),
        .option(
          "html", valueName: "file.html",
          help: "Write one self-contained page: the graph, the arena timeline, the tensors."),
      ])

    static func run(_ args: ParsedArguments, _ console: inout Console) throws {
      let path = args.positional("model") ?? ""
      let html = args.value("html")
      if [args.flag("json"), args.flag("dot"), html != nil].filter({ $0 }).count > 1 {
        throw UsageError(
          "choose one of --json, --dot and --html", commandPath: ["gml", "inspect"],
          usage: ArgumentParser.usage(for: spec, commandPath: ["gml", "inspect"]))
      }
      let file = try ModelFile(path)
      let summary = try file.withModel { model in
        do throws(GMLError) {
          return try ModelSummary(model)
        } catch {
          throw CommandError(file: path, error)
        }
      }
      if args.flag("json") {
        console.print(summary.json.serialized())
      } else if args.flag("dot") {
        console.write(summary.dot)
      } else if let html {
        do throws(GMLError) {
          try OutputFile.write(Array(summary.html(fileName: path).utf8), to: html)
        } catch {
          throw CommandError(file: html, error)
        }
        console.print("wrote \(html)")
      } else {
        console.write(summary.text(fileName: path))
      }
    }
  }
}
