// GMLKernelsTests/DepthwiseConv2DInt8FastTests.swift — DepthwiseConv2DInt8.fast on every microkernel against the reference, byte for byte.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

final class DepthwiseConv2DInt8FastTests: XCTestCase {
  /// One random depthwise convolution: its parameters and data.
  struct Case: CustomStringConvertible {
    var p: DepthwiseConv2DInt8
    var input: [Int8]
    var filter: [Int8]
    var bias: [Int32]
    var description: String

    var outputCount: Int { p.geometry.outputShape.dims.reduce(1, *) }

    /// The reference's output.
    var expected: [Int8] {
      runInt8Layer(input, filter, bias, count: outputCount) {
        p.reference(input: $0, filter: $1, bias: $2, output: $3)
      }
    }

    /// `fast` with `microkernel`, in buffers of exactly the sizes the
    /// kernel asks for (guard bytes checked): through the padded copy
    /// where the convolution pads (`padded`), else reading the input in
    /// place, the border pixels with a pointer per tap.
    func fast(_ microkernel: DepthwiseConv2DInt8.Microkernel, padded: Bool) -> [Int8]? {
      input.withUnsafeBufferPointer { x in
        filter.withUnsafeBufferPointer { f in
          bias.withUnsafeBufferPointer { b in
            runFast(
              packedCount: p.packedByteCount,
              scratchCount: padded ? p.fastScratchByteCount(microkernel) : 0,
              outputCount: outputCount, "\(self) \(microkernel.name) padded \(padded)",
              pack: { p.pack(filter: f, bias: b, into: $0) },
              run: {
                if padded {
                  p.fast(input: x, packed: $0, scratch: $1, output: $2, microkernel: microkernel)
                } else {
                  p.fast(
                    input: x, packed: $0, copy: UnsafeRawBufferPointer(start: nil, count: 0),
                    output: $2, microkernel: microkernel,
                    rows: 0..<p.geometry.batches * p.geometry.outputH)
                }
              })
          }
        }
      }
    }
  }

  /// A random case: 1–10 rows of 1–24 pixels; 3×3 half the time, else
  /// 1×1 to 5×5; strides 1–3, dilation 1–2 sometimes, SAME/VALID/explicit
  /// padding (windows entirely in the padding too); 1–70 channels (mostly
  /// not multiples of the 8-channel step); extreme zero points and scales;
  /// per-channel or per-tensor; with or without bias; any fused
  /// activation; extreme-valued data sometimes.
  static func randomCase(_ rng: inout SplitMix64, depthMultiplier: Int = 1) throws -> Case {
    let batches = 1 + rng.below(2)
    // Rows up to 24 wide a quarter of the time: runs long enough for the
    // driver's step mode (6 or more pixels inside the image on x86-64).
    let (h, w) = (1 + rng.below(10), rng.below(4) == 0 ? 10 + rng.below(15) : 1 + rng.below(10))
    let depth = 1 + rng.below(70)
    let channels = depth * depthMultiplier
    let (kh, kw) = rng.below(2) == 0 ? (3, 3) : (1 + rng.below(5), 1 + rng.below(5))
    let (sh, sw) = (1 + rng.below(3), 1 + rng.below(3))
    let (dh, dw) = rng.below(4) == 0 ? (1 + rng.below(2), 1 + rng.below(2)) : (1, 1)
    var (padding, paddingName) = (Padding2D.zero, "valid")
    switch rng.below(3) {
    case 0:
      padding = Padding2D.same(
        inputH: h, inputW: w, filterH: kh, filterW: kw, strideH: sh, strideW: sw,
        dilationH: dh, dilationW: dw)
      paddingName = "same"
    case 1:
      padding = Padding2D(
        top: rng.below(4), bottom: rng.below(4), left: rng.below(4), right: rng.below(4))
      paddingName = "explicit"
    default: break
    }
    if (h + padding.top + padding.bottom) < (kh - 1) * dh + 1
      || (w + padding.left + padding.right) < (kw - 1) * dw + 1
    {
      padding = Padding2D(top: kh * dh, bottom: 0, left: kw * dw, right: 0)
      paddingName = "explicit"
    }
    let hasBias = rng.below(4) != 0
    let perChannel = rng.below(3) != 0
    let filterScales = (0..<(perChannel ? channels : 1)).map { _ in rng.scale() }
    let (inZero, outZero) = (rng.zeroPoint(), rng.zeroPoint())
    let inScale = rng.scale()
    let outScale =
      rng.below(2) == 0
      ? rng.outputScale(inputScale: inScale, weightScale: filterScales[0], depth: kh * kw)
      : rng.scale()
    func make(_ activation: Activation) throws -> DepthwiseConv2DInt8 {
      let g = try DepthwiseConv2D(
        input: Shape([batches, h, w, depth]), filter: Shape([1, kh, kw, channels]),
        bias: hasBias ? Shape([channels]) : nil, depthMultiplier: depthMultiplier,
        strideH: sh, strideW: sw, dilationH: dh, dilationW: dw, padding: padding,
        activation: activation)
      return try DepthwiseConv2DInt8(
        g, inputScale: inScale, inputZeroPoint: inZero, filterScales: filterScales,
        outputScale: outScale, outputZeroPoint: outZero)
    }
    // An activation bound outside Int32 at a tiny scale is refused: none then.
    let p = try (try? make(rng.activation())) ?? make(.none)
    let extremes = rng.below(5) == 0
    let input = rng.int8s(batches * h * w * depth, extremes: extremes)
    let filter = rng.int8s(kh * kw * channels, extremes: extremes)
    let bias = hasBias ? rng.biases(channels) : []
    let description =
      "depthwise_conv2d_int8_\(batches)x\(h)x\(w)x\(depth)_m\(depthMultiplier)_k\(kh)x\(kw)"
      + "_s\(sh)x\(sw)_d\(dh)x\(dw)_\(paddingName) zp \(inZero)/\(outZero)"
      + " \(p.geometry.activation) \(perChannel ? "per-channel" : "per-tensor")"
      + (hasBias ? "" : " no bias")
    return Case(p: p, input: input, filter: filter, bias: bias, description: description)
  }

  /// Every microkernel this CPU runs that handles the filter, on 1500
  /// random convolutions.
  func testEveryMicrokernelMatchesTheReference() throws {
    var rng = SplitMix64(seed: 17)
    let kernels = DepthwiseConv2DInt8.microkernels.filter { $0.isSupported }
    XCTAssertFalse(kernels.isEmpty)
    var checked = 0
    for _ in 0..<1500 {
      let c = try Self.randomCase(&rng)
      XCTAssertTrue(c.p.hasFastKernel, c.description)
      let expected = c.expected
      for k in kernels where k.handles(taps: c.p.geometry.filterH * c.p.geometry.filterW) {
        for padded in c.p.readsPaddedCopy(k) ? [true, false] : [false] {
          guard let got = c.fast(k, padded: padded) else { return }
          if !assertSameBytes(got, expected, "\(c) microkernel \(k.name) padded \(padded)") {
            return
          }
          checked += 1
        }
      }
    }
    print("DepthwiseConv2DInt8.fast: \(checked) case×microkernel runs byte-equal")
  }

  /// Every tier this CPU runs picks a supported microkernel that handles
  /// the filter: the unrolled 3×3 one for 3×3 where the tier has one.
  func testPreferredHandlesTheFilter() {
    for kernels in supportedKernelSets {
      for taps in [1, 4, 9, 25, 128] {
        let k = kernels.depthwise(taps: taps)
        XCTAssertTrue(k.isSupported && k.handles(taps: taps), "\(taps) taps: \(k.name)")
      }
      XCTAssertEqual(kernels.depthwise(taps: 9).taps, kernels.tier == .portable ? nil : 9)
    }
  }

  /// Depth multipliers above 1 and filters of more than 128 taps have no
  /// fast kernel: the runtime keeps the reference for them.
  func testNoFastKernelForDepthMultiplierOrHugeFilters() throws {
    var rng = SplitMix64(seed: 3)
    XCTAssertFalse(try Self.randomCase(&rng, depthMultiplier: 2).p.hasFastKernel)
    let g = try DepthwiseConv2D(
      input: Shape([1, 12, 12, 3]), filter: Shape([1, 12, 11, 3]), bias: nil, depthMultiplier: 1)
    let p = try DepthwiseConv2DInt8(
      g, inputScale: 0.1, inputZeroPoint: 0, filterScales: [0.1], outputScale: 0.1,
      outputZeroPoint: 0)
    XCTAssertFalse(p.hasFastKernel)
  }
}
