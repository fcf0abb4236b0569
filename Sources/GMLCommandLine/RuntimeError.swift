// GMLCommandLine/RuntimeError.swift — interpreter errors as command errors that name the op or tensor at fault.
import GMLCore
import GMLFormat

extension CommandError {
  /// Wraps a `GMLError` from preparing or running `graph` of the model in
  /// `file`, adding what the location refers to: the op's code and name
  /// (`model.gml:op 0: error: unsupported op: QUANTIZE 'quantize_input': …`)
  /// or the tensor's name.
  init(file: String, _ error: GMLError, in graph: Subgraph) {
    self.init(file: file, error)
    var subject = ""
    switch error.location {
    case .op(let i) where i >= 0 && i < graph.operatorCount:
      let op = graph.operatorAt(i)
      subject = op.opcode.schemaName + (op.name.isEmpty ? "" : " '\(op.name)'")
    case .tensor(let t) where t >= 0 && t < graph.tensorCount:
      subject = "'\(graph.tensorAt(t).name)'"
    default:
      return
    }
    message = "\(error.kind.name): \(subject): \(error.detail)"
  }
}
