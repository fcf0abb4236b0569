// GMLCommandLine/ArgumentParser+Help.swift — help screens and usage lines, swift-argument-parser style.

extension ArgumentParser {
  /// The implicit option every command has.
  static let helpOption = OptionSpec.flag("help", short: "h", help: "Show help information.")
  /// Descriptions start in this column, as in swift-argument-parser.
  static let labelColumnWidth = 26
  /// Help text is wrapped to this many columns.
  static let screenWidth = 80

  /// The help screen of `spec`: OVERVIEW, the discussion, USAGE, ARGUMENTS,
  /// OPTIONS (with values and defaults) and SUBCOMMANDS, wrapped to 80 columns.
  ///
  /// - Parameters:
  ///   - spec: the command to describe.
  ///   - commandPath: its names from the root, as in `ParsedArguments.commandPath`.
  /// - Returns: the text, without a final newline (as `print` adds one).
  public static func help(for spec: CommandSpec, commandPath: [String]) -> String {
    var out =
      wrap("OVERVIEW: " + spec.abstract, width: screenWidth).joined(separator: "\n") + "\n\n"
    if let discussion = spec.discussion {
      out += wrap(discussion, width: screenWidth).joined(separator: "\n") + "\n\n"
    }
    out += "USAGE: " + usage(for: spec, commandPath: commandPath) + "\n"
    if !spec.positionals.isEmpty {
      out += "\nARGUMENTS:\n"
      for p in spec.positionals { out += row("<\(p.name)>", p.help) }
    }
    out += "\nOPTIONS:\n"
    for o in spec.options + [helpOption] { out += row(label(o), description(o)) }
    if !spec.subcommands.isEmpty {
      out += "\nSUBCOMMANDS:\n"
      for c in spec.subcommands { out += row(c.name, c.abstract) }
      let path = commandPath.joined(separator: " ")
      out += "\n  See '\(path) <subcommand> --help' for detailed help.\n"
    }
    return String(out.dropLast())
  }

  /// The one-line synopsis of `spec`:
  /// `gml run <model> --input <file> ... --output <file>`.
  ///
  /// Positionals come first, then options in declaration order; optional
  /// parts are in brackets and repeating options end with `...`.
  ///
  /// - Parameters:
  ///   - spec: the command.
  ///   - commandPath: its names from the root.
  /// - Returns: the line, without `USAGE:` and without a newline.
  public static func usage(for spec: CommandSpec, commandPath: [String]) -> String {
    var parts = commandPath
    for p in spec.positionals { parts.append(p.isOptional ? "[<\(p.name)>]" : "<\(p.name)>") }
    for o in spec.options {
      let part = o.usageLabel + (o.isRepeating ? " ..." : "")
      parts.append(o.isRequired ? part : "[\(part)]")
    }
    if !spec.subcommands.isEmpty { parts.append("<subcommand>") }
    return parts.joined(separator: " ")
  }

  /// `-o, --output <file>`.
  private static func label(_ o: OptionSpec) -> String {
    o.short.map { "-\($0), " + o.usageLabel } ?? o.usageLabel
  }

  /// The help sentence followed by `(values: …; default: …)` when there are any.
  private static func description(_ o: OptionSpec) -> String {
    var notes: [String] = []
    if let choices = o.choices { notes.append("values: " + choices.joined(separator: ", ")) }
    if let value = o.defaultValue { notes.append("default: " + value) }
    return notes.isEmpty ? o.help : "\(o.help) (\(notes.joined(separator: "; ")))"
  }

  /// Two spaces, the label, and `text` wrapped in the description column; a
  /// label that leaves no space before the column puts the text on the next line.
  private static func row(_ label: String, _ text: String) -> String {
    let indent = String(repeating: " ", count: labelColumnWidth)
    let lines = wrap(text, width: screenWidth - labelColumnWidth)
    var out = "  " + label
    if 2 + label.count >= labelColumnWidth {
      out += "\n" + indent
    } else {
      out += String(repeating: " ", count: labelColumnWidth - 2 - label.count)
    }
    out += lines.joined(separator: "\n" + indent)
    return out + "\n"
  }

  /// `text` split at spaces into lines of at most `width` characters (a
  /// longer word gets a line of its own); newlines in `text` are kept.
  static func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
      var line = ""
      for word in paragraph.split(separator: " ") {
        if !line.isEmpty && line.count + 1 + word.count > width {
          lines.append(line)
          line = ""
        }
        line += (line.isEmpty ? "" : " ") + word
      }
      lines.append(line)
    }
    return lines
  }
}
