// GMLRuntime/Interpreter+IO.swift — graph inputs and outputs: facts, lookup by name, copies in and out.
import GMLCore

extension Interpreter {
  /// The number of graph inputs.
  public var inputCount: Int { inputInfos.count }

  /// The number of graph outputs.
  public var outputCount: Int { outputInfos.count }

  /// Name, type, shape and quantization of graph input `index`.
  /// - Precondition: `index < inputCount`.
  public func inputInfo(at index: Int) -> TensorInfo {
    precondition(index >= 0 && index < inputCount, "Interpreter.inputInfo(at:): index out of range")
    return inputInfos[index]
  }

  /// Name, type, shape and quantization of graph output `index`.
  /// - Precondition: `index < outputCount`.
  public func outputInfo(at index: Int) -> TensorInfo {
    precondition(
      index >= 0 && index < outputCount, "Interpreter.outputInfo(at:): index out of range")
    return outputInfos[index]
  }

  /// The position of the graph input whose tensor is called `name`.
  /// - Parameter name: the tensor name (compared byte for byte).
  /// - Returns: the input index, or nil.
  public func inputIndex(named name: String) -> Int? {
    inputInfos.firstIndex { $0.name.utf8.elementsEqual(name.utf8) }
  }

  /// The position of the graph output whose tensor is called `name`.
  /// - Parameter name: the tensor name (compared byte for byte).
  /// - Returns: the output index, or nil.
  public func outputIndex(named name: String) -> Int? {
    outputInfos.firstIndex { $0.name.utf8.elementsEqual(name.utf8) }
  }

  /// Copies `bytes` into graph input `index`; it keeps them until the
  /// next copy, across any number of `invoke` calls (with
  /// `Options.reusesInputMemory`, until the next `invoke`).
  ///
  /// - Parameters:
  ///   - bytes: exactly `inputInfo(at: index).byteCount` bytes, little-endian.
  ///   - index: the input's position.
  /// - Throws: `shapeMismatch` at the input's tensor when the byte count differs.
  /// - Precondition: `index < inputCount`.
  public mutating func copyInput(_ bytes: UnsafeRawBufferPointer, at index: Int) throws(GMLError) {
    try writeInput(bytes, at: index)
  }

  /// `copyInput` without `mutating`, for use inside closures.
  func writeInput(_ bytes: UnsafeRawBufferPointer, at index: Int) throws(GMLError) {
    let info = inputInfo(at: index)
    guard bytes.count == info.byteCount else {
      throw GMLError(
        .shapeMismatch, at: .tensor(info.tensorIndex), "input byte count differs from the tensor's")
    }
    let destination = memory.mutableBytes(info.tensorIndex)
    if let base = bytes.baseAddress, !destination.isEmpty {
      destination.copyMemory(from: UnsafeRawBufferPointer(start: base, count: bytes.count))
    }
    consumedInputs?.copied(index)
  }

  /// Copies `bytes` into graph input `index`; as the raw-buffer form.
  /// - Parameters:
  ///   - bytes: exactly `inputInfo(at: index).byteCount` bytes, little-endian.
  ///   - index: the input's position.
  /// - Throws: `shapeMismatch` when the byte count differs.
  public mutating func copyInput(_ bytes: [UInt8], at index: Int) throws(GMLError) {
    let failure: GMLError? = bytes.withUnsafeBytes { raw in
      do throws(GMLError) {
        try writeInput(raw, at: index)
        return nil
      } catch {
        return error
      }
    }
    if let failure { throw failure }
  }

  /// Copies `values` into float32 graph input `index`.
  /// - Parameters:
  ///   - values: one value per element, C order.
  ///   - index: the input's position.
  /// - Throws: `unsupportedType` unless the input is float32,
  ///   `shapeMismatch` when the element count differs.
  public mutating func copyInput(_ values: [Float], at index: Int) throws(GMLError) {
    let info = inputInfo(at: index)
    guard info.type == .float32 else {
      throw GMLError(.unsupportedType, at: .tensor(info.tensorIndex), "input is not float32")
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(values.count * 4)
    for v in values {
      let bits = v.bitPattern
      for k in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt32(k)))) }
    }
    try copyInput(bytes, at: index)
  }

  /// The bytes of any tensor of the graph after the last `invoke`: a
  /// constant, a graph input or output, or, when the interpreter was made
  /// with `Options(preserveAllTensors: true)`, any intermediate (without
  /// it an intermediate's bytes may already hold a later tensor).
  /// - Parameter tensorIndex: the tensor's index in subgraph 0.
  /// - Returns: its bytes, little-endian; empty for a tensor no op touches.
  /// - Precondition: `tensorIndex` is a tensor of the graph.
  public func copyTensor(at tensorIndex: Int) -> [UInt8] {
    Array(memory.bytes(tensorIndex))
  }

  /// Calls `body` with the bytes of tensor `tensorIndex` where they are,
  /// without a copy: as `copyTensor(at:)`, but the view is valid only
  /// inside `body` and until the next `invoke`.
  /// - Parameters:
  ///   - tensorIndex: the tensor's index in subgraph 0.
  ///   - body: reads the bytes (little-endian; empty for a tensor no op
  ///     touches).
  /// - Returns: what `body` returns.
  /// - Precondition: `tensorIndex` is a tensor of the graph.
  public func withTensorBytes<R>(at tensorIndex: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
    body(memory.bytes(tensorIndex))
  }

  /// The bytes of graph output `index` after the last `invoke`.
  /// - Parameter index: the output's position.
  /// - Returns: `outputInfo(at: index).byteCount` bytes, little-endian.
  /// - Precondition: `index < outputCount`.
  public func copyOutput(at index: Int) -> [UInt8] {
    Array(memory.bytes(outputInfo(at: index).tensorIndex))
  }

  /// Copies graph output `index` into `destination` after the last
  /// `invoke`, without allocating (the form for C callers and loops).
  /// - Parameters:
  ///   - index: the output's position.
  ///   - destination: exactly `outputInfo(at: index).byteCount` bytes.
  /// - Precondition: `index < outputCount` and the sizes are equal.
  public func copyOutput(at index: Int, into destination: UnsafeMutableRawBufferPointer) {
    let source = memory.bytes(outputInfo(at: index).tensorIndex)
    precondition(destination.count == source.count, "copyOutput: destination size differs")
    if !source.isEmpty { destination.copyMemory(from: source) }
  }

  /// The values of float32 graph output `index` after the last `invoke`.
  /// - Parameter index: the output's position.
  /// - Returns: one value per element, C order.
  /// - Throws: `unsupportedType` unless the output is float32.
  /// - Precondition: `index < outputCount`.
  public func copyOutputFloats(at index: Int) throws(GMLError) -> [Float] {
    let info = outputInfo(at: index)
    guard info.type == .float32 else {
      throw GMLError(.unsupportedType, at: .tensor(info.tensorIndex), "output is not float32")
    }
    let bytes = memory.bytes(info.tensorIndex)
    var values: [Float] = []
    values.reserveCapacity(bytes.count / 4)
    var i = 0
    while i + 4 <= bytes.count {
      var bits: UInt32 = 0
      for k in 0..<4 { bits |= UInt32(bytes[i + k]) << (8 * UInt32(k)) }
      values.append(Float(bitPattern: bits))
      i += 4
    }
    return values
  }
}
