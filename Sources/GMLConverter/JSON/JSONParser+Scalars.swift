// GMLConverter/JSON/JSONParser+Scalars.swift — JSON strings (escapes, strict UTF-8) and numbers.

extension JSONParser {
  /// A string at `position` (on its opening quote); returns its contents.
  mutating func string() throws(ConversionError) -> String {
    position += 1
    var out: [UInt8] = []
    while true {
      guard let c = peek() else { throw error("unterminated string") }
      switch c {
      case UInt8(ascii: "\""):
        position += 1
        return String(decoding: out, as: UTF8.self)
      case UInt8(ascii: "\\"):
        try escape(into: &out)
      case 0x00..<0x20:
        throw error("control character in a string; escape it (\\n, \\t, \\u00XX)")
      case 0x20..<0x80:
        out.append(c)
        position += 1
      default:
        let length = try utf8Sequence()
        out.append(contentsOf: bytes[position..<position + length])
        position += length
      }
    }
  }

  /// The length of the valid UTF-8 sequence at `position` (RFC 3629 table).
  func utf8Sequence() throws(ConversionError) -> Int {
    let lead = bytes[position]
    let length: Int
    var low: UInt8 = 0x80
    var high: UInt8 = 0xBF
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0: (length, low) = (3, 0xA0)
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xED: (length, high) = (3, 0x9F)
    case 0xF0: (length, low) = (4, 0x90)
    case 0xF1...0xF3: length = 4
    case 0xF4: (length, high) = (4, 0x8F)
    default: throw error("invalid UTF-8 byte 0x\(String(lead, radix: 16, uppercase: true))")
    }
    for k in 1..<length {
      let i = position + k
      guard i < bytes.count, bytes[i] >= (k == 1 ? low : 0x80), bytes[i] <= (k == 1 ? high : 0xBF)
      else { throw error("invalid UTF-8 sequence") }
    }
    return length
  }

  /// A backslash escape at `position`, appended to `out` as UTF-8.
  mutating func escape(into out: inout [UInt8]) throws(ConversionError) {
    let start = position
    position += 1
    guard let c = peek() else { throw error("unterminated string") }
    position += 1
    switch c {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(c)
    case UInt8(ascii: "b"): out.append(0x08)
    case UInt8(ascii: "f"): out.append(0x0C)
    case UInt8(ascii: "n"): out.append(0x0A)
    case UInt8(ascii: "r"): out.append(0x0D)
    case UInt8(ascii: "t"): out.append(0x09)
    case UInt8(ascii: "u"):
      var code = try hex4()
      if 0xD800..<0xDC00 ~= code {
        guard bytes[position...].starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "u")]) else {
          throw error("unpaired surrogate escape", at: start)
        }
        position += 2
        let low = try hex4()
        guard 0xDC00..<0xE000 ~= low else { throw error("unpaired surrogate escape", at: start) }
        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
      } else if 0xDC00..<0xE000 ~= code {
        throw error("unpaired surrogate escape", at: start)
      }
      guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape", at: start) }
      out.append(contentsOf: Array(String(Character(scalar)).utf8))
    default:
      throw error(
        "invalid escape; expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX", at: start)
    }
  }

  /// Four hex digits at `position`.
  mutating func hex4() throws(ConversionError) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let c = peek(), let digit = hexValue(c) else {
        throw error("expected four hex digits after \\u")
      }
      value = value << 4 | digit
      position += 1
    }
    return value
  }

  private func hexValue(_ c: UInt8) -> UInt32? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(c - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(c - UInt8(ascii: "A") + 10)
    default: return nil
    }
  }

  /// A number at `position`: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
  mutating func number() throws(ConversionError) -> JSONNumber {
    let start = position
    if peek() == UInt8(ascii: "-") { position += 1 }
    if peek() == UInt8(ascii: "0") {
      position += 1
      if let c = peek(), isDigit(c) { throw error("leading zeros are not allowed", at: start) }
    } else if digits() == 0 {
      throw error("expected a digit")
    }
    if peek() == UInt8(ascii: ".") {
      position += 1
      if digits() == 0 { throw error("expected a digit after '.'") }
    }
    if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
      position += 1
      if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
      if digits() == 0 { throw error("expected a digit in the exponent") }
    }
    let text = String(decoding: bytes[start..<position], as: UTF8.self)
    guard let number = JSONNumber(literal: text) else {
      throw error("number \(text) is out of the range of a double", at: start)
    }
    return number
  }

  private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

  /// Skips decimal digits; returns how many.
  private mutating func digits() -> Int {
    let start = position
    while let c = peek(), isDigit(c) { position += 1 }
    return position - start
  }
}
