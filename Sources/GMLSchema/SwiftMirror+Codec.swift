// GMLSchema/SwiftMirror+Codec.swift — each options table's reader, writer, verifier and size bound.

extension SwiftMirror {
  /// `OpOptions.read`, `OpOptions.write`, `ModelVerifier.options` and
  /// `ModelWriter.optionsVectorBound`: one case per union member.
  func optionsCodec(_ tables: [OptionsTable]) -> Lines {
    var out = Lines()
    out.block("extension OpOptions {") { out in
      reader(tables, &out)
      out.line("")
      writer(tables, &out)
    }
    out.line("")
    out.block("extension ModelVerifier {") { out in verifier(tables, &out) }
    out.line("")
    out.block("extension ModelWriter {") { out in bound(tables, &out) }
    return out
  }

  private func slot(_ t: OptionsTable, _ f: OptionsField) -> String { "Slot.\(t.name).\(f.name)" }

  /// A field's value read from `o`, an `OptionsFields`: the call and its
  /// arguments.
  private func read(_ t: OptionsTable, _ f: OptionsField) -> (call: String, arguments: [String]) {
    if let element = f.element { return ("o.vector", ["\(slot(t, f))", "\(element.type).self"]) }
    if let e = f.enumType {
      let what = f.schema.name.split(separator: "_").joined(separator: " ")
      return ("try o.enumValue", [slot(t, f), "\(e)\(f.initDefault)", "\"unknown \(what)\""])
    }
    let value = f.swiftType == "Bool" ? f.storedDefault : "\(f.swiftType)(\(f.storedDefault))"
    return ("o.scalar", [slot(t, f), value])
  }

  /// `label: read(...)` and `tail`, the call's arguments on a line of
  /// their own when the whole does not fit.
  private func argument(
    _ t: OptionsTable, _ f: OptionsField, _ tail: String, _ out: inout Lines
  ) {
    let (call, arguments) = read(t, f)
    let whole = "\(f.name): \(call)(\(arguments.joined(separator: ", ")))\(tail)"
    if whole.count + 2 * out.indent <= 100 { return out.line(whole) }
    out.line("\(f.name): \(call)(")
    out.indent += 1
    wrapped(arguments, &out, last: ")" + tail)
    out.indent -= 1
  }

  private func reader(_ tables: [OptionsTable], _ out: inout Lines) {
    out.docs([
      "Decodes the table of union member `type` from a verified buffer.",
      "- Throws: `malformed` for an enum value this build does not know.",
    ])
    out.block(
      "static func read(_ type: OpOptionsType, _ o: OptionsFields) throws(GMLError) -> Self {"
    ) { out in
      out.block("switch type {") { out in
        out.indent -= 1
        out.line("case .none:")
        out.line("  return .none")
        for t in tables {
          out.line("case .\(t.caseName):")
          out.indent += 1
          if t.fields.isEmpty {
            out.line("return .\(t.caseName)")
          } else if t.hasWindow {
            out.line("let window = Window2D(")
            out.indent += 1
            let window = t.fields.filter(\.inWindow)
            for (i, f) in window.enumerated() {
              argument(t, f, i == window.count - 1 ? ")" : ",", &out)
            }
            out.indent -= 1
            out.line("return .\(t.caseName)(")
            out.indent += 1
            out.line("\(t.name)(")
            out.indent += 1
            let own = t.fields.filter { !$0.inWindow }
            out.line("window: window,")
            for (i, f) in own.enumerated() {
              argument(t, f, i == own.count - 1 ? "))" : ",", &out)
            }
            out.indent -= 2
          } else {
            out.line("return .\(t.caseName)(")
            out.indent += 1
            for (i, f) in t.fields.enumerated() {
              argument(t, f, i == t.fields.count - 1 ? ")" : ",", &out)
            }
            out.indent -= 1
          }
          out.indent -= 1
        }
        out.indent += 1
      }
    }
  }

  private func writer(_ tables: [OptionsTable], _ out: inout Lines) {
    out.docs(["Writes the options table, or returns nil for `.none`."])
    out.block("func write(_ b: inout Builder) -> Offset? {") { out in
      out.block("switch self {") { out in
        out.indent -= 1
        out.line("case .none:")
        out.line("  return nil")
        for t in tables {
          out.line("case \(t.bindingPattern):")
          out.indent += 1
          let value = { (f: OptionsField) in
            (t.hasWindow ? (f.inWindow ? "o.window." : "o.") : "") + f.name
          }
          for f in t.fields where f.element != nil {
            out.line("let \(f.name)Vector = nonEmptyVector(\(value(f)), &b)")
          }
          out.line("b.startTable()")
          for f in t.fields {
            if f.element != nil {
              out.block("if let \(f.name)Vector {") { out in
                out.line("b.add(\(f.name)Vector, slot: \(slot(t, f)))")
              }
            } else {
              let v = value(f) + (f.enumType != nil ? ".rawValue" : "")
              out.line("b.add(\(v), default: \(f.storedDefault), slot: \(slot(t, f)))")
            }
          }
          out.line("return b.endTable()")
          out.indent -= 1
        }
        out.indent += 1
      }
    }
  }

  private func verifier(_ tables: [OptionsTable], _ out: inout Lines) {
    out.docs(["Verifies the options table `o` of union member `type`."])
    out.block("func options(_ type: OpOptionsType, _ v: inout V, _ o: Table) throws(GMLError) {") {
      out in
      out.block("switch type {") { out in
        out.indent -= 1
        out.line("case .none:")
        out.line("  return")
        for t in tables {
          out.line("case .\(t.caseName):")
          out.indent += 1
          if t.fields.isEmpty { out.line("return") }
          for f in t.fields {
            if let element = f.element {
              out.line("try verifyVector(&v, o, \(slot(t, f)), elementSize: \(element.size))")
            } else {
              let stored =
                f.enumType.flatMap { e in
                  schema.enumNamed(e).flatMap { SwiftNames.scalarTypes[$0.underlying] }
                } ?? f.swiftType
              out.line("try v.verifyScalar(o, slot: \(slot(t, f)), \(stored).self)")
            }
          }
          out.indent -= 1
        }
        out.indent += 1
      }
    }
  }

  private func bound(_ tables: [OptionsTable], _ out: inout Lines) {
    out.docs([
      "The bytes the vectors of an options table take at most, each with its",
      "length prefix and padding.",
    ])
    out.block("static func optionsVectorBound(_ options: OpOptions) -> Int {") { out in
      out.block("switch options {") { out in
        out.indent -= 1
        out.line("case .none: return 0")
        for t in tables {
          let vectors = t.fields.filter { $0.element != nil }
          if vectors.isEmpty {
            out.line("case .\(t.caseName): return 0")
            continue
          }
          let pattern =
            t.hasWindow
            ? ".\(t.caseName)(let o)"
            : ".\(t.caseName)("
              + t.fields.map { $0.element == nil ? "_" : "let \($0.name)" }.joined(separator: ", ")
              + ")"
          out.line("case \(pattern):")
          out.indent += 1
          let terms = vectors.map { f in
            let name = t.hasWindow ? (f.inWindow ? "o.window." : "o.") + f.name : f.name
            return "vectorBound(\(name).count, \(f.element?.size ?? 0))"
          }
          out.line("var bytes = 0")
          for term in terms { out.line("bytes += \(term)") }
          out.line("return bytes")
          out.indent -= 1
        }
        out.indent += 1
      }
    }
  }
}
