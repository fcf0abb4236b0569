// GMLConverterTests/PassesTests+RemoveDeadNodes.swift — nodes nothing reads removed, chains whole.
import GMLFormat
import XCTest

@testable import GMLConverter

final class RemoveDeadNodesTests: XCTestCase {
  /// A chain that ends in nothing goes whole; a node one of whose outputs
  /// is read, and the graph's outputs, stay.
  func testUnreadChainsGo() throws {
    var b = GraphBuilder()
    b.input("x", [1, 4, 4, 3])
    b.node(.relu, ["x"], "kept")
    b.node(.sigmoid, ["x"], "dead1")
    b.node(.tanh, ["dead1"], "dead2")
    b.node(.add(activation: .none), ["kept", "x"], "out")
    var graph = try b.finished(["out"])
    XCTAssertEqual(RemoveDeadNodes.run(&graph), 2)
    XCTAssertEqual(graph.nodes.map(\.name), ["kept", "out"])
    XCTAssertNil(graph.tensors["dead2"])
  }
}
