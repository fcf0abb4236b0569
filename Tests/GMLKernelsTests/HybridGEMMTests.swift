// GMLKernelsTests/HybridGEMMTests.swift — the hybrid FullyConnected, Conv2D and DepthwiseConv2D on every supported HybridGEMM microkernel against their references, bit for bit.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

final class HybridGEMMTests: XCTestCase {
  let microkernels = ISATier.allCases.flatMap { FastKernelSet.of($0).hybridGEMM }
    .filter(\.isSupported)

  func int8s(_ n: Int, _ rng: inout SplitMix64) -> [Int8] {
    (0..<n).map { _ in Int8(truncatingIfNeeded: rng.next()) }
  }

  func scales(_ n: Int, _ rng: inout SplitMix64) -> [Float] {
    (0..<n).map { _ in 0.001 + Float(rng.next() >> 44) / Float(1 << 20) * 0.02 }
  }

  /// Runs `body` with the row sums of `weights`, the weights packed for
  /// `microkernel` (nil when it reads them in place) and a scratch of
  /// `count` bytes (filled with garbage).
  func withFastInputs<R>(
    _ weights: [Int8], channels n: Int, depth k: Int, scratch count: Int,
    microkernel: HybridGEMM.Microkernel, conv: Conv2DHybrid? = nil,
    _ body: (UnsafeBufferPointer<Int32>, UnsafeRawPointer?, UnsafeMutableRawBufferPointer) -> R
  ) -> R {
    var sums = [Int32](repeating: 0, count: n)
    var packed = [UInt8](
      repeating: 0xa5,
      count: conv?.packedByteCount(microkernel)
        ?? microkernel.packedByteCount(channels: n, depth: k))
    weights.withUnsafeBufferPointer { w in
      sums.withUnsafeMutableBufferPointer {
        HybridGEMM.rowSums(weights: w, channels: n, depth: k, into: $0)
      }
      packed.withUnsafeMutableBytes {
        if let conv {
          conv.pack(filter: w, into: $0, microkernel: microkernel)
        } else {
          microkernel.pack(weights: w, channels: n, depth: k, into: $0)
        }
      }
    }
    var scratch = [UInt32](repeating: 0xdead_beef, count: (count + 3) / 4)
    return sums.withUnsafeBufferPointer { s in
      packed.withUnsafeBytes { p in
        scratch.withUnsafeMutableBytes { body(s, p.isEmpty ? nil : p.baseAddress, $0) }
      }
    }
  }

  /// Rows 1 to 17 (past the VNNI kernel's 8-row tiles), depths below, at
  /// and past the 16-value steps and off the 4-value groups, channel
  /// counts past the 4- and 16-channel blocks, per-tensor and per-channel
  /// scales.
  func testFullyConnected() throws {
    var rng = SplitMix64(seed: 101)
    XCTAssertFalse(microkernels.isEmpty)
    if ISATier.avx512VNNI.isSupported {
      XCTAssertTrue(
        microkernels.contains { "\($0.name)" == "8x16c4_avx512vnni" }, "the packed kernel runs")
    }
    for k in microkernels {
      for (rows, n, depth) in [
        (1, 1, 1), (1, 7, 15), (2, 4, 16), (3, 9, 33), (5, 12, 100), (9, 20, 7), (17, 33, 40),
      ] {
        for (a, activation) in [Activation.none, .relu6, .tanh].enumerated() {
          let g = try FullyConnected(
            input: Shape([rows, depth]), weights: Shape([n, depth]),
            bias: a == 1 ? nil : Shape([n]), activation: activation)
          let h = try FullyConnectedHybrid(g, weightScales: scales(a == 2 ? 1 : n, &rng))
          let x = randomFloats(rows * depth, &rng).map { $0 * 3 + 0.5 }
          let w = int8s(n * depth, &rng)
          let b = a == 1 ? [] : randomFloats(n, &rng)
          var reference = [UInt8](repeating: 0, count: h.scratch.byteCount)
          let want = x.withUnsafeBufferPointer { x in
            w.withUnsafeBufferPointer { w in
              b.withUnsafeBufferPointer { b in
                reference.withUnsafeMutableBytes { s in
                  kernelOutput(count: rows * n) {
                    h.reference(input: x, weights: w, bias: b, output: $0, scratch: s)
                  }
                }
              }
            }
          }
          let got = withFastInputs(
            w, channels: n, depth: depth, scratch: h.fastScratchByteCount, microkernel: k
          ) { sums, packed, s in
            x.withUnsafeBufferPointer { x in
              w.withUnsafeBufferPointer { w in
                b.withUnsafeBufferPointer { b in
                  kernelOutput(count: rows * n) {
                    h.fast(
                      input: x, weights: w, bias: b, output: $0, rowSums: sums, packed: packed,
                      scratch: s, microkernel: k)
                  }
                }
              }
            }
          }
          XCTAssertEqual(
            got.map(\.bitPattern), want.map(\.bitPattern), "\(k.name) \(rows)x\(n)x\(depth)")
        }
      }
    }
  }

  /// Pointwise and windowed convolutions: padding (where the zero point
  /// fills the window), strides, dilation, two images with their own
  /// quantization, more pixels than a block; windows the VNNI kernel reads
  /// in place (from the input, or from its padded copy when it pads or a
  /// filter row is not whole groups of 4 bytes) and dilated ones it copies;
  /// one scale or one per channel; clamps, none and tanh.
  func testConv2D() throws {
    var rng = SplitMix64(seed: 102)
    typealias Case = (n: Int, h: Int, w: Int, cin: Int, cout: Int, k: Int, s: Int, d: Int, pad: Int)
    let cases: [Case] = [
      (1, 1, 1, 1, 1, 1, 1, 1, 0), (1, 5, 5, 8, 6, 1, 1, 1, 0), (2, 4, 5, 19, 16, 1, 1, 1, 0),
      (1, 7, 9, 3, 8, 3, 1, 1, 1), (2, 9, 7, 5, 7, 3, 2, 1, 1), (1, 8, 8, 4, 5, 3, 1, 2, 2),
      (1, 6, 6, 16, 4, 1, 2, 1, 0), (1, 10, 10, 3, 20, 3, 2, 1, 1),
      (2, 9, 7, 8, 20, 3, 1, 1, 1), (1, 12, 11, 4, 16, 3, 2, 1, 0), (1, 10, 9, 1, 8, 4, 2, 1, 1),
      (2, 6, 7, 16, 33, 3, 1, 1, 2), (1, 13, 13, 12, 5, 5, 2, 1, 0),
    ]
    for k in microkernels {
      for (i, c) in cases.enumerated() {
        let g = try Conv2D(
          input: Shape([c.n, c.h, c.w, c.cin]), filter: Shape([c.cout, c.k, c.k, c.cin]),
          bias: i % 2 == 0 ? Shape([c.cout]) : nil, strideH: c.s, strideW: c.s, dilationH: c.d,
          dilationW: c.d,
          padding: Padding2D(top: c.pad, bottom: c.pad, left: c.pad, right: c.pad),
          activation: [.relu, .none, .relu6, .tanh][i % 4])
        let h = try Conv2DHybrid(g, filterScales: scales(i % 3 == 1 ? 1 : c.cout, &rng))
        XCTAssertTrue(h.hasFastKernel)
        let count = try g.outputShape.elementCount()
        // Each image its own range, so the zero points differ.
        let x = randomFloats(c.n * c.h * c.w * c.cin, &rng).enumerated().map {
          $0.offset < c.h * c.w * c.cin ? $0.element * 2 + 1 : $0.element - 0.7
        }
        let depth = c.k * c.k * c.cin
        let f = int8s(c.cout * depth, &rng)
        let b = g.hasBias ? randomFloats(c.cout, &rng) : []
        var reference = [UInt8](repeating: 0, count: h.scratch.byteCount)
        let want = ternary(x, [], b, count: count) { x, _, b, out in
          f.withUnsafeBufferPointer { f in
            reference.withUnsafeMutableBytes { s in
              h.reference(input: x, filter: f, bias: b, output: out, scratch: s)
            }
          }
        }
        let got = withFastInputs(
          f, channels: c.cout, depth: depth, scratch: h.fastScratchByteCount, microkernel: k,
          conv: h
        ) { sums, packed, s in
          ternary(x, [], b, count: count) { x, _, b, out in
            f.withUnsafeBufferPointer { f in
              h.fast(
                input: x, filter: f, bias: b, output: out, rowSums: sums, packed: packed,
                scratch: s, microkernel: k)
            }
          }
        }
        XCTAssertEqual(got.map(\.bitPattern), want.map(\.bitPattern), "\(k.name) \(c)")
      }
    }
  }

  /// Depthwise: channels below, at and past the C kernel's 64-channel
  /// passes, padding, strides, dilation, two images, one scale or one per
  /// channel, clamps and tanh.
  func testDepthwiseConv2D() throws {
    var rng = SplitMix64(seed: 103)
    typealias Case = (n: Int, h: Int, w: Int, c: Int, k: Int, s: Int, d: Int, pad: Int)
    let cases: [Case] = [
      (1, 1, 1, 1, 1, 1, 1, 0), (1, 6, 6, 8, 3, 1, 1, 1), (2, 7, 5, 70, 3, 2, 1, 1),
      (1, 9, 9, 5, 3, 1, 2, 2), (1, 5, 4, 130, 5, 1, 1, 2),
    ]
    for k in microkernels {
      for (i, c) in cases.enumerated() {
        let activation: Activation = [.relu6, .none, .tanh][i % 3]
        let g = try DepthwiseConv2D(
          input: Shape([c.n, c.h, c.w, c.c]), filter: Shape([1, c.k, c.k, c.c]),
          bias: i % 2 == 0 ? Shape([c.c]) : nil, depthMultiplier: 1, strideH: c.s, strideW: c.s,
          dilationH: c.d, dilationW: c.d,
          padding: Padding2D(top: c.pad, bottom: c.pad, left: c.pad, right: c.pad),
          activation: activation)
        let h = try DepthwiseConv2DHybrid(g, filterScales: scales(i % 2 == 0 ? c.c : 1, &rng))
        XCTAssertTrue(h.hasFastKernel)
        let count = try g.outputShape.elementCount()
        let x = randomFloats(c.n * c.h * c.w * c.c, &rng).enumerated().map {
          $0.offset < c.h * c.w * c.c ? $0.element * 3 : $0.element + 0.4
        }
        let f = int8s(c.k * c.k * c.c, &rng)
        let b = g.hasBias ? randomFloats(c.c, &rng) : []
        func run(_ fast: Bool) -> [Float] {
          var scratch = [UInt32](repeating: 0xdead_beef, count: h.scratch.byteCount / 4 + 1)
          return ternary(x, [], b, count: count) { x, _, b, out in
            f.withUnsafeBufferPointer { f in
              scratch.withUnsafeMutableBytes { s in
                if fast {
                  h.fast(input: x, filter: f, bias: b, output: out, scratch: s, microkernel: k)
                } else {
                  h.reference(input: x, filter: f, bias: b, output: out, scratch: s)
                }
              }
            }
          }
        }
        XCTAssertEqual(run(true).map(\.bitPattern), run(false).map(\.bitPattern), "\(k.name) \(c)")
      }
    }
  }

  func testGroupedConvolutionsAreNotFast() throws {
    let g = try Conv2D(input: Shape([1, 4, 4, 8]), filter: Shape([4, 1, 1, 4]), bias: nil)
    XCTAssertFalse(try Conv2DHybrid(g, filterScales: [0.1]).hasFastKernel)
  }
}
