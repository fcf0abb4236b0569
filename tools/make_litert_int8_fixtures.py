#!/usr/bin/env python3
# tools/make_litert_int8_fixtures.py — writes the LiteRT int8 op fixtures of Tests/GMLRuntimeTests/Fixtures/litert-int8.
#
# Usage: .venv/bin/python tools/make_litert_int8_fixtures.py [--only SUBSTRING] [--list]
#   (needs tensorflow-cpu with Keras 3, ai-edge-litert, numpy; runs on the CPU)
#
# For every case of the grid below: build a one-layer Keras model with seeded
# weights, convert it with tf.lite.TFLiteConverter to a full-integer int8
# model (int8 input and output, so the model is the one op), check that the
# model holds exactly one operator of the expected builtin type (else the
# case is skipped and reported), run it with LiteRT's reference kernels
# (OpResolverType.BUILTIN_REF) on a seeded random int8 input covering
# [-128, 127], and write `<case>.json` in the format of FORMAT.md. Options,
# tensors, quantization and constants are read from the converted
# flatbuffer, never from Keras; the Keras layer config goes into `x-keras`
# for debugging and is cross-checked against the recorded options.
#
# QUANTIZE / DEQUANTIZE only occur at the edges of a float-interface model:
# the script converts a small float-interface model, cuts the edge op out
# into a one-op model (same tensors, same parameters) and runs that.
#
# Cases marked `x-edited` were changed after conversion because the
# converter never emits them (a Softmax beta other than 1, Concatenation
# inputs whose parameters differ from the output's); the output is still
# LiteRT's reference kernels' on the edited model.
#
# Each case is also run with LiteRT's default kernels (OpResolverType.AUTO);
# the largest difference from the reference output is printed and stored as
# `x-default-kernels-max-diff` (the fixtures hold the reference output).
#
# Every random draw is seeded from the case name (crc32), so a case's bytes do
# not depend on which other cases run; reruns on the same TF/LiteRT build give
# the same files. A full run (no --only) deletes the old *.json first and
# rewrites README.md; fixtures are written one by one as they are made.
import argparse
import json
import os
import pathlib
import sys
import time
import zlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")

import numpy as np  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "GMLRuntimeTests" / "Fixtures" / "litert-int8"
REP_SAMPLES = 64

# ---------------------------------------------------------------------------
# TFLite flatbuffer helpers


def _schema():
    from ai_edge_litert import schema_py_generated as S

    return S


def _enum_names(enum_cls):
    return {v: k for k, v in vars(enum_cls).items() if not k.startswith("_")}


def builtin_name(model, op):
    S = _schema()
    code = model.operatorCodes[op.opcodeIndex]
    value = max(code.builtinCode, code.deprecatedBuiltinCode)
    return _enum_names(S.BuiltinOperator)[value]


TFL_TYPES = {0: ("FLOAT32", np.float32), 2: ("INT32", np.int32),
             4: ("INT64", np.int64), 9: ("INT8", np.int8)}


def tensor_type(t):
    if t.type not in TFL_TYPES:
        raise ValueError(f"tensor {t.name!r}: unsupported TFLite type {t.type}")
    return TFL_TYPES[t.type]


def const_data(model, t):
    """The constant data of tensor `t`, or None for an activation."""
    buf = model.buffers[t.buffer] if t.buffer < len(model.buffers) else None
    if buf is None or buf.data is None or len(buf.data) == 0:
        return None
    _, dt = tensor_type(t)
    raw = np.asarray(buf.data, dtype=np.uint8).tobytes()
    return np.frombuffer(raw, dtype=np.dtype(dt).newbyteorder("<")).reshape(
        [int(d) for d in t.shape])


def pack(model):
    import flatbuffers

    b = flatbuffers.Builder(1024)
    b.Finish(model.Pack(b), file_identifier=b"TFL3")
    return bytes(b.Output())


def unpack(data):
    S = _schema()
    return S.ModelT.InitFromPackedBuf(bytearray(data), 0)


def extract_op(model, op_index):
    """A model holding only operator `op_index` of subgraph 0 and its tensors."""
    import copy

    S = _schema()
    sg = model.subgraphs[0]
    op = copy.deepcopy(sg.operators[op_index])
    used = [i for i in list(op.inputs) + list(op.outputs) if i >= 0]
    remap = {}
    tensors, buffers = [], [S.BufferT()]
    for i in used:
        if i in remap:
            continue
        t = copy.deepcopy(sg.tensors[i])
        if const_data(model, t) is not None:
            buffers.append(copy.deepcopy(model.buffers[t.buffer]))
            t.buffer = len(buffers) - 1
        else:
            t.buffer = 0
        remap[i] = len(tensors)
        tensors.append(t)
    new = S.ModelT()
    new.version = model.version
    new.description = model.description
    new.operatorCodes = [copy.deepcopy(model.operatorCodes[op.opcodeIndex])]
    op.opcodeIndex = 0
    op.inputs = [remap[i] if i >= 0 else -1 for i in op.inputs]
    op.outputs = [remap[i] for i in op.outputs]
    g = S.SubGraphT()
    g.tensors = tensors
    g.inputs = [remap[i] for i in dict.fromkeys(
        i for i in sg.operators[op_index].inputs
        if i >= 0 and const_data(model, sg.tensors[i]) is None)]
    g.outputs = list(op.outputs)
    g.operators = [op]
    g.name = sg.name
    new.subgraphs = [g]
    new.buffers = buffers
    return new


# ---------------------------------------------------------------------------
# JSON writing

ACTIVATIONS = {0: "NONE", 1: "RELU", 2: "RELU_N1_TO_1", 3: "RELU6", 4: "TANH",
               5: "SIGN_BIT"}
PADDINGS = {0: "SAME", 1: "VALID"}


def f32(x):
    return float(np.float32(x))


def activation(opts):
    name = ACTIVATIONS[opts.fusedActivationFunction]
    if name == "SIGN_BIT":
        raise ValueError("fused activation SIGN_BIT has no gml equivalent")
    return name


def const_ints(model, sg, index):
    data = const_data(model, sg.tensors[index])
    if data is None:
        raise ValueError(f"{builtin_name(model, sg.operators[0])}: parameter "
                         f"tensor {index} is not constant")
    return [int(v) for v in data.reshape(-1)]


def strided_slice_options(model, sg, op):
    """STRIDED_SLICE's begin, end and strides resolved as gml stores them
    (masks and negative indices applied, bounds clamped; positive strides)."""
    o = op.builtinOptions
    shape = [int(d) for d in sg.tensors[op.inputs[0]].shape]
    begin, end, strides = (const_ints(model, sg, op.inputs[k]) for k in (1, 2, 3))
    if o.ellipsisMask or o.newAxisMask or min(strides) < 1:
        raise ValueError("STRIDED_SLICE: ellipsis, new axis or a stride below 1")
    b_out, e_out = [], []
    for d, n in enumerate(shape):
        def clamp(v):
            return min(max(v + n if v < 0 else v, 0), n)
        b = 0 if o.beginMask & (1 << d) else clamp(begin[d])
        e = n if o.endMask & (1 << d) else clamp(begin[d] + end[d] if o.offset else end[d])
        if o.shrinkAxisMask & (1 << d):
            e = min(b + 1, n)
        b_out.append(b)
        e_out.append(max(e, b))
    return {"begin": b_out, "end": e_out, "strides": strides}


def options_for(opname, model, sg, op):
    """(gml options dict, input positions moved into the options)."""
    o = op.builtinOptions
    if opname == "CONV_2D":
        return {"padding": PADDINGS[o.padding], "stride_h": o.strideH,
                "stride_w": o.strideW, "dilation_h": o.dilationHFactor,
                "dilation_w": o.dilationWFactor,
                "fused_activation": activation(o), "explicit_padding": []}, []
    if opname == "DEPTHWISE_CONV_2D":
        return {"padding": PADDINGS[o.padding], "stride_h": o.strideH,
                "stride_w": o.strideW, "dilation_h": o.dilationHFactor,
                "dilation_w": o.dilationWFactor,
                "depth_multiplier": o.depthMultiplier,
                "fused_activation": activation(o), "explicit_padding": []}, []
    if opname == "FULLY_CONNECTED":
        if o.weightsFormat != 0:
            raise ValueError("FULLY_CONNECTED: shuffled weights format")
        return {"fused_activation": activation(o),
                "keep_num_dims": bool(o.keepNumDims)}, []
    if opname in ("ADD", "SUB", "MUL", "DIV"):
        return {"fused_activation": activation(o) if o else "NONE"}, []
    if opname == "LEAKY_RELU":
        return {"alpha": f32(o.alpha)}, []
    if opname == "SOFTMAX":
        return {"beta": f32(o.beta), "axis": -1}, []
    if opname in ("MAX_POOL_2D", "AVERAGE_POOL_2D"):
        return {"padding": PADDINGS[o.padding], "stride_h": o.strideH,
                "stride_w": o.strideW, "filter_h": o.filterHeight,
                "filter_w": o.filterWidth, "fused_activation": activation(o),
                "explicit_padding": []}, []
    if opname == "BATCH_MATMUL":
        return {"adjoint_lhs": bool(o.adjX), "adjoint_rhs": bool(o.adjY)}, []
    if opname == "LOG_SOFTMAX":
        return {}, []
    if opname == "GELU":
        return {"approximate": bool(o.approximate) if o else False}, []
    if opname in ("MEAN", "SUM", "REDUCE_MAX"):
        axes = const_ints(model, sg, op.inputs[1])
        return {"axes": axes, "keep_dims": bool(o.keepDims)}, [1]
    if opname == "RESHAPE":
        if len(op.inputs) > 1 and op.inputs[1] >= 0:
            shape = const_ints(model, sg, op.inputs[1])
            if o is not None and o.newShape is not None and \
                    [int(v) for v in o.newShape] != shape:
                raise ValueError("RESHAPE: shape tensor and options disagree")
            return {"new_shape": shape}, [1]
        return {"new_shape": [int(v) for v in o.newShape]}, []
    if opname == "CONCATENATION":
        return {"axis": o.axis, "fused_activation": activation(o)}, []
    if opname == "PAD":
        return {"paddings": const_ints(model, sg, op.inputs[1]),
                "value": 0.0}, [1]
    if opname == "TRANSPOSE":
        return {"perm": const_ints(model, sg, op.inputs[1])}, [1]
    if opname == "TRANSPOSE_CONV":
        return {"padding": PADDINGS[o.padding], "stride_h": o.strideH, "stride_w": o.strideW,
                "dilation_h": 1, "dilation_w": 1, "fused_activation": activation(o),
                "explicit_padding": []}, [0]
    if opname == "TILE":
        return {"multiples": const_ints(model, sg, op.inputs[1])}, [1]
    if opname == "STRIDED_SLICE":
        return strided_slice_options(model, sg, op), [1, 2, 3]
    if opname == "GATHER":
        if o.batchDims != 0:
            raise ValueError("GATHER: batch_dims")
        return {"axis": o.axis}, []
    if opname in ("RESIZE_BILINEAR", "RESIZE_NEAREST_NEIGHBOR"):
        size = const_ints(model, sg, op.inputs[1])
        if size != [int(d) for d in sg.tensors[op.outputs[0]].shape[1:3]]:
            raise ValueError(f"{opname}: size {size} is not the output's")
        return {"align_corners": bool(o.alignCorners),
                "half_pixel_centers": bool(o.halfPixelCenters)}, [1]
    if opname in ("LOGISTIC", "TANH", "HARD_SWISH", "ELU", "EXP", "LOG", "SQRT", "RSQRT",
                  "ABS", "PRELU", "RELU", "RELU6", "MAXIMUM", "MINIMUM", "SQUARED_DIFFERENCE",
                  "RELU_N1_TO_1", "QUANTIZE", "DEQUANTIZE"):
        return {}, []
    raise ValueError(f"no options mapping for {opname}")


ROLES = {"CONV_2D": ["input", "filter", "bias"],
         "DEPTHWISE_CONV_2D": ["input", "filter", "bias"],
         "FULLY_CONNECTED": ["input", "weights", "bias"],
         "ADD": ["input1", "input2"], "SUB": ["input1", "input2"],
         "MUL": ["input1", "input2"], "PRELU": ["input", "alpha"],
         "MAXIMUM": ["input1", "input2"], "MINIMUM": ["input1", "input2"],
         "DIV": ["input1", "input2"], "SQUARED_DIFFERENCE": ["input1", "input2"],
         "BATCH_MATMUL": ["input1", "input2"], "GATHER": ["table", "indices"],
         "TRANSPOSE_CONV": ["output_shape", "filter", "input", "bias"]}
# TFLite's input order where gml's differs: TRANSPOSE_CONV takes
# (output_shape, filter, input, bias); gml (input, filter, bias) with the
# output shape from the output tensor.
INPUT_ORDER = {"TRANSPOSE_CONV": [2, 1, 3]}
# TILE int8 is version 3, which LiteRT's reference resolver lacks.
BUILTIN = "BUILTIN_WITHOUT_DEFAULT_DELEGATES"


def tensor_json(model, t, name, data, const):
    tname, _ = tensor_type(t)
    q = t.quantization
    scale = [] if q is None or q.scale is None else [f32(s) for s in q.scale]
    zp = [] if q is None or q.zeroPoint is None else [int(z) for z in q.zeroPoint]
    if tname == "FLOAT32":
        flat = [f32(v) for v in np.asarray(data, np.float32).reshape(-1)]
    else:
        flat = [int(v) for v in np.asarray(data).reshape(-1)]
    d = {"name": name, "shape": [int(s) for s in t.shape], "type": tname}
    if const is not None:
        d["const"] = const
    d.update({"scale": scale, "zero_point": zp,
              "quantized_dimension": int(q.quantizedDimension) if q else 0,
              "data": flat})
    return d


def dump_tensor(d):
    if d is None:
        return "null"
    head = {k: v for k, v in d.items() if k != "data"}
    text = json.dumps(head, separators=(", ", ": "))[:-1]
    return text + ', "data": [' + ",".join(json.dumps(v) for v in d["data"]) + "]}"


def dump_case(doc):
    lines = ["{"]
    lines.append(f'  "name": {json.dumps(doc["name"])},')
    lines.append(f'  "op": {json.dumps(doc["op"])},')
    lines.append(f'  "options": {json.dumps(doc["options"], separators=(", ", ": "))},')
    for key in ("inputs", "outputs"):
        lines.append(f'  "{key}": [')
        items = [dump_tensor(t) for t in doc[key]]
        lines.extend("    " + s + ("," if i + 1 < len(items) else "")
                     for i, s in enumerate(items))
        lines.append("  ],")
    extras = [k for k in doc if k.startswith("x-")]
    for i, k in enumerate(extras):
        comma = "," if i + 1 < len(extras) else ""
        lines.append(f'  {json.dumps(k)}: {json.dumps(doc[k], separators=(", ", ": "))}{comma}')
    if not extras:
        lines[-1] = "  ]"
    lines.append("}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Keras models and conversion


class Skip(Exception):
    pass


class Case:
    def __init__(self, name, op, build, ranges, *, float_io=False, cut=False,
                 edit=None, note=None, shapes=None, float_island=False,
                 kernels="BUILTIN_REF"):
        self.name, self.op, self.build, self.ranges = name, op, build, ranges
        # float_island: the converter leaves the op in float between
        # DEQUANTIZE and QUANTIZE; run it on their int8 tensors instead.
        self.float_island = float_island
        # The kernels whose output is the fixture's: the reference ones, or
        # the builtin ones for an op BUILTIN_REF lacks.
        self.kernels = kernels
        self.float_io, self.edit, self.note = float_io, edit, note
        # cut: the converter wraps the op in others; cut it out (see extract_op).
        self.cut = cut or float_io
        # shapes: the op's expected input shapes (checked, as the name says them).
        self.shapes = shapes
        self.skip_default = False  # don't run LiteRT's default kernels

    def variant(self, suffix, edit, note=None):
        """The same case with `edit` applied to the converted model."""
        return Case(self.name + suffix, self.op, self.build, self.ranges,
                    float_io=self.float_io, cut=self.cut, edit=edit,
                    note=note or self.note, shapes=self.shapes)

    @property
    def seed(self):
        return zlib.crc32(self.name.encode())


def seeded_weights(model, rng):
    """Random kernels (per-output-channel spread so per-channel scales
    differ) and non-zero random biases."""
    for layer in model.layers:
        ws = layer.get_weights()
        if not ws:
            continue
        new = []
        for w in ws:
            if w.ndim >= 2:
                depthwise = type(layer).__name__ == "DepthwiseConv2D"
                fan_in = int(np.prod(w.shape[:2] if depthwise else w.shape[:-1]))
                spread_shape = w.shape[2:] if depthwise else w.shape[-1:]
                spread = rng.uniform(0.25, 2.0, spread_shape)
                v = rng.normal(0.0, 1.0 / np.sqrt(fan_in), w.shape) * spread
            else:
                v = rng.uniform(-0.5, 0.5, w.shape)
            new.append(v.astype(np.float32))
        layer.set_weights(new)


def keras_config(model):
    drop = ("initializer", "regularizer", "constraint", "dtype", "trainable",
            "name", "data_format", "groups", "lora", "quantization")
    out = []
    for layer in model.layers:
        if type(layer).__name__ == "InputLayer":
            continue
        cfg = {k: v for k, v in layer.get_config().items()
               if not any(d in k for d in drop)}
        out.append({"class": type(layer).__name__, **cfg})
    return out


def convert(model, ranges, rng, float_io):
    import tensorflow as tf

    shapes = [tuple(int(d) for d in i.shape) for i in model.inputs]
    integer = [str(i.dtype) == "int32" for i in model.inputs]
    samples = []
    for _ in range(REP_SAMPLES):
        samples.append([rng.integers(lo, hi + 1, s).astype(np.int32) if whole
                        else rng.uniform(lo, hi, s).astype(np.float32)
                        for s, (lo, hi), whole in zip(shapes, ranges, integer)])
    # Pin the calibrated ranges: one sample holds each range's ends.
    for s, (lo, hi) in zip(samples[0], ranges):
        s.reshape(-1)[0], s.reshape(-1)[-1] = lo, hi

    def rep():
        for s in samples:
            yield s

    conv = tf.lite.TFLiteConverter.from_keras_model(model)
    conv.optimizations = [tf.lite.Optimize.DEFAULT]
    conv.representative_dataset = rep
    conv.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    if not float_io:
        conv.inference_input_type = tf.int8
        conv.inference_output_type = tf.int8
    import contextlib
    import io

    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
        os.dup2(null, 2)
        with contextlib.redirect_stdout(io.StringIO()), \
                contextlib.redirect_stderr(io.StringIO()):
            return conv.convert()
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in saved + [null]:
            os.close(fd)


def run(model_bytes, feeds, kernels):
    """The outputs of LiteRT's `kernels` (an OpResolverType name) on `feeds`."""
    from ai_edge_litert.interpreter import Interpreter, OpResolverType

    kind = OpResolverType[kernels]
    try:
        it = Interpreter(model_content=model_bytes,
                         experimental_op_resolver_type=kind)
        it.allocate_tensors()
        for index, data in feeds.items():
            it.set_tensor(index, data)
        it.invoke()
    except (RuntimeError, ValueError) as e:
        raise Skip(f"LiteRT ({kind.name}) refuses the model: "
                   + " ".join(str(e).split())) from None
    return [it.get_tensor(d["index"]).copy() for d in it.get_output_details()]


def random_input(t, rng):
    tname, _ = tensor_type(t)
    shape = [int(s) for s in t.shape]
    n = int(np.prod(shape))
    if tname == "INT8":
        v = rng.integers(-128, 128, n)
        v[: min(n, 2)] = [-128, 127][: min(n, 2)]
        return v.astype(np.int8).reshape(shape)
    if tname in ("FLOAT32", "INT32"):
        # QUANTIZE input: mostly inside the output's real range, some exact
        # half-steps (the rounding ties), some outside (saturation); INT32:
        # indices in the case's range.
        return None
    raise Skip(f"graph input of type {tname}")


def quantize_input(t_out, shape, rng):
    s = float(t_out.quantization.scale[0])
    z = int(t_out.quantization.zeroPoint[0])
    lo, hi = (-128 - z) * s, (127 - z) * s
    n = int(np.prod(shape))
    v = rng.uniform(lo, hi, n)
    k = n // 4
    v[:k] = (rng.integers(-128, 127, k) - z + 0.5) * s
    v[k: k + 4] = [lo - 3 * s, hi + 3 * s, lo * 4, hi * 4][: max(0, min(4, n - k))]
    rng.shuffle(v)
    return v.astype(np.float32).reshape(shape)


def keras_mismatch(op, options, xkeras):
    """Where the recorded options disagree with the Keras layer config."""
    if not isinstance(xkeras, list) or not xkeras:
        return None
    k = xkeras[0]
    want = {}
    if "padding" in k and isinstance(k["padding"], str):
        want["padding"] = k["padding"].upper()
    if "strides" in k and k["strides"] is not None:
        want["stride_h"], want["stride_w"] = k["strides"]
    if "dilation_rate" in k:
        want["dilation_h"], want["dilation_w"] = k["dilation_rate"]
    if "depth_multiplier" in k:
        want["depth_multiplier"] = k["depth_multiplier"]
    if "pool_size" in k:
        want["filter_h"], want["filter_w"] = k["pool_size"]
    if op not in ("CONV_2D", "DEPTHWISE_CONV_2D", "MAX_POOL_2D",
                  "AVERAGE_POOL_2D", "FULLY_CONNECTED"):
        return None
    act = {None: "NONE", "linear": "NONE", "relu": "RELU", "relu6": "RELU6"}
    if k.get("activation") in act and len(xkeras) == 1:
        want["fused_activation"] = act[k.get("activation")]
    bad = {key: [options[key], v] for key, v in want.items()
           if key in options and options[key] != v}
    return bad or None


def make_case(case):
    import keras

    rng = np.random.default_rng(case.seed)
    keras.utils.set_random_seed(case.seed % (2**31))
    built = case.build()
    model, xkeras = built if isinstance(built, tuple) else (built, None)
    seeded_weights(model, rng)
    if xkeras is None:
        xkeras = keras_config(model)
    tfl = unpack(convert(model, case.ranges, rng, case.float_io))
    sg = tfl.subgraphs[0]
    names = [builtin_name(tfl, op) for op in sg.operators]
    if case.float_island and names == ["DEQUANTIZE", case.op, "QUANTIZE"]:
        dq, op, q = sg.operators
        op.inputs, op.outputs = list(dq.inputs), list(q.outputs)
        tfl = extract_op(tfl, 1)
        sg = tfl.subgraphs[0]
        names = [builtin_name(tfl, op) for op in sg.operators]
    if case.cut and names != [case.op]:
        picks = [i for i, op in enumerate(sg.operators)
                 if names[i] == case.op and (not case.float_io or tensor_type(
                     sg.tensors[(op.inputs if case.op == "QUANTIZE"
                                 else op.outputs)[0]])[0] == "FLOAT32")]
        if len(picks) != 1:
            raise Skip(f"converted model ops {names}: no single {case.op} to cut out")
        tfl = extract_op(tfl, picks[0])
        sg = tfl.subgraphs[0]
        names = [builtin_name(tfl, op) for op in sg.operators]
    if names != [case.op]:
        raise Skip(f"converted model ops {names}, expected [{case.op}]")
    edited = case.edit(tfl) if case.edit else None
    model_bytes = pack(tfl)
    tfl = unpack(model_bytes)
    sg = tfl.subgraphs[0]
    op = sg.operators[0]

    feeds = {}
    for index in sg.inputs:
        t = sg.tensors[index]
        data = random_input(t, rng)
        if data is None and tensor_type(t)[0] == "INT32":
            lo, hi = case.ranges[list(sg.inputs).index(index)]
            data = rng.integers(lo, hi + 1, [int(s) for s in t.shape]).astype(np.int32)
        elif data is None:
            data = quantize_input(sg.tensors[op.outputs[0]],
                                  [int(s) for s in t.shape], rng)
        elif case.op == "DIV" and index == op.inputs[1]:
            # LiteRT's DIV refuses a divisor at its zero point (a real 0).
            z = int(t.quantization.zeroPoint[0])
            data = np.where(data == z, np.int8(z + 1 if z < 127 else z - 1), data)
        feeds[index] = data
    (out,) = run(model_bytes, feeds, case.kernels)
    if case.skip_default:
        max_diff = None
    else:
        (out_default,) = run(model_bytes, feeds, "AUTO")
        diff = np.abs(out.astype(np.float64) - out_default.astype(np.float64))
        max_diff = float(diff.max()) if diff.size else 0.0
        if out.dtype == np.int8:
            max_diff = int(max_diff)

    options, moved = options_for(case.op, tfl, sg, op)
    roles = ROLES.get(case.op)
    if case.op == "CONCATENATION":
        roles = [f"input{i}" for i in range(len(op.inputs))]
    inputs = []
    order = INPUT_ORDER.get(case.op, range(len(op.inputs)))
    for pos in order:
        if pos >= len(op.inputs):
            continue
        index = op.inputs[pos]
        if pos in moved:
            continue
        role = roles[pos] if roles else "input"
        if index < 0:
            inputs.append(None)
            continue
        t = sg.tensors[index]
        data = const_data(tfl, t)
        if data is None:
            inputs.append(tensor_json(tfl, t, role, feeds[index], False))
        else:
            inputs.append(tensor_json(tfl, t, role, data, True))
    if case.op in ("CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "TRANSPOSE_CONV") and \
            len(inputs) == 2:
        inputs.append(None)  # bias dropped by truncating the input list
    got = [t["shape"] for t in inputs if t is not None]
    if case.shapes is not None and got[:len(case.shapes)] != \
            [list(x) for x in case.shapes]:
        raise Skip(f"op input shapes {got}, the case expects "
                   f"{[list(x) for x in case.shapes]}")
    mismatch = keras_mismatch(case.op, options, xkeras)
    if mismatch:
        print(f"  WARNING {case.name}: converter options differ from Keras: "
              f"{mismatch}", flush=True)
    t_out = sg.tensors[op.outputs[0]]
    if list(out.shape) != [int(s) for s in t_out.shape]:
        raise Skip(f"output shape {list(out.shape)} != tensor shape {list(t_out.shape)}")
    doc = {"name": case.name, "op": case.op, "options": options,
           "inputs": inputs,
           "outputs": [tensor_json(tfl, t_out, "output", out, None)],
           "x-keras": xkeras,
           "x-calibration-ranges": [[f32(lo), f32(hi)] for lo, hi in case.ranges],
           "x-default-kernels-max-diff": max_diff}
    if edited:
        doc["x-edited"] = edited
    if case.kernels != "BUILTIN_REF":
        doc["x-kernels"] = case.kernels
    if mismatch:
        doc["x-options-vs-keras"] = mismatch
    if case.note:
        doc["x-note"] = case.note
    return doc


# ---------------------------------------------------------------------------
# The grid


def _k():
    import keras

    return keras, keras.layers


def single(shape, layer_fn, about=None):
    """A one-layer model; `about` describes it in x-keras where its config
    cannot be serialised (a Lambda)."""
    def build():
        keras, _ = _k()
        x = keras.Input(shape[1:], batch_size=shape[0], name="input")
        model = keras.Model(x, layer_fn()(x))
        return (model, about) if about is not None else model
    return build


def dims(shape):
    return "x".join(str(s) for s in shape)


def num(v):
    return str(v).replace(".", "p").replace("-", "m")


def drop_bias(m):
    """Drops the bias input: Keras use_bias=False still converts with a zero
    bias tensor, so this is the only way to get a null bias. LiteRT's CONV_2D
    and DEPTHWISE_CONV_2D refuse a -1 bias index but accept two inputs."""
    op = m.subgraphs[0].operators[0]
    op.inputs = op.inputs[:2]
    return "bias input removed after conversion (operator has 2 inputs)"


def widen_output(m, factor=2.5):
    """Widens the output range (scale x factor, zero point 0) so that the
    fused activation really clamps: calibrated ranges end where the
    activation does, which makes the clamp a no-op."""
    sg = m.subgraphs[0]
    q = sg.tensors[sg.operators[0].outputs[0]].quantization
    old = (float(q.scale[0]), int(q.zeroPoint[0]))
    q.scale = np.array([f32(old[0] * factor)], np.float32)
    q.zeroPoint = np.array([0], np.int64)
    return (f"output scale x{factor} ({old[0]!r} -> {f32(old[0] * factor)!r}), "
            f"zero point {old[1]} -> 0 after conversion")


def widen_and_amplify(m, k=3.0):
    """widen_output, and filter and bias scales x k (bias scale stays input
    scale x filter scale), so that pre-activation values pass RELU6's 6."""
    sg = m.subgraphs[0]
    op = sg.operators[0]
    for index in op.inputs[1:3]:
        q = sg.tensors[index].quantization
        q.scale = np.array([f32(v * k) for v in q.scale], np.float32)
    return f"filter and bias scales x{k}; " + widen_output(m)


def pick(cases, name):
    (c,) = [c for c in cases if c.name == name]
    return c


def conv_cases():
    # (input, out channels, kernel, strides, padding, dilation, act, bias)
    grid = [
        ((1, 8, 8, 3), 5, (1, 1), (1, 1), "valid", 1, None, True),
        ((1, 8, 8, 5), 7, (1, 1), (1, 1), "same", 1, "relu", True),
        ((1, 9, 9, 6), 4, (1, 1), (2, 2), "valid", 1, None, True),
        ((1, 8, 8, 3), 6, (1, 1), (2, 2), "same", 1, "relu6", False),
        ((1, 8, 8, 3), 5, (3, 3), (1, 1), "valid", 1, None, True),
        ((1, 8, 8, 3), 5, (3, 3), (1, 1), "same", 1, "relu", True),
        ((1, 8, 8, 3), 4, (3, 3), (2, 2), "same", 1, "relu", True),
        ((1, 9, 9, 5), 6, (3, 3), (2, 2), "valid", 1, "relu6", True),
        ((1, 9, 9, 5), 3, (3, 3), (2, 2), "same", 1, None, True),
        ((1, 10, 7, 6), 7, (3, 3), (1, 1), "same", 1, "relu6", True),
        ((1, 10, 7, 6), 2, (3, 3), (2, 2), "valid", 1, "relu", True),
        ((1, 11, 11, 7), 9, (3, 3), (1, 1), "valid", 1, None, False),
        ((1, 11, 11, 7), 5, (3, 3), (2, 2), "same", 1, None, False),
        ((1, 6, 6, 1), 3, (3, 3), (1, 1), "same", 1, None, True),
        ((1, 7, 7, 2), 1, (3, 3), (1, 1), "valid", 1, "relu", True),
        ((1, 10, 10, 3), 5, (5, 5), (1, 1), "same", 1, None, True),
        ((1, 10, 10, 3), 6, (5, 5), (1, 1), "valid", 1, "relu6", True),
        ((1, 12, 12, 5), 7, (5, 5), (2, 2), "same", 1, "relu", True),
        ((1, 11, 9, 3), 4, (5, 5), (2, 2), "valid", 1, None, False),
        ((1, 8, 8, 5), 6, (3, 1), (1, 1), "same", 1, None, True),
        ((1, 8, 8, 5), 6, (3, 1), (2, 2), "valid", 1, "relu", True),
        ((1, 9, 7, 3), 5, (1, 3), (1, 1), "same", 1, "relu6", True),
        ((1, 9, 7, 3), 5, (2, 3), (2, 1), "same", 1, None, True),
        ((1, 9, 9, 3), 4, (3, 3), (1, 2), "same", 1, None, True),
        ((1, 9, 9, 3), 4, (3, 3), (2, 1), "valid", 1, "relu", True),
        ((1, 10, 10, 3), 5, (3, 3), (1, 1), "same", 2, None, True),
        ((1, 10, 10, 3), 5, (3, 3), (1, 1), "valid", 2, "relu", True),
        ((1, 12, 9, 5), 3, (3, 3), (1, 1), "same", 2, "relu6", False),
        ((1, 12, 9, 5), 6, (3, 1), (1, 1), "valid", 2, None, True),
        ((1, 9, 9, 4), 7, (2, 2), (1, 1), "same", 2, None, True),
        ((1, 8, 8, 3), 5, (3, 3), (1, 1), "same", 1, "relu", False),
        ((1, 8, 8, 6), 10, (1, 1), (1, 1), "valid", 1, "relu6", False),
        ((1, 7, 7, 3), 4, (2, 2), (2, 2), "same", 1, None, True),
        ((1, 8, 8, 4), 5, (2, 2), (2, 2), "valid", 1, "relu", True),
        ((2, 6, 6, 3), 5, (3, 3), (1, 1), "same", 1, "relu", True),
        ((2, 7, 7, 3), 4, (3, 3), (2, 2), "valid", 1, None, False),
        ((1, 16, 16, 16), 13, (3, 3), (2, 2), "same", 1, "relu", True),
        ((1, 12, 12, 16), 16, (1, 1), (1, 1), "valid", 1, None, True),
        ((1, 14, 14, 8), 11, (3, 3), (1, 1), "same", 1, "relu6", True),
        ((1, 1, 1, 8), 5, (1, 1), (1, 1), "valid", 1, None, True),
        ((1, 5, 5, 3), 4, (5, 5), (1, 1), "valid", 1, None, True),
        ((1, 4, 4, 3), 4, (5, 5), (2, 2), "same", 1, "relu", True),
    ]
    ranges = [(-1.0, 1.0), (-1.0, 3.0), (-4.0, 0.5), (0.0, 6.0), (-2.5, 2.0)]
    cases = []
    for i, (shape, out, k, s, pad, dil, act, bias) in enumerate(grid):
        kt = f"k{k[0]}" if k[0] == k[1] else f"k{k[0]}x{k[1]}"
        st = f"s{s[0]}" if s[0] == s[1] else f"s{s[0]}x{s[1]}"
        name = (f"conv2d_int8_{dims(shape)}_{kt}{st}" + (f"d{dil}" if dil > 1 else "")
                + f"_o{out}_{pad}" + (f"_{act}" if act else "")
                + ("" if bias else "_nobias"))

        def layer(out=out, k=k, s=s, pad=pad, dil=dil, act=act, bias=bias):
            _, L = _k()
            return L.Conv2D(out, k, strides=s, padding=pad, dilation_rate=dil,
                            activation=act, use_bias=bias)
        cases.append(Case(name, "CONV_2D", single(shape, layer),
                          [ranges[i % len(ranges)]]))
    # Grouped (Keras groups): the filter reads in / groups channels.
    for shape, out, k, s, pad, groups, act, r in (
            ((1, 8, 8, 8), 12, 3, 1, "same", 4, "relu", (-1.0, 3.0)),
            ((1, 9, 9, 6), 6, 3, 2, "valid", 2, None, (-2.0, 2.0)),
            ((1, 8, 8, 16), 16, 1, 1, "valid", 8, None, (-4.0, 0.5)),
            ((1, 10, 10, 4), 8, 5, 2, "same", 4, "relu6", (0.0, 6.0))):
        def grouped(out=out, k=k, s=s, pad=pad, groups=groups, act=act):
            return _k()[1].Conv2D(out, k, strides=s, padding=pad, groups=groups, activation=act)
        cases.append(Case(
            f"conv2d_int8_{dims(shape)}_k{k}s{s}_o{out}_{pad}_g{groups}" + (f"_{act}" if act else ""),
            "CONV_2D", single(shape, grouped), [r]))
    # RELU_N1_TO_1, if the converter fuses a clip to [-1, 1] into the conv.
    for shape, k in (((1, 8, 8, 3), 3), ((1, 6, 6, 5), 1)):
        def build(shape=shape, k=k):
            keras, L = _k()
            x = keras.Input(shape[1:], batch_size=1, name="input")
            conv = L.Conv2D(4, k, padding="same")
            y = keras.ops.clip(conv(x), -1.0, 1.0)
            return keras.Model(x, y), [{"class": "Conv2D", **{
                kk: v for kk, v in conv.get_config().items()
                if kk in ("filters", "kernel_size", "strides", "padding")}},
                {"op": "keras.ops.clip", "min": -1.0, "max": 1.0}]
        cases.append(Case(f"conv2d_int8_{dims(shape)}_k{k}s1_o4_same_relu_n1_to_1",
                          "CONV_2D", build, [(-1.5, 1.5)]))
    cases += [
        pick(cases, "conv2d_int8_1x8x8x3_k3s1_o5_same_relu").variant(
            "_wideout", widen_output),
        pick(cases, "conv2d_int8_1x10x7x6_k3s1_o7_same_relu6").variant(
            "_wideout", widen_and_amplify),
        pick(cases, "conv2d_int8_1x8x8x3_k3s1_o4_same_relu_n1_to_1").variant(
            "_wideout", widen_output),
    ]
    # No null-bias CONV_2D: LiteRT's int8 CONV_2D requires a bias
    # ("conv.cc: has_bias was not true"), and use_bias=False converts with a
    # zero bias tensor.
    return cases


def depthwise_cases():
    # (input, multiplier, kernel, strides, padding, dilation, act, bias)
    grid = [
        ((1, 8, 8, 3), 1, (3, 3), (1, 1), "same", 1, None, True),
        ((1, 8, 8, 3), 1, (3, 3), (1, 1), "valid", 1, "relu", True),
        ((1, 8, 8, 5), 1, (3, 3), (2, 2), "same", 1, "relu6", True),
        ((1, 9, 9, 5), 1, (3, 3), (2, 2), "valid", 1, None, False),
        ((1, 8, 8, 3), 2, (3, 3), (1, 1), "same", 1, None, True),
        ((1, 8, 8, 3), 2, (3, 3), (2, 2), "same", 1, "relu", True),
        ((1, 9, 7, 4), 2, (3, 3), (1, 1), "valid", 1, "relu6", True),
        ((1, 9, 9, 2), 3, (3, 3), (1, 1), "same", 1, None, True),
        ((1, 9, 9, 2), 3, (3, 3), (2, 2), "valid", 1, "relu", False),
        ((1, 7, 7, 1), 3, (5, 5), (1, 1), "same", 1, None, True),
        ((1, 10, 10, 6), 1, (5, 5), (1, 1), "valid", 1, None, True),
        ((1, 11, 11, 3), 1, (5, 5), (2, 2), "same", 1, "relu6", True),
        ((1, 10, 10, 3), 2, (5, 5), (2, 2), "valid", 1, None, True),
        ((1, 10, 10, 3), 1, (3, 3), (1, 1), "same", 2, None, True),
        ((1, 10, 10, 3), 1, (3, 3), (1, 1), "valid", 2, "relu", True),
        ((1, 12, 9, 4), 2, (3, 3), (1, 1), "same", 2, "relu6", True),
        ((1, 12, 9, 2), 3, (3, 3), (1, 1), "valid", 2, None, False),
        ((1, 8, 8, 5), 1, (3, 1), (1, 1), "same", 1, None, True),
        ((1, 8, 8, 5), 2, (1, 3), (2, 2), "same", 1, "relu", True),
        ((1, 9, 9, 3), 1, (3, 3), (1, 2), "same", 1, None, True),
        ((1, 9, 9, 3), 1, (3, 3), (2, 1), "valid", 1, None, True),
        ((1, 8, 8, 7), 1, (3, 3), (1, 1), "same", 1, "relu", False),
        ((1, 16, 16, 16), 1, (3, 3), (2, 2), "same", 1, "relu6", True),
        ((1, 12, 12, 8), 2, (3, 3), (1, 1), "same", 1, None, True),
        ((2, 6, 6, 3), 2, (3, 3), (1, 1), "same", 1, "relu", True),
        ((1, 6, 6, 5), 1, (1, 1), (1, 1), "valid", 1, None, True),
    ]
    ranges = [(-1.0, 1.0), (-0.5, 3.0), (-4.0, 1.0), (0.0, 6.0), (-2.0, 2.5)]
    cases = []
    for i, (shape, m, k, s, pad, dil, act, bias) in enumerate(grid):
        kt = f"k{k[0]}" if k[0] == k[1] else f"k{k[0]}x{k[1]}"
        st = f"s{s[0]}" if s[0] == s[1] else f"s{s[0]}x{s[1]}"
        name = (f"depthwise_conv2d_int8_{dims(shape)}_{kt}{st}"
                + (f"d{dil}" if dil > 1 else "") + f"_m{m}_{pad}"
                + (f"_{act}" if act else "") + ("" if bias else "_nobias"))

        def layer(m=m, k=k, s=s, pad=pad, dil=dil, act=act, bias=bias):
            _, L = _k()
            return L.DepthwiseConv2D(k, strides=s, padding=pad, depth_multiplier=m,
                                     dilation_rate=dil, activation=act,
                                     use_bias=bias)
        cases.append(Case(name, "DEPTHWISE_CONV_2D", single(shape, layer),
                          [ranges[i % len(ranges)]]))
    cases += [
        pick(cases, "depthwise_conv2d_int8_1x8x8x5_k3s2_m1_same_relu6").variant(
            "_wideout", lambda m: widen_and_amplify(m, 6.0)),
        pick(cases, "depthwise_conv2d_int8_1x8x8x3_k3s2_m2_same_relu").variant(
            "_wideout", widen_output),
        pick(cases, "depthwise_conv2d_int8_1x8x8x3_k3s1_m2_same").variant(
            "_nullbias", drop_bias),
        pick(cases, "depthwise_conv2d_int8_1x9x9x2_k3s1_m3_same").variant(
            "_nullbias", drop_bias),
    ]
    for c in cases[-2:]:
        # LiteRT 2.3.0's default kernels (XNNPACK) crash on a depthwise
        # without bias; its reference kernels run it.
        c.skip_default = True
    return cases


def fc_cases():
    grid = [
        ((1, 16), 10, None, True), ((1, 7), 5, None, False),
        ((1, 32), 3, "relu", True), ((1, 13), 16, "relu6", True),
        ((2, 16), 8, None, True), ((3, 5), 6, "relu", False),
        ((1, 64), 10, None, True), ((1, 1), 1, None, True),
        ((1, 9), 1, "relu6", True), ((1, 4, 16), 6, None, True),
        ((1, 3, 10), 7, "relu", False), ((2, 3, 8), 5, None, True),
        ((1, 2, 3, 6), 4, None, True),
    ]
    ranges = [(-1.0, 1.0), (-2.0, 5.0), (0.0, 4.0), (-3.0, 1.0)]
    cases = []
    for i, (shape, out, act, bias) in enumerate(grid):
        name = (f"fully_connected_int8_{dims(shape)}_o{out}"
                + (f"_{act}" if act else "") + ("" if bias else "_nobias"))

        def layer(out=out, act=act, bias=bias):
            _, L = _k()
            return L.Dense(out, activation=act, use_bias=bias)
        cases.append(Case(name, "FULLY_CONNECTED", single(shape, layer),
                          [ranges[i % len(ranges)]]))
    cases += [
        pick(cases, "fully_connected_int8_3x5_o6_relu_nobias").variant(
            "_wideout", widen_output),
        pick(cases, "fully_connected_int8_1x13_o16_relu6").variant(
            "_wideout", widen_and_amplify),
    ]
    return cases


def squared_difference():
    """A layer of `tf.math.squared_difference` (keras.ops has none; Keras'
    `moments` and LayerNormalization reach it through TensorFlow)."""
    import tensorflow as tf
    keras, _ = _k()

    class SquaredDifference(keras.layers.Layer):
        def call(self, a, b):
            return tf.math.squared_difference(a, b)

    return SquaredDifference(name="squared_difference")


def binary_cases(op):
    fn = {"ADD": "add", "SUB": "subtract", "MUL": "multiply", "MAXIMUM": "maximum",
          "MINIMUM": "minimum", "DIV": "divide",
          "SQUARED_DIFFERENCE": "tf.math.squared_difference"}[op]
    grid = [  # (shape a, shape b, relu, range a, range b, b constant)
        ((1, 4, 4, 8), (1, 4, 4, 8), False, (-1.0, 1.0), (-1.0, 1.0), False),
        ((1, 4, 4, 8), (1, 4, 4, 8), False, (-1.0, 2.0), (-6.0, 3.0), False),
        ((1, 4, 4, 8), (1, 1, 1, 8), False, (-2.0, 2.0), (-0.5, 1.5), False),
        ((1, 4, 4, 8), (1, 4, 4, 1), False, (0.0, 3.0), (-4.0, 4.0), False),
        ((1, 4, 4, 8), (1, 1, 1, 1), False, (-3.0, 1.0), (-1.0, 1.0), False),
        ((1, 5, 3, 6), (1, 5, 3, 6), True, (-1.0, 2.0), (-2.0, 1.0), False),
        ((1, 4, 4, 8), (1, 1, 1, 8), True, (-2.0, 4.0), (-1.0, 0.5), False),
        ((1, 10), (1, 10), False, (-8.0, 4.0), (-0.25, 0.25), False),
        ((1, 1, 1, 8), (1, 4, 4, 8), False, (-1.0, 1.0), (-2.0, 3.0), False),
        ((1, 4, 4, 8), (1, 1, 1, 8), False, (-1.0, 2.0), (-1.0, 1.0), True),
    ]
    if op == "DIV":  # divisors away from 0 (TFLite leaves a zero divisor undefined)
        grid = [
            ((1, 4, 4, 8), (1, 4, 4, 8), False, (-1.0, 1.0), (0.5, 2.0), False),
            ((1, 4, 4, 8), (1, 1, 1, 8), False, (-2.0, 2.0), (0.25, 1.5), False),
            ((1, 4, 4, 8), (1, 4, 4, 1), False, (0.0, 3.0), (-4.0, -0.5), False),
            ((1, 10), (1, 10), True, (-8.0, 4.0), (1.0, 3.0), False),
            ((1, 5, 3, 6), (1, 5, 3, 6), False, (-3.0, 3.0), (2.0, 9.0), False),
            ((1, 1, 1, 8), (1, 4, 4, 8), False, (-1.0, 1.0), (0.1, 0.5), False),
        ]
    cases = []
    for sa, sb, relu, ra, rb, const in grid:
        if relu and op in ("MAXIMUM", "MINIMUM", "SQUARED_DIFFERENCE"):
            continue  # no fused activation: the ReLU would be an op of its own
        # The converter rewrites x + b with b of shape [1, ..., 1, C] (C > 1)
        # as a RESHAPE of b to [C] and an ADD (a bias add): the case is the
        # ADD cut out of that model, and its name gives the ADD's shapes.
        squeeze = (op == "ADD" and len(sb) > 1 and sb[-1] > 1
                   and all(d == 1 for d in sb[:-1]))
        sb_op = sb[-1:] if squeeze else sb
        name = (f"{op.lower()}_int8_{dims(sa)}_{dims(sb_op)}"
                + ("_const" if const else "") + ("_relu" if relu else "")
                + ("_samerange" if ra == rb else ""))

        def build(sa=sa, sb=sb, relu=relu, rb=rb, const=const):
            keras, L = _k()
            f = squared_difference() if op == "SQUARED_DIFFERENCE" else getattr(keras.ops, fn)
            a = keras.Input(sa[1:], batch_size=sa[0], name="input1")
            desc = {"op": fn if "." in fn else f"keras.ops.{fn}", "relu": relu}
            if const:
                rng = np.random.default_rng(zlib.crc32(str(sb).encode()))
                c = rng.uniform(rb[0], rb[1], sb).astype(np.float32)
                c.reshape(-1)[0], c.reshape(-1)[-1] = rb
                y = f(a, keras.ops.convert_to_tensor(c))
                inputs = a
                desc["constant"] = True
            else:
                b = keras.Input(sb[1:], batch_size=sb[0], name="input2")
                y = f(a, b)
                inputs = [a, b]
            if relu:
                y = keras.ops.relu(y)
            return keras.Model(inputs, y), desc
        cases.append(Case(
            name, op, build, [ra] if const else [ra, rb], cut=squeeze and not const,
            shapes=[sa, sb_op],
            note=(f"ADD cut out of RESHAPE({dims(sb)} -> {dims(sb_op)}) + ADD, "
                  "as the converter emits x + b" if squeeze and not const else None)))
    relu = [c for c in cases if c.name.endswith("_relu")]
    cases += [c.variant("_wideout", widen_output) for c in relu[:1]]
    return cases


def batch_matmul_cases():
    """BATCH_MATMUL of two activations (keras.ops.matmul): batched rank 3
    and 4, batch axes broadcast, and either operand transposed first
    (TFLiteConverter folds the transpose into adj_x / adj_y)."""
    grid = [  # (shape a, shape b, transpose a, transpose b, range a, range b)
        ((1, 16, 8), (1, 8, 16), False, False, (-2.0, 2.0), (-1.0, 1.0)),
        ((1, 4, 6, 8), (1, 4, 8, 5), False, False, (-1.0, 3.0), (-2.0, 0.5)),
        ((1, 3, 5, 7), (1, 1, 7, 4), False, False, (-4.0, 4.0), (-1.0, 1.0)),
        ((1, 2, 6, 8), (1, 2, 5, 8), False, True, (-1.0, 1.0), (-3.0, 3.0)),
        ((1, 7, 6), (1, 7, 9), True, False, (0.0, 2.0), (-1.0, 2.0)),
        ((1, 12, 32), (1, 32, 12), False, False, (-3.0, 1.0), (-0.5, 0.5)),
    ]
    cases = []
    for sa, sb, ta, tb, ra, rb in grid:
        name = (f"batch_matmul_int8_{dims(sa)}_{dims(sb)}" + ("_adjx" if ta else "")
                + ("_adjy" if tb else ""))

        def build(sa=sa, sb=sb, ta=ta, tb=tb):
            keras, _ = _k()
            ops = keras.ops

            def swap(t):
                perm = list(range(len(t.shape)))
                perm[-1], perm[-2] = perm[-2], perm[-1]
                return ops.transpose(t, perm)
            a = keras.Input(sa[1:], batch_size=sa[0], name="input1")
            b = keras.Input(sb[1:], batch_size=sb[0], name="input2")
            y = ops.matmul(swap(a) if ta else a, swap(b) if tb else b)
            desc = {"op": "keras.ops.matmul", "transpose_a": ta, "transpose_b": tb}
            return keras.Model([a, b], y), desc
        cases.append(Case(name, "BATCH_MATMUL", build, [ra, rb], shapes=[sa, sb]))
    return cases


def gelu_cases():
    """GELU, exact (Keras' default) and the tanh approximation."""
    cases = []
    for shape, r, approximate in (((1, 4, 4, 8), (-4.0, 4.0), False),
                                  ((1, 16, 64), (-6.0, 3.0), False),
                                  ((1, 10), (-1.0, 1.0), False),
                                  ((1, 4, 4, 8), (-4.0, 4.0), True),
                                  ((1, 3, 5, 7), (-8.0, 8.0), True)):
        def layer(approximate=approximate):
            keras, L = _k()
            return L.Lambda(lambda x: keras.activations.gelu(x, approximate=approximate))
        cases.append(Case(
            f"gelu_int8_{dims(shape)}" + ("_approximate" if approximate else ""), "GELU",
            single(shape, layer, [{"op": "keras.activations.gelu", "approximate": approximate}]),
            [r]))
    return cases


def log_softmax_cases():
    """LOG_SOFTMAX over the last axis (keras.ops.log_softmax): rows short
    and long, input scales that cut off many differences and none."""
    cases = []
    for shape, r in (((1, 10), (-4.0, 4.0)), ((1, 4, 12), (-10.0, 2.0)),
                     ((1, 3, 5, 7), (-1.0, 1.0)), ((1, 64), (-20.0, 20.0)),
                     ((2, 2, 33), (-0.5, 3.0))):
        def layer():
            keras, L = _k()
            return L.Lambda(lambda x: keras.ops.log_softmax(x, axis=-1))
        cases.append(Case(
            f"log_softmax_int8_{dims(shape)}", "LOG_SOFTMAX",
            single(shape, layer, [{"op": "keras.ops.log_softmax", "axis": -1}]), [r]))
    return cases


def unary_cases():
    cases = []

    def act_case(op, prefix, shape, rng, make, tag="", about=None, **kw):
        cases.append(Case(f"{prefix}_int8_{dims(shape)}{tag}", op,
                          single(shape, make, about), [rng], **kw))

    def act(name):
        return lambda: _k()[1].Activation(name)
    for shape, r in (((1, 4, 4, 8), (-6.0, 6.0)), ((1, 10), (-2.0, 4.0)),
                     ((1, 3, 5, 7), (-10.0, 2.0)), ((1, 64), (0.0, 8.0))):
        act_case("LOGISTIC", "logistic", shape, r, act("sigmoid"))
    for shape, r in (((1, 4, 4, 8), (-3.0, 3.0)), ((1, 10), (-1.0, 2.0)),
                     ((1, 3, 5, 7), (-5.0, 1.0)), ((1, 64), (-0.5, 0.5))):
        act_case("TANH", "tanh", shape, r, act("tanh"))
    for shape, r in (((1, 4, 4, 8), (-4.0, 4.0)), ((1, 10), (-6.0, 6.0)),
                     ((1, 3, 5, 7), (-1.0, 3.0)), ((1, 64), (-8.0, 2.0))):
        act_case("HARD_SWISH", "hard_swish", shape, r, act("hard_swish"))
    for shape, r in (((1, 4, 4, 8), (-4.0, 4.0)), ((1, 10), (-8.0, 1.0)),
                     ((1, 3, 5, 7), (-0.5, 3.0)), ((1, 64), (-2.0, 0.25))):
        act_case("ELU", "elu", shape, r, act("elu"), float_island=True,
                 kernels="BUILTIN_WITHOUT_DEFAULT_DELEGATES",
                 note="TFLiteConverter 2.21 leaves ELU in float between DEQUANTIZE and "
                      "QUANTIZE; the case runs ELU from the DEQUANTIZE's "
                      "int8 input to the QUANTIZE's int8 output on LiteRT's builtin int8 "
                      "ELU kernel: BUILTIN_REF has no ELU")
    def lam(fn):
        return lambda: _k()[1].Lambda(fn)
    ops = _k()[0].ops
    for shape, r in (((1, 4, 4, 8), (-4.0, 2.0)), ((1, 10), (-1.0, 1.0)),
                     ((1, 3, 5, 7), (-6.0, 0.5)), ((1, 64), (-0.5, 3.0))):
        act_case("EXP", "exp", shape, r, lam(ops.exp), about=[{"op": "keras.ops.exp"}])
    # LOG, SQRT, RSQRT: the inputs of the case's range (the graph takes
    # |x| + c first; the case keeps only the op).
    for shape, c, r in (((1, 4, 4, 8), 0.05, (0.0, 4.0)), ((1, 10), 0.5, (0.0, 1.0)),
                        ((1, 3, 5, 7), 0.01, (0.0, 20.0)), ((1, 64), 1.0, (0.0, 2.0))):
        act_case("LOG", "log", shape, r, lam(lambda x, c=c: ops.log(ops.abs(x) + c)),
                 about=[{"op": "keras.ops.log(keras.ops.abs(x) + c)", "c": c}], cut=True)
        act_case("RSQRT", "rsqrt", shape, r, lam(lambda x, c=c: ops.rsqrt(ops.abs(x) + c)),
                 about=[{"op": "keras.ops.rsqrt(keras.ops.abs(x) + c)", "c": c}], cut=True)
        act_case("SQRT", "sqrt", shape, r, lam(lambda x: ops.sqrt(ops.abs(x))),
                 about=[{"op": "keras.ops.sqrt(keras.ops.abs(x))"}], cut=True)
    for shape, r in (((1, 4, 4, 8), (-4.0, 2.0)), ((1, 10), (-1.0, 1.0)),
                     ((1, 3, 5, 7), (-6.0, 0.5)), ((1, 64), (-0.5, 3.0))):
        act_case("ABS", "abs", shape, r, lam(ops.abs), about=[{"op": "keras.ops.abs"}])
    # TRANSPOSE_CONV (Keras Conv2DTranspose): strides 1 and 2, "same" and
    # "valid", with and without bias, a fused ReLU.
    for shape, out, k, s, pad, bias, act_name in (
            ((1, 4, 4, 8), 6, 3, 2, "same", True, None),
            ((1, 5, 3, 4), 5, 2, 2, "valid", True, None),
            ((1, 6, 6, 3), 8, 3, 1, "same", False, None),
            ((1, 3, 4, 16), 4, 4, 2, "same", True, None),
            ((1, 7, 5, 2), 3, 3, 3, "valid", True, "relu")):
        def tconv(out=out, k=k, s=s, pad=pad, bias=bias, act_name=act_name):
            return _k()[1].Conv2DTranspose(out, k, strides=s, padding=pad, use_bias=bias,
                                           activation=act_name)
        act_case("TRANSPOSE_CONV", "transpose_conv", shape, (-2.0, 2.0), tconv,
                 f"_k{k}s{s}_o{out}_{pad}" + ("" if bias else "_nobias")
                 + (f"_{act_name}" if act_name else ""))
    # PRELU: one slope per position and channel (Keras' default), per
    # channel (shared_axes [1, 2]), and per channel of a [1, N] input.
    for shape, shared, r in (((1, 4, 4, 8), None, (-2.0, 2.0)),
                             ((1, 5, 3, 6), [1, 2], (-4.0, 1.0)),
                             ((1, 6, 6, 3), [1, 2], (-1.0, 3.0)),
                             ((1, 16), None, (-3.0, 3.0))):
        def prelu(shared=shared):
            init = _k()[0].initializers.RandomUniform(-0.6, 0.6, seed=7)
            return _k()[1].PReLU(alpha_initializer=init, shared_axes=shared)
        tag = "_shared" if shared else ""
        act_case("PRELU", "prelu", shape, r, prelu, tag)
    for shape, reps, r in (((1, 4, 4, 8), (1, 2, 2, 1), (-2.0, 2.0)),
                           ((1, 3, 5), (1, 2, 3), (-1.0, 4.0)),
                           ((1, 6), (1, 3), (-3.0, 1.0))):
        act_case("TILE", "tile", shape, r, lam(lambda x, reps=reps: ops.tile(x, reps)),
                 f"_x{dims(reps)}", about=[{"op": "keras.ops.tile", "repeats": list(reps)}],
                 kernels=BUILTIN, cut=True)
    # RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR: Keras' UpSampling2D and
    # Resizing (half-pixel centres), up and down; the other two coordinate
    # rules (align_corners, neither flag) set in the options after conversion.
    def resize_flags(align, half):
        def edit(m):
            o = m.subgraphs[0].operators[0].builtinOptions
            o.alignCorners, o.halfPixelCenters = align, half
            return f"align_corners {align}, half_pixel_centers {half} set after conversion"
        return edit
    for op, prefix, interpolation in (("RESIZE_BILINEAR", "resize_bilinear", "bilinear"),
                                      ("RESIZE_NEAREST_NEIGHBOR", "resize_nearest", "nearest")):
        for shape, size, r, flags in (((1, 4, 4, 8), (8, 8), (-2.0, 2.0), None),
                                      ((1, 3, 5, 3), (6, 15), (-1.0, 3.0), None),
                                      ((1, 9, 7, 4), (4, 5), (-3.0, 1.0), None),
                                      ((1, 5, 4, 6), (9, 7), (-2.0, 2.0), (True, False)),
                                      ((1, 6, 6, 2), (4, 11), (-1.0, 1.0), (True, False)),
                                      ((1, 4, 6, 5), (7, 9), (-4.0, 2.0), (False, False))):
            def resizing(size=size, interpolation=interpolation):
                return _k()[1].Resizing(size[0], size[1], interpolation=interpolation)
            tag = f"_to{dims(size)}" + ("" if flags is None else
                                        "_align" if flags[0] else "_plain")
            extra = {} if flags is None else {"edit": resize_flags(*flags)}
            act_case(op, prefix, shape, r, resizing, tag, **extra)
    for shape, crop, r in (((1, 9, 9, 4), ((1, 0), (1, 0)), (-2.0, 2.0)),
                           ((1, 8, 10, 3), ((2, 1), (0, 3)), (-1.0, 3.0)),
                           ((1, 5, 7, 6), ((0, 2), (2, 2)), (-4.0, 1.0))):
        act_case("STRIDED_SLICE", "strided_slice", shape, r,
                 lambda crop=crop: _k()[1].Cropping2D(crop),
                 f"_crop{num(crop[0][0])}{num(crop[0][1])}{num(crop[1][0])}{num(crop[1][1])}",
                 cut=True)
    for shape, alpha, r in (((1, 4, 4, 8), 0.1, (-2.0, 2.0)),
                            ((1, 3, 5, 7), 0.1, (-5.0, 1.0)),
                            ((1, 4, 4, 8), 0.3, (-1.0, 3.0)),
                            ((1, 10), 0.3, (-4.0, 4.0)),
                            ((1, 6, 6, 3), 0.2, (-3.0, 0.5))):
        act_case("LEAKY_RELU", "leaky_relu", shape, r,
                 lambda a=alpha: _k()[1].LeakyReLU(negative_slope=a),
                 f"_a{num(alpha)}")
    for shape, r in (((1, 10), (-4.0, 4.0)), ((1, 4, 16), (-8.0, 2.0)),
                     ((1, 3, 3, 7), (-1.0, 1.0)), ((2, 5), (-10.0, 10.0)),
                     ((1, 100), (-3.0, 6.0))):
        act_case("SOFTMAX", "softmax", shape, r,
                 lambda: _k()[1].Softmax(axis=-1), "_beta1")
    for shape, beta, r in (((1, 10), 0.5, (-4.0, 4.0)),
                           ((1, 4, 16), 2.0, (-2.0, 1.0))):
        def edit(m, beta=beta):
            m.subgraphs[0].operators[0].builtinOptions.beta = beta
            return f"SoftmaxOptions.beta set to {beta} after conversion"
        cases.append(Case(f"softmax_int8_{dims(shape)}_beta{num(beta)}", "SOFTMAX",
                          single(shape, lambda: _k()[1].Softmax(axis=-1)), [r],
                          edit=edit))
    for shape, r in (((1, 4, 4, 8), (-2.0, 3.0)), ((1, 10), (-1.0, 1.0)),
                     ((1, 3, 5, 7), (-5.0, 8.0))):
        act_case("RELU", "relu", shape, r, lambda: _k()[1].ReLU())
    for shape, r in (((1, 4, 4, 8), (-2.0, 8.0)), ((1, 10), (-1.0, 4.0)),
                     ((1, 3, 5, 7), (-7.0, 7.0))):
        act_case("RELU6", "relu6", shape, r, lambda: _k()[1].ReLU(6.0))
    return cases


def pool_cases():
    grid = [
        ((1, 8, 8, 4), (2, 2), (2, 2), "valid"),
        ((1, 9, 9, 5), (3, 3), (2, 2), "same"),
        ((1, 6, 7, 3), (3, 3), (1, 1), "same"),
        ((1, 5, 5, 6), (2, 2), (1, 1), "valid"),
        ((1, 9, 9, 2), (3, 3), (3, 3), "valid"),
        ((1, 7, 8, 3), (2, 3), (1, 2), "same"),
        ((1, 8, 8, 5), (2, 2), (2, 2), "same"),
        ((1, 16, 16, 16), (3, 3), (2, 2), "same"),
    ]
    cases = []
    for op, prefix, cls, ranges in (
            ("MAX_POOL_2D", "max_pool2d", "MaxPooling2D", [(-1.0, 1.0), (-3.0, 5.0)]),
            ("AVERAGE_POOL_2D", "average_pool2d", "AveragePooling2D",
             [(-2.0, 2.0), (0.0, 6.0), (-4.0, 1.0)])):
        for i, (shape, p, s, pad) in enumerate(grid):
            pt = f"p{p[0]}" if p[0] == p[1] else f"p{p[0]}x{p[1]}"
            st = f"s{s[0]}" if s[0] == s[1] else f"s{s[0]}x{s[1]}"

            def layer(cls=cls, p=p, s=s, pad=pad):
                return getattr(_k()[1], cls)(p, strides=s, padding=pad)
            cases.append(Case(f"{prefix}_int8_{dims(shape)}_{pt}{st}_{pad}", op,
                              single(shape, layer), [ranges[i % len(ranges)]]))
    return cases


def mean_cases():
    cases = []
    for shape, keep, r in (((1, 4, 4, 8), False, (-1.0, 2.0)),
                           ((1, 5, 3, 6), True, (-3.0, 1.0)),
                           ((1, 16, 16, 5), False, (0.0, 4.0))):
        cases.append(Case(
            f"mean_int8_{dims(shape)}_axes1x2" + ("_keepdims" if keep else ""),
            "MEAN", single(shape, lambda k=keep: _k()[1].GlobalAveragePooling2D(keepdims=k)),
            [r]))
    for shape, axes, keep, r in (((1, 4, 4, 8), [3], True, (-2.0, 2.0)),
                                 ((1, 6, 4, 3), [1], False, (-1.0, 3.0)),
                                 ((1, 4, 6, 5), [2], True, (-4.0, 4.0))):
        def build(shape=shape, axes=axes, keep=keep):
            keras, _ = _k()
            x = keras.Input(shape[1:], batch_size=shape[0], name="input")
            y = keras.ops.mean(x, axis=axes, keepdims=keep)
            return keras.Model(x, y), {"op": "keras.ops.mean", "axis": axes,
                                       "keepdims": keep}
        cases.append(Case(f"mean_int8_{dims(shape)}_axes{'x'.join(map(str, axes))}"
                          + ("_keepdims" if keep else ""), "MEAN", build, [r]))
    # SUM (keras.ops.sum) and REDUCE_MAX (keras.ops.max) over the same grid.
    for op, fn in (("SUM", "sum"), ("REDUCE_MAX", "max")):
        for shape, axes, keep, r in (((1, 4, 4, 8), [1, 2], False, (-1.0, 2.0)),
                                     ((1, 4, 4, 8), [3], True, (-2.0, 2.0)),
                                     ((1, 6, 4, 3), [1], False, (-1.0, 3.0)),
                                     ((1, 4, 6, 5), [2], True, (0.0, 4.0)),
                                     ((1, 10), [1], True, (-3.0, 1.0))):
            def build(shape=shape, axes=axes, keep=keep, fn=fn):
                keras, _ = _k()
                x = keras.Input(shape[1:], batch_size=shape[0], name="input")
                y = getattr(keras.ops, fn)(x, axis=axes, keepdims=keep)
                return keras.Model(x, y), {"op": f"keras.ops.{fn}", "axis": axes,
                                           "keepdims": keep}
            cases.append(Case(f"{op.lower()}_int8_{dims(shape)}_axes{'x'.join(map(str, axes))}"
                              + ("_keepdims" if keep else ""), op, build, [r],
                              kernels=BUILTIN if op == "SUM" else "BUILTIN_REF",
                              note=("LiteRT's BUILTIN_REF SUM gives other bytes (mostly -1, "
                                    "unlike its float formula); these are its builtin kernel's"
                                    if op == "SUM" else None)))
    return cases


def shape_cases():
    cases = []
    for shape, target, r in (((1, 4, 4, 3), None, (-1.0, 1.0)),
                             ((1, 2, 3, 4), (6, 4), (-2.0, 3.0)),
                             ((1, 24), (2, 3, 4), (0.0, 5.0)),
                             ((1, 4, 4, 8), (16, 8), (-3.0, 1.0))):
        if target is None:
            layer, to = (lambda: _k()[1].Flatten()), (1, int(np.prod(shape)))
        else:
            layer, to = (lambda t=target: _k()[1].Reshape(t)), (1,) + target
        cases.append(Case(f"reshape_int8_{dims(shape)}_to_{dims(to)}", "RESHAPE",
                          single(shape, layer), [r]))

    def concat(shapes, axis, ranges, name, edit=None):
        def build():
            keras, L = _k()
            xs = [keras.Input(s[1:], batch_size=s[0], name=f"input{i}")
                  for i, s in enumerate(shapes)]
            return keras.Model(xs, L.Concatenate(axis=axis)(xs))
        cases.append(Case(name, "CONCATENATION", build, ranges, edit=edit))
    concat([(1, 4, 4, 3), (1, 4, 4, 5)], 3, [(-1.0, 1.0)] * 2,
           "concatenation_int8_1x4x4x3_1x4x4x5_axis3")
    concat([(1, 2, 4, 3), (1, 3, 4, 3)], 1, [(-2.0, 3.0)] * 2,
           "concatenation_int8_1x2x4x3_1x3x4x3_axis1")
    concat([(1, 3, 2, 4), (1, 3, 5, 4), (1, 3, 1, 4)], 2, [(-1.0, 2.0)] * 3,
           "concatenation_int8_1x3x2x4_1x3x5x4_1x3x1x4_axis2")
    concat([(1, 4, 4, 3), (1, 4, 4, 5)], 3, [(-1.0, 1.0), (-4.0, 6.0)],
           "concatenation_int8_1x4x4x3_1x4x4x5_axis3_mixedcalib")
    concat([(1, 6), (1, 10)], 1, [(-0.5, 0.5), (-8.0, 2.0)],
           "concatenation_int8_1x6_1x10_axis1_mixedcalib")

    # No Concatenation whose inputs' parameters differ from the output's:
    # the converter always gives all of them the same parameters, and
    # LiteRT's int8 CONCATENATION refuses anything else
    # ("concatenation.cc: t->params.scale != output->params.scale").

    for shape, pad, r in (((1, 4, 4, 3), 1, (-1.0, 1.0)),
                          ((1, 5, 3, 2), ((1, 2), (0, 3)), (-1.0, 3.0)),
                          ((1, 3, 3, 4), ((2, 0), (1, 1)), (0.5, 4.0)),
                          ((1, 6, 5, 3), ((0, 1), (0, 1)), (-5.0, -1.0))):
        tag = (f"p{pad}" if isinstance(pad, int)
               else "p" + "x".join(str(v) for pr in pad for v in pr))
        cases.append(Case(f"pad_int8_{dims(shape)}_{tag}", "PAD",
                          single(shape, lambda p=pad: _k()[1].ZeroPadding2D(p)), [r]))
    for shape, dims_, r in (((1, 2, 3, 4), (3, 1, 2), (-1.0, 1.0)),
                            ((1, 2, 3, 4), (2, 1, 3), (-2.0, 5.0)),
                            ((1, 3, 4, 5), (3, 2, 1), (0.0, 2.0)),
                            ((1, 4, 6), (2, 1), (-3.0, 1.0))):
        perm = "x".join(str(d) for d in (0,) + dims_)
        cases.append(Case(f"transpose_int8_{dims(shape)}_perm{perm}", "TRANSPOSE",
                          single(shape, lambda d=dims_: _k()[1].Permute(d)), [r]))
    return cases


def gather_cases():
    """GATHER as Keras' Embedding makes it: int32 token ids (a graph
    input) picking rows of a constant int8 table quantized per tensor over
    its own range, the output sharing the table's parameters."""
    cases = []
    for tokens, vocab, width in (((1, 6), 10, 4), ((1, 16), 50, 8), ((2, 3), 7, 5)):
        def build(tokens=tokens, vocab=vocab, width=width):
            keras, L = _k()
            x = keras.Input(tokens[1:], batch_size=tokens[0], dtype="int32", name="tokens")
            return keras.Model(x, L.Embedding(vocab, width)(x))
        # Keras wraps negative ids first (LESS, ADD, SELECT): cut GATHER out.
        cases.append(Case(f"gather_int8_{vocab}x{width}_{dims(tokens)}", "GATHER", build,
                          [(0, vocab - 1)], cut=True))
    return cases


def edge_layer(shape):
    """A layer that keeps its input's quantization (so the edge ops stay)."""
    _, L = _k()
    if len(shape) == 4:
        return lambda: L.MaxPooling2D(2, strides=1, padding="same")
    if len(shape) == 3:
        return lambda: L.Permute((2, 1))
    return lambda: L.Reshape((2, shape[1] // 2))


def edge_cases():
    cases = []
    for op, prefix in (("QUANTIZE", "quantize_float32_to_int8"),
                       ("DEQUANTIZE", "dequantize_int8_to_float32")):
        for shape, r in (((1, 4, 4, 3), (-1.0, 1.0)), ((1, 10), (-2.0, 6.0)),
                         ((1, 5, 3, 7), (0.0, 3.0)), ((2, 3, 4), (-10.0, 1.0))):
            cases.append(Case(
                f"{prefix}_{dims(shape)}", op, single(shape, edge_layer(shape)),
                [r], float_io=True,
                note=f"{op} cut out of a float-interface model around a "
                     "MaxPool2D/Reshape/Transpose"))
    return cases


def all_cases():
    cases = (conv_cases() + depthwise_cases() + fc_cases()
             + binary_cases("ADD") + binary_cases("SUB") + binary_cases("MUL")
             + binary_cases("MAXIMUM") + binary_cases("MINIMUM") + binary_cases("DIV")
             + binary_cases("SQUARED_DIFFERENCE") + batch_matmul_cases() + gelu_cases()
             + log_softmax_cases()
             + unary_cases() + pool_cases() + mean_cases() + shape_cases()
             + gather_cases() + edge_cases())
    names = [c.name for c in cases]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise SystemExit(f"duplicate case names: {sorted(dup)}")
    return cases


# ---------------------------------------------------------------------------


def write_readme(written, skipped, versions):
    by_op = {}
    for doc in written:
        by_op.setdefault(doc["op"], []).append(doc)
    total = sum((OUT / f"{d['name']}.json").stat().st_size for d in written)
    lines = [
        "# LiteRT int8 op fixtures",
        "",
        "One operator per file, as LiteRT's converter quantized it, with LiteRT's",
        "output from its reference kernels (`OpResolverType.BUILTIN_REF`). The",
        "format is `FORMAT.md`. Made by `tools/make_litert_int8_fixtures.py`",
        f"({versions}); rerun it to regenerate (same bytes on the same build):",
        "",
        "```sh",
        "bash tools/venv.sh",
        ".venv/bin/python tools/make_litert_int8_fixtures.py",
        "```",
        "",
        "Each case is a one-layer Keras model with seeded random weights (per",
        "output channel spread, non-zero biases), converted to full-integer int8",
        "(int8 input and output; representative data is seeded uniform noise",
        "over the range in `x-calibration-ranges`), checked to hold exactly one",
        "operator of the expected type, and run on a seeded random int8 input",
        "that covers [-128, 127]. Options, tensors, quantization and constants",
        "come from the converted flatbuffer; `x-keras` holds the Keras layer",
        "config for debugging. `x-default-kernels-max-diff` is the largest",
        "difference between LiteRT's default (optimized) kernels and the",
        "reference output stored here (int8 LSB; float for DEQUANTIZE).",
        "",
        "Where a case is not simply \"convert one layer\" the file says so",
        "(`x-note`, `x-edited`), and the table below marks it (cut) / (edited):",
        "",
        "- QUANTIZE / DEQUANTIZE only occur at the edges of a float-interface",
        "  model: each is cut out of one (the edge op around a",
        "  MaxPool2D/Reshape/Transpose) into a one-op model with the same",
        "  tensors. QUANTIZE inputs include exact half-step ties and values",
        "  outside the range (saturation).",
        "- ADD of `x` and a `[1, ..., 1, C]` operand converts as RESHAPE to",
        "  `[C]` + ADD; those cases are the ADD cut out, and their names give",
        "  the ADD's own shapes (`add_int8_1x4x4x8_8`). SUB and MUL stay one op.",
        "- `_wideout`: fused activations never clamp in converted models (the",
        "  calibrated output range ends where RELU/RELU6/RELU_N1_TO_1 does), so",
        "  these copies widen the output range (scale x2.5, zero point 0) and,",
        "  for RELU6, scale the filter and bias scales up so values pass 6.",
        "- `_nullbias` (DEPTHWISE_CONV_2D): Keras `use_bias=False` still converts",
        "  with a zero bias tensor; these drop the bias input. LiteRT's int8",
        "  CONV_2D refuses a missing bias, so there is no such CONV_2D case;",
        "  LiteRT's default kernels (XNNPACK) crash on it, so",
        "  `x-default-kernels-max-diff` is null there.",
        "- Softmax with beta ≠ 1 (`_beta0p5`, `_beta2p0`): beta set in the",
        "  options after conversion (Keras has no beta).",
        "- Concatenation: the converter gives all inputs the output's",
        "  parameters even when their calibration ranges differ (`_mixedcalib`),",
        "  and LiteRT's int8 CONCATENATION refuses differing ones, so there is",
        "  no case with differing parameters.",
        "",
        f"{len(written)} cases, {total / 1e6:.2f} MB.",
        "",
        "| op | cases |",
        "| --- | --- |",
    ]
    for op, docs in sorted(by_op.items()):
        lines.append(f"| `{op}` | {len(docs)} |")
    lines += ["", "## Cases", "", "| file | op | inputs → output | options |",
              "| --- | --- | --- | --- |"]
    for doc in sorted(written, key=lambda d: d["name"]):
        ins = ", ".join(
            "null" if t is None else
            ("const " if t.get("const") else "") + dims(t["shape"])
            + ("" if t["type"] == "INT8" else f" {t['type'].lower()}")
            for t in doc["inputs"])
        out = doc["outputs"][0]
        outs = dims(out["shape"]) + ("" if out["type"] == "INT8"
                                     else f" {out['type'].lower()}")
        opts = ", ".join(f"{k}={v}" for k, v in doc["options"].items()
                         if v not in ([], None))
        if "x-edited" in doc:
            opts += " (edited)"
        if "x-note" in doc:
            opts += " (cut)"
        lines.append(f"| `{doc['name']}.json` | {doc['op']} | {ins} → {outs} | {opts} |")
    if skipped:
        lines += ["", "## Skipped", "",
                  "Cases of the grid the converter did not turn into one op:", ""]
        lines += [f"- `{n}`: {why}" for n, why in skipped]
    (OUT / "README.md").write_text("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--only", help="only cases whose name contains this")
    ap.add_argument("--list", action="store_true", help="list case names and exit")
    args = ap.parse_args()
    cases = all_cases()
    if args.only:
        cases = [c for c in cases if args.only in c.name]
    if args.list:
        print("\n".join(f"{c.op:18} {c.name}" for c in cases))
        return 0

    import tensorflow as tf
    import keras

    tf.get_logger().setLevel("ERROR")
    import importlib.metadata as md
    versions = (f"TensorFlow {tf.__version__}, Keras {keras.__version__}, "
                f"ai-edge-litert {md.version('ai-edge-litert')}, numpy {np.__version__}")
    print(versions)
    OUT.mkdir(parents=True, exist_ok=True)
    if not args.only:
        for old in OUT.glob("*.json"):
            old.unlink()
    written, skipped, diffs = [], [], []
    start = time.time()
    for i, case in enumerate(cases):
        try:
            doc = make_case(case)
        except Skip as e:
            skipped.append((case.name, str(e)))
            print(f"[{i + 1}/{len(cases)}] SKIP {case.name}: {e}", flush=True)
            continue
        (OUT / f"{case.name}.json").write_text(dump_case(doc))
        written.append(doc)
        d = doc["x-default-kernels-max-diff"]
        diffs.append((case.op, d))
        print(f"[{i + 1}/{len(cases)}] {case.name}: default-vs-ref max diff {d}",
              flush=True)
    print(f"\n{len(written)} written, {len(skipped)} skipped, "
          f"{time.time() - start:.0f} s")
    by_op = {}
    for op, d in diffs:
        by_op.setdefault(op, []).append(d)
    for op, ds in sorted(by_op.items()):
        run_ = [d for d in ds if d is not None]
        nz = sum(1 for d in run_ if d)
        print(f"  {op:18} {len(ds):3} cases, default vs ref: max "
              f"{max(run_) if run_ else '-'}, {nz} case(s) differ"
              + (f", {len(ds) - len(run_)} not run" if len(run_) < len(ds) else ""))
    for name, why in skipped:
        print(f"  skipped {name}: {why}")
    if not args.only:
        write_readme(written, skipped, versions)
        total = sum(p.stat().st_size for p in OUT.glob("*.json"))
        print(f"total {total / 1e6:.2f} MB in {len(written)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
