// CGMLTests/Exports+CreateTests.swift — creating interpreters from buffers and files: ownership, borrowing, and every failure's status and message.
import CGMLHeader
import Foundation
import GMLConverter
import GMLFormat
import GMLTestSupport
import XCTest

final class CAPICreateTests: XCTestCase {
  /// Creates from `bytes` with `flags`; returns the status, the interpreter
  /// (deleted by the caller) and the error.
  func create(_ bytes: UnsafeRawBufferPointer, flags: UInt32 = 0)
    -> (gml_status, OpaquePointer?, gml_error)
  {
    var interpreter: OpaquePointer?
    var error = gml_error()
    var options = gml_options(
      flags: flags, threads: 0, arena: nil, arena_size: 0, max_arena_size: 0)
    let status = gml_interpreter_create_from_buffer(
      bytes.baseAddress, bytes.count, &options, &interpreter, &error)
    return (status, interpreter, error)
  }

  /// The outputs for one fixed input, through a fresh interpreter.
  func outputs(_ interpreter: OpaquePointer) -> [UInt8] {
    let info = tensorInfo(interpreter)
    var rng = SplitMix64(seed: 7)
    let input = randomInput(info, &rng)
    XCTAssertEqual(gml_interpreter_set_input(interpreter, 0, input, input.count), GML_OK)
    XCTAssertEqual(gml_interpreter_invoke(interpreter), GML_OK)
    var out = [UInt8](repeating: 0, count: tensorInfo(interpreter, output: true).byte_size)
    XCTAssertEqual(gml_interpreter_get_output(interpreter, 0, &out, out.count), GML_OK)
    return out
  }

  /// GML_OPTION_REUSE_INPUT_MEMORY: a smaller arena, the same outputs,
  /// and an invoke on an input the last one overwrote refused.
  func testReuseInputMemory() throws {
    let expected = try withCInterpreter(Digits.int8) { outputs($0) }
    let kept = try withCInterpreter(Digits.int8) { gml_interpreter_arena_size($0) }
    let (status, created, error) = Digits.int8.withUnsafeBytes {
      create($0, flags: GML_OPTION_REUSE_INPUT_MEMORY)
    }
    XCTAssertEqual(status, GML_OK, message(error))
    guard let interpreter = created else { return XCTFail("no interpreter") }
    defer { gml_interpreter_delete(interpreter) }
    XCTAssertLessThan(gml_interpreter_arena_size(interpreter), kept)
    XCTAssertEqual(outputs(interpreter), expected)
    XCTAssertEqual(gml_interpreter_invoke(interpreter), GML_ERROR_INVALID_ARGUMENT)
    XCTAssertEqual(outputs(interpreter), expected)
  }

  func testCopyByDefaultLetsTheCallerFreeTheBuffer() throws {
    let expected = try withCInterpreter(Digits.int8) { outputs($0) }
    var bytes = Digits.int8
    let (status, interpreter, error) = bytes.withUnsafeBytes { create($0) }
    XCTAssertEqual(status, GML_OK, message(error))
    XCTAssertEqual(error.status, GML_OK)
    XCTAssertEqual(message(error), "")
    bytes = [UInt8](repeating: 0xFF, count: bytes.count)
    bytes = []
    guard let interpreter else { return XCTFail("no interpreter") }
    XCTAssertEqual(outputs(interpreter), expected)
    gml_interpreter_delete(interpreter)
  }

  /// gml_options.threads: the same outputs on 1 (0) and 4 threads;
  /// above 64 refused as an invalid argument.
  func testThreadsOptionGivesTheSameOutputs() throws {
    let expected = try withCInterpreter(Digits.int8) { outputs($0) }
    let bytes = Digits.int8
    for threads: UInt32 in [0, 1, 4] {
      var interpreter: OpaquePointer?
      var error = gml_error()
      var options = gml_options(
        flags: 0, threads: threads, arena: nil, arena_size: 0, max_arena_size: 0)
      let status = bytes.withUnsafeBytes {
        gml_interpreter_create_from_buffer($0.baseAddress, $0.count, &options, &interpreter, &error)
      }
      XCTAssertEqual(status, GML_OK, message(error))
      guard let interpreter else { return XCTFail("no interpreter for \(threads) threads") }
      XCTAssertEqual(outputs(interpreter), expected, "\(threads) threads")
      gml_interpreter_delete(interpreter)
    }
    var interpreter: OpaquePointer?
    var error = gml_error()
    var options = gml_options(
      flags: 0, threads: 65, arena: nil, arena_size: 0, max_arena_size: 0)
    let status = bytes.withUnsafeBytes {
      gml_interpreter_create_from_buffer($0.baseAddress, $0.count, &options, &interpreter, &error)
    }
    XCTAssertEqual(status, GML_ERROR_INVALID_ARGUMENT)
    XCTAssertNil(interpreter)
    XCTAssertEqual(message(error), "invalid argument: gml_options.threads is 65; at most 64")
  }

  func testBorrowReadsTheCallersAlignedBuffer() throws {
    let expected = try withCInterpreter(Digits.int8) { outputs($0) }
    let model = Digits.int8
    let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: model.count + 1, alignment: 64)
    defer { memory.deallocate() }
    memory.copyBytes(from: model)
    let aligned = UnsafeRawBufferPointer(rebasing: memory[0..<model.count])
    let (status, interpreter, error) = create(aligned, flags: GML_OPTION_BORROW_BUFFER)
    XCTAssertEqual(status, GML_OK, message(error))
    if let interpreter {
      XCTAssertEqual(outputs(interpreter), expected)
      gml_interpreter_delete(interpreter)
    }

    UnsafeMutableRawBufferPointer(rebasing: memory[1...]).copyBytes(from: model)
    let shifted = UnsafeRawBufferPointer(rebasing: memory[1...])
    let (refused, none, why) = create(shifted, flags: GML_OPTION_BORROW_BUFFER)
    XCTAssertEqual(refused, GML_ERROR_INVALID_ARGUMENT)
    XCTAssertNil(none)
    XCTAssertEqual(
      message(why), "invalid argument: a borrowed model buffer must be aligned to 16 bytes")
    // Copied, the same misaligned bytes are fine.
    let (copied, interpreter2, _) = create(shifted)
    XCTAssertEqual(copied, GML_OK)
    gml_interpreter_delete(interpreter2)
  }

  /// gml_options.arena: the outputs of an arena gml allocates, in the
  /// caller's memory, which delete leaves alone; one byte short, or off its
  /// alignment, is an invalid argument that says why.
  func testCallerArena() throws {
    let expected = try withCInterpreter(Digits.int8) { outputs($0) }
    let size = try withCInterpreter(Digits.int8) { gml_interpreter_arena_size($0) }
    let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: size + 16, alignment: 64)
    defer { memory.deallocate() }
    func create(_ arena: UnsafeMutableRawBufferPointer) -> (gml_status, OpaquePointer?, gml_error) {
      var interpreter: OpaquePointer?
      var error = gml_error()
      var options = gml_options(
        flags: 0, threads: 0, arena: arena.baseAddress, arena_size: arena.count,
        max_arena_size: 0)
      let status = Digits.int8.withUnsafeBytes {
        gml_interpreter_create_from_buffer($0.baseAddress, $0.count, &options, &interpreter, &error)
      }
      return (status, interpreter, error)
    }
    let (status, interpreter, error) = create(
      UnsafeMutableRawBufferPointer(rebasing: memory[0..<size]))
    XCTAssertEqual(status, GML_OK, message(error))
    guard let interpreter else { return XCTFail("no interpreter") }
    XCTAssertEqual(gml_interpreter_arena_size(interpreter), size)
    XCTAssertEqual(outputs(interpreter), expected)
    gml_interpreter_delete(interpreter)
    memory.storeBytes(of: 1, as: UInt8.self)

    let (short, none, why) = create(UnsafeMutableRawBufferPointer(rebasing: memory[0..<size - 1]))
    XCTAssertEqual(short, GML_ERROR_INVALID_ARGUMENT)
    XCTAssertNil(none)
    XCTAssertEqual(why.kind, GML_ERROR_KIND_ARENA_TOO_SMALL)
    XCTAssertEqual(
      message(why),
      "arena too small: gml_options.arena_size is \(size - 1) bytes; the model needs \(size)")
    let (shifted, _, whyShifted) = create(
      UnsafeMutableRawBufferPointer(rebasing: memory[8..<size + 8]))
    XCTAssertEqual(shifted, GML_ERROR_INVALID_ARGUMENT)
    XCTAssertEqual(whyShifted.kind, GML_ERROR_KIND_INVALID_ARGUMENT)
    XCTAssertEqual(
      message(whyShifted), "invalid argument: gml_options.arena must be aligned to 16 bytes")
  }

  /// gml_options.max_arena_size: the arena the model needs is allowed, one
  /// byte less is an invalid model whose kind is a limit, naming the size.
  func testMaxArenaSize() throws {
    let size = try withCInterpreter(Digits.int8) { gml_interpreter_arena_size($0) }
    for (limit, allowed) in [(0, true), (size, true), (size - 1, false)] {
      var interpreter: OpaquePointer?
      var error = gml_error()
      var options = gml_options(
        flags: 0, threads: 0, arena: nil, arena_size: 0, max_arena_size: limit)
      let status = Digits.int8.withUnsafeBytes {
        gml_interpreter_create_from_buffer($0.baseAddress, $0.count, &options, &interpreter, &error)
      }
      gml_interpreter_delete(interpreter)
      if allowed {
        XCTAssertEqual(status, GML_OK, "limit \(limit): \(message(error))")
        continue
      }
      XCTAssertEqual(status, GML_ERROR_INVALID_MODEL)
      XCTAssertNil(interpreter)
      XCTAssertEqual(error.kind, GML_ERROR_KIND_LIMIT_EXCEEDED)
      XCTAssertEqual(error.location_kind, GML_LOCATION_BYTE_OFFSET)
      XCTAssertEqual(error.location, Int64(size))
      XCTAssertEqual(
        message(error),
        "limit exceeded: the model needs an arena of \(size) bytes; "
          + "gml_options.max_arena_size is \(size - 1)")
    }
  }

  func testCreateFromFile() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.path("digits.gml")
    try Data(Digits.float).write(to: URL(fileURLWithPath: path))
    var interpreter: OpaquePointer?
    var error = gml_error()
    XCTAssertEqual(gml_interpreter_create_from_file(path, nil, &interpreter, &error), GML_OK)
    XCTAssertEqual(gml_interpreter_input_count(interpreter), 1)
    gml_interpreter_delete(interpreter)

    let missing = folder.path("missing.gml")
    XCTAssertEqual(
      gml_interpreter_create_from_file(missing, nil, &interpreter, &error), GML_ERROR_IO)
    XCTAssertNil(interpreter)
    XCTAssertEqual(error.kind, GML_ERROR_KIND_IO)
    XCTAssertEqual(
      message(error), "\(missing): i/o error: cannot open the file (missing or not readable)")

    XCTAssertEqual(
      gml_interpreter_create_from_file(folder.url.path, nil, &interpreter, &error), GML_ERROR_IO)
    XCTAssertTrue(message(error).contains("not a regular file"), message(error))

    let empty = folder.path("empty.gml")
    try Data().write(to: URL(fileURLWithPath: empty))
    XCTAssertEqual(
      gml_interpreter_create_from_file(empty, nil, &interpreter, &error), GML_ERROR_INVALID_MODEL)
    XCTAssertTrue(message(error).hasPrefix("\(empty): truncated"), message(error))
  }

  func testTruncatedModelsAreInvalidAndNameTheByte() {
    let model = Digits.int8
    for size in [0, 3, 8, 64, model.count / 4, model.count / 2, model.count - 1] {
      let (status, interpreter, error) = model.withUnsafeBytes {
        create(UnsafeRawBufferPointer(rebasing: $0[0..<size]))
      }
      XCTAssertEqual(status, GML_ERROR_INVALID_MODEL, "size \(size)")
      XCTAssertNil(interpreter)
      XCTAssertEqual(error.status, GML_ERROR_INVALID_MODEL)
      XCTAssertTrue(
        [GML_ERROR_KIND_TRUNCATED, GML_ERROR_KIND_OUT_OF_BOUNDS].contains(error.kind),
        "size \(size): \(message(error))")
      let text = message(error)
      XCTAssertTrue(
        text.hasPrefix("truncated") || text.hasPrefix("out of bounds"), "size \(size): \(text)")
      if error.location_kind == GML_LOCATION_BYTE_OFFSET {
        XCTAssertTrue(text.contains(" at byte \(error.location): "), text)
      }
    }
  }

  func testWrongIdentifierAndNewerVersion() throws {
    var other = Digits.float
    other.replaceSubrange(4..<8, with: Array("TFL3".utf8))
    let (status, _, error) = other.withUnsafeBytes { create($0) }
    XCTAssertEqual(status, GML_ERROR_INVALID_MODEL)
    XCTAssertEqual(error.kind, GML_ERROR_KIND_WRONG_IDENTIFIER)
    XCTAssertTrue(message(error).hasPrefix("wrong identifier"), message(error))

    var definition = try XCTUnwrap(Digits.definition(ConversionOptions()))
    definition.formatVersion = gmlFormatVersion + 1
    let newer = ModelWriter.write(definition)
    let (refused, _, why) = newer.withUnsafeBytes { create($0) }
    XCTAssertEqual(refused, GML_ERROR_UNSUPPORTED)
    XCTAssertEqual(why.kind, GML_ERROR_KIND_UNSUPPORTED_VERSION)
    XCTAssertEqual(
      message(why), "unsupported version: format_version newer than this build reads")
  }

  func testInvalidArguments() {
    var interpreter: OpaquePointer?
    var error = gml_error()
    let model = Digits.float
    model.withUnsafeBytes { raw in
      XCTAssertEqual(
        gml_interpreter_create_from_buffer(raw.baseAddress, raw.count, nil, nil, &error),
        GML_ERROR_INVALID_ARGUMENT)
      XCTAssertEqual(message(error), "invalid argument: out_interpreter is NULL")
      var options = gml_options(
        flags: 12, threads: 0, arena: nil, arena_size: 0, max_arena_size: 0)
      XCTAssertEqual(
        gml_interpreter_create_from_buffer(
          raw.baseAddress, raw.count, &options, &interpreter, &error),
        GML_ERROR_INVALID_ARGUMENT)
      XCTAssertEqual(message(error), "invalid argument: unknown gml_options.flags bits 12")
    }
    XCTAssertEqual(
      gml_interpreter_create_from_buffer(nil, 10, nil, &interpreter, &error),
      GML_ERROR_INVALID_ARGUMENT)
    XCTAssertEqual(message(error), "invalid argument: data is NULL but size is 10")
    XCTAssertEqual(
      gml_interpreter_create_from_file(nil, nil, &interpreter, nil), GML_ERROR_INVALID_ARGUMENT)
    XCTAssertNil(interpreter)
    gml_interpreter_delete(nil)
  }

  /// A message longer than `GML_ERROR_MESSAGE_CAPACITY` is cut at a
  /// character boundary, NUL-terminated.
  func testLongMessagesAreCutAtACharacter() {
    let path = "/nonexistent/" + String(repeating: "é", count: 200)
    var interpreter: OpaquePointer?
    var error = gml_error()
    XCTAssertEqual(gml_interpreter_create_from_file(path, nil, &interpreter, &error), GML_ERROR_IO)
    let bytes = withUnsafeBytes(of: error.message) { Array($0.prefix { $0 != 0 }) }
    XCTAssertLessThan(bytes.count, Int(GML_ERROR_MESSAGE_CAPACITY))
    XCTAssertGreaterThan(bytes.count, Int(GML_ERROR_MESSAGE_CAPACITY) - 3)
    XCTAssertNotNil(String(validating: bytes, as: UTF8.self))
    XCTAssertTrue(path.hasPrefix(message(error)))
  }
}
