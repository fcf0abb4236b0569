// GMLFormat/Generated/OpOptions+Codec.swift — reads, writes, verifies and bounds each options table; generated from schema/gml.fbs by `swift run gml-schema`, do not edit.
import GMLCore
import GMLFlatBuffers

extension OpOptions {
  /// Decodes the table of union member `type` from a verified buffer.
  /// - Throws: `malformed` for an enum value this build does not know.
  static func read(_ type: OpOptionsType, _ o: OptionsFields) throws(GMLError) -> Self {
    switch type {
    case .none:
      return .none
    case .conv2D:
      let window = Window2D(
        padding: try o.enumValue(Slot.Conv2DOptions.padding, Padding.valid, "unknown padding"),
        strideH: o.scalar(Slot.Conv2DOptions.strideH, Int32(1)),
        strideW: o.scalar(Slot.Conv2DOptions.strideW, Int32(1)),
        explicitPadding: o.vector(Slot.Conv2DOptions.explicitPadding, Int32.self))
      return .conv2D(
        Conv2DOptions(
          window: window,
          dilationH: o.scalar(Slot.Conv2DOptions.dilationH, Int32(1)),
          dilationW: o.scalar(Slot.Conv2DOptions.dilationW, Int32(1)),
          activation: try o.enumValue(
            Slot.Conv2DOptions.activation, ActivationFunction.none, "unknown fused activation")))
    case .depthwiseConv2D:
      let window = Window2D(
        padding: try o.enumValue(
          Slot.DepthwiseConv2DOptions.padding, Padding.valid, "unknown padding"),
        strideH: o.scalar(Slot.DepthwiseConv2DOptions.strideH, Int32(1)),
        strideW: o.scalar(Slot.DepthwiseConv2DOptions.strideW, Int32(1)),
        explicitPadding: o.vector(Slot.DepthwiseConv2DOptions.explicitPadding, Int32.self))
      return .depthwiseConv2D(
        DepthwiseConv2DOptions(
          window: window,
          dilationH: o.scalar(Slot.DepthwiseConv2DOptions.dilationH, Int32(1)),
          dilationW: o.scalar(Slot.DepthwiseConv2DOptions.dilationW, Int32(1)),
          depthMultiplier: o.scalar(Slot.DepthwiseConv2DOptions.depthMultiplier, Int32(1)),
          activation: try o.enumValue(
            Slot.DepthwiseConv2DOptions.activation, ActivationFunction.none,
            "unknown fused activation")))
    case .fullyConnected:
      return .fullyConnected(
        activation: try o.enumValue(
          Slot.FullyConnectedOptions.activation, ActivationFunction.none,
          "unknown fused activation"),
        keepNumDims: o.scalar(Slot.FullyConnectedOptions.keepNumDims, false))
    case .elementwise:
      return .elementwise(
        activation: try o.enumValue(
          Slot.ElementwiseOptions.activation, ActivationFunction.none, "unknown fused activation"))
    case .leakyRelu:
      return .leakyRelu(
        alpha: o.scalar(Slot.LeakyReluOptions.alpha, Float(0.2)))
    case .softmax:
      return .softmax(
        beta: o.scalar(Slot.SoftmaxOptions.beta, Float(1.0)),
        axis: o.scalar(Slot.SoftmaxOptions.axis, Int32(-1)))
    case .pool2D:
      let window = Window2D(
        padding: try o.enumValue(Slot.Pool2DOptions.padding, Padding.valid, "unknown padding"),
        strideH: o.scalar(Slot.Pool2DOptions.strideH, Int32(1)),
        strideW: o.scalar(Slot.Pool2DOptions.strideW, Int32(1)),
        explicitPadding: o.vector(Slot.Pool2DOptions.explicitPadding, Int32.self))
      return .pool2D(
        Pool2DOptions(
          window: window,
          filterH: o.scalar(Slot.Pool2DOptions.filterH, Int32(1)),
          filterW: o.scalar(Slot.Pool2DOptions.filterW, Int32(1)),
          activation: try o.enumValue(
            Slot.Pool2DOptions.activation, ActivationFunction.none, "unknown fused activation")))
    case .mean:
      return .mean(
        axes: o.vector(Slot.MeanOptions.axes, Int32.self),
        keepDims: o.scalar(Slot.MeanOptions.keepDims, false))
    case .reshape:
      return .reshape(
        newShape: o.vector(Slot.ReshapeOptions.newShape, Int32.self))
    case .concatenation:
      return .concatenation(
        axis: o.scalar(Slot.ConcatenationOptions.axis, Int32(0)),
        activation: try o.enumValue(
          Slot.ConcatenationOptions.activation, ActivationFunction.none,
          "unknown fused activation"))
    case .pad:
      return .pad(
        paddings: o.vector(Slot.PadOptions.paddings, Int32.self),
        value: o.scalar(Slot.PadOptions.value, Float(0.0)))
    case .transpose:
      return .transpose(
        perm: o.vector(Slot.TransposeOptions.perm, Int32.self))
    case .tile:
      return .tile(
        multiples: o.vector(Slot.TileOptions.multiples, Int32.self))
    case .stridedSlice:
      return .stridedSlice(
        begin: o.vector(Slot.StridedSliceOptions.begin, Int32.self),
        end: o.vector(Slot.StridedSliceOptions.end, Int32.self),
        strides: o.vector(Slot.StridedSliceOptions.strides, Int32.self))
    case .resize:
      return .resize(
        alignCorners: o.scalar(Slot.ResizeOptions.alignCorners, false),
        halfPixelCenters: o.scalar(Slot.ResizeOptions.halfPixelCenters, false))
    case .batchMatMul:
      return .batchMatMul(
        adjointLhs: o.scalar(Slot.BatchMatMulOptions.adjointLhs, false),
        adjointRhs: o.scalar(Slot.BatchMatMulOptions.adjointRhs, false))
    case .gelu:
      return .gelu(
        approximate: o.scalar(Slot.GeluOptions.approximate, false))
    case .layerNorm:
      return .layerNorm(
        epsilon: o.scalar(Slot.LayerNormOptions.epsilon, Float(0.001)))
    case .sequenceLSTM:
      return .sequenceLSTM(
        cellClip: o.scalar(Slot.SequenceLSTMOptions.cellClip, Float(0)),
        timeMajor: o.scalar(Slot.SequenceLSTMOptions.timeMajor, false),
        cellScaleLog2: o.scalar(Slot.SequenceLSTMOptions.cellScaleLog2, Int8(-15)),
        activation: try o.enumValue(
          Slot.SequenceLSTMOptions.activation, ActivationFunction.tanh, "unknown activation"))
    case .gru:
      return .gru(
        timeMajor: o.scalar(Slot.GRUOptions.timeMajor, false),
        activation: try o.enumValue(
          Slot.GRUOptions.activation, ActivationFunction.tanh, "unknown activation"))
    case .gather:
      return .gather(
        axis: o.scalar(Slot.GatherOptions.axis, Int32(0)))
    }
  }

  /// Writes the options table, or returns nil for `.none`.
  func write(_ b: inout Builder) -> Offset? {
    switch self {
    case .none:
      return nil
    case .conv2D(let o):
      let explicitPaddingVector = nonEmptyVector(o.window.explicitPadding, &b)
      b.startTable()
      b.add(o.window.padding.rawValue, default: 0, slot: Slot.Conv2DOptions.padding)
      b.add(o.window.strideH, default: 1, slot: Slot.Conv2DOptions.strideH)
      b.add(o.window.strideW, default: 1, slot: Slot.Conv2DOptions.strideW)
      b.add(o.dilationH, default: 1, slot: Slot.Conv2DOptions.dilationH)
      b.add(o.dilationW, default: 1, slot: Slot.Conv2DOptions.dilationW)
      b.add(o.activation.rawValue, default: 0, slot: Slot.Conv2DOptions.activation)
      if let explicitPaddingVector {
        b.add(explicitPaddingVector, slot: Slot.Conv2DOptions.explicitPadding)
      }
      return b.endTable()
    case .depthwiseConv2D(let o):
      let explicitPaddingVector = nonEmptyVector(o.window.explicitPadding, &b)
      b.startTable()
      b.add(o.window.padding.rawValue, default: 0, slot: Slot.DepthwiseConv2DOptions.padding)
      b.add(o.window.strideH, default: 1, slot: Slot.DepthwiseConv2DOptions.strideH)
      b.add(o.window.strideW, default: 1, slot: Slot.DepthwiseConv2DOptions.strideW)
      b.add(o.dilationH, default: 1, slot: Slot.DepthwiseConv2DOptions.dilationH)
      b.add(o.dilationW, default: 1, slot: Slot.DepthwiseConv2DOptions.dilationW)
      b.add(o.depthMultiplier, default: 1, slot: Slot.DepthwiseConv2DOptions.depthMultiplier)
      b.add(o.activation.rawValue, default: 0, slot: Slot.DepthwiseConv2DOptions.activation)
      if let explicitPaddingVector {
        b.add(explicitPaddingVector, slot: Slot.DepthwiseConv2DOptions.explicitPadding)
      }
      return b.endTable()
    case .fullyConnected(let activation, let keepNumDims):
      b.startTable()
      b.add(activation.rawValue, default: 0, slot: Slot.FullyConnectedOptions.activation)
      b.add(keepNumDims, default: false, slot: Slot.FullyConnectedOptions.keepNumDims)
      return b.endTable()
    case .elementwise(let activation):
      b.startTable()
      b.add(activation.rawValue, default: 0, slot: Slot.ElementwiseOptions.activation)
      return b.endTable()
    case .leakyRelu(let alpha):
      b.startTable()
      b.add(alpha, default: 0.2, slot: Slot.LeakyReluOptions.alpha)
      return b.endTable()
    case .softmax(let beta, let axis):
      b.startTable()
      b.add(beta, default: 1.0, slot: Slot.SoftmaxOptions.beta)
      b.add(axis, default: -1, slot: Slot.SoftmaxOptions.axis)
      return b.endTable()
    case .pool2D(let o):
      let explicitPaddingVector = nonEmptyVector(o.window.explicitPadding, &b)
      b.startTable()
      b.add(o.window.padding.rawValue, default: 0, slot: Slot.Pool2DOptions.padding)
      b.add(o.window.strideH, default: 1, slot: Slot.Pool2DOptions.strideH)
      b.add(o.window.strideW, default: 1, slot: Slot.Pool2DOptions.strideW)
      b.add(o.filterH, default: 1, slot: Slot.Pool2DOptions.filterH)
      b.add(o.filterW, default: 1, slot: Slot.Pool2DOptions.filterW)
      b.add(o.activation.rawValue, default: 0, slot: Slot.Pool2DOptions.activation)
      if let explicitPaddingVector {
        b.add(explicitPaddingVector, slot: Slot.Pool2DOptions.explicitPadding)
      }
      return b.endTable()
    case .mean(let axes, let keepDims):
      let axesVector = nonEmptyVector(axes, &b)
      b.startTable()
      if let axesVector {
        b.add(axesVector, slot: Slot.MeanOptions.axes)
      }
      b.add(keepDims, default: false, slot: Slot.MeanOptions.keepDims)
      return b.endTable()
    case .reshape(let newShape):
      let newShapeVector = nonEmptyVector(newShape, &b)
      b.startTable()
      if let newShapeVector {
        b.add(newShapeVector, slot: Slot.ReshapeOptions.newShape)
      }
      return b.endTable()
    case .concatenation(let axis, let activation):
      b.startTable()
      b.add(axis, default: 0, slot: Slot.ConcatenationOptions.axis)
      b.add(activation.rawValue, default: 0, slot: Slot.ConcatenationOptions.activation)
      return b.endTable()
    case .pad(let paddings, let value):
      let paddingsVector = nonEmptyVector(paddings, &b)
      b.startTable()
      if let paddingsVector {
        b.add(paddingsVector, slot: Slot.PadOptions.paddings)
      }
      b.add(value, default: 0.0, slot: Slot.PadOptions.value)
      return b.endTable()
    case .transpose(let perm):
      let permVector = nonEmptyVector(perm, &b)
      b.startTable()
      if let permVector {
        b.add(permVector, slot: Slot.TransposeOptions.perm)
      }
      return b.endTable()
    case .tile(let multiples):
      let multiplesVector = nonEmptyVector(multiples, &b)
      b.startTable()
      if let multiplesVector {
        b.add(multiplesVector, slot: Slot.TileOptions.multiples)
      }
      return b.endTable()
    case .stridedSlice(let begin, let end, let strides):
      let beginVector = nonEmptyVector(begin, &b)
      let endVector = nonEmptyVector(end, &b)
      let stridesVector = nonEmptyVector(strides, &b)
      b.startTable()
      if let beginVector {
        b.add(beginVector, slot: Slot.StridedSliceOptions.begin)
      }
      if let endVector {
        b.add(endVector, slot: Slot.StridedSliceOptions.end)
      }
      if let stridesVector {
        b.add(stridesVector, slot: Slot.StridedSliceOptions.strides)
      }
      return b.endTable()
    case .resize(let alignCorners, let halfPixelCenters):
      b.startTable()
      b.add(alignCorners, default: false, slot: Slot.ResizeOptions.alignCorners)
      b.add(halfPixelCenters, default: false, slot: Slot.ResizeOptions.halfPixelCenters)
      return b.endTable()
    case .batchMatMul(let adjointLhs, let adjointRhs):
      b.startTable()
      b.add(adjointLhs, default: false, slot: Slot.BatchMatMulOptions.adjointLhs)
      b.add(adjointRhs, default: false, slot: Slot.BatchMatMulOptions.adjointRhs)
      return b.endTable()
    case .gelu(let approximate):
      b.startTable()
      b.add(approximate, default: false, slot: Slot.GeluOptions.approximate)
      return b.endTable()
    case .layerNorm(let epsilon):
      b.startTable()
      b.add(epsilon, default: 0.001, slot: Slot.LayerNormOptions.epsilon)
      return b.endTable()
    case .sequenceLSTM(let cellClip, let timeMajor, let cellScaleLog2, let activation):
      b.startTable()
      b.add(cellClip, default: 0, slot: Slot.SequenceLSTMOptions.cellClip)
      b.add(timeMajor, default: false, slot: Slot.SequenceLSTMOptions.timeMajor)
      b.add(cellScaleLog2, default: -15, slot: Slot.SequenceLSTMOptions.cellScaleLog2)
      b.add(activation.rawValue, default: 4, slot: Slot.SequenceLSTMOptions.activation)
      return b.endTable()
    case .gru(let timeMajor, let activation):
      b.startTable()
      b.add(timeMajor, default: false, slot: Slot.GRUOptions.timeMajor)
      b.add(activation.rawValue, default: 4, slot: Slot.GRUOptions.activation)
      return b.endTable()
    case .gather(let axis):
      b.startTable()
      b.add(axis, default: 0, slot: Slot.GatherOptions.axis)
      return b.endTable()
    }
  }
}

extension ModelVerifier {
  /// Verifies the options table `o` of union member `type`.
  func options(_ type: OpOptionsType, _ v: inout V, _ o: Table) throws(GMLError) {
    switch type {
    case .none:
      return
    case .conv2D:
      try v.verifyScalar(o, slot: Slot.Conv2DOptions.padding, Int8.self)
      try v.verifyScalar(o, slot: Slot.Conv2DOptions.strideH, Int32.self)
      try v.verifyScalar(o, slot: Slot.Conv2DOptions.strideW, Int32.self)
      try v.verifyScalar(o, slot: Slot.Conv2DOptions.dilationH, Int32.self)
      try v.verifyScalar(o, slot: Slot.Conv2DOptions.dilationW, Int32.self)
      try v.verifyScalar(o, slot: Slot.Conv2DOptions.activation, Int8.self)
      try verifyVector(&v, o, Slot.Conv2DOptions.explicitPadding, elementSize: 4)
    case .depthwiseConv2D:
      try v.verifyScalar(o, slot: Slot.DepthwiseConv2DOptions.padding, Int8.self)
      try v.verifyScalar(o, slot: Slot.DepthwiseConv2DOptions.strideH, Int32.self)
      try v.verifyScalar(o, slot: Slot.DepthwiseConv2DOptions.strideW, Int32.self)
      try v.verifyScalar(o, slot: Slot.DepthwiseConv2DOptions.dilationH, Int32.self)
      try v.verifyScalar(o, slot: Slot.DepthwiseConv2DOptions.dilationW, Int32.self)
      try v.verifyScalar(o, slot: Slot.DepthwiseConv2DOptions.depthMultiplier, Int32.self)
      try v.verifyScalar(o, slot: Slot.DepthwiseConv2DOptions.activation, Int8.self)
      try verifyVector(&v, o, Slot.DepthwiseConv2DOptions.explicitPadding, elementSize: 4)
    case .fullyConnected:
      try v.verifyScalar(o, slot: Slot.FullyConnectedOptions.activation, Int8.self)
      try v.verifyScalar(o, slot: Slot.FullyConnectedOptions.keepNumDims, Bool.self)
    case .elementwise:
      try v.verifyScalar(o, slot: Slot.ElementwiseOptions.activation, Int8.self)
    case .leakyRelu:
      try v.verifyScalar(o, slot: Slot.LeakyReluOptions.alpha, Float.self)
    case .softmax:
      try v.verifyScalar(o, slot: Slot.SoftmaxOptions.beta, Float.self)
      try v.verifyScalar(o, slot: Slot.SoftmaxOptions.axis, Int32.self)
    case .pool2D:
      try v.verifyScalar(o, slot: Slot.Pool2DOptions.padding, Int8.self)
      try v.verifyScalar(o, slot: Slot.Pool2DOptions.strideH, Int32.self)
      try v.verifyScalar(o, slot: Slot.Pool2DOptions.strideW, Int32.self)
      try v.verifyScalar(o, slot: Slot.Pool2DOptions.filterH, Int32.self)
      try v.verifyScalar(o, slot: Slot.Pool2DOptions.filterW, Int32.self)
      try v.verifyScalar(o, slot: Slot.Pool2DOptions.activation, Int8.self)
      try verifyVector(&v, o, Slot.Pool2DOptions.explicitPadding, elementSize: 4)
    case .mean:
      try verifyVector(&v, o, Slot.MeanOptions.axes, elementSize: 4)
      try v.verifyScalar(o, slot: Slot.MeanOptions.keepDims, Bool.self)
    case .reshape:
      try verifyVector(&v, o, Slot.ReshapeOptions.newShape, elementSize: 4)
    case .concatenation:
      try v.verifyScalar(o, slot: Slot.ConcatenationOptions.axis, Int32.self)
      try v.verifyScalar(o, slot: Slot.ConcatenationOptions.activation, Int8.self)
    case .pad:
      try verifyVector(&v, o, Slot.PadOptions.paddings, elementSize: 4)
      try v.verifyScalar(o, slot: Slot.PadOptions.value, Float.self)
    case .transpose:
      try verifyVector(&v, o, Slot.TransposeOptions.perm, elementSize: 4)
    case .tile:
      try verifyVector(&v, o, Slot.TileOptions.multiples, elementSize: 4)
    case .stridedSlice:
      try verifyVector(&v, o, Slot.StridedSliceOptions.begin, elementSize: 4)
      try verifyVector(&v, o, Slot.StridedSliceOptions.end, elementSize: 4)
      try verifyVector(&v, o, Slot.StridedSliceOptions.strides, elementSize: 4)
    case .resize:
      try v.verifyScalar(o, slot: Slot.ResizeOptions.alignCorners, Bool.self)
      try v.verifyScalar(o, slot: Slot.ResizeOptions.halfPixelCenters, Bool.self)
    case .batchMatMul:
      try v.verifyScalar(o, slot: Slot.BatchMatMulOptions.adjointLhs, Bool.self)
      try v.verifyScalar(o, slot: Slot.BatchMatMulOptions.adjointRhs, Bool.self)
    case .gelu:
      try v.verifyScalar(o, slot: Slot.GeluOptions.approximate, Bool.self)
    case .layerNorm:
      try v.verifyScalar(o, slot: Slot.LayerNormOptions.epsilon, Float.self)
    case .sequenceLSTM:
      try v.verifyScalar(o, slot: Slot.SequenceLSTMOptions.cellClip, Float.self)
      try v.verifyScalar(o, slot: Slot.SequenceLSTMOptions.timeMajor, Bool.self)
      try v.verifyScalar(o, slot: Slot.SequenceLSTMOptions.cellScaleLog2, Int8.self)
      try v.verifyScalar(o, slot: Slot.SequenceLSTMOptions.activation, Int8.self)
    case .gru:
      try v.verifyScalar(o, slot: Slot.GRUOptions.timeMajor, Bool.self)
      try v.verifyScalar(o, slot: Slot.GRUOptions.activation, Int8.self)
    case .gather:
      try v.verifyScalar(o, slot: Slot.GatherOptions.axis, Int32.self)
    }
  }
}

extension ModelWriter {
  /// The bytes the vectors of an options table take at most, each with its
  /// length prefix and padding.
  static func optionsVectorBound(_ options: OpOptions) -> Int {
    switch options {
    case .none: return 0
    case .conv2D(let o):
      var bytes = 0
      bytes += vectorBound(o.window.explicitPadding.count, 4)
      return bytes
    case .depthwiseConv2D(let o):
      var bytes = 0
      bytes += vectorBound(o.window.explicitPadding.count, 4)
      return bytes
    case .fullyConnected: return 0
    case .elementwise: return 0
    case .leakyRelu: return 0
    case .softmax: return 0
    case .pool2D(let o):
      var bytes = 0
      bytes += vectorBound(o.window.explicitPadding.count, 4)
      return bytes
    case .mean(let axes, _):
      var bytes = 0
      bytes += vectorBound(axes.count, 4)
      return bytes
    case .reshape(let newShape):
      var bytes = 0
      bytes += vectorBound(newShape.count, 4)
      return bytes
    case .concatenation: return 0
    case .pad(let paddings, _):
      var bytes = 0
      bytes += vectorBound(paddings.count, 4)
      return bytes
    case .transpose(let perm):
      var bytes = 0
      bytes += vectorBound(perm.count, 4)
      return bytes
    case .tile(let multiples):
      var bytes = 0
      bytes += vectorBound(multiples.count, 4)
      return bytes
    case .stridedSlice(let begin, let end, let strides):
      var bytes = 0
      bytes += vectorBound(begin.count, 4)
      bytes += vectorBound(end.count, 4)
      bytes += vectorBound(strides.count, 4)
      return bytes
    case .resize: return 0
    case .batchMatMul: return 0
    case .gelu: return 0
    case .layerNorm: return 0
    case .sequenceLSTM: return 0
    case .gru: return 0
    case .gather: return 0
    }
  }
}
