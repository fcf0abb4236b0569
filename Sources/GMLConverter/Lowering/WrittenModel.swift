// GMLConverter/Lowering/WrittenModel.swift — a model the converter writes once as .gml bytes to verify, plan or run itself: the one place that writes, verifies and names the error.
import GMLCore
import GMLFormat

/// `.gml` bytes the converter made for its own use (constant folding,
/// arena planning, calibration, the report, the `.tflite` importer's
/// check): written once, verified as the runtime verifies them at each
/// use, any runtime error turned into a `ConversionError` that names the
/// source file and the place in it.
struct WrittenModel {
  /// The `.gml` bytes.
  let bytes: [UInt8]
  /// The source file errors name.
  let file: String

  /// Writes `model` (refused before writing when it might pass the file
  /// size limit, as `ModelWriter.checkedWrite`).
  init(_ model: ModelDefinition, file: String) throws(ConversionError) {
    bytes = try ModelWriter.checkedWrite(model, file: file)
    self.file = file
  }

  /// Bytes written already (read from a file, or by another path).
  init(bytes: [UInt8], file: String) {
    self.bytes = bytes
    self.file = file
  }

  /// Verifies the bytes and runs `body` on the model.
  /// - Parameters:
  ///   - errorFile: the file a runtime error names instead of `file` (the
  ///     calibration samples, when running them is what fails).
  ///   - place: where a runtime error points in the source (an op's
  ///     node, a TFLite operator); empty by default, the error's own
  ///     location then being part of its message.
  ///   - body: what to do with the verified model.
  /// - Returns: what `body` returns.
  /// - Throws: `ConversionError` naming the file and `place(error)` when
  ///   the bytes do not verify or `body` throws.
  func withVerified<T>(
    errorFile: String? = nil, place: (GMLError) -> String = { _ in "" },
    _ body: (Model) throws(GMLError) -> T
  ) throws(ConversionError) -> T {
    let result: Result<T, GMLError> = bytes.withUnsafeBytes { raw in
      do throws(GMLError) {
        return .success(try body(try Model(verifying: raw)))
      } catch {
        return .failure(error)
      }
    }
    switch result {
    case .success(let value): return value
    case .failure(let error):
      throw ConversionError(file: errorFile ?? file, place: place(error), error)
    }
  }
}
