// GMLConverterTests/TFLiteTestWriter+Options.swift — TFLiteOptions written as their BuiltinOptions tables.
import GMLFlatBuffers

@testable import GMLConverter

extension TFLiteTestWriter {
  /// The union member and table for `options`; nil for `.none` (and `.other(0)`).
  /// - Parameter code: the operator's builtin code, which picks the
  ///   member for `.arithmetic` (Add, Sub, Mul or DivOptions).
  func writeOptions(_ b: inout Builder, _ options: TFLiteOptions, code: Int32)
    -> (type: UInt8, table: Offset)?
  {
    typealias O = S.Options
    switch options {
    case .none: return nil
    case .other(let type):
      if type == 0 { return nil }
      b.startTable()
      return (type, b.endTable())
    case .conv2D(let padding, let strideW, let strideH, let activation, let dw, let dh):
      b.startTable()
      window(&b, padding, strideW, strideH)
      b.add(activation, default: 0, slot: S.Conv2D.activation)
      b.add(int32(dw), default: 1, slot: S.Conv2D.dilationW)
      b.add(int32(dh), default: 1, slot: S.Conv2D.dilationH)
      return (O.conv2D, b.endTable())
    case .depthwiseConv2D(
      let padding, let sw, let sh, let multiplier, let activation, let dw, let dh):
      typealias D = S.DepthwiseConv2D
      b.startTable()
      window(&b, padding, sw, sh)
      b.add(int32(multiplier), default: 0, slot: D.depthMultiplier)
      b.add(activation, default: 0, slot: D.activation)
      b.add(int32(dw), default: 1, slot: D.dilationW)
      b.add(int32(dh), default: 1, slot: D.dilationH)
      return (O.depthwiseConv2D, b.endTable())
    case .transposeConv(let padding, let sw, let sh, let activation):
      b.startTable()
      window(&b, padding, sw, sh)
      b.add(activation, default: 0, slot: S.TransposeConv.activation)
      return (O.transposeConv, b.endTable())
    case .pool2D(let padding, let sw, let sh, let filterWidth, let filterHeight, let activation):
      b.startTable()
      window(&b, padding, sw, sh)
      b.add(int32(filterWidth), default: 0, slot: S.Pool2D.filterWidth)
      b.add(int32(filterHeight), default: 0, slot: S.Pool2D.filterHeight)
      b.add(activation, default: 0, slot: S.Pool2D.activation)
      return (O.pool2D, b.endTable())
    case .fullyConnected(let activation, let format, let keepNumDims, let asymmetric):
      typealias F = S.FullyConnected
      b.startTable()
      b.add(activation, default: 0, slot: F.activation)
      b.add(format, default: 0, slot: F.weightsFormat)
      b.add(keepNumDims, default: false, slot: F.keepNumDims)
      b.add(asymmetric, default: false, slot: F.asymmetricQuantizeInputs)
      return (O.fullyConnected, b.endTable())
    case .softmax(let beta): return float(&b, beta, O.softmax)
    case .leakyRelu(let alpha): return float(&b, alpha, O.leakyRelu)
    case .concatenation(let axis, let activation):
      b.startTable()
      b.add(int32(axis), default: 0, slot: S.Concatenation.axis)
      b.add(activation, default: 0, slot: S.Concatenation.activation)
      return (O.concatenation, b.endTable())
    case .arithmetic(let activation):
      b.startTable()
      b.add(activation, default: 0, slot: S.Arithmetic.activation)
      return (arithmeticMember(code), b.endTable())
    case .reshape(let newShape):
      return ints(&b, newShape, O.reshape)
    case .squeeze(let dims):
      return ints(&b, dims.isEmpty ? nil : dims, O.squeeze)
    case .reducer(let keepDims):
      b.startTable()
      b.add(keepDims, default: false, slot: S.onlyField)
      return (O.reducer, b.endTable())
    case .sequenceLSTM(let activation, let cellClip, let projClip, let timeMajor):
      typealias L = S.SequenceLSTM
      b.startTable()
      b.add(activation, default: 0, slot: L.activation)
      b.add(cellClip, default: 0, slot: L.cellClip)
      b.add(projClip, default: 0, slot: L.projClip)
      b.add(timeMajor, default: false, slot: L.timeMajor)
      return (O.sequenceLSTM, b.endTable())
    case .whileLoop(let cond, let body):
      b.startTable()
      b.add(int32(cond), default: 0, slot: S.While.cond)
      b.add(int32(body), default: 0, slot: S.While.body)
      return (O.whileLoop, b.endTable())
    case .batchMatMul(let adjX, let adjY):
      b.startTable()
      b.add(adjX, default: false, slot: S.BatchMatMul.adjX)
      b.add(adjY, default: false, slot: S.BatchMatMul.adjY)
      return (O.batchMatMul, b.endTable())
    case .gelu(let approximate):
      b.startTable()
      b.add(approximate, default: false, slot: S.onlyField)
      return (O.gelu, b.endTable())
    case .resize(let alignCorners, let halfPixelCenters):
      // The member follows the operator: the two tables put the flags at
      // different slots.
      b.startTable()
      if code == TFLiteBuiltin.resizeBilinear {
        b.add(alignCorners, default: false, slot: S.ResizeBilinear.alignCorners)
        b.add(halfPixelCenters, default: false, slot: S.ResizeBilinear.halfPixelCenters)
        return (O.resizeBilinear, b.endTable())
      }
      b.add(alignCorners, default: false, slot: S.ResizeNearestNeighbor.alignCorners)
      b.add(halfPixelCenters, default: false, slot: S.ResizeNearestNeighbor.halfPixelCenters)
      return (O.resizeNearestNeighbor, b.endTable())
    case .stridedSlice(let begin, let end, let ellipsis, let newAxis, let shrink, let offset):
      typealias M = S.StridedSlice
      b.startTable()
      b.add(int32(begin), default: 0, slot: M.beginMask)
      b.add(int32(end), default: 0, slot: M.endMask)
      b.add(int32(ellipsis), default: 0, slot: M.ellipsisMask)
      b.add(int32(newAxis), default: 0, slot: M.newAxisMask)
      b.add(int32(shrink), default: 0, slot: M.shrinkAxisMask)
      b.add(offset, default: false, slot: M.offset)
      return (O.stridedSlice, b.endTable())
    case .pack(let valuesCount, let axis):
      return pair(&b, valuesCount, axis, O.pack)
    case .unpack(let count, let axis):
      return pair(&b, count, axis, O.unpack)
    case .gather(let axis, let batchDims):
      return pair(&b, axis, batchDims, O.gather)
    case .shape(let outType):
      b.startTable()
      b.add(outType, default: 0, slot: S.onlyField)
      return (O.shape, b.endTable())
    case .cast(let inType, let outType):
      b.startTable()
      b.add(inType, default: 0, slot: S.Cast.inType)
      b.add(outType, default: 0, slot: S.Cast.outType)
      return (O.cast, b.endTable())
    }
  }

  /// AddOptions unless the code is SUB, MUL or DIV.
  func arithmeticMember(_ code: Int32) -> UInt8 {
    switch code {
    case TFLiteBuiltin.sub: return S.Options.sub
    case TFLiteBuiltin.mul: return S.Options.mul
    case TFLiteBuiltin.div: return S.Options.div
    default: return S.Options.add
    }
  }

  private func window(_ b: inout Builder, _ padding: TFLitePadding, _ strideW: Int, _ strideH: Int)
  {
    b.add(padding.rawValue, default: 0, slot: S.Window.padding)
    b.add(int32(strideW), default: 0, slot: S.Window.strideW)
    b.add(int32(strideH), default: 0, slot: S.Window.strideH)
  }

  private func float(_ b: inout Builder, _ value: Float, _ type: UInt8) -> (UInt8, Offset) {
    b.startTable()
    b.add(value, default: 0, slot: S.onlyField)
    return (type, b.endTable())
  }

  /// A table whose only field is an int vector (absent when nil).
  private func ints(_ b: inout Builder, _ values: [Int]?, _ type: UInt8) -> (UInt8, Offset) {
    let vector = values.map { b.createVector($0.map(int32)) }
    b.startTable()
    if let vector { b.add(vector, slot: S.onlyField) }
    return (type, b.endTable())
  }

  /// A table of two ints at slots 0 and 1.
  private func pair(_ b: inout Builder, _ first: Int, _ second: Int, _ type: UInt8)
    -> (UInt8, Offset)
  {
    b.startTable()
    b.add(int32(first), default: 0, slot: 0)
    b.add(int32(second), default: 0, slot: 1)
    return (type, b.endTable())
  }

  private func int32(_ value: Int) -> Int32 { Int32(truncatingIfNeeded: value) }
}
