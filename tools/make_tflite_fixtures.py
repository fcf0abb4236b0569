#!/usr/bin/env python3
# tools/make_tflite_fixtures.py — writes the .tflite models and LiteRT outputs of Tests/GMLConverterTests/Fixtures/tflite.
#
# Usage: .venv/bin/python tools/make_tflite_fixtures.py
#   (needs tensorflow-cpu with Keras 3, ai-edge-litert, numpy; runs on the CPU
#   in about a minute; run from anywhere)
#
# Builds reduced-size versions of four MLPerf Tiny-style architectures
# (tools/tflite_models.py) with seeded weights and converts each with
# tf.lite.TFLiteConverter twice: to float32, and to full-integer int8
# (Optimize.DEFAULT, TFLITE_BUILTINS_INT8, a seeded representative dataset of
# REP_SAMPLES samples). Three int8 models have int8 input and output; the
# autoencoder keeps float32 I/O, so it starts with QUANTIZE and ends with
# DEQUANTIZE. Each model is run with LiteRT's reference kernels
# (OpResolverType.BUILTIN_REF) on one seeded input; the output is saved, and
# for int8 models every non-constant tensor (the input included) goes into
# `<name>_int8_tensors.npz` as `t<tensor index>`. `unsupported_ops.tflite` is
# a float model with ops gml does not implement. `manifest.json` lists it
# all; README.md is rewritten.
#
# The script fails unless: every model uses only the ops in ALLOWED; the
# shape chain Keras exports for Flatten with a dynamic batch (SHAPE →
# STRIDED_SLICE → PACK → RESHAPE's shape input) is in at least one float and
# one int8 model; the int8 models together hold every op of MUST_COVER and
# fused or standalone RELU and RELU6; the float models match Keras within
# 1e-4; the unsupported model holds two unsupported kinds, one twice.
#
# BatchNorm moving statistics are random around the statistics of the
# representative data (tflite_models.calibrate_batchnorm), so activations stay
# near unit scale and the softmax outputs are not saturated.
#
# Every weight and input is drawn from numpy PCG64 with fixed seeds, layers
# are named explicitly and the npz entries carry fixed timestamps, so reruns
# on the same TF/LiteRT build give the same bytes.
import hashlib
import io
import json
import os
import pathlib
import sys
import time
import zipfile
import zlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")

import numpy as np  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import tflite_models as M  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "GMLConverterTests" / "Fixtures" / "tflite"
REP_SAMPLES = 32

ALLOWED = {
    "CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "ADD", "SUB", "MUL",
    "RELU", "RELU6", "LOGISTIC", "TANH", "HARD_SWISH", "LEAKY_RELU", "ELU", "PRELU", "SOFTMAX",
    "TILE", "TRANSPOSE_CONV", "RESIZE_BILINEAR", "RESIZE_NEAREST_NEIGHBOR",
    "SPLIT", "SPLIT_V", "UNPACK", "SQUARED_DIFFERENCE", "RSQRT", "NEG", "BATCH_MATMUL", "GELU",
    "FILL", "WHILE", "POW", "ABS", "UNIDIRECTIONAL_SEQUENCE_LSTM",
    "MAX_POOL_2D", "AVERAGE_POOL_2D", "MEAN", "RESHAPE", "CONCATENATION", "PAD",
    "TRANSPOSE", "QUANTIZE", "DEQUANTIZE",
    # Keras' negative-id wrap before an Embedding's GATHER
    "LESS", "SELECT", "SELECT_V2",
    # the shape chain of a dynamic batch
    "SHAPE", "STRIDED_SLICE", "PACK", "SQUEEZE", "EXPAND_DIMS", "CAST", "GATHER", "REDUCE_PROD",
}
MUST_COVER = {
    "PAD", "MEAN", "AVERAGE_POOL_2D", "MAX_POOL_2D", "ADD", "CONCATENATION",
    "RESHAPE", "SOFTMAX", "FULLY_CONNECTED", "CONV_2D", "DEPTHWISE_CONV_2D",
    "QUANTIZE", "DEQUANTIZE",
}
FUSED = {0: "NONE", 1: "RELU", 2: "RELU_N1_TO_1", 3: "RELU6", 4: "TANH", 5: "SIGN_BIT"}


def seed(*parts):
    return zlib.crc32("/".join(parts).encode())


class Spec:
    def __init__(self, name, build, kind, int8_io, about, kernels="BUILTIN_REF",
                 ref_versions=None, float_only=False):
        self.name, self.build, self.kind = name, build, kind
        self.int8_io, self.about = int8_io, about
        # No int8 model: TFLiteConverter cannot make one (WHILE loops).
        self.float_only = float_only
        # LiteRT's kernels that give the outputs: the reference ones, or the
        # builtin ones for a model with an op that BUILTIN_REF lacks.
        self.kernels = kernels
        # {op name: version}: run those operators' reference kernels at an
        # older version the reference resolver registers (the same kernel).
        self.ref_versions = ref_versions or {}


SPECS = [
    Spec("mobilenet_style",
         lambda s: M.mobilenet_v1((50, 50, 3), alpha=0.25, classes=3, blocks=4, seed=s),
         "image", True,
         "mobilenet_v1 at 50×50×3, alpha 0.25, 4 blocks, 3 classes. The stride-2 "
         "block on the odd 25×25 map keeps its PAD; the one on 12×12 is folded "
         "into a SAME depthwise by the converter"),
    Spec("resnet_style",
         lambda s: M.resnet8((32, 32, 3), widths=(8, 16, 24), classes=10, seed=s),
         "image", True,
         "resnet8 at 32×32×3, widths 8/16/24: residual ADDs (ReLU fused), 1×1 "
         "stride-2 projections, AVERAGE_POOL_2D 8×8, Flatten (shape chain)"),
    Spec("ds_cnn_kws",
         lambda s: M.ds_cnn_kws((49, 10, 1), filters=16, blocks=3, classes=12,
                                head="avg+max", seed=s),
         "mfcc", True,
         "ds_cnn_kws on the real 49×10×1 MFCC input, 16 filters, 3 blocks; head "
         "AVERAGE_POOL_2D and MAX_POOL_2D 25×5 concatenated, Flatten (shape chain)"),
    Spec("dense_autoencoder",
         lambda s: M.fc_autoencoder(640, hidden=32, bottleneck=8, depth=2, seed=s),
         "logmel", False,
         "fc_autoencoder on 640 log-mel inputs, hidden 32, depth 2, bottleneck 8 "
         "(BatchNorm folded into FULLY_CONNECTED); int8 keeps float32 I/O"),
    Spec("prelu_net",
         lambda s: M.prelu_net((32, 32, 3), classes=4, seed=s),
         "image", True,
         "prelu_net: SeparableConv2D (DEPTHWISE_CONV_2D + CONV_2D) + BatchNorm + PReLU "
         "blocks at 32×32×3, slopes per position and channel, then per channel"),
    Spec("detector_head",
         lambda s: M.detector_head((32, 32, 3), outputs=6, seed=s),
         "image", True,
         "detector_head: nearest UpSampling2D (EXPAND_DIMS, TILE, RESHAPE whose shape comes "
         "from a SHAPE chain: the static shapes after it are stale, [1, 1, 32, 16]), "
         "CONCATENATION, Cropping2D as STRIDED_SLICE. LiteRT's BUILTIN_REF registers TILE "
         "only up to version 2 and the int8 model's is 3: the outputs come from BUILTIN_REF with "
         "TILE's version set to 2 (the same kernel); the file keeps 3",
         ref_versions={"TILE": 2}),
    Spec("tiny_unet",
         lambda s: M.tiny_unet((32, 32, 3), classes=3, seed=s),
         "image", True,
         "tiny_unet: three levels, TRANSPOSE_CONV 3×3 stride 2 'same' up (BatchNorm folded "
         "into it by the converter), skip connections by CONCATENATION, a 1×1 head"),
    Spec("resize_unet",
         lambda s: M.resize_unet((32, 32, 3), classes=3, seed=s),
         "image", True,
         "resize_unet: tiny_unet's encoder; decoder by bilinear UpSampling2D "
         "(RESIZE_BILINEAR, half-pixel centres) and Resizing to the skip's size "
         "(RESIZE_NEAREST_NEIGHBOR), each then Conv2D + BatchNorm + ReLU"),
    Spec("resnext_net",
         lambda s: M.resnext_net((16, 16, 3), classes=10, groups=4, seed=s),
         "image", True,
         "resnext_net: two ResNeXt blocks at 16×16×3 (1×1, grouped 3×3 with 4 groups, 1×1, "
         "projection shortcut, ADD + ReLU): CONV_2D whose filter reads input depth / 4 channels"),
    Spec("shuffle_net",
         lambda s: M.shuffle_net((16, 16, 3), classes=4, seed=s),
         "image", True,
         "shuffle_net: two ShuffleNetV2-style units (SPLIT into halves, 1×1 / depthwise / 1×1 "
         "on one, CONCATENATION, channel shuffle as RESHAPE-TRANSPOSE-RESHAPE), an uneven "
         "SPLIT_V, ten channels picked (GATHER: three runs of indices), rows taken apart and "
         "three stacked again (UNPACK, PACK)"),
    Spec("norm_net",
         lambda s: M.norm_net((16, 16, 3), classes=4, seed=s),
         "image", True,
         "norm_net: a channel normalisation written with keras.ops twice (moments as MEAN, "
         "SQUARED_DIFFERENCE, MEAN; (y - mean) * rsqrt(variance + 1e-3) as SUB, ADD, RSQRT, "
         "MUL; a per-channel scale and offset) between 3×3 convolutions"),
    Spec("layernorm_net",
         lambda s: M.layernorm_net((16, 6), classes=4, seed=s),
         "sensor", True,
         "layernorm_net: a 16×6 sensor window, Dense on each step, Keras LayerNormalization "
         "twice (MEAN, NEG, SQUARED_DIFFERENCE, MEAN, ADD, RSQRT, MUL; TFLiteConverter "
         "leaves NEG in float in the int8 model), GlobalAveragePooling1D"),
    Spec("transformer_block",
         lambda s: M.transformer_block((16, 32), heads=4, classes=4, seed=s),
         "sensor", True,
         "transformer_block: a 16×32 sequence, 4-head MultiHeadAttention (FULLY_CONNECTED "
         "projections, TRANSPOSE, BATCH_MATMUL, MUL, SOFTMAX, BATCH_MATMUL), residual ADDs, "
         "LayerNormalization twice, a Dense pair with GELU (tanh form), "
         "GlobalAveragePooling1D; Dense on 3-D inputs brings SHAPE chains"),
    Spec("convnext_net",
         lambda s: M.convnext_net((32, 32, 3), widths=(16, 32), classes=4, seed=s),
         "image", True,
         "convnext_net: ConvNeXt-Tiny's blocks at 32×32×3 (4×4 stride-4 stem, 7×7 "
         "DEPTHWISE_CONV_2D, LayerNormalization, Dense with GELU (exact), Dense, layer "
         "scale MUL, residual ADD), a 2×2 stride-2 downsampling stage, GAP, LayerNormalization"),
    Spec("lstm_kws",
         lambda s: M.recurrent_net((16, 10), units=16, classes=4, cell="lstm", seed=s),
         "sensor", True,
         "lstm_kws: an LSTM(16) keyword spotter on 16 frames of 10 features, unrolled (per step "
         "FULLY_CONNECTED, SPLIT into the four gates, LOGISTIC, TANH, MUL, ADD; UNPACK of the "
         "steps, the zero initial state a FILL of a SHAPE chain), its last state into a Dense"),
    Spec("gru_har",
         lambda s: M.recurrent_net((16, 6), units=16, classes=4, cell="gru", seed=s),
         "sensor", True,
         "gru_har: a GRU(16) (reset_after) activity classifier on a 16×6 sensor window, "
         "unrolled as lstm_kws, its gates taken apart by SPLIT and STRIDED_SLICE, SUB for 1 − z"),
    Spec("lstm_loop",
         lambda s: M.recurrent_loop_net((16, 10), units=16, cells=("lstm",), seed=s,
                                        name="lstm_loop"),
         "sensor", True,
         "lstm_loop: lstm_kws as Keras converts it by default, batch 1: a WHILE loop (condition "
         "LESS, LESS, LOGICAL_AND; body GATHER of the step, FULLY_CONNECTED, SPLIT, LOGISTIC, "
         "TANH, MUL, ADD, the last state by RESHAPE). Float only: TFLiteConverter's int8 "
         "conversion fails on the loop", float_only=True),
    Spec("lstm_gru_loop",
         lambda s: M.recurrent_loop_net((8, 6), units=12, cells=("lstm", "gru"), seed=s,
                                        name="lstm_gru_loop"),
         "sensor", True,
         "lstm_gru_loop: an LSTM(12) returning its sequence (SLICE, CONCATENATION on the step "
         "counter) into a GRU(12), two WHILE loops, batch 1, float only", float_only=True),
    Spec("fused_lstm",
         lambda s: M.fused_lstm_net((12, 10), units=(16, 8), classes=4, seed=s),
         "sensor", True,
         "fused_lstm: two tf_keras LSTMs (16 returning its sequence, then 8), batch 1, as "
         "TFLiteConverter fuses them: UNIDIRECTIONAL_SEQUENCE_LSTM (cell_clip 10); int8 is "
         "TFLite's integer LSTM (8x8_16: int16 cell state, Q3.12 gates)"),
    Spec("embedding_net",
         lambda s: M.embedding_net(seq=12, width=16, classes=4, seed=s),
         "tokens", True,
         "embedding_net: 12 int32 token ids through an Embedding (GATHER after Keras' "
         "negative-id wrap LESS, ADD, SELECT, which the importer drops), a learned position "
         "table added, Dense with ReLU per token, GlobalAveragePooling1D; the int8 model keeps "
         "its int32 input"),
    Spec("pow_net",
         lambda s: M.pow_net((8, 6), width=8, classes=4, seed=s),
         "sensor", True,
         "pow_net: POW of an activation by a constant (sigmoid(Dense) ** 1.5) and by another "
         "activation ((|Dense| + 0.5) ** sigmoid(Dense)); TFLiteConverter keeps both in float in "
         "the int8 model (DEQUANTIZE, POW, QUANTIZE)"),
    Spec("elu_autoencoder",
         lambda s: M.fc_autoencoder(640, hidden=32, bottleneck=8, depth=2, seed=s,
                                    name="elu_autoencoder", elu=True),
         "logmel", True,
         "dense_autoencoder with ELU layers. TFLiteConverter keeps ELU in float "
         "in the int8 model (DEQUANTIZE, ELU, QUANTIZE); LiteRT's BUILTIN_REF has "
         "no ELU, so the outputs come from its builtin kernels",
         kernels="BUILTIN_WITHOUT_DEFAULT_DELEGATES"),
]


# ---------------------------------------------------------------------------
# Flatbuffer inspection


def load(data):
    from ai_edge_litert import schema_py_generated as S

    return S.ModelT.InitFromPackedBuf(bytearray(data), 0)


def is_const(model, t):
    buf = model.buffers[t.buffer] if t.buffer < len(model.buffers) else None
    return buf is not None and (
        (buf.data is not None and len(buf.data) > 0) or (buf.size or 0) > 0)


def shape_chains(data, names):
    """Indices of RESHAPE ops whose shape input is PACK(STRIDED_SLICE(SHAPE(x)), ...)."""
    sg = load(data).subgraphs[0]
    producer = {o: i for i, op in enumerate(sg.operators) for o in op.outputs}

    def made_by(tensor, name):
        i = producer.get(tensor)
        return i if i is not None and names[i] == name else None

    found = []
    for i, op in enumerate(sg.operators):
        if names[i] != "RESHAPE" or len(op.inputs) < 2:
            continue
        pack = made_by(op.inputs[1], "PACK")
        if pack is None:
            continue
        for t in sg.operators[pack].inputs:
            ss = made_by(t, "STRIDED_SLICE")
            if ss is not None and made_by(sg.operators[ss].inputs[0], "SHAPE") is not None:
                found.append(i)
                break
    return found


def activations(data, names):
    """The RELU-family activations, fused (in an op's options) or standalone."""
    acts = set()
    for name, op in zip(names, load(data).subgraphs[0].operators):
        if name in ("RELU", "RELU6"):
            acts.add(name)
        f = getattr(op.builtinOptions, "fusedActivationFunction", 0)
        if f:
            acts.add(FUSED[f])
    return acts


# ---------------------------------------------------------------------------
# Running


def with_versions(data, versions):
    """`data` with the operator codes of `versions` ({name: version}) set so."""
    import flatbuffers
    from ai_edge_litert import schema_py_generated as S

    model = load(data)
    names = {v: k for k, v in S.BuiltinOperator.__dict__.items() if not k.startswith("_")}
    for code in model.operatorCodes:
        name = names.get(max(code.builtinCode, code.deprecatedBuiltinCode))
        if name in versions:
            code.version = versions[name]
    b = flatbuffers.Builder(1024)
    b.Finish(model.Pack(b), file_identifier=b"TFL3")
    return bytes(b.Output())


def interpreter(path, kernels="BUILTIN_REF", versions=None):
    from ai_edge_litert.interpreter import Interpreter, OpResolverType

    data = with_versions(path.read_bytes(), versions) if versions else path.read_bytes()
    it = Interpreter(model_content=data,
                     experimental_op_resolver_type=OpResolverType[kernels],
                     experimental_preserve_all_tensors=True)
    it.allocate_tensors()
    return it


def quant(detail):
    scale, zp = detail["quantization"]
    return {"scale": float(np.float32(scale)), "zero_point": int(zp)}


def npy_bytes(array):
    buf = io.BytesIO()
    np.lib.format.write_array(buf, np.ascontiguousarray(array), allow_pickle=False)
    return buf.getvalue()


def write_npz(path, arrays):
    """A deflated .npz with fixed timestamps, so reruns give the same bytes."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, a in arrays:
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, npy_bytes(a), compresslevel=9)


def make_model(spec):
    import keras

    keras.backend.clear_session()
    model = spec.build(seed(spec.name, "weights"))
    shape = tuple(int(d) for d in model.input_shape[1:])
    x = M.random_inputs(spec.kind, shape, 1, seed(spec.name, "input"))
    rep = M.random_inputs(spec.kind, shape, REP_SAMPLES, seed(spec.name, "calibration"))
    M.calibrate_batchnorm(model, rep, seed(spec.name, "batchnorm"))
    keras_out = np.asarray(model(x, training=False), np.float32)
    entries, summary = [], {}

    # float32
    data = M.to_tflite_float(model)
    fname = f"{spec.name}_float.tflite"
    (OUT / fname).write_bytes(data)
    np.save(OUT / f"{spec.name}_input.npy", x)
    it = interpreter(OUT / fname, spec.kernels, spec.ref_versions)
    it.set_tensor(it.get_input_details()[0]["index"], x)
    it.invoke()
    y = it.get_tensor(it.get_output_details()[0]["index"]).copy()
    diff = float(np.max(np.abs(y - keras_out)))
    if diff > 1e-4 * max(1.0, float(np.max(np.abs(keras_out)))):
        raise SystemExit(f"{fname}: LiteRT differs from Keras by {diff}")
    np.save(OUT / f"{spec.name}_float_output.npy", y)
    names = M.op_names(data)
    entries.append({"name": spec.name, "variant": "float", "file": fname,
                    "kernels": spec.kernels,
                    "input": f"{spec.name}_input.npy",
                    "output": f"{spec.name}_float_output.npy", "ops": names,
                    "shape_chain": shape_chains(data, names)})
    summary["float_vs_keras"] = diff
    summary["float_output_max_abs"] = float(np.max(np.abs(y)))
    float_out = y
    if spec.float_only:
        return entries, summary, [activations(data, names)]

    # int8
    data = M.to_tflite_int8(model, rep, int8_io=spec.int8_io)
    fname = f"{spec.name}_int8.tflite"
    (OUT / fname).write_bytes(data)
    it = interpreter(OUT / fname, spec.kernels, spec.ref_versions)
    ind, outd = it.get_input_details()[0], it.get_output_details()[0]
    entry = {"name": spec.name, "variant": "int8", "file": fname, "kernels": spec.kernels}
    if spec.int8_io and ind["dtype"] == np.int32:
        entry["input"] = f"{spec.name}_input.npy"
        entry["output_quantization"] = quant(outd)
        it.set_tensor(ind["index"], x)
    elif spec.int8_io:
        q = quant(ind)
        xq = np.clip(np.round(x / q["scale"]) + q["zero_point"], -128, 127).astype(np.int8)
        np.save(OUT / f"{spec.name}_int8_input.npy", xq)
        entry["input"] = f"{spec.name}_int8_input.npy"
        entry["input_quantization"] = q
        entry["output_quantization"] = quant(outd)
        it.set_tensor(ind["index"], xq)
    else:
        entry["input"] = f"{spec.name}_input.npy"
        it.set_tensor(ind["index"], x)
    it.invoke()
    y = it.get_tensor(outd["index"]).copy()
    np.save(OUT / f"{spec.name}_int8_output.npy", y)
    entry["output"] = f"{spec.name}_int8_output.npy"
    names = M.op_names(data)
    entry["ops"] = names
    entry["shape_chain"] = shape_chains(data, names)

    fb = load(data)
    tensors, tensor_names = [], {}
    for i, t in enumerate(fb.subgraphs[0].tensors):
        if is_const(fb, t):
            continue
        tensors.append((f"t{i}", it.get_tensor(i).copy()))
        tensor_names[str(i)] = t.name.decode()
    write_npz(OUT / f"{spec.name}_int8_tensors.npz", tensors)
    entry["tensors"] = f"{spec.name}_int8_tensors.npz"
    entry["tensor_names"] = tensor_names
    entries.append(entry)

    if spec.int8_io:
        q = entry["output_quantization"]
        yf = (y.astype(np.float32) - q["zero_point"]) * q["scale"]
    else:
        yf = y
    summary["int8_vs_float_max_abs"] = float(np.max(np.abs(yf - float_out)))
    summary["int8_io"] = {"input": ("int32" if ind["dtype"] == np.int32 else quant(ind))
                          if spec.int8_io else "float32",
                          "output": quant(outd) if spec.int8_io else "float32"}
    return entries, summary, [activations((OUT / e["file"]).read_bytes(), e["ops"])
                              for e in entries]


def make_unsupported():
    import keras

    K, L = M._k()
    keras.backend.clear_session()
    x = inp = K.Input((8, 8, 3), name="image")
    x = L.Conv2D(4, 3, padding="same", activation="relu", name="conv1")(x)
    x = L.Activation(K.ops.cos, name="cos1")(x)
    x = L.Conv2D(4, 3, padding="same", name="conv2")(x)
    x = L.Activation(K.ops.sin, name="sin")(x)
    x = L.Activation(K.ops.cos, name="cos2")(x)
    x = L.Conv2D(4, 3, padding="same", name="conv3")(x)
    x = L.GlobalAveragePooling2D(name="gap")(x)
    x = L.Dense(3, name="logits")(x)
    model = M.randomize_weights(K.Model(inp, x, name="unsupported_ops"),
                                seed("unsupported_ops", "weights"))
    data = M.to_tflite_float(model)
    (OUT / "unsupported_ops.tflite").write_bytes(data)
    names = M.op_names(data)
    bad = {}
    for i, n in enumerate(names):
        if n not in ALLOWED:
            bad.setdefault(n, []).append(i)
    if len(bad) < 2 or max(len(v) for v in bad.values()) < 2:
        raise SystemExit(f"unsupported_ops.tflite: want two unsupported kinds, "
                         f"one twice; got {bad} in {names}")
    return {"file": "unsupported_ops.tflite", "ops": bad, "operators": names}


# ---------------------------------------------------------------------------
# README


def short_ops(names):
    out, prev, n = [], None, 0
    for name in names + [None]:
        if name == prev:
            n += 1
            continue
        if prev is not None:
            out.append(prev + (f" ×{n}" if n > 1 else ""))
        prev, n = name, 1
    return ", ".join(out)


def write_readme(manifest, summaries):
    size = lambda f: (OUT / f).stat().st_size  # noqa: E731
    lines = [
        "# TFLite model fixtures",
        "",
        "`.tflite` models made by TensorFlow's converter and their outputs from",
        "LiteRT's reference kernels (`OpResolverType.BUILTIN_REF`), for the",
        "TFLite importer. Made by `tools/make_tflite_fixtures.py`",
        f"(TensorFlow {manifest['tensorflow']}, ai-edge-litert {manifest['litert']});",
        "rerun it to regenerate (same bytes on the same build):",
        "",
        "```sh",
        "bash tools/venv.sh",
        ".venv/bin/python tools/make_tflite_fixtures.py",
        "```",
        "",
        "Reduced-size MLPerf Tiny-style models (`tools/tflite_models.py`), weights",
        "seeded random, not trained; every BatchNorm has random gamma (0.5–1.5) and",
        "beta (±0.5), and moving statistics random around those of the",
        "representative data (mean ± 0.5 std, variance × 0.5–2), so folding is",
        "exercised and activations stay near unit scale. Each is converted from Keras",
        "with a dynamic batch to float32 and to full-integer int8",
        f"(`Optimize.DEFAULT`, `TFLITE_BUILTINS_INT8`, {REP_SAMPLES} seeded",
        "representative samples from the same distribution as the input).",
        "",
        "| model | built as |",
        "| --- | --- |",
    ]
    lines += [f"| `{s.name}` | {s.about} |" for s in SPECS]
    lines += [
        "",
        "Inputs (one per model, seeded): images uniform [0, 1]; MFCC coefficient k",
        "~ N(0, (40/(1+k))²), coefficient 0 offset by -20; log-mel dB N(-30, 12²)",
        "clipped to [-90, 10].",
        "",
        "## Files",
        "",
        "| file | bytes | what |",
        "| --- | --- | --- |",
    ]
    for e in manifest["models"]:
        if e["variant"] == "float":
            shared = any(o["variant"] == "int8" and o["input"] == e["input"]
                         for o in manifest["models"])
            lines.append(f"| `{e['input']}` | {size(e['input'])} | float32 input, "
                         "batch 1" + (" (of the int8 model too)" if shared else "")
                         + " |")
        lines.append(f"| `{e['file']}` | {size(e['file'])} | {e['variant']} model: "
                     f"{short_ops(e['ops'])} |")
        if e["variant"] == "int8" and "input_quantization" in e:
            q = e["input_quantization"]
            lines.append(f"| `{e['input']}` | {size(e['input'])} | int8 input: the "
                         f"float input quantized with scale {q['scale']:.9g}, zero "
                         f"point {q['zero_point']} (`clip(round(x/s)+zp)`, numpy's "
                         "round half to even); the exact bytes fed to LiteRT |")
        kind = "int8" if "output_quantization" in e else "float32"
        lines.append(f"| `{e['output']}` | {size(e['output'])} | LiteRT output ({kind}) |")
        if "tensors" in e:
            lines.append(f"| `{e['tensors']}` | {size(e['tensors'])} | every "
                         f"non-constant tensor after invoke ({len(e['tensor_names'])}, "
                         "input included), entry `t<index>` |")
    u = manifest["unsupported"]
    lines.append(f"| `{u['file']}` | {size(u['file'])} | float model with ops gml "
                 f"does not implement: {short_ops(u['operators'])} |")
    lines += [
        "",
        "## manifest.json",
        "",
        "- `generator`, `tensorflow`, `litert`: the script and the versions used.",
        "- `models[]`, one per file: `name`, `variant` (`float` or `int8`), `file`,",
        "  `input` and `output` (`.npy`), `ops` (builtin operator names in",
        "  execution order), `shape_chain` (indices of the RESHAPE ops whose shape",
        "  input is the SHAPE → STRIDED_SLICE → PACK chain of a dynamic batch).",
        "- int8 only: `tensors` (the `.npz`) and `tensor_names` (tensor index as a",
        "  string → TFLite tensor name, for every entry of the `.npz`); with int8",
        "  I/O also `input_quantization` and `output_quantization` (`scale` as",
        "  float32, `zero_point`). The float-I/O int8 model (`dense_autoencoder`)",
        "  takes the float input file and writes float32.",
        "- `unsupported`: `file`, `ops` (each operator name gml does not implement",
        "  → the operator indices where it occurs), `operators` (all, in order).",
        "",
        "## What the script checks",
        "",
        "Every model uses only the builtins gml implements (plus the shape-chain ops",
        "SHAPE, STRIDED_SLICE, PACK, SQUEEZE, EXPAND_DIMS, CAST, GATHER); the",
        "Flatten shape chain is in at least one float and one int8 model; the int8",
        "models together hold PAD, MEAN, AVERAGE_POOL_2D, MAX_POOL_2D, ADD,",
        "CONCATENATION, RESHAPE, SOFTMAX, FULLY_CONNECTED, CONV_2D,",
        "DEPTHWISE_CONV_2D, QUANTIZE, DEQUANTIZE and RELU and RELU6 (fused here);",
        "the float models match Keras within 1e-4. LiteRT float vs Keras, and",
        "dequantized int8 vs float output, for the input here:",
        "",
        "| model | float vs Keras | int8 vs float (max abs) | float output max abs |",
        "| --- | --- | --- | --- |",
    ]
    for s in SPECS:
        d = summaries[s.name]
        int8 = "(float only)" if s.float_only else f"{d['int8_vs_float_max_abs']:.3g}"
        lines.append(f"| `{s.name}` | {d['float_vs_keras']:.1e} | {int8} | "
                     f"{d['float_output_max_abs']:.3g} |")
    (OUT / "README.md").write_text("\n".join(lines) + "\n")


# ---------------------------------------------------------------------------


def main():
    import tensorflow as tf

    tf.get_logger().setLevel("ERROR")
    tf.config.experimental.enable_op_determinism()
    import importlib.metadata as md

    versions = {"tensorflow": tf.__version__, "litert": md.version("ai-edge-litert")}
    print(f"TensorFlow {versions['tensorflow']}, ai-edge-litert {versions['litert']}")
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.iterdir():
        if old.suffix in (".tflite", ".npy", ".npz") or old.name == "manifest.json":
            old.unlink()

    start = time.time()
    models, summaries, acts = [], {}, {"float": set(), "int8": set()}
    for spec in SPECS:
        entries, summary, a = make_model(spec)
        models += entries
        summaries[spec.name] = summary
        for e, found in zip(entries, a):
            acts[e["variant"]] |= found
            print(f"{e['file']}: {' '.join(e['ops'])}"
                  + (f"  [shape chain at {e['shape_chain']}]" if e["shape_chain"] else ""))
        print(f"  float vs Keras {summary['float_vs_keras']:.1e}"
              + ("" if spec.float_only else
                 f", int8 vs float {summary['int8_vs_float_max_abs']:.3g}, int8 I/O "
                 f"{summary['int8_io']}"), flush=True)
    unsupported = make_unsupported()
    print(f"unsupported_ops.tflite: {' '.join(unsupported['operators'])}; "
          f"unsupported {unsupported['ops']}")

    problems = []
    for e in models:
        bad = sorted(set(e["ops"]) - ALLOWED)
        if bad:
            problems.append(f"{e['file']}: ops outside the allowed set: {bad}")
    for variant in ("float", "int8"):
        if not any(e["shape_chain"] for e in models if e["variant"] == variant):
            problems.append(f"no {variant} model holds the SHAPE/STRIDED_SLICE/PACK chain")
        missing = {"RELU", "RELU6"} - acts[variant]
        if missing:
            problems.append(f"{variant} models: no {sorted(missing)}, fused or not")
    covered = set().union(*(e["ops"] for e in models if e["variant"] == "int8"))
    if MUST_COVER - covered:
        problems.append(f"int8 models miss {sorted(MUST_COVER - covered)}")
    if problems:
        raise SystemExit("\n".join(problems))

    manifest = {"generator": "tools/make_tflite_fixtures.py", **versions,
                "models": models, "unsupported": unsupported}
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    write_readme(manifest, summaries)
    files = sorted(p for p in OUT.iterdir() if p.is_file())
    total = sum(p.stat().st_size for p in files)
    digest = hashlib.sha256(b"".join(
        p.name.encode() + p.read_bytes() for p in files)).hexdigest()[:16]
    print(f"{len(files)} files, {total / 1e6:.2f} MB, sha256 {digest}, "
          f"{time.time() - start:.0f} s")
    if total > 3_000_000:
        raise SystemExit(f"fixtures are {total / 1e6:.2f} MB, over the 3 MB budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
