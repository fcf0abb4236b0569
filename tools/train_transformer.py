#!/usr/bin/env python3
# tools/train_transformer.py — trains a small transformer encoder on synthetic sensor windows and writes samples/transformer/ (gml-float model + data).
#
# Usage: .venv/bin/python tools/train_transformer.py [--epochs 12] [--gml PATH]
#   (needs tensorflow-cpu with Keras 3, ai-edge-litert, numpy; gml: --gml,
#   else .build/release/gml)
#
# Data: synthetic activity windows, 32 steps × 6 channels (a 3-axis
# accelerometer and gyroscope), 4 classes told apart by rhythm and
# amplitude: still (noise), walking (about 2 Hz), running (about 3 Hz,
# larger), stairs (walking with a vertical drift); random phase, amplitude,
# gain per channel and noise, drawn from numpy's PCG64 with a fixed seed.
# 2,000 windows train, 64 of them are the calibration set, 200 more are the
# test set. Python, numpy and TF are seeded and TF op determinism is on.
#
# The model: Dense(32) embedding of each step, a constant positional
# embedding added, a transformer encoder block (4-head MultiHeadAttention,
# residual, LayerNormalization, Dense(64) + GELU (tanh form) + Dense(32),
# residual, LayerNormalization), GlobalAveragePooling1D, Dense(4) logits.
#
# Writes samples/transformer/: model.json + model.bin (keras_to_gml_float,
# checked against Keras on every test window), calibration.npy, test_x.npy,
# test_y.npy, keras_output.npy, test_x_0.npy, keras_output_0.npy and
# README.md, whose table gives the test accuracy of Keras, gml float32,
# gml int8 (`gml convert --quantize int8` on calibration.npy) and
# TFLiteConverter's int8 model on the same calibration set (LiteRT's
# reference kernels), and each int8 model's top-1 agreement with Keras.
import argparse
import os
import pathlib
import subprocess
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")

import numpy as np  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import keras_to_gml_float as k2g  # noqa: E402
import tflite_models as M  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "samples" / "transformer"
SEED = 2026
STEPS, CHANNELS, CLASSES = 32, 6, 4
TRAIN, TEST, CALIBRATION = 2000, 200, 64
NAMES = ["still", "walking", "running", "stairs"]


def windows(count, rng):
    """`count` synthetic windows [count, 32, 6] (50 Hz) and their labels."""
    t = np.arange(STEPS, dtype=np.float64) / 50.0
    labels = rng.integers(0, CLASSES, count)
    x = np.empty((count, STEPS, CHANNELS))
    for i, label in enumerate(labels):
        freq = {0: 0.0, 1: 2.0, 2: 3.0, 3: 1.8}[label] * rng.uniform(0.85, 1.15)
        amplitude = {0: 0.05, 1: 1.0, 2: 2.0, 3: 1.0}[label] * rng.uniform(0.7, 1.3)
        phase = rng.uniform(0, 2 * np.pi, CHANNELS)
        gain = rng.uniform(0.3, 1.0, CHANNELS)
        x[i] = amplitude * gain * np.sin(2 * np.pi * freq * t[:, None] + phase)
        if label == 3:
            x[i, :, 2] += np.linspace(0.0, rng.uniform(0.8, 1.5), STEPS)
        x[i] += rng.normal(0.0, 0.15, (STEPS, CHANNELS))
    return x.astype(np.float32), labels.astype(np.int64)


def build():
    import keras
    from keras import layers as L

    width = 32
    position = np.arange(STEPS)[:, None] / np.power(10000.0, np.arange(width)[None, :] / width)
    position = np.where(np.arange(width) % 2 == 0, np.sin(position), np.cos(position))
    x = inp = keras.Input((STEPS, CHANNELS), name="window")
    x = L.Dense(width, name="embed")(x)
    x = x + position.astype(np.float32) * 0.1
    a = L.MultiHeadAttention(4, width // 4, name="attention")(x, x)
    x = L.LayerNormalization(name="norm1")(L.Add(name="residual1")([x, a]))
    f = keras.ops.gelu(L.Dense(2 * width, name="ff1")(x), approximate=True)
    f = L.Dense(width, name="ff2")(f)
    x = L.LayerNormalization(name="norm2")(L.Add(name="residual2")([x, f]))
    x = L.GlobalAveragePooling1D(name="gap")(x)
    return keras.Model(inp, L.Dense(CLASSES, name="logits")(x), name="sensor_transformer")


def gml_outputs(gml, model_path, calibration, x, folder):
    """gml float32 and int8 outputs on every window of `x`."""
    np.save(folder / "calibration.npy", calibration)
    fl, q8 = folder / "float.gml", folder / "int8.gml"
    subprocess.run([gml, "convert", str(model_path), "-o", str(fl)], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([gml, "convert", str(model_path), "-o", str(q8), "--quantize", "int8",
                    "--calibration", str(folder / "calibration.npy")], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    outs = {"float": [], "int8": []}
    for i in range(x.shape[0]):
        np.save(folder / "x.npy", x[i:i + 1])
        for kind, path in (("float", fl), ("int8", q8)):
            subprocess.run([gml, "run", str(path), "-i", str(folder / "x.npy"),
                            "-o", str(folder / "y.npy")], check=True, stdout=subprocess.DEVNULL)
            outs[kind].append(np.load(folder / "y.npy")[0])
    return {k: np.array(v) for k, v in outs.items()}


README = """\
# samples/transformer

A trained transformer encoder classifying synthetic sensor windows (32
steps × 6 channels: a 3-axis accelerometer and gyroscope; {names}), in
gml-float v1 (`../../docs/gml-float.md`), with calibration and test data
and the Keras outputs.

Made by `tools/train_transformer.py` ({versions}):

```sh
.venv/bin/python tools/train_transformer.py --epochs {epochs}
```

The exported model reproduces the Keras outputs on every test window
within {export_diff:.0e} (max abs difference, checked with
`tools/gml_float_numpy.py`). On the {test} test windows:

| model | accuracy | top-1 agreement with Keras | max abs logit error |
| --- | --- | --- | --- |
| Keras float32 | {acc_keras:.1%} | | |
| gml float32 (`gml convert`) | {acc_float:.1%} | {agree_float:.1%} | {err_float:.1e} |
| gml int8 (`gml convert --quantize int8 --calibration calibration.npy`) | {acc_int8:.1%} | {agree_int8:.1%} | {err_int8:.3f} |
| TFLiteConverter int8, same calibration windows (LiteRT reference kernels) | {acc_tflite:.1%} | {agree_tflite:.1%} | {err_tflite:.3f} |

| file | what it is |
| --- | --- |
| `model.json` | the graph: input `window` [1, 32, 6] → Dense(32) → Add (positional embedding) → MultiHeadAttention (4 heads: Dense, Reshape, Transpose, MatMul, Softmax, MatMul) → Add → LayerNormalization → Dense(64) → Gelu (tanh form) → Dense(32) → Add → LayerNormalization → Mean over steps → Dense(4) → output logits [1, 4] |
| `model.bin` | its weights, raw little-endian float32 |
| `calibration.npy` | float32 [{calibration}, 32, 6]: the first {calibration} training windows |
| `test_x.npy` | float32 [{test}, 32, 6]: held-out windows |
| `test_y.npy` | int64 [{test}]: their labels ({labels}) |
| `keras_output.npy` | float32 [{test}, 4]: the Keras model's logits on `test_x` |
| `test_x_0.npy`, `keras_output_0.npy` | the first window and its logits |

`tools/embedded-build.sh --check` runs this model, float32 and int8, on
every embedded target (the Cortex-M4 included) against the host's bytes.
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--gml", default=str(ROOT / ".build" / "release" / "gml"))
    args = ap.parse_args()
    import keras
    import tensorflow as tf

    tf.config.experimental.enable_op_determinism()
    keras.utils.set_random_seed(SEED)
    rng = np.random.default_rng(SEED)
    train_x, train_y = windows(TRAIN, rng)
    test_x, test_y = windows(TEST, rng)
    model = build()
    model.compile(optimizer=keras.optimizers.Adam(2e-3),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    model.fit(train_x, train_y, epochs=args.epochs, batch_size=32, verbose=0, shuffle=True)
    keras_out = np.asarray(model.predict(test_x, verbose=0), np.float32)

    OUT.mkdir(parents=True, exist_ok=True)
    doc, arrays = k2g.to_gml_float(model)
    path = k2g.write_json_model(doc, arrays, OUT, "bin", "model")
    export_diff = k2g.check_against_keras(model, path, test_x)
    calibration = train_x[:CALIBRATION]
    for name, array in (("calibration", calibration), ("test_x", test_x), ("test_y", test_y),
                        ("keras_output", keras_out), ("test_x_0", test_x[:1]),
                        ("keras_output_0", keras_out[:1])):
        np.save(OUT / f"{name}.npy", array)
    with tempfile.TemporaryDirectory() as tmp:
        ours = gml_outputs(args.gml, path, calibration, test_x, pathlib.Path(tmp))
    tflite = M.litert_outputs(M.to_tflite_int8(model, calibration, int8_io=False), test_x)
    reference = np.argmax(keras_out, -1)

    def stats(out):
        top = np.argmax(out, -1)
        return np.mean(top == test_y), np.mean(top == reference), np.max(np.abs(out - keras_out))

    acc_float, agree_float, err_float = stats(ours["float"])
    acc_int8, agree_int8, err_int8 = stats(ours["int8"])
    acc_tflite, agree_tflite, err_tflite = stats(tflite)
    import importlib.metadata as md
    versions = (f"TensorFlow {tf.__version__}, Keras {keras.__version__}, ai-edge-litert "
                f"{md.version('ai-edge-litert')}, numpy {np.__version__}")
    (OUT / "README.md").write_text(README.format(
        names=", ".join(NAMES), versions=versions, epochs=args.epochs, export_diff=export_diff,
        test=TEST, calibration=CALIBRATION, acc_keras=np.mean(reference == test_y),
        acc_float=acc_float, agree_float=agree_float, err_float=err_float, acc_int8=acc_int8,
        agree_int8=agree_int8, err_int8=err_int8, acc_tflite=acc_tflite,
        agree_tflite=agree_tflite, err_tflite=err_tflite,
        labels=", ".join(f"{i} {n}" for i, n in enumerate(NAMES))))
    print((OUT / "README.md").read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
