// GMLRuntimeTests/FastKernelTests+Depthwise.swift — the interpreter's fast DepthwiseConv2D, ADD/SUB/MUL, pooling and MEAN: LiteRT's bytes on both kernels.
import GMLCore
import GMLFormat
import GMLRuntime
import GMLTestSupport
import XCTest

extension FastKernelTests {
  /// Every DEPTHWISE_CONV_2D, ADD, SUB, MUL, MAX_POOL_2D,
  /// AVERAGE_POOL_2D and MEAN case of LiteRT's int8 fixtures, on both
  /// kernels: each gives LiteRT's bytes; every depthwise case with a
  /// constant filter and depth multiplier 1, and every elementwise and
  /// pooling case, runs its fast kernel.
  func testLiteRTDepthwiseAndElementwiseFixturesOnBothKernels() throws {
    let all = try LiteRTFixture.all() + LiteRTFixture.all(in: [LiteRTFixture.edgeFolder])
    let ops: Set = [
      "DEPTHWISE_CONV_2D", "ADD", "SUB", "MUL", "MAX_POOL_2D", "AVERAGE_POOL_2D", "MEAN",
    ]
    let cases = all.filter { ops.contains($0.op) }
    XCTAssertGreaterThanOrEqual(cases.count, 80)
    var fast = 0
    for fixture in cases {
      let bytes = ModelWriter.write(try fixture.model())
      let expected = try fixture.outputs[0].bytes()
      let feeds = try fixture.inputs.compactMap { $0 }.filter { !$0.const }.map { try $0.bytes() }
      let f = try run(bytes, feeds, .fast)
      let r = try run(bytes, feeds, .reference)
      XCTAssertEqual(f.output, expected, "\(fixture.name): fast kernel")
      XCTAssertEqual(r.output, expected, "\(fixture.name): reference kernel")
      XCTAssertEqual(r.fastOperators, [], fixture.name)
      if fixture.op == "MEAN" {
        // Fast only with the innermost axis kept (MeanInt8.hasFastKernel).
      } else if fixture.op != "DEPTHWISE_CONV_2D" {
        XCTAssertEqual(f.fastOperators, [0], "\(fixture.name) should run the fast kernel")
      } else if fixture.inputs[1]?.const ?? false, fixture.name.contains("_m1_") {
        XCTAssertEqual(f.fastOperators, [0], "\(fixture.name) should run the fast kernel")
        XCTAssertGreaterThan(f.arenaSize, r.arenaSize, fixture.name)
      }
      fast += f.fastOperators.count
    }
    print("fast kernels: \(fast) of \(cases.count) LiteRT depthwise/elementwise/pool/mean cases")
  }

  /// A MobileNetV2-style block on random data — 3×3 depthwise stride 1
  /// SAME with 20 channels, a 1×1 projection, then the residual ADD —
  /// gives the same bytes on both kernels, every op on a fast one.
  func testDepthwiseResidualBlockMatchesReference() throws {
    var rng = SplitMix64(seed: 11)
    func int8s(_ n: Int) -> [Int8] { (0..<n).map { _ in Int8(truncatingIfNeeded: rng.next()) } }
    var m = TestModel()
    let x = m.quantized("x", [1, 7, 9, 20], scale: 0.03, zeroPoint: -128)
    let f1 = m.int8Constant(
      "f1", [1, 3, 3, 20], int8s(9 * 20), scales: (0..<20).map { 0.002 + Float($0) * 3e-4 },
      axis: 3)
    let b1 = m.int32Constant("b1", [20], (0..<20).map { Int32($0 * 131 - 1200) }, scales: [6e-5])
    let h1 = m.quantized("h1", [1, 7, 9, 20], scale: 0.02, zeroPoint: -128)
    let f2 = m.int8Constant("f2", [20, 1, 1, 20], int8s(400), scales: [0.004])
    let h2 = m.quantized("h2", [1, 7, 9, 20], scale: 0.05, zeroPoint: 5)
    let y = m.quantized("y", [1, 7, 9, 20], scale: 0.06, zeroPoint: -3)
    let dw = DepthwiseConv2DOptions(window: Window2D(padding: .same), activation: .relu6)
    m.op(.depthwiseConv2D, [x, f1, b1], [h1], .depthwiseConv2D(dw))
    m.op(.conv2D, [h1, f2], [h2], .conv2D(Conv2DOptions(window: Window2D(padding: .valid))))
    m.op(.add, [h2, x], [y], .elementwise(activation: .none))
    m.inputs = [x]
    m.outputs = [y]
    let input = int8s(7 * 9 * 20).map { UInt8(bitPattern: $0) }
    let f = try run(m.bytes, [input], .fast)
    let r = try run(m.bytes, [input], .reference)
    XCTAssertEqual(f.output, r.output)
    XCTAssertEqual(f.fastOperators, [0, 1, 2])
  }
}
