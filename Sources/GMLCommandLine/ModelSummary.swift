// GMLCommandLine/ModelSummary.swift — what `gml inspect` reports of a model, gathered once.
import GMLCore
import GMLFormat
import GMLRuntime

/// Everything `gml inspect` prints, taken from a verified model.
struct ModelSummary {
  struct TensorRow {
    var index: Int
    var name: String
    var type: ElementType
    var shape: Shape
    var buffer: Int
    var quantization: QuantizationDefinition?
    var arenaOffset: Int
  }
  struct OperatorRow {
    var index: Int
    var opcode: OpCode
    var name: String
    var inputs: [Int]
    var outputs: [Int]
    var options: [(String, String)]
    /// The options as read, for the MAC count.
    var opOptions: OpOptions
  }
  struct BufferRow {
    var index: Int
    var size: Int
    var fileOffset: Int
    var alignment: Int
  }

  var fileSize: Int
  var formatVersion: UInt32
  var roundingMode: RoundingMode
  var subgraphName: String
  var inputs: [Int]
  var outputs: [Int]
  var tensors: [TensorRow] = []
  var operators: [OperatorRow] = []
  var buffers: [BufferRow] = []
  var weightBytes = 0
  var metadata: MetadataDefinition?
  var storedPlan: MemoryPlanDefinition?
  var plan: ArenaPlanner.Plan
  /// The plan where activations reuse the graph inputs' bytes once read
  /// (`Interpreter.Options.reusesInputMemory`).
  var planReusingInputs: ArenaPlanner.Plan
  /// The arena the interpreter needs on a microcontroller (no weights
  /// repacked; the Cortex-M DSP kernels' scratch), one thread: what a static arena
  /// must hold (`Interpreter.init(model:arena:options:)`), and its
  /// alignment; nil when the model does not prepare.
  var microcontrollerArena: (bytes: Int, alignment: Int)?
  /// The same with `reusesInputMemory`, or nil.
  var microcontrollerArenaReusingInputs: Int?
  /// Every arena tensor's size and the operators it is alive for (`plan`'s).
  var lifetimes: [ArenaPlanner.Lifetime]

  /// Gathers the summary of subgraph 0 of `model`.
  /// - Throws: `GMLError` when the arena cannot be planned.
  init(_ model: Model) throws(GMLError) {
    let g = model.subgraphAt(0)
    fileSize = model.bytes.count
    formatVersion = model.formatVersion
    roundingMode = model.roundingMode
    subgraphName = g.name
    inputs = g.inputs
    outputs = g.outputs
    metadata = model.metadata?.definition
    storedPlan = g.memoryPlan
    plan = try ArenaPlanner().plan(g)
    lifetimes = try ArenaPlanner.lifetimes(of: g)
    planReusingInputs = try ArenaPlanner().plan(g, keepingInputs: false)
    let device = Interpreter.Options(kernels: .microcontroller)
    if let bytes = try? Interpreter.arenaSize(for: model, options: device) {
      microcontrollerArena = (bytes, Interpreter.arenaAlignment(for: model, options: device))
    }
    let reusing = Interpreter.Options(kernels: .microcontroller, reusesInputMemory: true)
    microcontrollerArenaReusingInputs = try? Interpreter.arenaSize(for: model, options: reusing)
    for i in 0..<g.tensorCount {
      let t = g.tensorAt(i)
      tensors.append(
        TensorRow(
          index: i, name: t.name, type: t.type, shape: t.shape, buffer: t.buffer,
          quantization: t.quantization, arenaOffset: plan.offsets[i]))
    }
    for i in 0..<g.operatorCount {
      let op = g.operatorAt(i)
      operators.append(
        OperatorRow(
          index: i, opcode: op.opcode, name: op.name, inputs: op.inputs, outputs: op.outputs,
          options: ModelSummary.describe(try op.options()), opOptions: try op.options()))
    }
    for i in 1..<max(model.bufferCount, 1) {
      let b = model.bufferAt(i)
      buffers.append(
        BufferRow(index: i, size: b.bytes.count, fileOffset: b.fileOffset, alignment: b.alignment))
      weightBytes += b.bytes.count
    }
  }

  /// Options as ordered name/value pairs, defaults included.
  static func describe(_ options: OpOptions) -> [(String, String)] {
    func window(_ w: Window2D) -> [(String, String)] {
      var out = [("padding", w.padding.schemaName), ("stride", "\(w.strideH)x\(w.strideW)")]
      if w.padding == .explicit { out.append(("explicit_padding", "\(w.explicitPadding)")) }
      return out
    }
    switch options {
    case .none: return []
    case .conv2D(let o):
      return window(o.window) + [
        ("dilation", "\(o.dilationH)x\(o.dilationW)"), ("activation", o.activation.schemaName),
      ]
    case .depthwiseConv2D(let o):
      return window(o.window) + [
        ("dilation", "\(o.dilationH)x\(o.dilationW)"), ("depth_multiplier", "\(o.depthMultiplier)"),
        ("activation", o.activation.schemaName),
      ]
    case .pool2D(let o):
      return [("filter", "\(o.filterH)x\(o.filterW)")] + window(o.window) + [
        ("activation", o.activation.schemaName)
      ]
    case .fullyConnected(let a, let keep):
      return [("activation", a.schemaName), ("keep_num_dims", "\(keep)")]
    case .elementwise(let a): return [("activation", a.schemaName)]
    case .leakyRelu(let alpha): return [("alpha", "\(alpha)")]
    case .softmax(let beta, let axis): return [("beta", "\(beta)"), ("axis", "\(axis)")]
    case .mean(let axes, let keep): return [("axes", "\(axes)"), ("keep_dims", "\(keep)")]
    case .reshape(let shape): return [("new_shape", "\(shape)")]
    case .concatenation(let axis, let a):
      return [("axis", "\(axis)"), ("activation", a.schemaName)]
    case .pad(let p, let value): return [("paddings", "\(p)"), ("value", "\(value)")]
    case .transpose(let perm): return [("perm", "\(perm)")]
    case .tile(let multiples): return [("multiples", "\(multiples)")]
    case .stridedSlice(let begin, let end, let strides):
      return [("begin", "\(begin)"), ("end", "\(end)"), ("strides", "\(strides)")]
    case .resize(let alignCorners, let halfPixelCenters):
      return [("align_corners", "\(alignCorners)"), ("half_pixel_centers", "\(halfPixelCenters)")]
    case .batchMatMul(let adjointLhs, let adjointRhs):
      return [("adjoint_lhs", "\(adjointLhs)"), ("adjoint_rhs", "\(adjointRhs)")]
    case .gelu(let approximate): return [("approximate", "\(approximate)")]
    case .layerNorm(let epsilon): return [("epsilon", "\(epsilon)")]
    case .sequenceLSTM(let cellClip, let timeMajor, let cellScaleLog2, let activation):
      return [
        ("cell_clip", "\(cellClip)"), ("time_major", "\(timeMajor)"),
        ("cell_scale_log2", "\(cellScaleLog2)"), ("activation", activation.schemaName),
      ]
    case .gru(let timeMajor, let activation):
      return [("time_major", "\(timeMajor)"), ("activation", activation.schemaName)]
    case .gather(let axis): return [("axis", "\(axis)")]
    }
  }
}
