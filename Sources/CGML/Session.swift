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
  ///   - threads: `Interpreter.Options.threads`.
  /// - Returns: the new session, allocated; C's `gml_interpreter *`.
  /// - Throws: the runtime's error, as a `Failure` of the model.
  static func create(
    _ bytes: consuming ModelBytes, file: UnsafePointer<CChar>?, threads: Int
  ) throws(Failure) -> OpaquePointer {
    let interpreter = try prepare(bytes.buffer, file: file, threads: threads)
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
  /// on `threads` threads.
  /// - Throws: the runtime's error, as a `Failure` of the model.
  static func prepare(_ buffer: UnsafeRawBufferPointer, file: UnsafePointer<CChar>?, threads: Int)
    throws(Failure) -> Interpreter
  {
    do throws(GMLError) {
      let model = try Model(verifying: buffer)
      return try Interpreter(model: model, options: .init(threads: threads))
    } catch {
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

/// The session `interpreter` points to, or nil for NULL.
func session(_ interpreter: OpaquePointer?) -> UnsafeMutablePointer<Session>? {
  interpreter.map { UnsafeMutablePointer<Session>($0) }
}
