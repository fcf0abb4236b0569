// GMLFormat/Operator.swift — view of an operator and decoding of its options union.
import GMLCore
import GMLFlatBuffers

/// An operator of a verified model.
public struct Operator {
  let view: BufferView
  let table: Table

  /// The operator code (checked known at load).
  public var opcode: OpCode {
    OpCode(rawValue: view.scalar(table, slot: Slot.Operator.opcode, default: UInt16(0))) ?? .add
  }

  /// Input tensor indices; -1 marks an absent optional input.
  public var inputs: [Int] { int32s(view, table, Slot.Operator.inputs) }

  /// Output tensor indices.
  public var outputs: [Int] { int32s(view, table, Slot.Operator.outputs) }

  /// The source node's name, or empty.
  public var name: String { view.string(table, slot: Slot.Operator.name) ?? "" }

  /// Decodes the options union.
  /// - Throws: `malformed` for an enum value this build does not know
  ///   (never after `Model(verifying:)`, which decodes every operator once).
  public func options() throws(GMLError) -> OpOptions {
    let raw: UInt8 = view.scalar(table, slot: Slot.Operator.optionsType, default: 0)
    guard let type = OpOptionsType(rawValue: raw),
      let o = view.table(table, slot: Slot.Operator.options)
    else { return .none }
    let v = OptionsReader(view: view, table: o)
    switch type {
    case .none:
      return .none
    case .conv2D:
      return .conv2D(
        Conv2DOptions(
          window: try v.window(Slot.Conv2D.explicitPadding),
          dilationH: v.int32(Slot.Conv2D.dilationH, 1),
          dilationW: v.int32(Slot.Conv2D.dilationW, 1),
          activation: try v.activation(Slot.Conv2D.activation)))
    case .depthwiseConv2D:
      return .depthwiseConv2D(
        DepthwiseConv2DOptions(
          window: try v.window(Slot.DepthwiseConv2D.explicitPadding),
          dilationH: v.int32(Slot.DepthwiseConv2D.dilationH, 1),
          dilationW: v.int32(Slot.DepthwiseConv2D.dilationW, 1),
          depthMultiplier: v.int32(Slot.DepthwiseConv2D.depthMultiplier, 1),
          activation: try v.activation(Slot.DepthwiseConv2D.activation)))
    case .pool2D:
      return .pool2D(
        Pool2DOptions(
          window: try v.window(Slot.Pool2D.explicitPadding),
          filterH: v.int32(Slot.Pool2D.filterH, 1), filterW: v.int32(Slot.Pool2D.filterW, 1),
          activation: try v.activation(Slot.Pool2D.activation)))
    case .fullyConnected:
      return .fullyConnected(
        activation: try v.activation(Slot.FullyConnected.activation),
        keepNumDims: view.scalar(o, slot: Slot.FullyConnected.keepNumDims, default: false))
    case .elementwise:
      return .elementwise(activation: try v.activation(Slot.Elementwise.activation))
    case .leakyRelu:
      return .leakyRelu(alpha: view.scalar(o, slot: Slot.LeakyRelu.alpha, default: Float(0.2)))
    case .softmax:
      return .softmax(
        beta: view.scalar(o, slot: Slot.Softmax.beta, default: Float(1)),
        axis: v.int32(Slot.Softmax.axis, -1))
    case .mean:
      return .mean(
        axes: elements(view, o, Slot.Mean.axes, Int32.self),
        keepDims: view.scalar(o, slot: Slot.Mean.keepDims, default: false))
    case .reshape:
      return .reshape(newShape: elements(view, o, Slot.Reshape.newShape, Int32.self))
    case .concatenation:
      return .concatenation(
        axis: v.int32(Slot.Concatenation.axis, 0),
        activation: try v.activation(Slot.Concatenation.activation))
    case .pad:
      return .pad(
        paddings: elements(view, o, Slot.Pad.paddings, Int32.self),
        value: view.scalar(o, slot: Slot.Pad.value, default: Float(0)))
    case .transpose:
      return .transpose(perm: elements(view, o, Slot.Transpose.perm, Int32.self))
    case .tile:
      return .tile(multiples: elements(view, o, Slot.Tile.multiples, Int32.self))
    case .stridedSlice:
      return .stridedSlice(
        begin: elements(view, o, Slot.StridedSlice.begin, Int32.self),
        end: elements(view, o, Slot.StridedSlice.end, Int32.self),
        strides: elements(view, o, Slot.StridedSlice.strides, Int32.self))
    case .resize:
      return .resize(
        alignCorners: view.scalar(o, slot: Slot.Resize.alignCorners, default: false),
        halfPixelCenters: view.scalar(o, slot: Slot.Resize.halfPixelCenters, default: false))
    }
  }
}

/// Reads the fields that several option tables share.
struct OptionsReader {
  let view: BufferView
  let table: Table

  func int32(_ slot: Int, _ defaultValue: Int32) -> Int32 {
    view.scalar(table, slot: slot, default: defaultValue)
  }

  func activation(_ slot: Int) throws(GMLError) -> ActivationFunction {
    let raw: Int8 = view.scalar(table, slot: slot, default: 0)
    guard let a = ActivationFunction(rawValue: raw) else {
      throw GMLError(.malformed, at: .byteOffset(table.position), "unknown fused activation")
    }
    return a
  }

  /// Padding and strides (the first three slots) plus explicit padding.
  func window(_ explicitSlot: Int) throws(GMLError) -> Window2D {
    let raw: Int8 = view.scalar(table, slot: Slot.Window.padding, default: 0)
    guard let padding = Padding(rawValue: raw) else {
      throw GMLError(.malformed, at: .byteOffset(table.position), "unknown padding")
    }
    return Window2D(
      padding: padding, strideH: int32(Slot.Window.strideH, 1),
      strideW: int32(Slot.Window.strideW, 1),
      explicitPadding: elements(view, table, explicitSlot, Int32.self))
  }
}
