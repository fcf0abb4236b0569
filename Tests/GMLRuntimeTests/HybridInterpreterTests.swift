// GMLRuntimeTests/HybridInterpreterTests.swift — dynamic-range and float16 models through the Interpreter against their float originals.
import GMLConverter
import GMLCore
import GMLFormat
import GMLRuntime
import GMLTestSupport
import XCTest

/// Tolerance, relative to the largest |output| (at least 1): the dynamic
/// (hybrid) path is within 2e-2 of float (8-bit weights and 8-bit
/// on-the-fly inputs; 4e-2 for the depthwise model, whose FC sums 150
/// quantized products), float16 within 2e-3.
final class HybridInterpreterTests: XCTestCase {
  /// x [1,5,5,3] → DEPTHWISE 3x3 ×2 SAME (relu) → reshape → FC 150→5.
  static func depthwise(seed: UInt64) -> TestModel {
    var rng = SplitMix64(seed: seed)
    func random(_ n: Int) -> [Float] {
      (0..<n).map { _ in Float(rng.next() >> 40) / Float(1 << 23) - 1 }
    }
    var m = TestModel()
    let x = m.tensor("x", [1, 5, 5, 3])
    let w = m.constant("dw.w", [1, 3, 3, 6], random(54))
    let b = m.constant("dw.b", [6], random(6))
    let d = m.tensor("dw", [1, 5, 5, 6])
    let flat = m.tensor("flat", [1, 150])
    let fcW = m.constant("fc.w", [5, 150], random(750))
    let out = m.tensor("out", [1, 5])
    var o = DepthwiseConv2DOptions(window: Window2D(padding: .same))
    o.depthMultiplier = 2
    o.activation = .relu
    m.op(.depthwiseConv2D, [x, w, b], [d], .depthwiseConv2D(o))
    m.op(.reshape, [d], [flat], .reshape(newShape: [1, -1]))
    m.op(.fullyConnected, [flat, fcW], [out])
    m.inputs = [x]
    m.outputs = [out]
    return m
  }

  private func compare(
    _ model: TestModel, inputCount: Int, mode: WeightQuantizationMode, tolerance: Float,
    file: StaticString = #filePath, line: UInt = #line
  ) throws {
    var rng = SplitMix64(seed: 7)
    let quantized = try WeightQuantizer.apply(model.definition, mode: mode)
    let bytes = ModelWriter.write(quantized)
    XCTAssertLessThan(bytes.count, model.bytes.count, "quantized model is smaller")
    for _ in 0..<4 {
      let x = (0..<inputCount).map { _ in Float(rng.next() >> 40) / Float(1 << 22) - 2 }
      let expected = try runModel(model.bytes, [x])[0]
      let actual = try runModel(bytes, [x])[0]
      let range = expected.reduce(Float(1)) { max($0, abs($1)) }
      assertClose(actual, expected, tolerance: tolerance * range, file: file, line: line)
    }
  }

  func testDynamicChainMatchesFloat() throws {
    try compare(InterpreterTests.chain().model, inputCount: 72, mode: .dynamic, tolerance: 2e-2)
  }

  func testDynamicDepthwiseMatchesFloat() throws {
    try compare(Self.depthwise(seed: 3), inputCount: 75, mode: .dynamic, tolerance: 4e-2)
  }

  func testFloat16ChainMatchesFloat() throws {
    try compare(InterpreterTests.chain().model, inputCount: 72, mode: .float16, tolerance: 2e-3)
  }

  func testFloat16DepthwiseMatchesFloat() throws {
    try compare(Self.depthwise(seed: 4), inputCount: 75, mode: .float16, tolerance: 2e-3)
  }

  /// Float16 constants live in the arena (dequantized at init), and the
  /// hybrid scratch too: the arena grows by their float32 size (all on
  /// the reference kernels: the float model's fast Conv2D has a scratch
  /// of its own).
  func testArenaHoldsFloat16ConstantsAndScratch() throws {
    let model = InterpreterTests.chain().model
    let reference = Interpreter.Options(kernels: .reference)
    let plain = try withInterpreter(model.bytes, options: reference) { $0.arenaSize }
    let f16 = ModelWriter.write(try WeightQuantizer.apply(model.definition, mode: .float16))
    let f16Arena = try withInterpreter(f16, options: reference) { $0.arenaSize }
    // conv.w 54 + conv.b 3 + fc.w 108 + fc.b 4 floats, each 16-aligned.
    XCTAssertGreaterThanOrEqual(f16Arena, plain + (54 + 3 + 108 + 4) * 4)
    let dyn = ModelWriter.write(try WeightQuantizer.apply(model.definition, mode: .dynamic))
    let dynArena = try withInterpreter(dyn, options: reference) { $0.arenaSize }
    // Scratch for the conv's input: 1 scale + 1 zero point + 72 int8.
    XCTAssertGreaterThanOrEqual(dynArena, plain + 8 + 72)
  }

  /// A float16 activation (not a constant) still has no kernel.
  func testFloat16ActivationIsRejected() {
    var m = TestModel()
    let x = m.tensor("x", [1, 4], .float16)
    let y = m.tensor("y", [1, 4], .float16)
    m.op(.relu, [x], [y])
    m.inputs = [x]
    m.outputs = [y]
    XCTAssertEqual(prepareError(m.bytes)?.kind, .unsupportedType)
  }
}
