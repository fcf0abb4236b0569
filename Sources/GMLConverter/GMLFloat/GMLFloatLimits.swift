// GMLConverter/GMLFloat/GMLFloatLimits.swift — the bounds a gml-float model must stay within to be loaded.

/// Bounds `GMLFloatLoader` checks before it allocates for what a file says.
///
/// Each is a plain field with a default that fits any model gml can run;
/// raise one by passing a changed copy to `GMLFloatLoader.load(path:limits:)`
/// or through `ConversionOptions.limits.gmlFloat`.
public struct GMLFloatLimits: Equatable, Sendable {
  /// The largest file read (JSON, `.bin`, archive), in bytes.
  public var maxFileBytes: Int
  /// The JSON document (after gzip) and its nesting depth.
  public var json: JSONLimits
  /// Archive entry count, total size and deflate ratio.
  public var zip: ZipLimits
  /// The most elements one tensor may have.
  public var maxTensorElements: Int
  /// The most elements all constants may have together (each constant
  /// costs 4 bytes an element in memory, however it is stored).
  public var maxConstantElements: Int
  /// The most entries in `"tensors"`, and the most graph inputs.
  public var maxTensors: Int
  /// The most entries in `"nodes"`. Some passes take time quadratic in
  /// the node count (about 30 s for 8,000 nodes in a debug build).
  public var maxNodes: Int
  /// Whether `"weights"` may be a symbolic link (or sit in a linked
  /// folder) that leads out of the model's folder. Absolute paths and `..`
  /// are refused either way, as the spec says.
  public var allowsLinkedWeightsOutsideFolder: Bool

  /// - Parameters:
  ///   - maxFileBytes: largest file, 2 GiB by default.
  ///   - json: JSON size and depth limits.
  ///   - zip: archive limits.
  ///   - maxTensorElements: largest tensor, 2^31 − 1 elements by default.
  ///   - maxConstantElements: all constants together, 2^29 elements (2 GiB
  ///     as float32, the most a `.gml` file holds) by default.
  ///   - maxTensors: constants (and graph inputs), 50,000 by default.
  ///   - maxNodes: nodes, 10,000 by default.
  ///   - allowsLinkedWeightsOutsideFolder: false by default.
  public init(
    maxFileBytes: Int = 2 << 30, json: JSONLimits = JSONLimits(), zip: ZipLimits = ZipLimits(),
    maxTensorElements: Int = Int(Int32.max), maxConstantElements: Int = 1 << 29,
    maxTensors: Int = 50_000, maxNodes: Int = 10_000,
    allowsLinkedWeightsOutsideFolder: Bool = false
  ) {
    self.maxFileBytes = maxFileBytes
    self.json = json
    self.zip = zip
    self.maxTensorElements = maxTensorElements
    self.maxConstantElements = maxConstantElements
    self.maxTensors = maxTensors
    self.maxNodes = maxNodes
    self.allowsLinkedWeightsOutsideFolder = allowsLinkedWeightsOutsideFolder
  }
}
