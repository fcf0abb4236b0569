// GMLCommandLineTests/CommandTests+Convert.swift — `gml convert` end to end; `validate` and `bench`: file errors and "not supported yet".
import Foundation
import GMLFormat
import GMLTestSupport
import XCTest

/// `gml convert` writes a model and reports on it, or names the file that is
/// wrong and writes nothing; the commands whose work is not built yet must
/// still check their files.
final class ConvertCommandTests: XCTestCase {
  var scratch: TemporaryDirectory!

  override func setUpWithError() throws { scratch = try TemporaryDirectory() }
  override func tearDown() { scratch.remove() }

  func testConvertUnknownExtension() {
    let input = scratch.path("model.txt")
    let result = assertExecute(["convert", input, "-o", scratch.path("m.gml")], exitCode: 1)
    XCTAssertEqual(
      result.stderr,
      "\(input): error: unknown input format: expected .json, .json.gz, .npz, .gmz, .tflite\n")
  }

  func testConvertMissingInput() {
    let input = scratch.path("absent.json")
    let result = assertExecute(["convert", input, "-o", scratch.path("m.gml")], exitCode: 1)
    XCTAssertEqual(result.stderr, "\(input): error: no such file\n")
  }

  /// A converter fixture, by absolute path.
  func fixture(_ path: String) -> String {
    RepositoryPaths.root(from: #filePath)
      .appendingPathComponent("Tests/GMLConverterTests/Fixtures/\(path)").path
  }

  func testConvertWritesTheModelAndPrintsTheReport() throws {
    let input = fixture("residual/model.json")
    for extra in [[], ["--no-fuse"], ["--quantize", "none"]] {
      let output = scratch.path("residual.gml")
      let result = assertExecute(["convert", input, "-o", output] + extra, exitCode: 0)
      XCTAssertEqual(result.stderr, "")
      let lines = result.stdout.split(separator: "\n").map(String.init)
      XCTAssertEqual(lines.first, "converted \(input) -> \(output)")
      for label in [
        "ops before:  23 (Conv2D 6, BatchNorm 6,", "ops after:", "parameters:", "MACs:",
        "file size:",
      ] {
        XCTAssertTrue(result.stdout.contains(label), "\(extra) lacks \(label): \(result.stdout)")
      }
      let bytes = try Data(contentsOf: URL(fileURLWithPath: output))
      let sizeLine = lines.first { $0.hasPrefix("file size:") } ?? ""
      XCTAssertEqual(Int(sizeLine.filter(\.isNumber)), bytes.count, sizeLine)
      let operators = try [UInt8](bytes).withUnsafeBytes {
        try Model(verifying: $0).subgraphAt(0).operatorCount
      }
      XCTAssertEqual(operators, extra == ["--no-fuse"] ? 29 : 12, "\(extra)")
      XCTAssertEqual(result.stdout.contains("BatchNorm folded 6"), extra != ["--no-fuse"])
      inspectSucceeds(output)
    }
  }

  func inspectSucceeds(_ path: String) {
    let result = assertExecute(["inspect", path], exitCode: 0)
    XCTAssertTrue(result.stdout.contains("CONV_2D"), result.stdout)
  }

  func testConvertMalformedModelWritesNothing() throws {
    let input = scratch.path("model.json")
    try Data("{}".utf8).write(to: URL(fileURLWithPath: input))
    let output = scratch.path("model.gml")
    let result = assertExecute(["convert", input, "-o", output], exitCode: 1)
    XCTAssertEqual(result.stdout, "")
    XCTAssertTrue(result.stderr.hasPrefix("\(input):"), result.stderr)
    XCTAssertTrue(result.stderr.contains(": error: "), result.stderr)
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: scratch.url.path), ["model.json"],
      "no output and no temporary file")
  }

  func testConvertQuantizeAndTFLiteAreNotSupportedYet() throws {
    let input = fixture("dense_only/model.json")
    let output = scratch.path("model.gml")
    for extra in [
      ["--quantize", "float16", "--no-fuse"], ["--quantize", "dynamic"],
      ["--quantize=int8", "--calibration", input],
    ] {
      let result = assertExecute(["convert", input, "-o", output] + extra, exitCode: 1)
      XCTAssertEqual(result.stdout, "")
      XCTAssertTrue(result.stderr.hasPrefix("\(input): error: --quantize "), result.stderr)
      XCTAssertTrue(result.stderr.contains("not supported yet"), result.stderr)
    }
    let tflite = scratch.path("model.tflite")
    try Data([0, 1, 2, 3]).write(to: URL(fileURLWithPath: tflite))
    let result = assertExecute(["convert", tflite, "-o", output], exitCode: 1)
    XCTAssertTrue(result.stderr.hasPrefix("\(tflite): error: reading .tflite"), result.stderr)
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: scratch.url.path), ["model.tflite"])
  }

  // MARK: - validate and bench

  func testValidateNamesTheMissingFile() throws {
    let floatModel = scratch.path("float.json")
    try Data("{}".utf8).write(to: URL(fileURLWithPath: floatModel))
    let data = try scratch.writeNPY("x.npy", try sampleImage())
    let absent = scratch.path("absent.json")
    var result = assertExecute(["validate", absent, samplePath, "--data", data], exitCode: 1)
    XCTAssertEqual(result.stderr, "\(absent): error: no such file\n")
    let absentData = scratch.path("absent.npy")
    result = assertExecute(["validate", floatModel, samplePath, "--data", absentData], exitCode: 1)
    XCTAssertEqual(result.stderr, "\(absentData): error: no such file\n")
    result = assertExecute(["validate", floatModel, samplePath, "--data", data], exitCode: 1)
    XCTAssertTrue(result.stderr.contains("not supported yet"), result.stderr)
  }

  /// The int8 sample runs; bench reports it. (Report details:
  /// BenchCommandTests.)
  func testBench() {
    var result = assertExecute(["bench", samplePath, "--runs", "3", "--json"], exitCode: 0)
    XCTAssertEqual(result.stderr, "")
    XCTAssertTrue(result.stdout.contains("\"arena_bytes\""), result.stdout)
    let absent = scratch.path("absent.gml")
    result = assertExecute(["bench", absent], exitCode: 1)
    XCTAssertTrue(result.stderr.hasPrefix("\(absent): error: no such file"), result.stderr)
  }
}
