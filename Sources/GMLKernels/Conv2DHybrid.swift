// GMLKernels/Conv2DHybrid.swift — hybrid Conv2D (float activations, int8 per-channel filters): parameters.
import GMLCore

/// A Conv2D with float32 input, bias and output and symmetric int8
/// filters with one scale per output channel (TFLite's hybrid per-channel
/// kernel). Each batch image is quantized at invoke into scratch.
public struct Conv2DHybrid: Equatable, Sendable {
  /// The shapes, strides and fused activation, checked as for float.
  public let geometry: Conv2D
  /// One scale per output channel (or one for all).
  public let filterScales: [Float]

  /// - Parameters:
  ///   - geometry: the float op's checked shapes.
  ///   - filterScales: `outputDepth` positive scales, or one.
  /// - Throws: `invalidQuantization` for a wrong count or a bad scale.
  public init(_ geometry: Conv2D, filterScales: [Float]) throws(GMLError) {
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

extension HybridScratch {
  /// Quantizes each of `rows` equal slices of `input` into the scratch
  /// (with `fast`, a hybrid microkernel: `AsymmetricQuantizeInt8.quantizeFast`,
  /// the same bytes).
  func quantizeRows(
    _ input: UnsafeBufferPointer<Float>, _ bytes: UnsafeMutableRawBufferPointer,
    fast: HybridGEMM.Microkernel? = nil
  ) {
    let (scales, zeros, q) = views(bytes)
    let n = rows == 0 ? 0 : quantizedCount / rows
    for r in 0..<rows {
      let row = UnsafeBufferPointer(rebasing: input[r * n..<(r + 1) * n])
      let out = UnsafeMutableBufferPointer(rebasing: q[r * n..<(r + 1) * n])
      if let fast {
        (scales[r], zeros[r]) = AsymmetricQuantizeInt8.quantizeFast(
          row, into: out, microkernel: fast)
      } else {
        (scales[r], zeros[r]) = AsymmetricQuantizeInt8.quantize(row, into: out)
      }
    }
  }
}
