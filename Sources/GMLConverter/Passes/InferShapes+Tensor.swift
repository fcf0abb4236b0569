// GMLConverter/Passes/InferShapes+Tensor.swift — shape rules of Mean, Reshape, Concat, Pad and Transpose.

extension NodeCheck {
  /// Mean over `axes` (negative from the end; no repeats); reduced axes
  /// become 1 with `keepDims`, else disappear.
  func mean(axes: [Int], keepDims: Bool) throws(ConversionError) -> [Int] {
    try arity(1...1)
    let x = try shape(0, minRank: 1)
    let reduced = try meanAxes(axes, rank: x.count)
    var out: [Int] = []
    for (i, d) in x.enumerated() {
      if !reduced.contains(i) {
        out.append(d)
      } else if keepDims {
        out.append(1)
      }
    }
    return out
  }

  /// The axes of a Mean, each in range, non-negative, sorted and distinct.
  func meanAxes(_ axes: [Int], rank: Int) throws(ConversionError) -> [Int] {
    if axes.isEmpty { throw fail("axes must list at least one axis") }
    var seen: [Int] = []
    for axis in axes {
      let a = try axisIndex(axis, rank: rank, "axis")
      if seen.contains(a) {
        throw fail("axes \(axes) name axis \(a) twice, expected distinct axes")
      }
      seen.append(a)
    }
    return seen.sorted()
  }

  /// Reshape: one entry may be -1 (resolved), the others ≥ 1; the element
  /// count must stay the same.
  func reshape(_ target: [Int]) throws(ConversionError) -> [Int] {
    try arity(1...1)
    let x = try shape(0)
    let count = x.reduce(1, *)
    let unknown = target.indices.filter { target[$0] == -1 }
    if unknown.count > 1 { throw fail("shape \(target) has more than one -1") }
    if let bad = target.first(where: { $0 < 1 && $0 != -1 }) {
      throw fail("shape \(target) has entry \(bad), expected positive sizes or one -1")
    }
    var known = 1
    for d in target where d != -1 {
      let (product, overflow) = known.multipliedReportingOverflow(by: d)
      if overflow { throw fail("shape \(target) has more elements than a 64-bit count holds") }
      known = product
    }
    var out = target
    if let u = unknown.first {
      if count % known != 0 {
        throw fail(
          "cannot reshape \(x) (\(count) elements) to \(target): \(count) is not a multiple of \(known)"
        )
      }
      out[u] = count / known
    }
    if out.reduce(1, *) != count {
      throw fail(
        "cannot reshape \(x) (\(count) elements) to \(target) (\(out.reduce(1, *)) elements)")
    }
    return out
  }

  /// Concat along `axis`: equal ranks, equal sizes off the axis.
  func concat(axis: Int) throws(ConversionError) -> [Int] {
    if node.inputs.isEmpty { throw fail("expected at least 1 input") }
    var out = try shape(0, minRank: 1)
    let a = try axisIndex(axis, rank: out.count, "axis")
    for i in 1..<node.inputs.count {
      let s = try shape(i)
      var expected = out
      if s.count == out.count { expected[a] = s[a] }
      if s != expected {
        throw fail(
          "input \(i) has shape \(s), expected rank \(out.count) and every dimension but axis "
            + "\(a) as in input 0: \(pattern(out, a))")
      }
      out[a] += s[a]
    }
    return out
  }

  /// `[1, *, 4]`: a shape with `axis` left open.
  private func pattern(_ s: [Int], _ axis: Int) -> String {
    "[" + s.indices.map { $0 == axis ? "*" : "\(s[$0])" }.joined(separator: ", ") + "]"
  }

  /// Pad: one `[before, after]` pair per dimension, both ≥ 0.
  func pad(_ paddings: [[Int]]) throws(ConversionError) -> [Int] {
    try arity(1...1)
    let x = try shape(0)
    if paddings.count != x.count {
      throw fail(
        "paddings has \(paddings.count) entries, expected one [before, after] per dimension (\(x.count))"
      )
    }
    var out = x
    for (i, p) in paddings.enumerated() {
      if p.count != 2 || p[0] < 0 || p[1] < 0 {
        throw fail("paddings[\(i)] is \(p), expected [before, after] with both ≥ 0")
      }
      let (added, overflow) = p[0].addingReportingOverflow(p[1])
      let (padded, past) = out[i].addingReportingOverflow(added)
      if overflow || past { throw fail("paddings[\(i)] is \(p), too large to add") }
      out[i] = padded
    }
    return out
  }

  /// Transpose: `perm` is a permutation of `0..<rank`.
  func transpose(_ perm: [Int]) throws(ConversionError) -> [Int] {
    try arity(1...1)
    let x = try shape(0)
    if perm.sorted() != Array(0..<x.count) {
      throw fail("perm \(perm) is not a permutation of 0..<\(x.count) (the input rank)")
    }
    return perm.map { x[$0] }
  }
}
