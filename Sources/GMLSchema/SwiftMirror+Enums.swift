// GMLSchema/SwiftMirror+Enums.swift — the schema's enums as Swift enums with pinned raw values and schema names.

extension SwiftMirror {
  /// Each enum: its cases and raw values, and `schemaName` (an extension
  /// only for an enum declared in another module).
  func enums() -> Lines {
    var out = Lines()
    for (i, e) in schema.enums.enumerated() {
      if i > 0 { out.line("") }
      let elsewhere = Self.enumsDeclaredElsewhere.contains(e.name)
      let raw = SwiftNames.scalarTypes[e.underlying] ?? e.underlying
      if !elsewhere { out.docs(e.docs) }
      let open =
        elsewhere
        ? "extension \(e.name): SchemaEnum {"
        : "public enum \(e.name): \(raw), CaseIterable, Sendable, SchemaEnum {"
      out.block(open) { out in
        if !elsewhere {
          for c in e.cases {
            out.docs(c.docs)
            out.line("case \(SwiftNames.enumCase(c.name)) = \(c.value)")
          }
          out.line("")
        }
        let example = e.cases.first?.name ?? ""
        out.docs(["The schema's name of the case: `\(example)`."])
        out.block("public var schemaName: String {") { out in
          out.block("switch self {") { out in
            out.indent -= 1
            for c in e.cases {
              out.line("case .\(SwiftNames.enumCase(c.name)): return \"\(c.name)\"")
            }
            out.indent += 1
          }
        }
      }
    }
    return out
  }

  /// `enum Slot`: every live field's slot, table by table; a union field
  /// also names its type byte (`optionsType`).
  func slots() -> Lines {
    var out = Lines()
    out.docs([
      "Field slots: the index of each field in its table's declaration order.",
      "A union field takes two slots (its type byte, then its value). These",
      "numbers are the schema; they only grow.",
    ])
    out.block("enum Slot {") { out in
      for (i, t) in schema.tables.enumerated() {
        if i > 0 { out.line("") }
        out.docs(["`\(t.name)`."])
        out.block("enum \(t.name) {") { out in
          for f in t.liveFields {
            let name = SwiftNames.member(f.name)
            if schema.unionNamed(f.type) != nil {
              out.line("static let \(name)Type = \(f.slot - 1)")
            }
            out.line("static let \(name) = \(f.slot)")
          }
        }
      }
    }
    return out
  }
}
