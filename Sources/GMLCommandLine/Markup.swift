// GMLCommandLine/Markup.swift — escaping text for the HTML, SVG and DOT the reports write, and the pages' shared head.
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

  /// The start of a report page, through `<body>`: the title (escaped
  /// here) and the reports' shared style (text, tables, SVG labels), then
  /// `style`'s own rules.
  static func pageHead(title: String, style: String) -> String {
    var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
    out += "<title>\(escaped(title))</title>\n<style>\n"
    out += "body { font: 14px Helvetica, Arial, sans-serif; margin: 24px; color: #222; }\n"
    out += "table { border-collapse: collapse; font-size: 12px; }\n"
    out += "td, th { border: 1px solid #ccc; padding: 2px 6px; text-align: left; }\n"
    out += "svg text { font: 11px Helvetica, Arial, sans-serif; }\n"
    return out + style + "</style>\n</head>\n<body>\n"
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
