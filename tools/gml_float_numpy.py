#!/usr/bin/env python3
# tools/gml_float_numpy.py — loads, checks and evaluates gml-float v1 models with plain NumPy.
#
# The reference the Python tools compare Keras against: it reads every form of
# docs/gml-float.md (JSON + .bin, JSON + .npz, single .npz/.gmz
# archive, inline "data", .json.gz), checks the document against the spec's
# rules, and runs the graph in float64 with TFLite conventions ("same" puts the
# odd pixel at the bottom/right; "same" average pooling divides by the number
# of real pixels). Needs only numpy.
#
# Usage:
#   python3 tools/gml_float_numpy.py MODEL --input X.npy [--input ...]
#       [--output Y.npy] [--expected E.npy] [--tolerance 1e-5]
# MODEL is a .json, .json.gz, .npz or .gmz file. X is batch 1 (the model's
# input shape) or batch N (run one sample at a time, results stacked).
# Exit code 1 when --expected differs by more than the tolerance or the model
# is invalid.
import argparse
import gzip
import io
import json
import math
import pathlib
import sys
import zipfile

import numpy as np

ACTIVATIONS = ("none", "relu", "relu6", "relu_n1_to_1", "tanh", "sigmoid", "hard_swish")
DTYPES = {"float32": "<f4", "float16": "<f2", "int32": "<i4", "int64": "<i8"}
TOP_LEVEL = {"format", "version", "name", "weights", "inputs", "outputs", "tensors", "nodes"}

CONV_ATTRS = {"strides", "padding", "dilations", "activation"}
POOL_ATTRS = {"pool_size", "strides", "padding"}
# Elementwise functions of one tensor (gml's UnaryFunction ops).
UNARY = {
    "Elu": lambda v: np.where(v >= 0, v, np.expm1(np.minimum(v, 0))),
    "Exp": np.exp,
    "Log": np.log,
    "Sqrt": np.sqrt,
    "Rsqrt": lambda v: 1.0 / np.sqrt(v),
    "Abs": np.abs,
    "Neg": np.negative,
}

# op -> (allowed input counts, allowed attrs)
OPS = {
    "Conv2D": ((2, 3), CONV_ATTRS),
    "DepthwiseConv2D": ((2, 3), CONV_ATTRS | {"depth_multiplier"}),
    "Conv2DTranspose": ((2, 3), CONV_ATTRS),
    "Dense": ((2, 3), {"activation"}),
    "BatchNorm": ((5,), {"epsilon"}),
    "LayerNorm": ((3,), {"epsilon"}),
    "Add": ((2,), {"activation"}),
    "Sub": ((2,), {"activation"}),
    "Mul": ((2,), {"activation"}),
    "Div": ((2,), {"activation"}),
    "Maximum": ((2,), set()),
    "Minimum": ((2,), set()),
    "SquaredDifference": ((2,), set()),
    "Pow": ((2,), set()),
    "Relu": ((1,), set()),
    "Relu6": ((1,), set()),
    "Sigmoid": ((1,), set()),
    "Tanh": ((1,), set()),
    "HardSwish": ((1,), set()),
    "LeakyRelu": ((1,), {"alpha"}),
    "PRelu": ((2,), set()),
    "Softmax": ((1,), {"axis", "beta"}),
    "Gelu": ((1,), {"approximate"}),
    "LogSoftmax": ((1,), set()),
    "MatMul": ((2,), {"transpose_a", "transpose_b"}),
    "LSTM": ((3, 4), {"return_sequences", "activation", "cell_clip"}),
    "GRU": ((3, 4), {"return_sequences", "activation"}),
    "MaxPool2D": ((1,), POOL_ATTRS),
    "AvgPool2D": ((1,), POOL_ATTRS),
    "Mean": ((1,), {"axes", "keepdims"}),
    "Sum": ((1,), {"axes", "keepdims"}),
    "ReduceMax": ((1,), {"axes", "keepdims"}),
    "Reshape": ((1,), {"shape"}),
    "Flatten": ((1,), set()),
    "Concat": (None, {"axis"}),
    "Pad": ((1,), {"paddings", "value"}),
    "Transpose": ((1,), {"perm"}),
    "Tile": ((1,), {"multiples"}),
    "StridedSlice": ((1,), {"begin", "end", "strides"}),
    "Gather": ((2,), {"axis"}),
    "ResizeBilinear": ((1,), {"size", "align_corners", "half_pixel_centers"}),
    "ResizeNearestNeighbor": ((1,), {"size", "align_corners", "half_pixel_centers"}),
    "Dropout": ((1,), set()),
    "Identity": ((1,), set()),
    # the functions of one tensor, without attributes
    **{name: ((1,), set()) for name in UNARY},
}


class GMLFloatError(Exception):
    """A spec violation, named by file and JSON path."""


class Model:
    """A loaded gml-float document and its constants (as float64 arrays)."""

    def __init__(self, doc, constants, source):
        self.doc = doc
        self.constants = constants
        self.source = source

    @property
    def input_shapes(self):
        return [tuple(i["shape"]) for i in self.doc["inputs"]]


# ---------------------------------------------------------------- loading


def load(path):
    """Loads and checks a model from a .json, .json.gz, .npz or .gmz file."""
    path = pathlib.Path(path)
    if path.suffix in (".npz", ".gmz"):
        with zipfile.ZipFile(path) as z:
            doc = _parse_json(z.read("model.json"), f"{path}!model.json")
            archive = {n[:-4]: _read_npy(z.read(n)) for n in z.namelist() if n.endswith(".npy")}
        return _build(doc, f"{path}!model.json", archive=archive)
    raw = path.read_bytes()
    if path.name.endswith(".gz"):
        raw = gzip.decompress(raw)
    doc = _parse_json(raw, str(path))
    return _build(doc, str(path), base=path.parent)


def _parse_json(raw, where):
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise GMLFloatError(f"{where}: error: not a UTF-8 JSON document: {e}") from None


def _read_npy(raw):
    return np.lib.format.read_array(io.BytesIO(raw), allow_pickle=False)


def _fail(where, path, what):
    raise GMLFloatError(f"{where}:{path}: error: {what}")


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _shape(v, where, path, allow_minus_one=False):
    ok = isinstance(v, list) and all(_is_int(d) and (d > 0 or (allow_minus_one and d == -1)) for d in v)
    if not ok:
        _fail(where, path, "expected a list of positive integers")
    return v


def _extension_ok(keys, allowed, where, path):
    for k in keys:
        if k not in allowed and not k.startswith("x-"):
            _fail(where, f"{path}.{k}" if path else k, "unknown key (extensions start with 'x-')")


def _weights_source(doc, where, base):
    w = doc.get("weights")
    if w is None:
        return None
    if not isinstance(w, str) or w.startswith("/") or ".." in pathlib.PurePosixPath(w).parts:
        _fail(where, "weights", "expected a relative path inside the model's folder")
    if base is None:
        _fail(where, "weights", "an archive's model.json names no weights file")
    p = base / w
    if w.endswith(".npz"):
        with zipfile.ZipFile(p) as z:
            return {n[:-4]: _read_npy(z.read(n)) for n in z.namelist() if n.endswith(".npy")}
    return p.read_bytes()


def _build(doc, where, base=None, archive=None):
    if not isinstance(doc, dict):
        _fail(where, "", "expected a JSON object")
    _extension_ok(doc.keys(), TOP_LEVEL, where, "")
    if doc.get("format") != "gml-float":
        _fail(where, "format", "expected \"gml-float\"")
    if doc.get("version") != 1 or not _is_int(doc.get("version")):
        _fail(where, "version", "expected 1")
    if not isinstance(doc.get("name"), str):
        _fail(where, "name", "expected a string")
    weights = archive if archive is not None else _weights_source(doc, where, base)

    names = set()
    inputs = doc.get("inputs")
    if not isinstance(inputs, list) or not inputs:
        _fail(where, "inputs", "expected a non-empty list")
    for i, inp in enumerate(inputs):
        p = f"inputs[{i}]"
        if not isinstance(inp, dict):
            _fail(where, p, "expected an object")
        _extension_ok(inp.keys(), {"name", "shape", "dtype"}, where, p)
        if not isinstance(inp.get("name"), str) or inp["name"] in names:
            _fail(where, f"{p}.name", "expected a unique string")
        names.add(inp["name"])
        _shape(inp.get("shape"), where, f"{p}.shape")
        if inp.get("dtype", "float32") not in ("float32", "int32"):
            _fail(where, f"{p}.dtype", "expected \"float32\" or \"int32\"")

    constants = {}
    tensors = doc.get("tensors", {})
    if not isinstance(tensors, dict):
        _fail(where, "tensors", "expected an object")
    for name, t in tensors.items():
        p = f"tensors.{name}"
        if name in names:
            _fail(where, p, "name already used")
        names.add(name)
        constants[name] = _constant(t, weights, where, p)

    nodes = doc.get("nodes")
    if not isinstance(nodes, list):
        _fail(where, "nodes", "expected a list")
    node_names = set()
    for i, n in enumerate(nodes):
        p = f"nodes[{i}]"
        if not isinstance(n, dict):
            _fail(where, p, "expected an object")
        _extension_ok(n.keys(), {"name", "op", "inputs", "outputs", "attrs"}, where, p)
        if not isinstance(n.get("name"), str) or n["name"] in node_names:
            _fail(where, f"{p}.name", "expected a unique string")
        node_names.add(n["name"])
        if n.get("op") not in OPS:
            _fail(where, f"{p}.op", f"unknown op {n.get('op')!r}")
        counts, allowed = OPS[n["op"]]
        ins, outs = n.get("inputs"), n.get("outputs")
        if not isinstance(ins, list) or not all(isinstance(s, str) for s in ins):
            _fail(where, f"{p}.inputs", "expected a list of names")
        if (counts is not None and len(ins) not in counts) or (counts is None and not ins):
            _fail(where, f"{p}.inputs", f"{n['op']} takes {counts or 'one or more'} inputs")
        if not isinstance(outs, list) or len(outs) != 1 or not isinstance(outs[0], str):
            _fail(where, f"{p}.outputs", "expected one output name")
        if outs[0] in names:
            _fail(where, f"{p}.outputs[0]", f"tensor '{outs[0]}' is produced twice")
        names.add(outs[0])
        attrs = n.get("attrs", {})
        if not isinstance(attrs, dict):
            _fail(where, f"{p}.attrs", "expected an object")
        _extension_ok(attrs.keys(), allowed, where, f"{p}.attrs")
        if attrs.get("activation", "none") not in ACTIVATIONS:
            _fail(where, f"{p}.attrs.activation", f"expected one of {ACTIVATIONS}")
    for i, n in enumerate(nodes):
        for j, s in enumerate(n["inputs"]):
            if s not in names:
                _fail(where, f"nodes[{i}].inputs[{j}]", f"tensor '{s}' is never defined")
    outputs = doc.get("outputs")
    if not isinstance(outputs, list) or not outputs:
        _fail(where, "outputs", "expected a non-empty list of names")
    for i, o in enumerate(outputs):
        if o not in names:
            _fail(where, f"outputs[{i}]", f"tensor '{o}' is never defined")
    return Model(doc, constants, where)


def _constant(t, weights, where, p):
    if not isinstance(t, dict):
        _fail(where, p, "expected an object")
    _extension_ok(t.keys(), {"shape", "dtype", "offset", "length", "array", "data"}, where, p)
    shape = t.get("shape")
    if not (isinstance(shape, list) and all(_is_int(d) and d > 0 for d in shape)):
        _fail(where, f"{p}.shape", "expected a list of positive integers")
    dtype = t.get("dtype", "float32")
    if dtype not in DTYPES:
        _fail(where, f"{p}.dtype", f"expected one of {tuple(DTYPES)}")
    count = int(np.prod(shape, dtype=np.int64))
    sources = [k for k in ("offset", "array", "data") if k in t]
    if len(sources) != 1 or (("offset" in t) != ("length" in t)):
        _fail(where, p, "expected exactly one of offset+length, array, data")
    if "data" in t:
        data = t["data"]
        if not isinstance(data, list) or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in data):
            _fail(where, f"{p}.data", "expected a flat list of numbers")
        if len(data) != count:
            _fail(where, f"{p}.data", f"expected {count} numbers, found {len(data)}")
        arr = np.array(data, dtype=np.float64).astype(DTYPES[dtype]).reshape(shape)
    elif "array" in t:
        if not isinstance(weights, dict):
            _fail(where, f"{p}.array", "the weights are not a .npz archive")
        if t["array"] not in weights:
            _fail(where, f"{p}.array", f"no array '{t['array']}.npy' in the archive")
        arr = weights[t["array"]]
        if list(arr.shape) != shape or arr.dtype != np.dtype(DTYPES[dtype]):
            _fail(where, f"{p}.array", f"array is {arr.dtype}{list(arr.shape)}, expected {dtype}{shape}")
    else:
        off, length = t["offset"], t["length"]
        if not isinstance(weights, bytes):
            _fail(where, f"{p}.offset", "the weights are not a raw file")
        if not (_is_int(off) and _is_int(length) and off >= 0 and off + length <= len(weights)):
            _fail(where, f"{p}.offset", "range outside the weights file")
        if length != count * np.dtype(DTYPES[dtype]).itemsize:
            _fail(where, f"{p}.length", f"expected {count * np.dtype(DTYPES[dtype]).itemsize} bytes")
        arr = np.frombuffer(weights, DTYPES[dtype], count, off).reshape(shape)
    return arr.astype(np.float64)


# ---------------------------------------------------------------- evaluation


def evaluate(model, *inputs):
    """Runs the model on batch-1 inputs; returns the outputs in order (float64)."""
    env = dict(model.constants)
    for spec, x in zip(model.doc["inputs"], inputs, strict=True):
        x = np.asarray(x, np.float64)
        if list(x.shape) != spec["shape"]:
            raise ValueError(f"input '{spec['name']}' is {list(x.shape)}, expected {spec['shape']}")
        env[spec["name"]] = x
    pending = list(model.doc["nodes"])
    while pending:  # nodes may come in any order
        ready = [n for n in pending if all(s in env for s in n["inputs"])]
        if not ready:
            raise GMLFloatError(f"{model.source}: error: cycle among {[n['name'] for n in pending]}")
        for n in ready:
            args = [env[s] for s in n["inputs"]]
            env[n["outputs"][0]] = _KERNELS[n["op"]](args, n.get("attrs", {}))
            pending.remove(n)
    return [env[o] for o in model.doc["outputs"]]


def run_batch(model, x):
    """Runs a single-input model over the batch of `x`, one sample at a time."""
    shape = model.input_shapes[0]
    if x.shape == shape:
        return evaluate(model, x)[0]
    return np.concatenate([evaluate(model, x[i : i + 1])[0] for i in range(x.shape[0])])


def activation(x, name):
    if name in (None, "none"):
        return x
    return {
        "relu": lambda v: np.maximum(v, 0.0),
        "relu6": lambda v: np.clip(v, 0.0, 6.0),
        "relu_n1_to_1": lambda v: np.clip(v, -1.0, 1.0),
        "tanh": np.tanh,
        "sigmoid": lambda v: 1.0 / (1.0 + np.exp(-v)),
        "hard_swish": lambda v: v * np.clip(v + 3.0, 0.0, 6.0) / 6.0,
    }[name](x)




def _pads(padding, size, kernel, stride, dilation):
    """[[top, bottom], [left, right]] for a window over an H×W input."""
    if isinstance(padding, list):
        return padding
    if padding == "valid":
        return [[0, 0], [0, 0]]
    pads = []
    for n, k, s, d in zip(size, kernel, stride, dilation):
        out = -(-n // s)
        total = max((out - 1) * s + (k - 1) * d + 1 - n, 0)
        pads.append([total // 2, total - total // 2])  # odd pixel bottom/right
    return pads


def _windows(x, kernel, strides, dilations, pads, fill):
    """Yields (ky, kx, slice [N, OH, OW, C]) over the padded input."""
    xp = np.pad(x, [[0, 0], pads[0], pads[1], [0, 0]], constant_values=fill)
    (kh, kw), (sh, sw), (dh, dw) = kernel, strides, dilations
    oh = (xp.shape[1] - (kh - 1) * dh - 1) // sh + 1
    ow = (xp.shape[2] - (kw - 1) * dw - 1) // sw + 1
    for ky in range(kh):
        for kx in range(kw):
            y0, x0 = ky * dh, kx * dw
            yield ky, kx, xp[:, y0 : y0 + (oh - 1) * sh + 1 : sh, x0 : x0 + (ow - 1) * sw + 1 : sw, :]


def _conv(args, a, depthwise):
    x, w = args[0], args[1]
    strides, dil = a.get("strides", [1, 1]), a.get("dilations", [1, 1])
    kernel = w.shape[1:3]
    pads = _pads(a.get("padding", "valid"), x.shape[1:3], kernel, strides, dil)
    if depthwise:
        mult = a.get("depth_multiplier", 1)
        assert w.shape[0] == 1 and w.shape[3] == x.shape[3] * mult, "depthwise filter shape"
        x = np.repeat(x, mult, axis=3)  # output channel c*mult+m reads input channel c
    # Grouped: each run of out / groups filters reads one run of in / groups channels.
    cin, groups = w.shape[3], 1 if depthwise else x.shape[3] // w.shape[3]
    cout = w.shape[0] // groups
    acc = None
    for ky, kx, patch in _windows(x, kernel, strides, dil, pads, 0.0):
        if depthwise:
            term = patch * w[0, ky, kx]
        else:
            term = np.concatenate([patch[..., g * cin:(g + 1) * cin] @ w[g * cout:(g + 1) * cout, ky, kx, :].T
                                   for g in range(groups)], axis=-1)
        acc = term if acc is None else acc + term
    if len(args) == 3:
        acc = acc + args[2]
    return activation(acc, a.get("activation"))


def _transpose_conv(args, a):
    """Each input pixel times each filter tap, added at stride steps into the
    full output, then the "same" window cut out of it (TFLite's padding)."""
    x, w = args[0], args[1]
    sh, sw = a.get("strides", [1, 1])
    n, h, wd, _ = x.shape
    cout, kh, kw, _ = w.shape
    fh, fw = (h - 1) * sh + kh, (wd - 1) * sw + kw
    full = np.zeros((n, fh, fw, cout), np.float64)
    for ky in range(kh):
        for kx in range(kw):
            full[:, ky:ky + (h - 1) * sh + 1:sh, kx:kx + (wd - 1) * sw + 1:sw, :] += \
                x.astype(np.float64) @ w[:, ky, kx, :].T.astype(np.float64)
    if a.get("padding", "valid") == "same":
        oh, ow = h * sh, wd * sw
        top, left = max(fh - oh, 0) // 2, max(fw - ow, 0) // 2
        full = full[:, top:top + oh, left:left + ow, :]
    acc = full.astype(np.float32)
    if len(args) == 3:
        acc = acc + args[2]
    return activation(acc, a.get("activation"))


def _pool(args, a, kind):
    x = args[0]
    k = a["pool_size"]
    strides = a.get("strides", k)
    pads = _pads(a.get("padding", "valid"), x.shape[1:3], k, strides, [1, 1])
    if kind == "max":
        return np.max(np.stack([p for _, _, p in _windows(x, k, strides, [1, 1], pads, -np.inf)]), axis=0)
    total = sum(p for _, _, p in _windows(x, k, strides, [1, 1], pads, 0.0))
    count = sum(p for _, _, p in _windows(np.ones_like(x[:1, :, :, :1]), k, strides, [1, 1], pads, 0.0))
    return total / count  # padding is not counted (TFLite/TF)


def _batchnorm(args, a):
    x, gamma, beta, mean, var = args
    return (x - mean) / np.sqrt(var + a.get("epsilon", 0.001)) * gamma + beta


def _layernorm(args, a):
    x, gamma, beta = args
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + a.get("epsilon", 0.001)) * gamma + beta


def _dense(args, a):
    y = args[0] @ args[1].T
    if len(args) == 3:
        y = y + args[2]
    return activation(y, a.get("activation"))


def _softmax(args, a):
    x = args[0] * a.get("beta", 1.0)
    e = np.exp(x - np.max(x, axis=a.get("axis", -1), keepdims=True))
    return e / np.sum(e, axis=a.get("axis", -1), keepdims=True)


def _gelu(args, a):
    x = args[0].astype(np.float64)
    if a.get("approximate", False):
        y = 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))
    else:
        y = 0.5 * x * np.vectorize(math.erfc)(-x / np.sqrt(2))
    return y.astype(np.float32)


def _matmul(args, a):
    x, y = args
    if a.get("transpose_a", False):
        x = np.swapaxes(x, -1, -2)
    if a.get("transpose_b", False):
        y = np.swapaxes(y, -1, -2)
    return np.matmul(x, y)


def _lstm(args, a):
    """From zero states, per step z = W x + R h + b cut into the gates i, f,
    g, o (Keras' order): c = σ(f)·c + σ(i)·act(g), clipped to ±cell_clip
    when that is not 0, h = σ(o)·act(c). Every step's h, or the last."""
    x, w, r = args[:3]
    b = args[3] if len(args) == 4 else 0.0
    act, clip = a.get("activation", "tanh"), a.get("cell_clip", 0.0)
    units = r.shape[1]
    assert w.shape == (4 * units, x.shape[2]) and r.shape == (4 * units, units), "LSTM weight shapes"
    h = c = np.zeros((x.shape[0], units), np.float64)
    steps = []
    for t in range(x.shape[1]):
        i, f, g, o = np.split(x[:, t] @ w.T + h @ r.T + b, 4, axis=-1)
        c = activation(f, "sigmoid") * c + activation(i, "sigmoid") * activation(g, act)
        if clip:
            c = np.clip(c, -clip, clip)
        h = activation(o, "sigmoid") * activation(c, act)
        steps.append(h)
    return np.stack(steps, axis=1) if a.get("return_sequences", False) else h


def _gru(args, a):
    """From a zero state, per step (Keras' reset_after) the input's product
    W x + b and the state's R h + c, each cut into the gates z, r and the
    candidate (Keras' order): z = σ(x_z + h_z), r = σ(x_r + h_r),
    g = act(x_h + r·h_h), h = z·h + (1 − z)·g. Every step's h, or the last."""
    x, w, r = args[:3]
    b = args[3] if len(args) == 4 else np.zeros((2, w.shape[0]))
    act = a.get("activation", "tanh")
    units = r.shape[1]
    assert w.shape == (3 * units, x.shape[2]) and r.shape == (3 * units, units) and \
        b.shape == (2, 3 * units), "GRU weight shapes"
    h = np.zeros((x.shape[0], units), np.float64)
    steps = []
    for t in range(x.shape[1]):
        xz, xr, xh = np.split(x[:, t] @ w.T + b[0], 3, axis=-1)
        hz, hr, hh = np.split(h @ r.T + b[1], 3, axis=-1)
        z = activation(xz + hz, "sigmoid")
        g = activation(xh + activation(xr + hr, "sigmoid") * hh, act)
        h = z * h + (1 - z) * g
        steps.append(h)
    return np.stack(steps, axis=1) if a.get("return_sequences", False) else h


def _gather(args, a):
    """The table's slices along `axis` at the indices (which must be rows)."""
    table, indices = args
    axis = a.get("axis", 0) % table.ndim
    index = indices.astype(np.int64)
    if np.any(index != indices) or np.any(index < 0) or np.any(index >= table.shape[axis]):
        raise ValueError(f"Gather: an index outside 0..<{table.shape[axis]}")
    return np.take(table, index, axis=axis)


def _strided_slice(x, a):
    """x[begin:end:strides] per dimension, a negative bound counted from the end."""
    strides = a.get("strides", [1] * x.ndim)
    box = tuple(slice(b + n if b < 0 else b, e + n if e < 0 else e, s)
                for b, e, s, n in zip(a["begin"], a["end"], strides, x.shape))
    return x[box]


def _resize_coordinates(n_in, n_out, a):
    """Each output index's input coordinate along one axis (TFLite's rule)."""
    align = a.get("align_corners", False) and n_out > 1
    scale = (n_in - 1) / (n_out - 1) if align else n_in / n_out
    o = np.arange(n_out, dtype=np.float64)
    return (o + 0.5) * scale - 0.5 if a.get("half_pixel_centers", False) else o * scale


def _resize_bilinear(x, a):
    """The four pixels around each output pixel's input coordinate, weighted."""
    (h, w), out = x.shape[1:3], a["size"]
    ys, xs = _resize_coordinates(h, out[0], a), _resize_coordinates(w, out[1], a)
    y0, x0 = np.maximum(np.floor(ys), 0).astype(int), np.maximum(np.floor(xs), 0).astype(int)
    y1, x1 = np.minimum(np.ceil(ys), h - 1).astype(int), np.minimum(np.ceil(xs), w - 1).astype(int)
    dy, dx = (ys - y0)[None, :, None, None], (xs - x0)[None, None, :, None]
    rows0, rows1 = x[:, y0], x[:, y1]
    top = rows0[:, :, x0] * (1 - dx) + rows0[:, :, x1] * dx
    bottom = rows1[:, :, x0] * (1 - dx) + rows1[:, :, x1] * dx
    return top * (1 - dy) + bottom * dy


def _resize_nearest(x, a):
    """The input pixel nearest each output pixel's coordinate."""
    def index(n_in, n_out):
        align = a.get("align_corners", False) and n_out > 1
        half = a.get("half_pixel_centers", False)
        scale = (n_in - 1) / (n_out - 1) if align else n_in / n_out
        c = (np.arange(n_out) + (0.5 if half else 0.0)) * scale
        i = np.minimum(np.floor(c + 0.5) if align else np.floor(c), n_in - 1).astype(int)
        return np.maximum(i, 0) if half else i
    return x[:, index(x.shape[1], a["size"][0])][:, :, index(x.shape[2], a["size"][1])]


_KERNELS = {
    "Conv2D": lambda args, a: _conv(args, a, False),
    "DepthwiseConv2D": lambda args, a: _conv(args, a, True),
    "Conv2DTranspose": _transpose_conv,
    "Dense": _dense,
    "BatchNorm": _batchnorm,
    "LayerNorm": _layernorm,
    "Add": lambda args, a: activation(args[0] + args[1], a.get("activation")),
    "Sub": lambda args, a: activation(args[0] - args[1], a.get("activation")),
    "Mul": lambda args, a: activation(args[0] * args[1], a.get("activation")),
    "Div": lambda args, a: activation(args[0] / args[1], a.get("activation")),
    "Maximum": lambda args, a: np.maximum(args[0], args[1]),
    "Minimum": lambda args, a: np.minimum(args[0], args[1]),
    "SquaredDifference": lambda args, a: np.square(args[0] - args[1]),
    "Pow": lambda args, a: np.power(args[0], args[1]),
    "Relu": lambda args, a: activation(args[0], "relu"),
    "Relu6": lambda args, a: activation(args[0], "relu6"),
    "Sigmoid": lambda args, a: activation(args[0], "sigmoid"),
    "Tanh": lambda args, a: activation(args[0], "tanh"),
    "HardSwish": lambda args, a: activation(args[0], "hard_swish"),
    "LeakyRelu": lambda args, a: np.where(args[0] >= 0, args[0], args[0] * a.get("alpha", 0.2)),
    "PRelu": lambda args, a: np.where(args[0] >= 0, args[0], args[0] * args[1]),
    "Softmax": _softmax,
    "Gelu": _gelu,
    "LogSoftmax": lambda args, a: (lambda x: x - np.log(np.sum(np.exp(x), -1, keepdims=True)))(
        args[0] - np.max(args[0], -1, keepdims=True)),
    "MatMul": _matmul,
    "LSTM": _lstm,
    "GRU": _gru,
    "MaxPool2D": lambda args, a: _pool(args, a, "max"),
    "AvgPool2D": lambda args, a: _pool(args, a, "avg"),
    "Mean": lambda args, a: np.mean(args[0], axis=tuple(a["axes"]), keepdims=a.get("keepdims", False)),
    "Sum": lambda args, a: np.sum(args[0], axis=tuple(a["axes"]), keepdims=a.get("keepdims", False)),
    "ReduceMax": lambda args, a: np.max(args[0], axis=tuple(a["axes"]),
                                        keepdims=a.get("keepdims", False)),
    "Reshape": lambda args, a: args[0].reshape(a["shape"]),
    "Flatten": lambda args, a: args[0].reshape(args[0].shape[0], -1),
    "Concat": lambda args, a: np.concatenate(args, axis=a["axis"]),
    "Pad": lambda args, a: np.pad(args[0], a["paddings"], constant_values=a.get("value", 0.0)),
    "Transpose": lambda args, a: np.transpose(args[0], a["perm"]),
    "Tile": lambda args, a: np.tile(args[0], a["multiples"]),
    "StridedSlice": lambda args, a: _strided_slice(args[0], a),
    "Gather": lambda args, a: _gather(args, a),
    "ResizeBilinear": lambda args, a: _resize_bilinear(args[0], a),
    "ResizeNearestNeighbor": lambda args, a: _resize_nearest(args[0], a),
    "Dropout": lambda args, a: args[0],
    "Identity": lambda args, a: args[0],
    **{name: (lambda f: lambda args, a: f(args[0]))(f) for name, f in UNARY.items()},
}


def main(argv=None):
    ap = argparse.ArgumentParser(description="Evaluate a gml-float v1 model with NumPy.")
    ap.add_argument("model", help=".json, .json.gz, .npz or .gmz model")
    ap.add_argument("--input", action="append", required=True, help=".npy input (repeat per model input)")
    ap.add_argument("--output", help="write the first output here (.npy, float32)")
    ap.add_argument("--expected", help="compare the first output with this .npy")
    ap.add_argument("--tolerance", type=float, default=1e-5, help="max abs difference for --expected")
    args = ap.parse_args(argv)
    try:
        model = load(args.model)
    except GMLFloatError as e:
        print(e, file=sys.stderr)
        return 1
    xs = [np.load(p) for p in args.input]
    y = run_batch(model, xs[0]) if len(xs) == 1 else evaluate(model, *xs)[0]
    print(f"{args.model}: output {list(y.shape)}, first row {np.array2string(y.reshape(y.shape[0], -1)[0][:10], precision=5)}")
    if args.output:
        np.save(args.output, y.astype(np.float32))
    if args.expected:
        diff = float(np.max(np.abs(y - np.load(args.expected))))
        print(f"max abs difference vs {args.expected}: {diff:.3g}")
        if diff > args.tolerance:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
