// GMLCommandLine/GML.swift — the `gml` command: its spec, dispatch and exit codes.
import GMLCore

/// The `gml` command-line tool. `gml` itself only dispatches; each
/// subcommand is a nested type with a `spec` and a `run`.
public enum GML {
  /// Exit codes: 0 success, 1 error, 2 usage error (the Unix convention).
  public enum ExitCode: Int32 {
    case success = 0
    case failure = 1
    case usage = 2
  }

  /// The root command and its subcommands.
  static let spec = CommandSpec(
    "gml",
    abstract: "Convert float neural networks to compact .gml files and run them.",
    discussion: """
      gml converts gml-float and .tflite models to .gml (fused, optionally \
      quantized to int8 or float16), runs them with a small interpreter, and \
      checks and measures the result.
      """,
    options: [.flag("version", help: "Print the gml version and exit.")],
    subcommands: [Convert.spec, Run.spec, Inspect.spec, Validate.spec, Bench.spec])

  /// Runs `gml` with `arguments` (without the program name).
  /// - Parameters:
  ///   - arguments: the command line after `gml`.
  ///   - console: where standard output and error go.
  /// - Returns: the exit code.
  public static func run(_ arguments: [String], console: inout Console) -> ExitCode {
    let parsed: ParsedArguments
    do {
      parsed = try ArgumentParser.parse(arguments, spec: spec)
    } catch {
      console.error(error.description)
      return .usage
    }
    if parsed.isHelpRequested {
      console.print(ArgumentParser.help(for: parsed.command, commandPath: parsed.commandPath))
      return .success
    }
    do {
      switch parsed.command.name {
      case Convert.spec.name: try Convert.run(parsed, &console)
      case Run.spec.name: try Run.run(parsed, &console)
      case Inspect.spec.name: try Inspect.run(parsed, &console)
      case Validate.spec.name: try Validate.run(parsed, &console)
      case Bench.spec.name: try Bench.run(parsed, &console)
      default:
        if parsed.flag("version") {
          console.print("gml \(gmlVersion)")
          return .success
        }
        console.error(ArgumentParser.help(for: spec, commandPath: ["gml"]))
        return .usage
      }
    } catch let error as UsageError {
      console.error(error.description)
      return .usage
    } catch let error as CommandError {
      console.error(error.description)
      return .failure
    } catch {
      console.error("gml: error: \(error)")
      return .failure
    }
    return .success
  }
}

/// Standard output and error of a command, collected so tests can read them.
public struct Console {
  /// Called with each piece of standard output as it is produced.
  let writeOut: (String) -> Void
  /// Called with each piece of standard error.
  let writeErr: (String) -> Void

  /// - Parameters:
  ///   - out: receives standard output text.
  ///   - err: receives standard error text.
  public init(out: @escaping (String) -> Void, err: @escaping (String) -> Void) {
    writeOut = out
    writeErr = err
  }

  /// Writes `text` and a newline to standard output.
  public mutating func print(_ text: String) { writeOut(text + "\n") }

  /// Writes `text` as it is to standard output.
  public mutating func write(_ text: String) { writeOut(text) }

  /// Writes `text` and a newline to standard error.
  public mutating func error(_ text: String) { writeErr(text + "\n") }
}

/// An error that ends a command with exit code 1: `file:location: error: detail`.
public struct CommandError: Error, CustomStringConvertible {
  public var file: String?
  public var message: String

  public init(file: String? = nil, _ message: String) {
    self.file = file
    self.message = message
  }

  /// Wraps a `GMLError` found in `file`.
  public init(file: String, _ error: GMLError) {
    let place = error.locationDescription
    self.file = place.isEmpty ? file : "\(file):\(place)"
    self.message = "\(error.kind.name): \(error.detail)"
  }

  public var description: String {
    file.map { "\($0): error: \(message)" } ?? "gml: error: \(message)"
  }
}
