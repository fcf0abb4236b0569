// GMLCommandLine/ArgumentParserSpecs.swift — declarative specs of commands, options, positionals.

/// One `--name` option of a command: a flag, or an option that takes a value.
///
/// Make one with `flag(_:short:help:)` or `option(_:short:valueName:help:…)`.
/// `--help` and `-h` are added to every command and may not be declared.
public struct OptionSpec: Sendable {
  /// The long name without dashes, kebab-case: `output` for `--output`.
  public let name: String
  /// The one-letter short name: `o` for `-o`.
  public let short: Character?
  /// The placeholder shown in help (`file` in `--output <file>`); nil for a flag.
  public let valueName: String?
  /// One sentence for the help screen.
  public let help: String
  /// Whether the option may be given more than once (`--input a --input b`).
  public let isRepeating: Bool
  /// The values accepted, or nil for any value.
  public let choices: [String]?
  /// Whether parsing fails when the option is absent.
  public let isRequired: Bool
  /// The value `ParsedArguments.value(_:)` returns when the option is absent.
  public let defaultValue: String?

  /// A flag: present or absent, takes no value.
  /// - Parameters:
  ///   - name: the long name without dashes (`json`).
  ///   - short: an optional one-letter name.
  ///   - help: one sentence for the help screen.
  /// - Returns: the spec.
  public static func flag(_ name: String, short: Character? = nil, help: String) -> OptionSpec {
    OptionSpec(
      name: name, short: short, valueName: nil, help: help, isRepeating: false, choices: nil,
      isRequired: false, defaultValue: nil)
  }

  /// An option that takes a value: `--name value`, `--name=value` or `-s value`.
  /// - Parameters:
  ///   - name: the long name without dashes (`output`).
  ///   - short: an optional one-letter name (`o`).
  ///   - valueName: the placeholder shown in help (`file`).
  ///   - help: one sentence for the help screen.
  ///   - choices: the accepted values, or nil for any.
  ///   - defaultValue: the value when the option is absent, shown in help.
  ///   - required: whether the option must be given.
  ///   - repeating: whether the option may be given more than once.
  /// - Returns: the spec.
  public static func option(
    _ name: String, short: Character? = nil, valueName: String, help: String,
    choices: [String]? = nil, defaultValue: String? = nil, required: Bool = false,
    repeating: Bool = false
  ) -> OptionSpec {
    OptionSpec(
      name: name, short: short, valueName: valueName, help: help, isRepeating: repeating,
      choices: choices, isRequired: required, defaultValue: defaultValue)
  }

  /// `--output`.
  var longLabel: String { "--" + name }

  /// `--output <file>` or `--json`.
  var usageLabel: String { valueName.map { "\(longLabel) <\($0)>" } ?? longLabel }
}

/// One positional argument of a command, matched in declaration order.
public struct PositionalSpec: Sendable {
  /// The name shown in help as `<name>` and passed to `ParsedArguments.positional(_:)`.
  public let name: String
  /// One sentence for the help screen.
  public let help: String
  /// Whether the argument may be left out; only trailing positionals may be.
  public let isOptional: Bool

  /// - Parameters:
  ///   - name: the name (`input`).
  ///   - help: one sentence for the help screen.
  ///   - optional: whether the argument may be left out.
  public init(_ name: String, help: String, optional: Bool = false) {
    self.name = name
    self.help = help
    self.isOptional = optional
  }
}

/// A command: its positionals and options, or subcommands to dispatch to.
public struct CommandSpec: Sendable {
  /// The name typed on the command line (`convert`).
  public let name: String
  /// One line shown after `OVERVIEW:`.
  public let abstract: String
  /// Further paragraphs for the help screen, or nil.
  public let discussion: String?
  /// The positional arguments, matched in order.
  public let positionals: [PositionalSpec]
  /// The declared options; `--help`/`-h` is implicit and not listed here.
  public let options: [OptionSpec]
  /// Commands selected by the first argument; a command with subcommands has no positionals.
  public let subcommands: [CommandSpec]

  /// - Parameters:
  ///   - name: the name typed on the command line.
  ///   - abstract: one line for the help screen.
  ///   - discussion: further paragraphs, or nil.
  ///   - positionals: the positional arguments, in order.
  ///   - options: the options; `--help`/`-h` is implicit.
  ///   - subcommands: commands selected by the first argument.
  public init(
    _ name: String, abstract: String, discussion: String? = nil,
    positionals: [PositionalSpec] = [], options: [OptionSpec] = [], subcommands: [CommandSpec] = []
  ) {
    self.name = name
    self.abstract = abstract
    self.discussion = discussion
    self.positionals = positionals
    self.options = options
    self.subcommands = subcommands
  }

  /// The option called `name`, if declared.
  func option(named name: String) -> OptionSpec? { options.first { $0.name == name } }

  /// Traps on a spec no command line could use correctly (programmer misuse).
  func checkWellFormed() {
    var names: Set<String> = ["help"]
    var shorts: Set<Character> = ["h"]
    for o in options {
      precondition(
        names.insert(o.name).inserted,
        "CommandSpec '\(name)': option '--\(o.name)' declared twice or reserved")
      if let s = o.short {
        precondition(
          shorts.insert(s).inserted,
          "CommandSpec '\(name)': short option '-\(s)' declared twice or reserved")
      }
    }
    for (p, next) in zip(positionals, positionals.dropFirst()) {
      precondition(
        !p.isOptional || next.isOptional,
        "CommandSpec '\(name)': required '<\(next.name)>' after optional one")
    }
    precondition(
      subcommands.isEmpty || positionals.isEmpty,
      "CommandSpec '\(name)': subcommands and positionals both given")
  }
}
