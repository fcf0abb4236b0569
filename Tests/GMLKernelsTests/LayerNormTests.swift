// GMLKernelsTests/LayerNormTests.swift — LAYER_NORM: float against the formula, int8 within 1 LSB of the correctly rounded result, bad parameters.
import GMLCore
import GMLTestSupport
import XCTest

@testable import GMLKernels

final class LayerNormTests: XCTestCase {
  /// The normalization of each row of `x` in `Double`.
  static func exact(_ x: [Double], depth: Int, gamma: [Float], beta: [Float], epsilon: Float)
    -> [Double]
  {
    var out: [Double] = []
    for row in 0..<(x.count / depth) {
      let values = x[(row * depth)..<((row + 1) * depth)]
      let mean = values.reduce(0, +) / Double(depth)
      let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(depth)
      let inverse = 1 / (variance + Double(epsilon)).squareRoot()
      for (c, v) in values.enumerated() {
        out.append((v - mean) * inverse * Double(gamma[c]) + Double(beta[c]))
      }
    }
    return out
  }

  /// Runs a LAYER_NORM kernel (float or int8) on `x` with `gamma` and `beta`.
  func run<T: Numeric>(
    _ x: [T], _ gamma: [Float], _ beta: [Float],
    _ kernel: (
      UnsafeBufferPointer<T>, UnsafeBufferPointer<Float>, UnsafeBufferPointer<Float>,
      UnsafeMutableBufferPointer<T>
    ) -> Void
  ) -> [T] {
    var out = [T](repeating: 0, count: x.count)
    x.withUnsafeBufferPointer { i in
      gamma.withUnsafeBufferPointer { g in
        beta.withUnsafeBufferPointer { b in
          out.withUnsafeMutableBufferPointer { kernel(i, g, b, $0) }
        }
      }
    }
    return out
  }

  func run(_ p: LayerNorm, _ x: [Float], _ gamma: [Float], _ beta: [Float]) -> [Float] {
    run(x, gamma, beta) { p.reference(input: $0, gamma: $1, beta: $2, output: $3) }
  }

  func run(_ k: LayerNormInt8, _ x: [Int8], _ gamma: [Float], _ beta: [Float]) -> [Int8] {
    run(x, gamma, beta) { k.reference(input: $0, gamma: $1, beta: $2, output: $3) }
  }

  /// Float rows against the formula in `Double`.
  func testFloatMatchesTheFormula() throws {
    var rng = SplitMix64(seed: 11)
    let p = try LayerNorm(input: Shape([2, 3, 24]), epsilon: 1e-3)
    let x = (0..<144).map { _ in Float.random(in: -4...6, using: &rng) }
    let gamma = (0..<24).map { _ in Float.random(in: 0.5...1.5, using: &rng) }
    let beta = (0..<24).map { _ in Float.random(in: -0.5...0.5, using: &rng) }
    let out = run(p, x, gamma, beta)
    let want = Self.exact(x.map(Double.init), depth: 24, gamma: gamma, beta: beta, epsilon: 1e-3)
    for (got, w) in zip(out, want) { XCTAssertEqual(Double(got), w, accuracy: 1e-5) }
  }

  /// int8: every output within 1 LSB of the correctly rounded
  /// normalization of the dequantized input, over random rows, scales,
  /// zero points, gamma and beta; most equal to it.
  func testInt8IsWithinOneStepOfTheCorrectlyRoundedResult() throws {
    var rng = SplitMix64(seed: 12)
    var (differing, total) = (0, 0)
    for trial in 0..<60 {
      let depth = [1, 2, 7, 16, 32, 48, 96][trial % 7]
      let rows = 3
      let p = try LayerNorm(input: Shape([rows, depth]), epsilon: trial % 2 == 0 ? 1e-3 : 1e-6)
      let inScale = Float.random(in: 0.002...0.2, using: &rng)
      let outScale = Float.random(in: 0.005...0.05, using: &rng)
      let (inZero, outZero) = (
        Int32.random(in: -60...60, using: &rng), Int32.random(in: -20...20, using: &rng)
      )
      let k = try LayerNormInt8(
        p, inputScale: inScale, inputZeroPoint: inZero, outputScale: outScale,
        outputZeroPoint: outZero)
      let x = (0..<(rows * depth)).map { _ in Int8.random(in: -128...127, using: &rng) }
      let gamma = (0..<depth).map { _ in Float.random(in: 0.2...2, using: &rng) }
      let beta = (0..<depth).map { _ in Float.random(in: -1...1, using: &rng) }
      let out = run(k, x, gamma, beta)
      let real = x.map { Double(Int32($0) - inZero) * Double(inScale) }
      let want = Self.exact(real, depth: depth, gamma: gamma, beta: beta, epsilon: p.epsilon)
      for (got, w) in zip(out, want) {
        let rounded = min(max((w / Double(outScale)).rounded() + Double(outZero), -128), 127)
        XCTAssertLessThanOrEqual(abs(Double(got) - rounded), 1, "trial \(trial)")
        if Double(got) != rounded { differing += 1 }
        total += 1
      }
    }
    XCTAssertLessThan(Double(differing), 0.01 * Double(total))
  }

  /// A constant row has variance 0: every output is beta (epsilon keeps
  /// the division finite).
  func testConstantRowGivesBeta() throws {
    let p = try LayerNorm(input: Shape([1, 4]), epsilon: 1e-3)
    let k = try LayerNormInt8(
      p, inputScale: 0.1, inputZeroPoint: 3, outputScale: 0.05, outputZeroPoint: -2)
    let out = run(k, [9, 9, 9, 9], [1, 2, 3, 4], [0.5, -0.5, 1, 0])
    XCTAssertEqual(out, [8, -12, 18, -2])
    XCTAssertEqual(run(p, [2, 2, 2, 2], [1, 1, 1, 1], [0.5, -0.5, 1, 0]), [0.5, -0.5, 1, 0])
  }

  func testBadParametersAreRefused() {
    XCTAssertThrowsError(try LayerNorm(input: Shape([]), epsilon: 1e-3))
    XCTAssertThrowsError(try LayerNorm(input: Shape([2, 0]), epsilon: 1e-3))
    XCTAssertThrowsError(try LayerNorm(input: Shape([1, 1 << 21]), epsilon: 1e-3))
    XCTAssertThrowsError(try LayerNorm(input: Shape([2, 3]), epsilon: -1))
    XCTAssertThrowsError(try LayerNorm(input: Shape([2, 3]), epsilon: .nan))
    let p = try? LayerNorm(input: Shape([2, 3]), epsilon: 0)
    XCTAssertNotNil(p)
    guard let p else { return }
    XCTAssertThrowsError(
      try LayerNormInt8(p, inputScale: 0, inputZeroPoint: 0, outputScale: 1, outputZeroPoint: 0))
    XCTAssertThrowsError(
      try LayerNormInt8(p, inputScale: 1, inputZeroPoint: 200, outputScale: 1, outputZeroPoint: 0))
  }
}
