// GMLConverterTests/PassesTests+FusePad.swift — explicit Pad folded into convolutions where exact, refused elsewhere.
import GMLFormat
import GMLKernels
import XCTest

@testable import GMLConverter

final class FusePadTests: XCTestCase {
  static let hw = [[0, 0], [1, 2], [2, 1], [0, 0]]

  /// x → Pad(paddings, value) → `consumer`; returns (before, after, fused count).
  func padThen(
    _ paddings: [[Int]] = hw, value: Float = 0, input: [Int] = [1, 7, 6, 3],
    _ consumer: (inout GraphBuilder) -> Void
  ) throws -> (Graph, Graph, Int) {
    var b = GraphBuilder()
    b.input("x", input)
    b.node(.pad(paddings: paddings, value: value), ["x"], "padded")
    consumer(&b)
    let before = try b.finished([b.graph.nodes.last?.outputs[0] ?? ""])
    var after = before
    let fused = FusePad.run(&after)
    try InferShapes.run(&after)
    return (before, after, fused)
  }

  func testConvValidExplicitAndSame() throws {
    let paddings: [PaddingSpec] = [
      .valid, .explicit(top: 1, bottom: 0, left: 0, right: 2), .same,
    ]
    for padding in paddings {
      for stride in [1, 2] {
        let attributes = ConvAttributes(
          window: Window(strideH: stride, strideW: stride, padding: padding), dilationH: 2)
        let (before, after, fused) = try padThen {
          $0.conv("padded", in: 3, out: 4, k: 3, "c", attributes)
        }
        XCTAssertEqual(fused, 1, "\(padding) stride \(stride)")
        XCTAssertEqual(after.nodes.count, 1)
        guard case .conv2D(let a) = after.nodes[0].op, case .explicit = a.window.padding else {
          return XCTFail("expected explicit padding, got \(after.nodes[0].op)")
        }
        XCTAssertEqual(after.shape("c"), before.shape("c"))
        try assertSameOutputs(before, after)
      }
    }
  }

  func testDepthwiseAndTwoReaders() throws {
    let (before, after, fused) = try padThen {
      let w = $0.constant("dw.w", [1, 3, 3, 6])
      $0.node(
        .depthwiseConv2D(ConvAttributes(window: Window(padding: .same), depthMultiplier: 2)),
        ["padded", w], "d1")
      $0.conv("padded", in: 3, out: 6, k: 2, "c2", ConvAttributes(window: Window(padding: .same)))
      $0.node(.add(activation: .none), ["d1", "c2"], "sum")
    }
    XCTAssertEqual(fused, 1)
    XCTAssertEqual(nodeCount("Pad", in: after), 0)
    try assertSameOutputs(before, after)
  }

  func testRefusals() throws {
    let maxPool = PoolAttributes(poolH: 2, poolW: 2, window: Window())
    let cases: [(String, [[Int]], Float, (inout GraphBuilder) -> Void)] = [
      ("max pool pads with -inf", Self.hw, 0, { $0.node(.pool2D(.max, maxPool), ["padded"], "p") }),
      (
        "avg pool counts differ", Self.hw, 0,
        { $0.node(.pool2D(.average, maxPool), ["padded"], "p") }
      ),
      ("non-zero value", Self.hw, 1, { $0.conv("padded", in: 3, out: 2, k: 3, "c") }),
      (
        "channel pad", [[0, 0], [1, 1], [1, 1], [0, 1]], 0,
        { $0.conv("padded", in: 4, out: 2, k: 3, "c") }
      ),
      (
        "batch pad", [[1, 0], [1, 1], [1, 1], [0, 0]], 0,
        { $0.conv("padded", in: 3, out: 2, k: 3, "c") }
      ),
      (
        "another reader", Self.hw, 0,
        {
          $0.conv("padded", in: 3, out: 3, k: 1, "c")
          $0.node(.add(activation: .none), ["c", "padded"], "sum")
        }
      ),
    ]
    for (why, paddings, value, consumer) in cases {
      let (before, after, fused) = try padThen(paddings, value: value, consumer)
      XCTAssertEqual(fused, 0, why)
      XCTAssertEqual(after, before, why)
    }
  }
}
