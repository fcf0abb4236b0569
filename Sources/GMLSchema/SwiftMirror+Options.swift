// GMLSchema/SwiftMirror+Options.swift — the options union as Swift values: OpOptions, OpOptionsType and the window structs.

/// An options table as the mirror writes it.
struct OptionsTable {
  var name: String
  /// The `OpOptions` case: `conv2D`.
  var caseName: String
  var docs: [String]
  var fields: [OptionsField]
  /// The union type byte: position in the union + 1.
  var typeByte: Int

  /// Whether the value is a struct holding a `Window2D` (padding, strides
  /// and explicit padding, which the window kernels share); otherwise the
  /// fields are the case's labeled values.
  var hasWindow: Bool { fields.contains { $0.inWindow } }

  /// The value's Swift text in a pattern binding every field:
  /// `.conv2D(let o)`, `.softmax(let beta, let axis)`.
  var bindingPattern: String {
    if fields.isEmpty { return ".\(caseName)" }
    if hasWindow { return ".\(caseName)(let o)" }
    return ".\(caseName)(\(fields.map { "let \($0.name)" }.joined(separator: ", ")))"
  }
}

/// A live field of an options table.
struct OptionsField {
  var schema: Schema.Field
  /// The Swift member or label: `strideH`.
  var name: String
  /// `Int32`, `[Int32]`, `Padding`.
  var swiftType: String
  /// Vector fields: the element's Swift type and byte size.
  var element: (type: String, size: Int)?
  /// Enum fields: the enum's Swift type.
  var enumType: String?
  /// The initializer's default: `.valid`, `1`, `0.2`, `false`, `[]`.
  var initDefault: String
  /// The stored default (an enum's raw value); unused for vectors.
  var storedDefault: String
  /// Whether the field is one of the `Window2D` ones.
  var inWindow: Bool
}

extension SwiftMirror {
  /// The members of the options union, described for generation.
  func optionsTables() throws -> [OptionsTable] {
    guard let union = schema.unionNamed(Self.optionsUnion) else {
      throw GenerationError(description: "no union \(Self.optionsUnion)")
    }
    let enumNames = Set(schema.enums.map(\.name))
    return try union.members.enumerated().map { index, member in
      guard let table = schema.tableNamed(member) else {
        throw GenerationError(description: "union member \(member) is no table")
      }
      let fields = try table.liveFields.map { try optionsField($0, table.name, enumNames) }
      let window = fields.filter(\.inWindow).map(\.schema.name)
      if !window.isEmpty && window != Self.windowFields {
        throw GenerationError(
          description: "\(table.name): has \(window), the window fields are \(Self.windowFields)")
      }
      return OptionsTable(
        name: table.name, caseName: SwiftNames.optionsCase(table.name), docs: table.docs,
        fields: fields, typeByte: index + 1)
    }
  }

  private func optionsField(_ f: Schema.Field, _ table: String, _ enumNames: Set<String>) throws
    -> OptionsField
  {
    let what = "\(table).\(f.name) (\(f.type))"
    guard let swiftType = SwiftNames.type(f.type, enums: enumNames) else {
      throw GenerationError(description: "\(what): options fields are scalars, enums or vectors")
    }
    var field = OptionsField(
      schema: f, name: SwiftNames.member(f.name), swiftType: swiftType, element: nil,
      enumType: nil, initDefault: "", storedDefault: "",
      inWindow: Self.windowFields.contains(f.name))
    let literal = f.defaultLiteral
    if let element = f.vectorElement {
      guard let size = Schema.scalarSizes[element], let type = SwiftNames.scalarTypes[element],
        literal == nil
      else { throw GenerationError(description: "\(what): vectors hold scalars, no default") }
      field.element = (type, size)
      field.initDefault = "[]"
    } else if let e = schema.enumNamed(f.type) {
      let c = e.cases.first { literal == nil ? $0.value == 0 : $0.name == literal }
      guard let c else { throw GenerationError(description: "\(what): no case for the default") }
      field.enumType = e.name
      field.initDefault = ".\(SwiftNames.enumCase(c.name))"
      field.storedDefault = "\(c.value)"
    } else {
      field.initDefault = literal ?? (f.type == "bool" ? "false" : "0")
      field.storedDefault = field.initDefault
    }
    return field
  }

  /// The window structs, `OpOptions` and `OpOptionsType`.
  func optionsValues(_ tables: [OptionsTable]) -> Lines {
    var out = Lines()
    for t in tables where t.hasWindow {
      windowStruct(t, &out)
      out.line("")
    }
    out.docs([
      "The options of an operator: one case per member of the schema's union,",
      "in union order (the union type byte is the case's position + 1).",
    ])
    out.block("public enum OpOptions: Equatable, Sendable {") { out in
      out.line("case none")
      for t in tables {
        out.docs(t.docs)
        if t.fields.isEmpty {
          out.line("case \(t.caseName)")
        } else if t.hasWindow {
          out.line("case \(t.caseName)(\(t.name))")
        } else {
          for f in t.fields where !f.schema.docs.isEmpty {
            out.docs(["- `\(f.name)`: " + f.schema.docs.joined(separator: " ")])
          }
          let values = t.fields.map { "\($0.name): \($0.swiftType)" }
          let whole = "case \(t.caseName)(\(values.joined(separator: ", ")))"
          if whole.count + 2 * out.indent <= 100 {
            out.line(whole)
          } else {
            out.line("case \(t.caseName)(")
            out.indent += 1
            wrapped(values, &out, last: ")")
            out.indent -= 1
          }
        }
      }
      out.line("")
      out.docs(["The union member this case is written as."])
      out.block("public var type: OpOptionsType {") { out in
        out.block("switch self {") { out in
          out.indent -= 1
          out.line("case .none: return .none")
          for t in tables { out.line("case .\(t.caseName): return .\(t.caseName)") }
          out.indent += 1
        }
      }
    }
    out.line("")
    out.docs([
      "The members of the `gml.OpOptions` union; raw values are the union type",
      "bytes, pinned like every schema enum.",
    ])
    out.block("public enum OpOptionsType: UInt8, CaseIterable, Sendable, SchemaEnum {") { out in
      out.line("case none = 0")
      for t in tables { out.line("case \(t.caseName) = \(t.typeByte)") }
      out.line("")
      out.docs(["The schema's name of the member: `NONE`, `\(tables.first?.name ?? "")`."])
      out.block("public var schemaName: String {") { out in
        out.block("switch self {") { out in
          out.indent -= 1
          out.line("case .none: return \"NONE\"")
          for t in tables { out.line("case .\(t.caseName): return \"\(t.name)\"") }
          out.indent += 1
        }
      }
    }
    return out
  }

  /// `public struct Conv2DOptions`: a `Window2D`, then the other fields.
  private func windowStruct(_ t: OptionsTable, _ out: inout Lines) {
    out.docs(t.docs.isEmpty ? ["`\(t.name)`."] : t.docs)
    let own = t.fields.filter { !$0.inWindow }
    out.block("public struct \(t.name): Equatable, Sendable {") { out in
      out.line("public var window: Window2D")
      for f in own {
        out.docs(f.schema.docs)
        out.line("public var \(f.name): \(f.swiftType)")
      }
      out.line("")
      let parameters =
        ["window: Window2D = Window2D()"]
        + own.map { "\($0.name): \($0.swiftType) = \($0.initDefault)" }
      out.line("public init(")
      out.indent += 1
      wrapped(parameters, &out)
      out.indent -= 1
      out.block(") {") { out in
        out.line("self.window = window")
        for f in own { out.line("self.\(f.name) = \(f.name)") }
      }
    }
  }
}

/// Writes comma-separated `items` on as few lines as fit in 100 columns.
func wrapped(_ items: [String], _ out: inout Lines, last: String = "") {
  let width = 100 - 2 * out.indent
  var line = ""
  for (i, item) in items.enumerated() {
    let piece = item + (i == items.count - 1 ? last : ",")
    if !line.isEmpty && line.count + 1 + piece.count > width {
      out.line(line)
      line = piece
    } else {
      line += line.isEmpty ? piece : " " + piece
    }
  }
  if !line.isEmpty { out.line(line) }
}
