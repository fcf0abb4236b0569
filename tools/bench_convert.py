#!/usr/bin/env python3
# tools/bench_convert.py — times `gml convert --quantize int8` against TFLiteConverter, each as a whole process, on the same model and calibration set.
#
# Usage: .venv/bin/python tools/bench_convert.py [--models a,b] [--samples N] [--rounds R]
#            [--work DIR] [--rebuild] [--gml PATH] [--json FILE]
#   (needs tensorflow-cpu with Keras 3, numpy, and a release gml: `swift build -c release
#   --product gml`, or --gml PATH; all models, 100 samples, 1 round: about 6 minutes)
#
# 1. Builds each model once into --work (default /tmp/gml-bench-convert):
#    the MLPerf Tiny models of tools/tflite_models.py at full size (seeded
#    weights, BatchNorm statistics moved near the data's), and Keras
#    applications' ResNet50 and DenseNet121 at 96×96×3, 10 classes, with
#    Keras' own random initialisation. Each is saved as <name>.keras, its
#    float32 .tflite (<name>_float.tflite) and --samples seeded calibration
#    samples (<name>_calibration.npy, float32, leading sample axis).
# 2. Per round, in this order:
#    - TFLiteConverter, as a user runs it: a fresh Python process that
#      imports TensorFlow, loads <name>.keras and converts it to full-integer
#      int8 (Optimize.DEFAULT, the samples as the representative dataset,
#      float input and output as gml's default), writing the .tflite.
#    - gml: `gml convert <name>_float.tflite -o <name>.gml --quantize int8
#      --calibration <name>_calibration.npy` (calibration on every core and
#      the conversion report's per-layer comparison included).
#    Both are timed by wall clock around the whole process; each process's
#    peak resident memory comes from wait4 (models are built in a child
#    process, so this one, whose pages a child counts from the fork, stays
#    small).
# 3. Prints the median of the rounds per model, TFLiteConverter / gml, with
#    the CPU's model name and core count; --json writes every round.
import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")

import numpy as np  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import bench_vs_litert as B  # noqa: E402
import tflite_models as M  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
APPLICATIONS = {"resnet50": "ResNet50", "densenet121": "DenseNet121"}
MODELS = ["vww_mobilenet_v1", "kws_ds_cnn", "ic_resnet8", "ad_fc_autoencoder",
          "vww_mobilenet_v2", *APPLICATIONS]

# The TFLiteConverter process: argv = keras path, calibration .npy, output.
TFLITE_CONVERT = """
import os, sys
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np, tensorflow as tf, keras
model = keras.models.load_model(sys.argv[1], compile=False)
samples = np.load(sys.argv[2])
def representative():
    for x in samples:
        yield [x[None]]
conv = tf.lite.TFLiteConverter.from_keras_model(model)
conv.optimizations = [tf.lite.Optimize.DEFAULT]
conv.representative_dataset = representative
conv.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
open(sys.argv[3], "wb").write(conv.convert())
"""


def build(name, work, count):
    """Writes <name>.keras, <name>_float.tflite and <name>_calibration.npy into `work`."""
    import keras
    import tensorflow as tf

    keras.backend.clear_session()
    if name in APPLICATIONS:
        model = getattr(keras.applications, APPLICATIONS[name])(
            weights=None, input_shape=(96, 96, 3), classes=10)
        kind = "image"
    else:
        model = M.FULL_SIZE[name](B.seed(name, "weights"))
        kind = B.KINDS[name]
    shape = tuple(int(d) for d in model.input_shape[1:])
    samples = M.random_inputs(kind, shape, count, B.seed(name, "calibration")).astype(np.float32)
    if name not in APPLICATIONS:
        M.calibrate_batchnorm(model, samples[:B.REP_SAMPLES], B.seed(name, "batchnorm"))
    model.save(work / f"{name}.keras")
    conv = tf.lite.TFLiteConverter.from_keras_model(model)
    (work / f"{name}_float.tflite").write_bytes(M._quiet(conv.convert))
    np.save(work / f"{name}_calibration.npy", samples)


def timed(cmd):
    """(wall seconds, peak resident MB) of running `cmd` to completion; raises on failure."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        seconds = time.perf_counter() - start
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode != 0:
            err.seek(0)
            text = err.read().decode(errors="replace").strip()[-2000:]
            raise RuntimeError(f"{cmd[0]} failed ({p.returncode}): {text}")
    return seconds, usage.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser(
        description="Time gml convert --quantize int8 against TFLiteConverter, whole processes.")
    ap.add_argument("--models", help=f"comma-separated names or parts of them, of: {', '.join(MODELS)}")
    ap.add_argument("--samples", type=int, default=100, help="calibration samples (default 100)")
    ap.add_argument("--rounds", type=int, default=1, help="rounds, medians reported (default 1)")
    ap.add_argument("--work", default="/tmp/gml-bench-convert", help="where models are built")
    ap.add_argument("--rebuild", action="store_true", help="build the models again")
    ap.add_argument("--gml", default=str(ROOT / ".build/release/gml"), help="the gml binary")
    ap.add_argument("--json", help="write every round's figures here")
    ap.add_argument("--build-one", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.build_one:
        build(args.build_one, pathlib.Path(args.work), args.samples)
        return
    names = MODELS if not args.models else [
        n for n in MODELS if any(part in n for part in args.models.split(","))]
    work = pathlib.Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    cpu, flags = B.cpu_description()
    print(f"CPU: {cpu} ({os.cpu_count()} cores; {' '.join(flags)})")
    results = {}
    for name in names:
        calibration = work / f"{name}_calibration.npy"
        if args.rebuild or not calibration.exists() or len(np.load(calibration, mmap_mode="r")) != args.samples:
            print(f"building {name} ...", flush=True)
            # In a process of its own: this one stays small (TensorFlow never
            # imported here), since a child's peak memory counts its parent's
            # pages at the fork.
            subprocess.run([sys.executable, __file__, "--build-one", name, "--work", str(work),
                            "--samples", str(args.samples)], check=True)
        rounds = []
        for _ in range(args.rounds):
            tf_s, tf_mb = timed([sys.executable, "-c", TFLITE_CONVERT, str(work / f"{name}.keras"),
                                 str(calibration), str(work / f"{name}_tf_int8.tflite")])
            gml_s, gml_mb = timed([args.gml, "convert", str(work / f"{name}_float.tflite"),
                                   "-o", str(work / f"{name}.gml"), "--quantize", "int8",
                                   "--calibration", str(calibration)])
            rounds.append({"tflite_s": tf_s, "tflite_mb": tf_mb, "gml_s": gml_s, "gml_mb": gml_mb})
            print(f"{name}: TFLiteConverter {tf_s:.2f} s ({tf_mb:.0f} MB), "
                  f"gml {gml_s:.2f} s ({gml_mb:.0f} MB)", flush=True)
        results[name] = rounds
    print(f"\n| model | samples | TFLiteConverter | gml convert | TFLiteConverter / gml | peak memory (TF / gml) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, rounds in results.items():
        tf_s = statistics.median(r["tflite_s"] for r in rounds)
        gml_s = statistics.median(r["gml_s"] for r in rounds)
        tf_mb = max(r["tflite_mb"] for r in rounds)
        gml_mb = max(r["gml_mb"] for r in rounds)
        print(f"| {name} | {args.samples} | {tf_s:.2f} s | {gml_s:.2f} s | {tf_s / gml_s:.1f}× "
              f"| {tf_mb:.0f} / {gml_mb:.0f} MB |")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(
            {"cpu": cpu, "flags": flags, "cores": os.cpu_count(), "samples": args.samples,
             "models": results}, indent=1))


if __name__ == "__main__":
    main()
