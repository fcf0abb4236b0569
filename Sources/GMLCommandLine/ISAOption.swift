// GMLCommandLine/ISAOption.swift — `--isa TIER` and the GML_ISA variable: the cap on the fast kernels' instruction-set tier.
import GMLKernels

/// The `--isa` option `gml run` and `gml bench` share, and its check
/// against the `GML_ISA` environment variable (which the runtime reads
/// itself; here a value naming no tier of this build is an error rather
/// than ignored).
enum ISAOption {
  /// The option: a tier of this build's chain.
  static let spec = OptionSpec.option(
    "isa", valueName: "tier",
    help: "The highest instruction-set tier the fast kernels may run (\(names)); default: "
      + "GML_ISA, else the best this CPU runs that is on by default. Tiers not yet tested on "
      + "real hardware run only when named. Every tier gives the same bytes.")

  /// This build's tiers, best first, as `a|b|c`.
  static var names: String { ISATier.chain.map { $0.name }.joined(separator: "|") }

  /// The cap `--isa` (or else `GML_ISA`) names, or nil for none.
  /// - Parameters:
  ///   - args: the parsed arguments.
  ///   - command: the command, for the usage error (`["gml", "bench"]`).
  ///   - usage: its usage line.
  /// - Throws: `UsageError` when either names no tier of this build.
  static func cap(_ args: ParsedArguments, command: [String], usage: String) throws -> ISATier? {
    func tier(_ value: String, _ source: String) throws -> ISATier {
      guard let tier = ISATier(named: value), ISATier.chain.contains(tier) else {
        throw UsageError(
          "\(source) '\(value)' names no instruction-set tier of this build; one of \(names)",
          commandPath: command, usage: usage)
      }
      return tier
    }
    if let value = args.value("isa") { return try tier(value, "--isa") }
    if let value = ISATier.environmentValue { return try tier(value, "GML_ISA") }
    return nil
  }

  /// How a report names the tier that ran: `avx512vnni (this CPU's best
  /// on by default)`, or `avx2 (capped; this CPU also runs avx512vnni)`.
  static func describe(_ ran: ISATier) -> String {
    let best = ISATier.selected(cap: nil)
    if ran == best { return "\(ran.name) (this CPU's best on by default)" }
    let higher = ISATier.chain.prefix { $0 != ran }.filter { $0.isSupported }.map { $0.name }
    return "\(ran.name) (capped; this CPU also runs \(higher.joined(separator: ", ")))"
  }
}
