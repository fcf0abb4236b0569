// GMLFlatBuffers/Builder.swift — FlatBuffers builder: storage, alignment, finish.

/// Builds a FlatBuffers buffer back to front, byte-compatible with the C++
/// `flatbuffers::FlatBufferBuilder`.
///
/// Children are written before their parents: strings, vectors and
/// sub-tables first, then the table that refers to them, and the root last,
/// passed to `finish(root:fileIdentifier:)`.
///
/// Algorithm: the data grows toward the front of `storage` (doubling when
/// full), so an object's position counted from the end (`Offset`) never
/// changes. Every scalar is aligned to its size, offsets to 4, a vector's
/// length prefix to 4 and its elements to their size (or struct alignment),
/// all measured from the end; `minAlign` tracks the largest alignment used
/// and `finish` pads the front to a multiple of it, so alignment from the
/// end equals alignment from the start. Identical vtables are shared.
/// Cost: O(bytes written) plus, per table, a scan of the distinct vtables.
///
/// Misuse (nesting, a bad slot or identifier) traps with the API named;
/// no value a caller passes as data traps, except a buffer past 2 GiB.
public struct Builder {
  /// Bytes; the buffer is `storage[head...]`.
  var storage: [UInt8]
  /// Index in `storage` of the first written byte.
  var head: Int
  /// The largest alignment used so far.
  var minAlign = 1
  /// True between `startTable` and `endTable`.
  var inTable = false
  /// True after `finish`.
  var finished = false
  /// Size at `startTable`.
  var tableStart = 0
  /// Fields of the open table: vtable entry offset and field position (from the end).
  var fields: [(entry: Int, position: Int)] = []
  /// The largest vtable entry offset used by the open table.
  var maxEntry = 0
  /// Positions (from the end) of every vtable written, oldest first.
  var vtables: [Int] = []

  /// Forces fields equal to their default to be written. Default false,
  /// like flatc, so default-valued fields take no space.
  public var forceDefaults = false

  /// Creates an empty builder.
  /// - Parameter initialCapacity: bytes to reserve; the buffer grows as needed.
  public init(initialCapacity: Int = 1024) {
    let capacity = min(max(initialCapacity, 16), Builder.maxSize)
    storage = [UInt8](repeating: 0, count: capacity)
    head = capacity
  }

  /// Bytes written so far.
  public var size: Int { storage.count - head }

  /// The largest buffer a uoffset can address (2 GiB − 1).
  static let maxSize = 0x7FFF_FFFF

  /// Makes room for `count` more bytes in front of the data.
  mutating func reserve(_ count: Int) {
    if head >= count { return }
    let used = size
    precondition(count <= Builder.maxSize - used, "Builder: buffer would exceed 2 GiB")
    var capacity = max(storage.count, 16)
    while capacity - used < count {
      capacity = capacity > Builder.maxSize / 2 ? Builder.maxSize : capacity * 2
    }
    var grown = [UInt8](repeating: 0, count: capacity)
    let newHead = capacity - used
    grown.withUnsafeMutableBytes { dst in
      storage.withUnsafeBytes { src in
        guard used > 0, let s = src.baseAddress, let d = dst.baseAddress else { return }
        (d + newHead).copyMemory(from: s + head, byteCount: used)
      }
    }
    storage = grown
    head = newHead
  }

  /// Claims `count` zeroed bytes in front of the data; returns their index
  /// in `storage`. Bytes in front of `head` are always zero: `head` only
  /// moves toward the front and `reserve` fills new space with zeros.
  mutating func claim(_ count: Int) -> Int {
    reserve(count)
    head -= count
    return head
  }

  /// Padding that brings `size` to a multiple of `alignment` (a power of two).
  static func padding(_ size: Int, _ alignment: Int) -> Int { (0 &- size) & (alignment - 1) }

  mutating func trackAlignment(_ alignment: Int) {
    if alignment > minAlign { minAlign = alignment }
  }

  /// Pads so the next byte written lands at a multiple of `alignment` from the end.
  mutating func align(_ alignment: Int) {
    trackAlignment(alignment)
    _ = claim(Builder.padding(size, alignment))
  }

  /// Pads so that after `length` more bytes, the size is a multiple of
  /// `alignment`. Does nothing for `length` 0, as the C++ builder.
  mutating func preAlign(_ length: Int, _ alignment: Int) {
    if length == 0 { return }
    trackAlignment(alignment)
    _ = claim(Builder.padding(size + length, alignment))
  }

  /// Aligns to the scalar's size and writes it; returns the new size.
  @discardableResult
  mutating func push<T: FlatScalar>(_ value: T) -> Int {
    align(T.flatSize)
    let at = claim(T.flatSize)
    storage.withUnsafeMutableBytes { $0._storeFlat(value, at: at) }
    return size
  }

  /// The uoffset, from a slot about to be pushed, to `offset`; aligns to 4.
  mutating func relative(to offset: Offset) -> UInt32 {
    align(4)
    let target = Int(offset.value)
    precondition(target > 0 && target <= size, "Builder: Offset is not from this builder")
    return UInt32(truncatingIfNeeded: size - target + 4)
  }

  /// Writes the root offset (and optional file identifier) and returns the
  /// finished buffer. The builder cannot be used afterwards.
  ///
  /// The total size is padded to a multiple of the largest alignment used,
  /// so every alignment holds from the buffer start.
  /// - Parameters:
  ///   - root: the root table.
  ///   - fileIdentifier: exactly 4 ASCII characters, stored at bytes 4..<8.
  /// - Returns: the buffer bytes.
  public mutating func finish(root: Offset, fileIdentifier: String? = nil) -> [UInt8] {
    precondition(!inTable, "Builder.finish called inside a table")
    precondition(!finished, "Builder.finish called twice")
    var identifier: [UInt8] = []
    if let fileIdentifier {
      identifier = Array(fileIdentifier.utf8)
      precondition(
        identifier.count == 4 && identifier.allSatisfy { $0 < 0x80 },
        "Builder.finish: file identifier must be 4 ASCII bytes")
    }
    trackAlignment(4)
    preAlign(4 + identifier.count, minAlign)
    if !identifier.isEmpty {
      let at = claim(4)
      for i in 0..<4 { storage[at + i] = identifier[i] }
    }
    push(relative(to: root))
    finished = true
    vtables = []
    return Array(storage[head...])
  }
}
