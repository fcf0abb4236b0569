// GMLFormat/SchemaSlots.swift — field slot numbers of every table in schema/gml.fbs (field order, unions take two).

/// Field slots: the index of each field in its table's declaration order.
/// A union field takes two slots (its type byte, then its value). These
/// numbers are the schema; they only grow.
enum Slot {
  enum Model {
    static let formatVersion = 0, subgraphs = 1, buffers = 2, metadata = 3, roundingMode = 4
  }
  enum Subgraph {
    static let name = 0, tensors = 1, inputs = 2, outputs = 3, operators = 4, memoryPlan = 5
  }
  enum Tensor {
    static let name = 0, shape = 1, type = 2, buffer = 3, quantization = 4
  }
  enum Quantization {
    static let scale = 0, zeroPoint = 1, quantizedDimension = 2, min = 3, max = 4
  }
  enum Buffer {
    static let data = 0
  }
  enum Operator {
    static let opcode = 0, inputs = 1, outputs = 2, optionsType = 3, options = 4, name = 5
  }
  enum MemoryPlan {
    static let arenaSize = 0, alignment = 1, offsets = 2, inputsReused = 3
  }
  enum Metadata {
    static let producer = 0, producerVersion = 1, sourceDigest = 2, sourceName = 3
    static let calibration = 4, entries = 5
  }
  enum KeyValue {
    static let key = 0, value = 1
  }
  enum Calibration {
    static let method = 0, sampleCount = 1, percentile = 2, source = 3
  }
  /// Conv2DOptions, DepthwiseConv2DOptions and Pool2DOptions share their
  /// first three slots (padding, stride_h, stride_w).
  enum Window {
    static let padding = 0, strideH = 1, strideW = 2
  }
  enum Conv2D {
    static let dilationH = 3, dilationW = 4, activation = 5, explicitPadding = 6
  }
  enum DepthwiseConv2D {
    static let dilationH = 3, dilationW = 4, depthMultiplier = 5, activation = 6
    static let explicitPadding = 7
  }
  enum Pool2D {
    static let filterH = 3, filterW = 4, activation = 5, explicitPadding = 6
  }
  enum FullyConnected {
    static let activation = 0, keepNumDims = 1
  }
  enum Elementwise {
    static let activation = 0
  }
  enum LeakyRelu {
    static let alpha = 0
  }
  enum Softmax {
    static let beta = 0, axis = 1
  }
  enum Mean {
    static let axes = 0, keepDims = 1
  }
  enum Reshape {
    static let newShape = 0
  }
  enum Concatenation {
    static let axis = 0, activation = 1
  }
  enum Pad {
    static let paddings = 0, value = 1
  }
  enum Transpose {
    static let perm = 0
  }
  enum Tile {
    static let multiples = 0
  }
  enum StridedSlice {
    static let begin = 0, end = 1, strides = 2
  }
  enum Resize {
    static let alignCorners = 0, halfPixelCenters = 1
  }
}
