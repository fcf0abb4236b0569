#!/usr/bin/env python3
# tools/compare_tflite_digits.py — TFLite's own quantization of the digits CNN, as a yardstick for gml.
#
# Usage: .venv/bin/python tools/compare_tflite_digits.py [--no-write]
#   (needs tensorflow-cpu with Keras 3, ai-edge-litert, numpy; CPU only; run from anywhere)
#
# 1. Rebuilds the Keras model of samples/digits from the committed gml-float
#    files (model.json + model.bin): the architecture is train_digits.build(),
#    checked against the graph in model.json, and the weights are read with
#    gml_float_numpy.load and put back in Keras layout. No training: the
#    rebuilt model must reproduce keras_output.npy on test_x.npy within 1e-5
#    (the script stops otherwise).
# 2. Converts it with tf.lite.TFLiteConverter three ways:
#    - int8: full-integer (Optimize.DEFAULT, representative dataset =
#      calibration.npy one sample at a time, TFLITE_BUILTINS_INT8, int8 input
#      and output);
#    - dynamic range: Optimize.DEFAULT only (int8 weights, float activations);
#    - float16: Optimize.DEFAULT + supported_types [float16] (fp16 weights).
# 3. Runs each in LiteRT with its reference kernels
#    (OpResolverType.BUILTIN_REF) on test_x.npy one sample at a time. The
#    int8 model's input is quantized with its input scale/zero point
#    (round half away from zero, as TFLite's QUANTIZE, clamped to int8) and
#    its output dequantized with the output's.
# 4. Prints accuracy against test_y.npy (Keras float and each TFLite model),
#    top-1 agreement with Keras and the max abs probability difference, and
#    writes them to samples/digits/tflite_int8_accuracy.json (no timestamps:
#    a rerun on the same TF / LiteRT build gives the same file).
import argparse
import contextlib
import importlib.metadata as md
import io
import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")

import numpy as np  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import gml_float_numpy  # noqa: E402
import train_digits  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
DIGITS = ROOT / "samples" / "digits"
OUT = DIGITS / "tflite_int8_accuracy.json"
TOLERANCE = 1e-5
SEED = 1797

# model.json node (name, op) sequence that train_digits.build() exports to.
EXPECTED_NODES = [
    ("conv1", "Conv2D"), ("bn1", "BatchNorm"), ("relu1", "Relu"), ("pool1", "MaxPool2D"),
    ("conv2", "Conv2D"), ("flatten", "Flatten"), ("dropout", "Dropout"), ("logits", "Dense"),
    ("probs", "Softmax"),
]


@contextlib.contextmanager
def quiet():
    """Silences the converter's C++ and Python chatter (fd 1 and 2)."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
        os.dup2(null, 2)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            yield
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in saved + [null]:
            os.close(fd)


def rebuild_keras():
    """The digits model from model.json + model.bin, weights in Keras layout."""
    gml = gml_float_numpy.load(DIGITS / "model.json")
    nodes = [(n["name"], n["op"]) for n in gml.doc["nodes"]]
    if nodes != EXPECTED_NODES:
        raise AssertionError(f"model.json graph {nodes} is not the train_digits.py architecture")
    c = {k: np.asarray(v, np.float32) for k, v in gml.constants.items()}  # float64 copies of float32: exact
    model = train_digits.build()
    by_name = {layer.name: layer for layer in model.layers}
    by_name["conv1"].set_weights([np.transpose(c["conv1.w"], (1, 2, 3, 0))])  # [out,kh,kw,in] -> [kh,kw,in,out]
    by_name["bn1"].set_weights([c["bn1.gamma"], c["bn1.beta"], c["bn1.mean"], c["bn1.variance"]])
    by_name["conv2"].set_weights([np.transpose(c["conv2.w"], (1, 2, 3, 0)), c["conv2.b"]])
    by_name["logits"].set_weights([c["logits.w"].T, c["logits.b"]])  # [out,in] -> [in,out]
    eps = gml.doc["nodes"][1]["attrs"].get("epsilon", 0.001)
    if abs(by_name["bn1"].epsilon - eps) > 1e-12:
        raise AssertionError(f"bn1 epsilon {by_name['bn1'].epsilon} != model.json {eps}")
    return model


def convert(model, kind, calibration):
    import tensorflow as tf

    conv = tf.lite.TFLiteConverter.from_keras_model(model)
    conv.optimizations = [tf.lite.Optimize.DEFAULT]
    if kind == "int8":
        def rep():
            for i in range(calibration.shape[0]):
                yield [calibration[i : i + 1]]

        conv.representative_dataset = rep
        conv.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
        conv.inference_input_type = tf.int8
        conv.inference_output_type = tf.int8
    elif kind == "float16":
        conv.target_spec.supported_types = [tf.float16]
    elif kind != "dynamic_range":
        raise ValueError(kind)
    with quiet():
        return conv.convert()


def run_litert(model_bytes, x):
    """Runs the model with LiteRT's reference kernels on x one sample at a time; float32 [N, 10]."""
    from ai_edge_litert.interpreter import Interpreter, OpResolverType

    it = Interpreter(model_content=model_bytes, experimental_op_resolver_type=OpResolverType.BUILTIN_REF)
    it.allocate_tensors()
    (inp,), (out,) = it.get_input_details(), it.get_output_details()
    in_scale, in_zp = inp["quantization"]
    out_scale, out_zp = out["quantization"]
    rows = []
    for i in range(x.shape[0]):
        xi = x[i : i + 1]
        if inp["dtype"] == np.int8:
            v = xi.astype(np.float64) / in_scale
            q = np.sign(v) * np.floor(np.abs(v) + 0.5) + in_zp  # round half away from zero
            xi = np.clip(q, -128, 127).astype(np.int8)
        it.set_tensor(inp["index"], xi)
        it.invoke()
        y = it.get_tensor(out["index"])
        if out["dtype"] == np.int8:
            y = (y.astype(np.float32) - out_zp) * np.float32(out_scale)
        rows.append(np.asarray(y, np.float32).reshape(1, -1))
    io_params = {"input_dtype": np.dtype(inp["dtype"]).name, "output_dtype": np.dtype(out["dtype"]).name}
    if inp["dtype"] == np.int8:
        io_params.update(input_scale=float(in_scale), input_zero_point=int(in_zp),
                         output_scale=float(out_scale), output_zero_point=int(out_zp))
    return np.concatenate(rows), io_params


def main(argv=None):
    ap = argparse.ArgumentParser(description="Accuracy of TFLite's int8 / dynamic-range / float16 digits models.")
    ap.add_argument("--no-write", action="store_true", help=f"print only; do not write {OUT.relative_to(ROOT)}")
    args = ap.parse_args(argv)

    import keras
    import tensorflow as tf

    tf.get_logger().setLevel("ERROR")
    keras.utils.set_random_seed(SEED)
    tf.config.experimental.enable_op_determinism()

    test_x = np.load(DIGITS / "test_x.npy")
    test_y = np.load(DIGITS / "test_y.npy")
    calibration = np.load(DIGITS / "calibration.npy")
    keras_ref = np.load(DIGITS / "keras_output.npy")

    model = rebuild_keras()
    keras_out = np.asarray(model(test_x, training=False), np.float32)
    rebuild_diff = float(np.max(np.abs(keras_out - keras_ref)))
    if not rebuild_diff <= TOLERANCE:
        raise AssertionError(f"rebuilt Keras model differs from keras_output.npy by {rebuild_diff:.3g} (> {TOLERANCE})")
    keras_top1 = np.argmax(keras_out, axis=1)
    keras_acc = float(np.mean(keras_top1 == test_y))

    versions = {
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "ai-edge-litert": md.version("ai-edge-litert"),
        "numpy": np.__version__,
    }
    print(", ".join(f"{k} {v}" for k, v in versions.items()))
    n = int(test_x.shape[0])
    print(f"rebuilt Keras model from samples/digits/model.json: max abs diff vs keras_output.npy {rebuild_diff:.3g}")
    print(f"{'model':<20} {'accuracy':>9} {'correct':>8} {'agree w/ Keras':>15} {'max |dp|':>9} {'bytes':>7}")
    print(f"{'keras float32':<20} {keras_acc:>9.4f} {int(np.sum(keras_top1 == test_y)):>5}/{n} {'-':>15} {'-':>9} {'-':>7}")

    results = {}
    for kind in ("int8", "dynamic_range", "float16"):
        blob = convert(model, kind, calibration)
        out, io_params = run_litert(blob, test_x)
        top1 = np.argmax(out, axis=1)
        correct = int(np.sum(top1 == test_y))
        agree = int(np.sum(top1 == keras_top1))
        diff = float(np.max(np.abs(out - keras_out)))
        results[kind] = {
            "accuracy": correct / n,
            "correct": correct,
            "top1_agreement_with_keras": agree / n,
            "agreeing": agree,
            "max_abs_prob_diff_vs_keras": round(diff, 6),
            "tflite_bytes": len(blob),
            **io_params,
        }
        print(f"{'tflite ' + kind:<20} {correct / n:>9.4f} {correct:>5}/{n} {agree / n:>10.4f} ({agree:>3})"
              f" {diff:>9.4f} {len(blob):>7}")

    doc = {
        "what": "TFLite's own conversions of samples/digits (rebuilt in Keras from model.json + model.bin), "
                "run with LiteRT reference kernels (BUILTIN_REF) one test image at a time",
        "made_by": "tools/compare_tflite_digits.py",
        "versions": versions,
        "samples": n,
        "calibration_samples": int(calibration.shape[0]),
        "rebuild_max_abs_diff_vs_keras_output": rebuild_diff,
        "keras_float32": {"accuracy": keras_acc, "correct": int(np.sum(keras_top1 == test_y))},
        "tflite": results,
    }
    if not args.no_write:
        OUT.write_text(json.dumps(doc, indent=2) + "\n")
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
