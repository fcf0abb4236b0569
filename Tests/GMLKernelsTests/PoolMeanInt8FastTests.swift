// GMLKernelsTests/PoolMeanInt8FastTests.swift — Pool2DInt8 and MeanInt8 fast kernels against their references, byte for byte.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

final class PoolMeanInt8FastTests: XCTestCase {
  /// Max and average pooling on 1000 random cases: windows 1–4 (and the
  /// whole image), strides 1–3, SAME/VALID/explicit padding (windows
  /// with no pixel in them too), 1–150 channels (across the 64-channel
  /// step), any zero point, any fused activation, extreme values sometimes.
  func testPoolingMatchesTheReference() throws {
    var rng = SplitMix64(seed: 41)
    var checked = 0
    for _ in 0..<1000 {
      let (n, h, w) = (1 + rng.below(2), 1 + rng.below(9), 1 + rng.below(9))
      let depth = 1 + rng.below(rng.below(4) == 0 ? 150 : 20)
      let global = rng.below(6) == 0
      let (kh, kw) = global ? (h, w) : (1 + rng.below(4), 1 + rng.below(4))
      let (sh, sw) = (1 + rng.below(3), 1 + rng.below(3))
      var padding = Padding2D.zero
      switch rng.below(3) {
      case 0:
        padding = Padding2D.same(
          inputH: h, inputW: w, filterH: kh, filterW: kw, strideH: sh, strideW: sw)
      case 1:
        padding = Padding2D(
          top: rng.below(5), bottom: rng.below(5), left: rng.below(5), right: rng.below(5))
      default: break
      }
      if h + padding.top + padding.bottom < kh || w + padding.left + padding.right < kw {
        padding = Padding2D(top: kh, left: kw)
      }
      let (scale, zeroPoint) = (rng.scale(), rng.zeroPoint())
      func make(_ a: Activation) throws -> Pool2DInt8 {
        let g = try Pool2D(
          input: Shape([n, h, w, depth]), filterH: kh, filterW: kw, strideH: sh, strideW: sw,
          padding: padding, activation: a)
        return try Pool2DInt8(
          g, inputScale: scale, inputZeroPoint: zeroPoint, outputScale: scale,
          outputZeroPoint: zeroPoint)
      }
      let p = try (try? make(rng.activation())) ?? make(.none)
      XCTAssertTrue(p.hasFastKernel)
      let x = rng.int8s(n * h * w * depth, extremes: rng.below(5) == 0)
      let count = p.geometry.outputShape.dims.reduce(1, *)
      let name = "pool \(n)x\(h)x\(w)x\(depth) k\(kh)x\(kw) s\(sh)x\(sw) \(padding) zp \(zeroPoint)"
      let maxRef = runInt8Unary(x, count: count) { p.maxReference(input: $0, output: $1) }
      let maxFast = runInt8Unary(x, count: count) { p.fastMax(input: $0, output: $1) }
      let avgRef = runInt8Unary(x, count: count) { p.averageReference(input: $0, output: $1) }
      let avgFast = runInt8Unary(x, count: count) { p.fastAverage(input: $0, output: $1) }
      guard assertSameBytes(maxFast, maxRef, "max \(name)"),
        assertSameBytes(avgFast, avgRef, "average \(name)")
      else { return }
      checked += 2
    }
    print("Pool2DInt8 fast: \(checked) cases byte-equal")
  }

  /// MEAN on 1000 random cases with the innermost axis kept: ranks 2–5,
  /// any other axes reduced (adjacent or not), with or without keepDims,
  /// 1–150 innermost channels, extreme zero points and scales; the Swift
  /// loops and every Mean microkernel this CPU runs.
  func testMeanMatchesTheReference() throws {
    var rng = SplitMix64(seed: 43)
    var checked = 0
    var kernels: [MeanInt8.Microkernel?] = [nil]
    for set in FastKernelSet.every {
      if let k = set.mean, k.isSupported,
        !kernels.contains(where: { $0?.name.utf8Start == k.name.utf8Start })
      {
        kernels.append(k)
      }
    }
    for _ in 0..<1000 {
      let rank = 2 + rng.below(4)
      var dims = (0..<rank).map { _ in 1 + rng.below(6) }
      dims[rank - 1] = 1 + rng.below(rng.below(4) == 0 ? 150 : 20)
      var axes = (0..<(rank - 1)).filter { _ in rng.below(2) == 0 }
      if axes.isEmpty { axes = [rng.below(rank - 1)] }
      if rng.below(4) == 0 { axes = axes.map { $0 - rank } }
      let p = try MeanInt8(
        input: Shape(dims), axes: axes, keepDims: rng.below(2) == 0, inputScale: rng.scale(),
        inputZeroPoint: rng.zeroPoint(), outputScale: rng.scale(),
        outputZeroPoint: rng.zeroPoint())
      XCTAssertTrue(p.hasFastKernel)
      let x = rng.int8s(dims.reduce(1, *), extremes: rng.below(5) == 0)
      let count = p.geometry.outputShape.dims.reduce(1, *)
      let expected = runInt8Unary(x, count: count) { p.reference(input: $0, output: $1) }
      for k in kernels {
        let got = runInt8Unary(x, count: count) { p.fast(input: $0, output: $1, microkernel: k) }
        let name = k.map { "\($0.name)" } ?? "swift"
        guard assertSameBytes(got, expected, "mean \(dims) axes \(axes) \(name)") else { return }
        checked += 1
      }
    }
    print("MeanInt8.fast: \(checked) cases byte-equal")
  }

  /// Reducing the innermost axis has no fast kernel: the reference runs.
  func testMeanOverTheInnermostAxisKeepsTheReference() throws {
    let p = try MeanInt8(
      input: Shape([1, 4, 8]), axes: [2], keepDims: false, inputScale: 0.1, inputZeroPoint: 0,
      outputScale: 0.1, outputZeroPoint: 0)
    XCTAssertFalse(p.hasFastKernel)
  }
}
