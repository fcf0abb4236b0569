// GMLKernelsTests/KernelTestSupport+Fast.swift — running fast int8 kernels with guard bytes, random quantization for the sweeps.
import GMLKernels
import GMLTestSupport
import XCTest

/// Bytes past each buffer a fast kernel gets, checked untouched afterwards.
let guardBytes = 64
let guardValue: UInt8 = 0xA5

/// A raw buffer of `count` bytes plus guard bytes, filled with the guard value.
func guarded(_ count: Int) -> UnsafeMutableRawBufferPointer {
  let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: count + guardBytes, alignment: 16)
  raw.initializeMemory(as: UInt8.self, repeating: guardValue)
  return raw
}

/// Whether the guard bytes after the first `count` bytes are intact.
func guardIntact(_ raw: UnsafeMutableRawBufferPointer, _ count: Int) -> Bool {
  raw[count...].allSatisfy { $0 == guardValue }
}

/// Runs a fast kernel: packs into a `packedCount`-byte buffer, then runs
/// with exactly `scratchCount` bytes of scratch and `outputCount` output
/// bytes. Returns the output, or nil (after failing) when a guard byte of
/// any buffer changed.
func runFast(
  packedCount: Int, scratchCount: Int, outputCount: Int, _ message: @autoclosure () -> String,
  pack: (UnsafeMutableRawBufferPointer) -> Void,
  run: (UnsafeRawBufferPointer, UnsafeMutableRawBufferPointer, UnsafeMutableBufferPointer<Int8>)
    -> Void,
  file: StaticString = #filePath, line: UInt = #line
) -> [Int8]? {
  let packed = guarded(packedCount)
  let scratch = guarded(scratchCount)
  let output = guarded(outputCount)
  defer {
    packed.deallocate()
    scratch.deallocate()
    output.deallocate()
  }
  let packedView = UnsafeMutableRawBufferPointer(rebasing: packed[0..<packedCount])
  pack(packedView)
  guard guardIntact(packed, packedCount) else {
    XCTFail("\(message()): pack wrote past its buffer", file: file, line: line)
    return nil
  }
  let out = UnsafeMutableBufferPointer(
    start: output.baseAddress?.assumingMemoryBound(to: Int8.self), count: outputCount)
  run(
    UnsafeRawBufferPointer(packedView),
    UnsafeMutableRawBufferPointer(rebasing: scratch[0..<scratchCount]), out)
  guard guardIntact(scratch, scratchCount), guardIntact(output, outputCount) else {
    XCTFail("\(message()): the kernel wrote past its scratch or output", file: file, line: line)
    return nil
  }
  return Array(out)
}

/// Checks byte equality, naming the first differing element and the count.
func assertSameBytes(
  _ actual: [Int8], _ expected: [Int8], _ message: @autoclosure () -> String,
  file: StaticString = #filePath, line: UInt = #line
) -> Bool {
  if actual == expected { return true }
  guard actual.count == expected.count else {
    XCTFail(
      "\(message()): \(actual.count) values, expected \(expected.count)", file: file, line: line)
    return false
  }
  let differing = actual.indices.filter { actual[$0] != expected[$0] }
  let i = differing[0]
  XCTFail(
    "\(message()): element \(i) is \(actual[i]), reference \(expected[i]); "
      + "\(differing.count) of \(actual.count) differ", file: file, line: line)
  return false
}

extension SplitMix64 {
  /// A value in `0..<n`.
  mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

  /// One of `values`.
  mutating func pick<T>(_ values: [T]) -> T { values[below(values.count)] }

  /// A zero point: the extremes and 0 often, else any int8.
  mutating func zeroPoint() -> Int32 {
    pick([-128, 127, 0, Int32(below(256)) - 128])
  }

  /// A positive scale from 2^-24 to 2^8, log-uniform, sometimes exactly a
  /// power of two (ties in the requantization).
  mutating func scale() -> Float {
    let exponent = Float(below(33)) - 24
    let mantissa: Float = below(4) == 0 ? 1 : 1 + Float(below(1 << 20)) / Float(1 << 20)
    return mantissa * Float(sign: .plus, exponent: Int(exponent), significand: 1)
  }

  /// An output scale that maps sums of `depth` products of
  /// `inputScale`- and `weightScale`-scaled int8 values onto the int8
  /// range (within a factor of 4 either way): most outputs then fall
  /// inside the clamp, and the requantization's rounding decides them.
  mutating func outputScale(inputScale: Float, weightScale: Float, depth: Int) -> Float {
    let typicalSum = 64 * 64 * Float(depth).squareRoot()
    let jitter = Float(1 << below(5)) / 4
    return inputScale * weightScale * typicalSum / 64 * jitter
  }

  /// `n` int8 values: uniform, or only the extremes -128 and 127.
  mutating func int8s(_ n: Int, extremes: Bool) -> [Int8] {
    (0..<n).map { _ in extremes ? (next() & 1 == 0 ? -128 : 127) : Int8(truncatingIfNeeded: next())
    }
  }

  /// `n` int32 biases: small, or any int32 (sums then wrap).
  mutating func biases(_ n: Int) -> [Int32] {
    let wide = below(4) == 0
    return (0..<n).map { _ in
      wide ? Int32(truncatingIfNeeded: next()) : Int32(below(200_001)) - 100_000
    }
  }

  /// A fused activation.
  mutating func activation() -> Activation { pick([.none, .relu, .relu6, .reluN1To1]) }
}

/// The tiles this CPU runs, with a label; the dispatcher's choice is
/// tested separately.
var supportedTiles: [GEMMInt8.Tile] { GEMMInt8.tiles.filter { $0.isSupported } }

/// The kernel sets of the tiers this CPU runs, best first.
var supportedKernelSets: [FastKernelSet] {
  FastKernelSet.every.filter { $0.tier.isSupported }
}
