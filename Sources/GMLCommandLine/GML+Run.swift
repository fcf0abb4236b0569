// GMLCommandLine/GML+Run.swift — `gml run`: feeds .npy inputs to a .gml model and writes its output.
import GMLCore
import GMLFormat
import GMLNumPy

extension GML {
  /// `gml run MODEL.gml --input X.npy [--input ...] --output Y.npy`.
  enum Run {
    static let spec = CommandSpec(
      "run",
      abstract: "Run a .gml model on .npy inputs and write its output as .npy.",
      discussion: """
        Give one --input per model input, in the model's input order; each \
        must match the input's element type and shape.
        """,
      positionals: [PositionalSpec("model", help: "The .gml file to run.")],
      options: [
        .option(
          "input", short: "i", valueName: "file.npy", help: "An input array (repeat per input).",
          repeating: true),
        .option(
          "output", short: "o", valueName: "file.npy", help: "Where to write the output.",
          required: true),
      ])

    static func run(_ args: ParsedArguments, _ console: inout Console) throws {
      let path = args.positional("model") ?? ""
      let inputPaths = args.values("input")
      let arrays = try inputPaths.map { try NPYFile.read($0) }
      let file = try ModelFile(path)
      try file.withModel { model in
        let graph = model.subgraphAt(0)
        try checkInputs(graph, arrays, inputPaths, modelPath: path)
        var missing: [String] = []
        for i in 0..<graph.operatorCount
        where !missing.contains(graph.operatorAt(i).opcode.schemaName) {
          missing.append(graph.operatorAt(i).opcode.schemaName)
        }
        throw CommandError(
          file: path,
          "unsupported op: this build of gml has no kernels yet for "
            + missing.joined(separator: ", ") + "; nothing was written")
      }
    }

    /// One array per graph input, each of the input's type and shape.
    static func checkInputs(
      _ graph: Subgraph, _ arrays: [NumPyArray], _ paths: [String], modelPath: String
    ) throws {
      let inputs = graph.inputs
      if arrays.count != inputs.count {
        throw UsageError(
          "the model has \(inputs.count) input(s) but \(arrays.count) --input given",
          commandPath: ["gml", "run"],
          usage: ArgumentParser.usage(for: spec, commandPath: ["gml", "run"]))
      }
      for (k, (t, array)) in zip(inputs, arrays).enumerated() {
        let tensor = graph.tensorAt(t)
        if tensor.type != array.type || tensor.shape != array.shape {
          throw CommandError(
            file: paths[k],
            "input mismatch: input \(k) '\(tensor.name)' of \(modelPath) expects "
              + "\(tensor.type.name)\(tensor.shape), the file holds \(array.type.name)\(array.shape)"
          )
        }
      }
    }
  }
}
