// GMLConverterTests/GatherConversionTests.swift — gml-float's Gather with int32 graph inputs: an embedding lookup in float and int8, and the refusals.
import GMLCore
import GMLFormat
import GMLRuntime
import GMLTestSupport
import XCTest

@testable import GMLConverter

final class GatherConversionTests: XCTestCase {
  /// Ten rows of four values.
  let table: [Float] = (0..<40).map { Float($0 % 13) * 0.25 - 1.5 }
  let tokens: [Float] = [3, 0, 9, 3, 7, 1]

  /// tokens int32 [1, 6] → Gather(table [10, 4]) → [1, 6, 4], then `after`.
  func document(indices: String = "tokens", tokensType: String = "int32", after: String = "")
    -> String
  {
    """
    {"format": "gml-float", "version": 1, "name": "embedding",
     "inputs": [{"name": "tokens", "shape": [1, 6], "dtype": "\(tokensType)"}],
     "outputs": ["\(after.isEmpty ? "y" : "z")"],
     "tensors": {"table": {"shape": [10, 4], "data": [\(table.map { "\($0)" }.joined(separator: ", "))]},
                 "fixed": {"shape": [2], "dtype": "int32", "data": [9, 2]}},
     "nodes": [{"name": "embed", "op": "Gather", "inputs": ["table", "\(indices)"], "outputs": ["y"]}
               \(after)]}
    """
  }

  /// The rows of `table` at `tokens`, in order.
  var rows: [Float] { tokens.flatMap { Array(table[(Int($0) * 4)..<(Int($0) * 4 + 4)]) } }

  func testFloatIsTheTablesRows() throws {
    var graph = try loadDocument(document())
    _ = try Converter.optimize(&graph)
    XCTAssertEqual(graph.shape("y"), [1, 6, 4])
    XCTAssertEqual(try GraphEvaluator.run(graph, inputs: ["tokens": tokens])[0], rows)
    let model = try Lowering.lower(graph)
    let subgraph = model.subgraphs[0]
    XCTAssertEqual(subgraph.tensors[Int(subgraph.inputs[0])].type, .int32)
  }

  /// Constant indices lower as int32 (and, the table being constant too,
  /// fold away).
  func testConstantIndicesFold() throws {
    var graph = try loadDocument(
      document(
        indices: "fixed",
        after: ", {\"name\": \"act\", \"op\": \"Relu\", \"inputs\": [\"y\"], \"outputs\": [\"z\"]}")
    )
    _ = try Converter.optimize(&graph)
    XCTAssertEqual(graph.constant("y"), Array(table[36..<40] + table[8..<12]))
  }

  func testRefusals() throws {
    func assertRefused(_ text: String, _ message: String, line: UInt = #line) {
      XCTAssertThrowsError(
        try {
          var g = try loadDocument(text); _ = try Converter.optimize(&g)
        }(), line: line
      ) { XCTAssertTrue("\($0)".contains(message), "\($0)", line: line) }
    }
    assertRefused(
      document(tokensType: "float32"),
      "the indices 'tokens' must be an int32 graph input or a constant")
    assertRefused(
      document(
        after:
          ", {\"name\": \"sum\", \"op\": \"Add\", \"inputs\": [\"y\", \"tokens\"], \"outputs\": [\"z\"]}"
      ),
      "input 'tokens' is an int32 graph input; only Gather's indices may be int32 (Add reads float32)"
    )
    assertRefused(
      document().replacingOccurrences(of: "[9, 2]", with: "[10, 2]").replacingOccurrences(
        of: "\"tokens\"], \"outputs\"", with: "\"fixed\"], \"outputs\""),
      "index 10.0 at element 0 of 'fixed' is not a row of the table (0..<10)")
    // A float constant far past Int's range is refused, not converted.
    assertRefused(
      document().replacingOccurrences(
        of: "\"dtype\": \"int32\", \"data\": [9, 2]", with: "\"data\": [1e30, 2]"
      ).replacingOccurrences(of: "\"tokens\"], \"outputs\"", with: "\"fixed\"], \"outputs\""),
      "at element 0 of 'fixed' is not a row of the table (0..<10)")
    assertRefused(
      document().replacingOccurrences(of: "\"dtype\": \"int32\"}]", with: "\"dtype\": \"int8\"}]"),
      "a graph input's dtype is \"float32\" or \"int32\", got \"int8\"")
  }

  /// int8: the table quantized over its own range, the output sharing its
  /// parameters; the indices stay int32 with `--io float` as with int8.
  func testInt8SharesTheTablesParameters() throws {
    var graph = try loadDocument(document())
    _ = try Converter.optimize(&graph)
    let samples = CalibrationSamples(
      inputNames: ["tokens"], samples: [[tokens], [[0, 1, 2, 3, 4, 5]]], sourceName: "s")
    let ranges = try Calibrator.ranges(of: graph, samples: samples, method: .minmax)
    XCTAssertNil(ranges["tokens"])
    for io in [IOType.float, .int8] {
      let model = try Quantizer.quantize(
        graph, ranges: ranges, options: QuantizerOptions(io: io), metadata: MetadataDefinition())
      let subgraph = model.subgraphs[0]
      let gather = try XCTUnwrap(subgraph.operators.first { $0.opcode == .gather })
      let tableTensor = subgraph.tensors[Int(gather.inputs[0])]
      XCTAssertEqual(tableTensor.type, .int8)
      let output = subgraph.tensors[Int(gather.outputs[0])]
      XCTAssertEqual(tableTensor.quantization?.scales, output.quantization?.scales)
      XCTAssertEqual(tableTensor.quantization?.zeroPoints, output.quantization?.zeroPoints)
      XCTAssertEqual(subgraph.tensors[Int(subgraph.inputs[0])].type, .int32)
      let scale = try XCTUnwrap(tableTensor.quantization?.scales.first)
      XCTAssertEqual(scale, (table.max()! - table.min()!) / 255, accuracy: 1e-6)
      if io == .float {
        let y = try run(ModelWriter.write(model), tokens: tokens.map { Int32($0) })
        for (a, e) in zip(y, rows) { XCTAssertEqual(a, e, accuracy: scale / 2 + 1e-6) }
      }
    }
  }

  /// Two lookups of one table (a shared embedding): both outputs take the
  /// table's parameters, so the int8 model prepares and runs.
  func testTwoLookupsOfOneTable() throws {
    let text = document(
      after: ", {\"name\": \"again\", \"op\": \"Gather\", \"inputs\": [\"table\", \"more\"], "
        + "\"outputs\": [\"y2\"]}, {\"name\": \"sum\", \"op\": \"Add\", \"inputs\": [\"y\", \"y2\"], "
        + "\"outputs\": [\"z\"]}"
    ).replacingOccurrences(
      of: "\"dtype\": \"int32\"}]",
      with: "\"dtype\": \"int32\"}, {\"name\": \"more\", \"shape\": [1, 6], \"dtype\": \"int32\"}]")
    var graph = try loadDocument(text)
    _ = try Converter.optimize(&graph)
    let samples = CalibrationSamples(
      inputNames: ["tokens", "more"], samples: [[tokens, tokens]], sourceName: "s")
    let ranges = try Calibrator.ranges(of: graph, samples: samples, method: .minmax)
    let model = try Quantizer.quantize(
      graph, ranges: ranges, options: QuantizerOptions(), metadata: MetadataDefinition())
    let subgraph = model.subgraphs[0]
    let gathers = subgraph.operators.filter { $0.opcode == .gather }
    XCTAssertEqual(gathers.count, 2)
    XCTAssertEqual(gathers[0].inputs[0], gathers[1].inputs[0])
    let table = subgraph.tensors[Int(gathers[0].inputs[0])].quantization
    for g in gathers {
      let output = subgraph.tensors[Int(g.outputs[0])].quantization
      XCTAssertEqual(output?.scales, table?.scales)
      XCTAssertEqual(output?.zeroPoints, table?.zeroPoints)
    }
    let bytes = ModelWriter.write(model)
    let result: Result<Void, GMLError> = bytes.withUnsafeBytes { raw in
      do throws(GMLError) {
        _ = try Interpreter(model: try Model(verifying: raw))
        return .success(())
      } catch {
        return .failure(error)
      }
    }
    XCTAssertNoThrow(try result.get(), "the int8 model prepares")
  }

  /// An index outside the table fails `invoke` at the input, before any
  /// operator runs; the next good one runs.
  func testInvokeRefusesAnIndexOutsideTheTable() throws {
    var graph = try loadDocument(document())
    _ = try Converter.optimize(&graph)
    let bytes = ModelWriter.write(try Lowering.lower(graph))
    XCTAssertThrowsError(try run(bytes, tokens: [3, 0, 10, 3, 7, 1])) {
      XCTAssertEqual(($0 as? GMLError)?.kind, .invalidArgument)
      XCTAssertEqual(($0 as? GMLError)?.location, .tensor(0))
    }
    XCTAssertThrowsError(try run(bytes, tokens: [3, 0, -1, 3, 7, 1]))
    XCTAssertEqual(try run(bytes, tokens: tokens.map { Int32($0) }), rows)
  }

  /// `tokens` through the model in `bytes`; the float output.
  func run(_ bytes: [UInt8], tokens: [Int32]) throws -> [Float] {
    let result: Result<[Float], GMLError> = bytes.withUnsafeBytes { raw in
      do throws(GMLError) {
        var interpreter = try Interpreter(model: try Model(verifying: raw))
        try interpreter.copyInput(LittleEndian.encode(tokens), at: 0)
        try interpreter.invoke()
        return .success(try interpreter.copyOutputFloats(at: 0))
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }
}
