// GMLConverterTests/TFLiteTestWriter.swift — builds .tflite bytes from a TFLiteModel with GMLFlatBuffers.Builder, with knobs to break them.
import GMLFlatBuffers

@testable import GMLConverter

/// Writes a `TFLiteModel` as a `.tflite` file laid out as TFLite's
/// converter does: identifier `TFL3`, buffer 0 empty, one buffer per
/// constant (16-byte aligned), operator codes deduplicated in first-use
/// order with both `deprecated_builtin_code` (127 for codes above 126) and
/// `builtin_code`, fields equal to the schema default left out.
///
///     let bytes = TFLiteTestWriter.write(model)
///     var writer = TFLiteTestWriter()
///     writer.bufferIndex[2] = 99          // break tensor 2's buffer index
///     let broken = writer.write(model)
///
/// Options are written as the member that matches the case (`.arithmetic`
/// as Add/Sub/Mul/DivOptions from the operator's code); `.other(unionType:)`
/// writes an empty table of that member, which reads back with every field
/// at its default. `model.subgraphs` follow subgraph 0 (their constants'
/// buffers after subgraph 0's), then empty ones up to `subgraphCount`; a
/// count of 0 writes an empty `subgraphs` vector.
struct TFLiteTestWriter {
  /// How operator codes store their builtin code.
  enum OpcodeStyle {
    /// `deprecated_builtin_code` = min(code, 127) and `builtin_code` (since TF 2.4).
    case current
    /// Only `deprecated_builtin_code`, as files before TF 2.4 (codes ≤ 127).
    case deprecatedOnly
    /// Only `builtin_code`; `deprecated_builtin_code` absent (0).
    case builtinOnly
  }

  var opcodeStyle = OpcodeStyle.current
  /// The identifier at bytes 4..<8; nil writes none.
  var fileIdentifier: String? = "TFL3"
  /// Store constants after the FlatBuffer (`Buffer.offset`/`size`), as the
  /// converter does for models over 2 GB.
  var externalData = false
  /// Overrides the buffer index written for tensor `i`.
  var bufferIndex: [Int: UInt32] = [:]
  /// Overrides the opcode index written for operator `i`.
  var opcodeIndex: [Int: UInt32] = [:]
  /// Buffers appended after the constants' ones (e.g. to test indices).
  var extraBuffers: [[UInt8]] = []
  /// Writes `offset` and `size` into buffer `i` as they are, besides any
  /// inline data (to test out-of-range or ambiguous buffers).
  var bufferOffsets: [Int: (offset: UInt64, size: UInt64)] = [:]
  /// Replaces operator `i`'s options: the closure writes any table (nil
  /// leaves the union's value out and writes only its type).
  var rawOptions: [Int: (inout Builder) -> (type: UInt8, table: Offset?)] = [:]

  /// The file for `model` with the default knobs.
  static func write(_ model: TFLiteModel) -> [UInt8] { TFLiteTestWriter().write(model) }

  /// The file for `model`.
  func write(_ model: TFLiteModel) -> [UInt8] {
    let data = constants(model)
    guard externalData else { return build(model, data: data, offsets: nil) }
    // Offsets change values, not the layout: size the FlatBuffer once with
    // placeholders, then write the real offsets and append the data.
    let placeholders = data.map { $0.isEmpty ? UInt64(0) : 2 }
    let size = build(model, data: data, offsets: placeholders).count
    var offsets: [UInt64] = []
    var end = size
    for bytes in data {
      if bytes.isEmpty {
        offsets.append(0)
        continue
      }
      end = (end + 15) / 16 * 16
      offsets.append(UInt64(end))
      end += bytes.count
    }
    var file = build(model, data: data, offsets: offsets)
    precondition(file.count == size, "TFLiteTestWriter: layout changed between passes")
    for (bytes, offset) in zip(data, offsets) where !bytes.isEmpty {
      file += [UInt8](repeating: 0, count: Int(offset) - file.count) + bytes
    }
    return file
  }

  /// Every buffer's bytes: buffer 0 empty, one per constant tensor, then `extraBuffers`.
  func constants(_ model: TFLiteModel) -> [[UInt8]] {
    [[]] + model.tensors.compactMap(\.data)
      + model.subgraphs.flatMap { $0.tensors.compactMap(\.data) }
      + extraBuffers
  }

  /// The buffer index each tensor refers to.
  func tensorBuffers(_ model: TFLiteModel) -> [UInt32] {
    var next: UInt32 = 1
    var result: [UInt32] = []
    for (i, tensor) in model.tensors.enumerated() {
      var index: UInt32 = 0
      if tensor.data != nil {
        index = next
        next += 1
      }
      result.append(bufferIndex[i] ?? index)
    }
    return result
  }

  /// Builds the FlatBuffer; `offsets` (one per buffer) moves data out of it.
  func build(_ model: TFLiteModel, data: [[UInt8]], offsets: [UInt64]?) -> [UInt8] {
    typealias S = TFLiteSchema
    var b = Builder(initialCapacity: 4096)
    let (codes, opcodeOf) = operatorCodes(model)
    var codeTables: [Offset] = []
    for code in codes { codeTables.append(writeOperatorCode(&b, code)) }
    var subgraphs: [Offset] = []
    if model.subgraphCount > 0 { subgraphs.append(writeSubgraph(&b, model, opcodeOf[0])) }
    var next = UInt32(1 + model.tensors.compactMap(\.data).count)
    for (k, g) in model.subgraphs.enumerated() {
      var buffers: [UInt32] = []
      for t in g.tensors {
        buffers.append(t.data == nil ? 0 : next)
        if t.data != nil { next += 1 }
      }
      subgraphs.append(writeSubgraph(&b, g, buffers: buffers, opcodeOf[k + 1]))
    }
    for _ in (1 + model.subgraphs.count)..<max(model.subgraphCount, 1 + model.subgraphs.count) {
      b.startTable()
      subgraphs.append(b.endTable())
    }
    var buffers: [Offset] = []
    for (i, bytes) in data.enumerated() {
      let inline = offsets == nil && !bytes.isEmpty
      let vector = inline ? b.createVector(bytes: bytes, alignment: 16) : nil
      b.startTable()
      if let vector { b.add(vector, slot: S.Buffer.data) }
      if let offsets, offsets[i] > 1 {
        b.add(offsets[i], default: 0, slot: S.Buffer.offset)
        b.add(UInt64(bytes.count), default: 0, slot: S.Buffer.size)
      } else if let forced = bufferOffsets[i] {
        b.add(forced.offset, default: 0, slot: S.Buffer.offset)
        b.add(forced.size, default: 0, slot: S.Buffer.size)
      }
      buffers.append(b.endTable())
    }
    let codeVector = b.createVector(offsets: codeTables)
    let subgraphVector = b.createVector(offsets: subgraphs)
    let description = model.description.isEmpty ? nil : b.createString(model.description)
    let bufferVector = b.createVector(offsets: buffers)
    b.startTable()
    b.add(model.version, default: 0, slot: S.Model.version)
    b.add(codeVector, slot: S.Model.operatorCodes)
    b.add(subgraphVector, slot: S.Model.subgraphs)
    if let description { b.add(description, slot: S.Model.description) }
    b.add(bufferVector, slot: S.Model.buffers)
    let root = b.endTable()
    return b.finish(root: root, fileIdentifier: fileIdentifier)
  }
}
