// GMLKernels/FullyConnectedInt8+DSP.swift — int8 FullyConnected on the Cortex-M DSP kernel (gml_dsp.h): weights read in place. `dsp` must not allocate.
import CGMLMicrokernels

extension FullyConnectedInt8 {
  /// Each output channel's double scale in the integer form the DSP
  /// kernel rescales with (`gml_qs8_fc_dsp_prepare`: two words a
  /// channel), made once when the layer is prepared.
  public func dspSplits() -> [UInt32] {
    var splits = [UInt32](repeating: 0, count: 2 * outputScales.count)
    outputScales.withUnsafeBufferPointer { scales in
      splits.withUnsafeMutableBufferPointer {
        gml_qs8_fc_dsp_prepare(scales.baseAddress, scales.count, $0.baseAddress)
      }
    }
    return splits
  }

  /// The reference's bytes from the Cortex-M DSP kernel
  /// (`gml_qs8_fc_dsp`): three channels a step of dual
  /// multiply-accumulates over the input and the weights as they lie,
  /// widened with their offsets, then the same double-precision rescale,
  /// done in integers where they decide it. Any parameters.
  ///
  /// - Parameters:
  ///   - input, weights, bias, output: as `reference` takes them.
  ///   - splits: `dspSplits()`.
  public func dsp(
    input: UnsafeBufferPointer<Int8>, weights: UnsafeBufferPointer<Int8>,
    bias: UnsafeBufferPointer<Int32>, splits: [UInt32], output: UnsafeMutableBufferPointer<Int8>
  ) {
    let g = geometry
    assert(
      input.count == g.rows * g.inputDepth && weights.count == g.outputDepth * g.inputDepth
        && (!g.hasBias || bias.count == g.outputDepth) && output.count == g.rows * g.outputDepth
        && splits.count == 2 * g.outputDepth,
      "FullyConnectedInt8.dsp: buffer sizes do not match the shape")
    var fc = gml_qs8_dsp_fc(
      rows: Int32(g.rows), depth: Int32(g.inputDepth), channels: Int32(g.outputDepth),
      input_offset: inputOffset, weights_offset: weightsOffset, output_offset: outputOffset,
      min: range.min, max: range.max)
    outputScales.withUnsafeBufferPointer { scales in
      splits.withUnsafeBufferPointer {
        gml_qs8_fc_dsp(
          &fc, input.baseAddress, weights.baseAddress, g.hasBias ? bias.baseAddress : nil,
          scales.baseAddress, $0.baseAddress, output.baseAddress)
      }
    }
  }
}
