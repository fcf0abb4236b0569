// GMLConverter/Calibration/Calibrator+LSTM.swift — the range of each LSTM's cell state, which no tensor holds, recomputed from its input.
import GMLCore
import GMLFormat
import GMLKernels
import GMLRuntime

extension Calibrator {
  /// The name under which `ranges` records the cell state of the LSTM
  /// writing tensor `output` (±the largest |c| it took).
  public static func cellStateName(of output: String) -> String { output + "#cell_state" }

  /// One LSTM of the lowered model: its parameters, input tensor and
  /// constants, and the largest |c| seen so far.
  struct LSTMCellProbe {
    let lstm: SequenceLSTM
    let input: Int
    let output: String
    /// The twelve constants (weights, then biases) end to end, and where
    /// each starts.
    let constants: [Float]
    let starts: [Int]
    var extent: Float = 0

    /// The probes of every UNIDIRECTIONAL_SEQUENCE_LSTM of `model`, whose
    /// constants come from `graph`.
    static func all(_ model: ModelDefinition, _ graph: Graph) throws(GMLError) -> [LSTMCellProbe] {
      let tensors = model.subgraphs[0].tensors
      var probes: [LSTMCellProbe] = []
      for op in model.subgraphs[0].operators where op.opcode == .unidirectionalSequenceLstm {
        guard case .sequenceLSTM(let clip, let timeMajor, _, let activation) = op.options,
          op.inputs.count == 13, let input = op.inputs.first, let output = op.outputs.first
        else { continue }
        let x = tensors[Int(input)].shape.map { Int($0) }
        let units = tensors[Int(op.inputs[1])].shape.first.map { Int($0) } ?? 0
        guard x.count == 3 else { continue }
        var constants: [Float] = []
        var starts: [Int] = []
        for k in op.inputs[1...] {
          starts.append(constants.count)
          constants += graph.constant(tensors[Int(k)].name) ?? []
        }
        let lstm = try SequenceLSTM(
          batch: timeMajor ? x[1] : x[0], steps: timeMajor ? x[0] : x[1], inputSize: x[2],
          units: units, timeMajor: timeMajor, cellClip: clip, activation: Activation(activation))
        probes.append(
          LSTMCellProbe(
            lstm: lstm, input: Int(input), output: tensors[Int(output)].name,
            constants: constants, starts: starts + [constants.count]))
      }
      return probes
    }

    /// Runs the LSTM on `input` (its input tensor's values in one sample)
    /// and widens `extent` to the cell state's largest |c|.
    mutating func observe(_ input: [Float]) {
      let l = lstm
      var scratch = [Float](repeating: 0, count: l.units)
      var output = [Float](repeating: 0, count: l.batch * l.steps * l.units)
      var extent = self.extent
      constants.withUnsafeBufferPointer { c in
        func slice(_ k: Int) -> UnsafeBufferPointer<Float> {
          UnsafeBufferPointer(rebasing: c[starts[k]..<starts[k + 1]])
        }
        func gate(_ g: Int) -> SequenceLSTM.Gate {
          SequenceLSTM.Gate(
            inputWeights: slice(g), recurrentWeights: slice(4 + g), bias: slice(8 + g))
        }
        input.withUnsafeBufferPointer { x in
          output.withUnsafeMutableBufferPointer { y in
            scratch.withUnsafeMutableBytes { s in
              l.reference(
                input: x, gates: (gate(0), gate(1), gate(2), gate(3)), output: y, scratch: s,
                cellExtent: &extent)
            }
          }
        }
      }
      self.extent = extent
    }
  }
}
