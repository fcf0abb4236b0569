// CGML/Session.swift — what a gml_interpreter* points to: the model's bytes, the prepared interpreter, the C tensor infos, the last error.
import CGMLHeader
import GMLCore
import GMLFormat
import GMLRuntime

/// The state behind one `gml_interpreter *`: allocated by the create
/// functions, freed by `gml_interpreter_delete`. C sees only its address.
///
/// Everything C may hold a pointer to (tensor names, the last error) is
/// allocated once here and stays put until delete.
struct Session: ~Copyable {
  /// The model's bytes; the interpreter reads constants from them in place.
  let bytes: ModelBytes
  var interpreter: Interpreter
  /// Graph inputs and outputs as C sees them.
  let inputs: TensorInfoTable
  let outputs: TensorInfoTable
  /// The outcome of the last non-const call.
  let lastError: UnsafeMutablePointer<gml_error>

  /// Verifies and prepares the model in `bytes`.
  /// - Parameters:
  ///   - bytes: the model; kept by the session.
  ///   - file: the path the bytes came from, named by errors.
  ///   - options: `gml_options.threads`, `.arena` and `.max_arena_size`, checked.
  /// - Returns: the new session, allocated; C's `gml_interpreter *`.
  /// - Throws: the runtime's error, as a `Failure` of the model; an
  ///   invalid argument for a misaligned or too small arena; a limit for
  ///   an arena above `max_arena_size`.
  static func create(
    _ bytes: consuming ModelBytes, file: UnsafePointer<CChar>?, options: SessionOptions
  ) throws(Failure) -> OpaquePointer {
    let interpreter = try prepare(bytes.buffer, file: file, options: options)
    let inputs = TensorInfoTable((0..<interpreter.inputCount).map { interpreter.inputInfo(at: $0) })
    let outputs = TensorInfoTable(
      (0..<interpreter.outputCount).map { interpreter.outputInfo(at: $0) })
    let lastError = UnsafeMutablePointer<gml_error>.allocate(capacity: 1)
    lastError.initialize(to: gml_error())
    let session = UnsafeMutablePointer<Session>.allocate(capacity: 1)
    session.initialize(
      to: Session(
        bytes: bytes, interpreter: interpreter, inputs: inputs, outputs: outputs,
        lastError: lastError))
    return OpaquePointer(session)
  }

  /// Verifies the model in `buffer` and prepares an interpreter for it
  /// with `options`: in the caller's arena when there is one.
  /// - Throws: the runtime's error, as a `Failure` of the model; an
  ///   invalid argument for a misaligned or too small arena; a limit for
  ///   an arena above `max_arena_size`.
  static func prepare(
    _ buffer: UnsafeRawBufferPointer, file: UnsafePointer<CChar>?, options: SessionOptions
  ) throws(Failure) -> Interpreter {
    let model: Model
    do throws(GMLError) {
      model = try Model(verifying: buffer)
    } catch {
      throw Failure(error, loading: true, file: file)
    }
    let interpreterOptions = Interpreter.Options(
      threads: options.threads, maxArenaSize: options.maxArenaSize,
      reusesInputMemory: options.reusesInputMemory)
    guard let arena = options.arena else {
      do throws(GMLError) {
        return try Interpreter(model: model, options: interpreterOptions)
      } catch {
        // The runtime names the bytes needed as the offset past the limit.
        if error.kind == .limitExceeded, case .byteOffset(let needed) = error.location,
          needed > options.maxArenaSize
        {
          throw Failure(
            .arenaLimit, at: .byteOffset(needed), file: file,
            detail: "the model needs an arena of \(needed) bytes; gml_options.max_arena_size is "
              + "\(options.maxArenaSize)")
        }
        throw Failure(error, loading: true, file: file)
      }
    }
    let alignment = Interpreter.arenaAlignment(for: model, options: interpreterOptions)
    guard Int(bitPattern: arena.baseAddress) % alignment == 0 else {
      throw Failure(
        .invalidArgument, detail: "gml_options.arena must be aligned to \(alignment) bytes")
    }
    do throws(GMLError) {
      return try Interpreter(model: model, arena: arena, options: interpreterOptions)
    } catch {
      // The runtime names the bytes needed as the offset the arena must reach.
      if error.kind == .arenaTooSmall, case .byteOffset(let needed) = error.location {
        throw Failure(
          .arenaTooSmall,
          detail: "gml_options.arena_size is \(arena.count) bytes; the model needs \(needed)")
      }
      throw Failure(error, loading: true, file: file)
    }
  }

  /// Records the outcome of a non-const call and returns its status.
  /// - Parameter failure: the failure, or nil for success.
  func record(_ failure: Failure?) -> gml_status {
    guard let failure else {
      Failure.clear(lastError)
      return GML_OK
    }
    failure.write(to: lastError)
    return failure.status
  }

  deinit { lastError.deallocate() }
}

/// What `gml_options` asks of a session, checked.
struct SessionOptions {
  /// `Interpreter.Options.threads`: 1 for 0.
  var threads = 1
  /// The caller's arena, or nil for one the interpreter allocates.
  var arena: UnsafeMutableRawBufferPointer?
  /// `Interpreter.Options.maxArenaSize`.
  var maxArenaSize = Interpreter.arenaSizeLimit
  /// `Interpreter.Options.reusesInputMemory` (GML_OPTION_REUSE_INPUT_MEMORY).
  var reusesInputMemory = false
}

/// The session `interpreter` points to, or nil for NULL.
func session(_ interpreter: OpaquePointer?) -> UnsafeMutablePointer<Session>? {
  interpreter.map { UnsafeMutablePointer<Session>($0) }
}
