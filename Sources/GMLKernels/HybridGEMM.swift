// GMLKernels/HybridGEMM.swift — the C kernels (gml_f32.h) under the fast hybrid FullyConnected, Conv2D (integer sums of int8 rows times int8 weights in place) and DepthwiseConv2D.
import CGMLMicrokernels

/// `sums[i·n + j] = Σ_p rows[i·k + p]·weights[j·k + p]` in int32, wrapping
/// as the reference kernels' `&+` does, so a hybrid kernel that takes its
/// zero-point term and scales on these sums gives the reference's floats
/// bit for bit.
public enum HybridGEMM {
  /// A C kernel of the int32 sums: `(m, n, k, rows, rowStride, weights,
  /// sums, sumsStride)`.
  typealias Sums =
    @convention(c) (
      Int, Int, Int, UnsafePointer<Int8>?, Int, UnsafePointer<Int8>?,
      UnsafeMutablePointer<Int32>?, Int
    ) -> Void

  /// A C hybrid Conv2D on windows read in place, with its output stage
  /// (`gml_qd8_conv_f32_*`, `gml_conv.h`).
  typealias Conv =
    @convention(c) (
      UnsafePointer<gml_qs8_conv_geometry>?, UnsafePointer<Int8>?,
      UnsafeMutablePointer<gml_qs8_pixel>?, Int, Int, UnsafePointer<Int8>?,
      UnsafePointer<gml_qd8_conv_output>?, UnsafeMutablePointer<Float>?
    ) -> Void

  /// One C microkernel.
  public struct Microkernel: @unchecked Sendable {
    /// The C name without its `gml_qd8_gemm_` prefix: `dot_portable`, `dot_avx2`.
    public let name: StaticString
    /// The tier whose set holds it.
    public let isa: ISATier
    let kernel: Sums
    /// The tier's hybrid depthwise convolution (`gml_qd8_dwconv_*`).
    let depthwise:
      @convention(c) (
        UnsafePointer<gml_window_params>?, UnsafePointer<Int8>?, Int32, UnsafePointer<Int8>?,
        UnsafePointer<Float>?, Int, Float, UnsafePointer<Float>?, UnsafeMutablePointer<Float>?
      ) -> Void

    /// The tier's Conv2D output stage (`gml_qd8_conv_output_*`).
    let output:
      @convention(c) (
        UnsafePointer<Int32>?, Int, Int, UnsafePointer<Int32>?, Int32, UnsafePointer<Float>?, Int,
        Float, UnsafePointer<Float>?, Float, Float, UnsafeMutablePointer<Float>?
      ) -> Void

    /// The tier's FullyConnected output stage, one row
    /// (`gml_qd8_fc_output_*`).
    let fcOutput:
      @convention(c) (
        UnsafePointer<Int32>?, Int, UnsafePointer<Int32>?, Int32, UnsafePointer<Float>?, Int,
        Float, UnsafePointer<Float>?, Float, Float, UnsafeMutablePointer<Float>?
      ) -> Void

    /// The tier's first pass of the per-run quantization: the range
    /// (`gml_qd8_range_*`).
    let range:
      @convention(c) (
        UnsafePointer<Float>?, Int, UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Float>?
      ) -> Void

    /// The tier's second pass of the per-run quantization: the values
    /// (`gml_qd8_quantize_*`).
    let quantize:
      @convention(c) (UnsafePointer<Float>?, Int, Float, Float, UnsafeMutablePointer<Int8>?) ->
        Void

    /// The sums on packed weights (`gml_qd8_gemm_pack_c4x16`), or nil
    /// for a kernel that reads the weights in place (`kernel`).
    let packedKernel: Sums?
    /// `packedKernel`'s sums on a convolution's windows read in place and
    /// the output stage in registers, or nil to copy the windows (im2col)
    /// and run `output` on the sums.
    let convKernel: Conv?
    /// What the kernel adds to every row value before multiplying (128
    /// for VNNI's unsigned rows): its sums are of `(q + rowOffset)·w`,
    /// so the zero-point term takes `zp + rowOffset`.
    public let rowOffset: Int32

    init(
      name: StaticString, isa: ISATier,
      kernel: @escaping Sums, packedKernel: Sums? = nil, convKernel: Conv? = nil,
      rowOffset: Int32 = 0,
      depthwise:
        @escaping @convention(c) (
          UnsafePointer<gml_window_params>?, UnsafePointer<Int8>?, Int32, UnsafePointer<Int8>?,
          UnsafePointer<Float>?, Int, Float, UnsafePointer<Float>?, UnsafeMutablePointer<Float>?
        ) -> Void,
      output:
        @escaping @convention(c) (
          UnsafePointer<Int32>?, Int, Int, UnsafePointer<Int32>?, Int32, UnsafePointer<Float>?,
          Int, Float, UnsafePointer<Float>?, Float, Float, UnsafeMutablePointer<Float>?
        ) -> Void,
      fcOutput:
        @escaping @convention(c) (
          UnsafePointer<Int32>?, Int, UnsafePointer<Int32>?, Int32, UnsafePointer<Float>?, Int,
          Float, UnsafePointer<Float>?, Float, Float, UnsafeMutablePointer<Float>?
        ) -> Void,
      range:
        @escaping @convention(c) (
          UnsafePointer<Float>?, Int, UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Float>?
        ) -> Void,
      quantize:
        @escaping @convention(c) (
          UnsafePointer<Float>?, Int, Float, Float, UnsafeMutablePointer<Int8>?
        ) -> Void
    ) {
      self.name = name
      self.isa = isa
      self.kernel = kernel
      self.packedKernel = packedKernel
      self.convKernel = convKernel
      self.rowOffset = rowOffset
      self.depthwise = depthwise
      self.output = output
      self.fcOutput = fcOutput
      self.range = range
      self.quantize = quantize
    }

    /// Whether this CPU runs it.
    public var isSupported: Bool { isa.isSupported }

    /// Bytes of packed weights for `n` channels of depth `k`: 0 for a
    /// kernel that reads them in place.
    public func packedByteCount(channels n: Int, depth k: Int) -> Int {
      packedKernel == nil ? 0 : gml_qd8_gemm_packed_size_c4x16(n, k)
    }

    /// Packs `n·k` weights into `packed` (`packedByteCount` bytes) for
    /// `packedKernel`; nothing for a kernel without one.
    public func pack(
      weights: UnsafeBufferPointer<Int8>, channels n: Int, depth k: Int,
      into packed: UnsafeMutableRawBufferPointer
    ) {
      guard packedKernel != nil, n > 0, k > 0, let w = weights.baseAddress,
        let out = packed.baseAddress
      else { return }
      gml_qd8_gemm_pack_c4x16(n, k, w, out.assumingMemoryBound(to: Int8.self))
    }
  }

  /// Any CPU: plain loops the C compiler vectorizes.
  public static let microkernelPortable = Microkernel(
    name: "dot_portable", isa: .portable, kernel: gml_qd8_gemm_dot_portable,
    depthwise: gml_qd8_dwconv_portable, output: gml_qd8_conv_output_portable,
    fcOutput: gml_qd8_fc_output_portable,
    range: gml_qd8_range_portable, quantize: gml_qd8_quantize_portable)

  #if arch(x86_64)
    /// AVX2: two rows by four channels, sixteen k a step (VPMADDWD).
    public static let microkernelAvx2 = Microkernel(
      name: "dot_avx2", isa: .avx2, kernel: gml_qd8_gemm_dot_avx2,
      depthwise: gml_qd8_dwconv_avx2, output: gml_qd8_conv_output_avx2,
      fcOutput: gml_qd8_fc_output_avx2,
      range: gml_qd8_range_avx2, quantize: gml_qd8_quantize_avx2)

    /// AVX-512 VNNI: eight rows by sixteen channels on packed weights,
    /// four k a VPDPBUSD (rows + 128), a convolution's windows read in
    /// place with its output stage in registers; AVX2's depthwise and
    /// quantization.
    public static let microkernelAvx512Vnni = Microkernel(
      name: "8x16c4_avx512vnni", isa: .avx512VNNI, kernel: gml_qd8_gemm_dot_avx2,
      packedKernel: gml_qd8_gemm_8x16c4_avx512vnni,
      convKernel: gml_qd8_conv_f32_8x16c4_avx512vnni, rowOffset: 128,
      depthwise: gml_qd8_dwconv_avx2, output: gml_qd8_conv_output_avx2,
      fcOutput: gml_qd8_fc_output_avx2,
      range: gml_qd8_range_avx2, quantize: gml_qd8_quantize_avx2)
  #endif

  /// The int32 sums of `count` rows of depth `k` by `n` weight rows, on
  /// `packed` weights when the microkernel packs and they are given (the
  /// rows' buffer then has `rowSlack` bytes to spare past the last row).
  /// - Returns: the row offset of the sums (`(q + offset)·w`): the
  ///   microkernel's `rowOffset` on packed weights, else 0.
  static func run(
    _ microkernel: Microkernel, rows count: Int, channels n: Int, depth k: Int,
    rows: UnsafePointer<Int8>, weights: UnsafePointer<Int8>, packed: UnsafeRawPointer?,
    sums: UnsafeMutablePointer<Int32>
  ) -> Int32 {
    if let kernel = microkernel.packedKernel, let packed {
      if count > 0, n > 0 {
        kernel(count, n, k, rows, k, packed.assumingMemoryBound(to: Int8.self), sums, n)
      }
      return microkernel.rowOffset
    }
    if count > 0, n > 0 { microkernel.kernel(count, n, k, rows, k, weights, sums, n) }
    return 0
  }

  /// Bytes the rows' buffer keeps past its last row for the packed
  /// kernels' 4-byte reads.
  public static let rowSlack = 4

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
