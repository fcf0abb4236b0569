// GMLCommandLine/Markup.swift — escaping text for the HTML, SVG and DOT the reports write.
/// Text escapes for the markup `gml inspect` and `gml validate` write.
enum Markup {
  /// Text for HTML and SVG: `&`, `<`, `>` and `"` as entities.
  static func escaped(_ text: String) -> String {
    replacing(text, ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;"])
  }

  /// A DOT string literal: quotes and backslashes escaped, lines as `\n`.
  static func dotQuoted(_ text: String) -> String {
    "\"" + replacing(text, ["\"": "\\\"", "\\": "\\\\", "\n": "\\n"]) + "\""
  }

  /// `text` with each character in `table` replaced by its entry.
  private static func replacing(_ text: String, _ table: [Character: String]) -> String {
    var out = ""
    for c in text {
      if let r = table[c] { out += r } else { out.append(c) }
    }
    return out
  }
}
