// GMLFormat/Model+References.swift — load-time checks of everything one table says about another.
import GMLCore
import GMLFlatBuffers

extension Model {
  /// Checks, after structural verification, that every index points at
  /// something that exists, every enum value is known, and every constant
  /// buffer holds exactly its tensor's bytes at a 16-byte-aligned offset.
  /// Shapes and quantization beyond that are checked at prepare.
  func checkReferences() throws(GMLError) {
    let version = formatVersion
    if version == 0 { throw GMLError(.malformed, "format_version is missing") }
    if version > gmlFormatVersion {
      throw GMLError(.unsupportedVersion, "format_version newer than this build reads")
    }
    let rawRounding: Int8 = view.scalar(root, slot: Slot.Model.roundingMode, default: 0)
    if RoundingMode(rawValue: rawRounding) == nil {
      throw GMLError(.malformed, "unknown rounding_mode")
    }
    if subgraphCount == 0 { throw GMLError(.malformed, "model has no subgraph") }
    if bufferCount == 0 || !bufferAt(0).bytes.isEmpty {
      throw GMLError(.malformed, at: .buffer(0), "buffers[0] must exist and be empty")
    }
    for b in 0..<bufferCount {
      let buffer = bufferAt(b)
      if !buffer.bytes.isEmpty && buffer.fileOffset % 16 != 0 {
        throw GMLError(.misaligned, at: .buffer(b), "constant buffer not 16-byte aligned")
      }
    }
    for s in 0..<subgraphCount { try checkSubgraph(subgraphAt(s)) }
  }

  private func checkSubgraph(_ g: Subgraph) throws(GMLError) {
    let tensorCount = g.tensorCount
    for i in 0..<tensorCount { try checkTensor(g.tensorAt(i), index: i) }
    for t in g.inputs where t < 0 || t >= tensorCount {
      throw GMLError(.outOfBounds, at: .tensor(t), "graph input index out of range")
    }
    for t in g.outputs where t < 0 || t >= tensorCount {
      throw GMLError(.outOfBounds, at: .tensor(t), "graph output index out of range")
    }
    for i in 0..<g.operatorCount {
      let op = g.operatorAt(i)
      let rawOpcode: UInt16 = view.scalar(op.table, slot: Slot.Operator.opcode, default: 0)
      if OpCode(rawValue: rawOpcode) == nil {
        throw GMLError(.unsupportedOp, at: .op(i), "unknown opcode")
      }
      for t in op.inputs where t < -1 || t >= tensorCount {
        throw GMLError(.outOfBounds, at: .op(i), "input tensor index out of range")
      }
      for t in op.outputs where t < 0 || t >= tensorCount {
        throw GMLError(.outOfBounds, at: .op(i), "output tensor index out of range")
      }
      do {
        _ = try op.options()
      } catch {
        throw GMLError(error.kind, at: .op(i), error.detail)
      }
    }
    if let plan = g.memoryPlan {
      if plan.offsets.count != tensorCount {
        throw GMLError(.malformed, "memory_plan.offsets needs one entry per tensor")
      }
      if plan.alignment == 0 || plan.alignment & (plan.alignment - 1) != 0 {
        throw GMLError(.malformed, "memory_plan.alignment must be a power of two")
      }
    }
  }

  private func checkTensor(_ t: Tensor, index i: Int) throws(GMLError) {
    let rawType: Int8 = view.scalar(t.table, slot: Slot.Tensor.type, default: 0)
    if ElementType(rawValue: UInt8(bitPattern: rawType)) == nil {
      throw GMLError(.unsupportedType, at: .tensor(i), "unknown element type")
    }
    let shape = t.shape
    let byteCount: Int
    do {
      byteCount = try shape.byteCount(of: t.type)
    } catch {
      throw GMLError(error.kind, at: .tensor(i), error.detail)
    }
    if t.buffer >= bufferCount {
      throw GMLError(.outOfBounds, at: .tensor(i), "buffer index out of range")
    }
    if t.buffer != 0 && bufferAt(t.buffer).bytes.count != byteCount {
      throw GMLError(.shapeMismatch, at: .tensor(i), "constant buffer size differs from shape")
    }
    if let q = t.quantization, q.zeroPoints.count != q.scales.count {
      throw GMLError(.invalidQuantization, at: .tensor(i), "zero_point and scale counts differ")
    }
  }
}
