// CGML/ModelBytes.swift — the bytes behind an interpreter: gml's own aligned copy (of a buffer or a file), or the caller's buffer, borrowed.

/// The `.gml` bytes a `Model` reads in place, kept as long as the
/// interpreter made from them: gml's own copy, freed when this goes away,
/// or the caller's buffer, borrowed.
struct ModelBytes: ~Copyable {
  /// The whole model.
  let buffer: UnsafeRawBufferPointer
  /// The allocation to free, or nil when `buffer` is borrowed.
  private let allocation: UnsafeMutableRawBufferPointer?

  /// The alignment of gml's own copies: that of the largest constant
  /// buffers in a `.gml` file.
  static let alignment = 64
  /// The alignment a borrowed buffer needs: constants start at file offsets
  /// that are multiples of 16, and kernels read them as typed values.
  static let borrowedAlignment = 16

  /// Refers to `buffer` without copying; the caller keeps it alive.
  init(borrowing buffer: UnsafeRawBufferPointer) {
    self.buffer = buffer
    allocation = nil
  }

  /// `count` uninitialized bytes at `ModelBytes.alignment`. Like every
  /// allocation of the runtime, a failure traps.
  init(allocating count: Int) {
    let memory = UnsafeMutableRawBufferPointer.allocate(
      byteCount: count, alignment: ModelBytes.alignment)
    buffer = UnsafeRawBufferPointer(memory)
    allocation = memory
  }

  /// An aligned copy of `source`.
  init(copying source: UnsafeRawBufferPointer) {
    self.init(allocating: source.count)
    allocation?.copyMemory(from: source)
  }

  /// The owned bytes, writable; nil for a borrowed buffer.
  var writable: UnsafeMutableRawBufferPointer? { allocation }

  deinit { allocation?.deallocate() }
}
