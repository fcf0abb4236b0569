// GMLConverter/Quantization/QuantizedTensorSummary.swift — one report row per int8 activation: range, scale, zero point.
import Foundation
import GMLCore
import GMLFormat

/// An int8 activation of a converted model, as the conversion report lists it.
public struct QuantizedTensorSummary: Equatable, Sendable {
  public var name: String
  /// The calibrated range (before nudging), when recorded.
  public var range: TensorRange?
  public var scale: Float
  public var zeroPoint: Int64

  public init(name: String, range: TensorRange?, scale: Float, zeroPoint: Int64) {
    self.name = name
    self.range = range
    self.scale = scale
    self.zeroPoint = zeroPoint
  }

  /// Every per-tensor int8 activation (no constant) of `model`, in tensor order.
  public static func list(_ model: ModelDefinition) -> [QuantizedTensorSummary] {
    (model.subgraphs.first?.tensors ?? []).compactMap { t in
      guard t.buffer == 0, t.type == .int8, let q = t.quantization, q.scales.count == 1 else {
        return nil
      }
      let range = q.min.first.flatMap { low in q.max.first.map { TensorRange(min: low, max: $0) } }
      return QuantizedTensorSummary(
        name: t.name, range: range, scale: q.scales[0], zeroPoint: q.zeroPoints.first ?? 0)
    }
  }

  /// The report's table of `tensors` and of `layers` (worst first).
  static func text(_ tensors: [QuantizedTensorSummary], _ layers: [LayerError]) -> [String] {
    var lines: [String] = []
    if !tensors.isEmpty {
      lines.append("int8 tensors (calibrated range -> scale, zero point):")
      for t in tensors {
        let range = t.range.map { "[\(format($0.min)), \(format($0.max))]" } ?? "fixed"
        lines.append("  \(t.name): \(range) -> scale \(format(t.scale)), zero point \(t.zeroPoint)")
      }
    }
    if !layers.isEmpty {
      lines.append("per-layer error vs float on the calibration data (worst first):")
      for l in layers {
        lines.append(
          "  \(l.name) (\(l.op)): SQNR \(format(Float(l.sqnrDB))) dB, cosine "
            + "\(format(Float(l.cosine))), max abs error \(format(Float(l.maxAbsError)))")
      }
    }
    return lines
  }

  static func format(_ v: Float) -> String {
    v.isFinite ? String(format: "%.6g", Double(v)) : "\(v)"
  }
}
