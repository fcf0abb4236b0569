// GMLTestSupport/LiteRTFixture.swift — reads the LiteRT int8 op fixtures (Fixtures/litert-int8/FORMAT.md), format-level only.
import Foundation

/// One LiteRT int8 op case as its JSON file holds it: an operator as
/// LiteRT's converter quantized it, its inputs and LiteRT's output from
/// the reference kernels. Types stay strings (`INT8`, `INT32`, `FLOAT32`),
/// so each test target maps them to its own types.
public struct LiteRTFixture: Decodable, Sendable {
  /// The file the case came from (`<name>.json`).
  public var file = ""
  public var name: String
  /// The `gml.OpCode` name (`CONV_2D`).
  public var op: String
  public var options: FixtureOptions
  /// In operator order; nil for an absent optional input (no bias).
  public var inputs: [FixtureTensor?]
  /// `outputs[0].ints` or `.floats` is LiteRT's output.
  public var outputs: [FixtureTensor]

  enum CodingKeys: String, CodingKey { case name, op, options, inputs, outputs }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decode(String.self, forKey: .name)
    op = try c.decode(String.self, forKey: .op)
    options = try c.decodeIfPresent(FixtureOptions.self, forKey: .options) ?? FixtureOptions()
    inputs = try c.decode([FixtureTensor?].self, forKey: .inputs)
    outputs = try c.decode([FixtureTensor].self, forKey: .outputs)
  }

  /// The converter-made cases (`Tests/GMLRuntimeTests/Fixtures/litert-int8`).
  public static let folder = fixtures.appendingPathComponent("litert-int8")

  /// The hand-built edge cases (ties, weight zero points, …).
  public static let edgeFolder = fixtures.appendingPathComponent("litert-int8-edge")

  /// The folder `GML_LITERT_INT8_FIXTURES` names, if set.
  public static let overrideFolder: URL? = ProcessInfo.processInfo
    .environment["GML_LITERT_INT8_FIXTURES"].map { URL(fileURLWithPath: $0) }

  /// The folders a full sweep reads: `folder` and `edgeFolder`, or only the
  /// folder that `GML_LITERT_INT8_FIXTURES` names when it is set.
  public static let folders: [URL] =
    overrideFolder.map { [$0] } ?? [folder, edgeFolder]

  private static let fixtures = RepositoryPaths.root()
    .appendingPathComponent("Tests/GMLRuntimeTests/Fixtures")

  /// Every `*.json` case in `folders`, each folder sorted by file name.
  /// - Throws: `FixtureError` naming the file that cannot be read.
  public static func all(in folders: [URL] = [folder]) throws -> [LiteRTFixture] {
    try folders.flatMap { folder in
      let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        .filter { $0.hasSuffix(".json") }.sorted()
      return try names.map { name in
        do {
          let data = try Data(contentsOf: folder.appendingPathComponent(name))
          var fixture = try JSONDecoder().decode(LiteRTFixture.self, from: data)
          fixture.file = name
          return fixture
        } catch {
          throw FixtureError(message: "\(name): \(error)")
        }
      }
    }
  }
}

/// One tensor of a case; `data` is `ints` for INT8/INT32, `floats` for
/// FLOAT32 (the other is empty).
public struct FixtureTensor: Decodable, Sendable {
  public var name: String
  public var shape: [Int]
  /// The `gml.ElementType` name.
  public var type: String
  /// Weights and bias (true), or a graph input the test feeds (false).
  public var const: Bool
  /// One entry, or one per channel along `quantizedDimension`; empty for float.
  public var scales: [Float]
  public var zeroPoints: [Int]
  public var quantizedDimension: Int
  public var ints: [Int] = []
  public var floats: [Float] = []

  /// The first scale, or 0 for a float tensor.
  public var scale: Float { scales.first ?? 0 }

  enum CodingKeys: String, CodingKey {
    case name, shape, type, const, data
    case scales = "scale"
    case zeroPoints = "zero_point"
    case quantizedDimension = "quantized_dimension"
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decode(String.self, forKey: .name)
    shape = try c.decode([Int].self, forKey: .shape)
    type = try c.decode(String.self, forKey: .type)
    const = try c.decodeIfPresent(Bool.self, forKey: .const) ?? false
    scales = try c.decode([Float].self, forKey: .scales)
    zeroPoints = try c.decode([Int].self, forKey: .zeroPoints)
    quantizedDimension = try c.decode(Int.self, forKey: .quantizedDimension)
    if type == "FLOAT32" {
      floats = try c.decode([Float].self, forKey: .data)
    } else {
      ints = try c.decode([Int].self, forKey: .data)
    }
  }
}

/// A case's `options` object: flatc-style field names, each an enum name,
/// a number, a flag or a list of numbers. Every accessor is nil when the
/// field is missing or of another kind.
public struct FixtureOptions: Decodable, Sendable {
  enum Value: Decodable {
    case string(String)
    case bool(Bool)
    case number(Double)
    case list([Double])

    init(from decoder: any Decoder) throws {
      let c = try decoder.singleValueContainer()
      if let s = try? c.decode(String.self) {
        self = .string(s)
      } else if let b = try? c.decode(Bool.self) {
        self = .bool(b)
      } else if let n = try? c.decode(Double.self) {
        self = .number(n)
      } else {
        self = .list(try c.decode([Double].self))
      }
    }
  }

  var values: [String: Value] = [:]

  init() {}

  public init(from decoder: any Decoder) throws {
    values = try decoder.singleValueContainer().decode([String: Value].self)
  }

  public func int(_ key: String) -> Int? {
    if case .number(let n)? = values[key] { return Int(exactly: n) }
    return nil
  }

  public func ints(_ key: String) -> [Int]? {
    if case .list(let l)? = values[key] { return l.compactMap { Int(exactly: $0) } }
    return nil
  }

  public func float(_ key: String) -> Float? {
    if case .number(let n)? = values[key] { return Float(n) }
    return nil
  }

  public func bool(_ key: String) -> Bool? {
    if case .bool(let b)? = values[key] { return b }
    return nil
  }

  public func string(_ key: String) -> String? {
    if case .string(let s)? = values[key] { return s }
    return nil
  }
}

/// A fixture that cannot be read or built.
public struct FixtureError: Error, CustomStringConvertible {
  public var message: String
  public init(message: String) { self.message = message }
  public var description: String { message }
}
