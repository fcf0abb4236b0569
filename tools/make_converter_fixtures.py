#!/usr/bin/env python3
# tools/make_converter_fixtures.py — writes the gml-float models of Tests/GMLConverterTests/Fixtures.
#
# Usage: .venv/bin/python tools/make_converter_fixtures.py
#   (needs tensorflow-cpu with Keras 3, numpy; runs on the CPU; run from anywhere)
#
# Builds six small Keras models with seeded weights (every kernel, bias and
# BatchNorm statistic is drawn from numpy's PCG64, so BatchNorm folding and
# bias layouts are really exercised), exports each with
# tools/keras_to_gml_float.py, and writes a batch-1 `input.npy` and the Keras
# output `expected.npy`. `dense_only` is also written in the other storage
# forms of the spec under `archives/`. Every file written is loaded back with
# tools/gml_float_numpy.py and must match Keras (the exporter's check), or
# the script fails. Zip entries carry fixed timestamps, so reruns give the same bytes
# (Keras results may differ in the last bits across TF versions).
import os
import pathlib
import shutil
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")

import numpy as np  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import keras_to_gml_float as k2g  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "GMLConverterTests" / "Fixtures"
SEED = 20240611


def _layers():
    import keras

    return keras, keras.layers


def mobilenet_style():
    keras, L = _layers()
    x = keras.Input((32, 32, 3), name="image")
    y = L.Conv2D(8, 3, strides=2, padding="same", use_bias=False, name="stem_conv")(x)
    y = L.BatchNormalization(name="stem_bn")(y)
    y = L.ReLU(6.0, name="stem_relu6")(y)
    # block 1: depthwise with multiplier 2 (8 -> 16 channels)
    y = L.DepthwiseConv2D(3, padding="same", depth_multiplier=2, use_bias=False, name="dw1")(y)
    y = L.BatchNormalization(name="dw1_bn")(y)
    y = L.ReLU(6.0, name="dw1_relu6")(y)
    y = L.Conv2D(16, 1, use_bias=False, name="pw1")(y)
    y = L.BatchNormalization(name="pw1_bn")(y)
    y = L.ReLU(6.0, name="pw1_relu6")(y)
    # block 2: explicit pad then a stride-2 'valid' depthwise (the Keras MobileNet idiom)
    y = L.ZeroPadding2D(((0, 1), (0, 1)), name="dw2_pad")(y)
    y = L.DepthwiseConv2D(3, strides=2, padding="valid", name="dw2")(y)
    y = L.BatchNormalization(name="dw2_bn")(y)
    y = L.Activation("relu6", name="dw2_relu6")(y)
    y = L.Conv2D(24, 1, name="pw2")(y)
    y = L.BatchNormalization(name="pw2_bn")(y)
    y = L.ReLU(6.0, name="pw2_relu6")(y)
    y = L.GlobalAveragePooling2D(name="gap")(y)
    y = L.Dropout(0.2, name="dropout")(y)
    y = L.Dense(10, activation="softmax", name="logits")(y)
    return keras.Model(x, y, name="mobilenet_style")


def residual():
    keras, L = _layers()
    x = keras.Input((16, 16, 3), name="image")
    y = L.Conv2D(8, 3, padding="same", name="stem_conv")(x)
    y = L.BatchNormalization(name="stem_bn")(y)
    y = L.ReLU(name="stem_relu")(y)
    # block 1: identity shortcut
    r = L.Conv2D(8, 3, padding="same", name="b1_conv1")(y)
    r = L.BatchNormalization(name="b1_bn1")(r)
    r = L.ReLU(name="b1_relu1")(r)
    r = L.Conv2D(8, 3, padding="same", name="b1_conv2")(r)
    r = L.BatchNormalization(name="b1_bn2")(r)
    y = L.Add(name="b1_add")([y, r])
    y = L.ReLU(name="b1_relu")(y)
    y = L.MaxPooling2D(2, name="maxpool")(y)  # 8x8
    # block 2: stride 2 (odd 'same' pixel at the bottom/right), 1x1 projection shortcut
    r = L.Conv2D(16, 3, strides=2, padding="same", name="b2_conv1")(y)
    r = L.BatchNormalization(name="b2_bn1")(r)
    r = L.ReLU(name="b2_relu1")(r)
    r = L.Conv2D(16, 3, padding="same", name="b2_conv2")(r)
    r = L.BatchNormalization(name="b2_bn2")(r)
    s = L.Conv2D(16, 1, strides=2, name="b2_proj")(y)
    s = L.BatchNormalization(name="b2_proj_bn")(s)
    y = L.Add(name="b2_add")([s, r])
    y = L.ReLU(name="b2_relu")(y)
    y = L.AveragePooling2D(2, name="avgpool")(y)  # 2x2x16
    y = L.Flatten(name="flatten")(y)
    y = L.Dense(10, name="logits")(y)
    return keras.Model(x, y, name="residual")


def dense_only():
    keras, L = _layers()
    return keras.Sequential(
        [
            keras.Input((64,), name="features"),
            L.Dense(32, activation="relu", name="fc1"),
            L.BatchNormalization(name="bn"),
            L.Dense(16, activation="tanh", name="fc2"),
            L.Dense(16, activation="sigmoid", name="fc3"),
            L.LeakyReLU(negative_slope=0.1, name="leaky"),
            L.Dense(10, name="fc4"),
            L.Softmax(name="softmax"),
        ],
        name="dense_only",
    )


def every_op():
    keras, L = _layers()
    x = keras.Input((8, 8, 3), name="image")
    a = L.Conv2D(8, 3, padding="same", dilation_rate=2, activation="hard_swish", name="conv_dilated")(x)
    b = L.Conv2D(8, 1, activation="tanh", name="conv_tanh")(x)
    d = L.Subtract(name="sub")([a, b])
    g = L.GlobalAveragePooling2D(keepdims=True, name="gap_keepdims")(d)  # [1,1,1,8]
    g = L.Activation("sigmoid", name="gate")(g)
    m = L.Multiply(name="mul_broadcast")([d, g])  # [1,8,8,8] * [1,1,1,8]
    p = L.AveragePooling2D(3, strides=2, padding="same", name="avgpool_same")(m)  # 4x4x8
    q = L.MaxPooling2D(3, strides=2, padding="same", name="maxpool_same")(m)  # 4x4x8
    c = L.Concatenate(axis=-1, name="concat")([p, q])  # 4x4x16
    c = L.LeakyReLU(negative_slope=0.3, name="leaky")(c)
    t = L.Permute((3, 1, 2), name="permute")(c)  # [1,16,4,4]
    t = L.Reshape((-1, 16), name="reshape")(t)  # [1,16,16]
    t = L.Dense(4, activation="sigmoid", name="dense_rank3")(t)  # [1,16,4]
    f = L.Flatten(name="flatten")(t)  # [1,64]
    f = L.Activation("tanh", name="tanh")(f)
    f = L.Activation("hard_swish", name="hard_swish")(f)
    f = L.Dense(10, name="logits")(f)
    y = L.Softmax(axis=-1, name="softmax")(f)
    return keras.Model(x, y, name="every_op")


def keras_ops():
    """A MobileNetV3-style block written with keras.ops arithmetic, as
    keras.applications writes it: Rescaling and Normalization in front,
    hard-sigmoid `ReLU(6.)(x + 3.) * (1. / 6.)`, hard-swish
    `x * hard_sigmoid(x)`, a squeeze-and-excitation gate, and a constant
    subtracted from, subtracted, and divided by."""
    keras, L = _layers()

    def hard_sigmoid(t, name):
        return L.ReLU(6.0, name=f"{name}_relu6")(t + 3.0) * (1.0 / 6.0)

    x = keras.Input((8, 8, 3), name="image")
    y = L.Rescaling(1.0 / 127.5, offset=-1.0, name="rescale")(x)
    y = L.Normalization(mean=[0.1, -0.2, 0.3], variance=[0.5, 2.0, 1.5], name="normalize")(y)
    y = L.Conv2D(16, 3, strides=2, padding="same", use_bias=False, name="stem")(y)
    y = L.BatchNormalization(name="stem_bn")(y)
    y = y * hard_sigmoid(y, "stem_hs")
    d = L.DepthwiseConv2D(5, padding="same", use_bias=False, name="dw")(y)
    d = L.BatchNormalization(name="dw_bn")(d)
    d = L.SeparableConv2D(16, 3, padding="same", activation="relu", name="separable")(d)
    s = L.GlobalAveragePooling2D(keepdims=True, name="se_pool")(d)
    s = L.Conv2D(4, 1, activation="relu", name="se_reduce")(s)
    s = hard_sigmoid(L.Conv2D(16, 1, name="se_expand")(s), "se_gate")
    d = d * s
    d = (2.0 - (d - 0.5)) / 4.0
    y = L.Add(name="residual")([y, d])
    y = L.GlobalAveragePooling2D(name="pool")(y)
    y = L.Dense(10, name="logits")(y)
    return keras.Model(x, y, name="keras_ops")


def audio_1d():
    """A Conv1D audio net on 49 frames of 10 coefficients: 'same', 'causal'
    (dilation 2) and strided 'valid' Conv1D, the 1-D pools, a swish."""
    keras, L = _layers()
    x = keras.Input((49, 10), name="frames")
    y = L.Conv1D(16, 3, padding="same", activation="relu", name="conv_same")(x)
    y = L.Conv1D(16, 3, padding="causal", dilation_rate=2, name="conv_causal")(y)
    y = L.MaxPooling1D(2, name="maxpool")(y)
    y = L.Conv1D(24, 5, strides=2, activation="swish", name="conv_strided")(y)
    y = L.AveragePooling1D(2, padding="same", name="avgpool_same")(y)
    y = L.GlobalAveragePooling1D(name="gap")(y)
    y = L.Dense(12, name="logits")(y)
    return keras.Model(x, y, name="audio_1d")


def elu_autoencoder():
    """A dense autoencoder with ELU: the `elu` activation fused in Keras
    and an ELU layer of its own."""
    keras, L = _layers()
    x = keras.Input((64,), name="features")
    y = L.Dense(32, activation="elu", name="enc1")(x)
    y = L.Dense(8, name="bottleneck")(y)
    y = L.ELU(name="bottleneck_elu")(y)
    y = L.Dense(32, activation="elu", name="dec1")(y)
    y = L.Dense(64, name="reconstruction")(y)
    return keras.Model(x, y, name="elu_autoencoder")


def unary_ops():
    """keras.ops exp, log, sqrt, rsqrt and abs, and the `exponential`
    activation, each exported as its gml-float op."""
    keras, L = _layers()
    ops = keras.ops
    x = keras.Input((16,), name="features")
    a = L.Dense(16, name="dense")(x)
    a = L.Activation("linear", name="linear")(a)
    b = ops.abs(a)
    branches = [ops.log(b + 0.5), ops.sqrt(b), ops.rsqrt(b + 1.0),
                L.Dense(8, activation="exponential", name="dense_exp")(a), ops.exp(a * 0.5)]
    y = L.Concatenate(name="concat")(branches)
    y = L.Dense(8, name="out")(y)
    return keras.Model(x, y, name="unary_ops")


def prelu_net():
    """SeparableConv2D and PReLU (per position and channel, and shared over
    the spatial axes), the kind of small vision net the issue names."""
    keras, L = _layers()
    x = keras.Input((12, 12, 3), name="image")
    y = L.SeparableConv2D(8, 3, padding="same", name="sep1")(x)
    y = L.PReLU(name="prelu1")(y)
    y = L.SeparableConv2D(16, 3, strides=2, padding="same", name="sep2")(y)
    y = L.PReLU(shared_axes=[1, 2], name="prelu2")(y)
    y = L.GlobalAveragePooling2D(name="gap")(y)
    y = L.Dense(4, name="logits")(y)
    return keras.Model(x, y, name="prelu_net")


def detector_head():
    """A detector/segmenter neck: nearest UpSampling2D of a coarse map
    (Reshape, Tile, Reshape), concatenated with a fine one, and a
    Cropping2D (StridedSlice)."""
    keras, L = _layers()
    x = keras.Input((16, 16, 3), name="image")
    fine = L.Conv2D(8, 3, padding="same", activation="relu", name="fine")(x)
    coarse = L.Conv2D(8, 3, strides=2, padding="same", activation="relu", name="coarse")(fine)
    up = L.UpSampling2D(2, name="up")(coarse)
    y = L.Concatenate(name="merge")([fine, up])
    y = L.Cropping2D(((1, 2), (2, 1)), name="crop")(y)
    y = L.Conv2D(4, 1, name="head")(y)
    return keras.Model(x, y, name="detector_head")


def tiny_unet():
    """A two-level U-Net: strided Conv2D down, Conv2DTranspose up (with
    BatchNorm to fold into it and a fused ReLU), skip connections by Concat."""
    keras, L = _layers()
    x = keras.Input((16, 16, 3), name="image")
    e1 = L.Conv2D(8, 3, padding="same", activation="relu", name="enc1")(x)
    e2 = L.Conv2D(16, 3, strides=2, padding="same", activation="relu", name="enc2")(e1)
    b = L.Conv2D(16, 3, strides=2, padding="same", activation="relu", name="bottom")(e2)
    u2 = L.Conv2DTranspose(16, 3, strides=2, padding="same", name="up2")(b)
    u2 = L.BatchNormalization(name="up2_bn")(u2)
    u2 = L.ReLU(name="up2_relu")(u2)
    d2 = L.Concatenate(name="skip2")([u2, e2])
    u1 = L.Conv2DTranspose(8, 2, strides=2, padding="valid", activation="relu", name="up1")(d2)
    d1 = L.Concatenate(name="skip1")([u1, e1])
    y = L.Conv2D(3, 1, name="mask")(d1)
    return keras.Model(x, y, name="tiny_unet")


def resize_unet():
    """A two-level U-Net that upsamples by resizing: bilinear UpSampling2D
    (ResizeBilinear), then Resizing to an odd size, bilinear and nearest, each
    followed by a Conv2D; skip connections by Concat."""
    keras, L = _layers()
    x = keras.Input((15, 15, 3), name="image")
    e1 = L.Conv2D(8, 3, padding="same", activation="relu", name="enc1")(x)
    e2 = L.Conv2D(16, 3, strides=2, padding="same", activation="relu", name="enc2")(e1)
    b = L.Conv2D(16, 3, strides=2, padding="same", activation="relu", name="bottom")(e2)
    u2 = L.UpSampling2D(2, interpolation="bilinear", name="up2")(b)
    u2 = L.Resizing(8, 8, interpolation="bilinear", name="fit2")(u2)
    d2 = L.Concatenate(name="skip2")([L.Conv2D(8, 3, padding="same", name="dec2")(u2), e2])
    u1 = L.Resizing(15, 15, interpolation="nearest", name="up1")(d2)
    d1 = L.Concatenate(name="skip1")([u1, e1])
    y = L.Conv2D(3, 1, name="mask")(d1)
    return keras.Model(x, y, name="resize_unet")


def clip_ops():
    """Maximum and Minimum: a Maximum merge layer of three inputs' branches,
    keras.ops.minimum and .maximum with constants (a hand-written ReLU6 and a
    clamp), and with two tensors."""
    keras, L = _layers()
    ops = keras.ops
    x = keras.Input((6, 6, 4), name="image")
    a = L.Conv2D(8, 3, padding="same", name="a")(x)
    b = L.Conv2D(8, 3, padding="same", name="b")(x)
    c = L.Conv2D(8, 1, name="c")(x)
    m = L.Maximum(name="widest")([a, b, c])
    relu6 = ops.minimum(ops.maximum(m, 0.0), 6.0)
    low = ops.minimum(a, b)
    y = L.Concatenate(name="merge")([relu6, low, ops.maximum(ops.minimum(c, 0.5), -0.5)])
    y = L.Conv2D(4, 1, name="head")(y)
    return keras.Model(x, y, name="clip_ops")


def div_ops():
    """Div: softsign written with keras.ops (`a / (|a| + 1)`, a Div by a
    tensor), a constant divided by a tensor, and `x / c` (a Mul by 1 / c)."""
    keras, L = _layers()
    ops = keras.ops
    x = keras.Input((6, 6, 3), name="image")
    a = L.Conv2D(8, 3, padding="same", name="a")(x)
    softsign = ops.divide(a, ops.abs(a) + 1.0)
    inverse = ops.divide(2.0, ops.abs(a) + 0.5)
    y = L.Concatenate(name="merge")([softsign, inverse, a / 4.0])
    y = L.Conv2D(4, 1, name="head")(y)
    return keras.Model(x, y, name="div_ops")


def norm_ops():
    """SquaredDifference, Neg, Sum and ReduceMax: a channel normalisation
    written with keras.ops (moments with and without keepdims, `(y +
    negative(mean)) * rsqrt(variance + eps)`, a per-channel scale and
    offset), as hand-written LayerNorms are, then sum and max pooling
    written as reductions."""
    keras, L = _layers()
    ops = keras.ops
    x = keras.Input((6, 6, 3), name="image")
    y = L.Conv2D(8, 3, padding="same", name="a")(x)
    mean, variance = ops.moments(y, axes=[-1], keepdims=True)
    y = (y + ops.negative(mean)) * ops.rsqrt(variance + 1e-3)
    y = ops.relu(y * np.linspace(0.5, 1.5, 8, dtype=np.float32) + 0.25)
    pooled_mean, pooled_variance = ops.moments(y, axes=[1, 2])
    summed = ops.sum(y, axis=[1, 2]) * (1 / 36)
    largest = ops.max(y, axis=[1, 2])
    y = L.GlobalAveragePooling2D(name="gap")(L.Conv2D(4, 1, name="head")(y))
    return keras.Model(
        x, ops.concatenate([y, pooled_mean, pooled_variance, summed, largest], axis=-1),
        name="norm_ops")


def grouped_conv():
    """Grouped convolutions (Keras `groups`): a ResNeXt-style block (1×1,
    3×3 with 4 groups + BatchNorm + ReLU, 1×1, residual Add) and a grouped
    Conv1D."""
    keras, L = _layers()
    x = keras.Input((8, 8, 8), name="image")
    y = L.Conv2D(16, 1, activation="relu", name="reduce")(x)
    y = L.Conv2D(16, 3, padding="same", groups=4, name="grouped")(y)
    y = L.ReLU(name="grouped_relu")(L.BatchNormalization(name="grouped_bn")(y))
    y = L.Conv2D(8, 1, name="expand")(y)
    y = L.Add(name="residual")([x, y])
    y = L.Reshape((64, 8), name="rows")(y)
    y = L.Conv1D(6, 3, padding="same", groups=2, activation="relu", name="grouped_1d")(y)
    return keras.Model(x, y, name="grouped_conv")


def shuffle_ops():
    """tools/tflite_models.py's shuffle_net through the exporter: keras.ops
    split (StridedSlices), concatenate, the channel shuffle's reshape and
    transpose, unstack (StridedSlice + Reshape per row) and stack (Reshapes,
    Concat)."""
    import tflite_models

    return tflite_models.shuffle_net((16, 16, 3), classes=4, seed=0)


def attention_ops():
    """A transformer encoder block through the exporter: a positional
    embedding added (Add of a constant), token mixing by keras.ops.matmul
    with a constant matrix (MatMul), MultiHeadAttention (Dense projections,
    Reshape, Transpose, MatMul with the key transposed, Softmax, MatMul),
    LayerNormalization over the last axis (LayerNorm), Dense with
    keras.ops.gelu (tanh form) and Dense with activation "gelu" (exact)."""
    keras, L = _layers()
    ops = keras.ops
    rng = np.random.default_rng(7)
    x = keras.Input((8, 16), name="tokens")
    y = x + rng.normal(0.0, 0.5, (8, 16)).astype(np.float32)
    y = ops.matmul(rng.uniform(-0.5, 0.5, (8, 8)).astype(np.float32), y)
    a = L.MultiHeadAttention(2, 8, name="attention")(y, y)
    y = L.LayerNormalization(name="norm1")(L.Add(name="residual1")([y, a]))
    f = ops.gelu(L.Dense(32, name="ff1")(y), approximate=True)
    f = L.Dense(16, activation="gelu", name="ff2")(f)
    y = L.LayerNormalization(name="norm2")(L.Add(name="residual2")([y, f]))
    return keras.Model(x, y, name="attention_ops")


def convnext_ops():
    """tools/tflite_models.py's convnext_net at 16×16×3 through the
    exporter: LayerNormalization over the channels of an image (LayerNorm), Dense with
    GELU on every pixel, LayerScale (a Mul by its gamma)."""
    import tflite_models

    return tflite_models.convnext_net((16, 16, 3), widths=(8, 16), classes=4, seed=0)


def pow_ops():
    """tools/tflite_models.py's pow_net through the exporter: keras.ops.power
    by a constant and by another tensor (Pow)."""
    import tflite_models

    return tflite_models.pow_net((8, 6), width=8, classes=4, seed=0)


def recurrent_ops():
    """LSTM and GRU through the exporter: an LSTM over 6 steps returning
    every step's state (one LSTM node, return_sequences), a GRU over it
    returning the last (one GRU node)."""
    keras, L = _layers()
    x = keras.Input((6, 5), name="window")
    y = L.LSTM(8, return_sequences=True, name="lstm")(x)
    y = L.GRU(6, name="gru")(y)
    y = keras.ops.log_softmax(L.Dense(3, name="logits")(y), axis=-1)
    return keras.Model(x, y, name="recurrent_ops")


def embedding_ops():
    """A text classifier: int32 token ids through an Embedding (one Gather
    node), a GRU over the embedded tokens beside their mean, then logits."""
    keras, L = _layers()
    x = keras.Input((10,), dtype="int32", name="tokens")
    e = L.Embedding(24, 6, name="embed")(x)
    y = L.Concatenate(name="features")([L.GRU(8, name="gru")(e), L.GlobalAveragePooling1D(name="pool")(e)])
    return keras.Model(x, L.Dense(3, name="logits")(y), name="embedding_ops")


def randomize(model, rng):
    """Draws every weight from rng: He-scaled kernels, biases in ±0.2,
    BatchNorm statistics far from the identity (gamma 0.5..1.5, beta ±0.5,
    mean ±0.5, variance 0.5..2), PReLU slopes in ±0.5."""
    for layer in model.layers:
        kind = type(layer).__name__
        if kind == "BatchNormalization":
            n = layer.moving_mean.shape[0]
            layer.gamma.assign(rng.uniform(0.5, 1.5, n).astype(np.float32))
            layer.beta.assign(rng.uniform(-0.5, 0.5, n).astype(np.float32))
            layer.moving_mean.assign(rng.uniform(-0.5, 0.5, n).astype(np.float32))
            layer.moving_variance.assign(rng.uniform(0.5, 2.0, n).astype(np.float32))
            continue
        if kind == "LayerNormalization":
            n = tuple(layer.gamma.shape)
            layer.gamma.assign(rng.uniform(0.5, 1.5, n).astype(np.float32))
            layer.beta.assign(rng.uniform(-0.5, 0.5, n).astype(np.float32))
            continue
        if kind == "LayerScale":
            layer.gamma.assign(rng.uniform(0.1, 1.0, tuple(layer.gamma.shape)).astype(np.float32))
            continue
        if kind == "PReLU":
            layer.alpha.assign(rng.uniform(-0.5, 0.5, tuple(layer.alpha.shape)).astype(np.float32))
            continue
        if kind == "Embedding":
            shape = tuple(layer.embeddings.shape)
            layer.embeddings.assign(rng.standard_normal(shape).astype(np.float32))
            continue
        if kind in ("LSTM", "GRU"):
            cell = layer.cell
            for w in (cell.kernel, cell.recurrent_kernel):
                shape = tuple(w.shape)
                w.assign((rng.standard_normal(shape) / np.sqrt(shape[0])).astype(np.float32))
            cell.bias.assign(rng.uniform(-0.2, 0.2, tuple(cell.bias.shape)).astype(np.float32))
            continue
        kernel = getattr(layer, "kernel", None)
        if kernel is not None:
            shape = tuple(kernel.shape)
            fan_in = shape[0] * shape[1] if kind == "DepthwiseConv2D" else int(np.prod(shape[:-1]))
            layer.kernel.assign((rng.standard_normal(shape) * np.sqrt(2.0 / fan_in)).astype(np.float32))
        bias = getattr(layer, "bias", None)
        if bias is not None:
            layer.bias.assign(rng.uniform(-0.2, 0.2, tuple(bias.shape)).astype(np.float32))


FIXTURES = [
    # name, builder, weights form, npz deflated, what it exercises
    ("mobilenet_style", mobilenet_style, "npz", True,
     "Conv2D stride 2 + BatchNorm + ReLU6; DepthwiseConv2D with depth_multiplier 2 (8 → 16 channels, "
     "channel c·2+m); Pad ((0,1),(0,1)) before a stride-2 'valid' DepthwiseConv2D (Pad fusion); 1×1 "
     "Conv2D; Mean axes [1,2]; Dropout; Dense whose softmax becomes its own Softmax node. Weights in a "
     "deflated .npz"),
    ("residual", residual, "bin", False,
     "two residual blocks (identity and 1×1 stride-2 projection shortcut), Add, Relu, stride-2 'same' "
     "Conv2D on an even size (odd pixel bottom/right), MaxPool2D and AvgPool2D 2×2, Flatten, Dense "
     "(logits, no softmax)"),
    ("dense_only", dense_only, "bin", False,
     "a Keras Sequential MLP: Dense(relu), BatchNorm on [1,32], Dense(tanh), Dense(sigmoid), "
     "LeakyRelu 0.1, Dense, Softmax"),
    ("every_op", every_op, "bin", False,
     "Conv2D dilation 2 'same' (hard_swish) and 1×1 (tanh); Sub; Mean keepdims → Sigmoid; Mul "
     "broadcasting [1,8,8,8] × [1,1,1,8]; AvgPool2D and MaxPool2D 3×3 stride 2 'same'; Concat; "
     "LeakyRelu 0.3; Transpose perm [0,3,1,2]; Reshape [1,-1,16]; Dense on a rank-3 input (sigmoid); "
     "Flatten; Tanh; HardSwish; Softmax axis -1"),
    ("keras_ops", keras_ops, "bin", False,
     "Rescaling(1/127.5, offset -1) and Normalization (per-channel mean and variance) as Mul, Add, Sub "
     "and Mul by constants; MobileNetV3's keras.ops arithmetic: hard-sigmoid `ReLU(6.)(x + 3.) * (1. / 6.)` (Add and Mul by "
     "[1] constants), hard-swish as x · hard-sigmoid(x), a squeeze-and-excitation gate (Mul "
     "broadcasting [1,4,4,16] × [1,1,1,16]), `(2 - (x - 0.5)) / 4` (Sub both ways, division as Mul "
     "by 0.25); 5×5 DepthwiseConv2D; SeparableConv2D as DepthwiseConv2D + 1×1 Conv2D"),
    ("audio_1d", audio_1d, "bin", False,
     "Conv1D 'same' (relu), 'causal' with dilation 2, and stride 2 'valid' (swish: Sigmoid + Mul), "
     "each a Conv2D over one row between Reshapes; MaxPooling1D and AveragePooling1D 'same' likewise; "
     "GlobalAveragePooling1D as Mean axes [1]"),
    ("elu_autoencoder", elu_autoencoder, "bin", False,
     "Dense with the `elu` activation (exported as Dense, then Elu) and an ELU layer (Elu)"),
    ("prelu_net", prelu_net, "bin", False,
     "SeparableConv2D (DepthwiseConv2D + 1×1 Conv2D) and PReLU as PRelu, alpha per position and "
     "channel ([12, 12, 8]) and shared over the spatial axes ([1, 1, 16])"),
    ("detector_head", detector_head, "bin", False,
     "nearest UpSampling2D 2× as Reshape [1,8,1,8,1,8], Tile [1,1,2,1,2,1], Reshape; Concat with the "
     "fine map; Cropping2D ((1,2),(2,1)) as StridedSlice"),
    ("unary_ops", unary_ops, "bin", False,
     "keras.ops abs, log, sqrt, rsqrt and exp (Abs, Log, Sqrt, Rsqrt, Exp; `+ c` and `* c` as Add "
     "and Mul by constants), Dense with the `exponential` activation (Dense, then Exp), Concat; "
     "a `linear` Activation layer (Identity)"),
    ("tiny_unet", tiny_unet, "bin", False,
     "a two-level U-Net: Conv2DTranspose 3×3 stride 2 'same' with BatchNorm folded into it and "
     "ReLU fused, 2×2 stride 2 'valid' (relu), skip connections by Concat"),
    ("resize_unet", resize_unet, "bin", False,
     "a two-level U-Net on 15×15: bilinear UpSampling2D 2× (4×4 → 8×8) as ResizeBilinear, Resizing "
     "8×8 (bilinear, a no-op size) and Resizing 15×15 nearest (8×8 → 15×15), half-pixel centres; "
     "skip connections by Concat"),
    ("clip_ops", clip_ops, "bin", False,
     "Maximum of three branches (a Maximum layer: two Maximum nodes), keras.ops minimum/maximum "
     "with constants (a hand-written ReLU6, a clamp to ±0.5) and of two tensors"),
    ("div_ops", div_ops, "bin", False,
     "Div: softsign as keras.ops `a / (|a| + 1)`, `2 / (|a| + 0.5)` (a constant dividend), and "
     "`a / 4` exported as a Mul by 0.25"),
    ("grouped_conv", grouped_conv, "bin", False,
     "grouped Conv2D (3×3, 4 groups, BatchNorm folded) in a ResNeXt-style residual block, and a "
     "grouped Conv1D (2 groups)"),
    ("shuffle_ops", shuffle_ops, "bin", False,
     "ShuffleNetV2-style units written with keras.ops: split into halves and unevenly (a "
     "StridedSlice per part), concatenate, channel shuffle (Reshape, Transpose, Reshape), "
     "unstack (StridedSlice + Reshape per row) and stack (Reshape per input, Concat)"),
    ("norm_ops", norm_ops, "bin", False,
     "a channel normalisation written with keras.ops: moments (Mean, SquaredDifference, Mean; "
     "without keepdims then a Reshape each), `(y + negative(mean)) * rsqrt(variance + 1e-3)` "
     "(Neg), a per-channel scale and offset; keras.ops sum and max over H and W (Sum, "
     "ReduceMax)"),
    ("attention_ops", attention_ops, "bin", False,
     "a transformer encoder block: positional embedding (Add of a constant), token mixing by "
     "keras.ops.matmul with a constant (MatMul), MultiHeadAttention with 2 heads (Dense, "
     "Reshape, Transpose, MatMul with transpose_b, Softmax, MatMul), LayerNormalization twice (LayerNorm), "
     "Dense with keras.ops.gelu (tanh form) and with activation gelu (exact)"),
    ("convnext_ops", convnext_ops, "bin", False,
     "ConvNeXt blocks: 4×4 stride-4 stem, 7×7 DepthwiseConv2D, LayerNormalization over an "
     "image's channels (LayerNorm), Dense with gelu on every pixel, LayerScale (Mul by gamma), residual Add, "
     "a 2×2 stride-2 downsampling, GAP, LayerNormalization, Dense"),
    ("recurrent_ops", recurrent_ops, "bin", False,
     "an LSTM (6 steps, returning every state) as one LSTM node (input_weights [32, 5], "
     "recurrent_weights [32, 8], bias, return_sequences) and a GRU (reset_after) over it as one "
     "GRU node (input_weights [18, 8], recurrent_weights [18, 6], bias [2, 18], the last state); "
     "keras.ops.log_softmax of the logits (LogSoftmax)"),
    ("pow_ops", pow_ops, "bin", False,
     "keras.ops.power of sigmoid(Dense(x)) by 1.5 and of |Dense(x)| + 0.5 by sigmoid(Dense(x)) "
     "(Pow, a constant and a tensor exponent)"),
    ("embedding_ops", embedding_ops, "bin", False,
     "int32 token ids (a graph input of dtype int32) through an Embedding as one Gather node "
     "(the table [24, 6]), a GRU over the embedded tokens and GlobalAveragePooling1D beside it, "
     "Concatenate, Dense"),
]

ARCHIVES = [
    ("dense_only.gmz", "single archive: `model.json` + `NAME.npy` entries, deflated"),
    ("dense_only_stored.npz", "the same single archive with stored (uncompressed) entries"),
    ("dense_only_inline.json", "every constant inline as `\"data\": [...]`, no weights file; its `nodes` "
     "are listed in reverse order (the spec allows any order)"),
    ("dense_only.json.gz", "gzip (RFC 1952) of a JSON whose `\"weights\"` is `dense_only.bin`"),
    ("dense_only.bin", "the raw weights of `dense_only.json.gz`"),
]

README = """\
# GMLConverter test fixtures

gml-float v1 models (`../../../docs/gml-float.md`) with a batch-1
input and the Keras output for it. Made by `tools/make_converter_fixtures.py`
({versions}); rerun it to regenerate (same bytes on the same TF build):

```sh
.venv/bin/python tools/make_converter_fixtures.py
```

Weights are seeded random (numpy PCG64), not trained; every bias and every
BatchNorm statistic is random too (gamma 0.5–1.5, beta ±0.5, mean ±0.5,
variance 0.5–2), so bias layout and BatchNorm folding are really tested.
The script loads every file back with `tools/gml_float_numpy.py` (a NumPy
reference, float64) and requires it to match Keras on `input.npy` and 7 more
random inputs within 1e-4 of the largest output magnitude (the exporter's
check); the largest difference seen is given below.

Each folder holds `model.json`, its weights (`model.bin` or `model.npz`),
`input.npy` (float32, the model's input shape, standard normal; int32
token ids for an int32 input, uniform over the table's rows) and
`expected.npy` (float32, the Keras output for it).

| folder | input → output | weights | max diff | exercises |
| --- | --- | --- | --- | --- |
{rows}

`archives/` holds `dense_only` in the other storage forms of the spec; each
gives `dense_only/expected.npy` for `dense_only/input.npy`:

| file | form |
| --- | --- |
{archive_rows}

Conventions the exporter (`tools/keras_to_gml_float.py`) follows: tensor and
node names are the Keras layer names, weights are `LAYER.w`, `LAYER.b`,
`LAYER.gamma|beta|mean|variance`; a layer split in two (Dense + softmax) keeps
its name on the final output and calls the first output `LAYER.pre`. `.bin`
tensors are packed in document order; `.npz` entries are `NAME.npy` for
`"array": "NAME"`. Reshape `shape` includes the batch dimension; Concat `axis`
is non-negative; Transpose `perm` includes the batch axis.
"""


def _clean():
    """Removes what this script writes (and nothing else in Fixtures/)."""
    for name, *_ in FIXTURES:
        shutil.rmtree(OUT / name, ignore_errors=True)
    shutil.rmtree(OUT / "archives", ignore_errors=True)


def main():
    import keras
    import tensorflow as tf

    versions = f"TensorFlow {tf.__version__}, Keras {keras.__version__}, numpy {np.__version__}"
    print(versions)
    _clean()
    OUT.mkdir(parents=True, exist_ok=True)
    rows = []
    for i, (name, build, weights, deflate, note) in enumerate(FIXTURES):
        keras.utils.set_random_seed(SEED + i)
        rng = np.random.default_rng(SEED + i)
        model = build()
        randomize(model, rng)
        doc, arrays = k2g.to_gml_float(model)
        folder = OUT / name
        path = k2g.write_json_model(doc, arrays, folder, weights, deflate=deflate)
        x = k2g.sample_inputs(doc, rng, 1)
        expected = np.asarray(model(x, training=False), np.float32)
        np.save(folder / "input.npy", x)
        np.save(folder / "expected.npy", expected)
        # the check: the export, read back from disk, reproduces Keras on this input and 7 more
        batch = np.concatenate([x, k2g.sample_inputs(doc, rng, 7)])
        paths = [path]
        if name == "dense_only":
            arch = OUT / "archives"
            paths += [
                k2g.write_archive(doc, arrays, arch / "dense_only.gmz", deflate=True),
                k2g.write_archive(doc, arrays, arch / "dense_only_stored.npz", deflate=False),
                k2g.write_json_model(doc, arrays, arch, "inline", stem="dense_only_inline", reverse_nodes=True),
                k2g.write_json_model(doc, arrays, arch, "bin", stem="dense_only", gz=True),
            ]
        worst = 0.0
        for p in paths:
            diff = k2g.check_against_keras(model, p, batch)
            worst = max(worst, diff)
            print(f"{p.relative_to(ROOT)}: {len(doc['nodes'])} nodes, max abs diff vs Keras {diff:.2g}")
        size = sum(f.stat().st_size for f in folder.iterdir())
        form = "`model.npz` (deflated)" if weights == "npz" else "`model.bin`"
        rows.append(f"| `{name}/` | {doc['inputs'][0]['shape']} → {list(expected.shape)} | {form} | "
                    f"{worst:.1g} | {note}; {len(doc['nodes'])} nodes, {size // 1024 + 1} KB |")
    archive_rows = "\n".join(f"| `archives/{f}` | {what} |" for f, what in ARCHIVES)
    (OUT / "README.md").write_text(README.format(versions=versions, rows="\n".join(rows), archive_rows=archive_rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
