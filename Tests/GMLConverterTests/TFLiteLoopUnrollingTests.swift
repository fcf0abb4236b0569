// GMLConverterTests/TFLiteLoopUnrollingTests.swift — WHILE loops unrolled at import: results, shared constants, nesting, refusals.
import GMLCore
import GMLFormat
import XCTest

@testable import GMLConverter

final class TFLiteLoopUnrollingTests: XCTestCase {
  typealias B = TFLiteBuiltin
  static let float: Int8 = TFLiteTensorType.float32.rawValue
  static let int32: Int8 = TFLiteTensorType.int32.rawValue
  static let bool: Int8 = TFLiteTensorType.bool.rawValue

  static func scalar(_ name: String, _ value: Int32? = nil) -> TFLiteTensor {
    TFLiteTensor(
      name: name, shape: [], typeCode: int32, data: value.map { LittleEndian.encode([$0]) })
  }

  static func floats(_ name: String, _ shape: [Int], _ values: [Float]? = nil) -> TFLiteTensor {
    TFLiteTensor(
      name: name, shape: shape, typeCode: float, data: values.map { LittleEndian.encode($0) })
  }

  /// `i < limit` on loop values (i, x).
  static func condition(limit: Int32, readsX: Bool = false) -> TFLiteSubgraph {
    TFLiteSubgraph(
      tensors: [
        scalar("i"), floats("x", [1, 3]), scalar("limit", limit),
        TFLiteTensor(name: "go", shape: [], typeCode: bool), floats("zero", [], [0]),
      ],
      inputs: [0, 1], outputs: [3],
      operators: [
        readsX
          ? TFLiteOperator(builtinCode: B.less, inputs: [1, 4], outputs: [3])
          : TFLiteOperator(builtinCode: B.less, inputs: [0, 2], outputs: [3])
      ])
  }

  /// (i, x) → (i + 1, x × w + b): one FULLY_CONNECTED-free step whose
  /// constants (w, b) every copy shares; `extra` appends an operator on x.
  static func body(extra: TFLiteOperator? = nil) -> TFLiteSubgraph {
    var operators = [
      TFLiteOperator(
        builtinCode: B.add, inputs: [0, 2], outputs: [3], options: .arithmetic(activation: 0)),
      TFLiteOperator(
        builtinCode: B.mul, inputs: [1, 4], outputs: [5], options: .arithmetic(activation: 0)),
      TFLiteOperator(
        builtinCode: B.add, inputs: [5, 6], outputs: [7], options: .arithmetic(activation: 0)),
    ]
    if let extra { operators.append(extra) }
    return TFLiteSubgraph(
      tensors: [
        scalar("i"), floats("x", [1, 3]), scalar("one", 1), scalar("next"),
        floats("w", [3], [2, -1, 0.5]), floats("xw", [1, 3]), floats("b", [3], [1, 0, -1]),
        floats("y", [1, 3]),
      ],
      inputs: [0, 1], outputs: [3, 7], operators: operators)
  }

  /// input x → WHILE (i from 0 while i < limit: x ← x × w + b) → output.
  static func loop(
    limit: Int32 = 3, readsX: Bool = false, body: TFLiteSubgraph = body(), subgraphs: Int? = nil
  ) -> TFLiteModel {
    TFLiteModel(
      subgraphCount: 3, name: "main",
      tensors: [
        floats("input", [1, 3]), scalar("zero", 0), scalar("i_out"), floats("out", [1, 3]),
      ],
      inputs: [0], outputs: [3],
      operators: [
        TFLiteOperator(
          builtinCode: B.whileLoop, inputs: [1, 0], outputs: [2, 3],
          options: .whileLoop(cond: 1, body: subgraphs ?? 2))
      ],
      subgraphs: [condition(limit: limit, readsX: readsX), body])
  }

  func imported(_ model: TFLiteModel) throws -> (Graph, TFLiteImport) {
    let result = try TFLiteImporter.importModel(model, file: "loop.tflite")
    guard case .float(let graph) = result.content else { throw XCTSkip("not float") }
    return (graph, result)
  }

  func assertRefused(_ model: TFLiteModel, place: String, _ message: String) {
    XCTAssertThrowsError(try TFLiteImporter.importModel(model, file: "loop.tflite")) { error in
      let e = error as? ConversionError
      XCTAssertEqual(e?.file, "loop.tflite")
      XCTAssertEqual(e?.place, place)
      XCTAssertEqual(e?.message, message)
    }
  }

  /// Three trips: three copies of the body sharing w and b, the counter
  /// folded away, the result that of running the loop.
  func testLoopUnrollsIntoCopiesOfItsBody() throws {
    let (graph, result) = try imported(Self.loop(limit: 3))
    XCTAssertEqual(result.loopsUnrolled, 1)
    XCTAssertEqual(result.sourceOps, ["WHILE"])
    XCTAssertEqual(result.foldedCount, 3)
    let mul = Op.mul(activation: .none)
    let add = Op.add(activation: .none)
    XCTAssertEqual(graph.nodes.map(\.op), [mul, add, mul, add, mul, add])
    XCTAssertEqual(graph.tensors.values.filter { $0.data != nil }.count, 2)
    XCTAssertEqual(
      graph.nodes[2].place,
      "subgraphs[2].operators[1] (in the body of the WHILE at "
        + "subgraphs[0].operators[0])")
    var x: [Float] = [1, 2, 3]
    for _ in 0..<3 { x = zip(x, zip([2, -1, 0.5], [1, 0, -1])).map { $0 * $1.0 + $1.1 } }
    let y = try evaluateOnRuntime(graph, ["input": [1, 2, 3]])
    XCTAssertEqual(y, [x])
  }

  /// A condition false at once leaves the loop's inputs as its results.
  func testLoopThatNeverRunsPassesItsInputsThrough() throws {
    let (graph, _) = try imported(Self.loop(limit: 0))
    XCTAssertTrue(graph.nodes.isEmpty)
    XCTAssertEqual(graph.outputs, ["input"])
  }

  /// A loop in a loop's body unrolls too: 2 × 3 copies of the inner body.
  func testNestedLoopsUnroll() throws {
    var model = Self.loop(limit: 2)
    let inner = Self.loop(limit: 3)
    // Subgraph 2 is an outer body whose step is the inner loop (subgraphs 3, 4).
    model.subgraphs =
      [
        Self.condition(limit: 2),
        TFLiteSubgraph(
          tensors: [
            Self.scalar("i"), Self.floats("x", [1, 3]), Self.scalar("one", 1),
            Self.scalar("next"), Self.scalar("zero", 0), Self.scalar("j"),
            Self.floats("y", [1, 3]),
          ],
          inputs: [0, 1], outputs: [3, 6],
          operators: [
            TFLiteOperator(
              builtinCode: B.add, inputs: [0, 2], outputs: [3], options: .arithmetic(activation: 0)),
            TFLiteOperator(
              builtinCode: B.whileLoop, inputs: [4, 1], outputs: [5, 6],
              options: .whileLoop(cond: 3, body: 4)),
          ]),
      ] + inner.subgraphs
    model.subgraphCount = 5
    let (graph, result) = try imported(model)
    XCTAssertEqual(result.loopsUnrolled, 3)
    XCTAssertEqual(graph.nodes.count, 12)
  }

  /// A condition reading the model's data cannot be decided: refused at
  /// the WHILE, naming the condition's operator.
  func testDataDependentConditionIsRefused() {
    assertRefused(
      Self.loop(readsX: true), place: "subgraphs[0].operators[0]",
      "WHILE cannot be unrolled: its condition's LESS (subgraphs[1].operators[0]) reads a value "
        + "that is not known at conversion; gml unrolls loops whose trip count is")
  }

  func testTooManyTripsAreRefused() {
    XCTAssertThrowsError(
      try TFLiteImporter.importModel(
        Self.loop(limit: 5000), file: "loop.tflite", maxOperators: 100_000)
    ) { error in
      XCTAssertEqual((error as? ConversionError)?.place, "subgraphs[0].operators[0]")
      XCTAssertEqual(
        (error as? ConversionError)?.message,
        "WHILE makes more than 4096 trips, the most gml unrolls")
    }
  }

  func testMissingSubgraphIsRefused() {
    assertRefused(
      Self.loop(subgraphs: 7), place: "subgraphs[0].operators[0]",
      "WHILE names subgraphs 1 (condition) and 7 (body); the file's loop subgraphs are 1 to 2")
  }

  func testMismatchedOperandCountsAreRefused() {
    var body = Self.body()
    body.outputs = [3]
    assertRefused(
      Self.loop(body: body), place: "subgraphs[0].operators[0]",
      "WHILE has 2 inputs and 2 outputs; its condition (subgraph 1) takes 2 and gives 1, its "
        + "body (subgraph 2) takes 2 and gives 1")
  }

  /// A loop that unrolls past the operator limit is refused at the body
  /// operator that crossed it.
  func testOperatorLimitCountsUnrolledOperators() {
    XCTAssertThrowsError(
      try TFLiteImporter.importModel(Self.loop(limit: 100), file: "loop.tflite", maxOperators: 50)
    ) { error in
      XCTAssertEqual(
        (error as? ConversionError)?.message,
        "WHILE unrolled, the model has more than 50 operators "
          + "(ConversionLimits.maxTFLiteOperators)")
    }
  }

  /// An unsupported operator in a body is reported once per body place,
  /// with the count of its copies.
  func testUnsupportedBodyOperatorNamesItsPlaceInTheBody() {
    let sin = TFLiteOperator(builtinCode: 66, inputs: [7], outputs: [7])
    assertRefused(
      Self.loop(limit: 3, body: Self.body(extra: sin)), place: "subgraphs[0].operators",
      "3 operators are not supported by gml: SIN ×3 at operator subgraphs[2].operators[3] (in "
        + "the body of the WHILE at subgraphs[0].operators[0]); nothing was written")
  }
}
