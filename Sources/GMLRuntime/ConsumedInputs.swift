// GMLRuntime/ConsumedInputs.swift — which graph inputs an invoke has overwritten, where activations reuse their bytes.
import GMLCore

/// With `Interpreter.Options.reusesInputMemory` activations take the graph
/// inputs' bytes once read, so an `invoke` consumes its inputs: this
/// records which ones, until each is copied again (`Interpreter.copyInput`),
/// and refuses an `invoke` on an input it has overwritten. A class, so that
/// the input copies made inside closures (not `mutating`) clear their flag.
final class ConsumedInputs {
  /// Per graph input, whether the last `invoke` overwrote it.
  private var consumed: [Bool]

  /// - Parameter count: the graph inputs.
  init(count: Int) { consumed = [Bool](repeating: false, count: count) }

  /// Input `index` holds new bytes.
  func copied(_ index: Int) { consumed[index] = false }

  /// Checks that no input is one the last `invoke` consumed, then marks
  /// them all consumed by the coming one.
  /// - Parameter inputs: the graph inputs' infos, for the error's tensor.
  /// - Throws: `invalidArgument` at the first consumed input's tensor.
  func consume(_ inputs: [TensorInfo]) throws(GMLError) {
    for i in consumed.indices where consumed[i] {
      throw GMLError(
        .invalidArgument, at: .tensor(inputs[i].tensorIndex),
        "graph input overwritten by the last invoke (Options.reusesInputMemory): copy it again")
    }
    for i in consumed.indices { consumed[i] = true }
  }
}
