#!/usr/bin/env python3
# tools/bench_vs_litert.py — times gml against LiteRT, side by side, on MLPerf Tiny's models at full size (and se_blocks).
#
# Usage: .venv/bin/python tools/bench_vs_litert.py [--models a,b] [--work DIR] [--rebuild]
#            [--gml PATH] [--threads N] [--cpus LIST] [--rounds R] [--round-seconds S] [--isa TIER]
#            [--kinds int8,float32,dynamic,float16] [--json FILE]
#   (needs tensorflow-cpu with Keras 3, ai-edge-litert, numpy, and the Swift toolchain
#   unless --gml is given; run from anywhere; all six models: about 2 minutes
#   the first time, of which building them is 80 s, then about 30 s)
#
# 1. Builds the FULL_SIZE models of tools/tflite_models.py (VWW
#    MobileNetV1-0.25 96×96×3, KWS DS-CNN, ResNet-8 CIFAR-10, the FC anomaly
#    autoencoder, MobileNetV2-0.35 96×96, and se_blocks: 5×5 depthwise,
#    max pools and MULs, which MLPerf Tiny's models lack) with seeded weights, BatchNorm
#    statistics moved near those of REP_SAMPLES seeded samples, and converts
#    each to full-integer int8 .tflite with int8 input and output
#    (Optimize.DEFAULT, TFLITE_BUILTINS_INT8, those samples as the
#    representative dataset), as tools/make_tflite_fixtures.py does, and
#    LiteRT's three other kinds of the same model: float32, dynamic-range
#    (Optimize.DEFAULT without a representative dataset: int8 weights, hybrid
#    kernels) and float16 weights. The .tflite files and one seeded input
#    (int8 and float32) go to --work (default /tmp/gml-bench) and are reused
#    on later runs unless --rebuild.
# 2. Converts each with `gml convert` (a release build: `swift build -c
#    release --product gml`, then .build/release/gml; or --gml PATH): the
#    int8 .tflite as it is, the float32 one with --quantize none, dynamic or
#    float16 for the other --kinds rows; the MACs come from its report. A
#    refused model is reported and skipped.
# 3. Correctness: LiteRT's reference kernels (OpResolverType.BUILTIN_REF) and
#    `gml run --raw` on the same input must give the same bytes (int8), or
#    differ by at most 1e-4 of the largest output (float32, float16); the
#    dynamic rows' difference is reported only (LiteRT's hybrid kernels
#    quantize activations per run their own way). A MISMATCH line names the
#    model, the difference and its ops.
# 4. Timing, pinned to --cpus (default core 1; os.sched_setaffinity here,
#    inherited by gml, which also runs under `taskset -c`): --rounds rounds
#    alternating LiteRT (default delegate, i.e. XNNPACK, num_threads
#    --threads; time.perf_counter_ns around each invoke(), in process) and
#    `gml bench --runs N --warmup W --json` (zero inputs; it reports the
#    median per invocation). N is picked per engine so a round takes about
#    --round-seconds. LiteRT's median is over every invocation of every round;
#    gml's is the median of its per-round medians (bench gives no samples).
# 5. Prints, per model: MACs, both medians, gml/LiteRT, gml's GMAC/s, with the
#    CPU's model name and SIMD flags and the tier gml ran (--isa caps it);
#    --json writes the same with every round's numbers.
import argparse
import importlib.metadata as md
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import time
import zlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")

import numpy as np  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import tflite_models as M  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
REP_SAMPLES = 32
KINDS = {"vww_mobilenet_v1": "image", "kws_ds_cnn": "mfcc", "ic_resnet8": "image",
         "ad_fc_autoencoder": "logmel", "vww_mobilenet_v2": "image", "se_blocks": "image",
         "transformer_block": "sensor", "kws_lstm": "sensor", "har_gru": "sensor",
         "kws_fused_lstm": "sensor"}


def seed(*parts):
    return zlib.crc32("/".join(parts).encode())


def interpreter(path, ref=False, threads=1):
    from ai_edge_litert.interpreter import Interpreter, OpResolverType

    kind = OpResolverType.BUILTIN_REF if ref else OpResolverType.AUTO
    it = Interpreter(model_path=str(path), num_threads=threads,
                     experimental_op_resolver_type=kind)
    it.allocate_tensors()
    return it


KIND_SUFFIX = {"int8": "", "float32": "_float", "dynamic": "_dynamic", "float16": "_float16"}


def to_tflite_kind(model, kind):
    """LiteRT's own model of `kind` from TFLiteConverter: float32, dynamic-range
    int8 weights (Optimize.DEFAULT, no representative dataset) or float16 weights."""
    import tensorflow as tf

    conv = tf.lite.TFLiteConverter.from_keras_model(model)
    if kind != "float32":
        conv.optimizations = [tf.lite.Optimize.DEFAULT]
    if kind == "float16":
        conv.target_spec.supported_types = [tf.float16]
    return M._quiet(conv.convert)


def build(name, work):
    """Writes, in `work`: <name>.tflite (int8, int8 I/O) and <name>_input.npy
    (int8); <name>_{float,dynamic,float16}.tflite, LiteRT's other three kinds;
    <name>_float_input.npy, the same input in float32."""
    import keras

    keras.backend.clear_session()
    model = M.FULL_SIZE[name](seed(name, "weights"))
    shape = tuple(int(d) for d in model.input_shape[1:])
    rep = M.random_inputs(KINDS[name], shape, REP_SAMPLES, seed(name, "calibration"))
    M.calibrate_batchnorm(model, rep, seed(name, "batchnorm"))
    (work / f"{name}.tflite").write_bytes(M.to_tflite_int8(model, rep, int8_io=True))
    for kind in ("float32", "dynamic", "float16"):
        (work / f"{name}{KIND_SUFFIX[kind]}.tflite").write_bytes(to_tflite_kind(model, kind))
    x = M.random_inputs(KINDS[name], shape, 1, seed(name, "input"))
    np.save(work / f"{name}_float_input.npy", x.astype(np.float32))
    scale, zp = interpreter(work / f"{name}.tflite").get_input_details()[0]["quantization"]
    xq = np.clip(np.round(x / np.float32(scale)) + zp, -128, 127).astype(np.int8)
    np.save(work / f"{name}_input.npy", xq)


def files(name, kind, work):
    """(LiteRT's .tflite, the .tflite gml converts, gml's .gml, the input .npy) of one row."""
    suffix = KIND_SUFFIX[kind]
    if kind == "int8":
        return work / f"{name}.tflite", work / f"{name}.tflite", work / f"{name}.gml", \
            work / f"{name}_input.npy"
    return work / f"{name}{suffix}.tflite", work / f"{name}_float.tflite", \
        work / f"{name}{suffix}.gml", work / f"{name}_float_input.npy"


def run(cmd, cpus=None):
    if cpus and shutil.which("taskset"):
        cmd = ["taskset", "-c", ",".join(map(str, sorted(cpus)))] + cmd
    return subprocess.run(cmd, capture_output=True, text=True)


def convert(gml, name, kind, work):
    """`gml convert` (an int8 .tflite as it is; the float .tflite with
    --quantize none/dynamic/float16 for the other kinds); returns (MACs, None)
    or (None, its error)."""
    _, src, dst, _ = files(name, kind, work)
    mode = {"int8": [], "float32": ["--quantize", "none"], "dynamic": ["--quantize", "dynamic"],
            "float16": ["--quantize", "float16"]}[kind]
    p = run([gml, "convert", str(src), "-o", str(dst)] + mode)
    if p.returncode != 0:
        return None, (p.stderr or p.stdout).strip()
    m = re.search(r"^MACs:\s*([\d,]+)", p.stdout, re.M)
    return int(m.group(1).replace(",", "")) if m else 0, None


def check(gml, name, kind, work, ops):
    """LiteRT's reference kernels vs `gml run --raw` on the same input. int8:
    the same bytes. float32 and float16: within 1e-4 of the largest output
    (float16 weights are widened to float32 by both). dynamic: reported only
    (LiteRT's hybrid kernels quantize activations per run their own way).
    Returns (ok, the largest difference relative to the largest output)."""
    lite, _, model, inp = files(name, kind, work)
    x = np.load(inp)
    it = interpreter(lite, ref=True)
    it.set_tensor(it.get_input_details()[0]["index"], x)
    it.invoke()
    want = it.get_tensor(it.get_output_details()[0]["index"])
    out = work / f"{name}{KIND_SUFFIX[kind]}_gml_output.npy"
    p = run([gml, "run", str(model), "--input", str(inp), "--output", str(out), "--raw"])
    if p.returncode != 0:
        print(f"MISMATCH {name} {kind}: gml run failed: {p.stderr.strip()}")
        return False, None
    got = np.load(out)
    if got.shape != want.shape or got.dtype != want.dtype:
        why = f"gml gives {got.dtype}{list(got.shape)}, LiteRT {want.dtype}{list(want.shape)}"
        print(f"MISMATCH {name} {kind}: {why}; ops: {', '.join(ops)}")
        return False, None
    if kind == "int8":
        if got.tobytes() == want.tobytes():
            print(f"{name}: gml run --raw is byte-identical to LiteRT's reference kernels "
                  f"({want.size} {want.dtype} outputs)")
            return True, 0.0
        d = np.abs(got.astype(np.int32) - want.astype(np.int32))
        why = f"{int(np.count_nonzero(d))} of {d.size} outputs differ, max by {int(d.max())}"
        print(f"MISMATCH {name} {kind}: {why}; ops: {', '.join(ops)}")
        return False, None
    rel = float(np.max(np.abs(got - want)) / max(float(np.max(np.abs(want))), 1e-30))
    ok = kind == "dynamic" or rel <= 1e-4
    print(f"{'' if ok else 'MISMATCH '}{name} {kind}: largest difference from LiteRT's reference "
          f"kernels {rel:.2e} of the largest output")
    return ok, rel


def gml_ops(gml, path):
    p = run([gml, "inspect", str(path), "--json"])
    return [o["op"] for o in json.loads(p.stdout)["operators"]] if p.returncode == 0 else []


def litert_round(it, n):
    clock = time.perf_counter_ns
    times = np.empty(n, np.int64)
    for i in range(n):
        t0 = clock()
        it.invoke()
        times[i] = clock() - t0
    return times / 1e3


def gml_round(gml, path, n, warmup, cpus, threads_flag):
    cmd = [gml, "bench", str(path), "--runs", str(n), "--warmup", str(warmup), "--json"]
    p = run(cmd + threads_flag, cpus)
    if p.returncode != 0:
        raise SystemExit(f"gml bench {path}: {p.stderr.strip()}")
    return json.loads(p.stdout)


def bench(gml, name, kind, work, args, threads_flag):
    lite_path, _, path, inp = files(name, kind, work)
    it = interpreter(lite_path, threads=args.threads)
    it.set_tensor(it.get_input_details()[0]["index"], np.load(inp))
    warm = litert_round(it, 5)
    n_lite = max(10, int(args.round_seconds * 1e6 / max(np.median(warm), 1e-3)))
    litert_round(it, min(n_lite, 1000))  # warm caches and clocks
    probe = gml_round(gml, path, 3, 1, args.cpus, threads_flag)["median_us"]
    n_gml = max(3, int(args.round_seconds * 1e6 / max(probe, 1e-3)))
    warmup = max(1, min(n_gml // 10, 100))
    lite, gml_medians = [], []
    for _ in range(args.rounds):
        lite.append(litert_round(it, n_lite))
        gml_medians.append(gml_round(gml, path, n_gml, warmup, args.cpus, threads_flag)["median_us"])
    return {"litert_runs_per_round": n_lite, "gml_runs_per_round": n_gml, "gml_warmup": warmup,
            "litert_median_us": float(np.median(np.concatenate(lite))),
            "litert_round_medians_us": [float(np.median(r)) for r in lite],
            "gml_median_us": float(np.median(gml_medians)),
            "gml_round_medians_us": gml_medians}


def cpu_description():
    """The CPU's model name and the SIMD flags that pick gml's tiers, from /proc/cpuinfo."""
    model, flags = "unknown CPU", set()
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name" and model == "unknown CPU":
                model = value.strip()
            elif key.strip() in ("flags", "Features") and not flags:
                flags = set(value.split())
    except OSError:
        pass
    wanted = ["avx2", "avx512f", "avx512bw", "avx512vl", "avx512_vnni", "avx_vnni",
              "asimd", "asimddp", "i8mm"]
    return model, [f for f in wanted if f in flags]


def fmt_us(us):
    return "—" if us is None else f"{us / 1e3:.3f} ms" if us >= 1000 else f"{us:.1f} µs"


def main():
    ap = argparse.ArgumentParser(description="Time gml against LiteRT on MLPerf Tiny's models at full size.")
    ap.add_argument("--models", help=f"comma-separated names or parts of them, of: {', '.join(KINDS)}")
    ap.add_argument("--work", default="/tmp/gml-bench", help="where models are cached (default /tmp/gml-bench)")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the .tflite models even when cached")
    ap.add_argument("--gml", help="the gml binary (default: swift build -c release, .build/release/gml)")
    ap.add_argument("--threads", type=int, default=1, help="LiteRT's num_threads and gml bench --threads (default 1)")
    ap.add_argument("--cpus", default="1", help="cores to pin to, as taskset -c takes them (default 1)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--round-seconds", type=float, default=0.3, help="target length of one round per engine")
    ap.add_argument("--isa", help="gml bench --isa: the highest instruction-set tier gml may run "
                    "(e.g. avx2 to time the AVX2 tier on a VNNI CPU; default: gml's choice)")
    ap.add_argument("--kinds", default="int8",
                    help="comma-separated rows per model, of int8 (full-integer), float32, dynamic "
                    "(int8 weights, float activations) and float16 (float16 weights); default int8")
    ap.add_argument("--json", help="also write the results here")
    args = ap.parse_args()
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    if not kinds or any(k not in KIND_SUFFIX for k in kinds):
        raise SystemExit(f"--kinds {args.kinds}: each must be one of {', '.join(KIND_SUFFIX)}")
    start = time.time()
    names = list(KINDS)
    if args.models:
        want = [w.strip() for w in args.models.split(",") if w.strip()]
        names = [n for n in names if any(w in n for w in want)]
        if not names:
            raise SystemExit(f"--models {args.models}: matches none of {', '.join(KINDS)}")
    args.cpus = {int(c) for part in args.cpus.split(",")
                 for c in (range(int(part.split("-")[0]), int(part.split("-")[-1]) + 1))}
    work = pathlib.Path(args.work)
    work.mkdir(parents=True, exist_ok=True)

    gml = args.gml
    if gml is None:
        print("swift build -c release --product gml", flush=True)
        subprocess.run(["swift", "build", "-c", "release", "--product", "gml"], cwd=ROOT, check=True)
        gml = str(ROOT / ".build" / "release" / "gml")
    threads_flag = ["--threads", str(args.threads)] + (["--isa", args.isa] if args.isa else [])
    if args.threads > len(args.cpus):
        print(f"note: {args.threads} threads pinned to {len(args.cpus)} core(s) {sorted(args.cpus)}")

    todo = [n for n in names if args.rebuild or not all(
        (work / f"{n}{suffix}").exists() for suffix in
        [".tflite", "_input.npy", "_float_input.npy"] + [f"{s}.tflite" for s in KIND_SUFFIX.values()])]
    if todo:
        import tensorflow as tf

        tf.get_logger().setLevel("ERROR")
        tf.config.experimental.enable_op_determinism()
        for name in todo:
            t = time.time()
            build(name, work)
            print(f"built {work / name}.tflite ({time.time() - t:.0f} s)", flush=True)

    os.sched_setaffinity(0, args.cpus)
    results = []
    for name in names:
        for kind in kinds:
            macs, error = convert(gml, name, kind, work)
            lite_path, _, gml_path, _ = files(name, kind, work)
            ops = M.op_names(lite_path.read_bytes())
            r = {"model": name, "kind": kind, "macs": macs, "tflite_ops": ops}
            results.append(r)
            if error:
                print(f"REFUSED {name} {kind}: gml convert: {error}")
                r["refused"] = error
                continue
            r["gml_ops"] = gml_ops(gml, gml_path)
            r["outputs_agree"], r["relative_difference"] = check(
                gml, name, kind, work, sorted(set(r["gml_ops"])))
            r.update(bench(gml, name, kind, work, args, threads_flag))
            r["gml_isa"] = gml_round(gml, gml_path, 1, 0, args.cpus, threads_flag).get("isa")
            r["ratio"] = r["gml_median_us"] / r["litert_median_us"]
            r["gml_gmacs"] = macs / r["gml_median_us"] / 1e3 if macs else None
            print(f"{name} {kind}: LiteRT {fmt_us(r['litert_median_us'])}, gml "
                  f"{fmt_us(r['gml_median_us'])} (rounds of {r['litert_runs_per_round']} / "
                  f"{r['gml_runs_per_round']} runs)", flush=True)

    model, flags = cpu_description()
    tiers = sorted({r["gml_isa"] for r in results if r.get("gml_isa")})
    print(f"\nLiteRT {md.version('ai-edge-litert')} (default delegate, {args.threads} thread(s)) vs "
          f"gml bench (tier {', '.join(tiers) or '—'}); cores {sorted(args.cpus)}, {args.rounds} rounds, "
          f"medians per invocation")
    print(f"CPU: {model}; flags: {' '.join(flags) or 'none of the SIMD ones gml uses'}\n")
    head = ("model", "kind", "MACs", "LiteRT", "gml", "gml/LiteRT", "gml GMAC/s", "outputs")
    rows = [head]
    for r in results:
        ok = "refused" if "refused" in r else "NO" if not r["outputs_agree"] else \
            "bytes equal" if r["kind"] == "int8" else f"{r['relative_difference']:.1e}"
        rows.append((r["model"], r["kind"], f"{r['macs'] / 1e6:.2f} M" if r["macs"] else "—",
                     fmt_us(r.get("litert_median_us")), fmt_us(r.get("gml_median_us")),
                     f"{r['ratio']:.2f}" if "ratio" in r else "—",
                     f"{r['gml_gmacs']:.3f}" if r.get("gml_gmacs") else "—", ok))
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    for row in rows:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))))
    elapsed = time.time() - start
    print(f"\n{elapsed:.0f} s")
    if args.json:
        doc = {"generator": "tools/bench_vs_litert.py", "litert": md.version("ai-edge-litert"),
               "cpu": model, "cpu_flags": flags, "isa": args.isa,
               "threads": args.threads, "cpus": sorted(args.cpus), "rounds": args.rounds,
               "gml_threads_flag": bool(threads_flag), "seconds": round(elapsed, 1), "models": results}
        pathlib.Path(args.json).write_text(json.dumps(doc, indent=1) + "\n")
    return 1 if any(not r.get("outputs_agree", False) for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
