// GMLRuntime/TensorInfo.swift — what a caller may know about a graph input or output, quantization included.
import GMLCore
import GMLFormat

/// The name, element type, shape and quantization of a graph input or
/// output.
public struct TensorInfo: Equatable, Sendable {
  /// The tensor's name in the model.
  public let name: String
  /// Its index among the graph's tensors.
  public let tensorIndex: Int
  public let type: ElementType
  public let shape: Shape
  /// `shape` elements × `type.byteSize`.
  public let byteCount: Int
  /// How the tensor's integers map to real numbers; nil for a tensor
  /// without quantization parameters (float32 tensors).
  public let quantization: Quantization?

  /// Quantization parameters, checked at `Interpreter.init`:
  /// `real = (q − zeroPoint) × scale`, one pair for the whole tensor or
  /// one per slice along `axis` (per-axis, as weights).
  public struct Quantization: Equatable, Sendable {
    /// Positive, finite scales: one, or one per slice along `axis`.
    public let scales: [Float]
    /// The zero point of a per-tensor quantized tensor (the first one).
    public let zeroPoint: Int32
    /// Whether there is one zero point per scale, all `zeroPoint`; then
    /// `storedZeroPoints` is empty, so per-channel weights (zero points
    /// all 0) keep no second array.
    private let hasUniformZeroPoints: Bool
    /// The zero points unless `hasUniformZeroPoints`.
    private let storedZeroPoints: [Int32]
    /// The quantized dimension; meaningful only when `isPerAxis`.
    public let axis: Int

    /// - Parameters:
    ///   - scales: one scale, or one per slice along `axis`.
    ///   - zeroPoints: one zero point per scale.
    ///   - axis: the quantized dimension.
    public init(scales: [Float], zeroPoints: [Int32], axis: Int = 0) {
      self.scales = scales
      let first = zeroPoints.first ?? 0
      zeroPoint = first
      hasUniformZeroPoints =
        !zeroPoints.isEmpty && zeroPoints.count == scales.count
        && zeroPoints.allSatisfy { $0 == first }
      storedZeroPoints = hasUniformZeroPoints ? [] : zeroPoints
      self.axis = axis
    }

    /// One zero point per scale, in the range of the tensor's type.
    public var zeroPoints: [Int32] {
      hasUniformZeroPoints
        ? [Int32](repeating: zeroPoint, count: scales.count) : storedZeroPoints
    }

    /// Whether every zero point is 0 (symmetric, as int8 weights).
    public var isSymmetric: Bool {
      hasUniformZeroPoints ? zeroPoint == 0 : storedZeroPoints.allSatisfy { $0 == 0 }
    }

    /// Whether there is one scale per slice along `axis` rather than one
    /// for the tensor.
    public var isPerAxis: Bool { scales.count > 1 }

    /// The scale of a per-tensor quantized tensor (the first scale).
    public var scale: Float { scales.first ?? 0 }
  }

  /// This tensor's facts under `name`.
  func named(_ name: String) -> TensorInfo {
    TensorInfo(
      name: name, tensorIndex: tensorIndex, type: type, shape: shape, byteCount: byteCount,
      quantization: quantization)
  }
}

extension TensorInfo.Quantization {
  /// Checks the parameters a file gives tensor `t` of `type` and `shape`:
  /// at least one scale, as many zero points as scales, every scale
  /// positive and finite, every zero point in the range of `type` (0 for
  /// int32, as TFLite's biases), and per-axis parameters along an axis of
  /// the shape with one pair per slice.
  ///
  /// - Returns: nil for a float tensor or a tensor without parameters.
  /// - Throws: `invalidQuantization` at `.tensor(t)`.
  static func checked(
    _ q: QuantizationDefinition?, type: ElementType, shape: Shape, tensor t: Int
  ) throws(GMLError) -> Self? {
    guard let q, type == .int8 || type == .int32 else { return nil }
    if q.scales.isEmpty && q.zeroPoints.isEmpty { return nil }
    guard !q.scales.isEmpty, q.scales.count == q.zeroPoints.count else {
      throw GMLError(
        .invalidQuantization, at: .tensor(t), "scale and zero_point counts differ or are zero")
    }
    for s in q.scales where !(s > 0 && s.isFinite) {
      throw GMLError(.invalidQuantization, at: .tensor(t), "scale is not positive and finite")
    }
    let range: ClosedRange<Int64> = type == .int8 ? -128...127 : 0...0
    for z in q.zeroPoints where !range.contains(z) {
      throw GMLError(
        .invalidQuantization, at: .tensor(t),
        "zero point out of range (int8: -128...127, int32: 0)")
    }
    let axis = Int(q.axis)
    if q.scales.count > 1 {
      guard axis >= 0, axis < shape.rank, shape.dims[axis] == q.scales.count else {
        throw GMLError(
          .invalidQuantization, at: .tensor(t),
          "per-axis count differs from the extent of quantized_dimension")
      }
    }
    return Self(
      scales: q.scales, zeroPoints: q.zeroPoints.map { Int32(truncatingIfNeeded: $0) }, axis: axis)
  }
}
