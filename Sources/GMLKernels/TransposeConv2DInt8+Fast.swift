// GMLKernels/TransposeConv2DInt8+Fast.swift — int8 TRANSPOSE_CONV on the fast Conv2D: the input spread over zeros, then a stride-1 convolution with the flipped filter. Bit-exact with the reference.
import GMLCore

/// A transposed convolution is a stride-1 convolution of its input spread
/// out by the strides: input pixel `(y, x)` moved to `(y·s + T, x·s + L)` of
/// a grid `(outputH + kh − 1) × (outputW + kw − 1)` whose other pixels hold
/// the input zero point (real 0), with `T = kh − 1 − padTop` and
/// `L = kw − 1 − padLeft`, convolved ('valid') with the filter turned by
/// 180°. Each output then sums the same products as the reference (the
/// spread pixels add exactly 0), so the same int32 sums, requantized by the
/// same multipliers: the fast Conv2D's tiles give the reference's bytes.
/// The price is the spread pixels' MACs (three quarters of them at
/// stride 2).
extension TransposeConv2DInt8 {
  /// The convolution over the spread input, or nil when its geometry
  /// passes `Conv2D`'s limits.
  public var spreadConvolution: Conv2DInt8? {
    let g = geometry
    let out = g.outputShape.dims
    let f = g.forward
    guard
      let conv = try? Conv2D(
        input: Shape([out[0], out[1] + f.filterH - 1, out[2] + f.filterW - 1, f.outputDepth]),
        filter: Shape([out[3], f.filterH, f.filterW, f.outputDepth]),
        bias: g.hasBias ? Shape([out[3]]) : nil, activation: g.activation)
    else { return nil }
    return Conv2DInt8(
      conv, inputOffset: inputOffset, outputOffset: outputOffset, multipliers: multipliers,
      range: range)
  }

  /// Bytes of the spread input (`spread`).
  public var spreadByteCount: Int {
    let out = geometry.outputShape.dims
    let f = geometry.forward
    return out[0] * (out[1] + f.filterH - 1) * (out[2] + f.filterW - 1) * f.outputDepth
  }

  /// Writes the spread input into `grid` (`spreadByteCount` bytes): the
  /// zero point everywhere, then each input pixel at its place. Once per
  /// run, before the convolution. No allocation.
  /// - Parameters:
  ///   - input: the op's input values.
  ///   - grid: where the spread input goes.
  public func spread(input: UnsafeBufferPointer<Int8>, into grid: UnsafeMutableRawBufferPointer) {
    let f = geometry.forward
    let out = geometry.outputShape.dims
    let (gridH, gridW, depth) = (out[1] + f.filterH - 1, out[2] + f.filterW - 1, f.outputDepth)
    let (top, left) = (f.filterH - 1 - f.padding.top, f.filterW - 1 - f.padding.left)
    let values = grid.bindMemory(to: Int8.self)
    values.update(repeating: Int8(truncatingIfNeeded: -inputOffset))
    for b in 0..<f.batches {
      for y in 0..<f.outputH {
        let gy = y * f.strideH + top
        guard gy >= 0, gy < gridH else { continue }
        for x in 0..<f.outputW {
          let gx = x * f.strideW + left
          guard gx >= 0, gx < gridW else { continue }
          let from = ((b * f.outputH + y) * f.outputW + x) * depth
          let to = ((b * gridH + gy) * gridW + gx) * depth
          for c in 0..<depth { values[to + c] = input[from + c] }
        }
      }
    }
  }

  /// The filter turned by 180° in its height and width, for packing the
  /// spread convolution (at prepare; allocates).
  /// - Parameter filter: `[outputDepth, kh, kw, inputDepth]` values.
  /// - Returns: the same shape, tap `(ky, kx)` taken from `(kh−1−ky, kw−1−kx)`.
  public func turnedFilter(_ filter: UnsafeBufferPointer<Int8>) -> [Int8] {
    let f = geometry.forward
    let (kh, kw, depth) = (f.filterH, f.filterW, f.outputDepth)
    var out = [Int8](repeating: 0, count: filter.count)
    for o in 0..<geometry.outputShape.dims[3] {
      for ky in 0..<kh {
        for kx in 0..<kw {
          let to = ((o * kh + ky) * kw + kx) * depth
          let from = ((o * kh + kh - 1 - ky) * kw + kw - 1 - kx) * depth
          for c in 0..<depth { out[to + c] = filter[from + c] }
        }
      }
    }
    return out
  }
}
