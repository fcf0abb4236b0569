// GMLNumPy/NPY+Header.swift — parses the Python-dict literal of a .npy header.
import GMLCore

/// What a `.npy` header says about the data that follows it.
struct NPYHeader {
  var type: ElementType
  var isBigEndian: Bool
  var shape: Shape
  /// Where the shape tuple starts, for errors about its size.
  var shapeOffset: Int
}

/// A recursive-descent parser for the subset of Python literal syntax numpy
/// writes: `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`.
///
/// Accepts keys in any order, single or double quotes, spaces, tabs and
/// newlines between tokens, trailing commas, `()` and `(5,)`. The header must
/// end with optional spaces and one newline. Errors carry the file offset.
struct NPYHeaderParser {
  let file: [UInt8]
  var position: Int
  /// One past the header's last byte (its newline).
  let end: Int

  init(file: [UInt8], start: Int, end: Int) {
    self.file = file
    self.position = start
    self.end = end
  }

  /// Parses the whole header.
  /// - Parameter maxRank: the highest rank accepted.
  /// - Throws: `malformed`, `unsupportedType` or `limitExceeded` at the offending byte.
  /// - Returns: the type, byte order and shape.
  mutating func parse(maxRank: Int) throws(GMLError) -> NPYHeader {
    var descr: (type: ElementType, isBigEndian: Bool)?
    var isFortranOrder: (value: Bool, offset: Int)?
    var shape: (shape: Shape, offset: Int)?
    skipWhitespace()
    try expect("{", "header must start with '{'")
    while true {
      skipWhitespace()
      if peek() == UInt8(ascii: "}") { break }
      let keyOffset = position
      let key = try string()
      skipWhitespace()
      try expect(":", "expected ':' after a header key")
      skipWhitespace()
      let valueOffset = position
      if key.elementsEqual("descr".utf8), descr == nil {
        descr = try dtype()
      } else if key.elementsEqual("fortran_order".utf8), isFortranOrder == nil {
        isFortranOrder = (try bool(), valueOffset)
      } else if key.elementsEqual("shape".utf8), shape == nil {
        shape = (try tuple(maxRank: maxRank), valueOffset)
      } else {
        throw GMLError(
          .malformed, at: .byteOffset(keyOffset),
          "unknown or repeated header key; expected 'descr', 'fortran_order' and 'shape'")
      }
      skipWhitespace()
      if peek() != UInt8(ascii: ",") { break }
      position += 1
    }
    try expect("}", "expected ',' or '}' in the header dictionary")
    while position < end && file[position] == UInt8(ascii: " ") { position += 1 }
    guard position == end - 1, file[position] == UInt8(ascii: "\n") else {
      throw GMLError(
        .malformed, at: .byteOffset(position), "header must end with spaces and a newline")
    }
    guard let descr, let isFortranOrder, let shape else {
      throw GMLError(
        .malformed, at: .byteOffset(position), "header lacks 'descr', 'fortran_order' or 'shape'")
    }
    if isFortranOrder.value {
      throw GMLError(
        .unsupportedType, at: .byteOffset(isFortranOrder.offset),
        "Fortran-order arrays are not supported; save with np.ascontiguousarray")
    }
    return NPYHeader(
      type: descr.type, isBigEndian: descr.isBigEndian, shape: shape.shape,
      shapeOffset: shape.offset)
  }

  /// The byte at `position`, or nil at the end of the header.
  private func peek() -> UInt8? { position < end ? file[position] : nil }

  private mutating func skipWhitespace() {
    while let c = peek(), c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { position += 1 }
  }

  private mutating func expect(_ c: Unicode.Scalar, _ detail: StaticString) throws(GMLError) {
    guard peek() == UInt8(ascii: c) else {
      throw GMLError(.malformed, at: .byteOffset(position), detail)
    }
    position += 1
  }

  /// A quoted string without escapes; returns its contents.
  private mutating func string() throws(GMLError) -> ArraySlice<UInt8> {
    guard let quote = peek(), quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") else {
      throw GMLError(
        .malformed, at: .byteOffset(position), "expected a quoted string in the header")
    }
    let start = position + 1
    position = start
    while let c = peek(), c != quote {
      guard c >= 0x20, c < 0x7F, c != UInt8(ascii: "\\") else {
        throw GMLError(.malformed, at: .byteOffset(position), "unexpected byte in a header string")
      }
      position += 1
    }
    try expect(Unicode.Scalar(quote), "unterminated string in the header")
    return file[start..<position - 1]
  }

  /// `'<f4'` and the like: an optional byte order (`<`, `>`, `=`, `|`) and a type code.
  private mutating func dtype() throws(GMLError) -> (type: ElementType, isBigEndian: Bool) {
    let offset = position
    if peek() == UInt8(ascii: "[") {
      throw GMLError(
        .unsupportedType, at: .byteOffset(offset), "structured dtypes are not supported")
    }
    var code = try string()
    var isBigEndian = false
    if let order = code.first, [UInt8]("<>=|".utf8).contains(order) {
      isBigEndian = order == UInt8(ascii: ">")
      code = code.dropFirst()
    }
    for type in ElementType.allCases where NPY.descr(type).dropFirst().elementsEqual(code) {
      return (type, isBigEndian)
    }
    if code.elementsEqual("f8".utf8) {
      throw GMLError(
        .unsupportedType, at: .byteOffset(offset),
        "float64 is not supported; convert with astype(np.float32)")
    }
    throw GMLError(
      .unsupportedType, at: .byteOffset(offset),
      "unsupported dtype; expected f4, f2, i1, u1, i2, i4, i8 or b1")
  }

  private mutating func bool() throws(GMLError) -> Bool {
    for (word, value) in [("True", true), ("False", false)] {
      let bytes = Array(word.utf8)
      if position + bytes.count <= end, file[position..<position + bytes.count].elementsEqual(bytes)
      {
        position += bytes.count
        return value
      }
    }
    throw GMLError(.malformed, at: .byteOffset(position), "fortran_order must be True or False")
  }

  /// `()`, `(5,)`, `(2, 3)`, `(2, 3,)`: non-negative integers, at most `maxRank`.
  private mutating func tuple(maxRank: Int) throws(GMLError) -> Shape {
    try expect("(", "shape must be a tuple")
    var dims: [Int] = []
    var hasComma = false
    while true {
      skipWhitespace()
      if peek() == UInt8(ascii: ")") { break }
      guard dims.count < maxRank else {
        throw GMLError(.limitExceeded, at: .byteOffset(position), "rank above NPYLimits.maxRank")
      }
      dims.append(try integer())
      skipWhitespace()
      if peek() != UInt8(ascii: ",") { break }
      hasComma = true
      position += 1
    }
    if dims.count == 1 && !hasComma {
      throw GMLError(
        .malformed, at: .byteOffset(position), "a one-element shape needs a comma: (5,)")
    }
    try expect(")", "expected ',' or ')' in the shape")
    return Shape(dims)
  }

  /// A non-negative decimal integer, with Python 2's optional `L` suffix.
  private mutating func integer() throws(GMLError) -> Int {
    let start = position
    var value = 0
    while let c = peek(), c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
      let (times10, o1) = value.multipliedReportingOverflow(by: 10)
      let (sum, o2) = times10.addingReportingOverflow(Int(c - UInt8(ascii: "0")))
      guard !o1, !o2 else {
        throw GMLError(.limitExceeded, at: .byteOffset(start), "shape dimension too large")
      }
      value = sum
      position += 1
    }
    guard position > start else {
      throw GMLError(
        .malformed, at: .byteOffset(start), "shape dimensions must be non-negative integers")
    }
    if peek() == UInt8(ascii: "L") { position += 1 }
    return value
  }
}
