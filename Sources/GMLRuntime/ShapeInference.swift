// GMLRuntime/ShapeInference.swift — each operator's output shape as prepare computes it, for files whose shapes are stale.
import GMLCore
import GMLFormat

/// Holds the output shape `OpContext.checkOutput` computed, under
/// `ShapeInference`.
final class ShapeSink {
  var shape: Shape?
}

/// The output shapes the runtime's own prepare computes, operator by
/// operator, each from the shapes computed before it. For converters whose
/// source gives stale static shapes (TFLite's dynamic dimensions beyond the
/// batch); the interpreter itself always checks.
public enum ShapeInference {
  /// The output shape of each operator of subgraph 0, in order: the
  /// computed shape, or the declared one where prepare does not compute it
  /// (or matches it up to dimensions of 1 where the op allows that).
  ///
  /// - Parameter model: a verified model.
  /// - Returns: one shape per operator.
  /// - Throws: what `Interpreter.init` throws for an operator, at it.
  public static func outputShapes(_ model: Model) throws(GMLError) -> [Shape] {
    let graph = model.subgraphAt(0)
    var tensors = try Interpreter.tensorInfos(graph)
    var shapes: [Shape] = []
    for i in 0..<graph.operatorCount {
      let op = graph.operatorAt(i)
      let sink = ShapeSink()
      _ = try OpResolver.prepare(op, index: i, tensors: tensors, shapeSink: sink)
      guard let out = op.outputs.first, out >= 0, out < tensors.count else {
        throw GMLError(.malformed, at: .op(i), "operator without an output")
      }
      let shape = sink.shape ?? tensors[out].shape
      let t = tensors[out]
      let byteCount: Int
      do {
        byteCount = try shape.byteCount(of: t.type)
      } catch {
        throw GMLError(error.kind, at: .op(i), error.detail)
      }
      tensors[out] = TensorInfo(
        name: t.name, tensorIndex: t.tensorIndex, type: t.type, shape: shape, byteCount: byteCount,
        quantization: t.quantization)
      shapes.append(shape)
    }
    return shapes
  }
}
