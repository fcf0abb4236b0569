// GMLFlatBuffers/Builder+Vectors.swift — strings and vectors (scalars, bytes, offsets, structs).

extension Builder {
  /// Writes a string: a 4-byte length, the UTF-8 bytes and a NUL.
  /// - Parameter s: the text.
  /// - Returns: its offset, for `add(_:slot:)` or `createVector(offsets:)`.
  public mutating func createString(_ s: String) -> Offset {
    precondition(!inTable, "Builder.createString called inside a table")
    let count = s.utf8.count
    preAlign(count + 1, 4)
    var at = claim(count + 1)  // the last byte stays 0: the terminator
    for byte in s.utf8 {
      storage[at] = byte
      at += 1
    }
    push(UInt32(truncatingIfNeeded: count))
    return Offset(size)
  }

  /// Writes a vector of scalars; elements aligned to their size.
  /// - Parameter elements: the values, in order.
  /// - Returns: the vector's offset.
  public mutating func createVector<T: FlatScalar>(_ elements: [T]) -> Offset {
    startVector(elements.count, T.flatSize, T.flatSize)
    let at = claim(elements.count * T.flatSize)
    storage.withUnsafeMutableBytes { buffer in
      for (i, e) in elements.enumerated() { buffer._storeFlat(e, at: at + i * T.flatSize) }
    }
    return endVector(elements.count)
  }

  /// Writes a byte vector whose first data byte sits at a multiple of
  /// `alignment` from the START of the finished buffer, like flatc's
  /// `force_align`. Unlike the C++ builder, an empty vector is aligned too,
  /// so `BufferView.vectorDataOffset` is always a multiple of `alignment`.
  /// - Parameters:
  ///   - bytes: the data.
  ///   - alignment: a power of two (1, 4, 16, 64, …).
  /// - Returns: the vector's offset.
  public mutating func createVector(bytes: [UInt8], alignment: Int) -> Offset {
    bytes.withUnsafeBytes { createVector(bytes: $0, alignment: alignment) }
  }

  /// Writes a byte vector from raw memory; see `createVector(bytes:alignment:)`.
  public mutating func createVector(bytes: UnsafeRawBufferPointer, alignment: Int) -> Offset {
    precondition(
      alignment > 0 && alignment & (alignment - 1) == 0,
      "Builder.createVector(bytes:alignment:): alignment must be a power of two")
    precondition(!inTable)
    trackAlignment(alignment)
    _ = claim(Builder.padding(size + bytes.count, alignment))
    startVector(bytes.count, 1, 1)
    let at = claim(bytes.count)
    storage.withUnsafeMutableBytes { buffer in
      guard let src = bytes.baseAddress, let dst = buffer.baseAddress else { return }
      (dst + at).copyMemory(from: src, byteCount: bytes.count)
    }
    return endVector(bytes.count)
  }

  /// Writes a vector of offsets: of tables or of strings.
  /// - Parameter offsets: objects already written by this builder.
  /// - Returns: the vector's offset.
  public mutating func createVector(offsets: [Offset]) -> Offset {
    startVector(offsets.count, 4, 4)
    for o in offsets.reversed() { push(relative(to: o)) }
    return endVector(offsets.count)
  }

  /// Writes a vector of structs, back to back; elements aligned to `S.alignment`.
  /// - Parameter structs: the values, in order.
  /// - Returns: the vector's offset.
  public mutating func createVector<S: FlatStruct>(structs: [S]) -> Offset {
    Builder.checkLayout(S.self)
    startVector(structs.count, S.byteSize, S.alignment)
    for s in structs.reversed() { writeStruct(s) }
    return endVector(structs.count)
  }

  /// Pads for a vector of `count` elements, as C++ `StartVector`.
  mutating func startVector(_ count: Int, _ elementSize: Int, _ alignment: Int) {
    precondition(!inTable)
    let (bytes, overflow) = count.multipliedReportingOverflow(by: elementSize)
    precondition(!overflow && bytes <= Builder.maxSize, "Builder: buffer would exceed 2 GiB")
    preAlign(bytes, 4)
    preAlign(bytes, alignment)
  }

  /// Writes the length prefix.
  mutating func endVector(_ count: Int) -> Offset {
    push(UInt32(truncatingIfNeeded: count))
    return Offset(size)
  }

  /// Claims `S.byteSize` bytes at the current position and lets `s` fill them.
  mutating func writeStruct<S: FlatStruct>(_ s: S) {
    let at = claim(S.byteSize)
    storage.withUnsafeMutableBytes { buffer in
      var writer = StructWriter(
        UnsafeMutableRawBufferPointer(rebasing: buffer[at..<(at + S.byteSize)]))
      s.write(to: &writer)
    }
  }

  static func checkLayout<S: FlatStruct>(_: S.Type) {
    precondition(
      S.alignment > 0 && S.alignment & (S.alignment - 1) == 0 && S.byteSize > 0
        && S.byteSize % S.alignment == 0,
      "FlatStruct: byteSize must be a positive multiple of a power-of-two alignment")
  }
}
