// samples/embedded/common/EmbeddedRun.swift — the run every embedded gml-run shares: verify, prepare, .npy in, invoke, .npy out.
import GMLCore
import GMLFormat
import GMLKernels
import GMLNumPy
import GMLRuntime

/// A model prepared to run the way the host's `gml run` runs it, with
/// nothing but the runtime modules: float32 `.npy` inputs are quantized
/// for int8 inputs and int8 outputs dequantized (TFLite's QUANTIZE and
/// DEQUANTIZE), unless `raw`, which passes int8 in and out unchanged.
///
/// ```swift
/// var run = try EmbeddedRun(model: bytes, raw: false)
/// try run.copyInput(npyFile, at: 0)
/// let allocations = try run.invoke()  // must be 0
/// let (npy, summary) = try run.output(at: 0)
/// ```
struct EmbeddedRun: ~Copyable {
  var interpreter: Interpreter
  let raw: Bool
  /// The operators of the model's graph (what `invoke(observer:)` reports).
  let operatorCount: Int

  /// Verifies and prepares `model`.
  /// - Parameters:
  ///   - model: the `.gml` bytes, 16-byte aligned (64 for large buffers);
  ///     they must outlive the run.
  ///   - raw: pass int8 inputs and outputs as int8.
  ///   - arena: the interpreter's arena (a static buffer that must
  ///     outlive the run), or nil for one it allocates.
  ///   - isa: the highest ISA tier to run (`Interpreter.Options.isa`), or
  ///     nil for the default.
  /// - Throws: `GMLError` from verification or prepare; `arenaTooSmall`
  ///   or `misaligned` for an arena that does not fit the model.
  init(
    model: UnsafeRawBufferPointer, raw: Bool, arena: UnsafeMutableRawBufferPointer? = nil,
    isa: ISATier? = nil
  ) throws(GMLError) {
    let verified = try Model(verifying: model)
    let options = Interpreter.Options(isa: isa)
    if let arena {
      interpreter = try Interpreter(model: verified, arena: arena, options: options)
    } else {
      interpreter = try Interpreter(model: verified, options: options)
    }
    self.raw = raw
    operatorCount = verified.subgraphAt(0).operatorCount
  }

  var inputCount: Int { interpreter.inputCount }
  var outputCount: Int { interpreter.outputCount }
  var arenaSize: Int { interpreter.arenaSize }

  /// Copies a complete `.npy` file into graph input `index`.
  /// - Throws: `GMLError` from the `.npy` reader; `shapeMismatch` when
  ///   the array's type or shape is not the input's (float32 for a
  ///   quantized int8 input unless `raw`).
  mutating func copyInput(_ file: [UInt8], at index: Int) throws(GMLError) {
    let array = try NPY.read(file)
    let info = interpreter.inputInfo(at: index)
    let quantize = !raw && EmbeddedRun.isQuantized(info)
    let expected: ElementType = quantize ? .float32 : info.type
    guard array.type == expected, array.shape == info.shape else {
      throw GMLError(.shapeMismatch, "the array's type or shape differs from the model input's")
    }
    guard quantize, let values = array.float32Values() else {
      return try interpreter.copyInput(array.bytes, at: index)
    }
    try interpreter.copyInput(try info.quantize(values), at: index)
  }

  /// Runs the model once.
  /// - Returns: the heap allocations made inside `invoke()` (0 expected),
  ///   counted by the C side's allocator hook.
  /// - Throws: what `Interpreter.invoke()` throws.
  mutating func invoke() throws(GMLError) -> Int {
    let before = gml_allocation_count()
    try interpreter.invoke()
    return Int(gml_allocation_count() - before)
  }

  /// `invoke()`, telling `observer` around each operator.
  /// - Returns: the heap allocations made inside, as `invoke()`.
  /// - Throws: what `Interpreter.invoke(observer:)` throws.
  mutating func invoke<Observer: InvokeObserver>(observer: inout Observer) throws(GMLError)
    -> Int
  {
    let before = gml_allocation_count()
    try interpreter.invoke(observer: &observer)
    return Int(gml_allocation_count() - before)
  }

  /// Graph output `index` as a complete `.npy` file, dequantized to
  /// float32 for a quantized int8 output unless `raw`, and its type and
  /// shape as `gml run` prints them (`float32[1, 10]`).
  /// - Throws: `GMLError` from the dequantization.
  func output(at index: Int) throws(GMLError) -> (npy: [UInt8], summary: String) {
    let info = interpreter.outputInfo(at: index)
    let bytes = interpreter.copyOutput(at: index)
    let array: NumPyArray
    if !raw && EmbeddedRun.isQuantized(info) {
      let values = try info.dequantize(bytes.map { Int8(bitPattern: $0) })
      array = try NumPyArray(float32: values, shape: info.shape)
    } else {
      array = try NumPyArray(type: info.type, shape: info.shape, bytes: bytes)
    }
    return (NPY.write(array), array.type.name + array.shape.description)
  }

  /// Whether `info` is an int8 tensor with one scale and zero point.
  static func isQuantized(_ info: TensorInfo) -> Bool {
    guard info.type == .int8, let q = info.quantization else { return false }
    return !q.isPerAxis
  }
}
