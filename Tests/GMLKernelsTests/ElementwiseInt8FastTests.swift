// GMLKernelsTests/ElementwiseInt8FastTests.swift — ElementwiseInt8.fast (ADD/SUB/MUL) on every microkernel against the reference, byte for byte.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

final class ElementwiseInt8FastTests: XCTestCase {
  /// One random elementwise op: its parameters and operands.
  struct Case: CustomStringConvertible {
    var p: ElementwiseInt8
    var lhs: [Int8]
    var rhs: [Int8]
    var description: String

    var outputCount: Int { p.outputShape.dims.reduce(1, *) }

    /// The reference's output.
    var expected: [Int8] {
      lhs.withUnsafeBufferPointer { a in
        rhs.withUnsafeBufferPointer { b in
          runInt8Kernel(count: outputCount) { p.reference(lhs: a, rhs: b, output: $0) }
        }
      }
    }

    /// `fast` with `microkernel`, into an output of exactly its size
    /// (guard bytes checked).
    func fast(_ microkernel: ElementwiseInt8.Microkernel) -> [Int8]? {
      lhs.withUnsafeBufferPointer { a in
        rhs.withUnsafeBufferPointer { b in
          runFast(
            packedCount: 0, scratchCount: 0, outputCount: outputCount,
            "\(self) \(microkernel.name)", pack: { _ in },
            run: { p.fast(lhs: a, rhs: b, output: $2, microkernel: microkernel) })
        }
      }
    }
  }

  /// A random operand shape for an output of `dims`: the same, or some
  /// dimensions 1 (broadcast), or fewer leading dimensions.
  static func operandShape(_ dims: [Int], _ rng: inout SplitMix64) -> [Int] {
    switch rng.below(4) {
    case 0, 1: return dims
    case 2: return dims.map { rng.below(2) == 0 ? 1 : $0 }
    default: return Array(dims.suffix(rng.below(dims.count + 1)))
    }
  }

  /// A random case: ADD, SUB or MUL; rank 1–5 outputs with extents 1–20
  /// (runs of every length, not multiples of the 8-value step); either
  /// operand broadcast in any dimensions, or a scalar; extreme zero points
  /// and scales; any fused activation; extreme-valued data sometimes. Nil
  /// for parameters `init` refuses (an ADD/SUB output multiplier ≥ 1).
  static func randomCase(_ rng: inout SplitMix64) -> Case? {
    let operation = rng.pick([ElementwiseInt8.Operation.add, .sub, .mul])
    let dims = (0..<(1 + rng.below(5))).map { _ in 1 + rng.below(rng.below(3) == 0 ? 20 : 6) }
    var (lhsDims, rhsDims) = (operandShape(dims, &rng), operandShape(dims, &rng))
    if rng.below(2) == 0 { (lhsDims, rhsDims) = (dims, rhsDims) }
    let zeroPoints = (rng.zeroPoint(), rng.zeroPoint(), rng.zeroPoint())
    let (lhsScale, rhsScale) = (rng.scale(), rng.scale())
    // Output scales near the inputs' (most outputs in range) or anywhere.
    let outScale =
      rng.below(2) == 0
      ? (operation == .mul ? lhsScale * rhsScale * 64 : max(lhsScale, rhsScale))
        * Float(1 << rng.below(4)) / 2
      : rng.scale()
    func make(_ activation: Activation) throws -> ElementwiseInt8 {
      try ElementwiseInt8(
        operation, lhs: Shape(lhsDims), lhsScale: lhsScale, lhsZeroPoint: zeroPoints.0,
        rhs: Shape(rhsDims), rhsScale: rhsScale, rhsZeroPoint: zeroPoints.1,
        outputScale: outScale, outputZeroPoint: zeroPoints.2, activation: activation)
    }
    guard let p = (try? make(rng.activation())) ?? (try? make(.none)) else { return nil }
    let extremes = rng.below(5) == 0
    let lhs = rng.int8s(lhsDims.reduce(1, *), extremes: extremes)
    let rhs = rng.int8s(rhsDims.reduce(1, *), extremes: extremes)
    let description =
      "\(operation)_int8 \(lhsDims) \(rhsDims) → \(p.outputShape.dims) scales \(lhsScale)/\(rhsScale)/"
      + "\(outScale) zp \(zeroPoints) range \(p.activationRange.min)...\(p.activationRange.max)"
    return Case(p: p, lhs: lhs, rhs: rhs, description: description)
  }

  /// The microkernels this CPU runs, and the Cortex-M one, whose C runs
  /// anywhere (portable where the DSP extension and Helium are not).
  static var kernelsToCheck: [ElementwiseInt8.Microkernel] {
    let supported = ElementwiseInt8.microkernels.filter { $0.isSupported }
    let dsp = ElementwiseInt8.microkernelDSP
    return supported.contains { $0.name.utf8Start == dsp.name.utf8Start }
      ? supported : supported + [dsp]
  }

  /// Every microkernel this CPU runs (and the Cortex-M one), on 4000
  /// random ops (and 1000 of them by their linear form, where one is
  /// found).
  func testEveryMicrokernelMatchesTheReference() {
    var rng = SplitMix64(seed: 29)
    let kernels = Self.kernelsToCheck
    XCTAssertFalse(kernels.isEmpty)
    var checked = 0
    for trial in 0..<4000 {
      guard let c = Self.randomCase(&rng) else { continue }
      XCTAssertTrue(c.p.hasFastKernel, c.description)
      let expected = c.expected
      var linear = c
      // Every 4th case by its linear form too, where one is found.
      if trial % 4 == 0 { linear.p.findLinearForm() }
      for (run, name) in [(c, ""), (linear, " linear")]
      where name.isEmpty || run.p.linearForm != nil {
        for k in kernels {
          guard let got = run.fast(k) else { return }
          if !assertSameBytes(got, expected, "\(c) microkernel \(k.name)\(name)") { return }
          checked += 1
        }
      }
    }
    XCTAssertGreaterThan(checked, 4000)
    print("ElementwiseInt8.fast: \(checked) case×microkernel runs byte-equal")
  }

  /// ADD/SUB's linear form, where found, against the reference on every
  /// pair of int8 operands (two runs of 65536 values), for scales as
  /// calibration makes them; and found for most of them.
  func testLinearFormMatchesTheReferenceOnEveryPair() throws {
    var rng = SplitMix64(seed: 41)
    let lhs = (0..<65536).map { Int8(truncatingIfNeeded: $0 >> 8) }
    let rhs = (0..<65536).map { Int8(truncatingIfNeeded: $0) }
    var found = 0
    func unit() -> Float { Float(rng.below(1 << 20)) / Float(1 << 20) }
    for trial in 0..<24 {
      let lhsScale = 0.01 + 0.2 * unit()
      let rhsScale = lhsScale * (0.3 + 2.7 * unit())
      let outScale = max(lhsScale, rhsScale) * (0.5 + 3.5 * unit())
      var p = try ElementwiseInt8(
        trial % 3 == 2 ? .sub : .add, lhs: Shape([65536]), lhsScale: lhsScale,
        lhsZeroPoint: rng.zeroPoint(), rhs: Shape([65536]), rhsScale: rhsScale,
        rhsZeroPoint: rng.zeroPoint(), outputScale: outScale, outputZeroPoint: rng.zeroPoint(),
        activation: trial % 2 == 0 ? .none : .relu)
      p.findLinearForm()
      guard p.linearForm != nil else { continue }
      found += 1
      let c = Case(p: p, lhs: lhs, rhs: rhs, description: "linear \(trial) \(p.linearForm!)")
      for k in Self.kernelsToCheck {
        guard let got = c.fast(k) else { return }
        if !assertSameBytes(got, c.expected, "\(c) \(k.name)") { return }
      }
    }
    XCTAssertGreaterThanOrEqual(found, 20)
  }

  /// Residual-sized ADDs (one run of thousands of values) and a
  /// per-channel broadcast, with the extreme input values.
  func testLongRunsAndPerChannelBroadcast() throws {
    var rng = SplitMix64(seed: 5)
    for (lhs, rhs) in [([1, 24, 24, 8], [1, 24, 24, 8]), ([1, 6, 6, 24], [24]), ([1], [999])] {
      let p = try ElementwiseInt8(
        .add, lhs: Shape(lhs), lhsScale: 0.07, lhsZeroPoint: -2, rhs: Shape(rhs),
        rhsScale: 0.05, rhsZeroPoint: 127, outputScale: 0.09, outputZeroPoint: -128,
        activation: .relu)
      let c = Case(
        p: p, lhs: rng.int8s(lhs.reduce(1, *), extremes: false),
        rhs: rng.int8s(rhs.reduce(1, *), extremes: true), description: "add \(lhs) \(rhs)")
      for k in Self.kernelsToCheck {
        guard let got = c.fast(k) else { return }
        _ = assertSameBytes(got, c.expected, "\(c) \(k.name)")
      }
    }
  }
}
