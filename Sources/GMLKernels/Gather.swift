// GMLKernels/Gather.swift — GATHER parameters: slices of a table picked by int32 indices (an embedding lookup).
import GMLCore

/// GATHER: the table's slices along `axis` picked by the indices, in the
/// indices' order. The output's shape is the table's with dimension `axis`
/// replaced by the indices' shape. Values move unchanged, so one kernel
/// serves float32 and int8 (TFLite's int8 GATHER keeps the table's scale
/// and zero point).
///
/// Mirrors: `tensorflow/lite/kernels/gather.cc` and
/// `internal/reference/gather.h` (batch_dims 0).
public struct Gather: Equatable, Sendable {
  /// The output's shape.
  public let outputShape: Shape
  /// The table's size along `axis`: an index must lie in `0..<rows`.
  public let rows: Int
  /// The product of the table's dimensions before `axis`.
  let outer: Int
  /// The elements of one picked slice: the product of the table's
  /// dimensions after `axis`.
  let slice: Int
  /// The number of indices.
  let indexCount: Int

  /// - Parameters:
  ///   - table: the table's shape.
  ///   - indices: the indices' shape (any rank, a scalar included).
  ///   - axis: the table's dimension the indices pick along; negative
  ///     counts from the last.
  /// - Throws: `invalidArgument` for an axis outside the table's rank;
  ///   `limitExceeded` when the output passes `Shape.maxRank` dimensions or
  ///   `Shape`'s element limit.
  public init(table: Shape, indices: Shape, axis: Int) throws(GMLError) {
    let a = axis < 0 ? axis + table.rank : axis
    guard a >= 0, a < table.rank else {
      throw GMLError(.invalidArgument, "GATHER axis outside the table's dimensions")
    }
    guard table.rank - 1 + indices.rank <= Shape.maxRank else {
      throw GMLError(.limitExceeded, "GATHER output passes Shape.maxRank dimensions")
    }
    let dims = table.dims
    outputShape = Shape(Array(dims[..<a]) + indices.dims + Array(dims[(a + 1)...]))
    _ = try outputShape.elementCount()
    rows = dims[a]
    outer = dims[..<a].reduce(1, *)
    slice = dims[(a + 1)...].reduce(1, *)
    indexCount = try indices.elementCount()
  }

  /// The position of the first index outside `0..<rows`, or nil when all
  /// are inside: `invoke` refuses a model input's indices with it before
  /// any operator runs.
  public func firstIndexOutside(_ indices: UnsafeBufferPointer<Int32>) -> Int? {
    indices.firstIndex { $0 < 0 || Int($0) >= rows }
  }

  /// Copies: output slice `(o, i)` is table slice `(o, indices[i])`. An
  /// index outside the table (which `invoke` refuses first) gives zeros.
  /// Must not allocate.
  ///
  /// - Parameters:
  ///   - table: the table's elements.
  ///   - indices: `indexCount` indices.
  ///   - output: `outputShape` elements.
  public func reference(
    table: UnsafeBufferPointer<Float>, indices: UnsafeBufferPointer<Int32>,
    output: UnsafeMutableBufferPointer<Float>
  ) { copy(table, indices, output) }

  /// `reference` on int8 values (the same copies).
  public func reference(
    table: UnsafeBufferPointer<Int8>, indices: UnsafeBufferPointer<Int32>,
    output: UnsafeMutableBufferPointer<Int8>
  ) { copy(table, indices, output) }

  /// The copies of `reference`, specialized per element type where the
  /// typed entry points call it.
  @inline(__always)
  private func copy<Element: Numeric>(
    _ table: UnsafeBufferPointer<Element>, _ indices: UnsafeBufferPointer<Int32>,
    _ output: UnsafeMutableBufferPointer<Element>
  ) {
    var o = 0
    for block in 0..<outer {
      for i in 0..<indexCount {
        let row = Int(indices[i])
        if row >= 0 && row < rows {
          let start = (block * rows + row) * slice
          for k in 0..<slice { output[o + k] = table[start + k] }
        } else {
          for k in 0..<slice { output[o + k] = 0 }
        }
        o += slice
      }
    }
  }
}
