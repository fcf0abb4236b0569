// GMLKernels/BatchMatMul.swift — BATCH_MATMUL parameters: the matrix sizes, adjoints and batch broadcasting, checked once at prepare.
import GMLCore

/// BATCH_MATMUL: `out[b] = A[b] · B[b]` over the last two axes, the batch
/// axes before them broadcast (NumPy rules), each operand first transposed
/// where its adjoint flag says (TFLite's `adj_x`, `adj_y`). `A` is
/// `[..., m, k]` (`[..., k, m]` adjoint), `B` `[..., k, n]` (`[..., n, k]`
/// adjoint), the output `[..., m, n]`.
public struct BatchMatMul: Equatable, Sendable {
  /// The output's shape: the broadcast batch axes, then `rows`, `columns`.
  public let outputShape: Shape
  /// m, n and k: the output's rows and columns, and the summed length.
  public let rows: Int
  public let columns: Int
  public let depth: Int
  /// Element distances in A between neighbouring rows (i) and depths (k).
  let lhsRowStride: Int
  let lhsDepthStride: Int
  /// Element distances in B between neighbouring depths (k) and columns (j).
  let rhsDepthStride: Int
  let rhsColumnStride: Int
  /// The output's batch axes, and each operand's matrix stride along them
  /// (0 where it broadcasts).
  let batchDims: [Int]
  let lhsBatchStrides: [Int]
  let rhsBatchStrides: [Int]

  /// Checks the operands' shapes.
  ///
  /// - Parameters:
  ///   - lhs: A's shape (rank 2 or more).
  ///   - rhs: B's shape (rank 2 or more).
  ///   - adjointLhs: whether A enters transposed.
  ///   - adjointRhs: whether B enters transposed.
  /// - Throws: `shapeMismatch` for a rank below 2, summed lengths that
  ///   differ, or batch axes that do not broadcast; `limitExceeded` above
  ///   `Shape.maxRank`.
  ///
  /// Mirrors `Prepare` and `ResizeOutputTensor` in
  /// `tensorflow/lite/kernels/batch_matmul.cc`.
  public init(lhs: Shape, rhs: Shape, adjointLhs: Bool, adjointRhs: Bool) throws(GMLError) {
    guard lhs.rank >= 2, rhs.rank >= 2 else {
      throw GMLError(.shapeMismatch, "BATCH_MATMUL operands need rank 2 or more")
    }
    let (a0, a1) = (lhs.dims[lhs.rank - 2], lhs.dims[lhs.rank - 1])
    let (b0, b1) = (rhs.dims[rhs.rank - 2], rhs.dims[rhs.rank - 1])
    rows = adjointLhs ? a1 : a0
    depth = adjointLhs ? a0 : a1
    columns = adjointRhs ? b0 : b1
    guard (adjointRhs ? b1 : b0) == depth else {
      throw GMLError(.shapeMismatch, "BATCH_MATMUL operands' summed axes differ in length")
    }
    let lhsBatch = Shape(Array(lhs.dims[0..<(lhs.rank - 2)]))
    let rhsBatch = Shape(Array(rhs.dims[0..<(rhs.rank - 2)]))
    let batch = try Elementwise.broadcastShape(lhsBatch, rhsBatch)
    batchDims = batch.dims
    lhsBatchStrides = Elementwise.broadcastStrides(lhsBatch, in: batch).map { $0 * a0 * a1 }
    rhsBatchStrides = Elementwise.broadcastStrides(rhsBatch, in: batch).map { $0 * b0 * b1 }
    outputShape = Shape(batch.dims + [rows, columns])
    if outputShape.rank > Shape.maxRank {
      throw GMLError(.limitExceeded, "BATCH_MATMUL output rank above Shape.maxRank")
    }
    lhsRowStride = adjointLhs ? 1 : depth
    lhsDepthStride = adjointLhs ? rows : 1
    rhsDepthStride = adjointRhs ? 1 : columns
    rhsColumnStride = adjointRhs ? depth : 1
  }

  /// The number of matrix products (the batch axes' product).
  public var batchCount: Int { Strides.product(batchDims, 0..<batchDims.count) }

  /// Where product `b`'s A starts, in elements.
  @inline(__always)
  func lhsStart(_ b: Int) -> Int {
    Strides.offset(of: b, dims: batchDims, strides: lhsBatchStrides)
  }

  /// Where product `b`'s B starts, in elements.
  @inline(__always)
  func rhsStart(_ b: Int) -> Int {
    Strides.offset(of: b, dims: batchDims, strides: rhsBatchStrides)
  }
}
