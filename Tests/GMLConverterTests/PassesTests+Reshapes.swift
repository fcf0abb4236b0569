// GMLConverterTests/PassesTests+Reshapes.swift — RemoveIdentities, CollapseReshapes and FoldConstants.
import GMLFormat
import XCTest

@testable import GMLConverter

final class ReshapeAndIdentityTests: XCTestCase {
  func testDropoutAndIdentityAreRemoved() throws {
    var b = GraphBuilder()
    b.input("x", [1, 6])
    b.node(.dropout, ["x"], "drop")
    b.node(.dense(activation: .none), ["drop", b.constant("w", [4, 6])], "d")
    b.node(.identity, ["d"], "id")
    b.node(.relu, ["id"], "r")
    b.node(.identity, ["r"], "out")  // a graph output: the producer is renamed
    let before = try b.finished(["out"])
    var after = before
    XCTAssertEqual(try RemoveIdentities.run(&after), 3)
    XCTAssertEqual(after.nodes.map(\.op.specName), ["Dense", "Relu"])
    XCTAssertEqual(after.nodes.map(\.outputs), [["d"], ["out"]])
    XCTAssertEqual(after.nodes[0].inputs[0], "x")
    XCTAssertNil(after.tensors["r"])
    try assertSameOutputs(before, after)
  }

  func testIdentityFromInputToOutputBecomesReshape() throws {
    var b = GraphBuilder()
    b.input("x", [2, 3])
    b.node(.identity, ["x"], "y")
    b.node(.relu, ["x"], "z")
    b.node(.identity, ["z"], "z2")  // z is itself an output: kept as a Reshape
    let before = try b.finished(["y", "z", "z2"])
    var after = before
    XCTAssertEqual(try RemoveIdentities.run(&after), 0)
    XCTAssertEqual(
      after.nodes.map(\.op), [.reshape(shape: [2, 3]), .relu, .reshape(shape: [2, 3])])
    try assertSameOutputs(before, after)
  }

  func testReshapeChainsCollapse() throws {
    var b = GraphBuilder()
    b.input("x", [1, 4, 3, 2])
    b.node(.flatten, ["x"], "f")
    b.node(.reshape(shape: [2, -1]), ["f"], "r1")
    b.node(.reshape(shape: [4, 6]), ["r1"], "r2")
    b.node(.relu, ["r2"], "y")
    b.node(.reshape(shape: [4, -1]), ["y"], "same")  // to its own shape
    b.node(.tanh, ["same"], "out")
    let before = try b.finished(["out"])
    var after = before
    XCTAssertEqual(CollapseReshapes.run(&after), 3)
    XCTAssertEqual(after.nodes.map(\.op), [.reshape(shape: [4, 6]), .relu, .tanh])
    XCTAssertEqual(after.nodes[2].inputs, ["y"])
    XCTAssertEqual(after.nodes[0].inputs, ["x"])
    try assertSameOutputs(before, after)
  }

  func testNoCollapseOnlyTurnsFlattenIntoReshape() throws {
    var b = GraphBuilder()
    b.input("x", [2, 3, 2])
    b.node(.flatten, ["x"], "f")
    b.node(.reshape(shape: [-1]), ["f"], "r")
    var g = try b.finished(["r"])
    XCTAssertEqual(CollapseReshapes.run(&g, collapse: false), 0)
    XCTAssertEqual(g.nodes.map(\.op), [.reshape(shape: [2, 6]), .reshape(shape: [12])])
  }

  func testConstantsFoldWithTheRuntime() throws {
    var b = GraphBuilder()
    b.input("x", [1, 3])
    let w = b.constant("w", [3, 4])
    b.node(.transpose(perm: [1, 0]), [w], "wt")  // [4, 3]: weights computed from a constant
    b.node(.add(activation: .relu), ["wt", b.constant("k", [3])], "wk")
    b.node(.dense(activation: .none), ["x", "wk"], "out")
    let before = try b.finished(["out"])
    var after = before
    XCTAssertEqual(try FoldConstants.run(&after), 2)
    XCTAssertEqual(after.nodes.map(\.op.specName), ["Dense"])
    let folded = try XCTUnwrap(after.constant("wk"))
    let (wv, kv) = (try XCTUnwrap(before.constant(w)), try XCTUnwrap(before.constant("k")))
    for o in 0..<4 {
      for i in 0..<3 { XCTAssertEqual(folded[o * 3 + i], max(0, wv[i * 4 + o] + kv[i])) }
    }
    try assertSameOutputs(before, after)
  }
}
