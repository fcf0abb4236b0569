// GMLCommandLine/GML+Convert.swift — `gml convert`: the converter's command-line surface.
import GMLConverter

extension GML {
  /// `gml convert INPUT -o OUT.gml [--quantize ...] [--calibration ...] [--no-fuse]`.
  enum Convert {
    static let spec = CommandSpec(
      "convert",
      abstract: "Convert a gml-float or .tflite model to a .gml file.",
      discussion: """
        INPUT is a gml-float model (.json, .json.gz, or a .npz/.gmz archive \
        holding model.json) or a .tflite file. The graph is simplified and \
        fused, optionally quantized, and written through a temporary file, so \
        a failed conversion leaves nothing behind.
        """,
      positionals: [PositionalSpec("input", help: "The model to convert.")],
      options: [
        .option(
          "output", short: "o", valueName: "file.gml", help: "Where to write the .gml file.",
          required: true),
        .option(
          "quantize", valueName: "mode",
          help: "none keeps float32; int8 is full-integer (needs --calibration); "
            + "dynamic quantizes weights only; float16 halves weight size.",
          choices: ["none", "int8", "dynamic", "float16"], defaultValue: "none"),
        .option(
          "calibration", valueName: "file-or-dir",
          help: "Calibration samples for --quantize int8: .npy, .npz, or a folder of .npy files."),
        .flag("no-fuse", help: "Keep every op as it is (no folding or fusion), for debugging."),
      ])

    /// The input formats gml reads, by file-name ending.
    static let inputKinds = [".json", ".json.gz", ".npz", ".gmz", ".tflite"]

    static func run(_ args: ParsedArguments, _ console: inout Console) throws {
      let input = args.positional("input") ?? ""
      let mode = args.value("quantize") ?? "none"
      let usage = ArgumentParser.usage(for: spec, commandPath: ["gml", "convert"])
      if mode == "int8" && args.value("calibration") == nil {
        throw UsageError(
          "--quantize int8 needs --calibration samples", commandPath: ["gml", "convert"],
          usage: usage)
      }
      if mode != "int8" && args.value("calibration") != nil {
        throw UsageError(
          "--calibration is only used with --quantize int8", commandPath: ["gml", "convert"],
          usage: usage)
      }
      guard inputKinds.contains(where: { input.lowercased().hasSuffix($0) }) else {
        throw CommandError(
          file: input, "unknown input format: expected " + inputKinds.joined(separator: ", "))
      }
      try InputFile.check(input)
      let output = args.value("output") ?? ""
      let options = ConversionOptions(
        quantize: QuantizationMode(rawValue: mode) ?? .none, fuse: !args.flag("no-fuse"),
        calibration: args.value("calibration"))
      let report: ConversionReport
      do {
        report = try Converter.convert(input: input, output: output, options: options)
      } catch {
        throw CommandError(
          file: error.place.isEmpty ? error.file : "\(error.file):\(error.place)", error.message)
      }
      console.print("converted \(input) -> \(output)")
      console.print(report.text)
    }
  }
}
