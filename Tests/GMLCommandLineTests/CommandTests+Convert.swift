// GMLCommandLineTests/CommandTests+Convert.swift — `gml convert`, `validate` and `bench`: file errors and "not supported yet".
import Foundation
import GMLTestSupport
import XCTest

/// The commands whose work is not built yet: they must still check their
/// files, name the one that is wrong, and write nothing.
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

  func testConvertIsNotSupportedYetAndWritesNothing() throws {
    let input = scratch.path("model.json")
    try Data("{}".utf8).write(to: URL(fileURLWithPath: input))
    let output = scratch.path("model.gml")
    for extra in [
      [], ["--quantize", "float16", "--no-fuse"], ["--quantize=int8", "--calibration", input],
    ] {
      let result = assertExecute(["convert", input, "-o", output] + extra, exitCode: 1)
      XCTAssertEqual(result.stdout, "")
      XCTAssertTrue(result.stderr.hasPrefix("\(input): error: "), result.stderr)
      XCTAssertTrue(result.stderr.contains("not supported yet"), result.stderr)
      XCTAssertFalse(FileManager.default.fileExists(atPath: output), "\(extra)")
    }
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: scratch.url.path), ["model.json"],
      "no temporary file is left behind")
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

  func testBench() {
    var result = assertExecute(["bench", samplePath, "--runs", "3", "--json"], exitCode: 1)
    XCTAssertEqual(result.stdout, "")
    XCTAssertTrue(result.stderr.hasPrefix("\(samplePath): error: "), result.stderr)
    XCTAssertTrue(result.stderr.contains("not supported yet"), result.stderr)
    let absent = scratch.path("absent.gml")
    result = assertExecute(["bench", absent], exitCode: 1)
    XCTAssertTrue(result.stderr.hasPrefix("\(absent): error: no such file"), result.stderr)
  }
}
