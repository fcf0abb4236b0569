// GMLRuntimeTests/InterpreterArenaLimitTests.swift — Options.maxArenaSize: a model needing a larger arena is refused before anything is allocated.
import GMLCore
import GMLFormat
import GMLRuntime
import XCTest

final class InterpreterArenaLimitTests: XCTestCase {
  /// A model of a few hundred bytes whose RELU runs on 2^27 floats: an
  /// arena of 1 GiB (input and output), which a device cannot give.
  func hugeRelu() -> [UInt8] {
    var m = TestModel()
    let x = m.tensor("x", [1 << 27])
    let y = m.tensor("y", [1 << 27])
    m.op(.relu, [x], [y])
    m.inputs = [x]
    m.outputs = [y]
    return m.bytes
  }

  /// The limit is inclusive: exactly the arena the model needs is allowed,
  /// one byte less is `limitExceeded` at the byte count needed.
  func testLimitIsTheArenaSize() throws {
    let bytes = InterpreterTests.chain().model.bytes
    try bytes.withUnsafeBytes { raw in
      let model = try Model(verifying: raw)
      let needed = try Interpreter.arenaSize(for: model)
      let exact = try Interpreter(model: model, options: .init(maxArenaSize: needed))
      XCTAssertEqual(exact.arenaSize, needed)
      do {
        _ = try Interpreter(model: model, options: .init(maxArenaSize: needed - 1))
        XCTFail("an arena above maxArenaSize was allocated")
      } catch let error as GMLError {
        XCTAssertEqual(error.kind, .limitExceeded)
        XCTAssertEqual(error.location, .byteOffset(needed))
      }
    }
  }

  /// A tiny file asking for 1 GiB is refused under a 16 MiB limit with a
  /// message naming the option; the default (the format's 2 GiB − 1)
  /// would allocate it, as `arenaSize(for:)` reports.
  func testTinyFileAskingForAGigabyteIsRefused() throws {
    let bytes = hugeRelu()
    XCTAssertLessThan(bytes.count, 1_024)
    try bytes.withUnsafeBytes { raw in
      let model = try Model(verifying: raw)
      XCTAssertEqual(try Interpreter.arenaSize(for: model), 1 << 30)
      XCTAssertEqual(Interpreter.Options().maxArenaSize, Interpreter.arenaSizeLimit)
      do {
        _ = try Interpreter(model: model, options: .init(maxArenaSize: 16 << 20))
        XCTFail("a 1 GiB arena was allocated under a 16 MiB limit")
      } catch {
        XCTAssertEqual(
          error as? GMLError,
          GMLError(
            .limitExceeded, at: .byteOffset(1 << 30),
            "the model needs an arena of this many bytes, above Interpreter.Options.maxArenaSize"))
      }
    }
  }
}
