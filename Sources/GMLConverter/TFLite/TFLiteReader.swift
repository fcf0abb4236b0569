// GMLConverter/TFLite/TFLiteReader.swift — TFLiteModel(decoding:) and load(path:): identifier, verification, decoding.
import GMLCore
import GMLFlatBuffers
import GMLFormat

extension TFLiteModel {
  /// Decodes a `.tflite` file into plain values.
  ///
  /// Three steps, each refusing the file with the place of the problem:
  /// the file identifier must be `TFL3`; every table, vector and string
  /// the reader touches is verified against the buffer's bounds and
  /// alignment (`Verifier`, within `limits`); then every subgraph is
  /// decoded and its references checked (operator code, tensor and buffer indices,
  /// constant sizes against shapes and types, quantization parameters).
  /// Absent fields take the schema's defaults.
  ///
  /// The FlatBuffer part of a file is at most 2 GiB − 1; a larger file
  /// keeps its constants after it (`Buffer.offset`/`size`), read from
  /// `bytes` with their bounds checked.
  /// - Parameters:
  ///   - bytes: the whole file.
  ///   - file: the path, for messages.
  ///   - limits: verifier limits (depth, table visits, size, vector length).
  /// - Throws: `ConversionError` whose place is a schema path such as
  ///   `subgraphs[0].operators[5].inputs[1]` (empty for whole-file problems).
  public init(decoding bytes: [UInt8], file: String, limits: VerifierLimits = VerifierLimits())
    throws(ConversionError)
  {
    let result: Result<TFLiteModel, ConversionError> = bytes.withUnsafeBytes { raw in
      do throws(ConversionError) {
        return .success(try TFLiteReader.decode(raw, file: file, limits: limits))
      } catch {
        return .failure(error)
      }
    }
    switch result {
    case .success(let model): self = model
    case .failure(let error): throw error
    }
  }

  /// Reads and decodes the `.tflite` file at `path`.
  /// - Parameters:
  ///   - path: the file.
  ///   - limits: verifier limits, as for `init(decoding:file:limits:)`.
  /// - Returns: the decoded model.
  /// - Throws: `ConversionError` when the file cannot be read or is refused.
  public static func load(path: String, limits: VerifierLimits = VerifierLimits())
    throws(ConversionError) -> TFLiteModel
  {
    try TFLiteModel(decoding: try OutputFile.readModel(path), file: path, limits: limits)
  }

  /// Reads and decodes the `.tflite` file at `path` within `limits`: its
  /// size (before it is read), its structure, and its operator count.
  /// - Returns: the model and the file's bytes.
  /// - Throws: `ConversionError` when the file cannot be read, is refused,
  ///   or passes a limit.
  static func load(path: String, limits: ConversionLimits) throws(ConversionError)
    -> (model: TFLiteModel, bytes: [UInt8])
  {
    let bytes = try OutputFile.readModel(path, maxBytes: limits.maxTFLiteFileBytes)
    let model = try TFLiteModel(decoding: bytes, file: path, limits: limits.tflite)
    let counts = [model.operators.count] + model.subgraphs.map(\.operators.count)
    if let k = counts.firstIndex(where: { $0 > limits.maxTFLiteOperators }) {
      throw ConversionError(
        file: path, place: "subgraphs[\(k)].operators",
        "\(counts[k]) operators, above the limit of \(limits.maxTFLiteOperators) "
          + "(ConversionLimits.maxTFLiteOperators)")
    }
    return (model, bytes)
  }
}

extension TFLiteReader {
  /// Checks the identifier, verifies the structure, then decodes.
  static func decode(_ bytes: UnsafeRawBufferPointer, file: String, limits: VerifierLimits)
    throws(ConversionError) -> TFLiteModel
  {
    if bytes.isEmpty {
      throw ConversionError(file: file, "empty file; expected a .tflite model")
    }
    if bytes.count >= 8 {
      try checkIdentifier(bytes, file: file)
    }
    if bytes.count < Verifier.minimumSize {
      throw ConversionError(
        file: file,
        "file of \(bytes.count) bytes is too short for a .tflite model (at least "
          + "\(Verifier.minimumSize))")
    }
    // A uoffset reaches 2 GiB − 1 at most: past that lie only external constants.
    let region = UnsafeRawBufferPointer(rebasing: bytes.prefix(0x7FFF_FFFF))
    let structure = TFLiteStructure()
    let root: Table
    do throws(GMLError) {
      var verifier = try Verifier(region, limits: limits)
      root = try structure.verify(&verifier)
    } catch {
      throw ConversionError(
        file: file, place: structure.place, "invalid FlatBuffers structure: \(error)")
    }
    let reader = TFLiteReader(view: BufferView(region), root: root, file: file, whole: bytes)
    return try reader.model()
  }

  /// Refuses a file whose bytes 4..<8 are not `TFL3`, saying what they are.
  static func checkIdentifier(_ bytes: UnsafeRawBufferPointer, file: String)
    throws(ConversionError)
  {
    let found = Array(bytes[4..<8])
    if found == Array(TFLiteSchema.fileIdentifier.utf8) { return }
    let printable = found.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    let shown =
      printable
      ? "\"\(String(decoding: found, as: UTF8.self))\""
      : "bytes " + found.map { hexByte($0) }.joined(separator: " ")
    var message = "file identifier is \(shown), expected \"TFL3\": not a .tflite model"
    if found == Array(gmlFileIdentifier.utf8) { message += " (this is a .gml file)" }
    throw ConversionError(file: file, message)
  }

  /// Two lower-case hex digits.
  static func hexByte(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
  }
}
