// GMLConverterTests/LayerNormLiteRTTests.swift — the int8 LAYER_NORM against LiteRT's unfused int8 LayerNormalization in the .tflite fixtures.
import GMLCore
import GMLKernels
import GMLNumPy
import XCTest

@testable import GMLConverter

final class LayerNormLiteRTTests: XCTestCase {
  /// One LayerNormalization of an int8 fixture: LiteRT's int8 input and
  /// output and their parameters; gamma, beta and epsilon from the float
  /// model, fused by `FuseLayerNorm`.
  struct Block {
    var name: String
    var input: [Int8]
    var output: [Int8]
    var input8: (scale: Float, zeroPoint: Int32)
    var output8: (scale: Float, zeroPoint: Int32)
    var gamma: [Float]
    var beta: [Float]
    var epsilon: Float
  }

  /// Every LayerNormalization of the fixtures `names`, in model order.
  func blocks(_ names: [String]) throws -> [Block] {
    let manifest = try TFLiteManifest.load()
    var blocks: [Block] = []
    for name in names {
      let float = try XCTUnwrap(manifest.models.first { $0.name == name && $0.variant == "float" })
      let int8 = try XCTUnwrap(manifest.models.first { $0.name == name && $0.variant == "int8" })
      guard
        case .float(var graph) = try TFLiteImporter.importModel(
          try TFLiteManifest.model(float), file: float.file
        ).content
      else { return [] }
      _ = try Converter.optimize(&graph)
      let fused = graph.nodes.filter { if case .layerNorm = $0.op { true } else { false } }
      let model = try TFLiteManifest.model(int8)
      let tensors = try XCTUnwrap(int8.tensors)
      let archive = try ZipArchive(bytes: try TFLiteManifest.bytes(tensors), file: tensors)
      func values(_ t: Int) throws -> [Int8] {
        try NPY.read(try archive.data("t\(t).npy")).bytes.map { Int8(bitPattern: $0) }
      }
      func parameters(_ t: Int) throws -> (scale: Float, zeroPoint: Int32) {
        let q = try XCTUnwrap(model.tensors[t].quantization)
        return (q.scales[0], Int32(q.zeroPoints[0]))
      }
      let differences = model.operators.filter { $0.opName == "SQUARED_DIFFERENCE" }
      XCTAssertEqual(differences.count, fused.count, name)
      for (op, node) in zip(differences, fused) {
        guard case .layerNorm(let epsilon) = node.op else { continue }
        let prefix = String(
          model.tensors[op.outputs[0]].name.split(separator: "/moments").first ?? "")
        let y = try XCTUnwrap(model.tensors.firstIndex { $0.name == prefix + "/add_2" }, prefix)
        let x = op.inputs[0]
        blocks.append(
          Block(
            name: prefix, input: try values(x), output: try values(y),
            input8: try parameters(x), output8: try parameters(y),
            gamma: try XCTUnwrap(graph.constant(node.inputs[1])),
            beta: try XCTUnwrap(graph.constant(node.inputs[2])), epsilon: epsilon))
      }
    }
    return blocks
  }

  /// gml's one-rounding LAYER_NORM on LiteRT's int8 input, with LiteRT's
  /// output parameters, against LiteRT's seven-rounding chain: within 2
  /// LSB of it everywhere, and closer than it to the correctly rounded
  /// normalization (which LiteRT's chain misses by up to 2 LSB, gml's by
  /// at most 1).
  func testInt8LayerNormAgainstLiteRTsUnfusedChain() throws {
    let all = try blocks(["layernorm_net", "transformer_block", "convnext_net"])
    XCTAssertEqual(all.count, 9)
    var (gmlError, litertError, count) = (0, 0, 0)
    for b in all {
      let depth = b.gamma.count
      let p = try LayerNorm(input: Shape([b.input.count / depth, depth]), epsilon: b.epsilon)
      let k = try LayerNormInt8(
        p, inputScale: b.input8.scale, inputZeroPoint: b.input8.zeroPoint,
        outputScale: b.output8.scale, outputZeroPoint: b.output8.zeroPoint)
      var out = [Int8](repeating: 0, count: b.input.count)
      b.input.withUnsafeBufferPointer { i in
        b.gamma.withUnsafeBufferPointer { g in
          b.beta.withUnsafeBufferPointer { be in
            out.withUnsafeMutableBufferPointer {
              k.reference(input: i, gamma: g, beta: be, output: $0)
            }
          }
        }
      }
      let exact = correctlyRounded(b, depth: depth)
      for i in out.indices {
        let (gml, litert) = (Int(out[i]), Int(b.output[i]))
        XCTAssertLessThanOrEqual(abs(gml - litert), 2, "\(b.name)[\(i)]")
        XCTAssertLessThanOrEqual(abs(gml - exact[i]), 1, "\(b.name)[\(i)]")
        gmlError += abs(gml - exact[i])
        litertError += abs(litert - exact[i])
        count += 1
      }
    }
    XCTAssertLessThan(gmlError, litertError, "total LSB off the exact result over \(count)")
  }

  /// The normalization of LiteRT's dequantized input in `Double`, rounded
  /// half away from zero to the output's parameters.
  func correctlyRounded(_ b: Block, depth: Int) -> [Int] {
    var result: [Int] = []
    for row in 0..<(b.input.count / depth) {
      let x = b.input[(row * depth)..<((row + 1) * depth)].map {
        Double(Int32($0) - b.input8.zeroPoint) * Double(b.input8.scale)
      }
      let mean = x.reduce(0, +) / Double(depth)
      let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(depth)
      let inverse = 1 / (variance + Double(b.epsilon)).squareRoot()
      for (c, v) in x.enumerated() {
        let y = (v - mean) * inverse * Double(b.gamma[c]) + Double(b.beta[c])
        let q = (y / Double(b.output8.scale)).rounded() + Double(b.output8.zeroPoint)
        result.append(Int(min(max(q, -128), 127)))
      }
    }
    return result
  }
}
