#!/usr/bin/env python3
# tools/top1_agreement.py — int8 top-1 agreement with Keras: gml's quantizer against TFLiteConverter's, per classifier kind, on one calibration set.
#
# Usage: .venv/bin/python tools/top1_agreement.py [--models NAME,...] [--epochs N]
#            [--samples N] [--gml PATH] [--keep DIR]
#   (needs tensorflow-cpu with Keras 3, ai-edge-litert, scikit-learn, numpy;
#   and gml: --gml, else .build/release/gml)
#
# For each classifier kind of issue 17's table (keras.applications models
# with weights=None and the small ones of tools/tflite_models.py) and issue
# 18's (a transformer encoder, an LSTM and a GRU over the image's rows,
# ConvNeXt blocks):
# 1. trains it for --epochs on scikit-learn's digits (8×8, 10 classes;
#    upsampled to the model's input, grey in every channel, 0–255), so that
#    its weights are trained, not random (an untrained classifier's outputs
#    are nearly flat and any quantizer agrees with them);
# 2. takes 100 training images as the calibration set of both quantizers;
# 3. TFLiteConverter: full-integer int8 (float32 edges), run with LiteRT's
#    reference kernels (BUILTIN_REF);
# 4. gml: tools/keras_to_gml_float.py's export, `gml convert --quantize int8
#    --calibration`, `gml run` per image;
# 5. prints, on --samples held-out images: Keras' accuracy, and each int8
#    model's top-1 agreement with Keras (the fraction of images where its
#    arg-max is Keras'), gml's for each --methods calibration method.
import argparse
import os
import pathlib
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")

import numpy as np  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import keras_to_gml_float as k2g  # noqa: E402
import tflite_models as M  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
CALIBRATION = 100


def conv1d_net(shape, classes):
    """A Conv1D classifier over the image read as a sequence of rows."""
    keras, L = M._k()
    x = inp = keras.Input(shape, name="image")
    x = L.Reshape((shape[0], shape[1] * shape[2]), name="rows")(x)
    x = L.Conv1D(32, 3, padding="same", activation="relu", name="c1")(x)
    x = L.MaxPooling1D(2, name="p1")(x)
    x = L.Conv1D(64, 3, padding="causal", dilation_rate=2, activation="relu", name="c2")(x)
    x = L.GlobalAveragePooling1D(name="gap")(x)
    return keras.Model(inp, L.Dense(classes, name="logits")(x), name="conv1d_net")


def transformer(shape, classes):
    """A transformer encoder over the image read as a sequence of rows: a
    Dense embedding, then tools/tflite_models.py's transformer_block
    layers (4-head attention, LayerNormalization, GELU feed-forward)."""
    keras, L = M._k()
    x = inp = keras.Input(shape, name="image")
    x = L.Reshape((shape[0], shape[1] * shape[2]), name="rows")(x)
    x = L.Rescaling(1.0 / 255, name="scale")(x)
    x = L.Dense(32, name="embed")(x)
    a = L.MultiHeadAttention(4, 8, name="attention")(x, x)
    x = L.LayerNormalization(name="norm1")(L.Add(name="residual1")([x, a]))
    f = keras.ops.gelu(L.Dense(64, name="ff1")(x), approximate=True)
    x = L.LayerNormalization(name="norm2")(L.Add(name="residual2")([x, L.Dense(32, name="ff2")(f)]))
    x = L.GlobalAveragePooling1D(name="gap")(x)
    return keras.Model(inp, L.Dense(classes, name="logits")(x), name="transformer")


def recurrent(cell):
    """An LSTM or GRU (unrolled, so that TFLiteConverter converts it to
    int8) over the image read as a sequence of rows."""
    def build(shape, classes):
        keras, L = M._k()
        x = inp = keras.Input(shape, name="image")
        x = L.Reshape((shape[0], shape[1] * shape[2]), name="rows")(x)
        x = L.Rescaling(1.0 / 255, name="scale")(x)
        layer = L.LSTM if cell == "lstm" else L.GRU
        x = layer(32, unroll=True, name=cell)(x)
        return keras.Model(inp, L.Dense(classes, name="logits")(x), name=f"{cell}_net")
    return build


def convnext(shape, classes):
    """tools/tflite_models.py's convnext_net with its input scaled to [0, 1]
    (keras.applications' ConvNeXt normalizes its input too)."""
    return M.convnext_net(shape, widths=(16, 32), classes=classes, seed=0, input_scale=1 / 255)


def convnext_raw(shape, classes):
    """convnext_net on raw 0–255 pixels: its LayerNormalizations subtract
    means of hundreds, which an unfused int8 chain cannot resolve."""
    return M.convnext_net(shape, widths=(16, 32), classes=classes, seed=0)


def applications(name):
    def build(shape, classes):
        import keras

        return getattr(keras.applications, name)(
            weights=None, input_shape=shape, classes=classes, classifier_activation=None)
    return build


MODELS = {
    "MobileNetV3Small": applications("MobileNetV3Small"),
    "EfficientNetB0": applications("EfficientNetB0"),
    "NASNetMobile": applications("NASNetMobile"),
    "prelu_net": lambda shape, classes: M.prelu_net(shape, classes=classes, seed=0),
    "conv1d_net": conv1d_net,
    "transformer": transformer,
    "convnext": convnext,
    "convnext_raw": convnext_raw,
    "lstm": recurrent("lstm"),
    "gru": recurrent("gru"),
    # The same, exported with unroll=False: one LSTM or GRU op for gml
    # (TFLiteConverter still converts the unrolled layer, its int8
    # conversion of Keras 3's loop failing).
    "lstm_op": recurrent("lstm"),
    "gru_op": recurrent("gru"),
}


def digits(size):
    """scikit-learn's digits as [N, size, size, 3] images in 0–255 and labels."""
    from sklearn.datasets import load_digits

    d = load_digits()
    images = d.images.astype(np.float32) * (255.0 / 16.0)
    k = size // 8
    images = np.kron(images, np.ones((k, k), np.float32))
    return np.repeat(images[..., None], 3, axis=-1), d.target.astype(np.int64)


def train(model, x, y, epochs):
    """Adam on the training images. BatchNorm's moving statistics follow at
    momentum 0.9: at keras.applications' 0.99 or 0.999 they lag far behind
    in a few hundred steps, and the trained model predicts one class."""
    import keras

    for layer in model.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.momentum = 0.9
    model.compile(optimizer=keras.optimizers.Adam(1e-3),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    model.fit(x, y, epochs=epochs, batch_size=32, verbose=0, shuffle=True)


def litert_predictions(data, x):
    return np.argmax(M.litert_outputs(data, x), axis=-1)


def gml_predictions(gml, model, calibration, x, folder, methods):
    """gml's int8 arg-maxes on `x`, one array per calibration method."""
    doc, arrays = k2g.to_gml_float(model)
    path = k2g.write_json_model(doc, arrays, folder, "bin", "model")
    np.save(folder / "calibration.npy", calibration)
    results = []
    for method in methods:
        out = folder / f"model-{method}.gml"
        subprocess.run([gml, "convert", str(path), "-o", str(out), "--quantize", "int8",
                        "--calibration", str(folder / "calibration.npy"),
                        "--calibration-method", method], check=True, stdout=subprocess.DEVNULL)
        rows = []
        for i in range(x.shape[0]):
            np.save(folder / "x.npy", x[i:i + 1])
            subprocess.run([gml, "run", str(out), "-i", str(folder / "x.npy"),
                            "-o", str(folder / "y.npy")], check=True, stdout=subprocess.DEVNULL)
            rows.append(np.argmax(np.load(folder / "y.npy")[0]))
        results.append(np.array(rows))
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--models", default=",".join(MODELS), help="comma-separated: " + ", ".join(MODELS))
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--samples", type=int, default=300, help="held-out images compared")
    ap.add_argument("--size", type=int, default=32, help="image side (a multiple of 8)")
    ap.add_argument("--gml", default=str(ROOT / ".build" / "release" / "gml"))
    ap.add_argument("--keep", help="keep each model's files in DIR/NAME")
    ap.add_argument("--methods", default="minmax",
                    help="gml's --calibration-method values to compare, comma-separated")
    args = ap.parse_args()
    import keras
    import tensorflow as tf

    tf.config.experimental.enable_op_determinism()  # the same trained models run to run

    images, labels = digits(args.size)
    order = np.random.default_rng(1797).permutation(len(labels))
    images, labels = images[order], labels[order]
    train_x, train_y = images[:1200], labels[:1200]
    test_x, test_y = images[1200:1200 + args.samples], labels[1200:1200 + args.samples]
    calibration = train_x[:CALIBRATION]
    print(f"digits at {args.size}x{args.size}x3: 1200 training images, {CALIBRATION} of them "
          f"the calibration set, {len(test_y)} held out; {args.epochs} epochs")
    methods = args.methods.split(",")
    print("| model | Keras accuracy | TFLiteConverter int8 agreement | "
          + " | ".join(f"gml int8 agreement ({m})" for m in methods) + " |")
    print("| --- | --- | --- | " + " | ".join("---" for _ in methods) + " |")
    for name in args.models.split(","):
        start = time.time()
        keras.utils.set_random_seed(0)
        model = MODELS[name]((args.size, args.size, 3), 10)
        train(model, train_x, train_y, args.epochs)
        reference = np.argmax(model.predict(test_x, verbose=0), axis=-1)
        tflite_int8 = M.to_tflite_int8(model, calibration, int8_io=False)
        tflite = litert_predictions(tflite_int8, test_x)
        with tempfile.TemporaryDirectory() as tmp:
            folder = pathlib.Path(args.keep) / name if args.keep else pathlib.Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "tflite_int8.tflite").write_bytes(tflite_int8)
            if name.endswith("_op"):
                for layer in model.layers:
                    if isinstance(layer, keras.layers.RNN):
                        layer.unroll = False
            ours = gml_predictions(args.gml, model, calibration, test_x, folder, methods)
        cells = " | ".join(f"{np.mean(o == reference):.3f}" for o in ours)
        print(f"| {name} | {np.mean(reference == test_y):.3f} | {np.mean(tflite == reference):.3f} "
              f"| {cells} |  ({time.time() - start:.0f} s)", flush=True)


if __name__ == "__main__":
    sys.exit(main())
