// GMLConverterTests/TFLiteShapeFoldingTests.swift — integer shape arithmetic (TFLiteIntOps) and folding of SHAPE chains.
import GMLCore
import XCTest

@testable import GMLConverter

final class TFLiteShapeFoldingTests: XCTestCase {
  typealias C = TFLiteIntConstant

  func vector(_ v: [Int64]) -> C { C(vector: v) }

  func testStridedSliceTakesTheBatchLikeKeras() throws {
    // shape [1, 7, 7, 8] → [1] via begin 0, end 1, stride 1, shrink.
    let masks = TFLiteIntOps.SliceMasks(begin: 0, end: 0, shrink: 1, offset: false)
    let r = try XCTUnwrap(
      TFLiteIntOps.stridedSlice(vector([1, 7, 7, 8]), begin: [0], end: [1], strides: [1], masks))
    XCTAssertEqual(r, C(shape: [], values: [1]))
  }

  func testStridedSliceMasksNegativeIndicesAndStrides() throws {
    let x = vector([0, 1, 2, 3, 4, 5])
    let none = TFLiteIntOps.SliceMasks(begin: 0, end: 0, shrink: 0, offset: false)
    XCTAssertEqual(
      TFLiteIntOps.stridedSlice(x, begin: [1], end: [-1], strides: [2], none)?.values, [1, 3])
    XCTAssertEqual(
      TFLiteIntOps.stridedSlice(x, begin: [-1], end: [0], strides: [-2], none)?.values, [5, 3, 1])
    let open = TFLiteIntOps.SliceMasks(begin: 1, end: 1, shrink: 0, offset: false)
    XCTAssertEqual(
      TFLiteIntOps.stridedSlice(x, begin: [4], end: [0], strides: [-1], open)?.values,
      [5, 4, 3, 2, 1, 0])
    let offset = TFLiteIntOps.SliceMasks(begin: 0, end: 0, shrink: 0, offset: true)
    XCTAssertEqual(
      TFLiteIntOps.stridedSlice(x, begin: [2], end: [3], strides: [1], offset)?.values, [2, 3, 4])
    XCTAssertEqual(
      TFLiteIntOps.stridedSlice(x, begin: [0], end: [100], strides: [1], none)?.values.count, 6)
    XCTAssertNil(TFLiteIntOps.stridedSlice(x, begin: [0], end: [1], strides: [0], none))
    let shrink = TFLiteIntOps.SliceMasks(begin: 0, end: 0, shrink: 1, offset: false)
    XCTAssertNil(TFLiteIntOps.stridedSlice(x, begin: [6], end: [7], strides: [1], shrink))
  }

  /// Begin, end, size and stride come from the file as any int64: sums
  /// that overflow Int are refused and steps past Int end the range,
  /// where they trapped before.
  func testExtremeIndicesAndStridesDoNotOverflow() throws {
    let x = vector([0, 1, 2, 3, 4, 5])
    let none = TFLiteIntOps.SliceMasks(begin: 0, end: 0, shrink: 0, offset: false)
    XCTAssertEqual(
      TFLiteIntOps.stridedSlice(x, begin: [1], end: [6], strides: [.max], none)?.values, [1])
    XCTAssertEqual(
      TFLiteIntOps.stridedSlice(x, begin: [-1], end: [-7], strides: [.min], none)?.values, [5])
    let offset = TFLiteIntOps.SliceMasks(begin: 0, end: 0, shrink: 0, offset: true)
    XCTAssertNil(TFLiteIntOps.stridedSlice(x, begin: [.max], end: [1], strides: [1], offset))
    XCTAssertNil(TFLiteIntOps.slice(x, begin: [.min], size: [-1]))
    XCTAssertNil(TFLiteIntOps.slice(x, begin: [1], size: [.max]))
    XCTAssertEqual(TFLiteIntOps.slice(x, begin: [6], size: [-1])?.values, [])
  }

  func testStridedSliceTwoDimensions() throws {
    let x = C(shape: [2, 3], values: [0, 1, 2, 3, 4, 5])
    let masks = TFLiteIntOps.SliceMasks(begin: 0, end: 0, shrink: 0, offset: false)
    let r = try XCTUnwrap(
      TFLiteIntOps.stridedSlice(x, begin: [0, 1], end: [2, 3], strides: [1, 1], masks))
    XCTAssertEqual(r, C(shape: [2, 2], values: [1, 2, 4, 5]))
  }

  func testPackConcatenateGatherSlice() throws {
    let scalar = { (v: Int64) in C(shape: [], values: [v]) }
    XCTAssertEqual(
      TFLiteIntOps.pack([scalar(1), scalar(-1)], axis: 0), C(shape: [2], values: [1, -1]))
    let a = C(shape: [2, 1], values: [1, 2])
    let b = C(shape: [2, 1], values: [3, 4])
    XCTAssertEqual(TFLiteIntOps.pack([a, b], axis: 0), C(shape: [2, 2, 1], values: [1, 2, 3, 4]))
    XCTAssertEqual(TFLiteIntOps.pack([a, b], axis: 1), C(shape: [2, 2, 1], values: [1, 3, 2, 4]))
    XCTAssertEqual(
      TFLiteIntOps.pack([a, b], axis: -1), C(shape: [2, 1, 2], values: [1, 3, 2, 4]))
    XCTAssertNil(TFLiteIntOps.pack([a, vector([1])], axis: 0))
    XCTAssertEqual(
      TFLiteIntOps.concatenate([vector([1, 2]), vector([3])], axis: 0), vector([1, 2, 3]))
    XCTAssertEqual(
      TFLiteIntOps.concatenate([a, b], axis: 1), C(shape: [2, 2], values: [1, 3, 2, 4]))
    XCTAssertNil(TFLiteIntOps.concatenate([a, vector([1])], axis: 0))
    XCTAssertEqual(
      TFLiteIntOps.gather(vector([10, 20, 30]), indices: vector([2, 0]), axis: 0),
      vector([30, 10]))
    XCTAssertNil(TFLiteIntOps.gather(vector([10, 20, 30]), indices: vector([3]), axis: 0))
    XCTAssertEqual(
      TFLiteIntOps.slice(vector([1, 2, 3, 4]), begin: [1], size: [-1]), vector([2, 3, 4]))
    XCTAssertNil(TFLiteIntOps.slice(vector([1, 2, 3, 4]), begin: [2], size: [3]))
  }

  func testReduceProductAndArithmetic() throws {
    let x = C(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
    XCTAssertEqual(
      TFLiteIntOps.reduceProduct(x, axes: [1], keepDims: false), C(shape: [2], values: [6, 120]))
    XCTAssertEqual(
      TFLiteIntOps.reduceProduct(x, axes: [0, -1], keepDims: true),
      C(shape: [1, 1], values: [720]))
    XCTAssertNil(TFLiteIntOps.reduceProduct(x, axes: [2], keepDims: false))
    XCTAssertEqual(
      TFLiteIntOps.binary(TFLiteBuiltin.mul, vector([2, 3]), C(shape: [], values: [4])),
      vector([8, 12]))
    XCTAssertEqual(
      TFLiteIntOps.binary(TFLiteBuiltin.floorDiv, vector([7, -7]), vector([2, 2])),
      vector([3, -4]))
    XCTAssertNil(TFLiteIntOps.binary(TFLiteBuiltin.floorDiv, vector([1]), vector([0])))
    XCTAssertNil(TFLiteIntOps.binary(TFLiteBuiltin.add, vector([1, 2]), vector([1, 2, 3])))
  }

  func testIntConstantDecodesAndEncodesLittleEndian() throws {
    let t = TFLiteTensor(
      name: "c", shape: [2], typeCode: TFLiteTensorType.int32.rawValue,
      data: [1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF])
    let c = try XCTUnwrap(TFLiteIntConstant(t))
    XCTAssertEqual(c.values, [1, -1])
    XCTAssertEqual(c.bytes(as: .int32), t.data)
    XCTAssertNil(C(vector: [1 << 40]).bytes(as: .int32))
    XCTAssertEqual(C(vector: [1 << 40]).bytes(as: .int64)?.count, 8)
    var short = t
    short.data = [1, 0, 0]
    XCTAssertNil(TFLiteIntConstant(short))
  }

  /// SHAPE → STRIDED_SLICE → PACK → RESHAPE over an activation becomes a
  /// constant shape; the three operators leave the model.
  func testShapeChainFoldsToAConstant() throws {
    let int32 = TFLiteTensorType.int32.rawValue
    func const(_ name: String, _ v: [Int32]) -> TFLiteTensor {
      TFLiteTensor(
        name: name, shape: [v.count], typeCode: int32,
        data: v.flatMap { x in
          (0..<4).map { UInt8(truncatingIfNeeded: UInt32(bitPattern: x) >> (8 * $0)) }
        })
    }
    let tensors = [
      TFLiteTensor(name: "x", shape: [1, 2, 3], typeCode: 0),
      TFLiteTensor(name: "shape", shape: [3], typeCode: int32),
      const("begin", [0]), const("end", [1]), const("strides", [1]),
      TFLiteTensor(name: "batch", shape: [], typeCode: int32),
      TFLiteTensor(name: "minus_one", shape: [], typeCode: int32, data: [0xFF, 0xFF, 0xFF, 0xFF]),
      TFLiteTensor(name: "new_shape", shape: [2], typeCode: int32),
      TFLiteTensor(name: "y", shape: [1, 6], typeCode: 0),
    ]
    var model = TFLiteModel(
      tensors: tensors, inputs: [0], outputs: [8],
      operators: [
        TFLiteOperator(builtinCode: TFLiteBuiltin.shape, inputs: [0], outputs: [1]),
        TFLiteOperator(
          builtinCode: TFLiteBuiltin.stridedSlice, inputs: [1, 2, 3, 4], outputs: [5],
          options: .stridedSlice(
            beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 1,
            offset: false)),
        TFLiteOperator(
          builtinCode: TFLiteBuiltin.pack, inputs: [5, 6], outputs: [7],
          options: .pack(valuesCount: 2, axis: 0)),
        TFLiteOperator(builtinCode: TFLiteBuiltin.reshape, inputs: [0, 7], outputs: [8]),
      ])
    XCTAssertEqual(TFLiteShapeFolding.run(&model), [3])
    XCTAssertEqual(TFLiteIntConstant(model.tensors[7]), C(vector: [1, -1]))
    let imported = try TFLiteImporter.importModel(model, file: "chain.tflite")
    XCTAssertEqual(imported.foldedCount, 3)
    guard case .float(let graph) = imported.content else { return XCTFail("not float") }
    XCTAssertEqual(graph.nodes.map(\.op), [.reshape(shape: [1, 6])])
  }

  /// FILL of constant dimensions folds to a constant of the value's type
  /// and bytes (float32 and int8 with its quantization kept); a value of
  /// another type than the output, or more than `maxFilledElements`, is
  /// left as an operator.
  func testFillFoldsToAConstant() throws {
    let (int32, int8): (Int8, Int8) = (2, 9)
    let q = TFLiteQuantization(scales: [0.5], zeroPoints: [3])
    let dims = LittleEndian.encode([Int32(2), Int32(3)])
    var model = TFLiteModel(
      tensors: [
        TFLiteTensor(name: "dims", shape: [2], typeCode: int32, data: dims),
        TFLiteTensor(name: "zero", shape: [], typeCode: 0, data: LittleEndian.encode([Float(0)])),
        TFLiteTensor(name: "zeros", shape: [], typeCode: 0),
        TFLiteTensor(name: "q", shape: [], typeCode: int8, data: [253], quantization: q),
        TFLiteTensor(name: "qs", shape: [], typeCode: int8, quantization: q),
        TFLiteTensor(name: "mixed", shape: [], typeCode: int8),
        TFLiteTensor(
          name: "huge", shape: [2], typeCode: int32,
          data: LittleEndian.encode([Int32(1 << 11), Int32(1 << 11)])),
        TFLiteTensor(name: "big", shape: [], typeCode: 0),
        TFLiteTensor(name: "y", shape: [1], typeCode: 0),
      ],
      inputs: [], outputs: [8],
      operators: [
        TFLiteOperator(builtinCode: TFLiteBuiltin.fill, inputs: [0, 1], outputs: [2]),
        TFLiteOperator(builtinCode: TFLiteBuiltin.fill, inputs: [0, 3], outputs: [4]),
        TFLiteOperator(builtinCode: TFLiteBuiltin.fill, inputs: [0, 1], outputs: [5]),
        TFLiteOperator(builtinCode: TFLiteBuiltin.fill, inputs: [6, 1], outputs: [7]),
      ])
    XCTAssertEqual(TFLiteShapeFolding.run(&model), [2, 3])
    XCTAssertEqual(model.tensors[2].shape, [2, 3])
    XCTAssertEqual(model.tensors[2].data, [UInt8](repeating: 0, count: 24))
    XCTAssertEqual(model.tensors[4].shape, [2, 3])
    XCTAssertEqual(model.tensors[4].data, [UInt8](repeating: 253, count: 6))
    XCTAssertEqual(model.tensors[4].quantization, q)
    XCTAssertNil(model.tensors[5].data)
    XCTAssertNil(model.tensors[7].data)
  }
}
