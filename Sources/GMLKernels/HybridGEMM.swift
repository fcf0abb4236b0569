// GMLKernels/HybridGEMM.swift — the C kernels (gml_f32.h) under the fast hybrid FullyConnected, Conv2D (integer sums of int8 rows times int8 weights in place) and DepthwiseConv2D.
import CGMLMicrokernels

/// `sums[i·n + j] = Σ_p rows[i·k + p]·weights[j·k + p]` in int32, wrapping
/// as the reference kernels' `&+` does, so a hybrid kernel that takes its
/// zero-point term and scales on these sums gives the reference's floats
/// bit for bit.
public enum HybridGEMM {
  /// One C microkernel.
  public struct Microkernel: @unchecked Sendable {
    /// The C name without its `gml_qd8_gemm_` prefix: `dot_portable`, `dot_avx2`.
    public let name: StaticString
    /// The tier whose set holds it.
    public let isa: ISATier
    let kernel:
      @convention(c) (
        Int, Int, Int, UnsafePointer<Int8>?, Int, UnsafePointer<Int8>?,
        UnsafeMutablePointer<Int32>?, Int
      ) -> Void
    /// The tier's hybrid depthwise convolution (`gml_qd8_dwconv_*`).
    let depthwise:
      @convention(c) (
        UnsafePointer<gml_window_params>?, UnsafePointer<Int8>?, Int32, UnsafePointer<Int8>?,
        UnsafePointer<Float>?, Int, Float, UnsafePointer<Float>?, UnsafeMutablePointer<Float>?
      ) -> Void

    /// The tier's pass of the per-run quantization (`gml_qd8_quantize_*`).
    let quantize:
      @convention(c) (UnsafePointer<Float>?, Int, Float, Float, UnsafeMutablePointer<Int8>?) ->
        Void

    /// Whether this CPU runs it.
    public var isSupported: Bool { isa.isSupported }
  }

  /// Any CPU: plain loops the C compiler vectorizes.
  public static let microkernelPortable = Microkernel(
    name: "dot_portable", isa: .portable, kernel: gml_qd8_gemm_dot_portable,
    depthwise: gml_qd8_dwconv_portable, quantize: gml_qd8_quantize_portable)

  #if arch(x86_64)
    /// AVX2: two rows by four channels, sixteen k a step (VPMADDWD).
    public static let microkernelAvx2 = Microkernel(
      name: "dot_avx2", isa: .avx2, kernel: gml_qd8_gemm_dot_avx2,
      depthwise: gml_qd8_dwconv_avx2, quantize: gml_qd8_quantize_avx2)
  #endif

  /// The int32 sums of `count` rows of depth `k` by `n` weight rows.
  static func run(
    _ microkernel: Microkernel, rows count: Int, channels n: Int, depth k: Int,
    rows: UnsafePointer<Int8>, weights: UnsafePointer<Int8>, sums: UnsafeMutablePointer<Int32>
  ) {
    guard count > 0, n > 0 else { return }
    microkernel.kernel(count, n, k, rows, k, weights, sums, n)
  }

  /// `Σ_p weights[j·k + p]` per output channel `j`, wrapping: the
  /// zero-point term's factor, computed once at init.
  /// - Parameters:
  ///   - weights: `n·k` int8.
  ///   - sums: `n` int32.
  public static func rowSums(
    weights: UnsafeBufferPointer<Int8>, channels n: Int, depth k: Int,
    into sums: UnsafeMutableBufferPointer<Int32>
  ) {
    for j in 0..<n {
      var s: Int32 = 0
      for p in 0..<k { s &+= Int32(weights[j * k + p]) }
      sums[j] = s
    }
  }
}
