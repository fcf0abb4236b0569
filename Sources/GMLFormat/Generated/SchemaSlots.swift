// GMLFormat/Generated/SchemaSlots.swift — the field slot of every table; generated from schema/gml.fbs by `swift run gml-schema`, do not edit.

/// Field slots: the index of each field in its table's declaration order.
/// A union field takes two slots (its type byte, then its value). These
/// numbers are the schema; they only grow.
enum Slot {
  /// `Quantization`.
  enum Quantization {
    static let scale = 0
    static let zeroPoint = 1
    static let quantizedDimension = 2
    static let min = 3
    static let max = 4
  }

  /// `Tensor`.
  enum Tensor {
    static let name = 0
    static let shape = 1
    static let type = 2
    static let buffer = 3
    static let quantization = 4
  }

  /// `Buffer`.
  enum Buffer {
    static let data = 0
  }

  /// `Conv2DOptions`.
  enum Conv2DOptions {
    static let padding = 0
    static let strideH = 1
    static let strideW = 2
    static let dilationH = 3
    static let dilationW = 4
    static let activation = 5
    static let explicitPadding = 6
  }

  /// `DepthwiseConv2DOptions`.
  enum DepthwiseConv2DOptions {
    static let padding = 0
    static let strideH = 1
    static let strideW = 2
    static let dilationH = 3
    static let dilationW = 4
    static let depthMultiplier = 5
    static let activation = 6
    static let explicitPadding = 7
  }

  /// `FullyConnectedOptions`.
  enum FullyConnectedOptions {
    static let activation = 0
    static let keepNumDims = 1
  }

  /// `ElementwiseOptions`.
  enum ElementwiseOptions {
    static let activation = 0
  }

  /// `LeakyReluOptions`.
  enum LeakyReluOptions {
    static let alpha = 0
  }

  /// `SoftmaxOptions`.
  enum SoftmaxOptions {
    static let beta = 0
    static let axis = 1
  }

  /// `Pool2DOptions`.
  enum Pool2DOptions {
    static let padding = 0
    static let strideH = 1
    static let strideW = 2
    static let filterH = 3
    static let filterW = 4
    static let activation = 5
    static let explicitPadding = 6
  }

  /// `MeanOptions`.
  enum MeanOptions {
    static let axes = 0
    static let keepDims = 1
  }

  /// `ReshapeOptions`.
  enum ReshapeOptions {
    static let newShape = 0
  }

  /// `ConcatenationOptions`.
  enum ConcatenationOptions {
    static let axis = 0
    static let activation = 1
  }

  /// `PadOptions`.
  enum PadOptions {
    static let paddings = 0
    static let value = 1
  }

  /// `TransposeOptions`.
  enum TransposeOptions {
    static let perm = 0
  }

  /// `TileOptions`.
  enum TileOptions {
    static let multiples = 0
  }

  /// `StridedSliceOptions`.
  enum StridedSliceOptions {
    static let begin = 0
    static let end = 1
    static let strides = 2
  }

  /// `ResizeOptions`.
  enum ResizeOptions {
    static let alignCorners = 0
    static let halfPixelCenters = 1
  }

  /// `BatchMatMulOptions`.
  enum BatchMatMulOptions {
    static let adjointLhs = 0
    static let adjointRhs = 1
  }

  /// `GeluOptions`.
  enum GeluOptions {
    static let approximate = 0
  }

  /// `LayerNormOptions`.
  enum LayerNormOptions {
    static let epsilon = 0
  }

  /// `SequenceLSTMOptions`.
  enum SequenceLSTMOptions {
    static let cellClip = 0
    static let timeMajor = 1
    static let cellScaleLog2 = 2
    static let activation = 3
  }

  /// `GRUOptions`.
  enum GRUOptions {
    static let timeMajor = 0
    static let activation = 1
  }

  /// `GatherOptions`.
  enum GatherOptions {
    static let axis = 0
  }

  /// `Operator`.
  enum Operator {
    static let opcode = 0
    static let inputs = 1
    static let outputs = 2
    static let optionsType = 3
    static let options = 4
    static let name = 5
  }

  /// `MemoryPlan`.
  enum MemoryPlan {
    static let arenaSize = 0
    static let alignment = 1
    static let offsets = 2
    static let inputsReused = 3
  }

  /// `Subgraph`.
  enum Subgraph {
    static let name = 0
    static let tensors = 1
    static let inputs = 2
    static let outputs = 3
    static let operators = 4
    static let memoryPlan = 5
  }

  /// `KeyValue`.
  enum KeyValue {
    static let key = 0
    static let value = 1
  }

  /// `CalibrationSummary`.
  enum CalibrationSummary {
    static let method = 0
    static let sampleCount = 1
    static let percentile = 2
    static let source = 3
  }

  /// `Metadata`.
  enum Metadata {
    static let producer = 0
    static let producerVersion = 1
    static let sourceDigest = 2
    static let sourceName = 3
    static let calibration = 4
    static let entries = 5
  }

  /// `Model`.
  enum Model {
    static let formatVersion = 0
    static let subgraphs = 1
    static let buffers = 2
    static let metadata = 3
    static let roundingMode = 4
  }
}
