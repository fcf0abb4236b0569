// GMLCommandLine/GML+Inspect.swift — `gml inspect`: tensors, operators, buffers, arena and metadata of a .gml, or its graph in DOT.
import GMLCore

extension GML {
  /// `gml inspect MODEL.gml [--json | --dot]`.
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
        activation, with its type, shape, quantization and arena offset.
        """,
      positionals: [PositionalSpec("model", help: "The .gml file to inspect.")],
      options: [
        .flag("json", help: "Print the same facts as one JSON object."),
        .flag("dot", help: "Print the operator graph in Graphviz's DOT language."),
      ])

    static func run(_ args: ParsedArguments, _ console: inout Console) throws {
      let path = args.positional("model") ?? ""
      if args.flag("json") && args.flag("dot") {
        throw UsageError(
          "choose one of --json and --dot", commandPath: ["gml", "inspect"],
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
      } else {
        console.write(summary.text(fileName: path))
      }
    }
  }
}
