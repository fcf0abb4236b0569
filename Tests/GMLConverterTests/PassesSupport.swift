// GMLConverterTests/PassesSupport.swift — building small graphs in Swift and running them on the runtime interpreter.
import GMLFormat
import GMLTestSupport
import XCTest

@testable import GMLConverter

/// A graph under construction, with seeded random constants.
struct GraphBuilder {
  var graph = Graph(name: "test", sourceFile: "test.json")
  var rng = SplitMix64(seed: 7)

  /// Adds a graph input.
  mutating func input(_ name: String, _ shape: [Int]) {
    graph.inputs.append(name)
    graph.tensors[name] = GraphTensor(name: name, shape: shape)
  }

  /// Adds a constant of random values in `range` and returns its name.
  @discardableResult
  mutating func constant(_ name: String, _ shape: [Int], _ range: ClosedRange<Float> = -1...1)
    -> String
  {
    let values = (0..<shape.reduce(1, *)).map { _ in Float.random(in: range, using: &rng) }
    graph.tensors[name] = GraphTensor(name: name, shape: shape, data: values)
    return name
  }

  /// Adds a node named after its output and returns the output's name.
  @discardableResult
  mutating func node(_ op: Op, _ inputs: [String], _ output: String) -> String {
    graph.nodes.append(Node(name: output, op: op, inputs: inputs, outputs: [output]))
    return output
  }

  /// Marks the model outputs and returns the graph, sorted and shaped.
  func finished(_ outputs: [String]) throws -> Graph {
    var g = graph
    g.outputs = outputs
    try TopologicalSort.run(&g)
    try InferShapes.run(&g)
    return g
  }

  /// A Conv2D node with a random `[out, k, k, in]` filter and bias.
  @discardableResult
  mutating func conv(
    _ x: String, in c: Int, out: Int, k: Int, _ output: String,
    _ attributes: ConvAttributes = ConvAttributes(), bias: Bool = true
  ) -> String {
    let f = constant(output + ".w", [out, k, k, c])
    let inputs = bias ? [x, f, constant(output + ".b", [out])] : [x, f]
    return node(.conv2D(attributes), inputs, output)
  }

  /// A BatchNorm node with random parameters (variance in 0.5...2).
  @discardableResult
  mutating func batchNorm(_ x: String, channels c: Int, _ output: String) -> String {
    let params = [
      constant(output + ".gamma", [c], 0.5...1.5), constant(output + ".beta", [c]),
      constant(output + ".mean", [c]), constant(output + ".var", [c], 0.5...2),
    ]
    return node(.batchNorm(epsilon: 0.001), [x] + params, output)
  }
}

/// Random inputs for every graph input of `graph`.
func randomInputs(_ graph: Graph, seed: UInt64 = 11) -> [String: [Float]] {
  var rng = SplitMix64(seed: seed)
  var inputs: [String: [Float]] = [:]
  for name in graph.inputs {
    let count = graph.tensors[name]?.elementCount ?? 0
    inputs[name] = (0..<count).map { _ in Float.random(in: -2...2, using: &rng) }
  }
  return inputs
}

/// Runs `graph` on the runtime: applies only the rewrites `.gml` needs
/// (no fusion), lowers, and invokes the interpreter.
func evaluateOnRuntime(_ graph: Graph, _ inputs: [String: [Float]]) throws -> [[Float]] {
  var g = graph
  try TopologicalSort.run(&g)
  try InferShapes.run(&g)
  try RemoveIdentities.run(&g)
  RecurrentLastStep.run(&g)
  try FoldBatchNorm.run(&g, fold: false)
  CollapseReshapes.run(&g, collapse: false)
  return try GraphEvaluator.run(g, inputs: inputs)
}

/// Checks that `after` computes what `before` does on random inputs, within
/// `tolerance` relative to max(1, |expected|).
func assertSameOutputs(
  _ before: Graph, _ after: Graph, tolerance: Float = 1e-5, file: StaticString = #filePath,
  line: UInt = #line
) throws {
  let inputs = randomInputs(before)
  let expected = try evaluateOnRuntime(before, inputs)
  let actual = try evaluateOnRuntime(after, inputs)
  XCTAssertEqual(after.outputs, before.outputs, "output names", file: file, line: line)
  assertClose(actual, expected, tolerance: tolerance, file: file, line: line)
}

/// Checks two lists of output arrays element by element.
func assertClose(
  _ actual: [[Float]], _ expected: [[Float]], tolerance: Float, file: StaticString = #filePath,
  line: UInt = #line
) {
  XCTAssertEqual(actual.count, expected.count, "output count", file: file, line: line)
  for (o, (a, e)) in zip(actual, expected).enumerated() {
    XCTAssertEqual(a.count, e.count, "output \(o) size", file: file, line: line)
    var worst: (Int, Float) = (-1, 0)
    for i in 0..<min(a.count, e.count) {
      let error = abs(a[i] - e[i]) / max(1, abs(e[i]))
      if !(error <= worst.1) { worst = (i, error) }
    }
    XCTAssertTrue(
      worst.1 <= tolerance,
      "output \(o) element \(worst.0): \(a[max(worst.0, 0)]) vs expected "
        + "\(e[max(worst.0, 0)]) (relative error \(worst.1) > \(tolerance))",
      file: file, line: line)
  }
}

/// The number of nodes whose op has `specName`.
func nodeCount(_ specName: String, in graph: Graph) -> Int {
  graph.nodes.filter { $0.op.specName == specName }.count
}

/// Asserts `body` throws a `ConversionError` whose text contains every fragment.
func assertConversionError(
  _ fragments: [String], file: StaticString = #filePath, line: UInt = #line,
  _ body: () throws -> Void
) {
  do {
    try body()
    XCTFail("expected an error containing \(fragments)", file: file, line: line)
  } catch let error as ConversionError {
    for fragment in fragments {
      XCTAssertTrue(
        error.description.contains(fragment), "'\(error.description)' lacks '\(fragment)'",
        file: file, line: line)
    }
  } catch {
    XCTFail("unexpected error \(error)", file: file, line: line)
  }
}
