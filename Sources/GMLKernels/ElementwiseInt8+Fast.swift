// GMLKernels/ElementwiseInt8+Fast.swift — int8 Add/Sub/Mul as C microkernels over contiguous or broadcast runs, bit-exact with the reference. Must not allocate.
import CGMLMicrokernels
import GMLCore

/// The elementwise int8 microkernels (C, `Sources/CGMLMicrokernels`,
/// `gml_dwconv_elementwise.h`): ADD, SUB or MUL over a run of `n` output
/// values where each operand is a run of `n` values or one value
/// broadcast (its scaled value is then computed once); ADD/SUB by their
/// linear form where `findLinearForm()` found one. Which a tier runs
/// is `FastKernelSet`'s table; tests iterate `microkernels`.
extension ElementwiseInt8 {
  /// One microkernel.
  public struct Microkernel: @unchecked Sendable {
    /// The C name without its `gml_qs8_vbinary_` prefix, e.g. `avx2`.
    public let name: StaticString
    /// What the CPU needs to run it.
    public let isa: ISATier
    let kernel: gml_qs8_vbinary_fn

    /// Whether this CPU runs it.
    public var isSupported: Bool { isa.isSupported }
  }

  /// Portable C, one value at a time.
  public static let microkernelScalar = Microkernel(
    name: "scalar", isa: .portable, kernel: gml_qs8_vbinary_scalar)
  /// Cortex-M (`dsp` tier): ADD/SUB by their linear form four values a
  /// step (the DSP extension's `SSAT`, or Helium's int32 lanes), the rest
  /// as `microkernelScalar`. Built everywhere: elsewhere it is portable C
  /// giving the same bytes, so the host's tests run it.
  public static let microkernelDSP = Microkernel(
    name: "dsp", isa: .dsp, kernel: gml_qs8_vbinary_dsp)
  #if arch(x86_64)
    /// AVX2: 8 values per step, three gemmlowp requantizations on 8 lanes.
    public static let microkernelAvx2 = Microkernel(
      name: "avx2", isa: .avx2, kernel: gml_qs8_vbinary_avx2)
    /// AVX-512 VNNI tier: 16 values per step in zmm; ADD/SUB scale each
    /// operand with two `vpmulld` (the 64-bit product split at bit
    /// 31 − leftShift), then one 64-bit requantization on 16 lanes.
    public static let microkernelAvx512Vnni = Microkernel(
      name: "avx512vnni", isa: .avx512VNNI, kernel: gml_qs8_vbinary_avx512vnni)
  #elseif arch(arm64)
    /// NEON: 8 values per step in two halves, `vqrdmulh` requantization.
    public static let microkernelNeon = Microkernel(
      name: "neon", isa: .neon, kernel: gml_qs8_vbinary_neon)
  #endif

  /// Every microkernel of this build, from every tier of
  /// `FastKernelSet`'s table, best tier first.
  public static var microkernels: [Microkernel] {
    var all: [Microkernel] = []
    for set in FastKernelSet.every
    where !all.contains(where: { $0.name.utf8Start == set.elementwise.name.utf8Start }) {
      all.append(set.elementwise)
    }
    return all
  }

  /// ADD/SUB as one multiply-add per operand and a shift:
  /// `clamp(floor((lhs · lhsFactor + rhs · rhsFactor + constant) / 2^shift))`
  /// on the raw int8 operands, equal to the reference's three
  /// requantizations for every one of the 65536 operand pairs (checked
  /// when found), every term within `Int32`.
  public struct LinearForm: Equatable, Sendable {
    public let lhsFactor: Int32
    public let rhsFactor: Int32
    public let constant: Int32
    /// 16...30.
    public let shift: Int32
  }

  /// Looks for ADD/SUB's linear form (`gml_qs8_vbinary_linear`: the
  /// operands' and output's multipliers multiplied out at a shift, each
  /// operand pair bounding the constant) and keeps it in `linearForm` for
  /// `fast`. Runs at prepare: about a millisecond (65536 reference
  /// requantizations, a few times where the first try fails). MUL has none.
  public mutating func findLinearForm() {
    var params = vbinaryParams
    linearForm = nil
    guard hasFastKernel, gml_qs8_vbinary_linear(&params) != 0 else { return }
    linearForm = LinearForm(
      lhsFactor: params.linear_a, rhsFactor: params.linear_b, constant: params.linear_c,
      shift: params.linear_shift)
  }

  /// Whether `fast` gives the reference's bytes: every multiplier is one
  /// `QuantizedMultiplier(_:)` can make (as `init` made them).
  public var hasFastKernel: Bool {
    [lhsMultiplier, rhsMultiplier, outputMultiplier].allSatisfy {
      $0.multiplier != Int32.min && $0.shift >= -31 && $0.shift <= 30
    }
  }

  /// The C kernels' parameters.
  var vbinaryParams: gml_qs8_vbinary_params {
    func split(_ m: QuantizedMultiplier) -> (Int32, Int32, Int32) {
      (m.multiplier, max(m.shift, 0), max(-m.shift, 0))
    }
    let (am, al, ar) = split(lhsMultiplier)
    let (bm, bl, br) = split(rhsMultiplier)
    let (om, ol, or) = split(outputMultiplier)
    let op: Int32
    switch operation {
    case .add: op = Int32(GML_QS8_ADD)
    case .sub: op = Int32(GML_QS8_SUB)
    case .mul: op = Int32(GML_QS8_MUL)
    }
    return gml_qs8_vbinary_params(
      operation: op, a_offset: lhsOffset, b_offset: rhsOffset, left_shift: leftShift,
      a_multiplier: am, a_left: al, a_right: ar, b_multiplier: bm, b_left: bl, b_right: br,
      output_multiplier: om, output_left: ol, output_right: or,
      output_zero_point: outputOffset, min: activationRange.min, max: activationRange.max,
      linear_a: linearForm?.lhsFactor ?? 0, linear_b: linearForm?.rhsFactor ?? 0,
      linear_c: linearForm?.constant ?? 0, linear_shift: linearForm?.shift ?? 0)
  }

  /// The innermost run the output splits into: its length and each
  /// operand's step (1: contiguous, 0: one value broadcast). Dimensions
  /// are merged from the innermost outwards while both operands stay
  /// contiguous or stay broadcast across them.
  var run: (length: Int, lhsStep: Int, rhsStep: Int) {
    let dims = outputShape.dims
    var (length, a, b) = (1, -1, -1)  // -1: not decided (only extent-1 dimensions so far)
    for d in stride(from: dims.count - 1, through: 0, by: -1) where dims[d] != 1 {
      func step(_ stride: Int, _ current: Int) -> Int? {
        if stride == 0 && current != 1 { return 0 }
        if stride == length && current != 0 { return 1 }
        return nil
      }
      guard let nextA = step(lhsStrides[d], a), let nextB = step(rhsStrides[d], b) else { break }
      (length, a, b) = (length * dims[d], nextA, nextB)
    }
    return (length, max(a, 0), max(b, 0))
  }

  /// ADD, SUB or MUL with `microkernel`, one call per innermost run
  /// (one call in all when the operands have the output's shape): the
  /// same bytes as `reference`.
  ///
  /// - Parameters:
  ///   - lhs: the left operand's elements.
  ///   - rhs: the right operand's elements.
  ///   - output: `outputShape` elements.
  ///   - microkernel: a supported one (`FastKernelSet.elementwise`).
  public func fast(
    lhs: UnsafeBufferPointer<Int8>, rhs: UnsafeBufferPointer<Int8>,
    output: UnsafeMutableBufferPointer<Int8>, microkernel: Microkernel
  ) {
    guard let a = lhs.baseAddress, let b = rhs.baseAddress, let y = output.baseAddress else {
      return
    }
    var params = vbinaryParams
    let (length, lhsStep, rhsStep) = run
    let dims = outputShape.dims
    var start = 0
    while start < output.count {
      let lhsStart = Strides.offset(of: start, dims: dims, strides: lhsStrides)
      let rhsStart = Strides.offset(of: start, dims: dims, strides: rhsStrides)
      microkernel.kernel(
        length, a + lhsStart, lhsStep, b + rhsStart, rhsStep, y + start, &params)
      start += length
    }
  }
}
