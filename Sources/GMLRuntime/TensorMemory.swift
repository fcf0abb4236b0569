// GMLRuntime/TensorMemory.swift — where each tensor's bytes live: the arena or the model's constant buffers.
import GMLCore

/// The memory of one tensor.
enum TensorStorage {
  /// Not touched by any op or graph input/output: no memory.
  case none
  /// `byteCount` bytes at `offset` in the arena.
  case arena(offset: Int, byteCount: Int)
  /// Constant data, read in place from the model's bytes.
  case constant(UnsafeRawBufferPointer)
}

/// The arena and the bytes of every tensor: the typed views kernels get.
///
/// Copyable so ops can be run through it; the `Interpreter` owns the arena
/// and frees it. Every view here was bounds-checked at prepare, and each
/// tensor's is resolved once at `init`, so a kernel's view costs an
/// array read at invoke.
struct TensorMemory {
  let arena: UnsafeMutableRawBufferPointer
  /// Each tensor's bytes: in the arena, in the model's constants, or
  /// empty (`TensorStorage.none`).
  let views: [UnsafeRawBufferPointer]
  /// Scratch shared by the hybrid and fast kernels (inside `arena`, after
  /// every tensor); empty when no op needs any.
  let scratch: UnsafeMutableRawBufferPointer
  /// Bytes of `scratch` per thread (`scratch(thread:)`).
  let scratchPerThread: Int

  /// Resolves every tensor's `storage` in `arena`.
  init(
    arena: UnsafeMutableRawBufferPointer, storage: [TensorStorage],
    scratch: UnsafeMutableRawBufferPointer, scratchPerThread: Int
  ) {
    self.arena = arena
    views = storage.map { s in
      switch s {
      case .none: return UnsafeRawBufferPointer(start: nil, count: 0)
      case .arena(let offset, let count):
        return UnsafeRawBufferPointer(rebasing: arena[offset..<offset + count])
      case .constant(let data): return data
      }
    }
    self.scratch = scratch
    self.scratchPerThread = scratchPerThread
  }

  /// Thread `thread`'s slice of `scratch`: threads running tasks of one
  /// operator each use their own.
  func scratch(thread: Int) -> UnsafeMutableRawBufferPointer {
    UnsafeMutableRawBufferPointer(
      rebasing: scratch[thread * scratchPerThread..<(thread + 1) * scratchPerThread])
  }

  /// The bytes of tensor `t`, read-only.
  func bytes(_ t: Int) -> UnsafeRawBufferPointer { views[t] }

  /// The bytes of arena tensor `t`, writable (empty for a constant: prepare
  /// refuses any op or input that would write one).
  func mutableBytes(_ t: Int) -> UnsafeMutableRawBufferPointer {
    let view = views[t]
    guard let start = view.baseAddress, let base = arena.baseAddress,
      start >= UnsafeRawPointer(base), start < UnsafeRawPointer(base + arena.count)
    else { return UnsafeMutableRawBufferPointer(start: nil, count: 0) }
    return UnsafeMutableRawBufferPointer(mutating: view)
  }

  /// Tensor `t` as elements of `T`; an absent optional input (`t < 0`)
  /// is empty.
  func elements<T>(_ t: Int, _: T.Type) -> UnsafeBufferPointer<T> {
    if t < 0 { return UnsafeBufferPointer(start: nil, count: 0) }
    let raw = bytes(t)
    return UnsafeBufferPointer(
      start: raw.baseAddress?.assumingMemoryBound(to: T.self),
      count: raw.count / MemoryLayout<T>.stride)
  }

  /// Arena tensor `t` as writable elements of `T`.
  func mutableElements<T>(_ t: Int, _: T.Type) -> UnsafeMutableBufferPointer<T> {
    let raw = mutableBytes(t)
    return UnsafeMutableBufferPointer(
      start: raw.baseAddress?.assumingMemoryBound(to: T.self),
      count: raw.count / MemoryLayout<T>.stride)
  }

  /// Tensor `t` as floats; an absent optional input (`t < 0`) is empty.
  func floats(_ t: Int) -> UnsafeBufferPointer<Float> { elements(t, Float.self) }

  /// Arena tensor `t` as writable floats.
  func mutableFloats(_ t: Int) -> UnsafeMutableBufferPointer<Float> {
    mutableElements(t, Float.self)
  }

  /// Tensor `t` as int8; an absent optional input (`t < 0`) is empty.
  func int8s(_ t: Int) -> UnsafeBufferPointer<Int8> { elements(t, Int8.self) }

  /// Arena tensor `t` as writable int8.
  func mutableInt8s(_ t: Int) -> UnsafeMutableBufferPointer<Int8> {
    mutableElements(t, Int8.self)
  }

  /// Tensor `t` as int32 (biases); an absent optional input is empty.
  func int32s(_ t: Int) -> UnsafeBufferPointer<Int32> { elements(t, Int32.self) }
}
