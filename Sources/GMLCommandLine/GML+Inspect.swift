// GMLCommandLine/GML+Inspect.swift — `gml inspect`: tensors, operators, buffers, arena and metadata of a .gml.
import GMLCore

extension GML {
  /// `gml inspect MODEL.gml [--json]`.
  enum Inspect {
    static let spec = CommandSpec(
      "inspect",
      abstract: "Print a .gml model's tensors, operators, buffers, arena and metadata.",
      discussion: """
        The file is verified first, as the runtime would. Buffers are listed \
        with their size, file offset and alignment; the arena line gives the \
        size planned from tensor lifetimes and its lower bound, the next one \
        the arena the interpreter needs on a microcontroller (the size of a \
        static arena there).
        """,
      positionals: [PositionalSpec("model", help: "The .gml file to inspect.")],
      options: [.flag("json", help: "Print the same facts as one JSON object.")])

    static func run(_ args: ParsedArguments, _ console: inout Console) throws {
      let path = args.positional("model") ?? ""
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
      } else {
        console.write(summary.text(fileName: path))
      }
    }
  }
}
