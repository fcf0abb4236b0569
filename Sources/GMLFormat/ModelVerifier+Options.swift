// GMLFormat/ModelVerifier+Options.swift — verifies the table of each OpOptions union member.
import GMLCore
import GMLFlatBuffers

extension ModelVerifier {
  /// Verifies an options table of union member `type`.
  func options(_ type: OpOptionsType, _ v: inout V, _ o: Table) throws(GMLError) {
    switch type {
    case .none:
      return
    case .conv2D:
      try window(&v, o)
      try v.verifyScalar(o, slot: Slot.Conv2D.dilationH, Int32.self)
      try v.verifyScalar(o, slot: Slot.Conv2D.dilationW, Int32.self)
      try v.verifyScalar(o, slot: Slot.Conv2D.activation, Int8.self)
      try int32Vector(&v, o, Slot.Conv2D.explicitPadding)
    case .depthwiseConv2D:
      try window(&v, o)
      try v.verifyScalar(o, slot: Slot.DepthwiseConv2D.dilationH, Int32.self)
      try v.verifyScalar(o, slot: Slot.DepthwiseConv2D.dilationW, Int32.self)
      try v.verifyScalar(o, slot: Slot.DepthwiseConv2D.depthMultiplier, Int32.self)
      try v.verifyScalar(o, slot: Slot.DepthwiseConv2D.activation, Int8.self)
      try int32Vector(&v, o, Slot.DepthwiseConv2D.explicitPadding)
    case .pool2D:
      try window(&v, o)
      try v.verifyScalar(o, slot: Slot.Pool2D.filterH, Int32.self)
      try v.verifyScalar(o, slot: Slot.Pool2D.filterW, Int32.self)
      try v.verifyScalar(o, slot: Slot.Pool2D.activation, Int8.self)
      try int32Vector(&v, o, Slot.Pool2D.explicitPadding)
    case .fullyConnected:
      try v.verifyScalar(o, slot: Slot.FullyConnected.activation, Int8.self)
      try v.verifyScalar(o, slot: Slot.FullyConnected.keepNumDims, Bool.self)
    case .elementwise:
      try v.verifyScalar(o, slot: Slot.Elementwise.activation, Int8.self)
    case .leakyRelu:
      try v.verifyScalar(o, slot: Slot.LeakyRelu.alpha, Float.self)
    case .softmax:
      try v.verifyScalar(o, slot: Slot.Softmax.beta, Float.self)
      try v.verifyScalar(o, slot: Slot.Softmax.axis, Int32.self)
    case .mean:
      try int32Vector(&v, o, Slot.Mean.axes)
      try v.verifyScalar(o, slot: Slot.Mean.keepDims, Bool.self)
    case .reshape:
      try int32Vector(&v, o, Slot.Reshape.newShape)
    case .concatenation:
      try v.verifyScalar(o, slot: Slot.Concatenation.axis, Int32.self)
      try v.verifyScalar(o, slot: Slot.Concatenation.activation, Int8.self)
    case .pad:
      try int32Vector(&v, o, Slot.Pad.paddings)
      try v.verifyScalar(o, slot: Slot.Pad.value, Float.self)
    case .transpose:
      try int32Vector(&v, o, Slot.Transpose.perm)
    case .tile:
      try int32Vector(&v, o, Slot.Tile.multiples)
    case .stridedSlice:
      try int32Vector(&v, o, Slot.StridedSlice.begin)
      try int32Vector(&v, o, Slot.StridedSlice.end)
      try int32Vector(&v, o, Slot.StridedSlice.strides)
    case .resize:
      try v.verifyScalar(o, slot: Slot.Resize.alignCorners, Bool.self)
      try v.verifyScalar(o, slot: Slot.Resize.halfPixelCenters, Bool.self)
    }
  }

  private func window(_ v: inout V, _ o: Table) throws(GMLError) {
    try v.verifyScalar(o, slot: Slot.Window.padding, Int8.self)
    try v.verifyScalar(o, slot: Slot.Window.strideH, Int32.self)
    try v.verifyScalar(o, slot: Slot.Window.strideW, Int32.self)
  }
}
