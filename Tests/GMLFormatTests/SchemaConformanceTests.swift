// GMLFormatTests/SchemaConformanceTests.swift — GMLFormat's hand-written mirror checked against schema/gml.fbs, parsed at test time.
import GMLCore
import GMLFlatBuffers
import GMLFormat
import GMLSchema
import XCTest

/// Enum values, union members, option defaults and field slots all come
/// from the parsed schema. The one thing stated here is which Swift value
/// each options table is (`options(_:_:)`, by schema field name).
final class SchemaConformanceTests: XCTestCase {
  func testEnumsMatchTheSchema() throws {
    let schema = try Schema.load()
    assertEnum(schema, "OpCode", OpCode.self) { $0.schemaName }
    assertEnum(schema, "ActivationFunction", ActivationFunction.self) { $0.schemaName }
    assertEnum(schema, "Padding", Padding.self) { $0.schemaName }
    assertEnum(schema, "RoundingMode", RoundingMode.self) { $0.schemaName }
    assertEnum(schema, "ElementType", ElementType.self) { $0.schemaName }
  }

  func testOpOptionsTypeMatchesTheUnion() throws {
    let members = try XCTUnwrap(Schema.load().unionNamed("OpOptions"), "no union").members
    assertSame(
      "union OpOptions", swift: OpOptionsType.allCases.map { ($0.schemaName, Int($0.rawValue)) },
      schema: (["NONE"] + members).enumerated().map { ($1, $0) })
  }

  /// At the schema's defaults, the writer omits every field, the reader
  /// gives them back, and the Swift initializers agree.
  func testOptionsDefaultsAreTheSchemas() throws {
    let schema = try Schema.load()
    let initializers: [OpOptionsType: OpOptions] = [
      .conv2D: .conv2D(Conv2DOptions()), .pool2D: .pool2D(Pool2DOptions()),
      .depthwiseConv2D: .depthwiseConv2D(DepthwiseConv2DOptions()),
    ]
    for type in OpOptionsType.allCases where type != .none {
      let (_, defaults) = try schemaDefaults(schema, type)
      try assertWritten(defaults, type, schema, set: [], "every field at its schema default")
      if let swift = initializers[type] {
        let want = options(type, FieldValues(type.schemaName, defaults))
        XCTAssertEqual(swift, want, "\(type.schemaName): the Swift initializer's defaults")
      }
    }
  }

  /// Every field set off its default reads back; one field set alone is
  /// the only one written, at its schema slot, with its value.
  func testOptionsFieldsSitAtTheSchemasSlots() throws {
    let schema = try Schema.load()
    for type in OpOptionsType.allCases where type != .none {
      let (fields, defaults) = try schemaDefaults(schema, type)
      var all = defaults
      for field in fields { all[field.name] = defaults[field.name].map { schema.other($0, field) } }
      try assertWritten(all, type, schema, set: fields, "every field set")
      for field in fields {
        var one = defaults
        one[field.name] = all[field.name]
        try assertWritten(one, type, schema, set: [field], "only \(field.name) set")
      }
    }
  }

  /// Writes a one-operator model with the options that `values` make, and
  /// checks it reads back equal and its table holds exactly the fields `set`.
  private func assertWritten(
    _ values: [String: Value], _ type: OpOptionsType, _ schema: Schema, set: [Schema.Field],
    _ label: String
  ) throws {
    let name = type.schemaName
    let f = FieldValues(name, values)
    let want = options(type, f)
    for problem in f.problems { XCTFail(problem) }
    let fields = schema.tableNamed(name)?.fields ?? []
    let unread = fields.filter { !$0.isDeprecated && !f.read.contains($0.name) }
    for field in unread { XCTFail("\(name).\(field.name): in the schema, not in the Swift value") }
    guard f.problems.isEmpty && unread.isEmpty else { return }
    var model = ModelSamples.minimal()
    model.subgraphs[0].operators[0].options = want
    try ModelWriter.write(model).withUnsafeBytes { raw in
      do {
        let read = try Model(verifying: raw).subgraphAt(0).operatorAt(0).options()
        XCTAssertEqual(read, want, "\(name), \(label): reads back otherwise")
      } catch {
        return XCTFail("\(name), \(label): the model is rejected: \(error)")
      }
      let view = BufferView(raw)
      let subgraph = view.vectorTable(
        view.rootTable(), slot: try slot(schema, "Model", "subgraphs"), at: 0)
      let op = view.vectorTable(subgraph, slot: try slot(schema, "Subgraph", "operators"), at: 0)
      let union = try slot(schema, "Operator", "options")
      XCTAssertEqual(view.scalar(op, slot: union - 1, default: UInt8(0)), type.rawValue, name)
      let table = try XCTUnwrap(view.table(op, slot: union), "\(name): no options table")
      let setSlots = Set(set.map(\.slot))
      for slot in 0..<max((table.vtableSize - 4) / 2, fields.count * 2) {
        let field = fields.first { $0.slot == slot && !$0.isDeprecated }
        // An empty vector counts as absent: FlatBuffers vectors have no
        // default, and the writer keeps some empty ones.
        let empty = field.map { schema.stored($0, of: table, in: view) == .ints([]) } ?? false
        let written = view.hasField(table, slot: slot) && !empty
        guard written != setSlots.contains(slot) else { continue }
        let what = "\(name).\(field?.name ?? "?") (slot \(slot)), \(label),"
        let value = field.flatMap { values[$0.name] }.map { "\($0)" }
        if !written {
          XCTFail("\(what) is absent though set to \(value ?? "?"): not at its schema slot")
        } else if let value {
          XCTFail("\(what) is written at the schema default \(value): the writer's differs")
        } else {
          XCTFail("\(what) is written where the schema has no live field")
        }
      }
      for field in set where view.hasField(table, slot: field.slot) {
        let stored = schema.stored(field, of: table, in: view)
        XCTAssertEqual(stored, values[field.name], "\(name).\(field.name) (slot \(field.slot))")
      }
    }
  }

  /// The live fields of `type`'s table and their schema defaults.
  private func schemaDefaults(_ schema: Schema, _ type: OpOptionsType) throws
    -> ([Schema.Field], [String: Value])
  {
    let table = try XCTUnwrap(schema.tableNamed(type.schemaName), "no table \(type.schemaName)")
    let fields = table.liveFields
    let pairs = try fields.map { ($0.name, try schema.defaultValue(of: $0, in: type.schemaName)) }
    return (fields, Dictionary(pairs) { a, _ in a })
  }

  private func slot(_ schema: Schema, _ table: String, _ field: String) throws -> Int {
    let f = schema.tableNamed(table)?.fields.first { $0.name == field }
    return try XCTUnwrap(f, "no \(table).\(field)").slot
  }

  private func assertEnum<E: CaseIterable & RawRepresentable>(
    _ schema: Schema, _ name: String, _: E.Type, _ schemaName: (E) -> String,
    line: UInt = #line
  ) where E.RawValue: FixedWidthInteger {
    guard let e = schema.enumNamed(name) else { return XCTFail("no enum \(name)", line: line) }
    assertSame(
      "enum \(name)", swift: E.allCases.map { (schemaName($0), Int($0.rawValue)) },
      schema: e.cases.map { ($0.name, $0.value) }, line: line)
    XCTAssertEqual(
      MemoryLayout<E.RawValue>.size, Schema.scalarSizes[e.underlying],
      "enum \(name) : \(e.underlying): width of the Swift raw value", line: line)
  }

  /// Same names with the same values, both ways.
  private func assertSame(
    _ item: String, swift: [(String, Int)], schema: [(String, Int)], line: UInt = #line
  ) {
    let want = Dictionary(schema) { a, _ in a }
    let have = Dictionary(swift) { a, _ in a }
    XCTAssertEqual(have.count, swift.count, "\(item): Swift repeats a schema name", line: line)
    XCTAssertEqual(want.count, schema.count, "\(item): the schema repeats a name", line: line)
    for (name, value) in swift where want[name] != value {
      let other = want[name].map { "\($0)" } ?? "nothing"
      XCTFail("\(item) \(name): Swift has \(value), the schema \(other)", line: line)
    }
    for (name, value) in schema where have[name] == nil {
      XCTFail("\(item) \(name) = \(value): in the schema, not in Swift", line: line)
    }
  }
}

/// Which Swift value each options table is, from field values by schema
/// name: the one place the test names option fields.
private func options(_ type: OpOptionsType, _ f: FieldValues) -> OpOptions {
  let window = {
    Window2D(
      padding: f.enumCase("padding") ?? .valid, strideH: f.int("stride_h"),
      strideW: f.int("stride_w"), explicitPadding: f.ints("explicit_padding"))
  }
  let activation = { f.enumCase("fused_activation") ?? ActivationFunction.none }
  switch type {
  case .none: return .none
  case .conv2D:
    return .conv2D(
      Conv2DOptions(
        window: window(), dilationH: f.int("dilation_h"), dilationW: f.int("dilation_w"),
        activation: activation()))
  case .depthwiseConv2D:
    return .depthwiseConv2D(
      DepthwiseConv2DOptions(
        window: window(), dilationH: f.int("dilation_h"), dilationW: f.int("dilation_w"),
        depthMultiplier: f.int("depth_multiplier"), activation: activation()))
  case .pool2D:
    return .pool2D(
      Pool2DOptions(
        window: window(), filterH: f.int("filter_h"), filterW: f.int("filter_w"),
        activation: activation()))
  case .fullyConnected:
    return .fullyConnected(activation: activation(), keepNumDims: f.bool("keep_num_dims"))
  case .elementwise: return .elementwise(activation: activation())
  case .leakyRelu: return .leakyRelu(alpha: f.float("alpha"))
  case .softmax: return .softmax(beta: f.float("beta"), axis: f.int("axis"))
  case .mean: return .mean(axes: f.ints("axes"), keepDims: f.bool("keep_dims"))
  case .reshape: return .reshape(newShape: f.ints("new_shape"))
  case .concatenation: return .concatenation(axis: f.int("axis"), activation: activation())
  case .pad: return .pad(paddings: f.ints("paddings"), value: f.float("value"))
  case .transpose: return .transpose(perm: f.ints("perm"))
  case .tile: return .tile(multiples: f.ints("multiples"))
  case .stridedSlice:
    return .stridedSlice(begin: f.ints("begin"), end: f.ints("end"), strides: f.ints("strides"))
  case .resize:
    return .resize(
      alignCorners: f.bool("align_corners"), halfPixelCenters: f.bool("half_pixel_centers"))
  case .batchMatMul:
    return .batchMatMul(adjointLhs: f.bool("adjoint_lhs"), adjointRhs: f.bool("adjoint_rhs"))
  case .gelu: return .gelu(approximate: f.bool("approximate"))
  case .layerNorm: return .layerNorm(epsilon: f.float("epsilon"))
  case .sequenceLSTM:
    return .sequenceLSTM(
      cellClip: f.float("cell_clip"), timeMajor: f.bool("time_major"),
      cellScaleLog2: Int8(truncatingIfNeeded: f.int("cell_scale_log2")),
      activation: f.enumCase("activation") ?? ActivationFunction.none)
  case .gru:
    return .gru(
      timeMajor: f.bool("time_major"),
      activation: f.enumCase("activation") ?? ActivationFunction.none)
  case .gather:
    return .gather(axis: Int32(f.int("axis")))
  }
}

/// The field values of one options table by schema name; notes which ones
/// `options(_:_:)` read and any it could not.
private final class FieldValues {
  let table: String
  let values: [String: Value]
  var read: Set<String> = []
  var problems: [String] = []

  init(_ table: String, _ values: [String: Value]) {
    self.table = table
    self.values = values
  }

  func int(_ name: String) -> Int32 {
    if case .int(let v)? = value(name) { return Int32(truncatingIfNeeded: v) }
    return mismatch(name, 0)
  }
  func float(_ name: String) -> Float {
    if case .float(let v)? = value(name) { return v }
    return mismatch(name, 0)
  }
  func bool(_ name: String) -> Bool {
    if case .bool(let v)? = value(name) { return v }
    return mismatch(name, false)
  }
  func ints(_ name: String) -> [Int32] {
    if case .ints(let v)? = value(name) { return v }
    return mismatch(name, [])
  }
  func enumCase<E: RawRepresentable>(_ name: String) -> E? where E.RawValue: FixedWidthInteger {
    let raw = int(name)
    guard let e = E(rawValue: E.RawValue(truncatingIfNeeded: raw)) else {
      problems.append("\(table).\(name) = \(raw): no \(E.self) case has this value")
      return nil
    }
    return e
  }

  private func value(_ name: String) -> Value? {
    read.insert(name)
    if values[name] == nil { problems.append("\(table).\(name): read in Swift, not in the schema") }
    return values[name]
  }
  private func mismatch<T>(_ name: String, _ fallback: T) -> T {
    if let v = values[name] { problems.append("\(table).\(name) = \(v): Swift reads a \(T.self)") }
    return fallback
  }
}
