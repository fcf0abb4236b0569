// GMLConverter/Passes/FiniteConstants.swift — refuses NaN and infinity in a graph's constants before they are used.

/// The check that no constant holds NaN or infinity: quantizing one gives
/// garbage scales, and running one gives garbage outputs, with nothing to
/// say why. Loaders run it on what they read (gml-float checks each value
/// as it decodes it); the converter runs it again after folding, which can
/// overflow (a BatchNorm with a huge gamma and a tiny variance).
enum FiniteConstants {
  /// Throws at the first constant, in name order, that is not finite.
  /// - Parameters:
  ///   - graph: the graph to check.
  ///   - context: appended to the message, e.g. ` after folding`.
  ///   - place: where the constant called `name` sits in the source file.
  /// - Throws: `ConversionError` naming the constant, the element and its value.
  static func check(_ graph: Graph, context: String = "", place: (String) -> String)
    throws(ConversionError)
  {
    for name in graph.tensors.keys.sorted() {
      guard let data = graph.tensors[name]?.data, let i = data.firstIndex(where: { !$0.isFinite })
      else { continue }
      throw ConversionError(
        file: graph.sourceFile, place: place(name),
        "constant '\(name)' element \(i) is \(data[i])\(context); constants must be finite numbers")
    }
  }
}
