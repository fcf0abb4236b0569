// GMLCommandLine/GML+Convert.swift — `gml convert`: the converter's command-line surface.
import Foundation
import GMLConverter

extension GML {
  /// `gml convert INPUT -o OUT.gml [--quantize ...] [--calibration ...]
  /// [--calibration-method ...] [--percentile P] [--io ...] [--keep-float ...]
  /// [--reuse-input-memory] [--no-fuse]`.
  enum Convert {
    static let spec = CommandSpec(
      "convert",
      abstract: "Convert a gml-float or .tflite model to a .gml file.",
      discussion: """
        INPUT is a gml-float model (.json, .json.gz, or a .npz/.gmz archive \
        holding model.json) or a .tflite file. The graph is simplified and \
        fused, optionally quantized, and written through a temporary file, so \
        a failed conversion leaves nothing behind. A float32 .tflite converts \
        like a gml-float model; a full-integer int8 .tflite keeps its \
        quantization and weights unchanged (--quantize does not apply).
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
        .option(
          "calibration-method", valueName: "method",
          help: "How int8 picks each activation's range: minmax (observed min/max), percentile "
            + "(clip each tail at --percentile), mse (least quantization error).",
          choices: CalibrationMethod.allCases.map(\.rawValue), defaultValue: "minmax"),
        .option(
          "percentile", valueName: "P",
          help: "For --calibration-method percentile: the percent of values kept in each tail.",
          defaultValue: "99.99"),
        .option(
          "io", valueName: "type",
          help: "Input and output type of an int8 model: float (Quantize/Dequantize at the "
            + "edges) or int8.", choices: IOType.allCases.map(\.rawValue), defaultValue: "float"),
        .option(
          "keep-float", valueName: "node,...",
          help: "With --quantize int8: nodes left in float32 (comma-separated node names)."),
        .flag(
          "reuse-input-memory",
          help: "Store an arena plan where activations reuse the inputs' memory once read "
            + "(smaller; the inputs must be set before every invoke), for interpreters made "
            + "with Options.reusesInputMemory or GML_OPTION_REUSE_INPUT_MEMORY."),
        .flag(
          "no-fuse",
          help: "No folding or fusion, for debugging (Dropout and Identity are still removed "
            + "and BatchNorm becomes Mul+Add: .gml has no op for them)."),
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
      guard let percentile = Double(args.value("percentile") ?? "99.99"),
        percentile > 50, percentile <= 100
      else {
        throw UsageError(
          "--percentile must be a number in (50, 100]", commandPath: ["gml", "convert"],
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
        calibration: args.value("calibration"),
        calibrationMethod: CalibrationMethod(rawValue: args.value("calibration-method") ?? "")
          ?? .minmax, percentile: percentile,
        io: IOType(rawValue: args.value("io") ?? "") ?? .float,
        keepFloat: Set((args.value("keep-float") ?? "").split(separator: ",").map(String.init)),
        reusesInputMemory: args.flag("reuse-input-memory"))
      let report: ConversionReport
      let progress = progressReporter(console.writeErr)
      do {
        report = try Converter.convert(
          input: input, output: output, options: options, progress: progress)
      } catch {
        throw CommandError(
          file: error.place.isEmpty ? error.file : "\(error.file):\(error.place)", error.message)
      }
      console.print("converted \(input) -> \(output)")
      console.print(report.text)
    }

    /// Calibration progress on standard error: on a terminal a bar redrawn
    /// in place with the rate and the time left; otherwise one line per
    /// tenth of the samples (a log keeps them).
    static func progressReporter(_ write: @escaping (String) -> Void) -> (Int, Int) -> Void {
      let terminal = isatty(STDERR_FILENO) != 0
      let clock = ContinuousClock()
      let start = clock.now
      return { done, total in
        if terminal {
          let filled = total > 0 ? done * 30 / total : 30
          let bar =
            String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled)
          write(
            "\rcalibrating [\(bar)] \(done)/\(total)"
              + rateAndTimeLeft(done, total, elapsed: clock.now - start)
              + (done == total ? "\n" : ""))
        } else if done == total || done % Swift.max(total / 10, 1) == 0 {
          write("calibrating: \(done)/\(total) samples\n")
        }
      }
    }

    /// `, 41.2 samples/s, 3 s left` after `done` of `total` samples in
    /// `elapsed`, padded so that a shorter line redrawn over it leaves no
    /// characters behind; empty before a first sample's time is known.
    static func rateAndTimeLeft(_ done: Int, _ total: Int, elapsed: Duration) -> String {
      let seconds =
        Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
      guard done > 0, seconds > 0 else { return "" }
      let rate = Double(done) / seconds
      let left = Int((Double(total - done) / rate).rounded(.up))
      let text = ", \((rate * 10).rounded() / 10) samples/s, \(left) s left"
      return text.padding(toLength: 36, withPad: " ", startingAt: 0)
    }
  }
}
