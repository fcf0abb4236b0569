// GMLKernels/FloatGEMM.swift — the float32 matrix product microkernels (C, gml_f32.h) under the fast float FullyConnected (weights in place) and Conv2D (packed weights).
import CGMLMicrokernels

/// `C[i][j] = activation(bias[j] + Σ_p A[i][p]·B[j][p])` for rows of A
/// (inputs, pixels) and weights B stored `[n][k]`: a `Microkernel` reads
/// them in place (no packing, no scratch), a `PackedMicrokernel` from
/// panels of sixteen channels `pack` wrote once. The sums run in another
/// order than the reference kernels' (eight lanes then their fold, or
/// from the bias up), so the results differ from theirs by rounding only:
/// `FloatGEMMTests` bounds the difference by the reduction's length.
public enum FloatGEMM {
  /// One C microkernel.
  public struct Microkernel: @unchecked Sendable {
    /// The C name without its `gml_f32_gemm_` prefix: `dot_fma`.
    public let name: StaticString
    /// The tier whose set holds it.
    public let isa: ISATier
    let kernel:
      @convention(c) (
        Int, Int, Int, UnsafePointer<Float>?, Int, UnsafePointer<Float>?, UnsafePointer<Float>?,
        UnsafeMutablePointer<Float>?, Int, Float, Float
      ) -> Void

    /// Whether this CPU runs it: the tier, and FMA, which CPUID reports
    /// apart from AVX2.
    public var isSupported: Bool { isa.isSupported && gml_cpu_has_fma() != 0 }
  }

  /// One C microkernel on weights packed in panels of sixteen channels
  /// (`pack`), the bias at each panel's head.
  public struct PackedMicrokernel: @unchecked Sendable {
    /// The C name without its `gml_f32_gemm_` prefix: `6x16_fma`.
    public let name: StaticString
    /// The tier whose set holds it.
    public let isa: ISATier
    let kernel:
      @convention(c) (
        Int, Int, Int, UnsafePointer<Float>?, Int, UnsafePointer<Float>?,
        UnsafeMutablePointer<Float>?, Int, Float, Float
      ) -> Void
    /// The same on rows gathered through pointers (`m, n, taps, cin,
    /// indirect, packed, c, cStride, lo, hi`): a convolution's windows in
    /// place, the sums in the order of `kernel` on the copied windows.
    let indirect:
      @convention(c) (
        Int, Int, Int, Int, UnsafePointer<UnsafePointer<Float>?>?, UnsafePointer<Float>?,
        UnsafeMutablePointer<Float>?, Int, Float, Float
      ) -> Void

    /// Whether this CPU runs it: the tier, and FMA.
    public var isSupported: Bool { isa.isSupported && gml_cpu_has_fma() != 0 }
  }

  #if arch(x86_64)
    /// AVX2 with FMA: two rows by four channels a block.
    public static let microkernelFMA = Microkernel(
      name: "dot_fma", isa: .avx2, kernel: gml_f32_gemm_dot_fma)

    /// AVX2 with FMA, packed weights: six rows by sixteen channels a block.
    public static let packedMicrokernelFMA = PackedMicrokernel(
      name: "6x16_fma", isa: .avx2, kernel: gml_f32_gemm_6x16_fma,
      indirect: gml_f32_igemm_6x16_fma)
  #endif

  /// Bytes `pack` writes for `n` channels of depth `k`: per sixteen
  /// channels (zeros past `n`), their biases and `k` rows of weights.
  public static func packedByteCount(channels n: Int, depth k: Int) -> Int {
    gml_f32_gemm_packed16_count(n, k) * 4
  }

  /// Packs weights `[n][k]` and their bias (empty: zeros) into `packed`,
  /// of `packedByteCount` bytes, 4-byte aligned.
  public static func pack(
    weights: UnsafeBufferPointer<Float>, bias: UnsafeBufferPointer<Float>, channels n: Int,
    depth k: Int, into packed: UnsafeMutableRawBufferPointer
  ) {
    assert(weights.count >= n * k && packed.count >= packedByteCount(channels: n, depth: k))
    gml_f32_gemm_pack16(
      n, k, weights.baseAddress, bias.isEmpty ? nil : bias.baseAddress,
      packed.baseAddress?.assumingMemoryBound(to: Float.self))
  }

  /// `output[i·n + j] = activation(Σ_p input[i·k + p]·weights[j·k + p] + bias[j])`
  /// from the weights and bias `pack` wrote, the sums starting at the
  /// bias. Must not allocate.
  static func run(
    _ microkernel: PackedMicrokernel, rows: Int, channels n: Int, depth k: Int,
    input: UnsafeBufferPointer<Float>, packed: UnsafeRawBufferPointer,
    output: UnsafeMutableBufferPointer<Float>, activation: Activation
  ) {
    assert(
      input.count >= rows * k && output.count >= rows * n
        && packed.count >= packedByteCount(channels: n, depth: k), "FloatGEMM.run: sizes")
    guard rows > 0, n > 0 else { return }
    let clamp = bounds(activation)
    microkernel.kernel(
      rows, n, k, input.baseAddress, k, packed.baseAddress?.assumingMemoryBound(to: Float.self),
      output.baseAddress, n, clamp?.0 ?? -.infinity, clamp?.1 ?? .infinity)
    if clamp == nil && activation != .none { activation.apply(to: output) }
  }

  /// `output[i·n + j] = activation(bias[j] + Σ_p input[i·k + p]·weights[j·k + p])`
  /// for `rows` rows, `n` channels, depth `k`. A clamp (RELU, RELU6,
  /// RELU_N1_TO_1) runs in the microkernel, the other activations after
  /// it. Must not allocate.
  ///
  /// - Parameters:
  ///   - input: `rows·k` values.
  ///   - weights: `n·k` values.
  ///   - bias: `n` values, or empty for none.
  ///   - output: `rows·n` values.
  static func run(
    _ microkernel: Microkernel, rows: Int, channels n: Int, depth k: Int,
    input: UnsafeBufferPointer<Float>, weights: UnsafeBufferPointer<Float>,
    bias: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>,
    activation: Activation
  ) {
    assert(
      input.count >= rows * k && weights.count >= n * k && output.count >= rows * n,
      "FloatGEMM.run: sizes")
    guard rows > 0, n > 0 else { return }
    let clamp = bounds(activation)
    microkernel.kernel(
      rows, n, k, input.baseAddress, k, weights.baseAddress, bias.isEmpty ? nil : bias.baseAddress,
      output.baseAddress, n, clamp?.0 ?? -.infinity, clamp?.1 ?? .infinity)
    if clamp == nil && activation != .none { activation.apply(to: output) }
  }

  /// The interval a clamp activation keeps; nil for the others.
  static func bounds(_ activation: Activation) -> (Float, Float)? {
    switch activation {
    case .relu: return (0, .infinity)
    case .relu6: return (0, 6)
    case .reluN1To1: return (-1, 1)
    case .none, .tanh, .sigmoid, .hardSwish: return nil
    }
  }
}
