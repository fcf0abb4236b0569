// samples/kws/make_kws.c — writes a keyword-spotting-sized gml-float model (DS-CNN-S shape, seeded random weights) and its data.
//
// Usage: make_kws OUT_DIR   (writes model.json, model.bin, calibration.npy,
// input.npy and input_int8.npy there). The numbers come from a fixed
// integer generator, so every machine writes the same bytes.
//
// The graph is the MLPerf Tiny keyword-spotting DS-CNN ("small"): a 49x10
// MFCC image -> Conv2D 64 (10x4, stride 2, same) -> BatchNorm -> Relu ->
// 4 x [DepthwiseConv2D 3x3 -> BatchNorm -> Relu -> Conv2D 64 1x1 ->
// BatchNorm -> Relu] -> AvgPool2D 25x5 -> Flatten -> Dense 12 -> Softmax.
// About 24k parameters and 2.7M multiply-adds: what a Cortex-M4 runs.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { FILTERS = 64, BLOCKS = 4, CLASSES = 12, CALIBRATION = 32, H = 49, W = 10 };

static unsigned int state = 2463534242u;

/// The next value of a 32-bit xorshift generator.
static unsigned int next(void) {
  state ^= state << 13;
  state ^= state >> 17;
  state ^= state << 5;
  return state;
}

/// Uniform in [lo, hi), from 24 random bits (exact in float).
static float uniform(float lo, float hi) {
  return lo + (hi - lo) * ((float)(next() >> 8) / 16777216.0f);
}

static FILE *bin, *json;
static long offset;
static int firstTensor = 1;

/// Appends `count` values to model.bin and the tensor's entry to model.json.
static void tensor(const char *name, const int *shape, int rank, float lo, float hi) {
  long count = 1;
  for (int i = 0; i < rank; i++) count *= shape[i];
  for (long i = 0; i < count; i++) {
    float v = uniform(lo, hi);
    fwrite(&v, 4, 1, bin);
  }
  fprintf(json, "%s\n    \"%s\": {\"shape\": [", firstTensor ? "" : ",", name);
  for (int i = 0; i < rank; i++) fprintf(json, "%s%d", i ? ", " : "", shape[i]);
  fprintf(json, "], \"dtype\": \"float32\", \"offset\": %ld, \"length\": %ld}", offset, count * 4);
  firstTensor = 0;
  offset += count * 4;
}

/// He-uniform weights for `fanIn` inputs.
static void weights(const char *name, const int *shape, int rank, int fanIn) {
  float a = sqrtf(6.0f / (float)fanIn);
  tensor(name, shape, rank, -a, a);
}

/// gamma, beta, mean and variance of BatchNorm `name`.
static void batchNorm(const char *name) {
  char n[64];
  const int shape[1] = {FILTERS};
  snprintf(n, sizeof n, "%s.gamma", name);
  tensor(n, shape, 1, 0.8f, 1.2f);
  snprintf(n, sizeof n, "%s.beta", name);
  tensor(n, shape, 1, -0.1f, 0.1f);
  snprintf(n, sizeof n, "%s.mean", name);
  tensor(n, shape, 1, -0.1f, 0.1f);
  snprintf(n, sizeof n, "%s.variance", name);
  tensor(n, shape, 1, 0.5f, 1.5f);
}

/// Writes a .npy file as numpy's np.save does (version 1.0, header padded
/// to 64 bytes).
static int writeNPY(const char *dir, const char *file, const char *descr, const char *shape,
                    const void *data, size_t bytes) {
  char path[4096], header[256];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  int n = snprintf(header, sizeof header,
                   "{'descr': '%s', 'fortran_order': False, 'shape': %s, }", descr, shape);
  int total = (10 + n + 1 + 63) / 64 * 64;
  while (10 + n + 1 < total) header[n++] = ' ';
  header[n++] = '\n';
  FILE *f = fopen(path, "wb");
  if (!f) return 1;
  unsigned char preamble[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (unsigned char)n, 0};
  fwrite(preamble, 1, 10, f);
  fwrite(header, 1, (size_t)n, f);
  fwrite(data, 1, bytes, f);
  return fclose(f) != 0;
}

/// One MFCC-like image: smooth over time, varying across coefficients.
static void image(float *x) {
  for (int t = 0; t < H; t++) {
    for (int c = 0; c < W; c++) x[t * W + c] = uniform(-1, 1) * (1.0f - 0.07f * (float)c);
  }
}

/// One node whose output is called `name`; `inputs` is a JSON list's inside.
static void node(const char *name, const char *op, const char *inputs, const char *attrs) {
  static int first = 1;
  fprintf(json, "%s    {\"name\": \"%s\", \"op\": \"%s\", \"inputs\": [%s], ", first ? "" : ",\n",
          name, op, inputs);
  fprintf(json, "\"outputs\": [\"%s\"], \"attrs\": {%s}}", name, attrs);
  first = 0;
}

/// BatchNorm `name` of `x` (its constants named after it), then Relu
/// `relu`: the tail of every DS-CNN convolution.
static void batchNormRelu(const char *name, const char *x, const char *relu) {
  char inputs[256];
  snprintf(inputs, sizeof inputs, "\"%s\", \"%s.gamma\", \"%s.beta\", \"%s.mean\", \"%s.variance\"",
           x, name, name, name, name);
  node(name, "BatchNorm", inputs, "\"epsilon\": 0.001");
  snprintf(inputs, sizeof inputs, "\"%s\"", name);
  node(relu, "Relu", inputs, "");
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: make_kws OUT_DIR\n");
    return 2;
  }
  const char *dir = argv[1];
  char path[4096];
  snprintf(path, sizeof path, "%s/model.bin", dir);
  bin = fopen(path, "wb");
  snprintf(path, sizeof path, "%s/model.json", dir);
  json = fopen(path, "w");
  if (!bin || !json) {
    fprintf(stderr, "make_kws: cannot write in %s\n", dir);
    return 1;
  }
  fprintf(json, "{\n  \"format\": \"gml-float\",\n  \"version\": 1,\n");
  fprintf(json, "  \"name\": \"kws_ds_cnn_s\",\n  \"weights\": \"model.bin\",\n");
  fprintf(json, "  \"inputs\": [{\"name\": \"mfcc\", \"shape\": [1, %d, %d, 1], ", H, W);
  fprintf(json, "\"dtype\": \"float32\"}],\n  \"outputs\": [\"probs\"],\n  \"tensors\": {");
  weights("conv0.w", (const int[]){FILTERS, 10, 4, 1}, 4, 40);
  batchNorm("bn0");
  char name[64], last[64], inputs[256], relu[64];
  for (int b = 1; b <= BLOCKS; b++) {
    snprintf(name, sizeof name, "dw%d.w", b);
    weights(name, (const int[]){1, 3, 3, FILTERS}, 4, 9);
    snprintf(name, sizeof name, "dwbn%d", b);
    batchNorm(name);
    snprintf(name, sizeof name, "pw%d.w", b);
    weights(name, (const int[]){FILTERS, 1, 1, FILTERS}, 4, FILTERS);
    snprintf(name, sizeof name, "pwbn%d", b);
    batchNorm(name);
  }
  weights("fc.w", (const int[]){CLASSES, FILTERS}, 2, FILTERS);
  tensor("fc.b", (const int[]){CLASSES}, 1, -0.1f, 0.1f);
  fprintf(json, "\n  },\n  \"nodes\": [\n");

  node("conv0", "Conv2D", "\"mfcc\", \"conv0.w\"", "\"strides\": [2, 2], \"padding\": \"same\"");
  batchNormRelu("bn0", "conv0", "relu0");
  snprintf(last, sizeof last, "relu0");
  for (int b = 1; b <= BLOCKS; b++) {
    snprintf(name, sizeof name, "dw%d", b);
    snprintf(inputs, sizeof inputs, "\"%s\", \"%s.w\"", last, name);
    node(name, "DepthwiseConv2D", inputs, "\"padding\": \"same\"");
    snprintf(relu, sizeof relu, "dwrelu%d", b);
    snprintf(last, sizeof last, "dwbn%d", b);
    batchNormRelu(last, name, relu);
    snprintf(name, sizeof name, "pw%d", b);
    snprintf(inputs, sizeof inputs, "\"%s\", \"%s.w\"", relu, name);
    node(name, "Conv2D", inputs, "");
    snprintf(relu, sizeof relu, "pwrelu%d", b);
    snprintf(last, sizeof last, "pwbn%d", b);
    batchNormRelu(last, name, relu);
    snprintf(last, sizeof last, "%s", relu);
  }
  snprintf(inputs, sizeof inputs, "\"%s\"", last);
  node("pool", "AvgPool2D", inputs, "\"pool_size\": [25, 5]");
  node("flatten", "Flatten", "\"pool\"", "");
  node("logits", "Dense", "\"flatten\", \"fc.w\", \"fc.b\"", "");
  node("probs", "Softmax", "\"logits\"", "");
  fprintf(json, "\n  ]\n}\n");
  if (fclose(bin) != 0 || fclose(json) != 0) return 1;

  static float calibration[CALIBRATION * H * W];
  for (int i = 0; i < CALIBRATION; i++) image(calibration + i * H * W);
  float x[H * W];
  image(x);
  signed char q[H * W];
  for (int i = 0; i < H * W; i++) q[i] = (signed char)(next() >> 24);
  int failed =
      writeNPY(dir, "calibration.npy", "<f4", "(32, 49, 10, 1)", calibration, sizeof calibration);
  failed |= writeNPY(dir, "input.npy", "<f4", "(1, 49, 10, 1)", x, sizeof x);
  failed |= writeNPY(dir, "input_int8.npy", "|i1", "(1, 49, 10, 1)", q, sizeof q);
  if (failed) fprintf(stderr, "make_kws: cannot write the .npy files in %s\n", dir);
  return failed;
}
