// GMLConverterTests/OperatorCoverageTests.swift — every gml-float op has a fixture; every UnaryFunction, BinaryFunction, ReduceFunction and DIV import from .tflite both ways.
import Foundation
import GMLFormat
import GMLKernels
import GMLTestSupport
import XCTest

@testable import GMLConverter

/// The layers a new operator needs that no `switch` makes the compiler ask
/// for (`docs/adding-an-operator.md`): these fail until it has them.
final class OperatorCoverageTests: XCTestCase {
  /// Every gml-float op is used by a converter fixture, so the end-to-end
  /// tests (float against Keras, int8 layer error) run it.
  func testEveryGMLFloatOpHasAFixture() throws {
    var used = Set<String>()
    for (_, folder) in RepositoryPaths.converterFixtures(from: #filePath) {
      let data = try Data(contentsOf: folder.appendingPathComponent("model.json"))
      let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
      for node in document["nodes"] as? [[String: Any]] ?? [] {
        if let op = node["op"] as? String { used.insert(op) }
      }
    }
    for (name, _) in GMLFloatOps.table {
      XCTAssertTrue(used.contains(name), "no converter fixture uses gml-float op \(name)")
    }
  }

  /// A one-op `.tflite` of each `UnaryFunction`'s builtin imports as its op
  /// code, from a float32 model and from an int8 one.
  func testEveryUnaryFunctionImportsFromTFLite() throws {
    for f in UnaryFunction.allCases {
      let code = try builtinCode(f.schemaName)
      for int8 in [false, true] {
        let model = TFLiteModel(
          description: "test", name: "main",
          tensors: [
            activation("x", [1, 4], int8), activation("y", [1, 4], int8),
          ],
          inputs: [0], outputs: [1],
          operators: [TFLiteOperator(builtinCode: code, inputs: [0], outputs: [1])])
        let (definition, _) = try Converter.convert(tflite: model, file: "m.tflite")
        let ops = definition.subgraphs[0].operators.map(\.opcode.schemaName)
        XCTAssertEqual(ops, [f.schemaName], "\(f.schemaName), int8: \(int8)")
      }
    }
  }

  /// A one-op `.tflite` of each `BinaryFunction` and of DIV (two operands;
  /// DIV's options table left out, so its defaults apply) imports as its op
  /// code, from a float32 model and from an int8 one.
  func testBinaryOpsImportFromTFLite() throws {
    for name in BinaryFunction.allCases.map(\.schemaName) + ["DIV"] {
      let code = try builtinCode(name)
      for int8 in [false, true] {
        let model = TFLiteModel(
          description: "test", name: "main",
          tensors: ["a", "b", "y"].map { activation($0, [1, 4], int8) },
          inputs: [0, 1], outputs: [2],
          operators: [TFLiteOperator(builtinCode: code, inputs: [0, 1], outputs: [2])])
        let (definition, _) = try Converter.convert(tflite: model, file: "m.tflite")
        let ops = definition.subgraphs[0].operators.map(\.opcode.schemaName)
        XCTAssertEqual(ops, [name], "\(name), int8: \(int8)")
      }
    }
  }

  /// A one-op `.tflite` of each `ReduceFunction` (axes a constant input,
  /// options `ReducerOptions`) imports as its op code with its axes, from
  /// a float32 model and from an int8 one.
  func testEveryReductionImportsFromTFLite() throws {
    let axes = [1, 2].flatMap { (v: Int32) in withUnsafeBytes(of: v.littleEndian, Array.init) }
    for f in ReduceFunction.allCases {
      let code = try builtinCode(f.schemaName)
      for int8 in [false, true] {
        let model = TFLiteModel(
          description: "test", name: "main",
          tensors: [
            activation("x", [1, 2, 2, 3], int8),
            TFLiteTensor(
              name: "axes", shape: [2], typeCode: TFLiteTensorType.int32.rawValue, data: axes),
            activation("y", [1, 3], int8),
          ],
          inputs: [0], outputs: [2],
          operators: [
            TFLiteOperator(
              builtinCode: code, inputs: [0, 1], outputs: [2],
              options: .reducer(keepDims: false))
          ])
        let (definition, _) = try Converter.convert(tflite: model, file: "m.tflite")
        let op = try XCTUnwrap(
          definition.subgraphs[0].operators.first { $0.opcode.schemaName == f.schemaName })
        XCTAssertEqual(op.options, .mean(axes: [1, 2], keepDims: false), "\(f), int8: \(int8)")
      }
    }
  }

  /// The TFLite builtin code named `name`.
  private func builtinCode(_ name: String) throws -> Int32 {
    try XCTUnwrap(
      (0..<256).map(Int32.init).first { TFLiteBuiltin.name($0) == name },
      "\(name) is no TFLite builtin")
  }

  /// An activation tensor: float32, or int8 with scale 0.1, zero point −5.
  private func activation(_ name: String, _ shape: [Int], _ int8: Bool) -> TFLiteTensor {
    TFLiteTensor(
      name: name, shape: shape,
      typeCode: int8 ? TFLiteTensorType.int8.rawValue : TFLiteTensorType.float32.rawValue,
      quantization: int8 ? TFLiteQuantization(scales: [0.1], zeroPoints: [-5]) : nil)
  }
}
