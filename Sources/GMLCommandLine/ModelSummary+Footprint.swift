// GMLCommandLine/ModelSummary+Footprint.swift — what one inference costs: sizes, MACs, memory traffic and a rough energy estimate.
import Foundation
import GMLCore
import GMLFormat

/// The cost of one inference of a model, for `gml inspect`: how much it
/// computes and moves, and what that is likely to cost in energy as int8
/// and as float32.
///
/// The energy figures are Horowitz's for a 45 nm process at 0.9 V
/// ("Computing's energy problem (and what we can do about it)", ISSCC
/// 2014): an 8-bit integer multiply costs 0.2 pJ and a 32-bit integer add
/// 0.1 pJ, so an int8 multiply-accumulate into int32 costs 0.3 pJ; a
/// 32-bit float multiply costs 3.7 pJ and a float add 0.9 pJ, so 4.6 pJ;
/// reading 64 bits from a 32 KB SRAM costs 20 pJ, 2.5 pJ a byte. The
/// estimate counts MACs (convolutions and FULLY_CONNECTED), every weight
/// read once, and every operator reading its activation inputs and writing
/// its outputs once, all from on-chip SRAM: a lower bound that ignores
/// DRAM (100× more per byte), caches and control. It is a way to compare
/// precisions, not a measurement.
struct Footprint {
  static let int8MACPicojoules = 0.2 + 0.1
  static let float32MACPicojoules = 3.7 + 0.9
  static let sramBytePicojoules = 20.0 / 8

  /// Multiply-accumulates per inference.
  var macs = 0
  /// Elements of constant weights (int8 or float32 depending on precision).
  var weightElements = 0
  /// Bytes of constants that stay 32-bit in both precisions (int32 biases).
  var fixedBytes = 0
  /// Activation elements read and written by all operators.
  var activationElements = 0

  /// Counts `summary`'s operators and constants.
  init(_ summary: ModelSummary) {
    for t in summary.tensors where t.buffer != 0 {
      if t.type == .int32 || t.type == .int64 {
        fixedBytes += t.shape.dims.reduce(1, *) * t.type.byteSize
      } else {
        weightElements += t.shape.dims.reduce(1, *)
      }
    }
    for op in summary.operators {
      for i in op.inputs + op.outputs where i >= 0 && summary.tensors[i].buffer == 0 {
        activationElements += summary.tensors[i].shape.dims.reduce(1, *)
      }
      macs += Footprint.macs(op, summary.tensors)
    }
  }

  /// The MACs of one operator (the rule of the conversion report).
  static func macs(_ op: ModelSummary.OperatorRow, _ tensors: [ModelSummary.TensorRow]) -> Int {
    guard op.inputs.count > 1, op.inputs[1] >= 0, let o = op.outputs.first else { return 0 }
    let out = tensors[o].shape.dims.reduce(1, *)
    let filter = tensors[op.inputs[1]].shape.dims
    let input = op.inputs[0] >= 0 ? tensors[op.inputs[0]].shape.dims.reduce(1, *) : 0
    return op.opcode.macs(
      outputElements: out, inputElements: input, filter: filter, options: op.opOptions)
  }

  /// Estimated picojoules per inference at one precision: compute and memory.
  func energy(int8: Bool) -> (compute: Double, memory: Double) {
    let bytesPerElement = int8 ? 1 : 4
    let bytes = (weightElements + activationElements) * bytesPerElement + fixedBytes
    let mac = int8 ? Footprint.int8MACPicojoules : Footprint.float32MACPicojoules
    return (Double(macs) * mac, Double(bytes) * Footprint.sramBytePicojoules)
  }

  /// `pJ` as a short quantity: `1.23 µJ`, `456 nJ`.
  static func joules(_ picojoules: Double) -> String {
    let (value, unit) =
      picojoules >= 1e6
      ? (picojoules / 1e6, "µJ") : picojoules >= 1e3 ? (picojoules / 1e3, "nJ") : (picojoules, "pJ")
    return String(format: "%.3g %@", value, unit)
  }

  /// The text lines of `gml inspect`.
  var lines: [String] {
    let i8 = energy(int8: true)
    let f32 = energy(int8: false)
    let ratio = (f32.compute + f32.memory) / max(i8.compute + i8.memory, 1e-9)
    return [
      "compute: \(macs) MACs per inference (conv, depthwise, fully connected); "
        + "\(activationElements) activation elements read and written",
      "energy estimate per inference (45 nm, Horowitz ISSCC 2014; SRAM only): "
        + "int8 \(Footprint.joules(i8.compute + i8.memory)) "
        + "(MACs \(Footprint.joules(i8.compute)), memory \(Footprint.joules(i8.memory))), "
        + "float32 \(Footprint.joules(f32.compute + f32.memory)) "
        + "(MACs \(Footprint.joules(f32.compute)), memory \(Footprint.joules(f32.memory))): "
        + String(format: "%.1f", ratio) + "x",
    ]
  }

  /// The JSON object of `gml inspect --json`.
  var json: JSONValue {
    func estimate(_ int8: Bool) -> JSONValue {
      let e = energy(int8: int8)
      return .object([
        ("compute_pj", .double(e.compute)), ("memory_pj", .double(e.memory)),
        ("total_pj", .double(e.compute + e.memory)),
      ])
    }
    return .object([
      ("macs", .int(macs)), ("weight_elements", .int(weightElements)),
      ("fixed_bytes", .int(fixedBytes)), ("activation_elements", .int(activationElements)),
      ("energy_int8", estimate(true)), ("energy_float32", estimate(false)),
    ])
  }
}
