// GMLKernelsTests/Pool2DTests.swift — MaxPool2D/AveragePool2D reference: by hand, in-bounds counts, naive windows.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

/// Float tolerance: max is exact; average 1e-6 absolute.
final class Pool2DTests: XCTestCase {
  func testMaxValidTwoByTwoByHand() throws {
    // 4x4 input 0...15 row-major; 2x2 windows stride 2: maxima 5, 7, 13, 15.
    let p = try Pool2D(input: Shape([1, 4, 4, 1]), filterH: 2, filterW: 2, strideH: 2, strideW: 2)
    XCTAssertEqual(p.outputShape, Shape([1, 2, 2, 1]))
    let out = unary((0..<16).map(Float.init), count: 4) { p.maxReference(input: $0, output: $1) }
    assertClose(out, [5, 7, 13, 15], tolerance: 0)
  }

  func testAverageSameCountsOnlyInBoundsElements() throws {
    // 3x3 input 1...9, 3x3 window, SAME stride 1 (padding 1 all round).
    // Corner (0,0) covers 1,2,4,5 → 12/4 = 3; edge (0,1) covers rows 0-1 →
    // 21/6 = 3.5; centre covers all 9 → 45/9 = 5. Dividing by 9 would give 12/9.
    let padding = Padding2D.same(
      inputH: 3, inputW: 3, filterH: 3, filterW: 3, strideH: 1, strideW: 1)
    let p = try Pool2D(
      input: Shape([1, 3, 3, 1]), filterH: 3, filterW: 3, strideH: 1, strideW: 1,
      padding: padding)
    let out = unary((1...9).map(Float.init), count: 9) {
      p.averageReference(input: $0, output: $1)
    }
    assertClose(out, [3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7], tolerance: 1e-6)
  }

  func testMaxWithPaddingNeverPicksThePadding() throws {
    let padding = Padding2D.same(
      inputH: 2, inputW: 2, filterH: 2, filterW: 2, strideH: 1, strideW: 1)
    let p = try Pool2D(
      input: Shape([1, 2, 2, 1]), filterH: 2, filterW: 2, strideH: 1, strideW: 1,
      padding: padding, activation: .none)
    // [-1 -2; -3 -4]: windows (bottom/right padded) → -1, -2, -3, -4.
    let out = unary([-1, -2, -3, -4], count: 4) { p.maxReference(input: $0, output: $1) }
    assertClose(out, [-1, -2, -3, -4], tolerance: 0)
  }

  /// Random multi-channel input against per-window loops written out here.
  func testMatchesNaiveWindowsOnRandomData() throws {
    var rng = SplitMix64(seed: 71)
    for (h, w, k, s, same) in [(7, 6, 3, 2, true), (8, 8, 2, 2, false), (5, 5, 3, 1, true)] {
      let (n, c) = (2, 3)
      let x = randomFloats(n * h * w * c, &rng)
      let pad =
        same
        ? Padding2D.same(inputH: h, inputW: w, filterH: k, filterW: k, strideH: s, strideW: s)
        : .zero
      let p = try Pool2D(
        input: Shape([n, h, w, c]), filterH: k, filterW: k, strideH: s, strideW: s, padding: pad)
      let count = n * p.outputH * p.outputW * c
      let maxOut = unary(x, count: count) { p.maxReference(input: $0, output: $1) }
      let avgOut = unary(x, count: count) { p.averageReference(input: $0, output: $1) }
      var maxExpected: [Float] = []
      var avgExpected: [Float] = []
      for b in 0..<n {
        for oy in 0..<p.outputH {
          for ox in 0..<p.outputW {
            for ch in 0..<c {
              var values: [Float] = []
              for ky in 0..<k {
                for kx in 0..<k {
                  let y = oy * s - pad.top + ky
                  let xx = ox * s - pad.left + kx
                  if y >= 0 && y < h && xx >= 0 && xx < w {
                    values.append(x[((b * h + y) * w + xx) * c + ch])
                  }
                }
              }
              maxExpected.append(values.max() ?? 0)
              avgExpected.append(values.reduce(0, +) / Float(values.count))
            }
          }
        }
      }
      assertClose(maxOut, maxExpected, tolerance: 0, "max \(h)x\(w) k\(k)")
      assertClose(avgOut, avgExpected, tolerance: 1e-6, "average \(h)x\(w) k\(k)")
    }
  }

  func testShapeChecks() {
    assertThrowsKind(.shapeMismatch) {
      _ = try Pool2D(input: Shape([1, 4, 4]), filterH: 2, filterW: 2, strideH: 2, strideW: 2)
    }
    assertThrowsKind(.shapeMismatch) {
      _ = try Pool2D(input: Shape([1, 1, 4, 1]), filterH: 2, filterW: 2, strideH: 1, strideW: 1)
    }
    assertThrowsKind(.invalidArgument) {
      _ = try Pool2D(input: Shape([1, 4, 4, 1]), filterH: 0, filterW: 2, strideH: 1, strideW: 1)
    }
  }
}
