// GMLKernels/Transpose.swift — Transpose parameters: a checked permutation, up to rank 8.
import GMLCore

/// Output dimension `i` is input dimension `perm[i]`.
public struct Transpose: Equatable, Sendable {
  /// The input stride of each output dimension.
  let permutedStrides: [Int]
  public let outputShape: Shape

  /// - Parameters:
  ///   - input: the input shape (rank ≤ `Shape.maxRank`).
  ///   - perm: a permutation of `0..<rank`.
  /// - Throws: `invalidArgument` unless `perm` is a permutation of the
  ///   input's axes; `limitExceeded` above `Shape.maxRank`.
  public init(input: Shape, perm: [Int]) throws(GMLError) {
    if input.rank > Shape.maxRank { throw GMLError(.limitExceeded, "rank above Shape.maxRank") }
    guard perm.count == input.rank else {
      throw GMLError(.invalidArgument, "Transpose perm needs one entry per dimension")
    }
    var seen = [Bool](repeating: false, count: input.rank)
    for p in perm {
      guard p >= 0, p < input.rank, !seen[p] else {
        throw GMLError(.invalidArgument, "Transpose perm is not a permutation of the axes")
      }
      seen[p] = true
    }
    let strides = Strides.of(input)
    permutedStrides = perm.map { strides[$0] }
    outputShape = Shape(perm.map { input.dims[$0] })
  }
}
