// GMLConverterTests/GMLFloatLoaderTests.swift — every gml-float file form loads into the same Graph.
import GMLConverter
import GMLFormat
import GMLKernels
import XCTest

final class GMLFloatLoaderTests: XCTestCase {
  private var folder: ModelFolder!

  override func setUpWithError() throws { folder = try ModelFolder() }
  override func tearDown() { folder.remove() }

  /// What every form of the tiny model must load as (but `sourceFile`).
  private func expectedGraph(sourceFile: String) -> Graph {
    var graph = Graph(
      name: "tiny", inputs: ["image"], outputs: ["probs"], sourceFile: sourceFile)
    graph.tensors["image"] = GraphTensor(name: "image", shape: [1, 4, 4, 1])
    for c in tinyConstants {
      graph.tensors[c.name] = GraphTensor(name: c.name, shape: c.shape, data: c.values)
    }
    for name in ["c", "p", "f", "logits", "probs"] {
      graph.tensors[name] = GraphTensor(name: name, shape: [])
    }
    let conv = ConvAttributes(window: Window(padding: .same), activation: .relu)
    let pool = PoolAttributes(poolH: 2, poolW: 2, window: Window(strideH: 2, strideW: 2))
    graph.nodes = [
      Node(name: "conv", op: .conv2D(conv), inputs: ["image", "conv.w", "conv.b"], outputs: ["c"]),
      Node(name: "pool", op: .pool2D(.max, pool), inputs: ["c"], outputs: ["p"]),
      Node(name: "flat", op: .flatten, inputs: ["p"], outputs: ["f"]),
      Node(
        name: "fc", op: .dense(activation: .none), inputs: ["f", "fc.w", "fc.b"],
        outputs: ["logits"]),
      Node(
        name: "softmax", op: .softmax(axis: -1, beta: 1), inputs: ["logits"], outputs: ["probs"]),
    ]
    for i in graph.nodes.indices { graph.nodes[i].place = "nodes[\(i)]" }
    return graph
  }

  /// The `.bin` form's document and weights (tensors packed in order).
  private func binForm(weights: String) -> (json: String, bin: [UInt8]) {
    var bin: [UInt8] = []
    var entries: [String] = []
    for c in tinyConstants {
      let bytes = float32Bytes(c.values)
      entries.append(
        "\"\(c.name)\": {\"shape\": \(c.shape), \"dtype\": \"float32\", \"offset\": \(bin.count), "
          + "\"length\": \(bytes.count)}")
      bin += bytes
    }
    return (tinyDocument(tensors: entries, weights: weights), bin)
  }

  /// The `.npy` entries of the tiny model's constants.
  private func npyEntries(deflate: Bool) -> [ZipTestEntry] {
    tinyConstants.map { c in
      ZipTestEntry(
        "\(c.name).npy", npyFile(descr: "<f4", shape: c.shape, payload: float32Bytes(c.values)),
        deflate: deflate)
    }
  }

  private var arrayTensors: [String] {
    tinyConstants.map { "\"\($0.name)\": {\"shape\": \($0.shape), \"array\": \"\($0.name)\"}" }
  }

  func testJSONWithRawBin() throws {
    let (json, bin) = binForm(weights: "weights/model.bin")
    try folder.write("weights/model.bin", bin)
    let path = try folder.write("model.json", json)
    XCTAssertEqual(try GMLFloatLoader.load(path: path), expectedGraph(sourceFile: path))
  }

  func testJSONWithNpz() throws {
    for deflate in [false, true] {
      try folder.write("w.npz", ZipTestWriter.archive(npyEntries(deflate: deflate)))
      let path = try folder.write(
        "model.json", tinyDocument(tensors: arrayTensors, weights: "w.npz"))
      XCTAssertEqual(try GMLFloatLoader.load(path: path), expectedGraph(sourceFile: path))
    }
  }

  func testSingleArchive() throws {
    for (name, weights) in [("model.gmz", nil), ("model.npz", "\"model.npz\"")] {
      let json = tinyDocument(tensors: arrayTensors, weights: weights.map { _ in name })
      var entries = npyEntries(deflate: true)
      var jsonEntry = ZipTestEntry("model.json", Array(json.utf8), deflate: true)
      jsonEntry.localZip64Extra = true
      entries.insert(jsonEntry, at: 1)
      let path = try folder.write(name, ZipTestWriter.archive(entries))
      XCTAssertEqual(try GMLFloatLoader.load(path: path), expectedGraph(sourceFile: path))
    }
  }

  func testInlineData() throws {
    let path = try folder.write("inline.json", tinyInlineDocument())
    XCTAssertEqual(try GMLFloatLoader.load(path: path), expectedGraph(sourceFile: path))
  }

  func testGzippedJSON() throws {
    let (json, bin) = binForm(weights: "model.bin")
    try folder.write("model.bin", bin)
    let path = try folder.write(
      "model.json.gz", ZipTestWriter.deflate(Array(json.utf8), gzip: true))
    XCTAssertEqual(try GMLFloatLoader.load(path: path), expectedGraph(sourceFile: path))
    let inline = try folder.write(
      "inline.json.gz", ZipTestWriter.deflate(Array(tinyInlineDocument().utf8), gzip: true))
    XCTAssertEqual(try GMLFloatLoader.load(path: inline), expectedGraph(sourceFile: inline))
  }

  func testNameDefaultsToTheFileName() throws {
    let doc = tinyInlineDocument().replacingOccurrences(of: "\"name\": \"tiny\",", with: "")
    let path = try folder.write("my_model.json", doc)
    XCTAssertEqual(try GMLFloatLoader.load(path: path).name, "my_model")
  }
}
