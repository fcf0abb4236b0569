// GMLFormat/Window2D.swift — the spatial geometry convolutions and pools share (their options' window fields).

/// Spatial geometry shared by convolutions and pooling: the `padding`,
/// `stride_h`, `stride_w` and `explicit_padding` fields of their options.
public struct Window2D: Equatable, Sendable {
  public var padding: Padding
  public var strideH: Int32
  public var strideW: Int32
  /// `[top, bottom, left, right]` when `padding` is `.explicit`, else empty.
  public var explicitPadding: [Int32]

  public init(
    padding: Padding = .valid, strideH: Int32 = 1, strideW: Int32 = 1,
    explicitPadding: [Int32] = []
  ) {
    self.padding = padding
    self.strideH = strideH
    self.strideW = strideW
    self.explicitPadding = explicitPadding
  }
}
