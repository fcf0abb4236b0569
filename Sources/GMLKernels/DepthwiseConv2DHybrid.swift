// GMLKernels/DepthwiseConv2DHybrid.swift — hybrid DepthwiseConv2D (float activations, int8 per-channel filters): parameters.
import GMLCore

/// A DepthwiseConv2D with float32 activations and symmetric int8 filters
/// with one scale per output channel (filter axis 3).
public struct DepthwiseConv2DHybrid: Equatable, Sendable {
  /// The shapes, strides and fused activation, checked as for float.
  public let geometry: DepthwiseConv2D
  /// One scale per output channel (or one for all).
  public let filterScales: [Float]

  /// - Parameters:
  ///   - geometry: the float op's checked shapes.
  ///   - filterScales: `outputDepth` positive scales, or one.
  /// - Throws: `invalidQuantization` for a wrong count or a bad scale.
  public init(_ geometry: DepthwiseConv2D, filterScales: [Float]) throws(GMLError) {
    try HybridScales.check(filterScales, channels: geometry.outputDepth)
    self.geometry = geometry
    self.filterScales = filterScales
  }

  /// Scratch: one scale and zero point per batch, the input as int8.
  public var scratch: HybridScratch {
    let g = geometry
    return HybridScratch(
      rows: g.batches, quantizedCount: g.batches * g.inputH * g.inputW * g.inputDepth)
  }
}
