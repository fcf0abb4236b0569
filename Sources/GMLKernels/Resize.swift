// GMLKernels/Resize.swift — RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR parameters: where each output row and column samples the input.
import GMLCore

/// Resizes the height and width of an NHWC tensor, as TFLite's
/// `ResizeBilinear` and `ResizeNearestNeighbor` do: output pixel `y` maps to
/// input coordinate `y · scale` (`(y + ½) · scale − ½` with half-pixel
/// centres), `scale = inputH / outputH` (`(inputH − 1) / (outputH − 1)` with
/// aligned corners). Bilinear mixes the two rows and columns around that
/// coordinate; nearest takes one pixel. int8 values keep their scale and
/// zero point (TFLite's int8 resizes do not requantize).
public struct Resize: Equatable, Sendable {
  /// How an output pixel is computed from the input's.
  public enum Method: Equatable, Sendable {
    case bilinear
    case nearestNeighbor
  }

  public let method: Method
  /// `[batches, inputH, inputW, depth]`.
  public let inputShape: Shape
  /// `[batches, outputH, outputW, depth]`.
  public let outputShape: Shape
  public let alignCorners: Bool
  public let halfPixelCenters: Bool
  /// The dimensions the loops walk.
  let batches: Int, inputH: Int, inputW: Int, depth: Int, outputH: Int, outputW: Int

  /// - Parameters:
  ///   - method: bilinear or nearest.
  ///   - input: `[batches, inputH, inputW, depth]`.
  ///   - height: the output's height (≥ 1).
  ///   - width: the output's width (≥ 1).
  ///   - alignCorners: corner pixels' centres map onto each other.
  ///   - halfPixelCenters: pixel centres at +½ (not with `alignCorners`).
  /// - Throws: `shapeMismatch` for an input of another rank or without
  ///   pixels (its height or width 0);
  ///   `invalidArgument` for a size below 1 or both flags;
  ///   `limitExceeded` for a side of 2^20 pixels or more (the int8 kernel's
  ///   fixed-point coordinates are 32-bit) or an output past `Shape`'s
  ///   limits.
  ///
  /// Mirrors `Prepare` in `tensorflow/lite/kernels/resize_bilinear.cc` and
  /// `resize_nearest_neighbor.cc`.
  public init(
    _ method: Method, input: Shape, height: Int, width: Int, alignCorners: Bool,
    halfPixelCenters: Bool
  ) throws(GMLError) {
    guard input.rank == 4, input.dims[1] >= 1, input.dims[2] >= 1 else {
      throw GMLError(.shapeMismatch, "a resize needs a rank-4 (NHWC) input of at least 1×1 pixels")
    }
    guard height >= 1, width >= 1 else {
      throw GMLError(.invalidArgument, "a resize needs an output height and width of at least 1")
    }
    guard !(alignCorners && halfPixelCenters) else {
      throw GMLError(
        .invalidArgument, "a resize takes align_corners or half_pixel_centers, not both")
    }
    let limit = 1 << 20
    guard input.dims[1] < limit, input.dims[2] < limit, height < limit, width < limit else {
      throw GMLError(.limitExceeded, "a resize of a side of 2^20 pixels or more")
    }
    self.method = method
    inputShape = input
    outputShape = Shape([input.dims[0], height, width, input.dims[3]])
    _ = try outputShape.elementCount()
    self.alignCorners = alignCorners
    self.halfPixelCenters = halfPixelCenters
    (batches, inputH, inputW, depth) = (input.dims[0], input.dims[1], input.dims[2], input.dims[3])
    (outputH, outputW) = (height, width)
  }

  /// The input-per-output scale of one axis, in `Float` as TFLite's float
  /// kernels compute it.
  func scale(input: Int, output: Int) -> Float {
    alignCorners && output > 1
      ? Float(input - 1) / Float(output - 1) : Float(input) / Float(output)
  }

  /// The input index output index `o` of an axis takes, as TFLite's
  /// `GetNearestNeighbor`.
  func nearest(_ o: Int, input: Int, scale: Float) -> Int {
    let x = (Float(o) + (halfPixelCenters ? 0.5 : 0)) * scale
    let i = min(
      alignCorners ? Int(x.rounded(.toNearestOrAwayFromZero)) : Resize.floor(x), input - 1)
    return halfPixelCenters ? max(0, i) : i
  }

  /// The input coordinate of output index `o` and the indices below and
  /// above it, clamped to the axis, as TFLite's `ComputeInterpolationValues`.
  func bilinear(_ o: Int, input: Int, scale: Float) -> (Float, Int, Int) {
    let x = halfPixelCenters ? (Float(o) + 0.5) * scale - 0.5 : Float(o) * scale
    return (x, max(Resize.floor(x), 0), min(Resize.ceil(x), input - 1))
  }

  /// ⌊x⌋ for |x| below 2^31, exact, without libm (the Cortex-M builds have
  /// none): truncate, then step down for negative fractions.
  static func floor(_ x: Float) -> Int {
    let t = Int(x)
    return Float(t) > x ? t - 1 : t
  }

  /// ⌈x⌉ for |x| below 2^31, exact, without libm.
  static func ceil(_ x: Float) -> Int {
    let t = Int(x)
    return Float(t) < x ? t + 1 : t
  }
}
