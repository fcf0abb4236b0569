// GMLCommandLineTests/CommandTests+Inspect.swift — `gml inspect`: text, JSON, DOT and HTML reports, and unreadable files.
import Foundation
import GMLTestSupport
import XCTest

final class InspectCommandTests: XCTestCase {
  var scratch: TemporaryDirectory!

  override func setUpWithError() throws { scratch = try TemporaryDirectory() }
  override func tearDown() { scratch.remove() }

  func testTextReportHasEverySection() throws {
    let result = assertExecute(["inspect", samplePath], exitCode: 0)
    XCTAssertEqual(result.stderr, "")
    let size = try XCTUnwrap(
      FileManager.default.attributesOfItem(atPath: samplePath)[.size] as? Int)
    XCTAssertTrue(result.stdout.hasPrefix("\(samplePath): \(size) bytes, .gml format version 1"))
    XCTAssertTrue(result.stdout.contains("graph \"main\": 12 tensors, 7 operators"))
    for section in ["Tensors", "Operators", "Buffers", "Metadata"] {
      XCTAssertTrue(result.stdout.contains("\n\(section)\n"), "section \(section)")
    }
    for op in ["QUANTIZE", "CONV_2D", "MAX_POOL_2D", "FULLY_CONNECTED", "SOFTMAX"] {
      XCTAssertTrue(result.stdout.contains(op), op)
    }
  }

  /// The int8 facts: rounding mode, per-axis parameters with their zero
  /// points, the arena against its lower bound.
  func testQuantizationFacts() throws {
    let result = assertExecute(["inspect", samplePath], exitCode: 0)
    let lines = result.stdout.split(separator: "\n").map(String.init)
    XCTAssertTrue(lines[0].hasSuffix(", rounding DOUBLE_ROUNDING"), lines[0])
    XCTAssertTrue(
      lines.contains("arena: 576 bytes planned (lower bound 576), 320 reusing the inputs' memory"),
      result.stdout)
    let filter = try XCTUnwrap(lines.first { $0.contains("conv1.w") })
    XCTAssertTrue(
      filter.hasSuffix("per-axis(0) 4 scales in [0.0047, 0.0072] zero_point=0"), filter)
    let input = try XCTUnwrap(lines.first { $0.contains("image_q") })
    XCTAssertTrue(input.hasSuffix("scale=0.003921569 zero_point=-128"), input)
    let json = try XCTUnwrap(
      try JSONSerialization.jsonObject(
        with: Data(assertExecute(["inspect", "--json", samplePath], exitCode: 0).stdout.utf8))
        as? [String: Any])
    XCTAssertEqual(json["rounding_mode"] as? String, "DOUBLE_ROUNDING")
    let tensors = try XCTUnwrap(json["tensors"] as? [[String: Any]])
    let q = try XCTUnwrap(tensors[2]["quantization"] as? [String: Any])
    XCTAssertEqual((q["scale"] as? [Double])?.count, 4)
    XCTAssertEqual(q["zero_point"] as? [Int], [0, 0, 0, 0])
    XCTAssertEqual(q["axis"] as? Int, 0)
  }

  func testJSONReport() throws {
    let result = assertExecute(["inspect", "--json", samplePath], exitCode: 0)
    XCTAssertEqual(result.stderr, "")
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    let json = try XCTUnwrap(object as? [String: Any])
    let size = try XCTUnwrap(
      FileManager.default.attributesOfItem(atPath: samplePath)[.size] as? Int)
    XCTAssertEqual(json["file_size"] as? Int, size)
    XCTAssertEqual((json["tensors"] as? [Any])?.count, 12)
    XCTAssertEqual((json["operators"] as? [Any])?.count, 7)
    let buffers = try XCTUnwrap(json["buffers"] as? [[String: Any]])
    XCTAssertEqual(buffers.count, 4)
    for buffer in buffers {
      let alignment = try XCTUnwrap(buffer["alignment"] as? Int, "\(buffer)")
      let offset = try XCTUnwrap(buffer["file_offset"] as? Int, "\(buffer)")
      XCTAssertGreaterThanOrEqual(alignment, 16, "\(buffer)")
      XCTAssertEqual(offset % alignment, 0, "\(buffer)")
    }
  }

  /// The footprint: MACs counted by hand for the sample (conv 8·8·4 outputs
  /// × 3·3 taps + FC 10 × 64), and the estimate's arithmetic: int8 MACs at
  /// 0.3 pJ, float32 at 4.6 pJ, 2.5 pJ per SRAM byte.
  func testFootprint() throws {
    let result = assertExecute(["inspect", "--json", samplePath], exitCode: 0)
    let json = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let footprint = try XCTUnwrap(json["footprint"] as? [String: Any])
    XCTAssertEqual(footprint["macs"] as? Int, 8 * 8 * 4 * 9 + 10 * 64)
    let int8 = try XCTUnwrap(footprint["energy_int8"] as? [String: Double])
    let float = try XCTUnwrap(footprint["energy_float32"] as? [String: Double])
    XCTAssertEqual(try XCTUnwrap(int8["compute_pj"]), 2944 * 0.3, accuracy: 1e-6)
    XCTAssertEqual(try XCTUnwrap(float["compute_pj"]), 2944 * 4.6, accuracy: 1e-6)
    let weights = try XCTUnwrap(footprint["weight_elements"] as? Int)
    let activations = try XCTUnwrap(footprint["activation_elements"] as? Int)
    let fixed = try XCTUnwrap(footprint["fixed_bytes"] as? Int)
    XCTAssertEqual(
      try XCTUnwrap(float["memory_pj"]), Double((weights + activations) * 4 + fixed) * 2.5,
      accuracy: 1e-6)
    XCTAssertEqual(
      try XCTUnwrap(int8["memory_pj"]), Double(weights + activations + fixed) * 2.5,
      accuracy: 1e-6)
    let text = assertExecute(["inspect", samplePath], exitCode: 0).stdout
    XCTAssertTrue(text.contains("compute: 2944 MACs per inference"), text)
    XCTAssertTrue(text.contains("energy estimate per inference"), text)
  }

  func testMissingFile() {
    let path = scratch.path("absent.gml")
    let result = assertExecute(["inspect", path], exitCode: 1)
    XCTAssertEqual(result.stdout, "")
    XCTAssertTrue(result.stderr.hasPrefix("\(path): error: no such file"), result.stderr)
  }

  func testTruncatedFile() throws {
    let bytes = try Data(contentsOf: URL(fileURLWithPath: samplePath))
    for length in [0, 7, 100, 1000] {
      let path = scratch.path("truncated-\(length).gml")
      try bytes.prefix(length).write(to: URL(fileURLWithPath: path))
      let result = assertExecute(["inspect", path], exitCode: 1)
      XCTAssertEqual(result.stdout, "")
      XCTAssertTrue(result.stderr.hasPrefix(path), "\(length): \(result.stderr)")
      XCTAssertTrue(result.stderr.contains(" error: "), "\(length): \(result.stderr)")
      XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, "one line")
    }
  }

  func testWrongIdentifier() throws {
    var bytes = try Data(contentsOf: URL(fileURLWithPath: samplePath))
    XCTAssertEqual(bytes[4..<8], Data("GML1".utf8))
    bytes.replaceSubrange(4..<8, with: Data("TFL3".utf8))
    let path = scratch.path("tflite-id.gml")
    try bytes.write(to: URL(fileURLWithPath: path))
    let result = assertExecute(["inspect", "--json", path], exitCode: 1)
    XCTAssertEqual(result.stdout, "")
    XCTAssertTrue(result.stderr.hasPrefix("\(path):byte 4: error: "), result.stderr)
    XCTAssertTrue(result.stderr.contains("wrong identifier"), result.stderr)
  }

  /// `--dot`: a digraph with a box per operator, an ellipse per graph
  /// input and output, and an edge per activation read (the sample: 7
  /// operators in a chain, 8 edges); Graphviz accepts it where installed.
  func testDotGraphHasEveryOperatorAndActivationEdge() throws {
    let result = assertExecute(["inspect", "--dot", samplePath], exitCode: 0)
    XCTAssertEqual(result.stderr, "")
    let dot = result.stdout
    XCTAssertTrue(dot.hasPrefix("digraph \"main\" {\n"), dot)
    XCTAssertTrue(dot.hasSuffix("}\n"), dot)
    for i in 0..<7 { XCTAssertTrue(dot.contains("  op\(i) [shape=box, label=\""), "op\(i)") }
    XCTAssertTrue(dot.contains("input0 [shape=ellipse"), dot)
    XCTAssertTrue(dot.contains("output11 [shape=ellipse"), dot)
    XCTAssertEqual(dot.components(separatedBy: " -> ").count - 1, 8, dot)
    XCTAssertTrue(dot.contains("  op0 -> op1 [label=\"image_q\\nint8[1, 8, 8, 1]\\n"), dot)
    XCTAssertTrue(dot.contains("const conv1.w int8[4, 3, 3, 1]"), dot)
    let graphviz = "/usr/bin/dot"
    guard FileManager.default.isExecutableFile(atPath: graphviz) else {
      print("InspectCommandTests: \(graphviz) missing (Debian: graphviz); DOT syntax not checked")
      return
    }
    let input = scratch.path("sample.dot")
    try Data(dot.utf8).write(to: URL(fileURLWithPath: input))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: graphviz)
    process.arguments = ["-Tsvg", input, "-o", scratch.path("sample.svg")]
    try process.run()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0, "dot -Tsvg refused the graph")
    let svg = try String(contentsOfFile: scratch.path("sample.svg"), encoding: .utf8)
    XCTAssertEqual(svg.components(separatedBy: "class=\"node\"").count - 1, 9, "7 ops, 2 ends")
  }

  /// `--html`: one page with the graph (a box per operator, one per graph
  /// input and output, an edge per activation read), the arena timeline
  /// (a bar per arena tensor: the sample's 8) and the tensor table; no
  /// script, nothing fetched.
  func testHTMLPageHasTheGraphTheArenaAndTheTensors() throws {
    let page = scratch.path("sample.html")
    let result = assertExecute(["inspect", samplePath, "--html", page], exitCode: 0)
    XCTAssertEqual(result.stdout, "wrote \(page)\n")
    let html = try String(contentsOfFile: page, encoding: .utf8)
    XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
    XCTAssertTrue(html.hasSuffix("</html>\n"))
    func count(_ s: String) -> Int { html.components(separatedBy: s).count - 1 }
    XCTAssertEqual(count("<svg "), 2)
    XCTAssertEqual(count("<g class=\"op\">"), 7)
    XCTAssertEqual(count("<g class=\"end\">"), 2)
    XCTAssertEqual(count("<path class=\"edge\""), 8)
    XCTAssertEqual(count("<rect class=\"tensor\""), 8)
    XCTAssertEqual(count("<tr><td>"), 12, "a row per tensor")
    XCTAssertTrue(html.contains("<title>#4 conv1\nint8[1, 8, 8, 4]\nscale=0.0213 zero_point=-128"))
    XCTAssertFalse(html.contains("<script"), "no script")
    XCTAssertFalse(
      html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
        .contains("http"), "nothing fetched")
  }

  func testReportFormsTogetherAreAUsageError() {
    for forms in [
      ["--json", "--dot"], ["--dot", "--html", "x.html"], ["--json", "--html", "x.html"],
    ] {
      assertUsageError(
        ["inspect"] + forms + [samplePath], "choose one of --json, --dot and --html",
        command: "gml inspect")
    }
  }
}
