// GMLConverter/GMLFloat/GMLFloatDocument.swift — the top level of a gml-float document: header, inputs, outputs.
import GMLCore

/// One gml-float document being turned into a `Graph`: the top-level keys
/// in the order the spec lists them, then the tensors and the nodes.
struct GMLFloatDocument {
  static let topLevelKeys = [
    "format", "version", "name", "weights", "inputs", "outputs", "tensors", "nodes",
  ]

  let root: JSONCursor
  /// The path the user gave, for `Graph.sourceFile`.
  let sourceFile: String
  /// The file `"weights"` is relative to: the JSON file, or the archive
  /// that holds it.
  let jsonPath: String
  let limits: GMLFloatLimits
  /// The archive holding the document (single-file form), or nil.
  let archive: ZipArchive?

  /// Checks the whole document and builds the graph.
  func graph() throws(ConversionError) -> Graph {
    let format = try root.field("format")
    guard try format.string() == "gml-float" else {
      throw format.error("expected \"gml-float\", got \"\(try format.string())\"")
    }
    let version = try root.field("version")
    let number = try version.int()
    guard number == 1 else {
      throw version.error("unsupported version \(number); this build reads gml-float version 1")
    }
    try root.checkKeys(Self.topLevelKeys, what: "a gml-float document")
    var graph = Graph(name: try modelName(), sourceFile: sourceFile)
    let weights = try weightSource()
    let inputPaths = try readInputs(into: &graph)
    try readOutputs(into: &graph)
    var constantPaths: [String: String] = [:]
    if let tensors = try root.optionalField("tensors") {
      let members = try tensors.members()
      guard members.count <= limits.maxTensors else {
        throw tensors.error(
          "\(members.count) tensors, above the limit of \(limits.maxTensors) "
            + "(GMLFloatLimits.maxTensors)")
      }
      var budget = limits.maxConstantElements
      for (name, entry) in members {
        if let place = inputPaths[name] {
          throw entry.error("\"\(name)\" is already a graph input (\(place)); rename one of them")
        }
        let tensor = try GMLFloatConstant(
          name: name, entry: entry, weights: weights, limits: limits, budget: budget
        ).tensor()
        budget -= tensor.elementCount
        graph.tensors[name] = tensor
        constantPaths[name] = entry.path
      }
    }
    try readNodes(into: &graph, constants: constantPaths)
    return graph
  }

  /// `"name"`, or the file name without its extensions.
  func modelName() throws(ConversionError) -> String {
    if let name = try root.optionalField("name") { return try name.nonEmptyString() }
    let base = sourceFile.split(separator: "/").last.map(String.init) ?? sourceFile
    return base.split(separator: ".").first.map(String.init) ?? base
  }

  /// `"inputs"`: name, static shape and dtype (`float32`, the default, or
  /// `int32`: indices, read only by Gather) for each.
  /// - Returns: the JSON path of each input, by name.
  func readInputs(into graph: inout Graph) throws(ConversionError) -> [String: String] {
    let list = try root.field("inputs")
    let items = try list.elements()
    guard !items.isEmpty else { throw list.error("expected at least one graph input") }
    guard items.count <= limits.maxTensors else {
      throw list.error(
        "\(items.count) graph inputs, above the limit of \(limits.maxTensors) "
          + "(GMLFloatLimits.maxTensors)")
    }
    var places: [String: String] = [:]
    for item in items {
      try item.checkKeys(["name", "shape", "dtype"], what: "a graph input")
      let nameField = try item.field("name")
      let name = try nameField.nonEmptyString("a non-empty name")
      if let other = places[name] {
        throw nameField.error("graph input \"\(name)\" is already declared at \(other)")
      }
      var type = ElementType.float32
      if let dtype = try item.optionalField("dtype") {
        switch try dtype.string() {
        case "float32": break
        case "int32": type = .int32
        case let other:
          throw dtype.error("a graph input's dtype is \"float32\" or \"int32\", got \"\(other)\"")
        }
      }
      let shape = try Self.shape(try item.field("shape"), limits: limits)
      places[name] = item.path
      graph.inputs.append(name)
      graph.tensors[name] = GraphTensor(name: name, shape: shape, type: type)
    }
    return places
  }

  /// `"outputs"`: at least one name, none twice.
  func readOutputs(into graph: inout Graph) throws(ConversionError) {
    let list = try root.field("outputs")
    let items = try list.elements()
    guard !items.isEmpty else { throw list.error("expected at least one graph output") }
    for item in items {
      let name = try item.nonEmptyString("a non-empty tensor name")
      if graph.outputs.contains(name) {
        throw item.error("graph output \"\(name)\" is listed twice")
      }
      graph.outputs.append(name)
    }
  }

  /// A static shape: a list of positive integers, rank at most
  /// `Shape.maxRank`, element count within `limits.maxTensorElements`.
  static func shape(_ field: JSONCursor, limits: GMLFloatLimits) throws(ConversionError) -> [Int] {
    let items = try field.elements()
    guard items.count <= Shape.maxRank else {
      throw field.error("rank \(items.count) is above the limit of \(Shape.maxRank)")
    }
    var dims: [Int] = []
    for item in items {
      let d = try item.int()
      guard d > 0 else { throw item.error("dimensions must be positive integers, got \(d)") }
      dims.append(d)
    }
    do {
      _ = try Shape(dims).elementCount(limit: limits.maxTensorElements)
    } catch {
      throw field.error(
        "shape \(Shape(dims)) has more than \(limits.maxTensorElements) elements")
    }
    return dims
  }
}
