#!/usr/bin/env python3
# tools/tflite_models.py — Keras builders of the MLPerf Tiny-style architectures, seeded weights, TFLite conversion.
#
# Imported by tools/make_tflite_fixtures.py (reduced sizes) and meant for a
# benchmark script that builds the same architectures at full size (the
# defaults below, collected in FULL_SIZE). Nothing here trains: every weight
# is drawn from numpy's PCG64 by `randomize_weights`, BatchNorm statistics
# included (gamma 0.5–1.5, beta ±0.5, moving mean ±0.5, moving variance
# 0.5–2), so BatchNorm folding is really exercised and a builder with the
# same arguments and seed always gives the same weights. `calibrate_batchnorm`
# then moves the moving statistics near those of sample data (still random),
# so activations keep a sane scale through deep stacks.
#
# Layers are named explicitly (`b2_dw`, `b2_dw_bn`, ...) so TFLite tensor
# names do not depend on how many models were built before in the process.
#
# The architectures:
# - `mobilenet_v1`: Keras applications' MobileNet (VWW: alpha 0.25, 96×96×3,
#   2 classes); ZeroPadding2D + 'valid' depthwise on stride 2, GAP, Dense,
#   Softmax.
# - `resnet8`: MLPerf Tiny image classification (CIFAR-10, 32×32×3); three
#   stages, 1×1 stride-2 projection shortcuts (no BatchNorm on them, as in
#   MLPerf), AveragePooling over the last map, Flatten, Dense, Softmax.
# - `ds_cnn_kws`: MLPerf Tiny keyword spotting (49×10×1 MFCC, 12 classes);
#   Conv 10×4 stride 2, depthwise-separable blocks, AveragePooling, Flatten,
#   Dense, Softmax.
# - `fc_autoencoder`: MLPerf Tiny anomaly detection (640 = 5 frames × 128
#   log-mel); Dense+BN+ReLU stacks around a bottleneck, linear output.
# - `mobilenet_v2`: Keras applications' MobileNetV2 (inverted residuals,
#   ReLU6, residual Adds), 1280-wide last conv as in Keras for alpha ≤ 1.
# - `se_blocks`: not MLPerf's; the operators MobileNetV3- and
#   EfficientNet-style models add (48×48×3, 10 classes): 5×5 depthwise at
#   stride 1 and 2, a residual Add, max pools (2×2 valid, 3×3 same), a
#   gating Multiply of two activations and a squeeze-and-excitation
#   (global average, two Dense, sigmoid, Multiply broadcast over H×W).
import os
import sys
import zlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")

import numpy as np  # noqa: E402


def _k():
    import keras

    return keras, keras.layers


# ---------------------------------------------------------------------------
# Seeded weights


def randomize_weights(model, seed):
    """Sets every weight of `model` from numpy PCG64 seeded with `seed`.

    Kernels are He-normal over their fan-in with a per-output-channel spread
    (0.5–1.5, so per-channel quantization scales differ), biases uniform
    ±0.1, BatchNorm gamma 0.5–1.5, beta ±0.5, moving mean ±0.5, moving
    variance 0.5–2, PReLU slopes ±0.5. Each layer draws from its own stream (seed, layer name),
    so a layer's weights do not depend on the layers before it.
    """
    for layer in model.layers:
        if not layer.weights:
            continue
        rng = np.random.default_rng([seed, zlib.crc32(layer.name.encode())])
        kind = type(layer).__name__
        values = []
        for w in layer.weights:
            shape = tuple(int(d) for d in w.shape)
            name = w.name.split("/")[-1].split(":")[0]
            if kind == "BatchNormalization":
                lo, hi = {"gamma": (0.5, 1.5), "beta": (-0.5, 0.5),
                          "moving_mean": (-0.5, 0.5),
                          "moving_variance": (0.5, 2.0)}[name]
                v = rng.uniform(lo, hi, shape)
            elif kind == "PReLU":
                v = rng.uniform(-0.5, 0.5, shape)
            elif len(shape) >= 2:
                if kind == "DepthwiseConv2D":
                    fan_in, spread = shape[0] * shape[1], shape[2:]
                else:
                    fan_in, spread = int(np.prod(shape[:-1])), shape[-1:]
                v = rng.normal(0.0, np.sqrt(2.0 / fan_in), shape)
                v = v * rng.uniform(0.5, 1.5, spread)
            else:
                v = rng.uniform(-0.1, 0.1, shape)
            values.append(v.astype(np.float32))
        layer.set_weights(values)
    return model


def calibrate_batchnorm(model, samples, seed):
    """Moves every BatchNorm's moving statistics near those of the data.

    With purely random statistics, activations of a deep model drift far from
    unit scale (and a softmax saturates); trained models do not. Layer by
    layer, this sets moving mean = data mean + U(±0.5)·data std and moving
    variance = data variance · U(0.5, 2), per channel, over `samples` fed
    through the model as it stands (so each layer sees the statistics
    already set before it). Gamma and beta stay as `randomize_weights` drew
    them, so folding still sees non-trivial values.
    - Parameters: `samples` is a float32 batch; `seed` seeds the noise.
    """
    import keras

    inputs = model.inputs[0] if len(model.inputs) == 1 else model.inputs
    for layer in model.layers:
        if type(layer).__name__ != "BatchNormalization":
            continue
        probe = keras.Model(inputs, layer.input)
        a = np.asarray(probe(samples, training=False), np.float64)
        axes = tuple(range(a.ndim - 1))
        mean, var = a.mean(axes), a.var(axes)
        rng = np.random.default_rng([seed, zlib.crc32(layer.name.encode()), 1])
        mean = mean + rng.uniform(-0.5, 0.5, mean.shape) * np.sqrt(var)
        var = var * rng.uniform(0.5, 2.0, var.shape)
        gamma, beta, _, _ = layer.get_weights()
        layer.set_weights([gamma, beta, mean.astype(np.float32), var.astype(np.float32)])
    return model


# ---------------------------------------------------------------------------
# Builders


MOBILENET_V1_BLOCKS = ((64, 1), (128, 2), (128, 1), (256, 2), (256, 1),
                       (512, 2), (512, 1), (512, 1), (512, 1), (512, 1),
                       (512, 1), (1024, 2), (1024, 1))


def _conv_bn(x, L, filters, kernel, name, strides=1, padding="same",
             use_bias=False, act="relu6"):
    x = L.Conv2D(filters, kernel, strides=strides, padding=padding,
                 use_bias=use_bias, name=name)(x)
    x = L.BatchNormalization(name=f"{name}_bn")(x)
    if act == "relu6":
        x = L.ReLU(6.0, name=f"{name}_relu6")(x)
    elif act == "relu":
        x = L.ReLU(name=f"{name}_relu")(x)
    return x


def _dw_bn(x, L, name, strides=1, padding="same", act="relu6", use_bias=False):
    x = L.DepthwiseConv2D(3, strides=strides, padding=padding,
                          use_bias=use_bias, name=name)(x)
    x = L.BatchNormalization(name=f"{name}_bn")(x)
    if act == "relu6":
        x = L.ReLU(6.0, name=f"{name}_relu6")(x)
    elif act == "relu":
        x = L.ReLU(name=f"{name}_relu")(x)
    return x


def mobilenet_v1(input_shape=(96, 96, 3), alpha=0.25, classes=2,
                 blocks=len(MOBILENET_V1_BLOCKS), seed=0, name="mobilenet_v1"):
    """MobileNet v1 as in keras.applications (the MLPerf Tiny VWW model by default).

    - Parameters: `blocks` takes the first N depthwise-separable blocks of
      MOBILENET_V1_BLOCKS (13 is the full network); filters are
      `int(f * alpha)` as in Keras.
    - Returns: a seeded `keras.Model` with input `image` and softmax output.
    """
    keras, L = _k()
    x = inp = keras.Input(input_shape, name="image")
    x = _conv_bn(x, L, int(32 * alpha), 3, "stem", strides=2)
    for i, (f, s) in enumerate(MOBILENET_V1_BLOCKS[:blocks], start=1):
        if s == 2:
            x = L.ZeroPadding2D(((0, 1), (0, 1)), name=f"b{i}_pad")(x)
        x = _dw_bn(x, L, f"b{i}_dw", strides=s,
                   padding="same" if s == 1 else "valid")
        x = _conv_bn(x, L, int(f * alpha), 1, f"b{i}_pw")
    x = L.GlobalAveragePooling2D(name="gap")(x)
    x = L.Dense(classes, name="logits")(x)
    x = L.Softmax(name="probs")(x)
    return randomize_weights(keras.Model(inp, x, name=name), seed)


def resnet8(input_shape=(32, 32, 3), widths=(16, 32, 64), classes=10, seed=0,
            name="resnet8"):
    """ResNet-8 as in MLPerf Tiny image classification.

    Stem conv 3×3; one stage per width, each two 3×3 convs (the first of
    stride 2 from the second stage on) with a residual Add and ReLU, the
    shortcut a 1×1 stride-2 conv when the stage strides; AveragePooling over
    the whole last map, Flatten, Dense, Softmax. Convs have biases and
    BatchNorm, except the projection shortcuts (as in MLPerf).
    - Returns: a seeded `keras.Model` with input `image` and softmax output.
    """
    keras, L = _k()
    x = inp = keras.Input(input_shape, name="image")
    x = _conv_bn(x, L, widths[0], 3, "stem", use_bias=True, act="relu")
    for i, w in enumerate(widths, start=1):
        s = 1 if i == 1 else 2
        y = _conv_bn(x, L, w, 3, f"s{i}_conv1", strides=s, use_bias=True, act="relu")
        y = _conv_bn(y, L, w, 3, f"s{i}_conv2", use_bias=True, act=None)
        if s != 1 or int(x.shape[-1]) != w:
            x = L.Conv2D(w, 1, strides=s, padding="same", name=f"s{i}_proj")(x)
        x = L.Add(name=f"s{i}_add")([x, y])
        x = L.ReLU(name=f"s{i}_relu")(x)
    x = L.AveragePooling2D(int(min(x.shape[1:3])), name="avgpool")(x)
    x = L.Flatten(name="flatten")(x)
    x = L.Dense(classes, name="logits")(x)
    x = L.Softmax(name="probs")(x)
    return randomize_weights(keras.Model(inp, x, name=name), seed)


def ds_cnn_kws(input_shape=(49, 10, 1), filters=64, blocks=4, classes=12,
               head="avg", seed=0, name="ds_cnn_kws"):
    """DS-CNN as in MLPerf Tiny keyword spotting.

    Conv 10×4 stride 2 'same' + BN + ReLU, `blocks` depthwise-separable
    blocks (depthwise 3×3 + BN + ReLU, 1×1 conv + BN + ReLU), AveragePooling
    over the whole map, Flatten, Dense, Softmax.
    - Parameters: `head="avg+max"` (not MLPerf) pools the last map both ways
      and concatenates the two (MAX_POOL_2D and CONCATENATION for tests).
    - Returns: a seeded `keras.Model` with input `mfcc` and softmax output.
    """
    keras, L = _k()
    x = inp = keras.Input(input_shape, name="mfcc")
    x = _conv_bn(x, L, filters, (10, 4), "stem", strides=2, use_bias=True, act="relu")
    for i in range(1, blocks + 1):
        x = _dw_bn(x, L, f"b{i}_dw", act="relu", use_bias=True)
        x = _conv_bn(x, L, filters, 1, f"b{i}_pw", use_bias=True, act="relu")
    pool = tuple(int(d) for d in x.shape[1:3])
    if head == "avg":
        x = L.AveragePooling2D(pool, name="avgpool")(x)
    elif head == "avg+max":
        a = L.AveragePooling2D(pool, name="avgpool")(x)
        m = L.MaxPooling2D(pool, name="maxpool")(x)
        x = L.Concatenate(name="concat")([a, m])
    else:
        raise ValueError(f"ds_cnn_kws: unknown head {head!r}")
    x = L.Flatten(name="flatten")(x)
    x = L.Dense(classes, name="logits")(x)
    x = L.Softmax(name="probs")(x)
    return randomize_weights(keras.Model(inp, x, name=name), seed)


def fc_autoencoder(input_dim=640, hidden=128, bottleneck=8, depth=4, seed=0,
                   name="fc_autoencoder", elu=False):
    """The fully connected autoencoder of MLPerf Tiny anomaly detection.

    `depth` Dense(hidden)+BN+ReLU layers, Dense(bottleneck)+BN+ReLU, `depth`
    more Dense(hidden)+BN+ReLU, and a linear Dense(input_dim) output; with
    `elu`, ELU layers where the ReLUs are.
    - Returns: a seeded `keras.Model` with input `features`.
    """
    keras, L = _k()
    x = inp = keras.Input((input_dim,), name="features")

    def dense_bn_relu(x, units, name):
        x = L.Dense(units, name=name)(x)
        x = L.BatchNormalization(name=f"{name}_bn")(x)
        return L.ELU(name=f"{name}_elu")(x) if elu else L.ReLU(name=f"{name}_relu")(x)

    for i in range(1, depth + 1):
        x = dense_bn_relu(x, hidden, f"enc{i}")
    x = dense_bn_relu(x, bottleneck, "bottleneck")
    for i in range(1, depth + 1):
        x = dense_bn_relu(x, hidden, f"dec{i}")
    x = L.Dense(input_dim, name="reconstruction")(x)
    return randomize_weights(keras.Model(inp, x, name=name), seed)


def prelu_net(shape=(32, 32, 3), classes=4, seed=0, name="prelu_net"):
    """SeparableConv2D + BatchNorm + PReLU blocks (slopes per position and
    channel, then shared over the spatial axes), global pooling, Dense.
    - Returns: a seeded `keras.Model` with input `image`.
    """
    keras, L = _k()
    x = inp = keras.Input(shape, name="image")
    for i, (filters, stride, shared) in enumerate(((8, 1, None), (16, 2, [1, 2]),
                                                   (32, 2, [1, 2]))):
        x = L.SeparableConv2D(filters, 3, strides=stride, padding="same", name=f"sep{i}")(x)
        x = L.BatchNormalization(name=f"sep{i}_bn")(x)
        x = L.PReLU(shared_axes=shared, name=f"sep{i}_prelu")(x)
    x = L.GlobalAveragePooling2D(name="gap")(x)
    x = L.Dense(classes, name="logits")(x)
    x = L.Softmax(name="probs")(x)
    return randomize_weights(keras.Model(inp, x, name=name), seed)


def detector_head(shape=(32, 32, 3), outputs=6, seed=0, name="detector_head"):
    """A YOLO-style neck: a stride-2 branch upsampled back (nearest, which
    Keras 3 exports as EXPAND_DIMS + TILE + a RESHAPE with a dynamic shape),
    concatenated with the fine map, cropped (STRIDED_SLICE), a 1×1 head.
    - Returns: a seeded `keras.Model` with input `image`.
    """
    keras, L = _k()
    x = inp = keras.Input(shape, name="image")
    fine = L.Conv2D(8, 3, padding="same", activation="relu", name="fine")(x)
    coarse = L.Conv2D(16, 3, strides=2, padding="same", activation="relu", name="coarse")(fine)
    up = L.UpSampling2D(2, name="up")(coarse)
    y = L.Concatenate(name="merge")([fine, up])
    y = L.Cropping2D(((1, 1), (2, 0)), name="crop")(y)
    y = L.Conv2D(outputs, 1, name="head")(y)
    return randomize_weights(keras.Model(inp, y, name=name), seed)


def _conv_bn_relu(x, filters, stride, name):
    """A 3×3 'same' Conv2D, BatchNorm and ReLU: the U-Nets' block."""
    _, L = _k()
    x = L.Conv2D(filters, 3, strides=stride, padding="same", name=name)(x)
    x = L.BatchNormalization(name=f"{name}_bn")(x)
    return L.ReLU(name=f"{name}_relu")(x)


def tiny_unet(shape=(32, 32, 3), classes=3, seed=0, name="tiny_unet"):
    """A three-level segmentation U-Net: strided Conv2D + BatchNorm + ReLU
    down, Conv2DTranspose (stride 2, 'same') + BatchNorm + ReLU up, skip
    connections by concatenation, a 1×1 head per pixel.
    - Returns: a seeded `keras.Model` with input `image`.
    """
    keras, L = _k()
    x = inp = keras.Input(shape, name="image")

    e1 = _conv_bn_relu(x, 8, 1, "enc1")
    e2 = _conv_bn_relu(e1, 16, 2, "enc2")
    b = _conv_bn_relu(e2, 32, 2, "bottom")
    u = L.Conv2DTranspose(16, 3, strides=2, padding="same", name="up2")(b)
    u = L.ReLU(name="up2_relu")(L.BatchNormalization(name="up2_bn")(u))
    u = L.Concatenate(name="skip2")([u, e2])
    u = L.Conv2DTranspose(8, 3, strides=2, padding="same", name="up1")(u)
    u = L.ReLU(name="up1_relu")(L.BatchNormalization(name="up1_bn")(u))
    u = L.Concatenate(name="skip1")([u, e1])
    y = L.Conv2D(classes, 1, name="mask")(u)
    return randomize_weights(keras.Model(inp, y, name=name), seed)


def resnext_net(shape=(32, 32, 3), classes=10, groups=4, seed=0, name="resnext_net"):
    """A small ResNeXt: a stem, then blocks of 1×1, grouped 3×3 (`groups`),
    1×1 with BatchNorm and ReLU around a residual Add (a projection where
    the width or stride changes), global pooling, Dense.
    - Returns: a seeded `keras.Model` with input `image`.
    """
    keras, L = _k()
    x = inp = keras.Input(shape, name="image")
    x = _conv_bn_relu(x, 16, 1, "stem")
    for i, (width, stride) in enumerate(((32, 1), (64, 2))):
        y = L.Conv2D(width, 1, name=f"b{i}_reduce")(x)
        y = L.ReLU(name=f"b{i}_reduce_relu")(L.BatchNormalization(name=f"b{i}_reduce_bn")(y))
        y = L.Conv2D(width, 3, strides=stride, padding="same", groups=groups, name=f"b{i}_grouped")(y)
        y = L.ReLU(name=f"b{i}_grouped_relu")(L.BatchNormalization(name=f"b{i}_grouped_bn")(y))
        y = L.BatchNormalization(name=f"b{i}_expand_bn")(L.Conv2D(width, 1, name=f"b{i}_expand")(y))
        shortcut = L.Conv2D(width, 1, strides=stride, name=f"b{i}_project")(x)
        x = L.ReLU(name=f"b{i}_relu")(L.Add(name=f"b{i}_add")([shortcut, y]))
    x = L.GlobalAveragePooling2D(name="gap")(x)
    return randomize_weights(keras.Model(inp, L.Dense(classes, name="logits")(x), name=name), seed)


def shuffle_net(shape=(16, 16, 3), classes=4, seed=0, name="shuffle_net"):
    """ShuffleNetV2-style units (channel split, 1×1 / depthwise 3×3 / 1×1
    on one half, concatenation, channel shuffle), an uneven split
    (SPLIT_V), channels picked (GATHER), and rows taken apart and stacked
    again (UNPACK, PACK).
    - Returns: a seeded `keras.Model` with input `image`.
    """
    keras, L = _k()
    ops = keras.ops
    x = inp = keras.Input(shape, name="image")
    x = _conv_bn_relu(x, 16, 1, "stem")
    h, w = shape[0], shape[1]
    for i in range(2):
        a, b = ops.split(x, 2, axis=-1)
        b = L.Conv2D(8, 1, activation="relu", name=f"u{i}_reduce")(b)
        b = L.DepthwiseConv2D(3, padding="same", name=f"u{i}_dw")(b)
        b = L.Conv2D(8, 1, activation="relu", name=f"u{i}_expand")(b)
        x = ops.concatenate([a, b], axis=-1)
        x = ops.reshape(ops.transpose(ops.reshape(x, (-1, h, w, 2, 8)), (0, 1, 2, 4, 3)), (-1, h, w, 16))
    narrow, wide = ops.split(x, [6], axis=-1)
    x = ops.concatenate([L.Conv2D(6, 1, name="narrow")(narrow), wide], axis=-1)
    x = ops.take(x, [0, 1, 2, 3, 7, 8, 12, 13, 14, 15], axis=-1)  # GATHER of channels
    rows = ops.unstack(x, axis=1)
    x = ops.stack([rows[0], rows[h // 2], rows[-1]], axis=1)
    x = L.GlobalAveragePooling2D(name="gap")(x)
    return randomize_weights(keras.Model(inp, L.Dense(classes, name="logits")(x), name=name), seed)


def norm_net(shape=(16, 16, 3), classes=4, seed=0, name="norm_net"):
    """A per-pixel channel normalisation written by hand, as a LayerNorm
    over channels is: `keras.ops.moments` (MEAN, SQUARED_DIFFERENCE, MEAN
    in the `.tflite`), `(y - mean) * rsqrt(variance + eps)` (SUB, ADD,
    RSQRT, MUL), a per-channel scale and offset, between convolutions.
    - Returns: a seeded `keras.Model` with input `image`.
    """
    keras, L = _k()
    ops = keras.ops
    x = inp = keras.Input(shape, name="image")
    for i, width in enumerate((12, 16)):
        y = L.Conv2D(width, 3, padding="same", name=f"conv{i}")(x)
        mean, variance = ops.moments(y, axes=[-1], keepdims=True)
        y = (y - mean) * ops.rsqrt(variance + 1e-3)
        rng = np.random.default_rng(seed + i)
        gamma = rng.uniform(0.5, 1.5, (width,)).astype(np.float32)
        beta = rng.uniform(-0.5, 0.5, (width,)).astype(np.float32)
        x = ops.relu(y * gamma + beta)
    x = L.GlobalAveragePooling2D(name="gap")(x)
    return randomize_weights(keras.Model(inp, L.Dense(classes, name="logits")(x), name=name), seed)


def layernorm_net(shape=(16, 6), classes=4, seed=0, name="layernorm_net"):
    """A sensor-window classifier with Keras' LayerNormalization twice (the
    `.tflite` has MEAN, NEG, SQUARED_DIFFERENCE, RSQRT: the form issue 18
    names), Dense layers on every time step, GlobalAveragePooling1D.
    - Returns: a seeded `keras.Model` with input `window`.
    """
    keras, L = _k()
    x = inp = keras.Input(shape, name="window")
    x = L.Dense(16, name="embed")(x)
    x = L.LayerNormalization(name="norm1")(x)
    x = L.Dense(16, activation="relu", name="mix")(x)
    x = L.LayerNormalization(name="norm2")(x)
    x = L.GlobalAveragePooling1D(name="gap")(x)
    return randomize_weights(keras.Model(inp, L.Dense(classes, name="logits")(x), name=name), seed)


def transformer_block(shape=(16, 32), heads=4, classes=4, seed=0, name="transformer_block"):
    """A transformer encoder block on a sequence of `shape` (steps × width):
    MultiHeadAttention (`heads` heads of width / heads; BATCH_MATMUL twice,
    SOFTMAX, TRANSPOSE, FULLY_CONNECTED), residual ADD, LayerNormalization,
    a feed-forward Dense pair with GELU (tanh approximation, as GPT-style
    models use it), residual ADD, LayerNormalization, GlobalAveragePooling1D.
    - Returns: a seeded `keras.Model` with input `tokens`.
    """
    keras, L = _k()
    width = shape[-1]
    x = inp = keras.Input(shape, name="tokens")
    a = L.MultiHeadAttention(heads, width // heads, name="attention")(x, x)
    x = L.LayerNormalization(name="norm1")(L.Add(name="residual1")([x, a]))
    f = L.Dense(2 * width, name="ff1")(x)
    f = keras.ops.gelu(f, approximate=True)
    f = L.Dense(width, name="ff2")(f)
    x = L.LayerNormalization(name="norm2")(L.Add(name="residual2")([x, f]))
    x = L.GlobalAveragePooling1D(name="gap")(x)
    return randomize_weights(keras.Model(inp, L.Dense(classes, name="logits")(x), name=name), seed)


def recurrent_net(shape=(16, 10), units=16, classes=4, cell="lstm", seed=0, name=None):
    """A keyword spotter (LSTM) or activity classifier (GRU, Keras'
    reset_after) over a `shape` window, unrolled (`unroll=True`: one set of
    FULLY_CONNECTED, SPLIT, LOGISTIC, TANH, MUL, ADD per step, the steps
    taken apart by UNPACK, the zero initial state a FILL), its last state
    into a Dense.
    - Returns: a seeded `keras.Model` with input `window`.
    """
    keras, L = _k()
    layer = L.LSTM if cell == "lstm" else L.GRU
    x = inp = keras.Input(shape, name="window")
    x = layer(units, unroll=True, name=cell)(x)
    model = keras.Model(inp, L.Dense(classes, name="logits")(x), name=name or f"{cell}_net")
    return randomize_weights(model, seed)


TOKEN_VOCAB = 32
"""The vocabulary of `embedding_net` and of `random_inputs`' "tokens"."""


def embedding_net(seq=12, width=16, classes=4, seed=0, name="embedding_net"):
    """A text classifier: `seq` int32 token ids of a `TOKEN_VOCAB`-word
    vocabulary through an Embedding (GATHER on the ids, after Keras'
    negative-id wrap LESS, ADD, SELECT) plus a learned position table (a
    constant ADD), Dense with ReLU on each token, GlobalAveragePooling1D,
    logits.
    - Returns: a seeded `keras.Model` with input `tokens`.
    """
    keras, L = _k()
    x = inp = keras.Input((seq,), batch_size=1, dtype="int32", name="tokens")
    x = L.Embedding(TOKEN_VOCAB, width, name="embed")(x)
    x = L.Add(name="positioned")([x, L.Embedding(seq, width, name="position")(keras.ops.arange(seq))[None]])
    x = L.GlobalAveragePooling1D(name="pool")(L.Dense(width, activation="relu", name="mix")(x))
    return randomize_weights(keras.Model(inp, L.Dense(classes, name="logits")(x), name=name), seed)


def pow_net(shape=(8, 6), width=8, classes=4, seed=0, name="pow_net"):
    """POW twice: `sigmoid(Dense(x)) ** 1.5` (a constant exponent) and
    `(|Dense(x)| + 0.5) ** sigmoid(Dense(x))` (both operands activations),
    added, flattened into a Dense. TFLiteConverter keeps POW in float in
    its int8 model (DEQUANTIZE, POW, QUANTIZE): LiteRT has no int8 POW.
    - Returns: a seeded `keras.Model` with input `sensor`.
    """
    keras, L = _k()
    ops = keras.ops
    x = inp = keras.Input(shape, name="sensor")
    h = L.Dense(width, name="d1")(x)
    a = ops.power(ops.sigmoid(h), 1.5)
    b = ops.power(ops.abs(h) + 0.5, ops.sigmoid(L.Dense(width, name="d2")(x)))
    y = L.Dense(classes, name="logits")(L.Flatten(name="flat")(L.Add(name="sum")([a, b])))
    return randomize_weights(keras.Model(inp, y, name=name), seed)


def fused_lstm_net(shape=(12, 10), units=(16, 8), classes=4, seed=0, name="fused_lstm_net"):
    """LSTMs built with tf_keras (Keras 2), batch fixed to 1, which
    TFLiteConverter fuses into UNIDIRECTIONAL_SEQUENCE_LSTM (cell_clip 10):
    the first returns its sequence into the second, whose last state goes
    into a Dense.
    - Returns: a seeded `tf_keras.Model` with input `window`.
    """
    import tf_keras

    L = tf_keras.layers
    x = inp = tf_keras.Input(shape, batch_size=1, name="window")
    for k, n in enumerate(units):
        x = L.LSTM(n, return_sequences=k + 1 < len(units), name=f"lstm{k}")(x)
    model = tf_keras.Model(inp, L.Dense(classes, name="logits")(x), name=name)
    return randomize_weights(model, seed)


def recurrent_loop_net(shape=(16, 10), units=16, classes=4, cells=("lstm",), seed=0,
                       name="recurrent_loop_net"):
    """Recurrent layers as Keras writes them by default (not unrolled), on a
    batch fixed to 1 (TFLiteConverter converts them only so): each becomes
    a WHILE loop over the steps, its condition and body in subgraphs of
    their own. Every layer but the last returns its whole sequence
    (GATHER, SLICE, CONCATENATION on the step counter); the last state
    goes into a Dense.
    - Parameters: `cells` names the layers in order, "lstm" or "gru".
    - Returns: a seeded `keras.Model` with input `window`.
    """
    keras, L = _k()
    x = inp = keras.Input(shape, batch_size=1, name="window")
    for k, cell in enumerate(cells):
        layer = L.LSTM if cell == "lstm" else L.GRU
        x = layer(units, return_sequences=k + 1 < len(cells), name=f"{cell}{k}")(x)
    model = keras.Model(inp, L.Dense(classes, name="logits")(x), name=name)
    return randomize_weights(model, seed)


def convnext_net(shape=(32, 32, 3), widths=(16, 32), classes=4, seed=0, name="convnext_net",
                 input_scale=None):
    """ConvNeXt-Tiny's structure at toy size: a 4×4 stride-4 stem, then per
    stage a ConvNeXt block (7×7 depthwise, LayerNormalization, Dense 4× wide
    with GELU (exact), Dense back, LayerScale, residual ADD), a
    LayerNormalization + 2×2 stride-2 convolution between stages; global
    average pool, LayerNormalization, Dense; `input_scale` puts a Rescaling
    before the stem.
    - Returns: a seeded `keras.Model` with input `image`.
    """
    keras, L = _k()

    class LayerScale(L.Layer):
        """x times a learned per-channel scale (ConvNeXt's layer scale)."""

        def build(self, input_shape):
            self.gamma = self.add_weight(shape=(input_shape[-1],), initializer="ones",
                                         name="gamma")

        def call(self, x):
            return x * self.gamma

    x = inp = keras.Input(shape, name="image")
    if input_scale is not None:
        x = L.Rescaling(input_scale, name="input_scale")(x)
    x = L.Conv2D(widths[0], 4, strides=4, name="stem")(x)
    x = L.LayerNormalization(epsilon=1e-6, name="stem_norm")(x)
    for i, width in enumerate(widths):
        if i > 0:
            x = L.LayerNormalization(epsilon=1e-6, name=f"down{i}_norm")(x)
            x = L.Conv2D(width, 2, strides=2, name=f"down{i}")(x)
        y = L.DepthwiseConv2D(7, padding="same", name=f"s{i}_dw")(x)
        y = L.LayerNormalization(epsilon=1e-6, name=f"s{i}_norm")(y)
        y = L.Dense(4 * width, activation="gelu", name=f"s{i}_pw1")(y)
        y = L.Dense(width, name=f"s{i}_pw2")(y)
        y = LayerScale(name=f"s{i}_scale")(y)
        x = L.Add(name=f"s{i}_add")([x, y])
    x = L.GlobalAveragePooling2D(name="gap")(x)
    x = L.LayerNormalization(epsilon=1e-6, name="head_norm")(x)
    return randomize_weights(keras.Model(inp, L.Dense(classes, name="logits")(x), name=name), seed)


def resize_unet(shape=(32, 32, 3), classes=3, seed=0, name="resize_unet"):
    """tiny_unet's encoder with a resize-then-convolve decoder: bilinear
    UpSampling2D at the lower level, Resizing (nearest) to the skip's size at
    the upper one, each followed by a 3×3 Conv2D + BatchNorm + ReLU.
    - Returns: a seeded `keras.Model` with input `image`.
    """
    keras, L = _k()
    x = inp = keras.Input(shape, name="image")

    e1 = _conv_bn_relu(x, 8, 1, "enc1")
    e2 = _conv_bn_relu(e1, 16, 2, "enc2")
    b = _conv_bn_relu(e2, 32, 2, "bottom")
    u = L.UpSampling2D(2, interpolation="bilinear", name="up2")(b)
    u = L.Concatenate(name="skip2")([_conv_bn_relu(u, 16, 1, "dec2"), e2])
    u = L.Resizing(shape[0], shape[1], interpolation="nearest", name="up1")(u)
    u = L.Concatenate(name="skip1")([_conv_bn_relu(u, 8, 1, "dec1"), e1])
    y = L.Conv2D(classes, 1, name="mask")(u)
    return randomize_weights(keras.Model(inp, y, name=name), seed)


MOBILENET_V2_BLOCKS = (  # (expansion, filters, repeats, first stride)
    (1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2),
    (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1))


def _make_divisible(v, divisor=8):
    new = max(divisor, int(v + divisor / 2) // divisor * divisor)
    return new + divisor if new < 0.9 * v else new


def mobilenet_v2(input_shape=(96, 96, 3), alpha=0.35, classes=2, blocks=17,
                 last_filters=None, seed=0, name="mobilenet_v2"):
    """MobileNetV2 as in keras.applications.

    - Parameters: `blocks` takes the first N inverted residual blocks (17 is
      the full network); `last_filters` defaults to Keras's (1280, or
      1280·alpha rounded to 8 when alpha > 1).
    - Returns: a seeded `keras.Model` with input `image` and softmax output.
    """
    keras, L = _k()
    x = inp = keras.Input(input_shape, name="image")
    x = _conv_bn(x, L, _make_divisible(32 * alpha), 3, "stem", strides=2)
    plan = [(t, c, s if r == 0 else 1) for t, c, n, s in MOBILENET_V2_BLOCKS
            for r in range(n)][:blocks]
    for i, (t, c, s) in enumerate(plan):
        cin = int(x.shape[-1])
        cout = _make_divisible(int(c * alpha))
        y = x
        if i:
            y = _conv_bn(y, L, t * cin, 1, f"b{i}_expand")
        if s == 2:
            h, w = (int(d) for d in y.shape[1:3])
            # keras.applications' correct_pad: (0, 1) on an even size, (1, 1) odd.
            y = L.ZeroPadding2D(((h % 2, 1), (w % 2, 1)), name=f"b{i}_pad")(y)
        y = _dw_bn(y, L, f"b{i}_dw", strides=s,
                   padding="same" if s == 1 else "valid")
        y = _conv_bn(y, L, cout, 1, f"b{i}_project", act=None)
        x = L.Add(name=f"b{i}_add")([x, y]) if s == 1 and cin == cout else y
    if last_filters is None:
        last_filters = _make_divisible(1280 * alpha) if alpha > 1.0 else 1280
    x = _conv_bn(x, L, last_filters, 1, "last")
    x = L.GlobalAveragePooling2D(name="gap")(x)
    x = L.Dense(classes, name="logits")(x)
    x = L.Softmax(name="probs")(x)
    return randomize_weights(keras.Model(inp, x, name=name), seed)


# Full MLPerf Tiny sizes (and MobileNetV2 at the VWW size), for benchmarks.
def se_blocks(input_shape=(48, 48, 3), classes=10, seed=0, name="se_blocks"):
    """MobileNetV3/EfficientNet-style blocks (the module header lists them).

    - Returns: a seeded `keras.Model` with input `image`.
    """
    keras, L = _k()
    inp = keras.Input(input_shape, name="image")
    x0 = _conv_bn(inp, L, 16, 3, "stem", strides=2, act="relu")
    y = L.DepthwiseConv2D(5, padding="same", use_bias=False, name="dw1")(x0)
    y = L.ReLU(6.0, name="dw1_relu6")(L.BatchNormalization(name="dw1_bn")(y))
    y = _conv_bn(y, L, 16, 1, "pw1", act=None)
    x = L.Add(name="residual")([x0, y])
    x = L.MaxPooling2D(2, strides=2, name="pool2")(x)
    x = _conv_bn(x, L, 32, 3, "c2", act="relu")
    x = L.DepthwiseConv2D(5, strides=2, padding="same", use_bias=False, name="dw2")(x)
    x = L.ReLU(6.0, name="dw2_relu6")(L.BatchNormalization(name="dw2_bn")(x))
    a = L.Conv2D(32, 1, name="gate_a")(x)
    b = L.Conv2D(32, 1, activation="relu", name="gate_b")(x)
    x = L.Multiply(name="gate")([a, b])
    s = L.GlobalAveragePooling2D(name="se_pool")(x)
    s = L.Dense(8, activation="relu", name="se_reduce")(s)
    s = L.Activation("sigmoid", name="se_sigmoid")(L.Dense(32, name="se_expand")(s))
    x = L.Multiply(name="se_scale")([x, L.Reshape((1, 1, 32), name="se_reshape")(s)])
    x = L.MaxPooling2D(3, strides=2, padding="same", name="pool3")(x)
    x = L.GlobalAveragePooling2D(name="gap")(x)
    x = L.Softmax(name="probs")(L.Dense(classes, name="logits")(x))
    return randomize_weights(keras.Model(inp, x, name=name), seed)


FULL_SIZE = {
    "vww_mobilenet_v1": lambda seed=0: mobilenet_v1(seed=seed),
    "ic_resnet8": lambda seed=0: resnet8(seed=seed),
    "kws_ds_cnn": lambda seed=0: ds_cnn_kws(seed=seed),
    "ad_fc_autoencoder": lambda seed=0: fc_autoencoder(seed=seed),
    "vww_mobilenet_v2": lambda seed=0: mobilenet_v2(seed=seed),
    "se_blocks": lambda seed=0: se_blocks(seed=seed),
    "transformer_block": lambda seed=0: transformer_block((64, 64), heads=4, classes=12,
                                                          seed=seed),
    "kws_lstm": lambda seed=0: recurrent_net((49, 10), units=64, classes=12, cell="lstm",
                                             seed=seed, name="kws_lstm"),
    "har_gru": lambda seed=0: recurrent_net((64, 6), units=32, classes=6, cell="gru",
                                            seed=seed, name="har_gru"),
    # kws_lstm as TFLiteConverter fuses a tf_keras LSTM: int8, TFLite's integer LSTM.
    "kws_fused_lstm": lambda seed=0: fused_lstm_net((49, 10), units=(64,), classes=12,
                                                    seed=seed, name="kws_fused_lstm"),
}


# ---------------------------------------------------------------------------
# Inputs


def random_inputs(kind, shape, count, seed):
    """`count` float32 samples of `shape` (no batch axis) in a realistic range.

    - Parameters: `kind` is "image" (uniform [0, 1], as the MLPerf Tiny
      image models take them), "mfcc" (coefficient k ~ N(0, (40 / (1 + k))²),
      coefficient 0 offset by -20), "logmel" (dB, N(-30, 12²) clipped to
      [-90, 10]), "sensor" (a window of sensor channels, N(0, 1)) or
      "tokens" (int32 ids uniform over `TOKEN_VOCAB`).
    - Returns: an array of shape `(count,) + shape`.
    """
    rng = np.random.default_rng(seed)
    full = (count,) + tuple(shape)
    if kind == "tokens":
        return rng.integers(0, TOKEN_VOCAB, full).astype(np.int32)
    if kind == "image":
        x = rng.uniform(0.0, 1.0, full)
    elif kind == "mfcc":
        k = np.arange(shape[1], dtype=np.float64).reshape(1, 1, -1, 1)
        x = rng.normal(0.0, 1.0, full) * (40.0 / (1.0 + k))
        x[:, :, 0] -= 20.0
    elif kind == "logmel":
        x = np.clip(rng.normal(-30.0, 12.0, full), -90.0, 10.0)
    elif kind == "sensor":
        x = rng.normal(0.0, 1.0, full)
    else:
        raise ValueError(f"random_inputs: unknown kind {kind!r}")
    return x.astype(np.float32)


# ---------------------------------------------------------------------------
# Conversion


def _quiet(fn):
    """Runs fn() with fds 1 and 2 sent to /dev/null (the converter is chatty)."""
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
            return fn()
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in saved + [null]:
            os.close(fd)


def to_tflite_float(model):
    """The float32 `.tflite` bytes of a Keras model (batch axis dynamic)."""
    import tensorflow as tf

    conv = tf.lite.TFLiteConverter.from_keras_model(model)
    return _quiet(conv.convert)


def to_tflite_int8(model, samples, int8_io=True):
    """The full-integer int8 `.tflite` bytes of a Keras model.

    - Parameters: `samples` is the representative dataset, an array whose
      first axis runs over samples (each fed with batch 1); `int8_io=False`
      keeps float32 input and output (QUANTIZE / DEQUANTIZE at the edges).
    """
    import tensorflow as tf

    def rep():
        for s in samples:
            yield [s[None] if s.dtype == np.int32 else s[None].astype(np.float32)]

    conv = tf.lite.TFLiteConverter.from_keras_model(model)
    conv.optimizations = [tf.lite.Optimize.DEFAULT]
    conv.representative_dataset = rep
    conv.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    if int8_io:
        conv.inference_input_type = tf.int8
        conv.inference_output_type = tf.int8
    return _quiet(conv.convert)


def litert_outputs(tflite_bytes, x):
    """LiteRT's reference kernels (BUILTIN_REF) on each sample of `x` (one
    at a time, batch 1, from reset variables: a fused LSTM's state would
    otherwise carry over from the sample before): the first output's rows,
    stacked."""
    from ai_edge_litert.interpreter import Interpreter, OpResolverType

    it = Interpreter(model_content=tflite_bytes,
                     experimental_op_resolver_type=OpResolverType.BUILTIN_REF)
    it.allocate_tensors()
    (inp,), (out,) = it.get_input_details(), it.get_output_details()
    rows = []
    for i in range(x.shape[0]):
        it.reset_all_variables()
        it.set_tensor(inp["index"], x[i:i + 1])
        it.invoke()
        rows.append(it.get_tensor(out["index"])[0].copy())
    return np.array(rows)


def op_names(tflite_bytes):
    """The builtin operator names of subgraph 0, in execution order."""
    from ai_edge_litert import schema_py_generated as S

    names = {v: k for k, v in vars(S.BuiltinOperator).items() if not k.startswith("_")}
    m = S.ModelT.InitFromPackedBuf(bytearray(tflite_bytes), 0)
    out = []
    for op in m.subgraphs[0].operators:
        code = m.operatorCodes[op.opcodeIndex]
        out.append(names[max(code.builtinCode, code.deprecatedBuiltinCode)])
    return out
