// GMLKernels/StridedCopy.swift — TILE and STRIDED_SLICE parameters: each output element read from an affine place of the input.
import GMLCore

/// An op that only moves elements: output element `o`, taken as a
/// coordinate of a view of the output (`viewDims`), reads the input at
/// `base + Σ coordinate · strides`. TILE views each tiled dimension as
/// (repeat, position), the repeat with stride 0; STRIDED_SLICE starts at
/// `begin` and steps by `strides`. int8 values move unchanged (TFLite's
/// int8 TILE and STRIDED_SLICE keep the input's scale and zero point).
public struct StridedCopy: Equatable, Sendable {
  /// The output's shape.
  public let outputShape: Shape
  /// The output as the view the strides apply to (same element count).
  let viewDims: [Int]
  /// The input stride of each view dimension.
  let strides: [Int]
  /// The input offset of output element 0.
  let base: Int

  /// TILE: the input repeated `multiples[d]` times along dimension `d`.
  ///
  /// - Parameters:
  ///   - input: the input's shape.
  ///   - multiples: one count ≥ 1 per dimension.
  /// - Throws: `invalidArgument` for a count per dimension missing or below
  ///   1; `limitExceeded` when the view passes `Shape.maxRank` dimensions
  ///   or the output `Shape`'s limits.
  ///
  /// Mirrors: `tensorflow/lite/kernels/tile.cc`.
  public init(input: Shape, multiples: [Int]) throws(GMLError) {
    guard multiples.count == input.rank, multiples.allSatisfy({ $0 >= 1 }) else {
      throw GMLError(.invalidArgument, "TILE needs a multiple of at least 1 per dimension")
    }
    let own = Strides.of(input)
    var view: [Int] = []
    var strides: [Int] = []
    var out: [Int] = []
    for d in 0..<input.rank {
      let (n, m) = (input.dims[d], multiples[d])
      guard n.multipliedReportingOverflow(by: m).overflow == false else {
        throw GMLError(.limitExceeded, "TILE output dimension too large")
      }
      out.append(n * m)
      if m > 1 && n > 1 {
        view += [m, n]
        strides += [0, own[d]]
      } else {
        view.append(n * m)
        strides.append(n == 1 ? 0 : own[d])
      }
    }
    guard view.count <= Shape.maxRank else {
      throw GMLError(.limitExceeded, "TILE of this many tiled dimensions passes Shape.maxRank")
    }
    outputShape = Shape(out)
    _ = try outputShape.elementCount()
    viewDims = view
    self.strides = strides
    base = 0
  }

  /// STRIDED_SLICE: dimension `d` from `begin[d]` to `end[d]` (exclusive)
  /// by `strides[d]`.
  ///
  /// - Parameters:
  ///   - input: the input's shape.
  ///   - begin: one start per dimension, in `0...size`.
  ///   - end: one end per dimension, in `begin...size`.
  ///   - strides: one step ≥ 1 per dimension.
  /// - Throws: `invalidArgument` for a missing entry or one out of range.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/strided_slice.h`
  /// (positive strides, masks resolved by the converter).
  public init(input: Shape, begin: [Int], end: [Int], strides steps: [Int]) throws(GMLError) {
    let rank = input.rank
    guard begin.count == rank, end.count == rank, steps.count == rank else {
      throw GMLError(.invalidArgument, "STRIDED_SLICE needs begin, end and strides per dimension")
    }
    let own = Strides.of(input)
    var out: [Int] = []
    var offset = 0
    for d in 0..<rank {
      guard steps[d] >= 1, begin[d] >= 0, begin[d] <= end[d], end[d] <= input.dims[d] else {
        throw GMLError(.invalidArgument, "STRIDED_SLICE bounds outside the input or step below 1")
      }
      out.append((end[d] - begin[d] + steps[d] - 1) / steps[d])
      offset += begin[d] * own[d]
    }
    outputShape = Shape(out)
    viewDims = out
    strides = (0..<rank).map { own[$0] * steps[$0] }
    base = offset
  }

  /// Copies: `output[o] = input[base + Σ view coordinate · strides]`.
  /// Must not allocate.
  ///
  /// - Parameters:
  ///   - input: the input's elements.
  ///   - output: `outputShape` elements.
  public func reference(
    input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>
  ) { copy(input, output) }

  /// `reference` on int8 values (the same copies).
  public func reference(input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>)
  { copy(input, output) }

  /// The copies of `reference`, specialized per element type where the
  /// typed entry points call it (a generic called across modules would run
  /// unspecialized).
  /// A row (the view's last dimension) at a time: its start found from
  /// the row's index, then its elements `strides.last` apart.
  @inline(__always)
  private func copy<Element>(
    _ input: UnsafeBufferPointer<Element>, _ output: UnsafeMutableBufferPointer<Element>
  ) {
    guard let row = viewDims.last, row > 0, let step = strides.last else { return }
    var o = 0
    while o < output.count {
      let start = base + Strides.offset(of: o, dims: viewDims, strides: strides)
      if step == 1 {
        for k in 0..<row { output[o + k] = input[start + k] }
      } else {
        for k in 0..<row { output[o + k] = input[start + k * step] }
      }
      o += row
    }
  }
}
