// GMLFormatTests/ModelWriterSizeTests.swift — ModelWriter.sizeBound is never below the written size, and close to it.
import GMLCore
import GMLFormat
import GMLTestSupport
import XCTest

final class ModelWriterSizeTests: XCTestCase {
  /// Asserts `sizeBound(of: model)` is at least the written size and at
  /// most `slack` bytes per table-bearing object above it.
  private func assertBound(
    _ model: ModelDefinition, slack: Int = 400, file: StaticString = #filePath, line: UInt = #line
  ) {
    let written = ModelWriter.write(model).count
    let bound = ModelWriter.sizeBound(of: model)
    let objects =
      model.buffers.count
      + model.subgraphs.reduce(0) { $0 + $1.tensors.count + $1.operators.count + 1 }
      + (model.metadata.map { $0.entries.count + 2 } ?? 0)
    XCTAssertGreaterThanOrEqual(bound, written, file: file, line: line)
    XCTAssertLessThanOrEqual(bound, written + slack * objects + 512, file: file, line: line)
  }

  func testBoundCoversTheSampleModels() {
    assertBound(ModelSamples.everyFeature())
    assertBound(ModelSamples.minimal())
  }

  /// Random models: odd name lengths, ranks, quantization vectors, buffer
  /// sizes around the alignments, options with vectors.
  func testBoundCoversRandomModels() {
    var rng = SplitMix64(seed: 9)
    for _ in 0..<200 {
      var model = ModelSamples.minimal()
      var buffers: [[UInt8]] = [[]]
      var tensors: [TensorDefinition] = []
      for t in 0..<Int(rng.next() % 12) + 1 {
        let rank = Int(rng.next() % 9)
        let name = String(repeating: "n", count: Int(rng.next() % 70))
        var tensor = TensorDefinition(
          name: name + "\(t)", shape: (0..<rank).map { _ in Int32(rng.next() % 5) }, type: .int8)
        if rng.next() % 2 == 0 {
          tensor.buffer = UInt32(buffers.count)
          buffers.append([UInt8](repeating: 1, count: Int(rng.next() % 300)))
        }
        if rng.next() % 3 == 0 {
          let n = Int(rng.next() % 6) + 1
          tensor.quantization = QuantizationDefinition(
            scales: [Float](repeating: 0.5, count: n), zeroPoints: [Int64](repeating: 0, count: n),
            min: rng.next() % 2 == 0 ? [] : [Float](repeating: -1, count: n),
            max: rng.next() % 2 == 0 ? [] : [Float](repeating: 1, count: n))
        }
        tensors.append(tensor)
      }
      let options: [OpOptions] = [
        .none, .reshape(newShape: [1, -1, 3]), .transpose(perm: [0, 2, 1, 3]),
        .pad(paddings: [0, 1, 1, 0, 2, 2], value: 0), .mean(axes: [1, 2], keepDims: true),
        .fullyConnected(activation: .relu, keepNumDims: true),
      ]
      let operators = (0..<Int(rng.next() % 5)).map { i in
        OperatorDefinition(
          opcode: .reshape, inputs: [0, -1], outputs: [Int32(tensors.count - 1)],
          options: options[Int(rng.next() % UInt64(options.count))],
          name: String(repeating: "o", count: i * 7))
      }
      model.buffers = buffers
      model.subgraphs[0].tensors = tensors
      model.subgraphs[0].operators = operators
      assertBound(model)
    }
  }

  func testLargeBufferAddsOnlyItsOwnSize() {
    var model = ModelSamples.minimal()
    model.buffers.append([UInt8](repeating: 7, count: 1 << 20))
    model.subgraphs[0].tensors.append(
      TensorDefinition(name: "big", shape: [1 << 20], type: .int8, buffer: 1))
    assertBound(model)
    XCTAssertLessThan(ModelWriter.sizeBound(of: model), (1 << 20) + 4096)
  }
}
