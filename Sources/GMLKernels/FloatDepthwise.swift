// GMLKernels/FloatDepthwise.swift — the float32 depthwise convolution microkernels (C, gml_f32.h) under the fast float DepthwiseConv2D.
import CGMLMicrokernels

/// Depthwise convolutions with depth multiplier 1 over one NHWC image,
/// the filter read in place, the bias and a clamp applied in the kernel.
/// The portable kernel sums as the reference kernel does, bit for bit;
/// the FMA one fuses each tap's multiply and add, so its results differ
/// from the reference's by rounding only (`FloatDepthwiseTests`).
public enum FloatDepthwise {
  /// One C microkernel.
  public struct Microkernel: @unchecked Sendable {
    /// The C name without its `gml_f32_dwconv_` prefix: `portable`, `fma`.
    public let name: StaticString
    /// The tier whose set holds it.
    public let isa: ISATier
    let kernel:
      @convention(c) (
        UnsafePointer<gml_window_params>?, UnsafePointer<Float>?, UnsafePointer<Float>?,
        UnsafePointer<Float>?, UnsafeMutablePointer<Float>?
      ) -> Void

    /// Whether this CPU runs it: the tier, and for FMA, CPUID's FMA bit.
    public var isSupported: Bool {
      isa == .portable || (isa.isSupported && gml_cpu_has_fma() != 0)
    }
  }

  /// Any CPU: the reference kernel's sums in its order, the channel loop
  /// vectorized by the C compiler.
  public static let microkernelPortable = Microkernel(
    name: "portable", isa: .portable, kernel: gml_f32_dwconv_portable)

  #if arch(x86_64)
    /// AVX2 with FMA: sixteen channels a step, then eight.
    public static let microkernelFMA = Microkernel(
      name: "fma", isa: .avx2, kernel: gml_f32_dwconv_fma)
  #endif
}
