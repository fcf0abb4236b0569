// GMLFlatBuffers/VerifierLimits.swift — bounds on the work and size a Verifier accepts.

/// Limits a `Verifier` enforces, so hostile input costs bounded time.
///
/// Defaults match the C++ `flatbuffers::Verifier::Options` (depth 64,
/// one million tables, 2 GiB). Every vector is also bounded by the buffer
/// itself, so `maxVectorLength` defaults to the largest count a uoffset
/// buffer can hold; lower it on small devices to cap loop lengths.
public struct VerifierLimits: Equatable, Sendable {
  /// Deepest nesting of tables; the root is depth 1.
  public var maxDepth: Int = 64
  /// Table visits in total (a table reached twice counts twice).
  public var maxTables: Int = 1_000_000
  /// Largest buffer in bytes; values above 2 GiB − 1 act as 2 GiB − 1.
  public var maxSize: Int = 0x7FFF_FFFF
  /// Largest element count of any vector or string length.
  public var maxVectorLength: Int = 0x7FFF_FFFF

  /// - Parameters:
  ///   - maxDepth: deepest table nesting (root = 1).
  ///   - maxTables: table visits in total.
  ///   - maxSize: largest buffer in bytes.
  ///   - maxVectorLength: largest vector element count.
  public init(
    maxDepth: Int = 64, maxTables: Int = 1_000_000, maxSize: Int = 0x7FFF_FFFF,
    maxVectorLength: Int = 0x7FFF_FFFF
  ) {
    self.maxDepth = maxDepth
    self.maxTables = maxTables
    self.maxSize = maxSize
    self.maxVectorLength = maxVectorLength
  }
}
