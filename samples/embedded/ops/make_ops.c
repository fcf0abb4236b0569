// samples/embedded/ops/make_ops.c — writes a small gml-float model that uses every op gml runs, with seeded random weights, and its data.
//
// Usage: make_ops OUT_DIR   (writes model.json, calibration.npy and
// input.npy there). tools/embedded-build.sh --check converts it to float32
// and int8 and runs it on every embedded target: every kernel once, each
// output compared with the host's and each invoke() checked to allocate
// nothing. The numbers come from a fixed integer generator.
//
// x [1,8,8,3] -> Conv2D 4 3x3 same relu6 (c) -> DepthwiseConv2D 3x3 (d)
// -> Add(c, d) -> Mul(., d) -> Sub(., c) (s) -> Sigmoid, Tanh, HardSwish,
// LeakyRelu, Relu of s; Maximum, Minimum, Abs, Neg, SquaredDifference, Div,
// Elu, Exp, Log, Sqrt, Rsqrt, PRelu, a grouped Conv2D, Conv2DTranspose stride 2 then
// ResizeBilinear and ResizeNearestNeighbor back to 8x8, Tile then
// StridedSlice, MatMul of s by its transpose then by s, Gelu exact and
// approximate added, LogSoftmax, LayerNorm (each [1,8,8,4]) -> Concat (76 channels) -> Pad ->
// MaxPool2D 2x2 -> AvgPool2D 2x2 stride 1 -> Transpose -> Mean, ReduceMax
// and Sum over H, W, added -> Dense 10 -> Reshape [1,2,5] -> Softmax.
#include <stdio.h>

static unsigned int state = 2463534242u;

/// Uniform in [lo, hi), from a 32-bit xorshift generator (24 bits, exact in float).
static float uniform(float lo, float hi) {
  state ^= state << 13;
  state ^= state >> 17;
  state ^= state << 5;
  return lo + (hi - lo) * ((float)(state >> 8) / 16777216.0f);
}

/// A constant with inline data: `count` values in [lo, hi).
static void constant(FILE *f, const char *name, const char *shape, int count, float lo, float hi,
                     int last) {
  fprintf(f, "    \"%s\": {\"shape\": %s, \"data\": [", name, shape);
  for (int i = 0; i < count; i++) fprintf(f, "%s%.9g", i ? ", " : "", uniform(lo, hi));
  fprintf(f, "]}%s\n", last ? "" : ",");
}

/// Writes a float32 .npy file as numpy's np.save does.
static int writeNPY(const char *dir, const char *file, const char *shape, const float *data,
                    int count) {
  char path[4096], header[128];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  int n = snprintf(header, sizeof header,
                   "{'descr': '<f4', 'fortran_order': False, 'shape': %s, }", shape);
  while ((10 + n + 1) % 64 != 0) header[n++] = ' ';
  header[n++] = '\n';
  FILE *f = fopen(path, "wb");
  if (!f) return 1;
  const unsigned char preamble[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (unsigned char)n, 0};
  fwrite(preamble, 1, 10, f);
  fwrite(header, 1, (size_t)n, f);
  fwrite(data, 4, (size_t)count, f);
  return fclose(f) != 0;
}

/// The graph: each node's op, inputs (a JSON list's inside), output and attributes.
static const struct {
  const char *op, *inputs, *output, *attrs;
} nodes[] = {
    {"Conv2D", "\"x\", \"conv.w\", \"conv.b\"", "c",
     "\"padding\": \"same\", \"activation\": \"relu6\""},
    {"DepthwiseConv2D", "\"c\", \"dw.w\", \"dw.b\"", "d", "\"padding\": \"same\""},
    {"Add", "\"c\", \"d\"", "a", ""},
    {"Mul", "\"a\", \"d\"", "m", ""},
    {"Sub", "\"m\", \"c\"", "s", ""},
    {"Sigmoid", "\"s\"", "g", ""},
    {"Tanh", "\"s\"", "t", ""},
    {"HardSwish", "\"s\"", "h", ""},
    {"LeakyRelu", "\"s\"", "l", "\"alpha\": 0.1"},
    {"Relu", "\"s\"", "r", ""},
    {"Maximum", "\"s\", \"c\"", "mx", ""},
    {"Minimum", "\"mx\", \"d\"", "mn2", ""},
    {"Abs", "\"s\"", "ab", ""},
    {"Neg", "\"s\"", "ng", ""},
    {"SquaredDifference", "\"ng\", \"ab\"", "sd", ""},
    {"Add", "\"ab\", \"one\"", "ab1", ""},
    {"Div", "\"s\", \"ab1\"", "dv", ""},
    {"Elu", "\"s\"", "el", ""},
    {"Exp", "\"dv\"", "ex", ""},
    {"Log", "\"ab1\"", "lg", ""},
    {"Sqrt", "\"ab1\"", "sq", ""},
    {"Rsqrt", "\"ab1\"", "rq", ""},
    {"PRelu", "\"s\", \"alpha\"", "pr", ""},
    {"Conv2D", "\"s\", \"gconv.w\", \"gconv.b\"", "gc", "\"padding\": \"same\""},
    {"Conv2DTranspose", "\"gc\", \"tconv.w\", \"tconv.b\"", "tc",
     "\"strides\": [2, 2], \"padding\": \"same\", \"activation\": \"relu\""},
    {"ResizeBilinear", "\"tc\"", "rb", "\"size\": [8, 8], \"half_pixel_centers\": true"},
    {"ResizeNearestNeighbor", "\"rb\"", "rn", "\"size\": [8, 8], \"align_corners\": true"},
    {"Tile", "\"ex\"", "ti", "\"multiples\": [1, 1, 1, 2]"},
    {"StridedSlice", "\"ti\"", "ss", "\"begin\": [0, 0, 0, 2], \"end\": [1, 8, 8, 6]"},
    {"MatMul", "\"s\", \"s\"", "mm", "\"transpose_b\": true"},
    {"MatMul", "\"mm\", \"s\"", "mq", ""},
    {"Gelu", "\"mq\"", "ge", ""},
    {"Gelu", "\"s\"", "ga", "\"approximate\": true"},
    {"Add", "\"ge\", \"ga\"", "gg", ""},
    {"LogSoftmax", "\"s\"", "ls", ""},
    {"LayerNorm", "\"s\", \"ln.g\", \"ln.b\"", "ln", "\"epsilon\": 0.001"},
    {"Concat",
     "\"g\", \"t\", \"h\", \"l\", \"r\", \"mn2\", \"dv\", \"el\", \"ex\", \"lg\", \"sq\", \"rq\", "
     "\"pr\", \"rn\", \"ss\", \"sd\", \"gg\", \"ls\", \"ln\"",
     "cat", "\"axis\": 3"},
    {"Pad", "\"cat\"", "p", "\"paddings\": [[0, 0], [1, 1], [1, 1], [0, 0]]"},
    {"MaxPool2D", "\"p\"", "mp", "\"pool_size\": [2, 2]"},
    {"AvgPool2D", "\"mp\"", "ap", "\"pool_size\": [2, 2], \"strides\": [1, 1]"},
    {"Transpose", "\"ap\"", "tr", "\"perm\": [0, 2, 1, 3]"},
    {"Mean", "\"tr\"", "mn", "\"axes\": [1, 2]"},
    {"ReduceMax", "\"tr\"", "rm", "\"axes\": [1, 2]"},
    {"Sum", "\"tr\"", "su", "\"axes\": [1, 2]"},
    {"Add", "\"mn\", \"rm\"", "mr", ""},
    {"Add", "\"mr\", \"su\"", "ms", ""},
    {"Dense", "\"ms\", \"fc.w\", \"fc.b\"", "logits", ""},
    {"Reshape", "\"logits\"", "rs", "\"shape\": [1, 2, 5]"},
    {"Softmax", "\"rs\"", "probs", ""},
};

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: make_ops OUT_DIR\n");
    return 2;
  }
  char path[4096];
  snprintf(path, sizeof path, "%s/model.json", argv[1]);
  FILE *f = fopen(path, "w");
  if (!f) {
    fprintf(stderr, "make_ops: cannot write %s\n", path);
    return 1;
  }
  fprintf(f, "{\n  \"format\": \"gml-float\",\n  \"version\": 1,\n  \"name\": \"every_op\",\n");
  fprintf(f, "  \"inputs\": [{\"name\": \"x\", \"shape\": [1, 8, 8, 3], ");
  fprintf(f, "\"dtype\": \"float32\"}],\n");
  fprintf(f, "  \"outputs\": [\"probs\"],\n  \"tensors\": {\n");
  constant(f, "conv.w", "[4, 3, 3, 3]", 108, -0.5f, 0.5f, 0);
  constant(f, "conv.b", "[4]", 4, -0.2f, 0.2f, 0);
  constant(f, "dw.w", "[1, 3, 3, 4]", 36, -0.6f, 0.6f, 0);
  constant(f, "dw.b", "[4]", 4, -0.2f, 0.2f, 0);
  constant(f, "one", "[1]", 1, 1.0f, 1.0f, 0);
  constant(f, "alpha", "[4]", 4, -0.5f, 0.5f, 0);
  constant(f, "gconv.w", "[4, 3, 3, 2]", 72, -0.5f, 0.5f, 0);
  constant(f, "gconv.b", "[4]", 4, -0.2f, 0.2f, 0);
  constant(f, "tconv.w", "[4, 3, 3, 4]", 144, -0.5f, 0.5f, 0);
  constant(f, "tconv.b", "[4]", 4, -0.2f, 0.2f, 0);
  constant(f, "fc.w", "[10, 76]", 760, -0.0015f, 0.0015f, 0);
  constant(f, "fc.b", "[10]", 10, -0.2f, 0.2f, 0);
  constant(f, "ln.g", "[4]", 4, 0.5f, 1.5f, 0);
  constant(f, "ln.b", "[4]", 4, -0.5f, 0.5f, 1);
  fprintf(f, "  },\n  \"nodes\": [\n");
  const int count = (int)(sizeof nodes / sizeof nodes[0]);
  for (int i = 0; i < count; i++) {
    fprintf(f, "    {\"name\": \"%s\", \"op\": \"%s\", \"inputs\": [%s], \"outputs\": [\"%s\"], ",
            nodes[i].output, nodes[i].op, nodes[i].inputs, nodes[i].output);
    fprintf(f, "\"attrs\": {%s}}%s\n", nodes[i].attrs, i + 1 < count ? "," : "");
  }
  fprintf(f, "  ]\n}\n");
  if (fclose(f) != 0) return 1;

  static float calibration[16 * 8 * 8 * 3], x[8 * 8 * 3];
  for (int i = 0; i < 16 * 8 * 8 * 3; i++) calibration[i] = uniform(-1, 1);
  for (int i = 0; i < 8 * 8 * 3; i++) x[i] = uniform(-1, 1);
  int failed = writeNPY(argv[1], "calibration.npy", "(16, 8, 8, 3)", calibration, 16 * 8 * 8 * 3);
  failed |= writeNPY(argv[1], "input.npy", "(1, 8, 8, 3)", x, 8 * 8 * 3);
  if (failed) fprintf(stderr, "make_ops: cannot write the .npy files in %s\n", argv[1]);
  return failed;
}
