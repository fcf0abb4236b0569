// GMLConverter/Validation/Validation+Files.swift — reading the models, the data's input shapes and the labels.
import GMLCore
import GMLFormat
import GMLNumPy

extension Validation {
  /// The float model as `.gml` bytes: read, or converted in memory (a
  /// gml-float or float32 `.tflite` model).
  static func floatModelBytes(_ path: String, _ limits: ConversionLimits) throws(ConversionError)
    -> [UInt8]
  {
    if path.lowercased().hasSuffix(".gml") {
      return try OutputFile.readModel(path, maxBytes: ModelWriter.maxFileSize)
    }
    if path.lowercased().hasSuffix(".tflite") {
      let (model, _) = try Converter.convert(
        tflite: try TFLiteModel.load(path: path, limits: limits).model, file: path)
      guard !model.subgraphs[0].tensors.contains(where: { $0.type == .int8 }) else {
        throw ConversionError(
          file: path, "is a full-integer int8 model; the reference must be a float32 model")
      }
      return try ModelWriter.checkedWrite(model, file: path)
    }
    let graph = try GMLFloatLoader.load(path: path, limits: limits.gmlFloat)
    let (model, _) = try Converter.convert(graph)
    return try ModelWriter.checkedWrite(model, file: path)
  }

  /// The float model's inputs with their shapes, for loading the samples.
  static func inputs(of bytes: [UInt8], _ file: String) throws(ConversionError)
    -> [(name: String, shape: [Int])]
  {
    try WrittenModel(bytes: bytes, file: file).withVerified { (model) throws(GMLError) in
      let graph = model.subgraphAt(0)
      return graph.inputs.map { (graph.tensorAt($0).name, graph.tensorAt($0).shape.dims) }
    }
  }

  /// Integer labels from a `.npy` of int64 or int32 with `count` entries.
  static func readLabels(_ path: String, count: Int, _ limits: ConversionLimits)
    throws(ConversionError) -> [Int]
  {
    let bytes = try OutputFile.readModel(path, maxBytes: limits.maxNPYFileBytes)
    let array: NumPyArray
    do {
      array = try NPY.read(bytes, limits: limits.npy)
    } catch {
      throw ConversionError(file: path, error)
    }
    let values: [Int]
    if let v = array.int64Values() {
      values = v.map { Int($0) }
    } else if let v = array.int32Values() {
      values = v.map { Int($0) }
    } else {
      throw ConversionError(
        file: path, "labels must be int64 or int32, not \(array.type)")
    }
    guard values.count == count else {
      throw ConversionError(
        file: path, "\(values.count) labels for \(count) samples; expected one label per sample")
    }
    return values
  }
}
