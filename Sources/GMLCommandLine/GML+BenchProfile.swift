// GMLCommandLine/GML+BenchProfile.swift — `gml bench --profile`: each operator timed through an InvokeObserver.
import GMLCore
import GMLFormat
import GMLRuntime

/// Times each operator of `Interpreter.invoke(observer:)` on a monotonic
/// clock, summing over runs.
struct OpProfiler: InvokeObserver {
  let clock = ContinuousClock()
  var start: ContinuousClock.Instant
  /// Per operator, the time summed over every observed run.
  var totals: [Duration]

  init(operatorCount: Int) {
    start = clock.now
    totals = [Duration](repeating: .zero, count: operatorCount)
  }

  mutating func willRun(op index: Int) { start = clock.now }

  mutating func didRun(op index: Int) { totals[index] += clock.now - start }
}

extension GML.Bench {
  /// The per-op table of `gml bench --profile`.
  struct Profile {
    struct Row {
      var index: Int
      var opcode: OpCode
      var name: String
      /// Microseconds summed over the profiled runs.
      var totalMicroseconds: Double
    }

    var rows: [Row]
    var runs: Int

    init(_ profiler: OpProfiler, graph: Subgraph, runs: Int) {
      self.runs = runs
      rows = profiler.totals.enumerated().map { i, total in
        let op = graph.operatorAt(i)
        return Row(
          index: i, opcode: op.opcode, name: op.name,
          totalMicroseconds: GML.Bench.microseconds(total))
      }
    }

    /// The sum of every operator's time.
    var totalMicroseconds: Double { rows.reduce(0) { $0 + $1.totalMicroseconds } }

    /// Share of the whole, in percent (0 when nothing was timed).
    func percent(_ row: Row) -> Double {
      totalMicroseconds > 0 ? 100 * row.totalMicroseconds / totalMicroseconds : 0
    }

    /// Aligned columns: index, op code, name, total and per-run µs, share.
    var text: String {
      let header = ["#", "op", "name", "total us", "per run us", "%"]
      let cells = rows.map { r in
        [
          "\(r.index)", r.opcode.schemaName, r.name.isEmpty ? "-" : r.name,
          GML.Bench.format(r.totalMicroseconds),
          GML.Bench.format(r.totalMicroseconds / Double(runs)), GML.Bench.format(percent(r)),
        ]
      }
      var widths = header.map(\.count)
      for row in cells {
        for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) }
      }
      func line(_ row: [String]) -> String {
        let padded = row.enumerated().map { i, c in
          // Names left-aligned, numbers right-aligned.
          let pad = String(repeating: " ", count: widths[i] - c.count)
          return (1...2).contains(i) ? c + pad : pad + c
        }
        var s = "  " + padded.joined(separator: "  ")
        while s.hasSuffix(" ") { s.removeLast() }
        return s + "\n"
      }
      return "\nper-op time over \(runs) profiled runs\n" + line(header) + cells.map(line).joined()
    }

    var json: JSONValue {
      .object([
        ("runs", .int(runs)),
        (
          "ops",
          .array(
            rows.map { r in
              .object([
                ("index", .int(r.index)), ("op", .string(r.opcode.schemaName)),
                ("name", .string(r.name)),
                ("total_us", .double(GML.Bench.nanoseconds(r.totalMicroseconds))),
                ("per_run_us", .double(GML.Bench.nanoseconds(r.totalMicroseconds / Double(runs)))),
                ("percent", .double((percent(r) * 100).rounded() / 100)),
              ])
            })
        ),
      ])
    }
  }
}
