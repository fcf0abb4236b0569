// GMLFormatTests/ModelSamples.swift — models that exercise every table, enum and option of the schema.
import GMLCore
import GMLFormat
import GMLTestSupport

enum ModelSamples {
  /// Every op code, every options member, per-tensor and per-axis
  /// quantization, a memory plan, metadata with calibration and entries,
  /// constant buffers of sizes around the 16/64-byte alignment boundary.
  static func everyFeature() -> ModelDefinition {
    var rng = SplitMix64(seed: 42)
    let bufferSizes = [0, 1, 15, 16, 17, 63, 64, 65, 200, 1000]
    let buffers = bufferSizes.map { n in (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    }
    var tensors: [TensorDefinition] = []
    for (i, n) in bufferSizes.enumerated() where i > 0 {
      tensors.append(
        TensorDefinition(name: "const\(i)", shape: [Int32(n)], type: .int8, buffer: UInt32(i)))
    }
    let types: [ElementType] = ElementType.allCases
    for (i, type) in types.enumerated() {
      tensors.append(
        TensorDefinition(
          name: "act_\(type.name)", shape: [1, Int32(i + 1), 3, 2], type: type,
          quantization: i % 2 == 0
            ? QuantizationDefinition(scales: [0.0123 * Float(i + 1)], zeroPoints: [Int64(i) - 3])
            : QuantizationDefinition(
              scales: [0.5, 0.25], zeroPoints: [0, 0], axis: 3, min: [-1.5, -2], max: [1, 2.5])))
    }
    tensors.append(TensorDefinition(name: "scalar", shape: [], type: .float32))
    tensors.append(TensorDefinition(name: "ünïcode ✓", shape: [2, 0], type: .float16))
    let options: [OpOptions] = [
      .conv2D(
        Conv2DOptions(
          window: Window2D(
            padding: .explicit, strideH: 2, strideW: 1, explicitPadding: [1, 2, 0, 1]),
          dilationH: 2, dilationW: 3, activation: .relu6)),
      .depthwiseConv2D(
        DepthwiseConv2DOptions(
          window: Window2D(padding: .same), depthMultiplier: 4, activation: .hardSwish)),
      .fullyConnected(activation: .relu, keepNumDims: true),
      .elementwise(activation: .reluN1To1),
      .leakyRelu(alpha: 0.1),
      .softmax(beta: 0.5, axis: 1),
      .pool2D(Pool2DOptions(window: Window2D(strideH: 2, strideW: 2), filterH: 3, filterW: 2)),
      .mean(axes: [1, 2], keepDims: true),
      .reshape(newShape: [1, -1]),
      .concatenation(axis: 3, activation: .tanh),
      .pad(paddings: [0, 0, 1, 1, 2, 2, 0, 0], value: -1.25),
      .transpose(perm: [0, 3, 1, 2]),
      .tile(multiples: [1, 2, 2, 1]),
      .stridedSlice(begin: [0, 1, 1, 0], end: [1, 4, 3, 2], strides: [1, 2, 1, 1]),
      .none,
    ]
    var operators: [OperatorDefinition] = []
    for (i, code) in OpCode.allCases.enumerated() {
      operators.append(
        OperatorDefinition(
          opcode: code, inputs: [Int32(i % tensors.count), -1],
          outputs: [Int32((i + 1) % tensors.count)],
          options: options[i % options.count], name: i % 3 == 0 ? "" : "node_\(i)"))
    }
    let plan = MemoryPlanDefinition(
      arenaSize: 4096, alignment: 16,
      offsets: tensors.indices.map { $0 < bufferSizes.count - 1 ? -1 : Int64($0 * 16) },
      inputsReused: true)
    let metadata = MetadataDefinition(
      producer: "gml", producerVersion: "0.1.0",
      sourceDigest: "sha256:" + String(repeating: "ab", count: 32),
      sourceName: "model.json",
      calibration: CalibrationSummary(
        method: "percentile", sampleCount: 100, percentile: 99.99, source: "calib.npy"),
      entries: [
        MetadataEntry(key: "b", value: "2"), MetadataEntry(key: "a", value: "quote \" and \\"),
      ])
    return ModelDefinition(
      subgraphs: [
        SubgraphDefinition(
          name: "main", tensors: tensors, inputs: [Int32(bufferSizes.count - 1)],
          outputs: [Int32(tensors.count - 1)], operators: operators, memoryPlan: plan)
      ],
      buffers: buffers, metadata: metadata, roundingMode: .singleRounding)
  }

  /// A minimal valid model: one float input, one Relu, no constants.
  static func minimal() -> ModelDefinition {
    ModelDefinition(subgraphs: [
      SubgraphDefinition(
        tensors: [
          TensorDefinition(name: "x", shape: [1, 4], type: .float32),
          TensorDefinition(name: "y", shape: [1, 4], type: .float32),
        ], inputs: [0], outputs: [1],
        operators: [OperatorDefinition(opcode: .relu, inputs: [0], outputs: [1])])
    ])
  }

  /// The definition as `ModelWriter` will read it back: metadata entries
  /// sorted by key (the schema's `key` rule).
  static func canonical(_ m: ModelDefinition) -> ModelDefinition {
    var m = m
    m.metadata?.entries.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    return m
  }
}
