// CGML/Exports+Create.swift — gml_interpreter_create_from_buffer, _create_from_file and _delete.
import CGMLHeader
import GMLRuntime

/// Copies or borrows `size` bytes at `data`, then verifies and prepares
/// them. See `gml.h`.
@_cdecl("gml_interpreter_create_from_buffer") @implementation
public func gml_interpreter_create_from_buffer(
  _ data: UnsafeRawPointer?, _ size: Int, _ options: UnsafePointer<gml_options>?,
  _ outInterpreter: UnsafeMutablePointer<OpaquePointer?>?,
  _ outError: UnsafeMutablePointer<gml_error>?
) -> gml_status {
  outInterpreter?.pointee = nil
  do throws(Failure) {
    guard let outInterpreter else {
      throw Failure(.invalidArgument, detail: "out_interpreter is NULL")
    }
    let flags = try checkedFlags(options)
    guard size >= 0, data != nil || size == 0 else {
      throw Failure(.invalidArgument, detail: "data is NULL but size is \(size)")
    }
    let source = UnsafeRawBufferPointer(start: data, count: size)
    let bytes: ModelBytes
    if flags & GML_OPTION_BORROW_BUFFER != 0 {
      guard Int(bitPattern: data) % ModelBytes.borrowedAlignment == 0 else {
        throw Failure(
          .invalidArgument,
          detail: "a borrowed model buffer must be aligned to \(ModelBytes.borrowedAlignment) bytes"
        )
      }
      bytes = ModelBytes(borrowing: source)
    } else {
      bytes = ModelBytes(copying: source)
    }
    outInterpreter.pointee = try Session.create(
      bytes, file: nil, options: try sessionOptions(options))
    Failure.clear(outError)
    return GML_OK
  } catch {
    error.write(to: outError)
    return error.status
  }
}

/// Reads the file at `path` into owned memory, then verifies and prepares
/// it. See `gml.h`.
@_cdecl("gml_interpreter_create_from_file") @implementation
public func gml_interpreter_create_from_file(
  _ path: UnsafePointer<CChar>?, _ options: UnsafePointer<gml_options>?,
  _ outInterpreter: UnsafeMutablePointer<OpaquePointer?>?,
  _ outError: UnsafeMutablePointer<gml_error>?
) -> gml_status {
  outInterpreter?.pointee = nil
  do throws(Failure) {
    guard let outInterpreter else {
      throw Failure(.invalidArgument, detail: "out_interpreter is NULL")
    }
    guard let path else { throw Failure(.invalidArgument, detail: "path is NULL") }
    _ = try checkedFlags(options)
    let checked = try sessionOptions(options)
    let bytes = try ModelBytes.read(file: path)
    outInterpreter.pointee = try Session.create(bytes, file: path, options: checked)
    Failure.clear(outError)
    return GML_OK
  } catch {
    error.write(to: outError)
    return error.status
  }
}

/// Frees everything the interpreter holds. See `gml.h`.
@_cdecl("gml_interpreter_delete") @implementation
public func gml_interpreter_delete(_ interpreter: OpaquePointer?) {
  guard let s = session(interpreter) else { return }
  s.deinitialize(count: 1)
  s.deallocate()
}

/// The threads, arena and arena limit `options` asks for: 1 thread for
/// NULL or 0, no arena for NULL or a NULL `arena`, the format's arena
/// limit for NULL or 0.
/// - Throws: `invalidArgument` for threads above `Interpreter.maxThreads`
///   or an arena size beyond the address space.
func sessionOptions(_ options: UnsafePointer<gml_options>?) throws(Failure) -> SessionOptions {
  guard let o = options?.pointee else { return SessionOptions() }
  let threads = Int(o.threads)
  guard threads <= Interpreter.maxThreads else {
    throw Failure(
      .invalidArgument,
      detail: "gml_options.threads is \(threads); at most \(Interpreter.maxThreads)")
  }
  // size_t arrives as Int: a size above Int.max is negative here.
  guard o.arena == nil || o.arena_size >= 0 else {
    throw Failure(.invalidArgument, detail: "gml_options.arena_size is beyond the address space")
  }
  let arena = o.arena.map { UnsafeMutableRawBufferPointer(start: $0, count: o.arena_size) }
  // 0, and sizes above Int.max (negative here), mean no limit but the format's.
  let maxArenaSize = o.max_arena_size > 0 ? o.max_arena_size : Interpreter.arenaSizeLimit
  return SessionOptions(
    threads: max(threads, 1), arena: arena, maxArenaSize: maxArenaSize,
    reusesInputMemory: o.flags & GML_OPTION_REUSE_INPUT_MEMORY != 0)
}

/// The flags of `options` (0 for NULL).
/// - Throws: `invalidArgument` for bits this build does not know.
func checkedFlags(_ options: UnsafePointer<gml_options>?) throws(Failure) -> UInt32 {
  let flags = options?.pointee.flags ?? 0
  let known = GML_OPTION_BORROW_BUFFER | GML_OPTION_REUSE_INPUT_MEMORY
  guard flags & ~known == 0 else {
    throw Failure(.invalidArgument, detail: "unknown gml_options.flags bits \(flags & ~known)")
  }
  return flags
}
