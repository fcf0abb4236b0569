// GMLConverterTests/PassesTests+InferShapes.swift — computed shapes and the errors for ops that do not fit.
import GMLFormat
import GMLKernels
import XCTest

@testable import GMLConverter

final class InferShapesTests: XCTestCase {
  func testShapesOfASmallNetwork() throws {
    var b = GraphBuilder()
    b.input("x", [1, 9, 9, 3])
    let same2 = ConvAttributes(window: Window(strideH: 2, strideW: 2, padding: .same))
    b.conv("x", in: 3, out: 8, k: 3, "c1", same2)  // ceil(9/2) = 5
    let dilated = ConvAttributes(dilationH: 2, dilationW: 2)
    b.conv("c1", in: 8, out: 4, k: 2, "c2", dilated)  // 5 - 2 = 3
    b.constant("dw.w", [1, 3, 3, 8])
    let explicit = ConvAttributes(
      window: Window(padding: .explicit(top: 1, bottom: 0, left: 2, right: 2)), depthMultiplier: 2)
    b.node(.depthwiseConv2D(explicit), ["c2", "dw.w"], "dw")  // [1, 2, 5, 8]
    b.node(
      .pool2D(.max, PoolAttributes(poolH: 2, poolW: 2, window: Window(strideH: 2, strideW: 2))),
      ["dw"], "p")
    b.node(.reduce(.mean, axes: [-3, 2], keepDims: true), ["dw"], "m")
    b.node(.flatten, ["m"], "f")
    b.constant("d.w", [10, 8])
    b.node(.dense(activation: .none), ["f", "d.w"], "d")
    b.node(.reshape(shape: [2, -1]), ["d"], "r")
    b.node(.transpose(perm: [1, 0]), ["r"], "t")
    b.node(.pad(paddings: [[1, 0], [0, 2]], value: 0), ["t"], "padded")
    b.node(.concat(axis: -1), ["t", "t"], "cat")
    b.node(.mul(activation: .none), ["p", b.constant("s", [8])], "scaled")
    let g = try b.finished(["p", "padded", "cat", "scaled"])
    let shapes = ["c1", "c2", "dw", "p", "m", "f", "d", "r", "t", "padded", "cat", "scaled"].map {
      g.shape($0)
    }
    XCTAssertEqual(
      shapes,
      [
        [1, 5, 5, 8], [1, 3, 3, 4], [1, 2, 5, 8], [1, 1, 2, 8], [1, 1, 1, 8], [1, 8], [1, 10],
        [2, 5], [5, 2], [6, 4], [5, 4], [1, 1, 2, 8],
      ])
  }

  /// Builds `x → node` and expects InferShapes to fail with `fragments`.
  func assertShapeError(
    _ fragments: [String], input: [Int] = [1, 6, 6, 4], line: UInt = #line,
    _ build: (inout GraphBuilder) -> Void
  ) {
    var b = GraphBuilder()
    b.input("x", input)
    build(&b)
    assertConversionError(["test.json:nodes["] + fragments, line: line) {
      _ = try b.finished([b.graph.nodes.last?.outputs[0] ?? ""])
    }
  }

  func testConvolutionErrors() {
    assertShapeError([
      "Conv2D 'c'", "reads 3 input channels but the input has 4", "[out, kh, kw, 4 / groups]",
    ]) {
      $0.conv("x", in: 3, out: 8, k: 3, "c")
    }
    // Two groups of 2 input channels, but 3 outputs do not split in two.
    assertShapeError(["reads 2 input channels but the input has 4", "groups dividing 4 and out"]) {
      $0.conv("x", in: 2, out: 3, k: 3, "c")
    }
    assertShapeError(["bias shape [7] does not match 8 output channels"]) {
      $0.node(
        .conv2D(ConvAttributes()), ["x", $0.constant("w", [8, 3, 3, 4]), $0.constant("b", [7])], "c"
      )
    }
    assertShapeError(["strides must be ≥ 1, got [0, 1]"]) {
      $0.conv("x", in: 4, out: 8, k: 3, "c", ConvAttributes(window: Window(strideH: 0)))
    }
    assertShapeError(["the 7×7 window", "output would be 0×0, expected at least 1×1"]) {
      $0.conv("x", in: 4, out: 8, k: 7, "c")
    }
    assertShapeError(["dilations must be ≥ 1"]) {
      $0.conv("x", in: 4, out: 8, k: 3, "c", ConvAttributes(dilationH: 0))
    }
    assertShapeError(["input must be NHWC (rank 4), got shape [1, 6]"], input: [1, 6]) {
      $0.conv("x", in: 6, out: 8, k: 1, "c")
    }
    assertShapeError(["DepthwiseConv2D 'd'", "expected [1, kh, kw, 8]"]) {
      $0.node(
        .depthwiseConv2D(ConvAttributes(depthMultiplier: 2)),
        ["x", $0.constant("w", [1, 3, 3, 4])], "d")
    }
    assertShapeError(["explicit padding must be ≥ 0"]) {
      let pool = PoolAttributes(
        poolH: 2, poolW: 2,
        window: Window(padding: .explicit(top: -1, bottom: 0, left: 0, right: 0)))
      $0.node(.pool2D(.max, pool), ["x"], "p")
    }
  }

  func testDenseAndBatchNormErrors() {
    assertShapeError(
      ["weights shape [3, 5] expects last input dimension 5, got input shape [1, 6]"],
      input: [1, 6]
    ) {
      $0.node(.dense(activation: .none), ["x", $0.constant("w", [3, 5])], "d")
    }
    assertShapeError(["variance shape [3] must be [4] (the last dimension of x)"]) {
      let p = [$0.constant("g", [4]), $0.constant("b", [4]), $0.constant("m", [4])]
      $0.node(.batchNorm(epsilon: 0.001), ["x"] + p + [$0.constant("v", [3])], "bn")
    }
    assertShapeError(["expected 5 inputs, got 2"]) {
      $0.node(.batchNorm(epsilon: 0.001), ["x", $0.constant("g", [4])], "bn")
    }
  }

  func testTensorOpErrors() {
    assertShapeError(["cannot broadcast shapes [1, 6, 6, 4] and [3]", "expected equal sizes or 1"])
    {
      $0.node(.add(activation: .none), ["x", $0.constant("c", [3])], "a")
    }
    assertShapeError(["axes [1, -3] name axis 1 twice"]) {
      $0.node(.reduce(.mean, axes: [1, -3], keepDims: false), ["x"], "m")
    }
    assertShapeError(["axis 4 is out of range for rank 4: expected -4..<4"]) {
      $0.node(.reduce(.mean, axes: [4], keepDims: false), ["x"], "m")
    }
    assertShapeError(["cannot reshape [1, 6, 6, 4] (144 elements) to [5, -1]"]) {
      $0.node(.reshape(shape: [5, -1]), ["x"], "r")
    }
    assertShapeError(["has more than one -1"]) { $0.node(.reshape(shape: [-1, -1]), ["x"], "r") }
    assertShapeError(["to [2, 2] (4 elements)"]) { $0.node(.reshape(shape: [2, 2]), ["x"], "r") }
    assertShapeError(["input 1 has shape [1, 5, 6, 4]", "as in input 0: [1, 6, 6, *]"]) {
      $0.node(.pool2D(.max, PoolAttributes(poolH: 2, poolW: 1, window: Window())), ["x"], "p")
      $0.node(.concat(axis: 3), ["x", "p"], "c")
    }
    assertShapeError(["paddings has 2 entries, expected one [before, after] per dimension (4)"]) {
      $0.node(.pad(paddings: [[0, 0], [1, 1]], value: 0), ["x"], "p")
    }
    assertShapeError(["paddings[1] is [1, -1]"]) {
      $0.node(.pad(paddings: [[0, 0], [1, -1], [0, 0], [0, 0]], value: 0), ["x"], "p")
    }
    assertShapeError(["perm [0, 1, 1, 2] is not a permutation of 0..<4"]) {
      $0.node(.transpose(perm: [0, 1, 1, 2]), ["x"], "t")
    }
    assertShapeError(["Softmax 's': axis -5 is out of range"]) {
      $0.node(.softmax(axis: -5, beta: 1), ["x"], "s")
    }
  }

  /// Outputs too large to run are refused at the node that makes them,
  /// before any later rule multiplies their dimensions (which would trap).
  func testOutputsTooLargeToRunAreRefused() {
    let big = Int(Int32.max)
    let tooLarge = "would take more than 2147483647 bytes as float32, the most one tensor may hold"
    assertShapeError(["Pad 'p': output 'p' of shape [1, 4294967296, 4294967296, 4]", tooLarge]) {
      $0.node(
        .pad(paddings: [[0, 0], [big, big - 4], [big, big - 4], [0, 0]], value: 0), ["x"], "p")
      $0.node(.flatten, ["p"], "f")
    }
    assertShapeError(["paddings[1] is [\(Int.max), 1], too large to add"]) {
      $0.node(.pad(paddings: [[0, 0], [Int.max, 1], [0, 0], [0, 0]], value: 0), ["x"], "p")
    }
    assertShapeError(["more elements than a 64-bit count holds"]) {
      $0.node(.reshape(shape: [-1, big, big, big]), ["x"], "r")
    }
    assertShapeError(["output 'r' has rank 9, above the limit of 8"]) {
      $0.node(.reshape(shape: [1, 1, 1, 1, 1, 6, 6, 4, 1]), ["x"], "r")
    }
    var b = GraphBuilder()
    b.input("x", [1, 1 << 29, 2])
    b.node(.relu, ["x"], "y")
    assertConversionError(["test.json:inputs[0]: error: graph input 'x' of shape", tooLarge]) {
      _ = try b.finished(["y"])
    }
  }
}
