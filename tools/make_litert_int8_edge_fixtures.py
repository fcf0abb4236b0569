#!/usr/bin/env python3
# tools/make_litert_int8_edge_fixtures.py — writes Tests/GMLRuntimeTests/Fixtures/litert-int8-edge: hand-built one-op int8 models on LiteRT's reference kernels.
#
# Usage: .venv/bin/python tools/make_litert_int8_edge_fixtures.py
#   (needs ai-edge-litert and numpy; no TensorFlow)
#
# The converter-made fixtures (tools/make_litert_int8_fixtures.py) only hold
# what the TFLite converter emits. This script builds each model directly
# with the TFLite flatbuffer schema, so it can choose the quantization:
# multipliers of exactly 0.5 (every odd accumulator is a rounding tie, which
# tells the double-precision FullyConnected rescale from the fixed-point
# convolution one), per-tensor weights with a non-zero zero point, Mean over
# large or awkward axes with equal or very different scales, pooling with
# fused activations, and QUANTIZE on half-step ties and out-of-range values.
# Outputs come from OpResolverType.BUILTIN_REF. Files use the layout of
# litert-int8/FORMAT.md. Seeded: reruns on the same LiteRT build give the
# same bytes.
import json
import pathlib
import numpy as np
import flatbuffers
from ai_edge_litert import schema_py_generated as S
from ai_edge_litert.interpreter import Interpreter, OpResolverType

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/GMLRuntimeTests/Fixtures/litert-int8-edge"
TYPES = {"INT8": (S.TensorType.INT8, np.int8), "INT32": (S.TensorType.INT32, np.int32),
         "FLOAT32": (S.TensorType.FLOAT32, np.float32)}
ACT = {"NONE": 0, "RELU": 1, "RELU_N1_TO_1": 2, "RELU6": 3}
f32 = np.float32
rng = np.random.default_rng(20261124)


def T(shape, type="INT8", scale=None, zp=None, data=None, qdim=0):
    """A tensor: constant when `data` is given, else a graph input."""
    return dict(shape=list(shape), type=type, scale=scale, zp=zp, data=data, qdim=qdim)


def run(op, inputs, output, options, options_type, feed):
    """Builds a one-op model and runs it on LiteRT's reference kernels."""
    m = S.ModelT()
    m.version = 3
    code = S.OperatorCodeT()
    code.builtinCode, code.deprecatedBuiltinCode, code.version = op, min(op, 127), 1
    m.operatorCodes, m.buffers = [code], [S.BufferT()]
    sg = S.SubGraphT()
    sg.tensors, sg.inputs = [], []

    def add(t, name):
        tt = S.TensorT()
        tt.shape, tt.type, tt.name = t["shape"], TYPES[t["type"]][0], name
        if t["scale"] is not None:
            q = S.QuantizationParametersT()
            q.scale, q.zeroPoint = [float(s) for s in t["scale"]], [int(z) for z in t["zp"]]
            q.quantizedDimension = t["qdim"]
            tt.quantization = q
        b = S.BufferT()
        if t["data"] is not None:
            b.data = np.asarray(t["data"], TYPES[t["type"]][1]).tobytes()
        m.buffers.append(b)
        tt.buffer = len(m.buffers) - 1
        sg.tensors.append(tt)
        return len(sg.tensors) - 1

    ins = []
    for i, t in enumerate(inputs):
        ins.append(-1 if t is None else add(t, "in%d" % i))
        if t is not None and t["data"] is None:
            sg.inputs.append(ins[-1])
    sg.outputs = [add(output, "output")]
    o = S.OperatorT()
    o.opcodeIndex, o.inputs, o.outputs = 0, ins, sg.outputs
    if options is not None:
        o.builtinOptionsType, o.builtinOptions = options_type, options
    sg.operators, m.subgraphs = [o], [sg]
    b = flatbuffers.Builder(1024)
    b.Finish(m.Pack(b), file_identifier=b"TFL3")
    it = Interpreter(model_content=bytes(b.Output()),
                     experimental_op_resolver_type=OpResolverType.BUILTIN_REF)
    it.allocate_tensors()
    for d, x in zip(it.get_input_details(), feed):
        it.set_tensor(d["index"], np.asarray(x, d["dtype"]).reshape(d["shape"]))
    it.invoke()
    return it.get_tensor(it.get_output_details()[0]["index"])


def tensor_json(name, t, data, const):
    floats = t["type"] == "FLOAT32"
    return dict(name=name, shape=t["shape"], type=t["type"], const=const,
                scale=[float(f32(s)) for s in (t["scale"] or [])],
                zero_point=[int(z) for z in (t["zp"] or [])], quantized_dimension=t["qdim"],
                data=[float(v) if floats else int(v) for v in np.ravel(data)])


# Ops whose TFLite parameters are constant input tensors (FORMAT.md moves them
# into "options"); the model LiteRT runs keeps them as inputs.
PARAMETER_TENSOR_OPS = {"MEAN", "RESHAPE", "PAD", "TRANSPOSE"}


def emit(name, opname, options_json, note, inputs, output, options=None, options_type=0, feed=()):
    y = run(getattr(S.BuiltinOperator, opname), inputs, output, options, options_type, feed)
    fed = iter(feed)
    ins = [None if t is None else tensor_json("in%d" % i, t, t["data"] if t["data"] is not None else next(fed), t["data"] is not None)
           for i, t in enumerate(inputs)]
    if opname in PARAMETER_TENSOR_OPS:
        ins = ins[:1]  # FORMAT.md: the parameter tensor lives in "options" instead.
    case = {"name": name, "op": opname, "options": options_json, "x-note": note, "inputs": ins,
            "outputs": [tensor_json("output", output, y, False)]}
    (OUT / (name + ".json")).write_text(json.dumps(case) + "\n")


def scale(lo=-3, hi=-1):
    return f32(10 ** rng.uniform(lo, hi))


def zero_point():
    return int(rng.integers(-128, 128))


def int8(shape):
    return rng.integers(-128, 128, shape)


def fully_connected():
    # Multiplier exactly 0.5 on every value -128...127: ties everywhere.
    for per_channel in (False, True):
        ws = [f32(0.25)] * (2 if per_channel else 1)
        o = S.FullyConnectedOptionsT()
        emit("fully_connected_int8_256x1_o%d_ties%s" % (len(ws), "_perchannel" if per_channel else ""),
             "FULLY_CONNECTED", {"fused_activation": "NONE", "keep_num_dims": False},
             "multiplier 0.5: double rounding half away from zero (-5.5 -> -6)",
             [T([256, 1], scale=[0.5], zp=[0]), T([len(ws), 1], scale=ws, zp=[0] * len(ws), data=np.ones((len(ws), 1))), None],
             T([256, len(ws)], scale=[0.25], zp=[0]), o, S.BuiltinOptions.FullyConnectedOptions, [np.arange(-128, 128)])
    for i, (per_channel, act, wz) in enumerate([(False, "NONE", 3), (False, "RELU", -5), (True, "RELU6", 0), (False, "RELU_N1_TO_1", 0)]):
        b_, n, units = 3, int(rng.integers(1, 40)), 5
        s_in = scale()
        ws = [scale() for _ in range(units)] if per_channel else [scale()]
        o = S.FullyConnectedOptionsT()
        o.fusedActivationFunction = ACT[act]
        emit("fully_connected_int8_%dx%d_o%d_wz%d_%s%s" % (b_, n, units, wz, act.lower(), "_perchannel" if per_channel else ""),
             "FULLY_CONNECTED", {"fused_activation": act, "keep_num_dims": False},
             "per-tensor weights keep their zero point; per-channel ones are taken as 0",
             [T([b_, n], scale=[s_in], zp=[zero_point()]), T([units, n], scale=ws, zp=[wz] * len(ws), data=rng.integers(-127, 128, (units, n))),
              T([units], "INT32", [s_in * w for w in ws], [0] * len(ws), data=rng.integers(-5000, 5000, units))],
             T([b_, units], scale=[scale(-2, 0)], zp=[zero_point()]), o, S.BuiltinOptions.FullyConnectedOptions, [int8((b_, n))])


def convolutions():
    o = S.Conv2DOptionsT()
    o.padding, o.strideH, o.strideW, o.dilationHFactor, o.dilationWFactor = S.Padding.VALID, 1, 1, 1, 1
    emit("conv2d_int8_1x16x16x1_k1s1_o2_ties", "CONV_2D",
         {"padding": "VALID", "stride_h": 1, "stride_w": 1, "dilation_h": 1, "dilation_w": 1, "fused_activation": "NONE"},
         "multiplier 0.5: gemmlowp rounding (-5.5 -> -5)",
         [T([1, 16, 16, 1], scale=[0.5], zp=[0]), T([2, 1, 1, 1], scale=[0.25, 0.25], zp=[0, 0], data=np.ones((2, 1, 1, 1))),
          T([2], "INT32", [0.125, 0.125], [0, 0], data=np.zeros(2))],
         T([1, 16, 16, 2], scale=[0.25], zp=[0]), o, S.BuiltinOptions.Conv2DOptions, [np.arange(-128, 128)])
    for i, (per_channel, act, same, stride) in enumerate([(False, "RELU_N1_TO_1", True, 1), (True, "RELU6", False, 2), (False, "NONE", True, 2)]):
        c, units, k = 3, 4, 3
        ws = [scale() for _ in range(units)] if per_channel else [scale()]
        o = S.Conv2DOptionsT()
        o.padding = S.Padding.SAME if same else S.Padding.VALID
        o.strideH = o.strideW = stride
        o.dilationHFactor = o.dilationWFactor = 1
        o.fusedActivationFunction = ACT[act]
        oh, ow = ((7 + stride - 1) // stride, (6 + stride - 1) // stride) if same else ((7 - k) // stride + 1, (6 - k) // stride + 1)
        s_in = scale()
        emit("conv2d_int8_1x7x6x3_k3s%d_o4_%s_%s%s" % (stride, "same" if same else "valid", act.lower(), "" if per_channel else "_pertensor"),
             "CONV_2D", {"padding": "SAME" if same else "VALID", "stride_h": stride, "stride_w": stride, "dilation_h": 1, "dilation_w": 1,
                         "fused_activation": act},
             "one filter scale broadcast to every channel" if not per_channel else "per-channel scales, Relu6",
             [T([1, 7, 6, c], scale=[s_in], zp=[zero_point()]), T([units, k, k, c], scale=ws, zp=[0] * len(ws), data=rng.integers(-127, 128, (units, k, k, c))),
              T([units], "INT32", [s_in * w for w in ws], [0] * len(ws), data=rng.integers(-3000, 3000, units))],
             T([1, oh, ow, units], scale=[scale(-2, 0)], zp=[zero_point()]), o, S.BuiltinOptions.Conv2DOptions, [int8((1, 7, 6, c))])
    o = S.DepthwiseConv2DOptionsT()
    o.padding, o.strideH, o.strideW, o.dilationHFactor, o.dilationWFactor = S.Padding.SAME, 2, 2, 1, 1
    o.depthMultiplier, o.fusedActivationFunction = 3, ACT["RELU"]
    ws, s_in = [scale() for _ in range(6)], scale()
    emit("depthwise_conv2d_int8_1x5x5x2_k3s2_m3_same_relu", "DEPTHWISE_CONV_2D",
         {"padding": "SAME", "stride_h": 2, "stride_w": 2, "dilation_h": 1, "dilation_w": 1, "depth_multiplier": 3, "fused_activation": "RELU"},
         "depth multiplier 3, per-channel scales on dimension 3",
         [T([1, 5, 5, 2], scale=[s_in], zp=[zero_point()]), T([1, 3, 3, 6], scale=ws, zp=[0] * 6, data=rng.integers(-127, 128, (1, 3, 3, 6)), qdim=3),
          T([6], "INT32", [s_in * w for w in ws], [0] * 6, data=rng.integers(-2000, 2000, 6))],
         T([1, 3, 3, 6], scale=[scale(-2, 0)], zp=[zero_point()]), o, S.BuiltinOptions.DepthwiseConv2DOptions, [int8((1, 5, 5, 2))])


def means():
    for shape, axes, keep, ratio in [((1, 48, 48, 2), [1, 2], True, 20.0), ((2, 3, 4), [-1], False, 0.001), ((2, 1, 5), [1], True, 1.0),
                                     ((3, 4, 5), [0, 2], False, 3.0), ((1, 7, 9, 3), [2, 1], True, 0.7), ((4, 6), [0, 1], False, 1.0),
                                     ((2, 3, 4, 5), [3, 0, 3], False, 0.3), ((1, 80, 100), [1, 2], False, 100.0)]:
        s_in, z_in = scale(-2, -1), zero_point()
        s_out, z_out = (s_in, z_in) if ratio == 1.0 else (f32(s_in / ratio), zero_point())
        r = S.ReducerOptionsT()
        r.keepDims = keep
        axes_ = sorted({(a + len(shape)) % len(shape) for a in axes})
        out = [1 if d in axes_ else n for d, n in enumerate(shape)] if keep else [n for d, n in enumerate(shape) if d not in axes_]
        emit("mean_int8_%s_axes%s%s_ratio%g" % ("x".join(map(str, shape)), "_".join(str(a) for a in axes), "_keep" if keep else "", ratio),
             "MEAN", {"axes": axes, "keep_dims": keep}, "one integer path for every axes/keep_dims/parameter case",
             [T(list(shape), scale=[s_in], zp=[z_in]), T([len(axes)], "INT32", data=axes)], T(out, scale=[s_out], zp=[z_out]),
             r, S.BuiltinOptions.ReducerOptions, [int8(shape)])


def pools_and_quantize():
    for opname, act, s in [("AVERAGE_POOL_2D", "RELU6", 0.05), ("MAX_POOL_2D", "RELU", 0.05), ("AVERAGE_POOL_2D", "RELU_N1_TO_1", 0.01)]:
        p = S.Pool2DOptionsT()
        p.padding, p.strideH, p.strideW, p.filterHeight, p.filterWidth = S.Padding.SAME, 2, 2, 3, 3
        p.fusedActivationFunction = ACT[act]
        z = zero_point()
        emit("%s_int8_1x9x8x3_p3s2_same_%s" % (opname.lower().replace("_2d", "2d"), act.lower()), opname,
             {"padding": "SAME", "stride_h": 2, "stride_w": 2, "filter_h": 3, "filter_w": 3, "fused_activation": act}, "fused activation clamp",
             [T([1, 9, 8, 3], scale=[s], zp=[z])], T([1, 5, 4, 3], scale=[s], zp=[z]), p, S.BuiltinOptions.Pool2DOptions, [int8((1, 9, 8, 3))])
    for z in (-7, 9):
        s = f32(0.02)
        x = np.concatenate([(np.arange(-300, 300) * f32(0.5) * s).astype(f32), np.array([1e10, -1e10, 3e7], f32),
                            rng.standard_normal(50).astype(f32)])
        emit("quantize_float32_to_int8_%d_ties_zp%d" % (len(x), z), "QUANTIZE", {}, "half-step ties, saturation, quotients beyond int32",
             [T([len(x)], "FLOAT32")], T([len(x)], scale=[s], zp=[z]), feed=[x])


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.json"):
        old.unlink()
    fully_connected()
    convolutions()
    means()
    pools_and_quantize()
    print("wrote", len(list(OUT.glob("*.json"))), "cases to", OUT)
