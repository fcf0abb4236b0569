// GMLRuntimeTests/FastKernelTests.swift — the interpreter on fast kernels: same bytes as the reference kernels, packed weights in the arena.
import Foundation
import GMLCore
import GMLFormat
import GMLKernels
import GMLRuntime
import GMLTestSupport
import XCTest

final class FastKernelTests: XCTestCase {
  /// What one run gave: the first output's bytes and how it ran.
  struct Run {
    var output: [UInt8]
    var fastOperators: [Int]
    var arenaSize: Int
  }

  /// Runs `bytes` on `feeds` with `kernels`, capped at tier `isa`.
  func run(
    _ bytes: [UInt8], _ feeds: [[UInt8]], _ kernels: Interpreter.Options.Kernels,
    isa: ISATier? = nil
  ) throws -> Run {
    try bytes.withUnsafeBytes { raw in
      let model = try Model(verifying: raw)
      var interpreter = try Interpreter(model: model, options: .init(kernels: kernels, isa: isa))
      if kernels == .fast, let isa { XCTAssertEqual(interpreter.isa, ISATier.selected(cap: isa)) }
      for (k, feed) in feeds.enumerated() { try interpreter.copyInput(feed, at: k) }
      try interpreter.invoke()
      return Run(
        output: interpreter.copyOutput(at: 0), fastOperators: interpreter.fastOperators,
        arenaSize: interpreter.arenaSize)
    }
  }

  /// The ISA tiers this CPU runs (each a cap for `Options.isa`), best first.
  static var tiers: [ISATier] { ISATier.chain.filter { $0.isSupported } }

  /// Every CONV_2D, FULLY_CONNECTED and TRANSPOSE_CONV case of LiteRT's
  /// int8 fixtures, on
  /// the reference kernels and the fast ones of every tier this CPU runs:
  /// each gives LiteRT's bytes, and every case with constant weights (and
  /// no weight zero point) runs the fast kernel where the tier packs.
  func testLiteRTFixturesOnBothKernels() throws {
    let all =
      try LiteRTFixture.all() + LiteRTFixture.all(in: [LiteRTFixture.edgeFolder])
    let cases = all.filter { ["CONV_2D", "FULLY_CONNECTED", "TRANSPOSE_CONV"].contains($0.op) }
    XCTAssertGreaterThanOrEqual(cases.count, 60)
    var fast = 0
    for fixture in cases {
      let bytes = ModelWriter.write(try fixture.model())
      let expected = try fixture.outputs[0].bytes()
      let feeds = try fixture.inputs.compactMap { $0 }.filter { !$0.const }.map { try $0.bytes() }
      let f = try run(bytes, feeds, .fast)
      let r = try run(bytes, feeds, .reference)
      XCTAssertEqual(f.output, expected, "\(fixture.name): fast kernel")
      for tier in Self.tiers {
        XCTAssertEqual(
          try run(bytes, feeds, .fast, isa: tier).output, expected, "\(fixture.name): \(tier.name)")
      }
      XCTAssertEqual(r.output, expected, "\(fixture.name): reference kernel")
      XCTAssertEqual(r.fastOperators, [], fixture.name)
      let weightsConstant = fixture.inputs[1]?.const ?? false
      let weightZeroPoint = fixture.inputs[1]?.zeroPoints.contains { $0 != 0 } ?? false
      if weightsConstant && !weightZeroPoint {
        XCTAssertEqual(f.fastOperators, [0], "\(fixture.name) should run the fast kernel")
        XCTAssertGreaterThan(f.arenaSize, r.arenaSize, fixture.name)
      }
      fast += f.fastOperators.count
    }
    print(
      "fast kernels: \(fast) of \(cases.count) LiteRT CONV_2D/FULLY_CONNECTED/TRANSPOSE_CONV cases")
  }

  /// TRANSPOSE_CONV on random shapes, strides 1 to 3, filters 1×1 to 5×4,
  /// SAME and VALID, with and without bias and ReLU: its spread
  /// convolution on every tier gives the reference kernel's bytes.
  func testTransposeConvMatchesReferenceOnEveryTier() throws {
    var rng = SplitMix64(seed: 17)
    func between(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(rng.next() % UInt64(r.count)) }
    func int8s(_ n: Int) -> [Int8] { (0..<n).map { _ in Int8(truncatingIfNeeded: rng.next()) } }
    for trial in 0..<24 {
      let (h, w, inDepth, outDepth) = (
        between(1...6), between(1...6), between(1...12), between(1...20)
      )
      let (kh, kw, s) = (between(1...5), between(1...4), between(1...3))
      let same = trial % 2 == 0
      let (oh, ow) = same ? (h * s, w * s) : ((h - 1) * s + kh, (w - 1) * s + kw)
      var m = TestModel()
      let x = m.quantized(
        "x", [1, h, w, inDepth].map { Int32($0) }, scale: 0.03, zeroPoint: Int64(between(-20...20)))
      let f = m.int8Constant(
        "f", [outDepth, kh, kw, inDepth].map { Int32($0) }, int8s(outDepth * kh * kw * inDepth),
        scales: (0..<outDepth).map { 0.002 + Float($0) * 0.0005 })
      var inputs = [x, f]
      if trial % 3 != 0 {
        inputs.append(
          m.int32Constant(
            "b", [Int32(outDepth)], (0..<outDepth).map { _ in Int32(between(-2000...2000)) },
            scales: (0..<outDepth).map { 0.03 * (0.002 + Float($0) * 0.0005) }))
      }
      let y = m.quantized("y", [1, oh, ow, outDepth].map { Int32($0) }, scale: 0.08, zeroPoint: -5)
      let window = Window2D(padding: same ? .same : .valid, strideH: Int32(s), strideW: Int32(s))
      m.op(
        .transposeConv, inputs, [y],
        .conv2D(Conv2DOptions(window: window, activation: trial % 4 == 1 ? .relu : .none)))
      m.inputs = [x]
      m.outputs = [y]
      let feed = int8s(h * w * inDepth).map { UInt8(bitPattern: $0) }
      let reference = try run(m.bytes, [feed], .reference).output
      for tier in Self.tiers {
        let fast = try run(m.bytes, [feed], .fast, isa: tier)
        XCTAssertEqual(
          fast.output, reference,
          "trial \(trial) (\(h)x\(w)x\(inDepth) k\(kh)x\(kw) s\(s)), \(tier.name)")
      }
      XCTAssertEqual(
        try run(m.bytes, [feed], .fast).fastOperators, GEMMInt8.isSIMDArchitecture ? [0] : [])
    }
  }

  /// A graph of two convolutions (3×3 stride 2 SAME, then 1×1 in place)
  /// and a dense layer on random data: both kernels give the same bytes,
  /// all three ops run fast, and the arena grows by the packed weights.
  func testConvolutionChainMatchesReference() throws {
    var rng = SplitMix64(seed: 3)
    func int8s(_ n: Int) -> [Int8] { (0..<n).map { _ in Int8(truncatingIfNeeded: rng.next()) } }
    var m = TestModel()
    let x = m.quantized("x", [1, 9, 7, 3], scale: 0.02, zeroPoint: -128)
    let f1 = m.int8Constant("f1", [17, 3, 3, 3], int8s(17 * 27), scales: [0.01])
    let b1 = m.int32Constant("b1", [17], (0..<17).map { Int32($0 * 97 - 800) }, scales: [2e-4])
    let h1 = m.quantized("h1", [1, 5, 4, 17], scale: 0.05, zeroPoint: 3)
    let f2 = m.int8Constant(
      "f2", [8, 1, 1, 17], int8s(8 * 17), scales: (0..<8).map { 0.004 + Float($0) * 0.001 })
    let h2 = m.quantized("h2", [1, 5, 4, 8], scale: 0.06, zeroPoint: -20)
    let w = m.int8Constant("w", [5, 160], int8s(5 * 160), scales: [0.003])
    let b3 = m.int32Constant("b3", [5], [1, -2, 3, -4, 5], scales: [1.8e-4])
    let y = m.quantized("y", [1, 5], scale: 0.1, zeroPoint: 0)
    let same = Window2D(padding: .same, strideH: 2, strideW: 2)
    m.op(.conv2D, [x, f1, b1], [h1], .conv2D(Conv2DOptions(window: same, activation: .relu)))
    m.op(.conv2D, [h1, f2], [h2], .conv2D(Conv2DOptions(window: Window2D(padding: .valid))))
    m.op(.fullyConnected, [h2, w, b3], [y], .fullyConnected(activation: .none, keepNumDims: false))
    m.inputs = [x]
    m.outputs = [y]
    let input = int8s(9 * 7 * 3).map { UInt8(bitPattern: $0) }
    let f = try run(m.bytes, [input], .fast)
    let r = try run(m.bytes, [input], .reference)
    XCTAssertEqual(f.output, r.output)
    XCTAssertEqual(f.fastOperators, [0, 1, 2])
    XCTAssertGreaterThan(f.arenaSize, r.arenaSize)
  }

  /// Weights that are a graph input (not constant) keep the reference.
  func testNonConstantWeightsKeepTheReferenceKernel() throws {
    var m = TestModel()
    let x = m.quantized("x", [2, 8], scale: 0.1, zeroPoint: 1)
    let w = m.tensor("w", [3, 8], .int8)
    m.tensors[Int(w)].quantization = QuantizationDefinition(scales: [0.02], zeroPoints: [0])
    let y = m.quantized("y", [2, 3], scale: 0.05, zeroPoint: -1)
    m.op(.fullyConnected, [x, w], [y], .fullyConnected(activation: .none, keepNumDims: false))
    m.inputs = [x, w]
    m.outputs = [y]
    let xs: [UInt8] = (0..<16).map { UInt8(truncatingIfNeeded: $0 * 7) }
    let ws: [UInt8] = (0..<24).map { UInt8(truncatingIfNeeded: $0 * 13) }
    let feeds = [xs, ws]
    let f = try run(m.bytes, feeds, .fast)
    XCTAssertEqual(f.fastOperators, [])
    XCTAssertEqual(f.output, try run(m.bytes, feeds, .reference).output)
  }
}
