// GMLCommandLine/GML+Run.swift — `gml run`: feeds .npy inputs to a .gml model and writes its outputs as .npy.
import GMLConverter
import GMLCore
import GMLFormat
import GMLNumPy
import GMLRuntime

extension GML {
  /// `gml run MODEL.gml --input X.npy [--input ...] --output Y.npy [--output ...]`.
  enum Run {
    static let spec = CommandSpec(
      "run",
      abstract: "Run a .gml model on .npy inputs and write its outputs as .npy.",
      discussion: """
        Give one --input per model input, in the model's input order; each \
        must match the input's element type and shape. Give one --output \
        per model output, in the model's output order. Float32 models run \
        with the reference kernels; nothing is written unless the model ran.
        """,
      positionals: [PositionalSpec("model", help: "The .gml file to run.")],
      options: [
        .option(
          "input", short: "i", valueName: "file.npy", help: "An input array (repeat per input).",
          repeating: true),
        .option(
          "output", short: "o", valueName: "file.npy",
          help: "Where to write an output (repeat per output).", required: true, repeating: true),
      ])

    static func run(_ args: ParsedArguments, _ console: inout Console) throws {
      let path = args.positional("model") ?? ""
      let inputPaths = args.values("input")
      let outputPaths = args.values("output")
      let arrays = try inputPaths.map { try NPYFile.read($0) }
      let file = try ModelFile(path)
      let results: [NumPyArray] = try file.withModel { model in
        let graph = model.subgraphAt(0)
        try checkInputs(graph, arrays, inputPaths, modelPath: path)
        if outputPaths.count != graph.outputs.count {
          throw usageError(
            "the model has \(graph.outputs.count) output(s) but \(outputPaths.count) --output given"
          )
        }
        do throws(GMLError) {
          var interpreter = try Interpreter(model: model)
          for (k, array) in arrays.enumerated() { try interpreter.copyInput(array.bytes, at: k) }
          try interpreter.invoke()
          var results: [NumPyArray] = []
          for k in 0..<interpreter.outputCount {
            let info = interpreter.outputInfo(at: k)
            results.append(
              try NumPyArray(
                type: info.type, shape: info.shape, bytes: interpreter.copyOutput(at: k)))
          }
          return results
        } catch {
          throw CommandError(file: path, error, in: graph)
        }
      }
      for (array, outputPath) in zip(results, outputPaths) {
        try NPYFile.write(array, to: outputPath)
        console.print("wrote \(outputPath): \(array.type.name)\(array.shape)")
      }
    }

    /// A usage error of `gml run`.
    static func usageError(_ message: String) -> UsageError {
      UsageError(
        message, commandPath: ["gml", "run"],
        usage: ArgumentParser.usage(for: spec, commandPath: ["gml", "run"]))
    }

    /// One array per graph input, each of the input's type and shape.
    static func checkInputs(
      _ graph: Subgraph, _ arrays: [NumPyArray], _ paths: [String], modelPath: String
    ) throws {
      let inputs = graph.inputs
      if arrays.count != inputs.count {
        throw usageError("the model has \(inputs.count) input(s) but \(arrays.count) --input given")
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
