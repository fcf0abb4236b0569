// GMLKernels/Pool2DInt8+Fast.swift — int8 MaxPool2D and AveragePool2D one output pixel at a time over contiguous channel runs, bit-exact with the reference. Must not allocate.

import CGMLMicrokernels

extension Pool2DInt8 {
  /// Channels pooled per step of the fast kernels (stack buffers).
  static let fastChunk = 64

  /// Whether the fast kernels apply: windows small enough for int32 sums
  /// (fewer than 2^23 values, so `|sum| < 2^30`).
  public var hasFastKernel: Bool { geometry.filterH * geometry.filterW < 1 << 23 }

  /// `maxReference` with the channel loop innermost: the same bytes.
  /// - Parameters:
  ///   - input: `batches·inputH·inputW·depth` int8 values, NHWC.
  ///   - output: `outputShape` int8 values, NHWC.
  public func fastMax(input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>) {
    // One call per output pixel, sixteen channels a step: on 32-bit Arm
    // `gml_qs8_maxpool_dsp` (SSUB8 and SEL per word on the DSP extension,
    // VMAX on Helium), elsewhere `gml_qs8_maxpool`, C the compiler
    // vectorises (se_blocks' 2×2 pool on 24×24×16, Zen 4: 7.3 → 1.5 µs).
    #if arch(arm)
      perPixel(input: input, output: output, gml_qs8_maxpool_dsp)
    #else
      perPixel(input: input, output: output, gml_qs8_maxpool)
    #endif
  }

  /// `averageReference` with the channel loop innermost and int32 sums
  /// (exact: `hasFastKernel` bounds them): the same bytes.
  /// - Parameters:
  ///   - input: `batches·inputH·inputW·depth` int8 values, NHWC.
  ///   - output: `outputShape` int8 values, NHWC.
  public func fastAverage(
    input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>
  ) {
    #if arch(arm64) || arch(arm)
      // One call per output pixel: NEON 16 channels a step
      // (`gml_qs8_avgpool_neon`), DS-CNN's 25×5 pool 87 K → 2 K
      // instructions; the Cortex-M DSP 8 (`gml_qs8_avgpool_dsp`, its
      // instructions in C on a core without them), 96 K → 20 K; Helium
      // 16.
      #if arch(arm64)
        perPixel(input: input, output: output, gml_qs8_avgpool_neon)
      #else
        perPixel(input: input, output: output, gml_qs8_avgpool_dsp)
      #endif
    #else
      averageLoops(input: input, output: output)
    #endif
  }

  #if !(arch(arm64) || arch(arm))
    /// For each output pixel and run of up to `fastChunk` channels: the
    /// sums over the window's in-bounds pixels, one contiguous channel run
    /// at a time (loops the compiler vectorises), then the reference's
    /// rounding division, clamped. x86-64 (the Arm builds have C kernels).
    private func averageLoops(
      input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>
    ) {
      let g = geometry
      assert(hasFastKernel, "Pool2DInt8.fastAverage: window too large")
      assert(output.count == g.batches * g.outputH * g.outputW * g.depth, "Pool2DInt8: output")
      guard let x = input.baseAddress, let y = output.baseAddress else { return }
      withUnsafeTemporaryAllocation(of: Int32.self, capacity: Self.fastChunk) { sumBuffer in
        guard let sums = sumBuffer.baseAddress else { return }
        var out = y
        forEachWindow { b, rows, columns in
          let count = Int32(rows.count * columns.count)
          for c0 in stride(from: 0, to: g.depth, by: Self.fastChunk) {
            let n = min(Self.fastChunk, g.depth - c0)
            for j in 0..<n { sums[j] = 0 }
            for iy in rows {
              for ix in columns {
                let run = x + ((b * g.inputH + iy) * g.inputW + ix) * g.depth + c0
                for j in 0..<n { sums[j] &+= Int32(run[j]) }
              }
            }
            for j in 0..<n {
              let sum = sums[j]
              let q = count == 0 ? 0 : (sum > 0 ? sum + count / 2 : sum - count / 2) / count
              out[c0 + j] = range.clamp(q)
            }
          }
          out += g.depth
        }
      }
    }
  #endif

  /// Runs a microkernel of one output pixel (`gml_qs8_avgpool_neon`'s
  /// contract) over every output pixel, NHWC order.
  @inline(__always)
  private func perPixel(
    input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>,
    _ pool:
      @convention(c) (
        Int, UnsafePointer<Int8>?, Int, Int, Int, UnsafeMutablePointer<Int8>?, Int32, Int32
      ) -> Void
  ) {
    let g = geometry
    guard let x = input.baseAddress, let y = output.baseAddress else { return }
    var out = y
    forEachWindow { b, rows, columns in
      pool(
        g.depth, x + ((b * g.inputH + rows.lowerBound) * g.inputW + columns.lowerBound) * g.depth,
        g.inputW * g.depth, rows.count, columns.count, out, range.min, range.max)
      out += g.depth
    }
  }

  /// Calls `body` for each output pixel in NHWC order with its batch and
  /// the rows and columns of its window that lie on the input.
  @inline(__always)
  private func forEachWindow(
    _ body: (_ batch: Int, _ rows: Range<Int>, _ columns: Range<Int>) -> Void
  ) {
    let g = geometry
    for b in 0..<g.batches {
      for oy in 0..<g.outputH {
        let originY = oy * g.strideH - g.padding.top
        let yStart = max(originY, 0)
        let yEnd = max(min(originY + g.filterH, g.inputH), yStart)
        for ox in 0..<g.outputW {
          let originX = ox * g.strideW - g.padding.left
          let xStart = max(originX, 0)
          let xEnd = max(min(originX + g.filterW, g.inputW), xStart)
          body(b, yStart..<yEnd, xStart..<xEnd)
        }
      }
    }
  }
}
