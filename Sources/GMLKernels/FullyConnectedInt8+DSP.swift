// GMLKernels/FullyConnectedInt8+DSP.swift — int8 FullyConnected on the Cortex-M DSP kernel (gml_dsp.h): weights read in place. Must not allocate.
import CGMLMicrokernels

extension FullyConnectedInt8 {
  /// The reference's bytes from the Cortex-M DSP kernel
  /// (`gml_qs8_fc_dsp`): three channels a step of dual
  /// multiply-accumulates over the input and the weights as they lie,
  /// widened with their offsets, then the same double-precision rescale,
  /// done in integers where they decide it. Any parameters.
  ///
  /// - Parameters:
  ///   - input, weights, bias, output: as `reference` takes them.
  public func dsp(
    input: UnsafeBufferPointer<Int8>, weights: UnsafeBufferPointer<Int8>,
    bias: UnsafeBufferPointer<Int32>, output: UnsafeMutableBufferPointer<Int8>
  ) {
    let g = geometry
    assert(
      input.count == g.rows * g.inputDepth && weights.count == g.outputDepth * g.inputDepth
        && (!g.hasBias || bias.count == g.outputDepth) && output.count == g.rows * g.outputDepth,
      "FullyConnectedInt8.dsp: buffer sizes do not match the shape")
    var fc = gml_qs8_dsp_fc(
      rows: Int32(g.rows), depth: Int32(g.inputDepth), channels: Int32(g.outputDepth),
      input_offset: inputOffset, weights_offset: weightsOffset, output_offset: outputOffset,
      min: range.min, max: range.max)
    outputScales.withUnsafeBufferPointer { scales in
      gml_qs8_fc_dsp(
        &fc, input.baseAddress, weights.baseAddress, g.hasBias ? bias.baseAddress : nil,
        scales.baseAddress, output.baseAddress)
    }
  }
}
