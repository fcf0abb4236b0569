// GMLConverter/TFLite/TFLiteLoopUnrolling.swift — WHILE loops whose trip count is known at conversion, unrolled into subgraph 0.

/// Replaces each WHILE operator of subgraph 0 by one copy of its body per
/// trip, deciding the loop's condition at conversion time.
///
/// TensorFlow converts Keras' recurrent layers (LSTM, GRU, SimpleRNN) to a
/// WHILE over the time steps: the condition compares int32 counters with
/// the sequence length; the body reads step t with GATHER, runs the cell,
/// and writes its output with RESHAPE (the last state) or SLICE and
/// CONCATENATION (every state). With the counters known, each copy's
/// counters and slice bounds fold to constants (`TFLiteShapeFolding`) and
/// the copies import as the ops they are: what Keras' `unroll=True` gives,
/// done by the importer.
///
/// Constants of a body (weights) are shared by its copies; a loop inside a
/// body unrolls too. A SLICE that selects nothing (the first and last
/// steps' empty parts of the state sequence) is dropped, with it its place
/// in the CONCATENATION after it. Each copied operator keeps its place in
/// the body for messages (`TFLiteModel.origins`). Refused, at the WHILE's
/// place: a condition that reads a value computed from the model's inputs,
/// subgraph indices or operand counts that do not fit, more than
/// `maxTrips` trips, loops nested deeper than `maxDepth`, more than
/// `maxOperators` operators in all or `maxConditionOperators` evaluated.
struct TFLiteLoopUnrolling {
  /// The most trips one loop may make.
  static let maxTrips = 4096
  /// The deepest nesting of loops.
  static let maxDepth = 4
  /// The most condition operators evaluated in all (a loop whose body
  /// leaves its counters as they are would run to `maxTrips`).
  static let maxConditionOperators = 1_000_000

  private struct BodyTensor: Hashable {
    var subgraph: Int
    var tensor: Int
  }

  private var model: TFLiteModel
  private let file: String
  private let maxOperators: Int
  private var operators: [TFLiteOperator] = []
  private var origins: [String?] = []
  /// The subgraph-0 tensor holding each body constant copied so far.
  private var constants: [BodyTensor: Int] = [:]
  /// Tensors that hold no elements.
  private var empty: Set<Int> = []
  private var loops = 0
  private var conditionOperators = 0

  private init(model: TFLiteModel, file: String, maxOperators: Int) {
    self.model = model
    self.file = file
    self.maxOperators = maxOperators
  }

  /// Unrolls every WHILE of `model`'s subgraph 0; a model without one is
  /// left as it is.
  /// - Parameters:
  ///   - model: the decoded file; gets the unrolled operators and their origins.
  ///   - file: the path, for messages.
  ///   - maxOperators: the most operators the unrolled subgraph may have.
  /// - Returns: how many loops were unrolled, nested ones included.
  /// - Throws: `ConversionError` at the WHILE that cannot be unrolled.
  static func run(_ model: inout TFLiteModel, file: String, maxOperators: Int)
    throws(ConversionError) -> Int
  {
    guard model.operators.contains(where: { $0.builtinCode == TFLiteBuiltin.whileLoop }) else {
      return 0
    }
    var unrolling = TFLiteLoopUnrolling(model: model, file: file, maxOperators: maxOperators)
    var results: [Int: Int] = [:]
    for (index, source) in model.operators.enumerated() {
      var op = source
      op.inputs = op.inputs.map { results[$0] ?? $0 }
      guard op.builtinCode == TFLiteBuiltin.whileLoop else {
        try unrolling.emit(op, origin: nil)
        continue
      }
      let values = try unrolling.unroll(op, place: "subgraphs[0].operators[\(index)]", depth: 1)
      for (o, v) in zip(op.outputs, values) { results[o] = v }
    }
    let outputs = model.outputs.map { results[$0] ?? $0 }
    model = unrolling.model
    model.operators = unrolling.operators
    model.origins = unrolling.origins
    model.outputs = outputs
    return unrolling.loops
  }

  /// Copies of the body of WHILE `op` until its condition is false.
  /// - Returns: the subgraph-0 tensors holding the loop's results.
  private mutating func unroll(_ op: TFLiteOperator, place: String, depth: Int)
    throws(ConversionError) -> [Int]
  {
    guard case .whileLoop(let condIndex, let bodyIndex) = op.options else {
      throw failure(place, "has no WhileOptions")
    }
    guard depth <= Self.maxDepth else {
      throw failure(place, "is nested more than \(Self.maxDepth) loops deep")
    }
    guard let cond = model.subgraph(condIndex), let body = model.subgraph(bodyIndex) else {
      throw failure(
        place,
        "names subgraphs \(condIndex) (condition) and \(bodyIndex) (body); the file's loop "
          + "subgraphs are 1 to \(model.subgraphs.count)")
    }
    let n = op.inputs.count
    guard op.outputs.count == n, cond.inputs.count == n, cond.outputs.count == 1,
      body.inputs.count == n, body.outputs.count == n, !op.inputs.contains(-1)
    else {
      throw failure(
        place,
        "has \(n) inputs and \(op.outputs.count) outputs; its condition (subgraph "
          + "\(condIndex)) takes \(cond.inputs.count) and gives \(cond.outputs.count), its body "
          + "(subgraph \(bodyIndex)) takes \(body.inputs.count) and gives \(body.outputs.count)")
    }
    loops += 1
    var values = op.inputs
    var trip = 0
    while try decide(cond, condIndex, values, place: place) {
      guard trip < Self.maxTrips else {
        throw failure(place, "makes more than \(Self.maxTrips) trips, the most gml unrolls")
      }
      values = try inline(body, bodyIndex, values, trip: trip, place: place, depth: depth)
      trip += 1
    }
    return values
  }

  /// Runs condition `cond` (subgraph `index`) on the loop's current values.
  private mutating func decide(
    _ cond: TFLiteSubgraph, _ index: Int, _ values: [Int], place: String
  ) throws(ConversionError) -> Bool {
    conditionOperators += cond.operators.count
    guard conditionOperators <= Self.maxConditionOperators else {
      throw failure(
        place,
        "conditions ran more than \(Self.maxConditionOperators) operators, the most gml "
          + "evaluates while unrolling")
    }
    var tensors = cond.tensors
    for (k, t) in cond.inputs.enumerated() {
      tensors[t].data = model.tensors[values[k]].data
      tensors[t].shape = model.tensors[values[k]].shape
    }
    for (i, op) in cond.operators.enumerated() where !TFLiteShapeFolding.fold(op, &tensors) {
      throw failure(
        place,
        "cannot be unrolled: its condition's \(op.opName) (subgraphs[\(index)].operators[\(i)]) "
          + "reads a value that is not known at conversion; gml unrolls loops whose trip count "
          + "is")
    }
    guard let decision = TFLiteIntConstant(tensors[cond.outputs[0]]),
      decision.values.count == 1
    else {
      throw failure(place, "has a condition whose output is not one bool")
    }
    return decision.values[0] != 0
  }

  /// Appends one copy of `body` (subgraph `index`) reading `values`.
  /// - Returns: the tensors holding the body's outputs.
  private mutating func inline(
    _ body: TFLiteSubgraph, _ index: Int, _ values: [Int], trip: Int, place: String, depth: Int
  ) throws(ConversionError) -> [Int] {
    var map = [Int](repeating: -1, count: body.tensors.count)
    for (k, t) in body.inputs.enumerated() { map[t] = values[k] }
    for (i, source) in body.operators.enumerated() {
      let origin = "subgraphs[\(index)].operators[\(i)] (in the body of the WHILE at \(place))"
      var op = source
      op.inputs = source.inputs.map { copy($0, of: body, index, trip: trip, into: &map) }
      if source.builtinCode == TFLiteBuiltin.whileLoop {
        let results = try unroll(op, place: origin, depth: depth + 1)
        for (o, r) in zip(source.outputs, results) { map[o] = r }
        continue
      }
      op.outputs = source.outputs.map { copy($0, of: body, index, trip: trip, into: &map) }
      op.intermediates = source.intermediates.map {
        copy($0, of: body, index, trip: trip, into: &map)
      }
      try emit(op, origin: origin)
    }
    return body.outputs.map { copy($0, of: body, index, trip: trip, into: &map) }
  }

  /// The subgraph-0 tensor standing for tensor `t` of `body` in this copy:
  /// a new activation per trip, one shared tensor per constant.
  private mutating func copy(
    _ t: Int, of body: TFLiteSubgraph, _ index: Int, trip: Int, into map: inout [Int]
  ) -> Int {
    guard t >= 0 else { return -1 }
    if map[t] >= 0 { return map[t] }
    var tensor = body.tensors[t]
    let key = BodyTensor(subgraph: index, tensor: t)
    if tensor.data != nil, let shared = constants[key] {
      map[t] = shared
      return shared
    }
    if tensor.data == nil { tensor.name += "/step\(trip)" }
    map[t] = model.tensors.count
    model.tensors.append(tensor)
    if tensor.data != nil { constants[key] = map[t] }
    return map[t]
  }

  /// Appends `op`, its shape-only inputs folded and its slice shapes made
  /// static; a SLICE selecting nothing is left out, as are empty operands
  /// of a CONCATENATION.
  private mutating func emit(_ source: TFLiteOperator, origin: String?) throws(ConversionError) {
    var op = source
    if op.builtinCode == TFLiteBuiltin.concatenation {
      op.inputs.removeAll { empty.contains($0) }
    }
    if !op.outputs.contains(where: { model.outputs.contains($0) }) {
      _ = TFLiteShapeFolding.fold(op, &model.tensors)
    }
    if op.outputs.count == 1, model.tensors[op.outputs[0]].data == nil,
      let shape = staticShape(op)
    {
      model.tensors[op.outputs[0]].shape = shape
      if shape.contains(0) {
        empty.insert(op.outputs[0])
        return
      }
    }
    guard operators.count < maxOperators else {
      throw failure(
        origin ?? "subgraphs[0].operators",
        "unrolled, the model has more than \(maxOperators) operators "
          + "(ConversionLimits.maxTFLiteOperators)")
    }
    operators.append(op)
    origins.append(origin)
  }

  /// The output shape of a SLICE with constant bounds or of a
  /// CONCATENATION, or nil for other operators.
  private func staticShape(_ op: TFLiteOperator) -> [Int]? {
    let shapes = op.inputs.map { $0 >= 0 ? model.tensors[$0].shape : [] }
    switch (op.builtinCode, op.options) {
    case (TFLiteBuiltin.slice, _):
      guard op.inputs.count == 3, op.inputs.allSatisfy({ $0 >= 0 }),
        let begin = TFLiteIntConstant(model.tensors[op.inputs[1]]),
        let size = TFLiteIntConstant(model.tensors[op.inputs[2]]),
        begin.values.count == shapes[0].count, size.values.count == shapes[0].count
      else { return nil }
      var shape: [Int] = []
      for (d, n) in shapes[0].enumerated() {
        let b = begin.ints[d]
        let s = size.ints[d] == -1 ? n - b : size.ints[d]
        guard b >= 0, s >= 0, b + s <= n else { return nil }
        shape.append(s)
      }
      return shape
    case (TFLiteBuiltin.concatenation, .concatenation(let rawAxis, _)):
      guard let first = shapes.first, !first.isEmpty else { return nil }
      let axis = rawAxis < 0 ? rawAxis + first.count : rawAxis
      guard (0..<first.count).contains(axis), shapes.allSatisfy({ $0.count == first.count })
      else { return nil }
      var shape = first
      shape[axis] = shapes.reduce(0) { $0 + $1[axis] }
      return shape
    default:
      return nil
    }
  }

  private func failure(_ place: String, _ message: String) -> ConversionError {
    ConversionError(file: file, place: place, "WHILE " + message)
  }
}
