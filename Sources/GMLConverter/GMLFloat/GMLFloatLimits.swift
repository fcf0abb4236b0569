// GMLConverter/GMLFloat/GMLFloatLimits.swift — the bounds a gml-float model must stay within to be loaded.

/// Bounds `GMLFloatLoader` checks before it allocates for what a file says.
public struct GMLFloatLimits: Equatable, Sendable {
  /// The largest file read (JSON, `.bin`, archive), in bytes.
  public var maxFileBytes: Int
  /// The JSON document (after gzip) and its nesting depth.
  public var json: JSONLimits
  /// Archive entry count, total size and deflate ratio.
  public var zip: ZipLimits
  /// The most elements one tensor may have.
  public var maxTensorElements: Int

  /// - Parameters:
  ///   - maxFileBytes: largest file, 2 GiB by default.
  ///   - json: JSON size and depth limits.
  ///   - zip: archive limits.
  ///   - maxTensorElements: largest tensor, 2^31 − 1 elements by default.
  public init(
    maxFileBytes: Int = 2 << 30, json: JSONLimits = JSONLimits(), zip: ZipLimits = ZipLimits(),
    maxTensorElements: Int = Int(Int32.max)
  ) {
    self.maxFileBytes = maxFileBytes
    self.json = json
    self.zip = zip
    self.maxTensorElements = maxTensorElements
  }
}
