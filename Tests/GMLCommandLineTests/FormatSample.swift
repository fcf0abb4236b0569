// GMLCommandLineTests/FormatSample.swift — the definition behind samples/digits-format-sample.gml.
import GMLCore
import GMLFormat
import GMLTestSupport

/// A digits-shaped int8 graph (8×8 image → 10 classes) with seeded random
/// weights: a sample of the file format, not a trained model.
enum FormatSample {
  static let fileName = "digits-format-sample.gml"

  static func definition() -> ModelDefinition {
    var rng = SplitMix64(seed: 2026)
    func int8s(_ n: Int) -> [UInt8] {
      (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next() % 255 &+ 129) }
    }
    func int32s(_ n: Int) -> [UInt8] {
      (0..<n).flatMap { _ -> [UInt8] in
        let v = Int32(truncatingIfNeeded: rng.next() % 2001) - 1000
        return withUnsafeBytes(of: v.littleEndian) { Array($0) }
      }
    }
    func q(_ scale: Float, _ zp: Int64) -> QuantizationDefinition {
      QuantizationDefinition(scales: [scale], zeroPoints: [zp])
    }
    let convScales: [Float] = [0.0061, 0.0047, 0.0072, 0.0055]
    let tensors = [
      TensorDefinition(name: "image", shape: [1, 8, 8, 1], type: .float32),
      TensorDefinition(
        name: "image_q", shape: [1, 8, 8, 1], type: .int8, quantization: q(1.0 / 255, -128)),
      TensorDefinition(
        name: "conv1.w", shape: [4, 3, 3, 1], type: .int8, buffer: 1,
        quantization: QuantizationDefinition(scales: convScales, zeroPoints: [0, 0, 0, 0], axis: 0)),
      TensorDefinition(
        name: "conv1.b", shape: [4], type: .int32, buffer: 2,
        quantization: QuantizationDefinition(
          scales: convScales.map { $0 / 255 }, zeroPoints: [0, 0, 0, 0], axis: 0)),
      TensorDefinition(
        name: "conv1", shape: [1, 8, 8, 4], type: .int8, quantization: q(0.0213, -128)),
      TensorDefinition(
        name: "pool1", shape: [1, 4, 4, 4], type: .int8, quantization: q(0.0213, -128)),
      TensorDefinition(name: "flat", shape: [1, 64], type: .int8, quantization: q(0.0213, -128)),
      TensorDefinition(
        name: "fc.w", shape: [10, 64], type: .int8, buffer: 3,
        quantization: QuantizationDefinition(scales: [0.0039], zeroPoints: [0])),
      TensorDefinition(
        name: "fc.b", shape: [10], type: .int32, buffer: 4,
        quantization: QuantizationDefinition(scales: [0.0213 * 0.0039], zeroPoints: [0])),
      TensorDefinition(name: "logits", shape: [1, 10], type: .int8, quantization: q(0.1172, 3)),
      TensorDefinition(
        name: "probs_q", shape: [1, 10], type: .int8, quantization: q(1.0 / 256, -128)),
      TensorDefinition(name: "probs", shape: [1, 10], type: .float32),
    ]
    let operators = [
      OperatorDefinition(opcode: .quantize, inputs: [0], outputs: [1], name: "quantize_input"),
      OperatorDefinition(
        opcode: .conv2D, inputs: [1, 2, 3], outputs: [4],
        options: .conv2D(Conv2DOptions(window: Window2D(padding: .same), activation: .relu)),
        name: "conv1"),
      OperatorDefinition(
        opcode: .maxPool2D, inputs: [4], outputs: [5],
        options: .pool2D(
          Pool2DOptions(window: Window2D(strideH: 2, strideW: 2), filterH: 2, filterW: 2)),
        name: "pool1"),
      OperatorDefinition(
        opcode: .reshape, inputs: [5], outputs: [6], options: .reshape(newShape: [1, 64]),
        name: "flatten"),
      OperatorDefinition(
        opcode: .fullyConnected, inputs: [6, 7, 8], outputs: [9],
        options: .fullyConnected(activation: .none, keepNumDims: false), name: "fc"),
      OperatorDefinition(
        opcode: .softmax, inputs: [9], outputs: [10], options: .softmax(beta: 1, axis: -1),
        name: "softmax"),
      OperatorDefinition(
        opcode: .dequantize, inputs: [10], outputs: [11], name: "dequantize_output"),
    ]
    return ModelDefinition(
      subgraphs: [
        SubgraphDefinition(
          name: "main", tensors: tensors, inputs: [0], outputs: [11], operators: operators)
      ],
      buffers: [[], int8s(36), int32s(4), int8s(640), int32s(10)],
      metadata: MetadataDefinition(
        producer: "gml", producerVersion: gmlVersion, sourceName: "digits-format-sample",
        entries: [
          MetadataEntry(
            key: "note", value: "format sample with random weights, not a trained model")
        ]))
  }
}
