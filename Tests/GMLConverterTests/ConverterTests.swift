// GMLConverterTests/ConverterTests.swift — end to end: every fixture and the digits sample converted and run, and failures.
import Foundation
import GMLCore
import GMLFormat
import GMLNumPy
import GMLRuntime
import GMLTestSupport
import XCTest

@testable import GMLConverter

/// Runs the `.gml` file at `path` on `inputs` (int32 token ids as whole
/// numbers).
func runModelFile(_ path: String, _ inputs: [Float]) throws -> [Float] {
  let bytes = try OutputFile.read(path)
  return try bytes.withUnsafeBytes { raw throws -> [Float] in
    let model = try Model(verifying: raw)
    var interpreter = try Interpreter(model: model)
    try interpreter.copySample(inputs, at: 0)
    try interpreter.invoke()
    return try interpreter.copyOutputFloats(at: 0)
  }
}

/// The values (float32, or int32 ids as Floats) and shape of a `.npy` file.
func readNPY(_ url: URL) throws -> (values: [Float], shape: [Int]) {
  let array = try NPY.read(try OutputFile.read(url.path))
  let values = array.float32Values() ?? array.int32Values()?.map { Float($0) }
  return (try XCTUnwrap(values, "\(url.path) is neither float32 nor int32"), array.shape.dims)
}

final class ConverterTests: XCTestCase {
  var scratch: TemporaryDirectory!
  let root = RepositoryPaths.root(from: #filePath)
  lazy var fixtures = root.appendingPathComponent("Tests/GMLConverterTests/Fixtures")

  override func setUpWithError() throws { scratch = try TemporaryDirectory() }
  override func tearDown() { scratch.remove() }

  /// Converts `model` both ways and checks the outputs on `input` against `expected`.
  func assertConverts(
    _ model: URL, input: URL, expected: URL, file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let (x, _) = try readNPY(input)
    let (want, _) = try readNPY(expected)
    var opCounts: [Int] = []
    for fuse in [true, false] {
      let output = scratch.path("\(model.lastPathComponent)-\(fuse).gml")
      let report = try Converter.convert(
        input: model.path, output: output, options: ConversionOptions(fuse: fuse))
      XCTAssertEqual(report.fileSize, try OutputFile.read(output).count, file: file, line: line)
      opCounts.append(report.modelOps.reduce(0) { $0 + $1.count })
      let got = try runModelFile(output, x)
      assertClose([got], [want], tolerance: 1e-4, file: file, line: line)
    }
    XCTAssertLessThanOrEqual(
      opCounts[0], opCounts[1], "fusion never adds ops", file: file, line: line)
  }

  func testEveryFixtureConvertsWithAndWithoutFusion() throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: fixtures.path).sorted()
    var converted = 0
    for name in names {
      let dir = fixtures.appendingPathComponent(name)
      let model = dir.appendingPathComponent("model.json")
      guard FileManager.default.fileExists(atPath: model.path) else { continue }
      try assertConverts(
        model, input: dir.appendingPathComponent("input.npy"),
        expected: dir.appendingPathComponent("expected.npy"))
      converted += 1
    }
    XCTAssertGreaterThanOrEqual(converted, 4, "fixtures found in \(fixtures.path)")
  }

  func testEveryFileFormConverts() throws {
    let dense = fixtures.appendingPathComponent("dense_only")
    let archives = fixtures.appendingPathComponent("archives")
    let forms = try FileManager.default.contentsOfDirectory(atPath: archives.path).sorted()
      .filter { !$0.hasSuffix(".bin") }
    XCTAssertFalse(forms.isEmpty)
    for form in forms {
      try assertConverts(
        archives.appendingPathComponent(form), input: dense.appendingPathComponent("input.npy"),
        expected: dense.appendingPathComponent("expected.npy"))
    }
  }

  func testDigitsSampleMatchesKerasOnEveryTestRow() throws {
    let digits = root.appendingPathComponent("samples/digits")
    let (x, xShape) = try readNPY(digits.appendingPathComponent("test_x.npy"))
    let (keras, kerasShape) = try readNPY(digits.appendingPathComponent("keras_output.npy"))
    let rows = xShape[0]
    XCTAssertEqual(kerasShape[0], rows)
    let (inSize, outSize) = (x.count / rows, keras.count / rows)
    for fuse in [true, false] {
      let output = scratch.path("digits-\(fuse).gml")
      _ = try Converter.convert(
        input: digits.appendingPathComponent("model.json").path, output: output,
        options: ConversionOptions(fuse: fuse))
      for r in 0..<rows {
        let got = try runModelFile(output, Array(x[r * inSize..<(r + 1) * inSize]))
        assertClose([got], [Array(keras[r * outSize..<(r + 1) * outSize])], tolerance: 1e-4)
      }
    }
  }

  func testMetadataReportAndPlan() throws {
    let model = fixtures.appendingPathComponent("residual/model.json")
    let output = scratch.path("residual.gml")
    let report = try Converter.convert(input: model.path, output: output)
    let bytes = try OutputFile.read(output)
    let definition = try bytes.withUnsafeBytes { try Model(verifying: $0).definition() }
    let metadata = try XCTUnwrap(definition.metadata)
    XCTAssertEqual(metadata.producer, "gml")
    XCTAssertEqual(metadata.producerVersion, gmlVersion)
    XCTAssertEqual(metadata.sourceName, "model.json")
    XCTAssertEqual(
      metadata.sourceDigest, "sha256:" + SHA256.hexDigest(try OutputFile.read(model.path)))
    XCTAssertNotNil(definition.subgraphs[0].memoryPlan)
    XCTAssertEqual(report.sourceOps.first { $0.name == "BatchNorm" }?.count, 6)
    XCTAssertNil(report.modelOps.first { $0.name == "RELU" }, "every Relu fused: \(report.text)")
    XCTAssertGreaterThan(report.macs, 0)
    XCTAssertGreaterThan(report.parameterCount, 0)
    XCTAssertEqual(report.fileSize, bytes.count)
    XCTAssertTrue(report.text.contains("MACs:"), report.text)
  }

  /// `reusesInputMemory` stores the plan where activations reuse the
  /// inputs' bytes, marked so: smaller, and used by an interpreter made
  /// the same way.
  func testReuseInputMemoryPlan() throws {
    let model = fixtures.appendingPathComponent("residual/model.json")
    let kept = try Converter.convert(input: model.path, output: scratch.path("kept.gml"))
    let output = scratch.path("reused.gml")
    let report = try Converter.convert(
      input: model.path, output: output, options: ConversionOptions(reusesInputMemory: true))
    XCTAssertLessThan(report.arenaSize, kept.arenaSize)
    let bytes = try OutputFile.read(output)
    let plan = try XCTUnwrap(
      try bytes.withUnsafeBytes { try Model(verifying: $0).definition() }.subgraphs[0].memoryPlan)
    XCTAssertTrue(plan.inputsReused)
    XCTAssertEqual(Int(plan.arenaSize), report.arenaSize)
  }

  func testFailuresWriteNothing() throws {
    let output = scratch.path("out.gml")
    let bad = scratch.path("bad.json")
    try Data(
      """
      {"format": "gml-float", "version": 1, "name": "bad",
       "inputs": [{"name": "x", "shape": [1, 4], "dtype": "float32"}], "outputs": ["y"],
       "tensors": {"w": {"shape": [3, 5], "data": [0,0,0,0,0, 0,0,0,0,0, 0,0,0,0,0]}},
       "nodes": [{"name": "d", "op": "Dense", "inputs": ["x", "w"], "outputs": ["y"]}]}
      """.utf8
    ).write(to: URL(fileURLWithPath: bad))
    assertConversionError(["\(bad):nodes[0]: error: Dense 'd': weights shape [3, 5]"]) {
      _ = try Converter.convert(input: bad, output: output)
    }
    let good = fixtures.appendingPathComponent("dense_only/model.json").path
    assertConversionError(["\(good): error: --quantize int8 needs --calibration samples"]) {
      _ = try Converter.convert(
        input: good, output: output, options: ConversionOptions(quantize: .int8))
    }
    assertConversionError(["m.tflite: error: cannot read the file"]) {
      _ = try Converter.convert(input: scratch.path("m.tflite"), output: output)
    }
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: scratch.url.path), ["bad.json"])
  }
}
