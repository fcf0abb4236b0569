// GMLCommandLine/GML+Bench.swift — `gml bench`: the benchmark command's surface.

extension GML {
  /// `gml bench MODEL.gml [--runs N] [--warmup N] [--json]`.
  enum Bench {
    static let spec = CommandSpec(
      "bench",
      abstract: "Time a .gml model's inference on this machine.",
      discussion: "Runs the model on zero inputs; reports median and percentiles per run.",
      positionals: [PositionalSpec("model", help: "The .gml file to time.")],
      options: [
        .option("runs", valueName: "n", help: "Timed runs.", defaultValue: "100"),
        .option("warmup", valueName: "n", help: "Untimed runs first.", defaultValue: "10"),
        .flag("json", help: "Print the timings as JSON."),
      ])

    static func run(_ args: ParsedArguments, _ console: inout Console) throws {
      _ = try args.int("runs", minimum: 1)
      _ = try args.int("warmup", minimum: 0)
      let path = args.positional("model") ?? ""
      try ModelFile(path).withModel { _ in
        throw CommandError(
          file: path, "benchmarking is not supported yet: this build of gml has no kernels")
      }
    }
  }
}
