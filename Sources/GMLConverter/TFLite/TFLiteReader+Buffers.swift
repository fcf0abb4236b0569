// GMLConverter/TFLite/TFLiteReader+Buffers.swift — constant data: inline buffer vectors, or offset/size ranges after the FlatBuffer.
import GMLFlatBuffers

extension TFLiteReader {
  /// The constant bytes of buffer `index`, which the tensor at `place`
  /// names; nil for buffer 0 (by convention the empty buffer: LiteRT never
  /// reads it) and for a buffer without data.
  /// - Throws: `ConversionError` for an index past the buffers, or a
  ///   buffer whose data is ambiguous or outside the file.
  func bufferData(_ index: UInt32, _ place: String, _ cache: inout [Int: [UInt8]])
    throws(ConversionError) -> [UInt8]?
  {
    if index == 0 { return nil }
    let count = view.vectorCount(root, slot: S.Model.buffers)
    guard Int(index) < count else {
      throw ConversionError(
        file: file, place: place + ".buffer",
        "buffer index \(index) is out of range: the model has \(count) buffers")
    }
    let i = Int(index)
    let bytes: [UInt8]
    if let cached = cache[i] {
      bytes = cached
    } else {
      bytes = try buffer(view.vectorTable(root, slot: S.Model.buffers, at: i), index: i)
      cache[i] = bytes
    }
    return bytes.isEmpty ? nil : bytes
  }

  /// The bytes of `Buffer` table `b`.
  ///
  /// A buffer holds its data inline (`data`), or, in files over 2 GB,
  /// outside the FlatBuffer: `size` bytes at `offset` from the start of
  /// the file. An offset of 0 (absent) or 1 (what the exporter writes as a
  /// placeholder) means no outside data (`IsValidBufferOffset` in TFLite).
  /// Both at once are refused, as TFLite's flatbuffer importer does.
  func buffer(_ b: Table, index: Int) throws(ConversionError) -> [UInt8] {
    let inline = view.vectorBytes(b, slot: S.Buffer.data)
    let offset: UInt64 = view.scalar(b, slot: S.Buffer.offset, default: 0)
    if offset <= 1 { return inline.map { Array($0) } ?? [] }
    let place = "buffers[\(index)]"
    if let inline, !inline.isEmpty {
      throw ConversionError(
        file: file, place: place,
        "the buffer has both inline data (\(inline.count) bytes) and an offset (\(offset)); "
          + "expected one of them")
    }
    let size: UInt64 = view.scalar(b, slot: S.Buffer.size, default: 0)
    let (end, overflow) = offset.addingReportingOverflow(size)
    guard !overflow, end <= UInt64(whole.count) else {
      throw ConversionError(
        file: file, place: place + ".offset",
        "\(size) bytes at offset \(offset) run past the end of the file (\(whole.count) bytes)")
    }
    return Array(whole[Int(offset)..<Int(end)])
  }
}
