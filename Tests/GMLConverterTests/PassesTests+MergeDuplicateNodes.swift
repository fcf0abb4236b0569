// GMLConverterTests/PassesTests+MergeDuplicateNodes.swift — the same op on the same inputs computed once; outputs unchanged.
import GMLFormat
import GMLKernels
import XCTest

@testable import GMLConverter

final class MergeDuplicateNodesTests: XCTestCase {
  /// Two ReLUs of x, and the pools of each (then the same pool of one
  /// tensor): the chain merges whole; a pool with other attributes, and a
  /// duplicate whose output is a graph output, stay. The outputs are the
  /// same values.
  func testDuplicatesMergeAndOutputsKeepTheirValues() throws {
    var b = GraphBuilder()
    b.input("x", [1, 4, 4, 3])
    let pool = PoolAttributes(poolH: 2, poolW: 2, window: Window(strideH: 2, strideW: 2))
    let other = PoolAttributes(poolH: 2, poolW: 2, window: Window(strideH: 1, strideW: 1))
    b.node(.relu, ["x"], "r1")
    b.node(.relu, ["x"], "r2")
    b.node(.pool2D(.average, pool), ["r1"], "p1")
    b.node(.pool2D(.average, pool), ["r2"], "p2")
    b.node(.pool2D(.average, other), ["r2"], "p3")
    b.node(.add(activation: .none), ["p1", "p2"], "sum")
    b.node(.relu, ["x"], "r3")
    var graph = try b.finished(["sum", "p3", "r3"])
    let x = (0..<48).map { Float($0 % 7) - 3 }
    let before = try evaluateOnRuntime(graph, ["x": x])
    XCTAssertEqual(MergeDuplicateNodes.run(&graph), 2)
    XCTAssertEqual(graph.nodes.map(\.name), ["r1", "p1", "p3", "sum", "r3"])
    XCTAssertEqual(graph.nodes[2].inputs, ["r1"])
    XCTAssertEqual(graph.nodes[3].inputs, ["p1", "p1"])
    XCTAssertNil(graph.tensors["r2"])
    XCTAssertEqual(try evaluateOnRuntime(graph, ["x": x]), before)
  }
}
