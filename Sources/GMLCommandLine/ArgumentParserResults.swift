// GMLCommandLine/ArgumentParserResults.swift — what ArgumentParser.parse returns or throws.

/// A command line that does not fit its command's spec. The caller prints
/// `description` to standard error and exits with status 2.
public struct UsageError: Error, Equatable, CustomStringConvertible {
  /// One lower-case sentence: `unknown option '--ouput'; did you mean '--output'?`.
  public let message: String
  /// The command whose arguments were wrong: `["gml", "convert"]`.
  public let commandPath: [String]
  /// That command's usage line without `USAGE:`: `gml convert <input> --output <file> …`.
  public let usage: String

  /// - Parameters:
  ///   - message: what was wrong.
  ///   - commandPath: the command being parsed.
  ///   - usage: its usage line.
  public init(_ message: String, commandPath: [String], usage: String) {
    self.message = message
    self.commandPath = commandPath
    self.usage = usage
  }

  /// `error: …`, the usage line, and where to find help; three lines.
  public var description: String {
    let path = commandPath.joined(separator: " ")
    return "error: \(message)\nUsage: \(usage)\n  See '\(path) --help' for more information."
  }
}

/// The arguments of one command line, looked up by the names in its spec.
///
/// Looking up a name the command did not declare, or a flag as an option, is
/// a programmer error and traps with the name in the message.
public struct ParsedArguments: Sendable {
  /// The command that was selected (a subcommand when the spec has them).
  public let command: CommandSpec
  /// The names from the root to `command`: `["gml", "convert"]`.
  public let commandPath: [String]
  /// True if `--help` or `-h` was given: print `ArgumentParser.help` and exit 0.
  /// Nothing else was checked or stored.
  public let isHelpRequested: Bool

  var positionals: [String: String] = [:]
  var optionValues: [String: [String]] = [:]

  init(command: CommandSpec, commandPath: [String], isHelpRequested: Bool) {
    self.command = command
    self.commandPath = commandPath
    self.isHelpRequested = isHelpRequested
  }

  /// The positional argument called `name`.
  /// - Parameter name: a name from `command.positionals`.
  /// - Returns: its value, or nil if an optional positional was left out.
  public func positional(_ name: String) -> String? {
    precondition(
      command.positionals.contains { $0.name == name },
      "ParsedArguments.positional(_:): '\(command.name)' has no positional '\(name)'")
    return positionals[name]
  }

  /// The value of an option: the one given, else its default.
  /// - Parameter name: a long name (without dashes) of a non-flag option.
  /// - Returns: the last value given, else the default value, else nil.
  public func value(_ name: String) -> String? {
    values(name).last ?? spec(name, isFlag: false, caller: "value(_:)").defaultValue
  }

  /// Every value of a repeating option, in command-line order.
  /// - Parameter name: a long name (without dashes) of a non-flag option.
  /// - Returns: the values given; empty if none (defaults are not included).
  public func values(_ name: String) -> [String] {
    _ = spec(name, isFlag: false, caller: "values(_:)")
    return optionValues[name] ?? []
  }

  /// Whether a flag was given.
  /// - Parameter name: a long name (without dashes) of a flag.
  /// - Returns: true if the flag appeared.
  public func flag(_ name: String) -> Bool {
    _ = spec(name, isFlag: true, caller: "flag(_:)")
    return optionValues[name] != nil
  }

  /// The value of an option as an integer.
  /// - Parameters:
  ///   - name: a long name (without dashes) of a non-flag option.
  ///   - minimum: the smallest value accepted.
  /// - Throws: `UsageError` if the value is not a decimal integer or is below `minimum`.
  /// - Returns: the value (or default) as an `Int`, or nil if there is neither.
  public func int(_ name: String, minimum: Int = .min) throws(UsageError) -> Int? {
    guard let text = value(name) else { return nil }
    guard let n = Int(text) else {
      throw usageError("--\(name) must be an integer; got '\(text)'")
    }
    guard n >= minimum else {
      throw usageError("--\(name) must be at least \(minimum); got '\(text)'")
    }
    return n
  }

  /// A usage error about this command.
  func usageError(_ message: String) -> UsageError {
    UsageError(
      message, commandPath: commandPath,
      usage: ArgumentParser.usage(for: command, commandPath: commandPath))
  }

  private func spec(_ name: String, isFlag: Bool, caller: StaticString) -> OptionSpec {
    guard let o = command.option(named: name), (o.valueName == nil) == isFlag else {
      preconditionFailure(
        "ParsedArguments.\(caller): '\(command.name)' has no \(isFlag ? "flag" : "option") "
          + "'--\(name)'"
      )
    }
    return o
  }
}
