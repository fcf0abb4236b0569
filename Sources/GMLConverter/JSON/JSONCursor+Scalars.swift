// GMLConverter/JSON/JSONCursor+Scalars.swift — strings, integers, numbers and lists read through a JSONCursor.

extension JSONCursor {
  /// The value as a string.
  /// - Throws: `ConversionError` unless it is a string.
  public func string() throws(ConversionError) -> String {
    guard case .string(let s) = node else { throw mismatch("a string") }
    return s
  }

  /// The value as a non-empty string.
  /// - Parameter what: what the string names, for the message.
  /// - Throws: `ConversionError` unless it is a non-empty string.
  public func nonEmptyString(_ what: String = "a non-empty string") throws(ConversionError)
    -> String
  {
    guard case .string(let s) = node, !s.isEmpty else { throw mismatch(what) }
    return s
  }

  /// The value as a boolean.
  /// - Throws: `ConversionError` unless it is `true` or `false`.
  public func bool() throws(ConversionError) -> Bool {
    guard case .bool(let b) = node else { throw mismatch("true or false") }
    return b
  }

  /// The value as an exact integer: an integer literal (`3`, not `3.0`).
  /// - Parameter range: the accepted values, for the message too.
  /// - Throws: `ConversionError` for anything else or a value out of range.
  public func int(in range: ClosedRange<Int> = Int.min...Int.max) throws(ConversionError) -> Int {
    guard case .number(let n) = node, n.isIntegerLiteral else { throw mismatch("an integer") }
    guard let value = n.integer, range.contains(value) else {
      throw error("integer \(n.text) is out of range; expected \(describe(range))")
    }
    return value
  }

  /// The value as a finite `Double` (any JSON number).
  /// - Throws: `ConversionError` unless it is a number.
  public func double() throws(ConversionError) -> Double {
    guard case .number(let n) = node else { throw mismatch("a number") }
    return n.double
  }

  /// The value rounded to `Float`.
  /// - Throws: `ConversionError` unless it is a number within float32 range.
  public func float() throws(ConversionError) -> Float {
    guard case .number(let n) = node else { throw mismatch("a number") }
    let f = Float(n.double)
    guard f.isFinite else { throw error("number \(n.text) is out of the float32 range") }
    return f
  }

  /// The value as an array of exact integers.
  /// - Parameters:
  ///   - count: the required length, or nil for any.
  ///   - range: the accepted element values.
  /// - Throws: `ConversionError` at the array or the offending element.
  public func intArray(count: Int? = nil, in range: ClosedRange<Int> = Int.min...Int.max)
    throws(ConversionError) -> [Int]
  {
    let items = try elements()
    if let count, items.count != count {
      throw error("expected a list of \(count) integers, got \(items.count) elements")
    }
    var values: [Int] = []
    for item in items { values.append(try item.int(in: range)) }
    return values
  }

  /// The value as an array of non-empty strings.
  /// - Throws: `ConversionError` at the array or the offending element.
  public func stringArray() throws(ConversionError) -> [String] {
    var values: [String] = []
    for item in try elements() { values.append(try item.nonEmptyString("a non-empty name")) }
    return values
  }

  private func describe(_ range: ClosedRange<Int>) -> String {
    switch (range.lowerBound, range.upperBound) {
    case (Int.min, Int.max): return "a 64-bit integer"
    case (let low, Int.max): return "an integer ≥ \(low)"
    case (Int.min, let high): return "an integer ≤ \(high)"
    case (let low, let high): return "an integer in \(low)...\(high)"
    }
  }
}
