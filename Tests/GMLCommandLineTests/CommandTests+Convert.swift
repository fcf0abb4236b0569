// GMLCommandLineTests/CommandTests+Convert.swift — `gml convert` end to end; `bench` on the int8 sample (validate: CommandTests+Validate).
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

  func testConvertMalformedTFLiteNamesTheFile() throws {
    let output = scratch.path("model.gml")
    let tflite = scratch.path("model.tflite")
    try Data([0, 1, 2, 3]).write(to: URL(fileURLWithPath: tflite))
    let result = assertExecute(["convert", tflite, "-o", output], exitCode: 1)
    XCTAssertTrue(result.stderr.hasPrefix("\(tflite)"), result.stderr)
    XCTAssertTrue(result.stderr.contains("error:"), result.stderr)
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: scratch.url.path), ["model.tflite"])
  }

  /// `gml convert` of a full-integer `.tflite`, then `gml run --raw`
  /// (int8 in, int8 out): the output file holds exactly LiteRT's output.
  func testConvertAndRunInt8TFLiteMatchesLiteRT() throws {
    let fixtures = RepositoryPaths.root().appendingPathComponent(
      "Tests/GMLConverterTests/Fixtures/tflite")
    let model = scratch.path("model.gml")
    let output = scratch.path("out.npy")
    let convert = assertExecute(
      ["convert", fixtures.appendingPathComponent("ds_cnn_kws_int8.tflite").path, "-o", model],
      exitCode: 0)
    XCTAssertTrue(convert.stdout.contains("shape ops folded 3"), convert.stdout)
    assertExecute(
      [
        "run", model, "--input", fixtures.appendingPathComponent("ds_cnn_kws_int8_input.npy").path,
        "--output", output, "--raw",
      ], exitCode: 0)
    let expected = try Data(
      contentsOf: fixtures.appendingPathComponent("ds_cnn_kws_int8_output.npy"))
    XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: output)), expected)
  }

  // MARK: - int8

  /// The digits sample in full-integer int8: calibration progress as plain
  /// lines (stderr is not a terminal), the report's size, tensor and
  /// per-layer tables, and a model that `inspect` accepts.
  func testConvertDigitsToInt8() throws {
    let digits = RepositoryPaths.root(from: #filePath).appendingPathComponent("samples/digits")
    let output = scratch.path("digits.gml")
    let result = assertExecute(
      [
        "convert", digits.appendingPathComponent("model.json").path, "-o", output,
        "--quantize", "int8", "--calibration",
        digits.appendingPathComponent("calibration.npy").path,
        "--calibration-method", "percentile", "--percentile", "99.9", "--keep-float", "logits",
      ], exitCode: 0)
    XCTAssertTrue(result.stderr.contains("calibrating: 100/100 samples\n"), result.stderr)
    for fragment in [
      "QUANTIZE", "DEQUANTIZE", "float size:", "x smaller quantized", "calibration: 100 samples",
      "image: [0, 1] -> scale 0.00392157, zero point -128", "per-layer error vs float", "SQNR",
    ] {
      XCTAssertTrue(result.stdout.contains(fragment), fragment + "\n" + result.stdout)
    }
    inspectSucceeds(output)
  }

  func testConvertInt8RejectsBadCalibrationData() throws {
    let input = RepositoryPaths.root(from: #filePath)
      .appendingPathComponent("samples/digits/model.json").path
    let calibration = scratch.path("bad.npy")
    try Data([0x93, 0x4E, 0x55]).write(to: URL(fileURLWithPath: calibration))
    let output = scratch.path("model.gml")
    let result = assertExecute(
      ["convert", input, "-o", output, "--quantize", "int8", "--calibration", calibration],
      exitCode: 1)
    XCTAssertTrue(result.stderr.hasPrefix("\(calibration): error: "), result.stderr)
    XCTAssertFalse(FileManager.default.fileExists(atPath: output))
    let percent = assertExecute(
      [
        "convert", input, "-o", output, "--quantize", "int8", "--calibration", calibration,
        "--percentile", "12",
      ], exitCode: 2)
    XCTAssertTrue(percent.stderr.contains("--percentile"), percent.stderr)
  }

  // MARK: - bench

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
