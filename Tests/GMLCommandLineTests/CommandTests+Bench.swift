// GMLCommandLineTests/CommandTests+Bench.swift — `gml bench`: text and JSON reports, and the per-op profile.
import Foundation
import GMLCore
import GMLFormat
import GMLKernels
import GMLTestSupport
import XCTest

final class BenchCommandTests: XCTestCase {
  var scratch: TemporaryDirectory!

  override func setUpWithError() throws { scratch = try TemporaryDirectory() }
  override func tearDown() { scratch.remove() }

  /// x[1, 8, 8, 3] → DEPTHWISE_CONV_2D (3x3, SAME, relu6) → MEAN over H, W → y[1, 3].
  private func writeFloatModel() throws -> String {
    let filter = [Float](repeating: 0.1, count: 27)
    let model = ModelDefinition(
      subgraphs: [
        SubgraphDefinition(
          tensors: [
            TensorDefinition(name: "x", shape: [1, 8, 8, 3], type: .float32),
            TensorDefinition(name: "w", shape: [1, 3, 3, 3], type: .float32, buffer: 1),
            TensorDefinition(name: "h", shape: [1, 8, 8, 3], type: .float32),
            TensorDefinition(name: "y", shape: [1, 3], type: .float32),
          ], inputs: [0], outputs: [3],
          operators: [
            OperatorDefinition(
              opcode: .depthwiseConv2D, inputs: [0, 1, -1], outputs: [2],
              options: .depthwiseConv2D(
                DepthwiseConv2DOptions(window: Window2D(padding: .same), activation: .relu6))),
            OperatorDefinition(
              opcode: .mean, inputs: [2], outputs: [3],
              options: .mean(axes: [1, 2], keepDims: false)),
          ])
      ],
      buffers: [
        [],
        filter.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * $0)) } },
      ])
    let path = scratch.path("float.gml")
    try Data(ModelWriter.write(model)).write(to: URL(fileURLWithPath: path))
    return path
  }

  func testTextReport() throws {
    let path = try writeFloatModel()
    let result = assertExecute(["bench", path, "--runs", "5", "--warmup", "1"], exitCode: 0)
    XCTAssertEqual(result.stderr, "")
    let lines = result.stdout.split(separator: "\n").map(String.init)
    XCTAssertEqual(lines.first, "\(path): 5 runs after 1 warmup runs")
    XCTAssertEqual(
      lines[1], "  kernels fast, \(ISATier.selected(cap: nil).name) (this CPU's best on by default)"
    )
    for (k, label) in ["median", "mean", "min", "p90"].enumerated() {
      let line = lines[k + 2]
      XCTAssertTrue(line.hasPrefix("  \(label) "), line)
      XCTAssertTrue(line.hasSuffix(" us"), line)
      let number = line.split(separator: " ").dropLast().last.flatMap { Double($0) }
      XCTAssertNotNil(number, line)
      XCTAssertGreaterThanOrEqual(number ?? -1, 0, line)
    }
    // x and h ([1, 8, 8, 3] floats = 768 bytes each) plus y (12 → 16);
    // all three are live at op 1 (x stays live for repeated invokes).
    XCTAssertEqual(lines[6], "  arena   1552 bytes (lower bound 1552)")
    let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
    XCTAssertEqual(lines[7], "  model   \(size) bytes")
    XCTAssertEqual(lines.count, 8, "no profile without --profile")
  }

  /// --isa caps the tier and the report names it; --kernels reference
  /// names no tier; a tier this build lacks, from --isa or GML_ISA, is a
  /// usage error.
  func testISACap() throws {
    let capped = assertExecute(
      ["bench", samplePath, "--runs", "2", "--isa", "portable"], exitCode: 0)
    let line = capped.stdout.split(separator: "\n").map(String.init)[1]
    XCTAssertTrue(line.hasPrefix("  kernels fast, portable ("), line)
    let json = assertExecute(
      ["bench", samplePath, "--runs", "2", "--isa", "portable", "--json"], exitCode: 0)
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    XCTAssertEqual(object?["isa"] as? String, "portable")
    XCTAssertEqual(object?["kernels"] as? String, "fast")
    let reference = assertExecute(
      ["bench", samplePath, "--runs", "2", "--kernels", "reference", "--json"], exitCode: 0)
    let plain =
      try JSONSerialization.jsonObject(with: Data(reference.stdout.utf8)) as? [String: Any]
    XCTAssertEqual(plain?["kernels"] as? String, "reference")
    XCTAssertTrue(plain?["isa"] is NSNull)
    let names = ISATier.chain.map { $0.name }.joined(separator: "|")
    assertUsageError(
      ["bench", samplePath, "--isa", "sse2"],
      "--isa 'sse2' names no instruction-set tier of this build; one of \(names)",
      command: "gml bench")
    setenv("GML_ISA", "sse2", 1)
    defer { unsetenv("GML_ISA") }
    assertUsageError(
      ["run", samplePath, "--output", scratch.path("y.npy")],
      "GML_ISA 'sse2' names no instruction-set tier of this build; one of \(names)",
      command: "gml run")
  }

  func testJSONReport() throws {
    let path = try writeFloatModel()
    let result = assertExecute(["bench", path, "--runs", "4", "--json"], exitCode: 0)
    let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    XCTAssertEqual(json?["model"] as? String, path)
    XCTAssertEqual(json?["runs"] as? Int, 4)
    XCTAssertEqual(json?["warmup"] as? Int, 10)
    XCTAssertEqual(json?["arena_bytes"] as? Int, 1552)
    XCTAssertEqual(json?["arena_lower_bound_bytes"] as? Int, 1552)
    let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
    XCTAssertEqual(json?["model_bytes"] as? Int, size)
    XCTAssertNil(json?["profile"])
    let stats = ["median_us", "mean_us", "min_us", "p90_us"].map { json?[$0] as? Double ?? -1 }
    XCTAssertTrue(stats.allSatisfy { $0 >= 0 }, "\(stats)")
    XCTAssertLessThanOrEqual(stats[2], stats[0], "min ≤ median")
    XCTAssertLessThanOrEqual(stats[0], stats[3], "median ≤ p90")
  }

  /// --profile on the int8 sample: one row per op, in order, with its
  /// code and name; the shares add up to 100%.
  func testProfileText() throws {
    let result = assertExecute(["bench", samplePath, "--runs", "3", "--profile"], exitCode: 0)
    let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
      .map(String.init)
    let start = try XCTUnwrap(lines.firstIndex(of: "per-op time over 3 profiled runs"))
    XCTAssertTrue(lines[start + 1].hasPrefix("  #  op "), lines[start + 1])
    let rows = lines[(start + 2)...].filter { !$0.isEmpty }
    let ops = ["QUANTIZE", "CONV_2D", "MAX_POOL_2D", "RESHAPE", "FULLY_CONNECTED", "SOFTMAX"]
    XCTAssertEqual(rows.count, ops.count + 1)
    for (k, row) in rows.enumerated() {
      let cells = row.split(separator: " ").map(String.init)
      XCTAssertEqual(cells.first, "\(k)", row)
      if k < ops.count { XCTAssertEqual(cells[1], ops[k], row) }
    }
    let shares = rows.compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
    XCTAssertEqual(shares.count, rows.count)
    XCTAssertEqual(shares.reduce(0, +), 100, accuracy: 0.5)
  }

  func testProfileJSON() throws {
    let result = assertExecute(
      ["bench", samplePath, "--runs", "2", "--warmup", "0", "--profile", "--json"], exitCode: 0)
    let json = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let profile = try XCTUnwrap(json["profile"] as? [String: Any])
    XCTAssertEqual(profile["runs"] as? Int, 2)
    let ops = try XCTUnwrap(profile["ops"] as? [[String: Any]])
    XCTAssertEqual(ops.map { $0["index"] as? Int }, (0..<7).map { $0 })
    XCTAssertEqual(ops.first?["op"] as? String, "QUANTIZE")
    XCTAssertEqual(ops.first?["name"] as? String, "quantize_input")
    XCTAssertEqual(ops.last?["op"] as? String, "DEQUANTIZE")
    for op in ops {
      let total = try XCTUnwrap(op["total_us"] as? Double)
      let perRun = try XCTUnwrap(op["per_run_us"] as? Double)
      XCTAssertGreaterThanOrEqual(total, 0)
      XCTAssertEqual(perRun, total / 2, accuracy: 0.002)
    }
    let percent = ops.compactMap { $0["percent"] as? Double }.reduce(0, +)
    XCTAssertEqual(percent, 100, accuracy: 0.1)
    XCTAssertEqual(json["arena_lower_bound_bytes"] as? Int, 576)
  }

  func testRunsMustBePositive() throws {
    assertUsageError(
      ["bench", try writeFloatModel(), "--runs", "0"], "--runs must be at least 1; got '0'",
      command: "gml bench")
  }

  /// `--kernels reference` runs (the int8 ops' reference kernels); any
  /// other value than fast or reference is a usage error.
  func testKernelsOption() throws {
    let path = try writeFloatModel()
    for kernels in ["fast", "reference"] {
      let result = assertExecute(
        ["bench", path, "--runs", "2", "--warmup", "0", "--kernels", kernels], exitCode: 0)
      XCTAssertEqual(result.stderr, "", kernels)
    }
    assertUsageError(
      ["bench", path, "--kernels", "turbo"],
      "--kernels must be one of fast, reference; got 'turbo'", command: "gml bench")
  }

  /// `--threads 2` on the int8 sample: reported in text and JSON; 0 is a
  /// usage error, above 64 a runtime error naming the limit.
  func testThreadsOption() throws {
    let text = assertExecute(
      ["bench", samplePath, "--runs", "2", "--warmup", "0", "--threads", "2"], exitCode: 0)
    XCTAssertTrue(
      text.stdout.hasPrefix("\(samplePath): 2 runs after 0 warmup runs on 2 threads\n"),
      text.stdout)
    let result = assertExecute(
      ["bench", samplePath, "--runs", "2", "--threads", "2", "--json"], exitCode: 0)
    let json = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    XCTAssertEqual(json["threads"] as? Int, 2)
    assertUsageError(
      ["bench", samplePath, "--threads", "0"], "--threads must be at least 1; got '0'",
      command: "gml bench")
    let tooMany = assertExecute(["bench", samplePath, "--threads", "65"], exitCode: 1)
    XCTAssertTrue(
      tooMany.stderr.contains("Options.threads above Interpreter.maxThreads (64)"), tooMany.stderr)
  }
}
