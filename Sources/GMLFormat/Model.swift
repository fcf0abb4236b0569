// GMLFormat/Model.swift — the verified root view of a .gml buffer; weights are read in place.
import GMLCore
import GMLFlatBuffers

/// A `.gml` model, verified once and then read in place.
///
/// `Model` does not copy or own the bytes: the caller keeps them alive and
/// unchanged for as long as the model and any view taken from it are used
/// (like TFLite's `FlatBufferModel::BuildFromBuffer`). A memory-mapped file
/// works as it is; constant buffers are read where they lie.
public struct Model {
  /// The whole file.
  public let bytes: UnsafeRawBufferPointer
  let view: BufferView
  let root: Table

  /// Verifies `bytes` as a `.gml` file: identifier, every table, string and
  /// vector against the bounds and alignment of the buffer (within
  /// `limits`), then the references between them (buffer, tensor and
  /// operator indices, constant sizes, enum values).
  ///
  /// - Parameters:
  ///   - bytes: the file; must outlive the model.
  ///   - limits: verifier limits (depth, table count, size).
  /// - Throws: `GMLError` naming the byte offset, tensor, operator or buffer.
  public init(verifying bytes: UnsafeRawBufferPointer, limits: VerifierLimits = VerifierLimits())
    throws(GMLError)
  {
    var verifier = try Verifier(bytes, limits: limits)
    try verifier.checkIdentifier(gmlFileIdentifier)
    let view = BufferView(bytes)
    self.root = try ModelVerifier(view: view).verify(&verifier)
    self.view = view
    self.bytes = bytes
    try checkReferences()
  }

  /// The file's format version (1 ... `gmlFormatVersion`).
  public var formatVersion: UInt32 {
    view.scalar(root, slot: Slot.Model.formatVersion, default: 0)
  }

  /// The requantization rounding the file's int8 arithmetic uses.
  public var roundingMode: RoundingMode {
    let raw: Int8 = view.scalar(root, slot: Slot.Model.roundingMode, default: 0)
    return RoundingMode(rawValue: raw) ?? .doubleRounding
  }

  public var subgraphCount: Int { view.vectorCount(root, slot: Slot.Model.subgraphs) }

  /// The graph at `index`; subgraph 0 is the one that runs.
  /// - Precondition: `index < subgraphCount`.
  public func subgraphAt(_ index: Int) -> Subgraph {
    precondition(index >= 0 && index < subgraphCount, "Model.subgraphAt: index out of range")
    return Subgraph(
      view: view, table: view.vectorTable(root, slot: Slot.Model.subgraphs, at: index))
  }

  public var bufferCount: Int { view.vectorCount(root, slot: Slot.Model.buffers) }

  /// The constant buffer at `index`, in place.
  /// - Precondition: `index < bufferCount`.
  public func bufferAt(_ index: Int) -> ConstantBuffer {
    precondition(index >= 0 && index < bufferCount, "Model.bufferAt: index out of range")
    let table = view.vectorTable(root, slot: Slot.Model.buffers, at: index)
    guard let data = view.vectorBytes(table, slot: Slot.Buffer.data),
      let offset = view.vectorDataOffset(table, slot: Slot.Buffer.data)
    else {
      return ConstantBuffer(bytes: UnsafeRawBufferPointer(start: nil, count: 0), fileOffset: 0)
    }
    return ConstantBuffer(bytes: data, fileOffset: offset)
  }

  /// Producer, source and calibration facts, when present.
  public var metadata: Metadata? {
    view.table(root, slot: Slot.Model.metadata).map { Metadata(view: view, table: $0) }
  }
}

/// The data of one constant buffer, where it lies in the file.
public struct ConstantBuffer {
  /// The bytes, in place; empty for a buffer without data.
  public let bytes: UnsafeRawBufferPointer
  /// The offset of the first byte from the start of the file (0 when empty).
  public let fileOffset: Int

  /// The largest power of two (up to 64) that divides `fileOffset`.
  public var alignment: Int {
    if bytes.isEmpty { return 0 }
    var a = 64
    while a > 1 && fileOffset % a != 0 { a /= 2 }
    return a
  }
}
