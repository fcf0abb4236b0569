// GMLCommandLineTests/CommandTests.swift — `gml` end to end: version, help, usage errors (exit 2) and inspect.
import Foundation
import GMLCore
import GMLTestSupport
import XCTest

/// Runs `gml arguments…` in-process and checks its exit code; returns what
/// it printed so the caller can check the messages.
@discardableResult
func assertExecute(
  _ arguments: [String], exitCode: Int32, file: StaticString = #filePath, line: UInt = #line
) -> GMLResult {
  let result = runGML(arguments)
  XCTAssertEqual(
    result.status, exitCode,
    "gml \(arguments.joined(separator: " ")): stdout: \(result.stdout) stderr: \(result.stderr)",
    file: file, line: line)
  return result
}

/// Checks that `gml arguments…` is a usage error: exit 2, nothing on
/// standard output, and standard error's first line is `error: <message>`
/// followed by the usage line of `command`.
func assertUsageError(
  _ arguments: [String], _ message: String, command: String,
  file: StaticString = #filePath, line: UInt = #line
) {
  let result = assertExecute(arguments, exitCode: 2, file: file, line: line)
  XCTAssertEqual(result.stdout, "", file: file, line: line)
  let lines = result.stderr.split(separator: "\n").map(String.init)
  XCTAssertEqual(lines.first, "error: \(message)", file: file, line: line)
  XCTAssertTrue(
    lines.count > 1 && lines[1].hasPrefix("Usage: \(command)"), "\(lines)", file: file, line: line)
}

/// The committed sample model, by absolute path.
let samplePath = RepositoryPaths.root(from: #filePath)
  .appendingPathComponent("samples").appendingPathComponent("digits-format-sample.gml").path

final class CommandTests: XCTestCase {
  func testVersion() {
    let result = assertExecute(["--version"], exitCode: 0)
    XCTAssertEqual(result.stdout, "gml 0.1.0\n")
    XCTAssertEqual(result.stdout, "gml \(gmlVersion)\n")
    XCTAssertEqual(result.stderr, "")
  }

  func testRootHelpListsEverySubcommand() {
    for flag in ["--help", "-h"] {
      let result = assertExecute([flag], exitCode: 0)
      XCTAssertTrue(result.stdout.hasPrefix("OVERVIEW: "), result.stdout)
      XCTAssertTrue(result.stdout.contains("USAGE: gml [--version] <subcommand>"))
      XCTAssertTrue(result.stdout.contains("  --version  "))
      for sub in ["convert", "run", "inspect", "validate", "bench"] {
        XCTAssertTrue(result.stdout.contains("\n  \(sub) "), "\(flag) lists \(sub)")
      }
      XCTAssertEqual(result.stderr, "")
    }
  }

  /// Every option of every subcommand, as its help screen labels it.
  func testSubcommandHelpListsEveryOption() {
    let options: [String: [String]] = [
      "convert": [
        "<input>", "-o, --output <file.gml>", "--quantize <mode>", "--calibration <file-or-dir>",
        "--no-fuse",
      ],
      "run": ["<model>", "-i, --input <file.npy>", "-o, --output <file.npy>"],
      "inspect": ["<model>", "--json"],
      "validate": [
        "<float-model>", "<model>", "--data <file.npy>", "--labels <file.npy>", "--json",
      ],
      "bench": ["<model>", "--runs <n>", "--warmup <n>", "--json"],
    ]
    for (command, labels) in options {
      for flag in ["--help", "-h"] {
        let result = assertExecute([command, flag], exitCode: 0)
        XCTAssertEqual(result.stderr, "")
        XCTAssertTrue(result.stdout.hasPrefix("OVERVIEW: "), "\(command) \(flag)")
        XCTAssertTrue(result.stdout.contains("USAGE: gml \(command) "), "\(command) \(flag)")
        for label in labels + ["-h, --help"] {
          XCTAssertTrue(result.stdout.contains("\n  \(label)"), "\(command) \(flag): \(label)")
        }
      }
    }
    // Help wins over otherwise broken command lines.
    assertExecute(["convert", "--quantize", "int4", "--help"], exitCode: 0)
    assertExecute(["bench", "--runs", "0", "-h"], exitCode: 0)
  }

  func testHelpShowsChoicesAndDefaults() {
    let convert = assertExecute(["convert", "--help"], exitCode: 0).stdout
    let flat = convert.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    XCTAssertTrue(flat.contains("(values: none, int8, dynamic, float16; default: none)"), flat)
    let bench = assertExecute(["bench", "--help"], exitCode: 0).stdout
    XCTAssertTrue(bench.contains("Timed runs. (default: 100)"))
    XCTAssertTrue(bench.contains("Untimed runs first. (default: 10)"))
  }

  func testUsageErrors() {
    assertUsageError(["frob"], "unknown command 'frob'", command: "gml")
    assertUsageError(
      ["conver"], "unknown command 'conver'; did you mean 'convert'?", command: "gml")
    assertUsageError(
      [], "missing command; expected one of convert, run, inspect, validate, bench", command: "gml")
    assertUsageError(
      ["convert", "m.json"], "missing option '--output <file.gml>'", command: "gml convert")
    assertUsageError(
      ["convert", "m.json", "-o", "m.gml", "--quantize", "int4"],
      "--quantize must be one of none, int8, dynamic, float16; got 'int4'", command: "gml convert")
    assertUsageError(
      ["convert", "m.json", "-o", "m.gml", "--quantize", "int8"],
      "--quantize int8 needs --calibration samples", command: "gml convert")
    assertUsageError(
      ["convert", "m.json", "-o", "m.gml", "--calibration", "cal"],
      "--calibration is only used with --quantize int8", command: "gml convert")
    assertUsageError(
      ["convert", "m.json", "-o", "m.gml", "--quantize=float16", "--calibration", "cal"],
      "--calibration is only used with --quantize int8", command: "gml convert")
    assertUsageError(
      ["bench", samplePath, "--runs", "0"], "--runs must be at least 1; got '0'",
      command: "gml bench")
    assertUsageError(
      ["bench", samplePath, "--runs", "ten"], "--runs must be an integer; got 'ten'",
      command: "gml bench")
    assertUsageError(
      ["bench", samplePath, "--warmup=-1"], "--warmup must be at least 0; got '-1'",
      command: "gml bench")
    assertUsageError(
      ["run", samplePath, "-i", "x.npy"], "missing option '--output <file.npy>'",
      command: "gml run")
    assertUsageError(["inspect"], "missing argument '<model>'", command: "gml inspect")
    assertUsageError(
      ["validate", "f.json", "m.gml"], "missing option '--data <file.npy>'",
      command: "gml validate")
  }

  /// Usage is checked before any file is touched: the paths here do not exist.
  func testUsageErrorsComeBeforeFileErrors() {
    assertUsageError(
      ["convert", "/nonexistent/m.txt", "-o", "m.gml", "--quantize", "int8"],
      "--quantize int8 needs --calibration samples", command: "gml convert")
    assertUsageError(
      ["bench", "/nonexistent/m.gml", "--runs", "0"], "--runs must be at least 1; got '0'",
      command: "gml bench")
  }
}
