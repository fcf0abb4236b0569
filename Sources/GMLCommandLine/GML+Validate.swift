// GMLCommandLine/GML+Validate.swift — `gml validate`: the float-versus-quantized comparison's surface.

extension GML {
  /// `gml validate FLOAT_MODEL MODEL.gml --data X.npy [--labels Y.npy] [--json]`.
  enum Validate {
    static let spec = CommandSpec(
      "validate",
      abstract: "Compare a converted .gml with its float model, layer by layer.",
      discussion: """
        Runs both models on the same data and reports, per layer, the error \
        of the converted model against the float one, then end-to-end top-1 \
        agreement and, with --labels, accuracy.
        """,
      positionals: [
        PositionalSpec("float-model", help: "The float model (gml-float or .tflite)."),
        PositionalSpec("model", help: "The converted .gml file."),
      ],
      options: [
        .option(
          "data", valueName: "file.npy", help: "Input samples, leading axis = sample.",
          required: true),
        .option("labels", valueName: "file.npy", help: "Integer class labels, one per sample."),
        .flag("json", help: "Print the report as JSON."),
      ])

    static func run(_ args: ParsedArguments, _ console: inout Console) throws {
      let paths = [
        args.positional("float-model"), args.positional("model"), args.value("data"),
        args.value("labels"),
      ].compactMap { $0 }
      for path in paths { try InputFile.check(path) }
      throw CommandError("validating conversions is not supported yet by this build of gml")
    }
  }
}
