// GMLRuntimeTests/FuzzRegressionTests.swift — the inputs the `model` fuzz target crashed on (tools/fuzz.sh), now refused or run.
import Foundation
import GMLCore
import GMLFormat
import GMLRuntime
import XCTest

/// Each file in `Fixtures/fuzz` is a `.gml` file exactly as libFuzzer
/// wrote it (`Tests/Fuzz/README.md`): verifying, preparing and running it
/// trapped; now it gets a clear error, or runs.
final class FuzzRegressionTests: XCTestCase {
  private static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/fuzz")

  private func fixture(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent(name)))
  }

  /// A RESHAPE whose `new_shape` multiplies past Int.max before a
  /// negative entry overflowed in `Reshape.resolve`; the entry is now
  /// reached and refused.
  func testReshapeNewShapeOverflowingIntIsRefused() throws {
    XCTAssertEqual(
      prepareError(try fixture("reshape-new-shape-overflow.gml")),
      GMLError(.invalidArgument, at: .op(4), "Reshape shape has a negative entry"))
  }

  /// A CONV_2D whose input has depth 0: the grouped convolution's check
  /// divided by `depth / filterDepth`, 0 (`Conv2D.init`).
  func testConv2DOfZeroInputDepthIsRefused() throws {
    let error = prepareError(try fixture("conv2d-zero-input-depth.gml"))
    XCTAssertEqual(error?.kind, .shapeMismatch, "\(String(describing: error))")
  }

  /// A PAD whose output has more elements than Int can count overflowed
  /// in its strides (`Pad.init`).
  func testPadOutputOverflowingIntIsALimit() throws {
    XCTAssertEqual(
      prepareError(try fixture("pad-output-overflow.gml")),
      GMLError(.limitExceeded, at: .op(11), "element count too large"))
  }

  /// An int8 model (`samples/embedded/ops`) whose LEAKY_RELU output scale
  /// was mutated to 2.4e-24: the saturated multiplier overflowed
  /// `zp_out + M(q − zp_in)` at invoke (`LeakyReluInt8`). It now wraps as
  /// LiteRT does, and the model runs on the fuzz target's input.
  func testLeakyReluWithSaturatedMultiplierRuns() throws {
    try withInterpreter(try fixture("leaky-relu-saturated-multiplier.gml")) { interpreter in
      try interpreter.copyInput(fuzzInput(interpreter.inputInfo(at: 0).byteCount), at: 0)
      try interpreter.invoke()
      XCTAssertEqual(try interpreter.copyOutputFloats(at: 0).count, 10)
    }
  }

  /// The dynamic-range model (`samples/embedded/ops`) trapped in the
  /// hybrid kernels' input quantizer on NaN and infinite inputs
  /// (`AsymmetricQuantizeInt8`); it now runs, as LiteRT's x86-64 build does.
  func testDynamicRangeModelRunsOnNaNAndInfinity() throws {
    try withInterpreter(try fixture("dynamic-range-ops.gml")) { interpreter in
      let count = interpreter.inputInfo(at: 0).shape.dims.reduce(1, *)
      let special: [Float] = [.nan, .infinity, -.infinity, 1, -.greatestFiniteMagnitude]
      try interpreter.copyInput((0..<count).map { special[$0 % special.count] }, at: 0)
      try interpreter.invoke()
      XCTAssertEqual(try interpreter.copyOutputFloats(at: 0).count, 10)
    }
  }

  /// The int8 `fused_lstm` model with a weight scale mutated so that a
  /// gate's recurrent multiplier saturates: its requantized sum plus the
  /// input part overflowed Int32 (`SequenceLSTMInt8.reference`). It now
  /// wraps as LiteRT does, on the reference and on the fast step alike.
  func testLSTMWithSaturatedMultiplierRuns() throws {
    let bytes = try fixture("lstm-saturated-multiplier.gml")
    var outputs: [[UInt8]] = []
    for kernels: Interpreter.Options.Kernels in [.reference, .fast] {
      try withInterpreter(bytes, options: Interpreter.Options(kernels: kernels)) { interpreter in
        try interpreter.copyInput(fuzzInput(interpreter.inputInfo(at: 0).byteCount), at: 0)
        try interpreter.invoke()
        outputs.append(interpreter.copyOutput(at: 0))
      }
    }
    XCTAssertEqual(outputs.first?.count, 4)
    XCTAssertEqual(outputs.first, outputs.last)
  }

  /// The bytes the `model` fuzz target gives a graph's first input
  /// (`fuzzInvoke` in `Tests/Fuzz/Support/FuzzModelRun.swift`).
  private func fuzzInput(_ count: Int) -> [UInt8] {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    return (0..<count).map { _ in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return UInt8(truncatingIfNeeded: state >> 56)
    }
  }
}
