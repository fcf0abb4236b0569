// GMLKernels/FullyConnectedHybrid.swift — hybrid FullyConnected (float activations, int8 per-channel weights): parameters.
import GMLCore

/// A dense layer with float32 input, bias and output and symmetric int8
/// weights with one scale per output channel (TFLite's hybrid kernel).
/// The input is quantized per row at invoke into caller-provided scratch.
public struct FullyConnectedHybrid: Equatable, Sendable {
  /// The shapes and fused activation, checked as for float.
  public let geometry: FullyConnected
  /// One scale per output channel (or one for all).
  public let weightScales: [Float]

  /// Checks the weight scales against the geometry.
  ///
  /// - Parameters:
  ///   - geometry: the float op's checked shapes.
  ///   - weightScales: `outputDepth` positive scales, or one.
  /// - Throws: `invalidQuantization` for a wrong count or a scale that is
  ///   not positive and finite.
  public init(_ geometry: FullyConnected, weightScales: [Float]) throws(GMLError) {
    try HybridScales.check(weightScales, channels: geometry.outputDepth)
    self.geometry = geometry
    self.weightScales = weightScales
  }

  /// Scratch the kernel needs: int8 for the quantized input, one scale
  /// and one zero point per row.
  public var scratch: HybridScratch {
    HybridScratch(rows: geometry.rows, quantizedCount: geometry.rows * geometry.inputDepth)
  }
}

/// The scratch of a hybrid kernel, laid out as `rows` floats (scales),
/// `rows` int32 (zero points), then `quantizedCount` int8.
public struct HybridScratch: Equatable, Sendable {
  public let rows: Int
  public let quantizedCount: Int

  /// - Parameters:
  ///   - rows: how many independently quantized rows (batches).
  ///   - quantizedCount: int8 elements for the whole quantized input.
  public init(rows: Int, quantizedCount: Int) {
    self.rows = rows
    self.quantizedCount = quantizedCount
  }

  /// Total bytes, a multiple of 4.
  public var byteCount: Int { rows * 8 + (quantizedCount + 3) / 4 * 4 }

  /// Splits `bytes` (at least `byteCount`, 4-byte aligned) into its views.
  public func views(_ bytes: UnsafeMutableRawBufferPointer) -> (
    scales: UnsafeMutableBufferPointer<Float>, zeroPoints: UnsafeMutableBufferPointer<Int32>,
    quantized: UnsafeMutableBufferPointer<Int8>
  ) {
    assert(bytes.count >= byteCount, "HybridScratch: scratch too small")
    let base = bytes.baseAddress
    let scales = UnsafeMutableBufferPointer(
      start: base?.assumingMemoryBound(to: Float.self), count: rows)
    let zeros = UnsafeMutableBufferPointer(
      start: base.map { ($0 + rows * 4).assumingMemoryBound(to: Int32.self) }, count: rows)
    let q = UnsafeMutableBufferPointer(
      start: base.map { ($0 + rows * 8).assumingMemoryBound(to: Int8.self) },
      count: quantizedCount)
    return (scales, zeros, q)
  }
}

/// Checks of per-channel weight scales shared by the hybrid kernels.
enum HybridScales {
  static func check(_ scales: [Float], channels: Int) throws(GMLError) {
    guard scales.count == channels || scales.count == 1 else {
      throw GMLError(.invalidQuantization, "hybrid weights need one scale per output channel")
    }
    for s in scales where !(s > 0 && s.isFinite) {
      throw GMLError(.invalidQuantization, "hybrid weight scale must be positive and finite")
    }
  }
}
