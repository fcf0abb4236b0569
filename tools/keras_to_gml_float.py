#!/usr/bin/env python3
# tools/keras_to_gml_float.py — exports a Keras model to gml-float v1 (docs/gml-float.md).
#
# Usage:
#   python tools/keras_to_gml_float.py MODEL.keras OUT_DIR [--weights bin|npz]
#       [--deflate] [--stem model] [--name NAME]
# writes OUT_DIR/model.json and OUT_DIR/model.bin (or model.npz), then runs
# the export with tools/gml_float_numpy.py on seeded random inputs and
# checks it against Keras (max abs difference at most 1e-4 of the output's
# largest magnitude); when the check fails, nothing is left in OUT_DIR and
# the exit status is 1.
#
# As a module: `doc, arrays = to_gml_float(model)` gives the document (tensors
# without a storage key) and its constants; `write_json_model`,
# `write_archive` store them in any form the spec lists; `check_against_keras`
# is the proof used by train_digits.py and make_converter_fixtures.py.
#
# Needs TensorFlow with Keras 3 (tested with TF 2.21, Keras 3.15) and numpy.
# Sequential and functional models of the layers in LAYERS below and the
# keras.ops calls in OPERATIONS_* (arithmetic with constants, e.g. MobileNetV3's
# `ReLU(6.)(x + 3.) * (1. / 6.)`, and activations), batch 1, channels-last;
# Rescaling and Normalization (the input preprocessing keras.applications
# models start with) become Mul/Add/Sub by constant tensors; SeparableConv2D
# its two convolutions; Conv1D and the 1-D pools their 2-D ops over a
# one-row image between two Reshapes;
# anything else is refused with the layer's or operation's name, and nothing
# is written. Layers and operations are told apart by type, not by class
# name (keras.ops' Add and Multiply share the merge layers' names).
import argparse
import gzip
import io
import json
import os
import pathlib
import shutil
import sys
import tempfile
import zipfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")

import numpy as np  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import gml_float_numpy  # noqa: E402

# The self-check's bound, relative to the largest output magnitude (never
# below 1e-6 absolute): float32 sums in another order drift with the values.
TOLERANCE = 1e-4
# Keras activation function name -> gml `activation` attribute.
FUSABLE = {
    "linear": "none",
    "relu": "relu",
    "relu6": "relu6",
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "hard_silu": "hard_swish",
    "hard_swish": "hard_swish",
}


# Keras activation function name -> the gml op of its own that computes it.
SIMPLE_ACTIVATIONS = {"relu": "Relu", "relu6": "Relu6", "sigmoid": "Sigmoid", "tanh": "Tanh",
                      "hard_silu": "HardSwish", "hard_swish": "HardSwish", "elu": "Elu",
                      "exponential": "Exp"}


class ExportError(Exception):
    """A model the exporter cannot express in gml-float v1."""


class _Exporter:
    def __init__(self):
        self.inputs, self.nodes = [], []
        self.tensors, self.arrays = {}, {}
        self.tensor_names, self.node_names = set(), set()
        self.by_tensor = {}  # id(KerasTensor) -> gml tensor name
        self.layer_weights = {}  # id(layer) -> {role: tensor name}, for shared layers

    def unique(self, name, used):
        base, k = name, 1
        while name in used:
            name, k = f"{base}_{k}", k + 1
        used.add(name)
        return name

    def const(self, layer, role, array):
        cache = self.layer_weights.setdefault(id(layer), {})
        if role not in cache:
            name = self.unique(f"{layer.name}.{role}", self.tensor_names)
            array = np.ascontiguousarray(array, dtype=np.float32)
            self.tensors[name] = {"shape": [int(d) for d in array.shape], "dtype": "float32"}
            self.arrays[name] = array
            cache[role] = name
        return cache[role]

    def node(self, name, op, inputs, attrs, output=None):
        node_name = self.unique(name, self.node_names)
        out = self.unique(output or name, self.tensor_names)
        self.nodes.append({"name": node_name, "op": op, "inputs": list(inputs), "outputs": [out], "attrs": attrs})
        return out


def _np(variable):
    import keras

    return keras.ops.convert_to_numpy(variable).astype(np.float32)


def _pair(v):
    return [int(v), int(v)] if isinstance(v, int) else [int(x) for x in v]


def _activation_name(fn):
    name = getattr(fn, "__name__", None) or str(fn)
    return name


def _channels_last(layer):
    fmt = getattr(layer, "data_format", "channels_last")
    if fmt not in (None, "channels_last"):
        raise ExportError(f"layer '{layer.name}': data_format {fmt!r} (gml-float is NHWC: use channels_last)")


def _finish(ex, layer, out, act_fn):
    """Adds what a layer's activation needs beyond the fused `activation` attr."""
    name = _activation_name(act_fn)
    if name in FUSABLE:
        return out
    return _activation_nodes(ex, layer.name, out, name, layer.name)


def _activation_nodes(ex, base, x, name, output):
    """Nodes computing Keras activation `name` on tensor x; the last one writes `output`."""
    if name in SIMPLE_ACTIVATIONS:
        return ex.node(f"{base}.{name}", SIMPLE_ACTIVATIONS[name], [x], {}, output)
    if name == "linear":
        return ex.node(f"{base}.linear", "Identity", [x], {}, output)
    if name == "softmax":
        return ex.node(f"{base}.softmax", "Softmax", [x], {"axis": -1, "beta": 1.0}, output)
    if name == "leaky_relu":  # keras.activations.leaky_relu default slope
        return ex.node(f"{base}.leaky_relu", "LeakyRelu", [x], {"alpha": 0.2}, output)
    if name == "log_softmax":
        return ex.node(f"{base}.log_softmax", "LogSoftmax", [x], {}, output)
    if name == "gelu":  # keras.activations.gelu's default: the exact form
        return ex.node(f"{base}.gelu", "Gelu", [x], {"approximate": False}, output)
    if name in ("silu", "swish"):
        s = ex.node(f"{base}.sigmoid", "Sigmoid", [x], {}, f"{base}.sigmoid")
        return ex.node(f"{base}.silu", "Mul", [x, s], {"activation": "none"}, output)
    raise ExportError(f"layer '{base}': activation {name!r} has no gml-float v1 equivalent")


def _fused(layer):
    return FUSABLE.get(_activation_name(layer.activation), "none")


def _split_output(layer):
    """Output name of the layer's main node: the layer name unless more nodes follow."""
    return layer.name if _activation_name(layer.activation) in FUSABLE else f"{layer.name}.pre"


def _conv2d(ex, layer, ins):
    _channels_last(layer)
    # [kh,kw,in/groups,out] -> [out,kh,kw,in/groups]: a grouped filter reads fewer channels
    w = np.transpose(_np(layer.kernel), (3, 0, 1, 2))
    inputs = [ins[0], ex.const(layer, "w", w)]
    if layer.use_bias:
        inputs.append(ex.const(layer, "b", _np(layer.bias)))
    attrs = {"strides": _pair(layer.strides), "padding": layer.padding,
             "dilations": _pair(layer.dilation_rate), "activation": _fused(layer)}
    out = ex.node(layer.name, "Conv2D", inputs, attrs, _split_output(layer))
    return _finish(ex, layer, out, layer.activation)


def _conv2d_transpose(ex, layer, ins):
    _channels_last(layer)
    if getattr(layer, "output_padding", None) is not None:
        raise ExportError(f"layer '{layer.name}': Conv2DTranspose with output_padding "
                          f"{layer.output_padding} (gml: the input's size times the strides)")
    if tuple(_pair(layer.dilation_rate)) != (1, 1):
        raise ExportError(f"layer '{layer.name}': dilated Conv2DTranspose")
    w = np.transpose(_np(layer.kernel), (2, 0, 1, 3))  # [kh,kw,out,in] -> [out,kh,kw,in]
    inputs = [ins[0], ex.const(layer, "w", w)]
    if layer.use_bias:
        inputs.append(ex.const(layer, "b", _np(layer.bias)))
    attrs = {"strides": _pair(layer.strides), "padding": layer.padding,
             "activation": _fused(layer)}
    out = ex.node(layer.name, "Conv2DTranspose", inputs, attrs, _split_output(layer))
    return _finish(ex, layer, out, layer.activation)


def _depthwise(ex, layer, ins):
    _channels_last(layer)
    k = _np(layer.kernel)  # [kh, kw, in, mult]; Keras/TF output channel = c*mult + m
    kh, kw, cin, mult = k.shape
    w = k.reshape(1, kh, kw, cin * mult)  # row-major merge of (c, m) gives index c*mult + m
    inputs = [ins[0], ex.const(layer, "w", w)]
    if layer.use_bias:
        inputs.append(ex.const(layer, "b", _np(layer.bias)))
    attrs = {"strides": _pair(layer.strides), "padding": layer.padding,
             "dilations": _pair(layer.dilation_rate), "depth_multiplier": int(mult),
             "activation": _fused(layer)}
    out = ex.node(layer.name, "DepthwiseConv2D", inputs, attrs, _split_output(layer))
    return _finish(ex, layer, out, layer.activation)


def _separable(ex, layer, ins):
    """SeparableConv2D as its two convolutions: the depthwise one (strides,
    padding, dilations; no bias) into LAYER.depthwise, then a 1x1 Conv2D
    with the bias and the activation."""
    _channels_last(layer)
    k = _np(layer.depthwise_kernel)  # [kh, kw, in, mult]
    kh, kw, cin, mult = k.shape
    depthwise = ex.node(f"{layer.name}.depthwise", "DepthwiseConv2D",
                        [ins[0], ex.const(layer, "depthwise_w", k.reshape(1, kh, kw, cin * mult))],
                        {"strides": _pair(layer.strides), "padding": layer.padding,
                         "dilations": _pair(layer.dilation_rate), "depth_multiplier": int(mult),
                         "activation": "none"})
    w = np.transpose(_np(layer.pointwise_kernel), (3, 0, 1, 2))  # [1,1,in,out] -> [out,1,1,in]
    inputs = [depthwise, ex.const(layer, "w", w)]
    if layer.use_bias:
        inputs.append(ex.const(layer, "b", _np(layer.bias)))
    out = ex.node(layer.name, "Conv2D", inputs, {"activation": _fused(layer)}, _split_output(layer))
    return _finish(ex, layer, out, layer.activation)


def _as_rows(ex, layer, x, length, channels):
    """A [1, length, channels] sequence as a one-row image [1, 1, length, channels]."""
    return ex.node(f"{layer.name}.rows", "Reshape", [x], {"shape": [1, 1, int(length), int(channels)]})


def _as_sequence(ex, layer, x, node_output, output=None):
    """The one-row image x back as the layer's [1, length, channels] output."""
    shape = [1] + [int(d) for d in node_output.shape[1:]]
    return ex.node(layer.name if output is None else output, "Reshape", [x], {"shape": shape})


def _padding_1d(layer, kernel, dilation):
    """A 1-D layer's padding as the 2-D op's: 'causal' pads (k-1)*d on the left."""
    if layer.padding == "causal":
        return [[0, 0], [(int(kernel) - 1) * int(dilation), 0]]
    return layer.padding


def _conv1d(ex, layer, ins, node):
    """Conv1D as a Conv2D over one row: Reshape, Conv2D [out, 1, k, in], Reshape."""
    _channels_last(layer)
    k = _np(layer.kernel)  # [k, in/groups, out]
    length, channels = node.input_tensors[0].shape[1:]
    x = _as_rows(ex, layer, ins[0], length, channels)
    inputs = [x, ex.const(layer, "w", np.transpose(k, (2, 0, 1))[:, None, :, :])]
    if layer.use_bias:
        inputs.append(ex.const(layer, "b", _np(layer.bias)))
    stride, dilation = int(layer.strides[0]), int(layer.dilation_rate[0])
    attrs = {"strides": [1, stride], "padding": _padding_1d(layer, k.shape[0], dilation),
             "dilations": [1, dilation], "activation": _fused(layer)}
    y = ex.node(f"{layer.name}.conv", "Conv2D", inputs, attrs)
    fused = _activation_name(layer.activation) in FUSABLE
    out = _as_sequence(ex, layer, y, node.output_tensors[0], None if fused else f"{layer.name}.pre")
    return _finish(ex, layer, out, layer.activation)


def _pool_1d(op):
    def emit(ex, layer, ins, node):
        _channels_last(layer)
        length, channels = node.input_tensors[0].shape[1:]
        pool = int(layer.pool_size[0] if isinstance(layer.pool_size, (list, tuple)) else layer.pool_size)
        stride = layer.strides if layer.strides is not None else pool
        stride = int(stride[0] if isinstance(stride, (list, tuple)) else stride)
        x = _as_rows(ex, layer, ins[0], length, channels)
        y = ex.node(f"{layer.name}.pool", op, [x],
                    {"pool_size": [1, pool], "strides": [1, stride], "padding": layer.padding})
        return _as_sequence(ex, layer, y, node.output_tensors[0])

    return emit


def _gap_1d(ex, layer, ins):
    _channels_last(layer)
    return ex.node(layer.name, "Mean", ins, {"axes": [1], "keepdims": bool(layer.keepdims)})


def _dense(ex, layer, ins):
    inputs = [ins[0], ex.const(layer, "w", _np(layer.kernel).T)]  # [in,out] -> [out,in]
    if layer.use_bias:
        inputs.append(ex.const(layer, "b", _np(layer.bias)))
    out = ex.node(layer.name, "Dense", inputs, {"activation": _fused(layer)}, _split_output(layer))
    return _finish(ex, layer, out, layer.activation)


def _batchnorm(ex, layer, ins, rank):
    axis = layer.axis if isinstance(layer.axis, int) else (layer.axis[0] if len(layer.axis) == 1 else None)
    if axis is None or axis % rank != rank - 1:
        raise ExportError(f"layer '{layer.name}': BatchNormalization over axis {layer.axis} (gml-float: last axis only)")
    n = int(layer.moving_mean.shape[0])
    gamma = _np(layer.gamma) if layer.scale else np.ones(n, np.float32)
    beta = _np(layer.beta) if layer.center else np.zeros(n, np.float32)
    inputs = [ins[0], ex.const(layer, "gamma", gamma), ex.const(layer, "beta", beta),
              ex.const(layer, "mean", _np(layer.moving_mean)), ex.const(layer, "variance", _np(layer.moving_variance))]
    return ex.node(layer.name, "BatchNorm", inputs, {"epsilon": float(layer.epsilon)})


def _binary_attrs(op):
    """Add, Sub, Mul and Div take a fused activation (none here); Maximum, Minimum and Pow none."""
    return {} if op in ("Maximum", "Minimum", "Pow") else {"activation": "none"}


def _merge(op):
    def emit(ex, layer, ins):
        if op == "Sub" and len(ins) != 2:
            raise ExportError(f"layer '{layer.name}': Subtract takes exactly two inputs")
        if len(ins) < 2:
            raise ExportError(f"layer '{layer.name}': {type(layer).__name__} of {len(ins)} input")
        acc = ins[0]
        for i, b in enumerate(ins[1:]):
            last = i == len(ins) - 2
            name = layer.name if last else f"{layer.name}.{i}"
            acc = ex.node(name, op, [acc, b], _binary_attrs(op))
        return acc

    return emit


def _relu(ex, layer, ins):
    mx = None if layer.max_value is None else float(layer.max_value)
    slope, thr = float(layer.negative_slope), float(layer.threshold)
    if thr == 0.0 and slope == 0.0 and mx is None:
        return ex.node(layer.name, "Relu", ins, {})
    if thr == 0.0 and slope == 0.0 and mx == 6.0:
        return ex.node(layer.name, "Relu6", ins, {})
    if thr == 0.0 and mx is None:
        return ex.node(layer.name, "LeakyRelu", ins, {"alpha": slope})
    raise ExportError(f"layer '{layer.name}': ReLU(max_value={mx}, negative_slope={slope}, threshold={thr}) "
                      "has no gml-float v1 equivalent")


def _activation(ex, layer, ins):
    name = _activation_name(layer.activation)
    simple = dict(SIMPLE_ACTIVATIONS, linear="Identity")
    if name in simple:
        return ex.node(layer.name, simple[name], ins, {})
    if name == "softmax":
        return ex.node(layer.name, "Softmax", ins, {"axis": -1, "beta": 1.0})
    return _activation_nodes(ex, layer.name, ins[0], name, layer.name)


def _leaky(ex, layer, ins):
    alpha = getattr(layer, "negative_slope", None)
    if alpha is None:
        alpha = layer.alpha
    return ex.node(layer.name, "LeakyRelu", ins, {"alpha": float(alpha)})


def _prelu(ex, layer, ins):
    # alpha has the input's shape without the batch, 1 on the shared axes:
    # it broadcasts onto the input as gml's PRelu (and TFLite's PRELU) wants.
    return ex.node(layer.name, "PRelu", [ins[0], ex.const(layer, "alpha", _np(layer.alpha))], {})


def _elu(ex, layer, ins):
    alpha = float(layer.alpha)
    if alpha != 1.0:
        raise ExportError(f"layer '{layer.name}': ELU(alpha={alpha}) has no gml-float v1 "
                          "equivalent (Elu is alpha 1, as TFLite's ELU)")
    return ex.node(layer.name, "Elu", ins, {})


def _softmax(ex, layer, ins):
    axis = layer.axis
    if isinstance(axis, (list, tuple)):
        if len(axis) != 1:
            raise ExportError(f"layer '{layer.name}': Softmax over several axes {axis}")
        axis = axis[0]
    return ex.node(layer.name, "Softmax", ins, {"axis": int(axis), "beta": 1.0})


def _pool(op):
    def emit(ex, layer, ins):
        _channels_last(layer)
        attrs = {"pool_size": _pair(layer.pool_size), "strides": _pair(layer.strides), "padding": layer.padding}
        return ex.node(layer.name, op, ins, attrs)

    return emit


def _gap(ex, layer, ins):
    _channels_last(layer)
    return ex.node(layer.name, "Mean", ins, {"axes": [1, 2], "keepdims": bool(layer.keepdims)})


def _cropping_2d(ex, layer, ins, node):
    """Cropping2D as a StridedSlice of the kept box."""
    _channels_last(layer)
    (top, bottom), (left, right) = layer.cropping
    height, width, channels = (int(d) for d in node.input_tensors[0].shape[1:])
    return ex.node(layer.name, "StridedSlice", ins,
                   {"begin": [0, top, left, 0], "end": [1, height - bottom, width - right, channels],
                    "strides": [1, 1, 1, 1]})


def _upsampling_2d(ex, layer, ins, node):
    """Nearest UpSampling2D: each pixel repeated sh × sw times, as a Tile of
    the input viewed as [1, H, 1, W, 1, C] between two Reshapes (Keras
    repeats the pixels). Bilinear: a ResizeBilinear with half-pixel centres
    (Keras calls ops.image.resize)."""
    _channels_last(layer)
    sh, sw = (int(s) for s in layer.size)
    height, width, channels = (int(d) for d in node.input_tensors[0].shape[1:])
    if layer.interpolation == "bilinear":
        return ex.node(layer.name, "ResizeBilinear", ins,
                       {"size": [height * sh, width * sw], "half_pixel_centers": True})
    if layer.interpolation != "nearest":
        raise ExportError(f"layer '{layer.name}': UpSampling2D({layer.interpolation!r}) has no "
                          "gml-float v1 equivalent (nearest and bilinear only)")
    x = ex.node(f"{layer.name}.pixels", "Reshape", ins, {"shape": [1, height, 1, width, 1, channels]})
    x = ex.node(f"{layer.name}.tile", "Tile", [x], {"multiples": [1, 1, sh, 1, sw, 1]})
    return ex.node(layer.name, "Reshape", [x], {"shape": [1, height * sh, width * sw, channels]})


def _resizing(ex, layer, ins):
    """Resizing (nearest or bilinear, no antialiasing, cropping or padding)
    as a resize with half-pixel centres, as ops.image.resize computes it."""
    _channels_last(layer)
    ops = {"bilinear": "ResizeBilinear", "nearest": "ResizeNearestNeighbor"}
    refused = [name for name in ("crop_to_aspect_ratio", "pad_to_aspect_ratio", "antialias")
               if getattr(layer, name)]
    if layer.interpolation not in ops or refused:
        what = f"interpolation {layer.interpolation!r}" if not refused else ", ".join(refused)
        raise ExportError(f"layer '{layer.name}': Resizing with {what} has no gml-float v1 "
                          "equivalent (nearest or bilinear, without antialias, crop or pad)")
    return ex.node(layer.name, ops[layer.interpolation], ins,
                   {"size": [int(layer.height), int(layer.width)], "half_pixel_centers": True})


def _reshape(ex, layer, ins):
    return ex.node(layer.name, "Reshape", ins, {"shape": [1] + [int(d) for d in layer.target_shape]})


def _flatten(ex, layer, ins):
    _channels_last(layer)
    return ex.node(layer.name, "Flatten", ins, {})


def _concat(ex, layer, ins, rank):
    return ex.node(layer.name, "Concat", ins, {"axis": int(layer.axis) % rank})


def _zeropad(ex, layer, ins):
    _channels_last(layer)
    (t, b), (l, r) = layer.padding
    return ex.node(layer.name, "Pad", ins, {"paddings": [[0, 0], [int(t), int(b)], [int(l), int(r)], [0, 0]], "value": 0.0})


def _permute(ex, layer, ins):
    return ex.node(layer.name, "Transpose", ins, {"perm": [0] + [int(d) for d in layer.dims]})


def _dropout(ex, layer, ins):
    return ex.node(layer.name, "Dropout", ins, {})


def _identity(ex, layer, ins):
    return ex.node(layer.name, "Identity", ins, {})


def _affine(ex, layer, x, scale, offset):
    """x * scale + offset with constant tensors (scalars as [1]), as Keras
    computes it in float32: Mul, then Add; a scale of 1 or an offset of 0
    is left out (an Identity when both are)."""
    scale = np.asarray(scale, np.float32)
    offset = np.asarray(offset, np.float32)
    scales, adds = bool(np.any(scale != 1)), bool(np.any(offset != 0))
    if not scales and not adds:
        return ex.node(layer.name, "Identity", [x], {})
    if scales:
        name = f"{layer.name}.scale" if adds else layer.name
        x = ex.node(name, "Mul", [x, ex.const(layer, "scale", scale.reshape(scale.shape or (1,)))],
                    {"activation": "none"})
    if adds:
        x = ex.node(layer.name, "Add", [x, ex.const(layer, "offset", offset.reshape(offset.shape or (1,)))],
                    {"activation": "none"})
    return x


def _rescaling(ex, layer, ins):
    return _affine(ex, layer, ins[0], _np(layer.scale), _np(layer.offset))


def _layer_normalization(ex, layer, ins, rank):
    """Over the last axis, one LayerNorm (gamma and beta ones and zeros
    without `scale` and `center`). Over other axes as Keras computes it:
    the mean and variance over the layer's axes (Mean, SquaredDifference,
    Mean), inv = Rsqrt(variance + epsilon) times gamma, then
    x * inv + (beta - mean * inv)."""
    if getattr(layer, "rms_scaling", False):
        raise ExportError(f"layer '{layer.name}': LayerNormalization with rms_scaling has no "
                          "gml-float v1 export")
    axes = layer.axis if isinstance(layer.axis, (list, tuple)) else [layer.axis]
    axes = sorted({_axis(a, rank) for a in axes})
    if 0 in axes:
        raise ExportError(f"layer '{layer.name}': LayerNormalization over the batch axis")
    x = ins[0]
    if axes == [rank - 1]:
        depth = int(layer.input.shape[-1])
        gamma = _np(layer.gamma).reshape(depth) if layer.scale else np.ones(depth, np.float32)
        beta = _np(layer.beta).reshape(depth) if layer.center else np.zeros(depth, np.float32)
        return ex.node(layer.name, "LayerNorm",
                       [x, ex.const(layer, "gamma", gamma), ex.const(layer, "beta", beta)],
                       {"epsilon": float(layer.epsilon)})
    shape = [1] * rank
    for a in axes:
        shape[a] = int(layer.input.shape[a])
    mean = ex.node(f"{layer.name}.mean", "Mean", [x], {"axes": axes, "keepdims": True})
    squared = ex.node(f"{layer.name}.squared", "SquaredDifference", [x, mean], {})
    variance = ex.node(f"{layer.name}.variance", "Mean", [squared],
                       {"axes": axes, "keepdims": True})
    eps = ex.const(layer, "epsilon", np.array([layer.epsilon], np.float32))
    inv = ex.node(f"{layer.name}.inv", "Rsqrt",
                  [ex.node(f"{layer.name}.shifted", "Add", [variance, eps], {"activation": "none"})],
                  {})
    if layer.scale:
        gamma = ex.const(layer, "gamma", _np(layer.gamma).reshape(shape))
        inv = ex.node(f"{layer.name}.scale", "Mul", [inv, gamma], {"activation": "none"})
    offset = ex.node(f"{layer.name}.offset", "Mul",
                     [ex.node(f"{layer.name}.negated", "Neg", [mean], {}), inv],
                     {"activation": "none"})
    if layer.center:
        beta = ex.const(layer, "beta", _np(layer.beta).reshape(shape))
        offset = ex.node(f"{layer.name}.centre", "Add", [offset, beta], {"activation": "none"})
    scaled = ex.node(f"{layer.name}.scaled", "Mul", [x, inv], {"activation": "none"})
    return ex.node(layer.name, "Add", [scaled, offset], {"activation": "none"})


def _recurrent_refusals(layer, node):
    """What neither the LSTM node nor the GRU node expresses: an initial
    state or mask, go_backwards, stateful, return_state, an input not
    [batch, steps, features]. Returns the input's static shape."""
    kind = type(layer).__name__
    args, kwargs = list(node.arguments.args), dict(node.arguments.kwargs or {})
    if len(args) > 1 or any(v is not None for k, v in kwargs.items() if k != "training"):
        raise ExportError(f"layer '{layer.name}' ({kind}): an initial state or mask has no "
                          "gml-float v1 export")
    if layer.go_backwards or layer.stateful or layer.return_state:
        raise ExportError(f"layer '{layer.name}' ({kind}): go_backwards, stateful and "
                          "return_state have no gml-float v1 export")
    shape = _static(layer.input)
    if len(shape) != 3:
        raise ExportError(f"layer '{layer.name}' ({kind}): input of rank {len(shape)}, "
                          "expected [batch, steps, features]")
    return shape


def _recurrent(ex, layer, ins, node):
    """LSTM, and GRU with reset_after (Keras' default), as one node of the
    same name: input_weights the kernel transposed to [gates·units,
    features], recurrent_weights the recurrent kernel transposed to
    [gates·units, units] (rows in Keras' gate order: an LSTM's i, f, c, o;
    a GRU's z, r, candidate), the bias (an LSTM's [4·units], a GRU's
    [2, 3·units]: the input's row, the state's) unless use_bias=False;
    return_sequences and an activation other than tanh as attributes. The
    gates must be sigmoid (recurrent_activation), the activation one gml
    fuses; anything else, and a GRU with reset_after=False, is refused.
    With `unroll=True` (Keras' choice of a loop written out) and tanh, the
    steps' ops instead (`_unrolled`), as TFLiteConverter makes them."""
    kind = type(layer).__name__
    cell = layer.cell
    _recurrent_refusals(layer, node)
    gates, act = _activation_name(cell.recurrent_activation), _activation_name(cell.activation)
    if gates != "sigmoid":
        raise ExportError(f"layer '{layer.name}' ({kind}): recurrent_activation {gates!r} has no "
                          f"gml-float v1 export (the {kind} op's gates are sigmoid)")
    if act not in FUSABLE:
        raise ExportError(f"layer '{layer.name}' ({kind}): activation {act!r} has no gml-float v1 "
                          f"export (the {kind} op's activation is one of {sorted(FUSABLE)})")
    if kind == "GRU" and not cell.reset_after:
        raise ExportError(f"layer '{layer.name}' (GRU): reset_after=False has no gml-float v1 "
                          "export")
    if layer.unroll and FUSABLE[act] == "tanh":
        return _unrolled(ex, layer, ins)
    inputs = [ins[0], ex.const(layer, "w", _np(cell.kernel).T),
              ex.const(layer, "recurrent_w", _np(cell.recurrent_kernel).T)]
    if cell.use_bias:
        inputs.append(ex.const(layer, "b", _np(cell.bias)))
    attrs = {}
    if layer.return_sequences:
        attrs["return_sequences"] = True
    if FUSABLE[act] != "tanh":
        attrs["activation"] = FUSABLE[act]
    return ex.node(layer.name, kind, inputs, attrs)


def _unrolled(ex, layer, ins):
    """An LSTM or GRU with `unroll=True` (checked by `_recurrent`), unrolled
    as Keras computes it, one Dense per gate: per gate a Dense of every
    step's input (a GRU's input bias included), then per step and gate the
    recurrent Dense of the state (a GRU's recurrent bias included; an
    LSTM's bias added to the sum), Sigmoid and Tanh, Mul and Add; the zero
    initial state is a constant (the converter folds the first step's
    recurrent terms). The last state, or every step's concatenated with
    `return_sequences`: the ops TFLiteConverter makes of the same layer,
    which int8 quantizes gate by gate."""
    kind = type(layer).__name__
    cell = layer.cell
    shape = _static(layer.input)
    if len(shape) != 3:
        raise ExportError(f"layer '{layer.name}' ({kind}): input of rank {len(shape)}, "
                          "expected [batch, steps, features]")
    steps, units = shape[1], int(cell.units)
    gates = 4 if kind == "LSTM" else 3
    kernel, recurrent = _np(cell.kernel), _np(cell.recurrent_kernel)
    bias = _np(cell.bias) if cell.use_bias else np.zeros((2, gates * units) if kind == "GRU"
                                                          else gates * units, np.float32)
    input_bias, recurrent_bias = (bias[0], bias[1]) if kind == "GRU" else (bias, None)
    name = layer.name

    def part(array, g):
        """Gate g's columns of a kernel or bias (Keras' gate order)."""
        return array[..., g * units:(g + 1) * units]

    # Each gate its own Dense (not one Dense cut in slices), so each gate's
    # values get their own int8 range. As Keras: an LSTM adds its bias after
    # both products, a GRU its input bias to the input's product.
    projected = []
    for g in range(gates):
        inputs = [ins[0], ex.const(layer, f"kernel{g}", part(kernel, g).T)]
        if kind == "GRU":
            inputs.append(ex.const(layer, f"bias{g}", part(input_bias, g)))
        projected.append(ex.node(f"{name}.x{g}", "Dense", inputs, {"activation": "none"}))

    def recurrent_dense(h, g, label):
        inputs = [h, ex.const(layer, f"recurrent_kernel{g}", part(recurrent, g).T)]
        if recurrent_bias is not None:
            inputs.append(ex.const(layer, f"recurrent_bias{g}", part(recurrent_bias, g)))
        return ex.node(f"{name}.{label}", "Dense", inputs, {"activation": "none"})

    def op(o, a, b, label):
        return ex.node(f"{name}.{label}", o, [a, b], {"activation": "none"})

    h = ex.const(layer, "h0", np.zeros((1, units), np.float32))
    c = ex.const(layer, "c0", np.zeros((1, units), np.float32)) if kind == "LSTM" else None
    outputs = []
    for t in range(steps):
        xs = []
        for g in range(gates):
            x = ex.node(f"{name}.t{t}.x{g}", "StridedSlice", [projected[g]],
                        {"begin": [0, t, 0], "end": [1, t + 1, units], "strides": [1, 1, 1]})
            xs.append(ex.node(f"{name}.t{t}.x{g}.row", "Reshape", [x], {"shape": [1, units]}))
        rs = [recurrent_dense(h, g, f"t{t}.h{g}") for g in range(gates)]
        if kind == "LSTM":
            z = [op("Add", op("Add", xs[g], rs[g], f"t{t}.xh{g}"),
                    ex.const(layer, f"bias{g}", part(input_bias, g)), f"t{t}.z{g}")
                 for g in range(4)]
            i = ex.node(f"{name}.t{t}.i", "Sigmoid", [z[0]], {})
            f = ex.node(f"{name}.t{t}.f", "Sigmoid", [z[1]], {})
            g = ex.node(f"{name}.t{t}.g", "Tanh", [z[2]], {})
            o = ex.node(f"{name}.t{t}.o", "Sigmoid", [z[3]], {})
            c = op("Add", op("Mul", f, c, f"t{t}.fc"), op("Mul", i, g, f"t{t}.ig"), f"t{t}.c")
            h = op("Mul", o, ex.node(f"{name}.t{t}.tanh_c", "Tanh", [c], {}), f"t{t}.h_out")
        else:
            z = ex.node(f"{name}.t{t}.z", "Sigmoid", [op("Add", xs[0], rs[0], f"t{t}.z_in")], {})
            r = ex.node(f"{name}.t{t}.r", "Sigmoid", [op("Add", xs[1], rs[1], f"t{t}.r_in")], {})
            hh = ex.node(f"{name}.t{t}.hh", "Tanh",
                         [op("Add", xs[2], op("Mul", r, rs[2], f"t{t}.rh"), f"t{t}.hh_in")], {})
            one = ex.const(layer, "one", np.ones(1, np.float32))
            keep = op("Mul", z, h, f"t{t}.keep")
            new = op("Mul", op("Sub", one, z, f"t{t}.one_minus_z"), hh, f"t{t}.new")
            h = op("Add", keep, new, f"t{t}.h_out")
        outputs.append(h)
    if not layer.return_sequences:
        return ex.node(name, "Identity", [h], {})
    rows = [ex.node(f"{name}.t{t}.step", "Reshape", [o], {"shape": [1, 1, units]})
            for t, o in enumerate(outputs)]
    return ex.node(name, "Concat", rows, {"axis": 1}) if len(rows) > 1 else \
        ex.node(name, "Identity", rows, {})


def _layer_scale(ex, layer, ins):
    """ConvNeXt's LayerScale (keras.applications.convnext): x times its
    per-channel `gamma`."""
    gamma = getattr(layer, "gamma", None)
    if gamma is None or len(layer.weights) != 1:
        raise ExportError(f"layer '{layer.name}' (LayerScale): expected one weight, gamma")
    return ex.node(layer.name, "Mul", [ins[0], ex.const(layer, "gamma", _np(gamma))],
                   {"activation": "none"})


def _attention(ex, layer, ins, node):
    """MultiHeadAttention of rank-3 query and value (key = value unless
    given), no mask: Dense projections reshaped and transposed to [1, heads,
    steps, width], the query scaled by 1/sqrt(key_dim), MatMul with the key
    transposed, Softmax over the last axis, MatMul with the value, heads
    transposed back and merged, the output Dense."""
    import keras

    args, kwargs = list(node.arguments.args), dict(node.arguments.kwargs or {})
    for key in ("attention_mask", "return_attention_scores", "use_causal_mask"):
        value = kwargs.get(key)
        if value is not None and value is not False:
            raise ExportError(f"layer '{layer.name}': MultiHeadAttention with {key} has no "
                              "gml-float v1 export")
    tensors = args + [kwargs[k] for k in ("value", "key") if k in kwargs]
    tensors = [t for t in tensors if isinstance(t, keras.KerasTensor)]
    query, value = tensors[0], tensors[1] if len(tensors) > 1 else tensors[0]
    key = tensors[2] if len(tensors) > 2 else value
    if len(query.shape) != 3 or len(value.shape) != 3:
        raise ExportError(f"layer '{layer.name}': MultiHeadAttention on rank "
                          f"{len(query.shape)} inputs (gml-float export: rank 3)")
    heads, key_dim = layer.num_heads, layer.key_dim
    value_dim = layer.value_dim or key_dim

    def project(dense, x, role, width):
        kernel = _np(dense.kernel)
        steps = int(x.shape[1])
        w = kernel.reshape(kernel.shape[0], heads * width).T
        inputs = [ex.by_tensor[id(x)], ex.const(layer, f"{role}.w", w)]
        if dense.bias is not None:
            inputs.append(ex.const(layer, f"{role}.b", _np(dense.bias).reshape(heads * width)))
        flat = ex.node(f"{layer.name}.{role}", "Dense", inputs, {"activation": "none"})
        split = ex.node(f"{layer.name}.{role}.heads", "Reshape", [flat],
                        {"shape": [1, steps, heads, width]})
        return ex.node(f"{layer.name}.{role}.t", "Transpose", [split], {"perm": [0, 2, 1, 3]})

    q = project(layer._query_dense, query, "query", key_dim)
    k = project(layer._key_dense, key, "key", key_dim)
    v = project(layer._value_dense, value, "value", value_dim)
    scale = ex.const(layer, "scale", np.array([1.0 / np.sqrt(float(key_dim))], np.float32))
    q = ex.node(f"{layer.name}.query.scaled", "Mul", [q, scale], {"activation": "none"})
    scores = ex.node(f"{layer.name}.scores", "MatMul", [q, k],
                     {"transpose_a": False, "transpose_b": True})
    weights = ex.node(f"{layer.name}.weights", "Softmax", [scores], {"axis": -1, "beta": 1.0})
    context = ex.node(f"{layer.name}.context", "MatMul", [weights, v],
                      {"transpose_a": False, "transpose_b": False})
    steps = int(query.shape[1])
    context = ex.node(f"{layer.name}.context.t", "Transpose", [context], {"perm": [0, 2, 1, 3]})
    context = ex.node(f"{layer.name}.context.merged", "Reshape", [context],
                      {"shape": [1, steps, heads * value_dim]})
    out = layer._output_dense
    kernel = _np(out.kernel)
    inputs = [context, ex.const(layer, "output.w", kernel.reshape(heads * value_dim, -1).T)]
    if out.bias is not None:
        inputs.append(ex.const(layer, "output.b", _np(out.bias).reshape(-1)))
    return ex.node(layer.name, "Dense", inputs, {"activation": "none"})


def _embedding(ex, layer, ins):
    """A Gather of the table's rows at the int32 ids (Keras also wraps a
    negative id from the end; gml refuses one at invoke)."""
    if layer.mask_zero:
        raise ExportError(f"layer '{layer.name}': Embedding with mask_zero=True (gml-float has no masks)")
    if ins[0] not in {i["name"]: i for i in ex.inputs} or \
            {i["name"]: i for i in ex.inputs}[ins[0]]["dtype"] != "int32":
        raise ExportError(f"layer '{layer.name}': Embedding reads '{ins[0]}', not an int32 model "
                          "input; declare keras.Input(..., dtype=\"int32\")")
    table = ex.const(layer, "embeddings", _np(layer.embeddings))
    return ex.node(layer.name, "Gather", [table, ins[0]], {"axis": 0})


def _normalization(ex, layer, ins):
    """(x - mean) / max(sqrt(variance), epsilon), or with `invert` mean +
    x * that: Sub (or Add) of the mean and Mul by the float32 divisor's
    reciprocal (within an ulp of Keras' division)."""
    import keras

    if layer.mean is None:
        raise ExportError(f"layer '{layer.name}': Normalization without a mean (not built or adapted)")
    mean, variance = _np(layer.mean), _np(layer.variance)
    divisor = np.maximum(np.sqrt(variance), np.float32(keras.backend.epsilon())).astype(np.float32)
    if layer.invert:
        return _affine(ex, layer, ins[0], divisor, mean)
    centred = ex.node(f"{layer.name}.centre", "Sub", [ins[0], ex.const(layer, "mean", mean)],
                      {"activation": "none"})
    scale = (np.float32(1) / divisor).astype(np.float32)
    return ex.node(layer.name, "Mul", [centred, ex.const(layer, "scale", scale)], {"activation": "none"})


# Keras class name -> emitter(exporter, layer, input names[, rank of first input]).
LAYERS = {
    "Conv2D": _conv2d,
    "DepthwiseConv2D": _depthwise,
    "Conv2DTranspose": _conv2d_transpose,
    "Dense": _dense,
    "BatchNormalization": _batchnorm,
    "LayerNormalization": _layer_normalization,
    "MultiHeadAttention": _attention,
    "LayerScale": _layer_scale,
    "LSTM": _recurrent,
    "GRU": _recurrent,
    "Add": _merge("Add"),
    "Subtract": _merge("Sub"),
    "Multiply": _merge("Mul"),
    "Maximum": _merge("Maximum"),
    "Minimum": _merge("Minimum"),
    "ReLU": _relu,
    "Activation": _activation,
    "LeakyReLU": _leaky,
    "ELU": _elu,
    "PReLU": _prelu,
    "Softmax": _softmax,
    "MaxPooling2D": _pool("MaxPool2D"),
    "AveragePooling2D": _pool("AvgPool2D"),
    "GlobalAveragePooling2D": _gap,
    "Reshape": _reshape,
    "Flatten": _flatten,
    "Concatenate": _concat,
    "ZeroPadding2D": _zeropad,
    "Permute": _permute,
    "Dropout": _dropout,
    "SpatialDropout2D": _dropout,
    "GaussianDropout": _dropout,
    "GaussianNoise": _dropout,
    "Identity": _identity,
    "Rescaling": _rescaling,
    "Normalization": _normalization,
    "Embedding": _embedding,
    "SeparableConv2D": _separable,
    "Conv1D": _conv1d,
    "Cropping2D": _cropping_2d,
    "UpSampling2D": _upsampling_2d,
    "Resizing": _resizing,
    "MaxPooling1D": _pool_1d("MaxPool2D"),
    "AveragePooling1D": _pool_1d("AvgPool2D"),
    "GlobalAveragePooling1D": _gap_1d,
}
_NEEDS_RANK = {"BatchNormalization", "Concatenate", "LayerNormalization"}
_NEEDS_NODE = {"MultiHeadAttention", "LSTM", "GRU", "Conv1D", "MaxPooling1D", "AveragePooling1D", "Cropping2D", "UpSampling2D"}


def _operand(ex, op, value, index):
    """A keras.ops argument: its tensor's name, or a constant (scalars as [1])."""
    import keras

    if isinstance(value, keras.KerasTensor):
        return ex.by_tensor[id(value)]
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ExportError(f"operation '{op.name}' ({type(op).__name__}): argument {index} "
                          f"({type(value).__name__}) is neither a tensor nor a number")
    if array.dtype == object or not np.all(np.isfinite(array)):
        raise ExportError(f"operation '{op.name}' ({type(op).__name__}): argument {index} "
                          "is not a finite number")
    return ex.const(op, f"c{index}", array.reshape(array.shape or (1,)).astype(np.float32))


def _binary_operation(ex, op, args, gml_op):
    import keras

    a, b = args
    if not isinstance(a, keras.KerasTensor) and not isinstance(b, keras.KerasTensor):
        raise ExportError(f"operation '{op.name}' ({type(op).__name__}) has no tensor operand")
    if gml_op == "Div" and not isinstance(b, keras.KerasTensor):
        divisor = np.asarray(b, dtype=np.float64)
        if np.any(divisor == 0):
            raise ExportError(f"operation '{op.name}' ({type(op).__name__}): division by zero")
        gml_op, b = "Mul", 1.0 / divisor
    inputs = [_operand(ex, op, a, 0), _operand(ex, op, b, 1)]
    return ex.node(op.name, gml_op, inputs, _binary_attrs(gml_op))


# keras.ops calls (Operations that are not Layers) by class name -> gml op.
# Div by a constant becomes Mul by its reciprocal (as TFLiteConverter does);
# by a tensor, Div.
OPERATIONS_BINARY = {"Add": "Add", "Subtract": "Sub", "Multiply": "Mul",
                     "TrueDivide": "Div", "Divide": "Div", "Maximum": "Maximum",
                     "Minimum": "Minimum", "Power": "Pow"}
OPERATIONS_UNARY = {"Relu": "Relu", "Relu6": "Relu6", "Sigmoid": "Sigmoid", "Tanh": "Tanh",
                    "HardSilu": "HardSwish", "Elu": "Elu", "Exp": "Exp", "Log": "Log",
                    "Sqrt": "Sqrt", "Rsqrt": "Rsqrt", "Absolute": "Abs",
                    "Negative": "Neg"}


# keras.ops reductions over axes -> gml op (axes and keepdims carried over).
OPERATIONS_REDUCE = {"Mean": "Mean", "Sum": "Sum", "Max": "ReduceMax"}


def _reduction(ex, op, x, gml_op):
    """Mean, Sum or ReduceMax over the operation's axes (all but the batch's
    when none are given); refused when it would reduce the batch axis."""
    rank = len(x.shape)
    axes = list(range(1, rank)) if op.axis is None else sorted({_axis(a, rank) for a in op.axis})
    if 0 in axes:
        raise ExportError(f"operation '{op.name}' ({type(op).__name__}): reduces the batch axis")
    if getattr(op, "initial", None) is not None:
        raise ExportError(f"operation '{op.name}' (Max): an initial value has no gml-float v1 "
                          "equivalent")
    return ex.node(op.name, gml_op, [ex.by_tensor[id(x)]],
                   {"axes": axes, "keepdims": bool(op.keepdims)})


def _static(kt):
    """A Keras tensor's shape with batch 1."""
    return [1] + [int(d) for d in kt.shape[1:]]


def _axis(axis, rank):
    return int(axis) % rank


def _structural(ex, op, node):
    """keras.ops calls that move data or give several outputs: split and
    unstack (a StridedSlice per output, unstack's then a Reshape), stack (a
    Reshape per input, then Concat), take with constant indices (a
    StridedSlice per run of consecutive indices, then Concat), concatenate,
    reshape, transpose, moments (Mean, SquaredDifference, Mean). The output
    names, one per output tensor; None for any other kind."""
    import keras

    kind = type(op).__name__
    args = list(node.arguments.args)
    if kind in ("Split", "Unstack"):
        x = ex.by_tensor[id(args[0])]
        shape = _static(args[0])
        axis = _axis(op.axis, len(shape))
        sizes = [int(t.shape[axis]) if kind == "Split" else 1 for t in node.output_tensors]
        names, start = [], 0
        for k, (size, kt) in enumerate(zip(sizes, node.output_tensors)):
            begin, end = [0] * len(shape), list(shape)
            begin[axis], end[axis] = start, start + size
            start += size
            name = ex.node(f"{op.name}.{k}", "StridedSlice", [x],
                           {"begin": begin, "end": end, "strides": [1] * len(shape)})
            if kind == "Unstack":
                name = ex.node(f"{op.name}.{k}.squeezed", "Reshape", [name], {"shape": _static(kt)})
            names.append(name)
        return names
    if kind in ("Stack", "Concatenate"):
        tensors = list(args[0])
        rank = len(node.output_tensors[0].shape)
        axis = _axis(op.axis, rank)
        ins = [_operand(ex, op, t, k) for k, t in enumerate(tensors)]
        if kind == "Stack":
            ins = [ex.node(f"{op.name}.expanded{k}", "Reshape", [name],
                           {"shape": _static(t)[:axis] + [1] + _static(t)[axis:]})
                   for k, (name, t) in enumerate(zip(ins, tensors))]
        return [ex.node(op.name, "Concat", ins, {"axis": axis})]
    if kind == "Take" and not isinstance(args[1], keras.KerasTensor):
        # Constant indices: a StridedSlice per run of consecutive ones, a Concat.
        shape = _static(args[0])
        axis = _axis(op.axis, len(shape))
        indices = [int(i) for i in np.asarray(args[1]).reshape(-1)]
        runs = []
        for i in indices:
            if runs and runs[-1][1] == i:
                runs[-1][1] += 1
            else:
                runs.append([i, i + 1])
        parts = []
        for k, (start, stop) in enumerate(runs):
            begin, end = [0] * len(shape), list(shape)
            begin[axis], end[axis] = start, stop
            parts.append(ex.node(f"{op.name}.{k}", "StridedSlice", [ex.by_tensor[id(args[0])]],
                                 {"begin": begin, "end": end, "strides": [1] * len(shape)}))
        if np.ndim(args[1]) == 0:
            return [ex.node(op.name, "Reshape", parts, {"shape": _static(node.output_tensors[0])})]
        return [ex.node(op.name, "Concat", parts, {"axis": axis})] if len(parts) > 1 else parts
    if kind == "Moments":
        # As TensorFlow's moments: Mean, SquaredDifference from the mean,
        # Mean (kept dimensions), then Reshapes unless keepdims.
        if getattr(op, "synchronized", False):
            raise ExportError(f"operation '{op.name}' (Moments): synchronized moments (across "
                              "replicas) have no gml-float v1 equivalent")
        shape = _static(args[0])
        axes = op.axes if isinstance(op.axes, (list, tuple)) else [op.axes]
        axes = sorted({_axis(a, len(shape)) for a in axes})
        x = ex.by_tensor[id(args[0])]
        mean = ex.node(f"{op.name}.mean", "Mean", [x], {"axes": axes, "keepdims": True})
        squared = ex.node(f"{op.name}.squared", "SquaredDifference", [x, mean], {})
        variance = ex.node(f"{op.name}.variance", "Mean", [squared],
                           {"axes": axes, "keepdims": True})
        if op.keepdims:
            return [mean, variance]
        return [ex.node(f"{op.name}.{part}.reduced", "Reshape", [name], {"shape": _static(kt)})
                for part, name, kt in zip(("mean", "variance"), (mean, variance),
                                          node.output_tensors)]
    if kind == "Reshape":
        return [ex.node(op.name, "Reshape", [ex.by_tensor[id(args[0])]],
                        {"shape": _static(node.output_tensors[0])})]
    if kind == "Transpose":
        rank = len(args[0].shape)
        perm = list(range(rank))[::-1] if op.axes is None else [_axis(a, rank) for a in op.axes]
        if perm[0] != 0:
            raise ExportError(f"operation '{op.name}' (Transpose): moves the batch axis ({perm})")
        return [ex.node(op.name, "Transpose", [ex.by_tensor[id(args[0])]], {"perm": perm})]
    return None


def _operation(ex, op, node):
    """The node of a keras.ops call; anything but OPERATIONS_* is refused."""
    kind = type(op).__name__
    args, kwargs = list(node.arguments.args), dict(node.arguments.kwargs or {})
    if kwargs:
        raise ExportError(f"operation '{op.name}' ({kind}): keyword arguments {sorted(kwargs)} "
                          "are not supported")
    if kind in OPERATIONS_BINARY and len(args) == 2:
        return _binary_operation(ex, op, args, OPERATIONS_BINARY[kind])
    if kind == "Elu" and float(getattr(op, "alpha", 1.0)) != 1.0:
        raise ExportError(f"operation '{op.name}' (Elu): alpha {op.alpha} has no gml-float v1 "
                          "equivalent (Elu is alpha 1)")
    if kind in OPERATIONS_UNARY and len(args) == 1:
        return ex.node(op.name, OPERATIONS_UNARY[kind], [_operand(ex, op, args[0], 0)], {})
    if kind == "Gelu" and len(args) == 1:
        return ex.node(op.name, "Gelu", [_operand(ex, op, args[0], 0)],
                       {"approximate": bool(op.approximate)})
    if kind == "LogSoftmax" and len(args) == 1:
        rank = len(args[0].shape)
        if _axis(op.axis, rank) != rank - 1:
            raise ExportError(f"operation '{op.name}' (LogSoftmax): axis {op.axis}; gml-float's "
                              "LogSoftmax is over the last axis")
        return ex.node(op.name, "LogSoftmax", [_operand(ex, op, args[0], 0)], {})
    if kind == "Matmul" and len(args) == 2:
        return ex.node(op.name, "MatMul", [_operand(ex, op, a, k) for k, a in enumerate(args)],
                       {"transpose_a": False, "transpose_b": False})
    if kind in OPERATIONS_REDUCE and len(args) == 1:
        return _reduction(ex, op, args[0], OPERATIONS_REDUCE[kind])
    supported = sorted(set(OPERATIONS_BINARY) | set(OPERATIONS_UNARY) | set(OPERATIONS_REDUCE)
                       | {"Gelu", "Matmul", "LogSoftmax"})
    raise ExportError(f"operation '{op.name}' ({kind}, a keras.ops call) is not supported by "
                      f"gml-float v1; supported: {supported}")


def _walk(model):
    """Keras call nodes reachable from the model outputs, inputs first."""
    order, seen = [], set()

    def visit(kt):
        op, node_index, _ = kt._keras_history
        key = (id(op), node_index)
        if key in seen:
            return
        seen.add(key)
        node = op._inbound_nodes[node_index]
        for t in node.input_tensors:
            visit(t)
        order.append((op, node))

    for kt in model.outputs:
        visit(kt)
    return order


def to_gml_float(model, name=None):
    """The gml-float v1 document of a Keras model and its constants.

    Returns (doc, arrays): `doc["tensors"]` entries carry shape and dtype only
    (a writer adds offset/length, array or data); `arrays` maps each tensor
    name to its float32 array, in document order.
    """
    import keras

    if getattr(model, "outputs", None) is None or not model.built:
        raise ExportError("the model is not built: give it an Input (keras.Input(shape=...))")
    ex = _Exporter()
    for kt in model.inputs:
        shape = list(kt.shape)
        if any(d is None for d in shape[1:]):
            raise ExportError(f"input '{kt.name}': dynamic shape {shape}; gml-float shapes are static")
        op = kt._keras_history[0]
        iname = ex.unique(op.name, ex.tensor_names)
        ex.by_tensor[id(kt)] = iname
        dtype = "int32" if "int" in str(kt.dtype) else "float32"
        ex.inputs.append({"name": iname, "shape": [1] + [int(d) for d in shape[1:]], "dtype": dtype})
    for op, node in _walk(model):
        kind = type(op).__name__
        if kind == "InputLayer":
            continue
        if not isinstance(op, keras.layers.Layer):
            names = _structural(ex, op, node)
            if names is None and len(node.output_tensors) == 1:
                names = [_operation(ex, op, node)]
            if names is None:
                raise ExportError(f"operation '{op.name}' ({kind}) has {len(node.output_tensors)} "
                                  "outputs and is not split, unstack or moments")
            for kt, output in zip(node.output_tensors, names):
                ex.by_tensor[id(kt)] = output
            continue
        if len(node.output_tensors) != 1:
            raise ExportError(f"'{op.name}' ({kind}) has {len(node.output_tensors)} outputs")
        if kind not in LAYERS:
            raise ExportError(f"layer '{op.name}' ({kind}) is not supported by gml-float v1; supported: {sorted(LAYERS)}")
        ins = [ex.by_tensor[id(t)] for t in node.input_tensors]
        args = (ex, op, ins) + ((len(node.input_tensors[0].shape),) if kind in _NEEDS_RANK else ())
        args += (node,) if kind in _NEEDS_NODE else ()
        ex.by_tensor[id(node.output_tensors[0])] = LAYERS[kind](*args)
    doc = {
        "format": "gml-float",
        "version": 1,
        "name": name or model.name,
        "inputs": ex.inputs,
        "outputs": [ex.by_tensor[id(kt)] for kt in model.outputs],
        "tensors": ex.tensors,
        "nodes": ex.nodes,
    }
    return doc, ex.arrays


# ---------------------------------------------------------------- writers


def _dump(doc):
    """JSON with one tensor and one node per line: readable and diffable."""
    d = lambda v: json.dumps(v, separators=(", ", ": "))  # noqa: E731
    lines = ["{"]
    keys = list(doc)
    for i, key in enumerate(keys):
        comma = "," if i < len(keys) - 1 else ""
        value = doc[key]
        if key == "tensors" and value:
            items = [f"    {d(k)}: {d(v)}" for k, v in value.items()]
            lines.append(f'  "tensors": {{\n' + ",\n".join(items) + f"\n  }}{comma}")
        elif key in ("nodes", "inputs") and value:
            items = [f"    {d(v)}" for v in value]
            lines.append(f'  "{key}": [\n' + ",\n".join(items) + f"\n  ]{comma}")
        else:
            lines.append(f"  {d(key)}: {d(value)}{comma}")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _with_weights(doc, weights, tensors):
    """A copy of doc with `weights` (or none) placed after `name` and tensors replaced."""
    out = {}
    for k, v in doc.items():
        out[k] = tensors if k == "tensors" else v
        if k == "name" and weights is not None:
            out["weights"] = weights
    return out


def _npy_bytes(array):
    buf = io.BytesIO()
    np.lib.format.write_array(buf, np.ascontiguousarray(array, "<f4"), allow_pickle=False)
    return buf.getvalue()


def _zip(path, entries, deflate):
    """A zip with fixed timestamps, so reruns give the same bytes."""
    method = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    with zipfile.ZipFile(path, "w", compression=method) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = method
            info.external_attr = 0o644 << 16
            z.writestr(info, data, compresslevel=9 if deflate else None)


def _write(path, data, gz):
    path = pathlib.Path(path)
    if gz:
        data = gzip.compress(data, compresslevel=9, mtime=0)
    path.write_bytes(data)
    return path


def write_json_model(doc, arrays, out_dir, weights="bin", stem="model", gz=False, deflate=False, reverse_nodes=False):
    """Writes OUT_DIR/STEM.json (or .json.gz) and its weights.

    weights: "bin" (raw little-endian, offset/length, packed in document
    order), "npz" (`"array": name`, entry `name.npy`; stored unless
    deflate), or "inline" (`"data"` lists, no weights file).
    reverse_nodes lists the nodes backwards (the spec allows any order).
    Returns the JSON path.
    """
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tensors = {}
    if weights == "bin":
        blob, offset = bytearray(), 0
        for name, meta in doc["tensors"].items():
            raw = np.ascontiguousarray(arrays[name], "<f4").tobytes()
            tensors[name] = dict(meta, offset=offset, length=len(raw))
            blob += raw
            offset += len(raw)
        (out_dir / f"{stem}.bin").write_bytes(bytes(blob))
        ref = f"{stem}.bin"
    elif weights == "npz":
        for name, meta in doc["tensors"].items():
            tensors[name] = dict(meta, array=name)
        _zip(out_dir / f"{stem}.npz", [(f"{n}.npy", _npy_bytes(arrays[n])) for n in doc["tensors"]], deflate)
        ref = f"{stem}.npz"
    elif weights == "inline":
        for name, meta in doc["tensors"].items():
            # repr of the float32 value widened to double: exact whichever way it is parsed
            tensors[name] = dict(meta, data=[float(v) for v in np.asarray(arrays[name], np.float32).ravel()])
        ref = None
    else:
        raise ValueError(f"weights must be bin, npz or inline, not {weights!r}")
    out = _with_weights(doc, ref, tensors)
    if reverse_nodes:
        out["nodes"] = list(reversed(out["nodes"]))
    return _write(out_dir / (f"{stem}.json.gz" if gz else f"{stem}.json"), _dump(out), gz)


def write_archive(doc, arrays, path, deflate=True):
    """Writes the single-file form: a zip (.npz or .gmz) with model.json and NAME.npy entries."""
    tensors = {name: dict(meta, array=name) for name, meta in doc["tensors"].items()}
    entries = [("model.json", _dump(_with_weights(doc, None, tensors)))]
    entries += [(f"{n}.npy", _npy_bytes(arrays[n])) for n in doc["tensors"]]
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _zip(path, entries, deflate)
    return path


# ---------------------------------------------------------------- checking


def sample_inputs(doc, rng, count=4):
    """`count` random samples of the first input: standard normal, or for
    int32 ids uniform over the rows of the smallest table they index."""
    first = doc["inputs"][0]
    shape = [count] + first["shape"][1:]
    if first["dtype"] != "int32":
        return rng.standard_normal(shape).astype(np.float32)
    rows = [doc["tensors"][n["inputs"][0]]["shape"][n["attrs"].get("axis", 0)]
            for n in doc["nodes"] if n["op"] == "Gather" and n["inputs"][1] == first["name"]]
    return rng.integers(0, min(rows), shape).astype(np.int32)


def check_against_keras(model, path, x, tolerance=TOLERANCE):
    """Loads the exported file with gml_float_numpy, runs it on each sample of x
    (batch N) and asserts it matches Keras: the max abs difference at most
    `tolerance` times the output's largest magnitude (and at least 1e-6).
    Returns the max abs difference."""
    keras_out = np.asarray(model(x, training=False), np.float32)
    gml = gml_float_numpy.load(path)
    ours = gml_float_numpy.run_batch(gml, x)
    diff = float(np.max(np.abs(ours - keras_out)))
    bound = max(tolerance * float(np.max(np.abs(keras_out))), 1e-6)
    if not diff <= bound:
        raise AssertionError(f"{path}: gml-float output differs from Keras by {diff:.3g} "
                             f"(bound {bound:.3g}: {tolerance} of the largest output magnitude)")
    return diff


def main(argv=None):
    ap = argparse.ArgumentParser(description="Export a Keras model to gml-float v1 and check it against Keras.")
    ap.add_argument("model", help="a .keras (or .h5) model file")
    ap.add_argument("out_dir", help="folder for STEM.json and its weights")
    ap.add_argument("--weights", choices=("bin", "npz"), default="bin", help="raw sidecar or NumPy archive")
    ap.add_argument("--deflate", action="store_true", help="deflate the .npz entries (default: stored)")
    ap.add_argument("--stem", default="model", help="file name stem (default: model)")
    ap.add_argument("--name", help="model name in the document (default: the Keras model's name)")
    args = ap.parse_args(argv)

    import keras

    keras.utils.set_random_seed(0)
    model = keras.models.load_model(args.model, compile=False)
    try:
        doc, arrays = to_gml_float(model, args.name)
    except ExportError as e:
        print(f"{args.model}: error: {e}; nothing written", file=sys.stderr)
        return 1
    # Written into a fresh folder beside OUT_DIR and moved in only once the
    # check passed: a failed check leaves nothing behind.
    out_dir = pathlib.Path(args.out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = pathlib.Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        staged = write_json_model(doc, arrays, staging, args.weights, args.stem, deflate=args.deflate)
        x = sample_inputs(doc, np.random.default_rng(0))
        diff = check_against_keras(model, staged, x)
        out_dir.mkdir(parents=True, exist_ok=True)
        for f in sorted(staging.iterdir()):
            os.replace(f, out_dir / f.name)
        path = out_dir / staged.name
    except AssertionError as e:
        print(f"error: {e}; nothing written", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"{path}: {len(doc['nodes'])} nodes, {len(doc['tensors'])} constants; "
          f"max abs difference vs Keras on 4 random inputs: {diff:.3g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
