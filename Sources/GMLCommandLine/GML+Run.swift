// GMLCommandLine/GML+Run.swift — `gml run`: feeds .npy inputs to a .gml model and writes its outputs as .npy.
import GMLConverter
import GMLCore
import GMLFormat
import GMLKernels
import GMLNumPy
import GMLRuntime

extension GML {
  /// `gml run MODEL.gml --input X.npy [--input ...] --output Y.npy [--output ...] [--raw]
  /// [--isa TIER]`.
  enum Run {
    static let spec = CommandSpec(
      "run",
      abstract: "Run a .gml model on .npy inputs and write its outputs as .npy.",
      discussion: """
        Give one --input per model input, in the model's input order; each \
        must match the input's shape. Give one --output per model output, \
        in the model's output order. Inputs and outputs are float32: an \
        int8 model input is quantized with that input's scale and zero \
        point (as TFLite's QUANTIZE), and an int8 model output dequantized \
        (as DEQUANTIZE). With --raw, int8 inputs and outputs pass as int8 \
        arrays, unchanged. Int8 Conv2D, DepthwiseConv2D, FullyConnected, \
        ADD/SUB/MUL, pools, Mean and BatchMatMul run the fast kernels of the best \
        instruction-set tier this CPU runs that is on by default (--isa or \
        GML_ISA caps it), the others their reference kernels; every tier \
        gives the reference kernels' bytes. Float32 FullyConnected, \
        Conv2D and DepthwiseConv2D run fast kernels on AVX2 with FMA, whose \
        sums run in another order (--isa portable gives the reference's \
        values); the other float32 and the hybrid fast kernels give the \
        reference's values on every tier. Nothing is written unless the \
        model ran.
        """,
      positionals: [PositionalSpec("model", help: "The .gml file to run.")],
      options: [
        .option(
          "input", short: "i", valueName: "file.npy", help: "An input array (repeat per input).",
          repeating: true),
        .option(
          "output", short: "o", valueName: "file.npy",
          help: "Where to write an output (repeat per output).", required: true, repeating: true),
        .flag(
          "raw",
          help: "Pass int8 model inputs and outputs as int8 arrays, without (de)quantizing."),
        .flag(
          "reuse-input-memory",
          help: "Let activations reuse the inputs' memory once read (a smaller arena; the "
            + "file's plan is used if made so by gml convert --reuse-input-memory)."),
        ISAOption.spec,
      ])

    static func run(_ args: ParsedArguments, _ console: inout Console) throws {
      let path = args.positional("model") ?? ""
      let inputPaths = args.values("input")
      let outputPaths = args.values("output")
      let raw = args.flag("raw")
      let isa = try ISAOption.cap(
        args, command: ["gml", "run"],
        usage: ArgumentParser.usage(for: spec, commandPath: ["gml", "run"]))
      let arrays = try inputPaths.map { try NPYFile.read($0) }
      let file = try ModelFile(path)
      let results: [NumPyArray] = try file.withModel { model in
        let graph = model.subgraphAt(0)
        try checkInputs(graph, arrays, inputPaths, modelPath: path, raw: raw)
        if outputPaths.count != graph.outputs.count {
          throw usageError(
            "the model has \(graph.outputs.count) output(s) but \(outputPaths.count) --output given"
          )
        }
        do throws(GMLError) {
          var interpreter = try Interpreter(
            model: model,
            options: .init(isa: isa, reusesInputMemory: args.flag("reuse-input-memory")))
          for (k, array) in arrays.enumerated() {
            let info = interpreter.inputInfo(at: k)
            try interpreter.copyInput(try EdgeConversion.input(array, for: info, raw: raw), at: k)
          }
          try interpreter.invoke()
          var results: [NumPyArray] = []
          for k in 0..<interpreter.outputCount {
            let info = interpreter.outputInfo(at: k)
            results.append(
              try EdgeConversion.output(interpreter.copyOutput(at: k), for: info, raw: raw))
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

    /// One array per graph input, each of the input's shape and of its
    /// type, or float32 for a quantized int8 input unless `raw`.
    static func checkInputs(
      _ graph: Subgraph, _ arrays: [NumPyArray], _ paths: [String], modelPath: String,
      raw: Bool = false
    ) throws {
      let inputs = graph.inputs
      if arrays.count != inputs.count {
        throw usageError("the model has \(inputs.count) input(s) but \(arrays.count) --input given")
      }
      for (k, (t, array)) in zip(inputs, arrays).enumerated() {
        let tensor = graph.tensorAt(t)
        let quantized = tensor.type == .int8 && tensor.quantization?.scales.count == 1
        let type = quantized && !raw ? ElementType.float32 : tensor.type
        if type != array.type || tensor.shape != array.shape {
          let note =
            quantized
            ? raw ? " (--raw: int8 as it is)" : " (quantized to int8; --raw passes int8)" : ""
          throw CommandError(
            file: paths[k],
            "input mismatch: input \(k) '\(tensor.name)' of \(modelPath) expects "
              + "\(type.name)\(tensor.shape)\(note), the file holds \(array.type.name)\(array.shape)"
          )
        }
      }
    }
  }
}
