// GMLCommandLine/GML+Bench.swift — `gml bench`: times invoke() on zero inputs and reports percentiles.
import GMLCore
import GMLFormat
import GMLKernels
import GMLRuntime

extension GML {
  /// `gml bench MODEL.gml [--runs N] [--warmup N] [--kernels fast|reference] [--isa TIER]
  /// [--threads N] [--profile] [--json]`.
  enum Bench {
    static let spec = CommandSpec(
      "bench",
      abstract: "Time a .gml model's inference on this machine.",
      discussion: """
        Runs the model on zero inputs: --warmup untimed runs, then --runs \
        timed ones on a monotonic clock. Reports the median, mean, minimum \
        and 90th percentile per run in microseconds, the arena size and its \
        lower bound (the most bytes live at once), and the model's size. \
        With --profile, --runs more runs time each operator; the timed runs \
        above read no clock between operators. With --threads N, the fast \
        kernels split each large operator's output between N threads (Linux). \
        The report names the instruction-set tier the fast kernels ran \
        (--isa or GML_ISA caps it).
        """,
      positionals: [PositionalSpec("model", help: "The .gml file to time.")],
      options: [
        .option("runs", valueName: "n", help: "Timed runs.", defaultValue: "100"),
        .option("warmup", valueName: "n", help: "Untimed runs first.", defaultValue: "10"),
        .option(
          "kernels", valueName: "kind",
          help: "The int8 kernels: fast (Conv2D, DepthwiseConv2D, FullyConnected with repacked "
            + "weights; ADD/SUB/MUL, pools, Mean, BATCH_MATMUL; SIMD where the CPU has it) or "
            + "reference (the plain loops); both give the same bytes.",
          choices: ["fast", "reference"], defaultValue: "fast"),
        ISAOption.spec,
        .option(
          "threads", valueName: "n",
          help: "Threads for the fast kernels, counting the calling one (1 to 64; Linux).",
          defaultValue: "1"),
        .flag("profile", help: "Also time each operator and print a per-op table."),
        .flag("json", help: "Print the timings as JSON."),
      ])

    /// What one benchmark measured.
    struct Report {
      var times: [Double]
      var arenaSize: Int
      var lowerBound: Int
      var threads: Int
      /// The tier the fast kernels ran, or nil with the reference kernels.
      var isa: ISATier?
      var modelBytes: Int
      var profile: Profile?
    }

    static func run(_ args: ParsedArguments, _ console: inout Console) throws {
      let runs = try args.int("runs", minimum: 1) ?? 100
      let warmup = try args.int("warmup", minimum: 0) ?? 10
      let threads = try args.int("threads", minimum: 1) ?? 1
      let path = args.positional("model") ?? ""
      let kernels: Interpreter.Options.Kernels =
        args.value("kernels") == "reference" ? .reference : .fast
      let isa = try ISAOption.cap(
        args, command: ["gml", "bench"],
        usage: ArgumentParser.usage(for: spec, commandPath: ["gml", "bench"]))
      let report = try ModelFile(path).withModel { model in
        do throws(GMLError) {
          return try measure(
            model, runs: runs, warmup: warmup, kernels: kernels, isa: isa, threads: threads,
            profile: args.flag("profile"))
        } catch {
          throw CommandError(file: path, error, in: model.subgraphAt(0))
        }
      }
      let stats = Timings(report.times)
      if args.flag("json") {
        var fields: [(String, JSONValue)] = [
          ("model", .string(path)), ("runs", .int(runs)), ("warmup", .int(warmup)),
          ("threads", .int(report.threads)),
          ("kernels", .string(report.isa == nil ? "reference" : "fast")),
          ("isa", report.isa.map { .string($0.name) } ?? .null),
          ("median_us", .double(nanoseconds(stats.median))),
          ("mean_us", .double(nanoseconds(stats.mean))),
          ("min_us", .double(nanoseconds(stats.min))), ("p90_us", .double(nanoseconds(stats.p90))),
          ("arena_bytes", .int(report.arenaSize)),
          ("arena_lower_bound_bytes", .int(report.lowerBound)),
          ("model_bytes", .int(report.modelBytes)),
        ]
        if let profile = report.profile { fields.append(("profile", profile.json)) }
        console.print(JSONValue.object(fields).serialized())
      } else {
        let on = report.threads == 1 ? "" : " on \(report.threads) threads"
        console.print("\(path): \(runs) runs after \(warmup) warmup runs\(on)")
        let ran = report.isa.map { "fast, \(ISAOption.describe($0))" } ?? "reference"
        console.print("  kernels \(ran)")
        console.print("  median  \(format(stats.median)) us")
        console.print("  mean    \(format(stats.mean)) us")
        console.print("  min     \(format(stats.min)) us")
        console.print("  p90     \(format(stats.p90)) us")
        console.print("  arena   \(report.arenaSize) bytes (lower bound \(report.lowerBound))")
        console.print("  model   \(report.modelBytes) bytes")
        if let profile = report.profile { console.write(profile.text) }
      }
    }

    /// Prepares `model` with `kernels` (capped at tier `isa`) on `threads`
    /// threads, zeroes its inputs, runs `warmup` untimed and `runs` timed
    /// invocations, then (with `profile`) `runs` more that time each
    /// operator.
    /// - Returns: each timed run in microseconds, the arena and its lower
    ///   bound, the model's size and the per-op profile.
    static func measure(
      _ model: Model, runs: Int, warmup: Int, kernels: Interpreter.Options.Kernels = .fast,
      isa: ISATier? = nil, threads: Int = 1, profile: Bool = false
    ) throws(GMLError) -> Report {
      var interpreter = try Interpreter(
        model: model, options: .init(kernels: kernels, isa: isa, threads: threads))
      for k in 0..<interpreter.inputCount {
        let zeros = [UInt8](repeating: 0, count: interpreter.inputInfo(at: k).byteCount)
        try interpreter.copyInput(zeros, at: k)
      }
      for _ in 0..<warmup { try interpreter.invoke() }
      let clock = ContinuousClock()
      var times: [Double] = []
      times.reserveCapacity(runs)
      for _ in 0..<runs {
        let start = clock.now
        try interpreter.invoke()
        times.append(microseconds(clock.now - start))
      }
      let graph = model.subgraphAt(0)
      var report = Report(
        times: times, arenaSize: interpreter.arenaSize,
        lowerBound: try ArenaPlanner().plan(graph).lowerBound, threads: interpreter.threads,
        isa: kernels == .fast ? interpreter.isa : nil, modelBytes: model.bytes.count)
      if profile {
        var profiler = OpProfiler(operatorCount: graph.operatorCount)
        for _ in 0..<runs { try interpreter.invoke(observer: &profiler) }
        report.profile = Profile(profiler, graph: graph, runs: runs)
      }
      return report
    }

    /// A duration in microseconds.
    static func microseconds(_ d: Duration) -> Double {
      let (seconds, attoseconds) = d.components
      return Double(seconds) * 1e6 + Double(attoseconds) / 1e12
    }

    /// Microseconds `x` rounded to whole nanoseconds, for JSON.
    static func nanoseconds(_ x: Double) -> Double {
      (x * 1000).rounded() / 1000
    }

    /// `x` rounded to 0.1 (the clock's noise is far above it).
    static func format(_ x: Double) -> String {
      "\((x * 10).rounded() / 10)"
    }
  }
}

/// Summary statistics of a set of run times (non-empty).
struct Timings {
  var median: Double
  var mean: Double
  var min: Double
  /// The nearest-rank 90th percentile: the smallest time at least 90% of
  /// the runs do not exceed.
  var p90: Double

  init(_ times: [Double]) {
    let sorted = times.sorted()
    let n = sorted.count
    median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    mean = sorted.reduce(0, +) / Double(n)
    min = sorted[0]
    p90 = sorted[Swift.max((9 * n + 9) / 10 - 1, 0)]
  }
}
