// GMLConverterTests/PassesTests+TopologicalSort.swift — node ordering and the errors for badly wired graphs.
import GMLFormat
import XCTest

@testable import GMLConverter

final class TopologicalSortTests: XCTestCase {
  /// a → relu → r1 → sigmoid → r2, listed backwards.
  func chain() -> GraphBuilder {
    var b = GraphBuilder()
    b.input("x", [1, 4])
    b.node(.sigmoid, ["r1"], "r2")
    b.node(.relu, ["x"], "r1")
    return b
  }

  func testSortsNodesAndKeepsSourcePlaces() throws {
    var g = chain().graph
    g.outputs = ["r2"]
    try TopologicalSort.run(&g)
    XCTAssertEqual(g.nodes.map(\.name), ["r1", "r2"])
    XCTAssertEqual(g.nodes.map(\.place), ["nodes[1]", "nodes[0]"])
  }

  func testSortedGraphKeepsItsOrder() throws {
    var b = GraphBuilder()
    b.input("x", [1, 4])
    b.node(.relu, ["x"], "a")
    b.node(.tanh, ["x"], "b")
    b.node(.add(activation: .none), ["a", "b"], "c")
    b.node(.sigmoid, ["x"], "d")
    var g = b.graph
    g.outputs = ["c", "d"]
    try TopologicalSort.run(&g)
    XCTAssertEqual(g.nodes.map(\.name), ["a", "b", "c", "d"])
  }

  func testCycleListsItsNodes() {
    var b = GraphBuilder()
    b.input("x", [1, 4])
    b.node(.add(activation: .none), ["x", "c"], "a")
    b.node(.relu, ["a"], "b")
    b.node(.tanh, ["b"], "c")
    var g = b.graph
    g.outputs = ["c"]
    assertConversionError([
      "test.json:nodes[0]: error: the graph has a cycle: ", "nodes[0] 'a'", "nodes[1] 'b'",
      "nodes[2] 'c'",
    ]) { try TopologicalSort.run(&g) }
  }

  func testTensorProducedTwice() {
    var b = chain()
    b.node(.tanh, ["x"], "r1")
    var g = b.graph
    g.outputs = ["r2"]
    assertConversionError([
      "test.json:nodes[2]: error: Tanh 'r1': output 'r1' is already produced by nodes[1] 'r1'"
    ]) { try TopologicalSort.run(&g) }
  }

  func testNameNeverDefined() {
    var b = chain()
    b.node(.add(activation: .none), ["r2", "ghost"], "sum")
    var g = b.graph
    g.outputs = ["sum"]
    assertConversionError([
      "test.json:nodes[2]: error: Add 'sum': input 'ghost' is not a graph input, constant or node output"
    ]) { try TopologicalSort.run(&g) }
    g.nodes.removeLast()
    g.outputs = ["r2", "nowhere"]
    assertConversionError(["test.json:outputs[1]: error: graph output 'nowhere' is not"]) {
      try TopologicalSort.run(&g)
    }
  }

  func testGraphInputOrConstantProduced() {
    var b = chain()
    b.node(.relu, ["r2"], "x")
    var g = b.graph
    g.outputs = ["r2"]
    assertConversionError(["nodes[2]", "output 'x' is a graph input"]) {
      try TopologicalSort.run(&g)
    }
    var c = chain()
    let w = c.constant("w", [4])
    c.node(.relu, ["r2"], w)
    g = c.graph
    g.outputs = ["r2"]
    assertConversionError(["nodes[2]", "output 'w' is a constant"]) { try TopologicalSort.run(&g) }
  }
}
