// GMLRuntime/TensorInfo.swift — what a caller may know about a graph input or output.
import GMLCore

/// The name, element type and shape of a graph input or output.
public struct TensorInfo: Equatable, Sendable {
  /// The tensor's name in the model.
  public let name: String
  /// Its index among the graph's tensors.
  public let tensorIndex: Int
  public let type: ElementType
  public let shape: Shape
  /// `shape` elements × `type.byteSize`.
  public let byteCount: Int
}
