// GMLFormat/ModelDefinition.swift — a whole .gml model as plain values: what ModelWriter writes and Model decodes to.
import GMLCore

/// The format version this build writes and the newest it reads.
public let gmlFormatVersion: UInt32 = 1

/// The 4-byte FlatBuffers file identifier of `.gml` files.
public let gmlFileIdentifier = "GML1"

/// Quantization parameters: `real = (q - zeroPoint) * scale`, per tensor
/// (one scale) or per slice along `axis`.
public struct QuantizationDefinition: Equatable, Sendable {
  public var scales: [Float]
  public var zeroPoints: [Int64]
  public var axis: Int32
  /// The calibrated range, one entry per scale, or empty.
  public var min: [Float]
  public var max: [Float]

  public init(
    scales: [Float], zeroPoints: [Int64], axis: Int32 = 0, min: [Float] = [], max: [Float] = []
  ) {
    self.scales = scales
    self.zeroPoints = zeroPoints
    self.axis = axis
    self.min = min
    self.max = max
  }
}

/// A tensor: an activation (`buffer == 0`) or a constant.
public struct TensorDefinition: Equatable, Sendable {
  public var name: String
  public var shape: [Int32]
  public var type: ElementType
  /// Index into `ModelDefinition.buffers`; 0 means no data.
  public var buffer: UInt32
  public var quantization: QuantizationDefinition?

  public init(
    name: String, shape: [Int32], type: ElementType, buffer: UInt32 = 0,
    quantization: QuantizationDefinition? = nil
  ) {
    self.name = name
    self.shape = shape
    self.type = type
    self.buffer = buffer
    self.quantization = quantization
  }
}

/// An operator; inputs of -1 mark absent optional inputs.
public struct OperatorDefinition: Equatable, Sendable {
  public var opcode: OpCode
  public var inputs: [Int32]
  public var outputs: [Int32]
  public var options: OpOptions
  public var name: String

  public init(
    opcode: OpCode, inputs: [Int32], outputs: [Int32], options: OpOptions = .none,
    name: String = ""
  ) {
    self.opcode = opcode
    self.inputs = inputs
    self.outputs = outputs
    self.options = options
    self.name = name
  }
}

/// A precomputed arena layout: one offset per tensor, -1 outside the arena.
public struct MemoryPlanDefinition: Equatable, Sendable {
  public var arenaSize: UInt64
  public var alignment: UInt32
  public var offsets: [Int64]
  /// Whether activations reuse the graph inputs' bytes once read (the
  /// plan was made so: `Interpreter.Options.reusesInputMemory`).
  public var inputsReused: Bool

  public init(
    arenaSize: UInt64, alignment: UInt32 = 16, offsets: [Int64], inputsReused: Bool = false
  ) {
    self.arenaSize = arenaSize
    self.alignment = alignment
    self.offsets = offsets
    self.inputsReused = inputsReused
  }
}

/// A graph; operators in execution order.
public struct SubgraphDefinition: Equatable, Sendable {
  public var name: String
  public var tensors: [TensorDefinition]
  public var inputs: [Int32]
  public var outputs: [Int32]
  public var operators: [OperatorDefinition]
  public var memoryPlan: MemoryPlanDefinition?

  public init(
    name: String = "main", tensors: [TensorDefinition], inputs: [Int32], outputs: [Int32],
    operators: [OperatorDefinition], memoryPlan: MemoryPlanDefinition? = nil
  ) {
    self.name = name
    self.tensors = tensors
    self.inputs = inputs
    self.outputs = outputs
    self.operators = operators
    self.memoryPlan = memoryPlan
  }
}

/// How a full-integer model's activation ranges were calibrated.
public struct CalibrationSummary: Equatable, Sendable {
  public var method: String
  public var sampleCount: UInt32
  public var percentile: Float
  public var source: String

  public init(method: String, sampleCount: UInt32, percentile: Float = 0, source: String = "") {
    self.method = method
    self.sampleCount = sampleCount
    self.percentile = percentile
    self.source = source
  }
}

/// Who made the file and from what.
public struct MetadataDefinition: Equatable, Sendable {
  public var producer: String
  public var producerVersion: String
  /// `sha256:<hex>` of the source model, or empty.
  public var sourceDigest: String
  public var sourceName: String
  public var calibration: CalibrationSummary?
  /// Free key/value pairs; written sorted by key.
  public var entries: [MetadataEntry]

  public init(
    producer: String = "gml", producerVersion: String = "", sourceDigest: String = "",
    sourceName: String = "", calibration: CalibrationSummary? = nil,
    entries: [MetadataEntry] = []
  ) {
    self.producer = producer
    self.producerVersion = producerVersion
    self.sourceDigest = sourceDigest
    self.sourceName = sourceName
    self.calibration = calibration
    self.entries = entries
  }
}

/// One free key/value pair of the metadata.
public struct MetadataEntry: Equatable, Sendable {
  public var key: String
  public var value: String

  public init(key: String, value: String) {
    self.key = key
    self.value = value
  }
}

/// A whole model. `buffers[0]` must be empty (tensor buffer 0 = no data).
public struct ModelDefinition: Equatable, Sendable {
  public var formatVersion: UInt32
  public var subgraphs: [SubgraphDefinition]
  public var buffers: [[UInt8]]
  public var metadata: MetadataDefinition?
  public var roundingMode: RoundingMode

  public init(
    formatVersion: UInt32 = gmlFormatVersion, subgraphs: [SubgraphDefinition],
    buffers: [[UInt8]] = [[]], metadata: MetadataDefinition? = nil,
    roundingMode: RoundingMode = .doubleRounding
  ) {
    self.formatVersion = formatVersion
    self.subgraphs = subgraphs
    self.buffers = buffers
    self.metadata = metadata
    self.roundingMode = roundingMode
  }
}
