// GMLSchema/SwiftMirror.swift — generates GMLFormat's Swift mirror of schema/gml.fbs: enums, field slots and the options union.

/// A generated source file: its path in the repository and its text.
public struct GeneratedFile: Equatable, Sendable {
  public var path: String
  public var text: String
}

/// What the generator cannot write: names the schema item.
public struct GenerationError: Error, CustomStringConvertible {
  public let description: String
}

/// GMLFormat's mirror of a schema, as Swift source files. What a new
/// operator option or enum case needs in GMLFormat follows from the schema:
/// its Swift enums (`OpCode`, `Padding`, …) with their schema names, the
/// field slot of every table (`Slot`), and for the options union the Swift
/// values (`OpOptions`, `OpOptionsType`, structs), their reader, writer,
/// verifier and size bound.
public struct SwiftMirror {
  /// Where the files go, from the repository's root.
  public static let directory = "Sources/GMLFormat/Generated"
  /// Enums declared in another module (GMLCore's `ElementType`): the
  /// mirror adds their schema names only.
  static let enumsDeclaredElsewhere: Set<String> = ["ElementType"]
  /// The union of operator options.
  static let optionsUnion = "OpOptions"
  /// The fields an options table holds as one `Window2D`, by schema name.
  static let windowFields = ["padding", "stride_h", "stride_w", "explicit_padding"]

  let schema: Schema

  /// A mirror of `schema`.
  public init(schema: Schema) { self.schema = schema }

  /// Every generated file, in a fixed order.
  /// - Throws: `GenerationError` for a schema item outside what the mirror
  ///   writes (an options field of a string or table type, say).
  public func files() throws -> [GeneratedFile] {
    let options = try optionsTables()
    return [
      file(
        "SchemaEnums.swift", "the schema's enums and their names", imports: ["GMLCore"], enums()),
      file("SchemaSlots.swift", "the field slot of every table", imports: [], slots()),
      file(
        "OpOptions.swift", "the operator options union as Swift values", imports: [],
        optionsValues(options)),
      file(
        "OpOptions+Codec.swift", "reads, writes, verifies and bounds each options table",
        imports: ["GMLCore", "GMLFlatBuffers"], optionsCodec(options)),
    ]
  }

  private func file(_ name: String, _ purpose: String, imports: [String], _ body: Lines)
    -> GeneratedFile
  {
    var text = "// GMLFormat/Generated/\(name) — \(purpose); generated from schema/gml.fbs"
    text += " by `swift run gml-schema`, do not edit.\n"
    for module in imports { text += "import \(module)\n" }
    text += "\n" + body.text
    return GeneratedFile(path: "\(Self.directory)/\(name)", text: text)
  }
}

/// Lines of Swift source with the indentation they are written at.
struct Lines {
  private(set) var text = ""
  var indent = 0

  /// Appends one line (or a blank line for "").
  mutating func line(_ s: String) {
    text += s.isEmpty ? "\n" : String(repeating: "  ", count: indent) + s + "\n"
  }

  /// Appends `///` lines, each wrapped at 100 columns (a list item's
  /// continuation indented under its text).
  mutating func docs(_ docs: [String]) {
    let width = 100 - 2 * indent - 4
    for d in docs {
      var line = ""
      let hanging = d.hasPrefix("- ") ? "  " : ""
      for word in d.split(separator: " ") {
        if !line.isEmpty && line.count + 1 + word.count > width {
          self.line("/// \(line)")
          line = hanging + word
        } else {
          line += line.isEmpty ? String(word) : " " + word
        }
      }
      self.line(line.isEmpty ? "///" : "/// \(line)")
    }
  }

  /// Appends `open`, the lines `body` writes one level in, then `close`.
  mutating func block(_ open: String, _ close: String = "}", _ body: (inout Lines) -> Void) {
    line(open)
    indent += 1
    body(&self)
    indent -= 1
    line(close)
  }
}
