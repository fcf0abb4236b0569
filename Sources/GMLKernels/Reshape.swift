// GMLKernels/Reshape.swift — Reshape parameters: same element count, new shape.
import GMLCore

/// The same elements under another shape (Reshape, Flatten).
public struct Reshape: Equatable, Sendable {
  /// The number of elements moved.
  public let elementCount: Int

  /// - Parameters:
  ///   - input: the input shape.
  ///   - output: the new shape.
  /// - Throws: `shapeMismatch` when the element counts differ.
  public init(input: Shape, output: Shape) throws(GMLError) {
    let n = try input.elementCount()
    guard try output.elementCount() == n else {
      throw GMLError(.shapeMismatch, "Reshape changes the number of elements")
    }
    elementCount = n
  }

  /// Resolves a requested shape with at most one `-1` against an element count.
  /// - Parameters:
  ///   - requested: the dimensions; one may be -1 (inferred).
  ///   - elementCount: the number of elements the shape must hold.
  /// - Returns: the shape with the -1 filled in.
  /// - Throws: `shapeMismatch` when no shape fits, `invalidArgument` for
  ///   two -1 entries or another negative one.
  public static func resolve(_ requested: [Int], elementCount: Int) throws(GMLError) -> Shape {
    var known = 1
    var inferred: Int? = nil
    for (i, d) in requested.enumerated() {
      if d == -1 {
        if inferred != nil { throw GMLError(.invalidArgument, "Reshape shape has two -1 entries") }
        inferred = i
      } else if d < 0 {
        throw GMLError(.invalidArgument, "Reshape shape has a negative entry")
      } else {
        // Saturating: a product past Int.max stays too large, and a 0 still makes it 0.
        let (product, overflow) = known.multipliedReportingOverflow(by: d)
        known = overflow ? Int.max : product
      }
    }
    var dims = requested
    if let inferred {
      guard known > 0, elementCount % known == 0 else {
        throw GMLError(.shapeMismatch, "Reshape -1 cannot be inferred from the element count")
      }
      dims[inferred] = elementCount / known
    } else if known != elementCount {
      throw GMLError(.shapeMismatch, "Reshape changes the number of elements")
    }
    return Shape(dims)
  }
}
