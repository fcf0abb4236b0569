// GMLKernels/SoftmaxInt8+Fast.swift — int8 Softmax looking each exponential up in the table built at prepare, in Swift or an AVX2 microkernel. Must not allocate.
import CGMLMicrokernels

extension SoftmaxInt8 {
  /// A C microkernel for a row's two passes (`gml_softmax.h`).
  public struct Microkernel: @unchecked Sendable {
    /// The C name's tier: `avx2`.
    public let name: StaticString
    /// What the CPU needs to run it.
    public let isa: ISATier
    let sum:
      @convention(c) (
        UnsafePointer<Int8>?, Int, UnsafePointer<Int32>?, UnsafeMutablePointer<Int32>?
      ) -> Int32
    let output:
      @convention(c) (
        UnsafePointer<Int8>?, Int, UnsafePointer<Int32>?, Int32, Int32, Int32,
        UnsafeMutablePointer<Int8>?
      ) -> Void

    /// Whether this CPU runs it.
    public var isSupported: Bool { isa.isSupported }
  }

  #if arch(x86_64)
    /// AVX2: each pass 8 elements a step, the table entries gathered.
    public static let microkernelAvx2 = Microkernel(
      name: "avx2", isa: .avx2, sum: gml_qs8_softmax_sum_avx2,
      output: gml_qs8_softmax_output_avx2)
  #endif

  /// `fast`'s bytes with a row's passes in `microkernel`; the reciprocal
  /// of each row's sum stays here.
  /// - Parameters: as `fast`, and a supported microkernel
  ///   (`FastKernelSet.softmax`).
  public func fast(
    input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>,
    microkernel: Microkernel
  ) {
    assert(
      input.count == outer * depth && output.count == input.count,
      "SoftmaxInt8.fast: element counts differ from the shape")
    guard depth > 0, let x = input.baseAddress, let y = output.baseAddress else { return }
    exponentials.withUnsafeBufferPointer { table in
      accumulatedExponentials.withUnsafeBufferPointer { accumulated in
        for row in 0..<outer {
          var maximum: Int32 = 0
          let sum = microkernel.sum(x + row * depth, depth, accumulated.baseAddress, &maximum)
          let (scale, exponent) = Self.reciprocal(sum)
          microkernel.output(
            x + row * depth, depth, table.baseAddress, maximum, scale, Int32(exponent),
            y + row * depth)
        }
      }
    }
  }

  /// The reference's bytes without computing an exponential: a row's
  /// differences `q − max` are integers from −255 to 0, whose exponentials
  /// `exponentials` holds (the reference computes each one twice, about
  /// 200 instructions each on a Cortex-M4), and `accumulatedExponentials`
  /// as the sum adds them.
  ///
  /// - Parameters:
  ///   - input: `outer · depth` elements.
  ///   - output: as many elements.
  public func fast(input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>) {
    assert(
      input.count == outer * depth && output.count == input.count,
      "SoftmaxInt8.fast: element counts differ from the shape")
    exponentials.withUnsafeBufferPointer { table in
      accumulatedExponentials.withUnsafeBufferPointer { accumulated in
        for row in 0..<outer {
          let base = row * depth
          let maximum = Int(rowMaximum(input, base))
          var sumOfExps: Int32 = 0
          // Below the cut-off the entry is 0: it adds nothing to the sum
          // and its output is -128, as the reference's skipped elements.
          for c in 0..<depth { sumOfExps &+= accumulated[maximum - Int(input[base + c])] }
          let (scale, exponent) = Self.reciprocal(sumOfExps)
          assert(scale >= 0, "SoftmaxInt8.fast: a negative reciprocal")
          // Both factors are non-negative, so the reference's doubling high
          // multiply and rounding shift lose their sign cases: each is an
          // add and a shift (same bytes; `testFastMatchesReference`).
          let s = Int64(scale)
          let half: Int64 = exponent > 0 ? 1 << (exponent - 1) : 0
          for c in 0..<depth {
            let high = (s &* Int64(table[maximum - Int(input[base + c])]) &+ (1 << 30)) >> 31
            let q = ((high &+ half) >> Int64(exponent)) &- 128
            output[base + c] = Int8(truncatingIfNeeded: min(max(q, -128), 127))
          }
        }
      }
    }
  }
}
