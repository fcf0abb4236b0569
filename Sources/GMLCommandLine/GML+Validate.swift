// GMLCommandLine/GML+Validate.swift — `gml validate`: the float-versus-quantized comparison's surface.
import GMLConverter
import GMLCore

extension GML {
  /// `gml validate FLOAT_MODEL MODEL.gml --data X.npy [--labels Y.npy] [--json] [--html OUT]
  /// [--min-agreement F] [--min-accuracy F] [--max-abs-error F]`.
  enum Validate {
    static let spec = CommandSpec(
      "validate",
      abstract: "Compare a converted .gml with its float model, layer by layer.",
      discussion: """
        Runs both models on the same data and reports, per layer, the error \
        of the converted model against the float one, then end-to-end top-1 \
        agreement and, with --labels, accuracy. With a bound, exits 1 when \
        the model breaks it (the report is still printed).
        """,
      positionals: [
        PositionalSpec(
          "float-model", help: "The float model (gml-float, a float32 .tflite or a float .gml)."),
        PositionalSpec("model", help: "The converted .gml file."),
      ],
      options: [
        .option(
          "data", valueName: "file.npy", help: "Input samples, leading axis = sample.",
          required: true),
        .option("labels", valueName: "file.npy", help: "Integer class labels, one per sample."),
        .flag("json", help: "Print the report as JSON."),
        .option(
          "html", valueName: "file.html",
          help: "Also write the report as one self-contained page with a per-layer chart."),
        .option(
          "min-agreement", valueName: "fraction",
          help: "Fail unless top-1 agreement is at least this (0–1)."),
        .option(
          "min-accuracy", valueName: "fraction",
          help: "Fail unless accuracy against --labels is at least this (0–1)."),
        .option(
          "max-abs-error", valueName: "value",
          help: "Fail if any output differs from the float model's by more than this."),
      ])

    static func run(_ args: ParsedArguments, _ console: inout Console) throws {
      let bounds = ValidationBounds(
        minAgreement: try number(args, "min-agreement"),
        minAccuracy: try number(args, "min-accuracy"),
        maxAbsError: try number(args, "max-abs-error"))
      let paths = [
        args.positional("float-model"), args.positional("model"), args.value("data"),
        args.value("labels"),
      ].compactMap { $0 }
      for path in paths { try InputFile.check(path) }
      let report: ValidationReport
      do {
        report = try Validation.validate(
          floatModel: args.positional("float-model") ?? "", model: args.positional("model") ?? "",
          data: args.value("data") ?? "", labels: args.value("labels"))
      } catch {
        throw CommandError(
          file: error.place.isEmpty ? error.file : "\(error.file):\(error.place)", error.message)
      }
      if args.flag("json") {
        console.print(ValidationText.json(report, bounds: bounds).serialized())
      } else {
        console.write(ValidationText.text(report))
      }
      if let html = args.value("html") {
        let page = ValidationHTML.page(
          report, bounds: bounds, floatModel: args.positional("float-model") ?? "",
          model: args.positional("model") ?? "")
        do throws(GMLError) {
          try OutputFile.write(Array(page.utf8), to: html)
        } catch {
          throw CommandError(file: html, error)
        }
        if !args.flag("json") { console.print("wrote \(html)") }
      }
      let violations = report.violations(of: bounds)
      if !violations.isEmpty {
        for line in violations.dropLast() { console.error("gml: error: \(line)") }
        throw CommandError(violations.last ?? "")
      }
    }

    /// A non-negative number option, or nil when absent.
    static func number(_ args: ParsedArguments, _ name: String) throws(UsageError) -> Double? {
      guard let text = args.value(name) else { return nil }
      guard let value = Double(text), value.isFinite, value >= 0 else {
        throw args.usageError("--\(name) must be a non-negative number; got '\(text)'")
      }
      return value
    }
  }
}
