// GMLCommandLine/ArgumentParser.swift — parses a command line against a CommandSpec.

/// A small command-line parser for `gml` and its subcommands.
///
/// Accepted forms: `--name value`, `--name=value`, `-s value`, flags
/// `--name`, repeated options, positionals in order, `--` to end options,
/// and `--help`/`-h` anywhere before `--`. A value may not start with `-`
/// (except `-` itself) unless given as `--name=value`. A non-repeating
/// option given twice is an error rather than "last one wins".
public enum ArgumentParser {
  /// Parses `arguments` (without the program name) against `spec`.
  ///
  /// When `spec` has subcommands, the first argument selects one and the rest
  /// is parsed against it; otherwise the first argument may only be one of
  /// the root's own options (such as `--version`).
  ///
  /// - Parameters:
  ///   - arguments: the command-line arguments after the program name.
  ///   - spec: the root command.
  /// - Throws: `UsageError` for an unknown option or command, a missing or
  ///   unexpected value, a value not among the choices, a missing required
  ///   option or positional, or an extra positional.
  /// - Returns: the values by name; check `isHelpRequested` first.
  public static func parse(_ arguments: [String], spec: CommandSpec) throws(UsageError)
    -> ParsedArguments
  {
    try parse(arguments[...], spec: spec, path: [spec.name])
  }

  private static func parse(_ arguments: ArraySlice<String>, spec: CommandSpec, path: [String])
    throws(UsageError) -> ParsedArguments
  {
    spec.checkWellFormed()
    if let first = arguments.first, !spec.subcommands.isEmpty, !first.hasPrefix("-") {
      guard let sub = spec.subcommands.first(where: { $0.name == first }) else {
        let hint = suggestion(for: first, among: spec.subcommands.map(\.name))
        throw error("unknown command '\(first)'\(hint)", spec, path)
      }
      return try parse(arguments.dropFirst(), spec: sub, path: path + [sub.name])
    }
    let beforeEnd = arguments.prefix { $0 != "--" }
    let wantsHelp = beforeEnd.contains { $0 == "--help" || $0 == "-h" }
    var result = ParsedArguments(command: spec, commandPath: path, isHelpRequested: wantsHelp)
    if wantsHelp { return result }

    var given: [String] = []
    var rest = arguments
    while let arg = rest.popFirst() {
      if arg == "--" {
        given += rest
        break
      }
      guard arg.hasPrefix("-"), arg != "-" else {
        given.append(arg)
        continue
      }
      let (option, inline) = try lookUp(arg, spec, path)
      if result.optionValues[option.name] != nil, !option.isRepeating {
        throw error("option '\(option.longLabel)' given more than once", spec, path)
      }
      guard option.valueName != nil else {
        if inline != nil {
          throw error("option '\(option.longLabel)' does not take a value", spec, path)
        }
        result.optionValues[option.name] = []
        continue
      }
      let value: String
      if let inline {
        value = inline
      } else if let next = rest.first, !next.hasPrefix("-") || next == "-" {
        value = rest.removeFirst()
      } else {
        throw error("missing value for '\(option.usageLabel)'", spec, path)
      }
      if let choices = option.choices, !choices.contains(value) {
        let list = choices.joined(separator: ", ")
        throw error("\(option.longLabel) must be one of \(list); got '\(value)'", spec, path)
      }
      result.optionValues[option.name, default: []].append(value)
    }

    if !spec.subcommands.isEmpty && result.optionValues.isEmpty {
      let list = spec.subcommands.map(\.name).joined(separator: ", ")
      throw error("missing command; expected one of \(list)", spec, path)
    }
    if given.count > spec.positionals.count {
      throw error("unexpected argument '\(given[spec.positionals.count])'", spec, path)
    }
    for (p, value) in zip(spec.positionals, given) { result.positionals[p.name] = value }
    for p in spec.positionals.dropFirst(given.count) where !p.isOptional {
      throw error("missing argument '<\(p.name)>'", spec, path)
    }
    for o in spec.options where o.isRequired && result.optionValues[o.name] == nil {
      throw error("missing option '\(o.usageLabel)'", spec, path)
    }
    return result
  }

  /// The option `arg` names, and its `=value` if any.
  private static func lookUp(_ arg: String, _ spec: CommandSpec, _ path: [String])
    throws(UsageError) -> (OptionSpec, String?)
  {
    if arg.hasPrefix("--") {
      let body = arg.dropFirst(2)
      let name = String(body.prefix { $0 != "=" })
      let inline = body.firstIndex(of: "=").map { String(body[body.index(after: $0)...]) }
      if let option = spec.option(named: name) { return (option, inline) }
      let hint = suggestion(for: name, among: spec.options.map(\.name) + ["help"], prefix: "--")
      throw error("unknown option '--\(name)'\(hint)", spec, path)
    }
    if arg.count == 2, let option = spec.options.first(where: { $0.short == arg.last }) {
      return (option, nil)
    }
    throw error("unknown option '\(arg)'", spec, path)
  }

  private static func error(_ message: String, _ spec: CommandSpec, _ path: [String]) -> UsageError
  {
    UsageError(message, commandPath: path, usage: usage(for: spec, commandPath: path))
  }

  /// `; did you mean '--output'?` for the closest candidate within edit distance 2, else "".
  static func suggestion(for word: String, among candidates: [String], prefix: String = "")
    -> String
  {
    let scored = candidates.map { (name: $0, distance: editDistance(word, $0)) }
    guard let best = scored.min(by: { $0.distance < $1.distance }), best.distance <= 2 else {
      return ""
    }
    return "; did you mean '\(prefix)\(best.name)'?"
  }

  /// The Levenshtein distance between `a` and `b`, in characters.
  static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    var previous = Array(0...b.count)
    for (i, x) in a.enumerated() {
      var current = [i + 1]
      for (j, y) in b.enumerated() {
        current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
      }
      previous = current
    }
    return previous[b.count]
  }
}
