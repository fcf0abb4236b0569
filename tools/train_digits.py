#!/usr/bin/env python3
# tools/train_digits.py — trains the small digits CNN and writes samples/digits/ (gml-float model + data).
#
# Usage: .venv/bin/python tools/train_digits.py [--epochs 40]
#   (needs tensorflow-cpu with Keras 3, scikit-learn, numpy; CPU only; run from anywhere)
#
# Data: scikit-learn's bundled digits set (1797 8×8 grayscale images, no
# download), scaled to [0, 1], shape [N, 8, 8, 1]. 200 images, stratified,
# are held out as the test set; the rest train. Python, numpy and TF are
# seeded and TF op determinism is on, so a rerun on the same TF build gives
# the same weights and files.
#
# Writes samples/digits/: model.json + model.bin (via keras_to_gml_float.py,
# checked against Keras with gml_float_numpy.py on every test image),
# calibration.npy, test_x.npy, test_y.npy, keras_output.npy, test_x_0.npy,
# keras_output_0.npy and README.md.
import argparse
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")

import numpy as np  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import keras_to_gml_float as k2g  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "samples" / "digits"
SEED = 1797
TEST_COUNT = 200
CALIBRATION_COUNT = 100


def build():
    import keras
    from keras import layers as L

    x = keras.Input((8, 8, 1), name="image")
    y = L.Conv2D(8, 3, padding="same", use_bias=False, name="conv1")(x)
    y = L.BatchNormalization(name="bn1")(y)
    y = L.ReLU(name="relu1")(y)
    y = L.MaxPooling2D(2, name="pool1")(y)  # 4x4x8
    y = L.Conv2D(16, 3, padding="same", activation="relu", name="conv2")(y)
    y = L.Flatten(name="flatten")(y)  # 256
    y = L.Dropout(0.25, name="dropout")(y)
    y = L.Dense(10, name="logits")(y)
    y = L.Softmax(name="probs")(y)
    return keras.Model(x, y, name="digits_cnn")


README = """\
# samples/digits

A real (trained) float model: a small CNN classifying scikit-learn's bundled
8×8 handwritten digits, in gml-float v1 (`../../docs/gml-float.md`),
with test data and the Keras outputs to compare against.

Made by `tools/train_digits.py` ({versions}):

```sh
.venv/bin/python tools/train_digits.py --epochs {epochs}
```

Test accuracy (Keras, {test_count} held-out images): **{accuracy:.1%}**.
The exported model reproduces the Keras outputs on every test image within
{diff:.1g} (max abs difference, checked by the script with
`tools/gml_float_numpy.py`).

| file | what it is |
| --- | --- |
| `model.json` | the graph: input `image` [1, 8, 8, 1] → Conv2D(8, 3×3, same, no bias) → BatchNorm → Relu → MaxPool2D 2×2 → Conv2D(16, 3×3, same, relu) → Flatten → Dropout → Dense(10) → Softmax → output `probs` [1, 10] |
| `model.bin` | its weights, raw little-endian float32, addressed by `offset`/`length` in `model.json` |
| `calibration.npy` | float32 [{cal}, 8, 8, 1]: the first {cal} training images, for int8 calibration |
| `test_x.npy` | float32 [{test_count}, 8, 8, 1]: held-out images, pixels in [0, 1] |
| `test_y.npy` | int64 [{test_count}]: their labels 0–9 |
| `keras_output.npy` | float32 [{test_count}, 10]: the Keras model's softmax outputs on `test_x` |
| `test_x_0.npy` | float32 [1, 8, 8, 1]: `test_x[0:1]` (label {label0}) |
| `keras_output_0.npy` | float32 [1, 10]: `keras_output[0:1]` |

gml runs batch 1: the model's input is [1, 8, 8, 1], so `test_x` is fed one
image at a time (`test_x[i:i+1]`); `test_x_0.npy` is the first one, ready to use.

Quick start (once `gml convert` and `gml run` are built; today they say so
and write nothing):

```sh
swift run gml convert samples/digits/model.json -o /tmp/digits.gml
swift run gml run /tmp/digits.gml --input samples/digits/test_x_0.npy --output /tmp/digits_0.npy
# compare /tmp/digits_0.npy with samples/digits/keras_output_0.npy
swift run gml convert samples/digits/model.json -o /tmp/digits_int8.gml --quantize int8 --calibration samples/digits/calibration.npy
swift run gml validate samples/digits/model.json /tmp/digits_int8.gml --data samples/digits/test_x.npy --labels samples/digits/test_y.npy
```

The NumPy reference runs the float model today:

```sh
python3 tools/gml_float_numpy.py samples/digits/model.json --input samples/digits/test_x_0.npy --expected samples/digits/keras_output_0.npy
```
"""


def main(argv=None):
    ap = argparse.ArgumentParser(description="Train the digits CNN and write samples/digits/.")
    ap.add_argument("--epochs", type=int, default=40, help="training epochs (default 40)")
    args = ap.parse_args(argv)

    import keras
    import sklearn
    import tensorflow as tf
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    keras.utils.set_random_seed(SEED)  # python, numpy and TF
    tf.config.experimental.enable_op_determinism()

    digits = load_digits()
    x = (digits.images / 16.0).astype(np.float32)[..., None]  # pixels are 0..16
    y = digits.target.astype(np.int64)
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=TEST_COUNT, stratify=y, random_state=SEED)

    model = build()
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(x_train, y_train, batch_size=32, epochs=args.epochs, shuffle=True, verbose=0)
    keras_out = np.asarray(model(x_test, training=False), np.float32)
    accuracy = float(np.mean(np.argmax(keras_out, axis=1) == y_test))
    train_acc = float(np.mean(np.argmax(np.asarray(model(x_train, training=False)), axis=1) == y_train))

    OUT.mkdir(parents=True, exist_ok=True)
    doc, arrays = k2g.to_gml_float(model)
    path = k2g.write_json_model(doc, arrays, OUT, "bin")
    diff = k2g.check_against_keras(model, path, x_test)

    np.save(OUT / "calibration.npy", x_train[:CALIBRATION_COUNT])
    np.save(OUT / "test_x.npy", x_test)
    np.save(OUT / "test_y.npy", y_test)
    np.save(OUT / "keras_output.npy", keras_out)
    np.save(OUT / "test_x_0.npy", x_test[0:1])
    np.save(OUT / "keras_output_0.npy", keras_out[0:1])
    versions = (f"TensorFlow {tf.__version__}, Keras {keras.__version__}, "
                f"scikit-learn {sklearn.__version__}, numpy {np.__version__}")
    (OUT / "README.md").write_text(README.format(
        versions=versions, epochs=args.epochs, test_count=TEST_COUNT, accuracy=accuracy,
        diff=max(diff, 1e-9), cal=CALIBRATION_COUNT, label0=int(y_test[0])))
    print(versions)
    print(f"train accuracy {train_acc:.4f}, test accuracy {accuracy:.4f} ({TEST_COUNT} images)")
    print(f"{path.relative_to(ROOT)}: max abs difference vs Keras over the test set {diff:.3g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
