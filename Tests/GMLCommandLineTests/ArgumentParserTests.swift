// GMLCommandLineTests/ArgumentParserTests.swift — every accepted form and usage error, exactly.
import GMLCommandLine
import XCTest

/// A spec shaped like gml's own command line.
private let convertSpec = CommandSpec(
  "convert", abstract: "Convert a float model to a .gml file.",
  discussion: "Reads JSON, .npz or .tflite.\nWrites one flat buffer.",
  positionals: [PositionalSpec("input", help: "The model to convert.")],
  options: [
    .option(
      "output", short: "o", valueName: "file", help: "Where to write the model.", required: true),
    .option(
      "quantize", valueName: "mode", help: "How to quantize weights and activations.",
      choices: ["none", "int8", "dynamic", "float16"], defaultValue: "int8"),
    .option("calibration", valueName: "path", help: "A .npy file or a folder of them."),
    .flag("no-fuse", help: "Keep activations as separate ops."),
  ])
private let runSpec = CommandSpec(
  "run", abstract: "Run a model.", positionals: [PositionalSpec("model", help: "The .gml model.")],
  options: [
    .option("input", valueName: "file", help: "An input .npy.", required: true, repeating: true),
    .option("output", valueName: "file", help: "Where to write the output.", required: true),
  ])
private let benchSpec = CommandSpec(
  "bench", abstract: "Time a model.",
  positionals: [
    PositionalSpec("model", help: "The .gml model."),
    PositionalSpec("data", help: "Inputs.", optional: true),
  ],
  options: [
    .option("runs", valueName: "n", help: "Timed runs.", defaultValue: "10"),
    .option("warmup", valueName: "n", help: "Untimed runs first."),
    .flag("json", help: "Print JSON."),
  ])
private let gmlSpec = CommandSpec(
  "gml", abstract: "Convert and run int8 models.",
  options: [.flag("version", help: "Show the version.")],
  subcommands: [convertSpec, runSpec, benchSpec])

final class ArgumentParserTests: XCTestCase {
  private func parse(_ args: [String], _ spec: CommandSpec = convertSpec) throws -> ParsedArguments
  {
    try ArgumentParser.parse(args, spec: spec)
  }

  /// Checks that parsing `args` fails with exactly `message`.
  private func assertUsageError(
    _ args: [String], _ message: String, in spec: CommandSpec = convertSpec, line: UInt = #line
  ) {
    XCTAssertThrowsError(try parse(args, spec), line: line) {
      XCTAssertEqual(($0 as? UsageError)?.message, message, line: line)
    }
  }

  func testEveryValueForm() throws {
    let a = try parse([
      "in.json", "-o", "out.gml", "--quantize=float16", "--calibration", "cal", "--no-fuse",
    ])
    XCTAssertEqual(a.positional("input"), "in.json")
    XCTAssertEqual(a.value("output"), "out.gml")
    XCTAssertEqual(a.value("quantize"), "float16")
    XCTAssertEqual(a.value("calibration"), "cal")
    XCTAssertTrue(a.flag("no-fuse"))
    XCTAssertFalse(a.isHelpRequested)
    XCTAssertEqual(a.commandPath, ["convert"])
    let b = try parse(["--output=o=1.gml", "in"])
    XCTAssertEqual(b.value("output"), "o=1.gml")
    XCTAssertEqual(b.value("quantize"), "int8", "default")
    XCTAssertEqual(b.values("quantize"), [], "values(_:) leaves the default out")
    XCTAssertNil(b.value("calibration"))
    XCTAssertFalse(b.flag("no-fuse"))
  }

  func testRepeatingOptionKeepsOrder() throws {
    let a = try parse(["m.gml", "--input", "a.npy", "--output", "y.npy", "--input=b.npy"], runSpec)
    XCTAssertEqual(a.values("input"), ["a.npy", "b.npy"])
    XCTAssertEqual(a.value("input"), "b.npy")
  }

  func testDoubleDashAndSingleDash() throws {
    let a = try parse(["-o", "-", "--", "--in.json"])
    XCTAssertEqual(a.value("output"), "-")
    XCTAssertEqual(a.positional("input"), "--in.json")
    XCTAssertEqual(try parse(["-", "-o", "x"]).positional("input"), "-")
    let b = try parse(["x", "--", "-h"], benchSpec)
    XCTAssertFalse(b.isHelpRequested)
    XCTAssertEqual(b.positional("data"), "-h")
  }

  func testOptionalPositional() throws {
    XCTAssertNil(try parse(["m.gml"], benchSpec).positional("data"))
    XCTAssertEqual(try parse(["m.gml", "d.npy"], benchSpec).positional("data"), "d.npy")
  }

  func testHelpAnywhereWinsOverErrors() throws {
    for args in [
      ["--help"], ["-h"], ["--bogus", "-h"], ["in", "-o", "--help"], ["a", "b", "c", "--help"],
    ] {
      let a = try parse(args)
      XCTAssertTrue(a.isHelpRequested, "\(args)")
      XCTAssertNil(a.positional("input"))
    }
  }

  func testChoices() {
    assertUsageError(
      ["in", "-o", "x", "--quantize", "int4"],
      "--quantize must be one of none, int8, dynamic, float16; got 'int4'")
  }

  func testUnknownOptions() {
    assertUsageError(["in", "--ouput", "x"], "unknown option '--ouput'; did you mean '--output'?")
    assertUsageError(
      ["in", "--quantise=int8"], "unknown option '--quantise'; did you mean '--quantize'?")
    assertUsageError(["in", "--hlep"], "unknown option '--hlep'; did you mean '--help'?")
    assertUsageError(["in", "--foo"], "unknown option '--foo'")
    assertUsageError(["in", "-x"], "unknown option '-x'")
    assertUsageError(["in", "-ox"], "unknown option '-ox'")
  }

  func testMissingAndUnexpectedValues() {
    assertUsageError(["in", "-o"], "missing value for '--output <file>'")
    assertUsageError(["in", "--output", "--no-fuse"], "missing value for '--output <file>'")
    assertUsageError(
      ["in", "-o", "x", "--no-fuse=yes"], "option '--no-fuse' does not take a value")
    assertUsageError(["in", "-o", "x", "--output", "y"], "option '--output' given more than once")
    assertUsageError(
      ["in", "-o", "x", "--no-fuse", "--no-fuse"], "option '--no-fuse' given more than once")
  }

  func testMissingAndExtraArguments() {
    assertUsageError(["-o", "x"], "missing argument '<input>'")
    assertUsageError(["in"], "missing option '--output <file>'")
    assertUsageError(["m.gml", "--output", "y"], "missing option '--input <file>'", in: runSpec)
    assertUsageError(["in", "extra", "-o", "x"], "unexpected argument 'extra'")
  }

  func testIntegers() throws {
    XCTAssertEqual(try parse(["m"], benchSpec).int("runs", minimum: 1), 10)
    XCTAssertNil(try parse(["m"], benchSpec).int("warmup"))
    XCTAssertEqual(try parse(["m", "--warmup=-3"], benchSpec).int("warmup"), -3)
    let bad = try parse(["m", "--runs", "ten"], benchSpec)
    XCTAssertThrowsError(try bad.int("runs")) {
      XCTAssertEqual(($0 as? UsageError)?.message, "--runs must be an integer; got 'ten'")
      XCTAssertEqual(($0 as? UsageError)?.commandPath, ["bench"])
    }
    XCTAssertThrowsError(try parse(["m", "--runs", "0"], benchSpec).int("runs", minimum: 1)) {
      XCTAssertEqual(($0 as? UsageError)?.message, "--runs must be at least 1; got '0'")
    }
  }

  func testSubcommands() throws {
    let a = try parse(["convert", "in", "-o", "x"], gmlSpec)
    XCTAssertEqual(a.commandPath, ["gml", "convert"])
    XCTAssertEqual(a.command.name, "convert")
    XCTAssertEqual(a.value("output"), "x")
    XCTAssertTrue(try parse(["--version"], gmlSpec).flag("version"))
    XCTAssertTrue(try parse(["--help", "convert"], gmlSpec).isHelpRequested)
    let help = try parse(["run", "-h"], gmlSpec)
    XCTAssertEqual(help.commandPath, ["gml", "run"])
    XCTAssertTrue(help.isHelpRequested)
    assertUsageError(["conver"], "unknown command 'conver'; did you mean 'convert'?", in: gmlSpec)
    assertUsageError(["validate"], "unknown command 'validate'", in: gmlSpec)
    assertUsageError([], "missing command; expected one of convert, run, bench", in: gmlSpec)
    assertUsageError(["--version", "convert"], "unexpected argument 'convert'", in: gmlSpec)
    assertUsageError(
      ["--verison"], "unknown option '--verison'; did you mean '--version'?", in: gmlSpec)
  }

  func testErrorDescriptionNamesTheSubcommand() {
    XCTAssertThrowsError(try parse(["run", "m.gml"], gmlSpec)) {
      XCTAssertEqual(
        ($0 as? UsageError)?.description,
        """
        error: missing option '--input <file>'
        Usage: gml run <model> --input <file> ... --output <file>
          See 'gml run --help' for more information.
        """)
    }
  }

  func testSubcommandHelpScreen() {
    XCTAssertEqual(
      ArgumentParser.help(for: convertSpec, commandPath: ["gml", "convert"]),
      """
      OVERVIEW: Convert a float model to a .gml file.

      Reads JSON, .npz or .tflite.
      Writes one flat buffer.

      USAGE: gml convert <input> --output <file> [--quantize <mode>] [--calibration <path>] [--no-fuse]

      ARGUMENTS:
        <input>                 The model to convert.

      OPTIONS:
        -o, --output <file>     Where to write the model.
        --quantize <mode>       How to quantize weights and activations. (values:
                                none, int8, dynamic, float16; default: int8)
        --calibration <path>    A .npy file or a folder of them.
        --no-fuse               Keep activations as separate ops.
        -h, --help              Show help information.
      """)
  }

  func testRootHelpScreen() {
    XCTAssertEqual(
      ArgumentParser.help(for: gmlSpec, commandPath: ["gml"]),
      """
      OVERVIEW: Convert and run int8 models.

      USAGE: gml [--version] <subcommand>

      OPTIONS:
        --version               Show the version.
        -h, --help              Show help information.

      SUBCOMMANDS:
        convert                 Convert a float model to a .gml file.
        run                     Run a model.
        bench                   Time a model.

        See 'gml <subcommand> --help' for detailed help.
      """)
  }

  func testLongLabelMovesHelpToNextLine() {
    let spec = CommandSpec(
      "x", abstract: "X.",
      options: [
        .option("output", short: "o", valueName: "file.gml", help: "Fits."),
        .option("outputs", short: "p", valueName: "file.gml", help: "Does not."),
      ])
    XCTAssertTrue(
      ArgumentParser.help(for: spec, commandPath: ["x"]).contains(
        """
          -o, --output <file.gml> Fits.
          -p, --outputs <file.gml>
                                  Does not.
          -h, --help              Show help information.
        """))
  }
}
