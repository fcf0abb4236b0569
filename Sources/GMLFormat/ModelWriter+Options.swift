// GMLFormat/ModelWriter+Options.swift — writes the OpOptions union member tables.
import GMLFlatBuffers

extension ModelWriter {
  /// Writes the table of `options`, or returns nil for `.none`.
  static func writeOptions(_ options: OpOptions, _ b: inout Builder) -> Offset? {
    switch options {
    case .none:
      return nil
    case .conv2D(let o):
      let explicit = explicitPadding(o.window, &b)
      b.startTable()
      addWindow(o.window, &b)
      b.add(o.dilationH, default: 1, slot: Slot.Conv2D.dilationH)
      b.add(o.dilationW, default: 1, slot: Slot.Conv2D.dilationW)
      b.add(o.activation.rawValue, default: 0, slot: Slot.Conv2D.activation)
      if let explicit { b.add(explicit, slot: Slot.Conv2D.explicitPadding) }
      return b.endTable()
    case .depthwiseConv2D(let o):
      let explicit = explicitPadding(o.window, &b)
      b.startTable()
      addWindow(o.window, &b)
      b.add(o.dilationH, default: 1, slot: Slot.DepthwiseConv2D.dilationH)
      b.add(o.dilationW, default: 1, slot: Slot.DepthwiseConv2D.dilationW)
      b.add(o.depthMultiplier, default: 1, slot: Slot.DepthwiseConv2D.depthMultiplier)
      b.add(o.activation.rawValue, default: 0, slot: Slot.DepthwiseConv2D.activation)
      if let explicit { b.add(explicit, slot: Slot.DepthwiseConv2D.explicitPadding) }
      return b.endTable()
    case .pool2D(let o):
      let explicit = explicitPadding(o.window, &b)
      b.startTable()
      addWindow(o.window, &b)
      b.add(o.filterH, default: 1, slot: Slot.Pool2D.filterH)
      b.add(o.filterW, default: 1, slot: Slot.Pool2D.filterW)
      b.add(o.activation.rawValue, default: 0, slot: Slot.Pool2D.activation)
      if let explicit { b.add(explicit, slot: Slot.Pool2D.explicitPadding) }
      return b.endTable()
    case .fullyConnected(let activation, let keepNumDims):
      b.startTable()
      b.add(activation.rawValue, default: 0, slot: Slot.FullyConnected.activation)
      b.add(keepNumDims, default: false, slot: Slot.FullyConnected.keepNumDims)
      return b.endTable()
    case .elementwise(let activation):
      b.startTable()
      b.add(activation.rawValue, default: 0, slot: Slot.Elementwise.activation)
      return b.endTable()
    case .leakyRelu(let alpha):
      b.startTable()
      b.add(alpha, default: 0.2, slot: Slot.LeakyRelu.alpha)
      return b.endTable()
    case .softmax(let beta, let axis):
      b.startTable()
      b.add(beta, default: 1.0, slot: Slot.Softmax.beta)
      b.add(axis, default: -1, slot: Slot.Softmax.axis)
      return b.endTable()
    case .mean(let axes, let keepDims):
      let v = b.createVector(axes)
      b.startTable()
      b.add(v, slot: Slot.Mean.axes)
      b.add(keepDims, default: false, slot: Slot.Mean.keepDims)
      return b.endTable()
    case .reshape(let newShape):
      let v = b.createVector(newShape)
      b.startTable()
      b.add(v, slot: Slot.Reshape.newShape)
      return b.endTable()
    case .concatenation(let axis, let activation):
      b.startTable()
      b.add(axis, default: 0, slot: Slot.Concatenation.axis)
      b.add(activation.rawValue, default: 0, slot: Slot.Concatenation.activation)
      return b.endTable()
    case .pad(let paddings, let value):
      let v = b.createVector(paddings)
      b.startTable()
      b.add(v, slot: Slot.Pad.paddings)
      b.add(value, default: 0, slot: Slot.Pad.value)
      return b.endTable()
    case .transpose(let perm):
      let v = b.createVector(perm)
      b.startTable()
      b.add(v, slot: Slot.Transpose.perm)
      return b.endTable()
    case .tile(let multiples):
      let v = b.createVector(multiples)
      b.startTable()
      b.add(v, slot: Slot.Tile.multiples)
      return b.endTable()
    case .stridedSlice(let begin, let end, let strides):
      let (vb, ve, vs) = (b.createVector(begin), b.createVector(end), b.createVector(strides))
      b.startTable()
      b.add(vb, slot: Slot.StridedSlice.begin)
      b.add(ve, slot: Slot.StridedSlice.end)
      b.add(vs, slot: Slot.StridedSlice.strides)
      return b.endTable()
    case .resize(let alignCorners, let halfPixelCenters):
      b.startTable()
      b.add(alignCorners, default: false, slot: Slot.Resize.alignCorners)
      b.add(halfPixelCenters, default: false, slot: Slot.Resize.halfPixelCenters)
      return b.endTable()
    }
  }

  private static func explicitPadding(_ w: Window2D, _ b: inout Builder) -> Offset? {
    w.explicitPadding.isEmpty ? nil : b.createVector(w.explicitPadding)
  }

  /// Adds padding and strides; the explicit padding vector has a slot of
  /// its own in each table, so the caller adds it.
  private static func addWindow(_ w: Window2D, _ b: inout Builder) {
    b.add(w.padding.rawValue, default: 0, slot: Slot.Window.padding)
    b.add(w.strideH, default: 1, slot: Slot.Window.strideH)
    b.add(w.strideW, default: 1, slot: Slot.Window.strideW)
  }
}
