// Fuzz/Support/FuzzModelRun.swift — runs .gml bytes as `gml run` would (verify, prepare, invoke), within fuzzing budgets.
import GMLCore
import GMLFormat
import GMLKernels
import GMLRuntime

/// Bounds that keep one fuzz input from asking, legitimately, for more
/// memory or time than a fuzzer run can give (`tools/fuzz.sh` sets
/// `-rss_limit_mb=2048` and `-timeout=10`).
enum FuzzBudget {
  /// The most bytes the model's tensors may take together (an upper bound
  /// of the arena, packed weights and float16 widening included).
  static let maxTensorBytes = 64 << 20
  /// The most kernel work one invoke may do, counted per operator as its
  /// output elements times its largest input's elements.
  static let maxWork = 1 << 26
}

/// Verifies `bytes` as a `.gml` file. When it verifies, the file
/// `ModelWriter` writes from its `definition()` (as `gml inspect` reads
/// it) must verify too; when it also fits `FuzzBudget`, it is prepared
/// with the reference and with the fast kernels, both are invoked once on
/// the same pseudo-random inputs, and their outputs must agree byte for
/// byte (a float32 NaN with any NaN: `fuzzSameOutputs`). Fast float32
/// kernels may sum in another order than the reference (on random bytes,
/// with cancellations, any difference is possible): a model that runs one
/// is still invoked on them, and the same outputs are then asked of the
/// portable tier's fast kernels, whose float kernels all keep the
/// reference's order. Each broken rule traps.
///
/// Refusals (`GMLError`) are the expected outcome of most inputs; a crash,
/// trap or sanitizer report is the finding.
/// - Parameter bytes: the file.
/// - Returns: whether the file verified.
@discardableResult
func fuzzRunModel(_ bytes: UnsafeRawBufferPointer) -> Bool {
  fuzzWithModel(bytes) { model in
    let rewritten = ModelWriter.write(model.definition())
    guard rewritten.withUnsafeBytes({ fuzzWithModel($0) { _ in } }) else {
      fatalError("ModelWriter.write(model.definition()) wrote a file that does not verify")
    }
    guard fuzzFitsBudget(model) else { return }
    let reference = fuzzInvoke(model, kernels: .reference)?.outputs
    guard let fast = fuzzInvoke(model, kernels: .fast) else { return }
    let compared =
      fast.runsFastFloat ? fuzzInvoke(model, kernels: .fast, isa: .portable)?.outputs : fast.outputs
    if let reference, let compared, !fuzzSameOutputs(reference, compared, model) {
      fatalError("fast and reference kernels disagree on a model both prepared")
    }
  }
}

/// Whether two runs' outputs are the same: byte for byte, but a float32
/// NaN equals any NaN. Which NaN's payload an addition of two NaNs keeps
/// depends on its operands' order, which the compilers may swap (LLVM's
/// `fadd` is commutative): the fuzzer found a float AVERAGE_POOL_2D whose
/// reference loop and channel-innermost fast loop, summing in the same
/// order, returned NaNs with different payloads.
func fuzzSameOutputs(_ a: [[UInt8]], _ b: [[UInt8]], _ model: Model) -> Bool {
  guard a.count == b.count else { return false }
  let graph = model.subgraphAt(0)
  for (o, t) in graph.outputs.enumerated() where o < a.count {
    guard a[o] != b[o] else { continue }
    guard graph.tensorAt(t).type == .float32, a[o].count == b[o].count else { return false }
    for (x, y) in zip(LittleEndian.floats(a[o]), LittleEndian.floats(b[o]))
    where x.bitPattern != y.bitPattern && !(x.isNaN && y.isNaN) {
      return false
    }
  }
  return true
}

/// Verifies `bytes` as a `.gml` file and passes the model to `body`.
/// - Parameters:
///   - bytes: the file; copied into a buffer of exactly its size, 64-byte
///     aligned, so that reads past the end reach AddressSanitizer.
///   - body: what to do with the verified model.
/// - Returns: whether the file verified.
func fuzzWithModel(_ bytes: UnsafeRawBufferPointer, _ body: (Model) -> Void) -> Bool {
  let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 64)
  defer { copy.deallocate() }
  copy.copyMemory(from: bytes)
  guard let model = try? Model(verifying: UnsafeRawBufferPointer(copy)) else { return false }
  body(model)
  return true
}

/// Prepares `model`, fills its inputs with pseudo-random bytes, invokes it once.
/// - Returns: every output's bytes, in order, and whether a float32
///   CONV_2D, FULLY_CONNECTED or DEPTHWISE_CONV_2D ran a fast kernel (the
///   portable tier's depthwise kernel is the reference's sums bit for
///   bit); nil when prepare refused the model.
func fuzzInvoke(_ model: Model, kernels: Interpreter.Options.Kernels, isa: ISATier? = nil)
  -> (outputs: [[UInt8]], runsFastFloat: Bool)?
{
  guard var interpreter = try? Interpreter(model: model, options: .init(kernels: kernels, isa: isa))
  else { return nil }
  let graph = model.subgraphAt(0)
  let runsFastFloat = interpreter.fastOperators.contains { i in
    let op = graph.operatorAt(i)
    return [.conv2D, .fullyConnected, .depthwiseConv2D].contains(op.opcode)
      && !op.outputs.isEmpty && graph.tensorAt(op.outputs[0]).type == .float32
  }
  var state: UInt64 = 0x9E37_79B9_7F4A_7C15
  for i in 0..<interpreter.inputCount {
    let count = interpreter.inputInfo(at: i).byteCount
    var input = [UInt8](repeating: 0, count: count)
    for j in 0..<count {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      input[j] = UInt8(truncatingIfNeeded: state >> 56)
    }
    guard (try? interpreter.copyInput(input, at: i)) != nil else {
      fatalError("copyInput refused an input of exactly inputInfo(at:).byteCount bytes")
    }
  }
  guard (try? interpreter.invoke()) != nil else { return nil }
  return ((0..<interpreter.outputCount).map { interpreter.copyOutput(at: $0) }, runsFastFloat)
}

/// Whether `model`'s tensors and operators stay within `FuzzBudget`.
func fuzzFitsBudget(_ model: Model) -> Bool {
  guard model.subgraphCount > 0 else { return true }
  let graph = model.subgraphAt(0)
  let planned = graph.memoryPlan?.arenaSize ?? 0
  guard planned <= UInt64(FuzzBudget.maxTensorBytes) else { return false }
  var bytes = Int(planned)
  var elements: [Int] = []
  for t in 0..<graph.tensorCount {
    let tensor = graph.tensorAt(t)
    guard let count = try? tensor.shape.elementCount(limit: FuzzBudget.maxTensorBytes) else {
      return false
    }
    elements.append(count)
    bytes += 4 * count * tensor.type.byteSize
    if bytes > FuzzBudget.maxTensorBytes { return false }
  }
  func count(_ t: Int) -> Int { t >= 0 && t < elements.count ? elements[t] : 0 }
  var work = 0
  for o in 0..<graph.operatorCount {
    let op = graph.operatorAt(o)
    let output = op.outputs.reduce(1) { $0 + count($1) }
    let input = op.inputs.reduce(1) { max($0, count($1) + 1) }
    work += output * input
    if work > FuzzBudget.maxWork { return false }
  }
  return true
}
