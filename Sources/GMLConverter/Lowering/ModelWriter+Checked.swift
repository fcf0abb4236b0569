// GMLConverter/Lowering/ModelWriter+Checked.swift — writes a converted model, refusing one that could pass 2 GiB.
import GMLFormat

extension ModelWriter {
  /// `write(model)`, refused before anything is written when the model
  /// might not fit a `.gml` file (`sizeBound(of:)` above `limit`), where
  /// `write` would trap.
  /// - Parameters:
  ///   - model: the model to write.
  ///   - file: the source model, for the error.
  ///   - limit: the largest file accepted; at most `maxFileSize`.
  /// - Returns: the `.gml` bytes.
  /// - Throws: `ConversionError` naming `file`, the bound and the constants' size.
  static func checkedWrite(_ model: ModelDefinition, file: String, limit: Int = maxFileSize)
    throws(ConversionError) -> [UInt8]
  {
    let bound = sizeBound(of: model)
    let limit = min(limit, maxFileSize)
    guard bound <= limit else {
      let constants = model.buffers.reduce(0) { $0 + $1.count }
      throw ConversionError(
        file: file,
        "the converted model needs up to \(bound) bytes (\(constants) bytes of constants); "
          + "a .gml file holds at most \(limit) bytes")
    }
    return write(model)
  }
}
