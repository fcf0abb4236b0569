// GMLKernels/Conv2DInt8+Grouped.swift — a grouped int8 Conv2D on the fast kernels: every filter widened to all input channels, zeros outside its group. Bit-exact with the reference.
import GMLCore

/// A grouped convolution is the plain convolution whose filters read every
/// input channel, with zero weights on the channels outside their group:
/// the zero taps add exactly 0 (and nothing to the folded zero-point
/// terms), so the fast Conv2D's tiles give the reference's bytes, at
/// `groups` times the MACs.
extension Conv2DInt8 {
  /// The same convolution over all input channels, or nil when not grouped.
  public var ungrouped: Conv2DInt8? {
    let g = geometry
    guard g.groups > 1,
      let conv = try? Conv2D(
        input: Shape([g.batches, g.inputH, g.inputW, g.inputDepth]),
        filter: Shape([g.outputDepth, g.filterH, g.filterW, g.inputDepth]),
        bias: g.hasBias ? Shape([g.outputDepth]) : nil, strideH: g.strideH, strideW: g.strideW,
        dilationH: g.dilationH, dilationW: g.dilationW, padding: g.padding,
        activation: g.activation)
    else { return nil }
    return Conv2DInt8(
      conv, inputOffset: inputOffset, outputOffset: outputOffset, multipliers: multipliers,
      range: range)
  }

  /// The filter with each output channel's taps spread over every input
  /// channel, zeros outside its group (at prepare; allocates).
  /// - Parameter filter: `[outputDepth, kh, kw, filterDepth]` values.
  /// - Returns: `[outputDepth, kh, kw, inputDepth]` values.
  public func widenedFilter(_ filter: UnsafeBufferPointer<Int8>) -> [Int8] {
    let g = geometry
    let taps = g.outputDepth * g.filterH * g.filterW
    var out = [Int8](repeating: 0, count: taps * g.inputDepth)
    for t in 0..<taps {
      let first = g.firstInputChannel(t / (g.filterH * g.filterW))
      for c in 0..<g.filterDepth {
        out[t * g.inputDepth + first + c] = filter[t * g.filterDepth + c]
      }
    }
    return out
  }
}
