// tools/gemm_check.c — every int8 GEMM tile this CPU runs, and im2col, against a C port of the reference Conv2D and FullyConnected.
//
// Built and run by tools/microkernel-check.sh: on the host (scalar, AVX2) and on
// AArch64 under qemu (scalar, NEON), which XCTest on an x86-64 host cannot
// reach. Seeded random cases: GEMMs with M, N, K off the tile sizes, both
// requantizations, extreme zero points, multipliers, shifts, scales and
// clamps, data of only -128 and 127 or only -128; convolutions with kernel
// sizes 1-5, strides 1-3, dilations, paddings; and sums next to each
// requantization's rounding edges. Exit 1 on any differing byte.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gml_conv.h"
#include "gml_microkernels.h"
#include "qs8_requant.h"

#include "check_random.h"

typedef struct {
  const char *name;
  size_t rows;
  int32_t layout;
  size_t max_k;
  gml_qs8_gemm_fn fn;
  int (*supported)(void);
} tile;

static int always(void) { return 1; }

static const tile tiles[] = {
    {"2x8c8_scalar", 2, GML_QS8_LAYOUT_C8, (size_t)-1, gml_qs8_gemm_2x8c8_scalar, always},
#if defined(__x86_64__)
    {"3x8c8_avx2", 3, GML_QS8_LAYOUT_C8W16, (size_t)-1, gml_qs8_gemm_3x8c8_avx2, gml_cpu_has_avx2},
    {"1x8c8_avx2", 1, GML_QS8_LAYOUT_C8, (size_t)-1, gml_qs8_gemm_1x8c8_avx2, gml_cpu_has_avx2},
    {"6x16c2_avx2", 6, GML_QS8_LAYOUT_C2X16, GML_QS8_C2X16_MAX_K, gml_qs8_gemm_6x16c2_avx2,
     gml_cpu_has_avx2},
    {"8x16c4_avx512vnni", 8, GML_QS8_LAYOUT_C4X16_U8, (size_t)-1,
     gml_qs8_gemm_8x16c4_avx512vnni, gml_cpu_has_avx512vnni},
    {"1x16c4_avx512vnni", 1, GML_QS8_LAYOUT_C4X16_U8, (size_t)-1,
     gml_qs8_gemm_1x16c4_avx512vnni, gml_cpu_has_avx512vnni},
#endif
#if defined(__aarch64__)
    {"4x16c2_neonmlsl", 16, GML_QS8_LAYOUT_C2X16_MLSL, (size_t)-1, gml_qs8_gemm_4x16c2_neonmlsl,
     gml_cpu_has_neon},
    {"1x16c2_neonmlsl", 1, GML_QS8_LAYOUT_C2X16_MLSL, (size_t)-1, gml_qs8_gemm_1x16c2_neonmlsl,
     gml_cpu_has_neon},
    {"4x16c4_neondot", 16, GML_QS8_LAYOUT_C4X16, (size_t)-1, gml_qs8_gemm_4x16c4_neondot,
     gml_cpu_has_neon_dot},
    {"1x16c4_neondot", 1, GML_QS8_LAYOUT_C4X16, (size_t)-1, gml_qs8_gemm_1x16c4_neondot,
     gml_cpu_has_neon_dot},
    {"4x16c8_neoni8mm", 16, GML_QS8_LAYOUT_C8, (size_t)-1, gml_qs8_gemm_4x16c8_neoni8mm,
     gml_cpu_has_neon_i8mm},
#endif
};
#define TILES (sizeof tiles / sizeof tiles[0])

// The direct Conv2D tiles (gml_conv.h), ended by an entry without a name.
typedef struct {
  const char *name;
  size_t rows;
  int32_t layout;
  gml_qs8_conv_fn fn;
  int (*supported)(void);
  uint8_t flip; /* reads only a copy padded with this flip (0x80: bytes + 128) */
} direct_tile;

static const direct_tile direct_tiles[] = {
#if defined(__x86_64__)
    {"conv_8x16c4_avx512vnni", 8, GML_QS8_LAYOUT_C4X16_U8, gml_qs8_conv_8x16c4_avx512vnni,
     gml_cpu_has_avx512vnni, 0},
    {"conv_8x16c4_avx512vnni_u8", 8, GML_QS8_LAYOUT_C4X16_U8, gml_qs8_conv_8x16c4_avx512vnni_u8,
     gml_cpu_has_avx512vnni, 0x80},
#endif
#if defined(__aarch64__)
    {"conv_4x16c2_neonmlsl", GML_QS8_CONV_MAX_PIXELS, GML_QS8_LAYOUT_C2X16_MLSL, gml_qs8_conv_4x16c2_neonmlsl,
     gml_cpu_has_neon, 0},
    {"conv_4x16c4_neondot", GML_QS8_CONV_MAX_PIXELS, GML_QS8_LAYOUT_C4X16, gml_qs8_conv_4x16c4_neondot,
     gml_cpu_has_neon_dot, 0},
    {"conv_4x16c8_neoni8mm", GML_QS8_CONV_MAX_PIXELS, GML_QS8_LAYOUT_C8, gml_qs8_conv_4x16c8_neoni8mm,
     gml_cpu_has_neon_i8mm, 0},
#endif
    {NULL, 0, 0, NULL, NULL, 0},
};

// Per-channel requantization of one case, and the reference's last step:
// Conv2DInt8 (QuantizedMultiplier.apply) or FullyConnectedInt8 (double).
typedef struct {
  int32_t kind, *multiplier, *shift;
  double *scale;
  gml_qs8_params params;
} requant;

static int8_t finish(const requant *q, size_t n, uint32_t acc) {
  int32_t s = q->kind == GML_QS8_GEMMLOWP ? q->shift[n] : 0;
  int32_t y = q->kind == GML_QS8_GEMMLOWP
                  ? gml_qs8_gemmlowp((int32_t)acc, q->multiplier[n], s > 0 ? s : 0, s > 0 ? 0 : -s)
                  : gml_qs8_fp64((int32_t)acc, q->scale[n]);
  return gml_qs8_clamp(y, &q->params);
}

static requant random_requant(size_t n) {
  requant q = {(int32_t)(next() % 2), malloc(4 * n), malloc(4 * n), malloc(8 * n), {0}};
  // One case in three shifts every channel right, as TFLite models do (the
  // NEON tiles' short form); the others mix left, none and right.
  int right_only = next() % 3 == 0;
  for (size_t i = 0; i < n; i++) {
    q.multiplier[i] = next() % 5 == 0 ? 0x7fffffff : between(1 << 30, 0x7ffffffe);
    q.shift[i] = next() % 4 == 0 ? between(-12, 2) : between(-31, 30);
    if (right_only) q.shift[i] = next() % 4 == 0 ? between(-31, -1) : between(-12, -1);
    q.scale[i] = (double)between(1, 1000000) / 1e6 * (double)(1ull << between(0, 40)) / 1e9;
    if (next() % 10 == 0) q.scale[i] = 0.5;
  }
  q.params.kind = q.kind;
  // Now and then far outside int8, which the NEON tiles' int16 shortcut
  // must not take.
  q.params.zero_point = next() % 50 == 0 ? between(-100000, 100000) : between(-128, 127);
  q.params.min = -128;
  q.params.max = 127;
  if (next() % 2) {
    q.params.min = between(-128, 0);
    q.params.max = between(q.params.min, 127);
  }
  return q;
}

// extremes: 0 any int8, 1 only -128 and 127, 2 only -128 (the largest sums).
static int8_t random_int8(int extremes) {
  if (extremes == 2) return -128;
  return extremes ? (next() % 2 ? 127 : -128) : (int8_t)next();
}

// Runs `rows` rows of A (kc bytes apart) through `t`, `t.rows` at a time.
static void run_tile(
    const tile *t, size_t rows, size_t n, size_t kc, const int8_t *a, const void *w, int8_t *c,
    const gml_qs8_params *p) {
  for (size_t m = 0; m < rows; m += t->rows) {
    size_t mr = rows - m < t->rows ? rows - m : t->rows;
    t->fn(mr, n, kc, a + m * kc, kc, w, c + m * n, n, p);
  }
}

// A random GEMM (FullyConnected-shaped) through every tile.
static int check_gemm(int i) {
  // Now and then N past 64: the one-row tiles' passes over several blocks.
  size_t m = (size_t)between(1, 13), n = (size_t)(i % 5 == 0 ? between(41, 150) : between(1, 40));
  // Now and then K past 2048: long sums, the largest of them from only -128.
  size_t k = (size_t)(i % 97 == 0 ? between(2000, 4700)
                      : i % 7 == 0 ? between(1, 700)
                                   : between(1, 72));
  size_t kc = gml_qs8_gemm_packed_k(k);
  int extremes = next() % 5 == 0 ? 1 + (int)(next() % 2) : 0;
  if (i % 97 == 0 && i % 2) extremes = 2;
  int32_t offset = -(int32_t)(next() % 3 == 0 ? (next() % 2 ? -128 : 127) : between(-128, 127));
  int8_t *a = calloc(m * kc, 1), *w = malloc(n * k), *want = malloc(m * n), *got = malloc(m * n);
  int32_t *bias = malloc(4 * n);
  for (size_t r = 0; r < m; r++) {
    for (size_t j = 0; j < k; j++) a[r * kc + j] = random_int8(extremes);
  }
  for (size_t j = 0; j < n * k; j++) w[j] = random_int8(extremes);
  for (size_t j = 0; j < n; j++) bias[j] = next() % 4 == 0 ? (int32_t)next() : between(-99999, 99999);
  int has_bias = next() % 4 != 0;
  requant q = random_requant(n);
  for (size_t r = 0; r < m; r++) {
    for (size_t j = 0; j < n; j++) {
      uint32_t acc = has_bias ? (uint32_t)bias[j] : 0;
      for (size_t x = 0; x < k; x++) acc += (uint32_t)(w[j * k + x] * (a[r * kc + x] + offset));
      want[r * n + j] = finish(&q, j, acc);
    }
  }
  int bad = 0;
  for (size_t t = 0; t < TILES && !bad; t++) {
    if (!tiles[t].supported() || kc > tiles[t].max_k) continue;
    void *packed = malloc(gml_qs8_gemm_packed_size(tiles[t].layout, n, k, q.kind));
    gml_qs8_gemm_pack(
        tiles[t].layout, n, k, w, has_bias ? bias : NULL, offset, q.kind, q.multiplier, q.shift,
        q.scale, packed);
    memset(got, 0x5a, m * n);
    run_tile(&tiles[t], m, n, kc, a, packed, got, &q.params);
    if (memcmp(got, want, m * n)) {
      printf("gemm case %d: %s differs (M %zu N %zu K %zu kind %d)\n", i, tiles[t].name, m, n, k,
             q.kind);
      bad = 1;
    }
    free(packed);
  }
  free(a), free(w), free(want), free(got), free(bias), free(q.multiplier), free(q.shift),
      free(q.scale);
  return bad;
}

// Every direct tile on one convolution case without horizontal dilation:
// from the padded copy, and read in place when the convolution allows it.
static int check_direct(
    int i, const gml_qs8_window *g, size_t batches, size_t n, const int8_t *x, const int8_t *w,
    const requant *q, const int8_t *want, int8_t *got) {
  if (g->dilation_w != 1 || g->filter_h > GML_QS8_CONV_MAX_ROWS) return 0;
  size_t fh = (size_t)g->filter_h, row = (size_t)(g->filter_w * g->input_depth);
  size_t row4 = gml_qs8_conv_row_bytes(g), k4 = fh * row4, kc4 = gml_qs8_gemm_packed_k(k4);
  size_t m = batches * (size_t)(g->output_h * g->output_w);
  int8_t *w4 = calloc(n * k4, 1), *buffer = malloc(gml_qs8_conv_padded_size(g, batches));
  for (size_t j = 0; j < n; j++) {
    for (size_t r = 0; r < fh; r++) memcpy(w4 + j * k4 + r * row4, w + (j * fh + r) * row, row);
  }
  int bad = 0;
  for (size_t t = 0; direct_tiles[t].name && !bad; t++) {
    if (!direct_tiles[t].supported()) continue;
    void *packed = malloc(gml_qs8_gemm_packed_size(direct_tiles[t].layout, n, k4, q->kind));
    gml_qs8_gemm_pack(direct_tiles[t].layout, n, k4, w4, NULL, -g->zero_point, q->kind,
                      q->multiplier, q->shift, NULL, packed);
    const uint8_t flip = direct_tiles[t].flip;
    int in_place = gml_qs8_conv_reads_in_place(g) && !flip;
    for (int pass = 0; pass < 1 + in_place && !bad; pass++) {
      gml_qs8_conv_geometry cg =
          pass ? gml_qs8_conv_in_place(g) : gml_qs8_conv_pad(g, batches, x, buffer, flip);
      const int8_t *read = pass ? x : buffer;
      gml_qs8_pixel pixel = {0, 0, 0};
      memset(got, 0x5a, m * n);
      /* Runs of 11 pixels, or of 70 (a tile's whole MR, then the rest). */
      const size_t run = i % 2 ? 11 : 70;
      for (size_t p = 0; p < m; p += run) {
        size_t count = m - p < run ? m - p : run;
        gml_qs8_conv_run(&cg, direct_tiles[t].fn, direct_tiles[t].rows, read, &pixel, count, n,
                         kc4, packed, got + p * n, n, &q->params);
      }
      if (memcmp(got, want, m * n)) {
        printf("conv case %d: %s (%s) differs\n", i, direct_tiles[t].name,
               pass ? "in place" : "padded");
        bad = 1;
      }
    }
    free(packed);
  }
  free(w4), free(buffer);
  return bad;
}

// A random convolution: im2col + every tile against the direct loops.
static int check_conv(int i) {
  gml_qs8_window g;
  g.input_h = between(1, 9), g.input_w = between(1, 9), g.input_depth = between(1, 20);
  g.filter_h = between(1, 5), g.filter_w = between(1, 5);
  g.stride_h = between(1, 3), g.stride_w = between(1, 3);
  g.dilation_h = next() % 4 ? 1 : 2, g.dilation_w = next() % 4 ? 1 : 2;
  g.padding_top = between(0, 3), g.padding_left = between(0, 3);
  int32_t bottom = between(0, 3), right = between(0, 3);
  int32_t span_h = (g.filter_h - 1) * g.dilation_h + 1, span_w = (g.filter_w - 1) * g.dilation_w + 1;
  int32_t padded_h = g.input_h + g.padding_top + bottom, padded_w = g.input_w + g.padding_left + right;
  if (padded_h < span_h || padded_w < span_w) return 0;
  g.output_h = (padded_h - span_h) / g.stride_h + 1, g.output_w = (padded_w - span_w) / g.stride_w + 1;
  g.zero_point = next() % 3 == 0 ? (next() % 2 ? 127 : -128) : between(-128, 127);
  size_t batches = (size_t)between(1, 2), n = (size_t)between(1, 20);
  size_t depth = (size_t)g.input_depth, k = (size_t)(g.filter_h * g.filter_w) * depth;
  size_t kc = gml_qs8_gemm_packed_k(k), m = batches * (size_t)(g.output_h * g.output_w);
  size_t image = (size_t)(g.input_h * g.input_w) * depth;
  int8_t *x = malloc(batches * image), *w = malloc(n * k), *panel = malloc(m * kc);
  int8_t *want = malloc(m * n), *got = malloc(m * n);
  for (size_t j = 0; j < batches * image; j++) x[j] = (int8_t)next();
  for (size_t j = 0; j < n * k; j++) w[j] = (int8_t)next();
  requant q = random_requant(n);
  q.kind = q.params.kind = GML_QS8_GEMMLOWP;
  for (size_t p = 0; p < m; p++) {
    int32_t ox = (int32_t)(p % (size_t)g.output_w), oy = (int32_t)(p / (size_t)g.output_w % (size_t)g.output_h);
    size_t b = p / (size_t)(g.output_w * g.output_h);
    for (size_t j = 0; j < n; j++) {
      uint32_t acc = 0;
      for (int32_t ky = 0; ky < g.filter_h; ky++) {
        int32_t iy = oy * g.stride_h - g.padding_top + ky * g.dilation_h;
        if (iy < 0 || iy >= g.input_h) continue;
        for (int32_t kx = 0; kx < g.filter_w; kx++) {
          int32_t ix = ox * g.stride_w - g.padding_left + kx * g.dilation_w;
          if (ix < 0 || ix >= g.input_w) continue;
          for (size_t c = 0; c < depth; c++) {
            int32_t v = x[b * image + ((size_t)(iy * g.input_w + ix)) * depth + c] - g.zero_point;
            acc += (uint32_t)(w[j * k + (size_t)(ky * g.filter_w + kx) * depth + c] * v);
          }
        }
      }
      want[p * n + j] = finish(&q, j, acc);
    }
  }
  gml_qs8_pixel pixel = {0, 0, 0};
  for (size_t p = 0; p < m; p += 5) {
    size_t count = m - p < 5 ? m - p : 5;
    gml_qs8_im2col(&g, x, &pixel, count, panel + p * kc, kc);
  }
  int bad = 0;
  for (size_t t = 0; t < TILES && !bad; t++) {
    if (!tiles[t].supported() || kc > tiles[t].max_k) continue;
    void *packed = malloc(gml_qs8_gemm_packed_size(tiles[t].layout, n, k, q.kind));
    gml_qs8_gemm_pack(
        tiles[t].layout, n, k, w, NULL, -g.zero_point, q.kind, q.multiplier, q.shift, NULL, packed);
    memset(got, 0x5a, m * n);
    run_tile(&tiles[t], m, n, kc, panel, packed, got, &q.params);
    if (memcmp(got, want, m * n)) {
      printf("conv case %d: %s differs\n", i, tiles[t].name);
      bad = 1;
    }
    free(packed);
  }
  bad = bad || check_direct(i, &g, batches, n, x, w, &q, want, got);
  free(x), free(w), free(panel), free(want), free(got), free(q.multiplier), free(q.shift),
      free(q.scale);
  return bad;
}

// The requantization alone, through every tile: zero weights, so each sum
// is its bias term, chosen at will — mostly next to a rounding edge of an
// output within or near int8 (x * M / 2^(31+r) at a half, where the two
// roundings and the sign decide), now and then anywhere in int32; right
// shifts 1-31 and none, multipliers from 2^30 to 2^31 - 1 and 0; FP64
// with ties and sums at int32's ends.
static int check_requant(int i) {
  size_t m = (size_t)between(1, 9), n = (size_t)between(1, 40), k = 8;
  int8_t *a = calloc(m * k, 1), *w = calloc(n * k, 1), *want = malloc(m * n), *got = malloc(m * n);
  int32_t *bias = malloc(4 * n);
  requant q = random_requant(n);
  /* Every other case FP64, its scales now and then powers of two (exact
     ties at every half) or large (products past int32). */
  q.kind = q.params.kind = i % 2 ? GML_QS8_FP64 : GML_QS8_GEMMLOWP;
  for (size_t j = 0; j < n; j++) {
    if (next() % 3) q.shift[j] = next() % 8 == 0 ? between(-31, 0) : between(-14, -1);
    if (next() % 20 == 0) q.multiplier[j] = 0;
    double scale = (double)q.multiplier[j] / 2147483648.0;
    for (int32_t e = q.shift[j]; e != 0; e += e > 0 ? -1 : 1) scale *= e > 0 ? 2.0 : 0.5;
    if (q.kind == GML_QS8_FP64) {
      scale = q.scale[j];
      if (next() % 3 == 0) {
        scale = 1.0;
        for (int32_t e = between(-20, 3); e != 0; e += e > 0 ? -1 : 1) scale *= e > 0 ? 2.0 : 0.5;
      }
      q.scale[j] = scale;
    }
    double target = (between(-140, 140) - q.params.zero_point + 0.5) / (scale > 0 ? scale : 1);
    bias[j] = next() % 8 == 0 || target > 2e9 || target < -2e9 ? (int32_t)next()
                                                     : (int32_t)target + between(-2, 2);
    /* FP64 near int32's ends too: INT32_MIN past them, as the reference. */
    if (q.kind == GML_QS8_FP64 && next() % 10 == 0) {
      bias[j] = next() % 2 ? INT32_MAX - between(0, 3) : INT32_MIN + between(0, 3);
    }
  }
  for (size_t j = 0; j < n; j++) {
    int8_t y = finish(&q, j, (uint32_t)bias[j]);
    for (size_t r = 0; r < m; r++) want[r * n + j] = y;
  }
  int bad = 0;
  for (size_t t = 0; t < TILES && !bad; t++) {
    if (!tiles[t].supported()) continue;
    void *packed = malloc(gml_qs8_gemm_packed_size(tiles[t].layout, n, k, q.kind));
    gml_qs8_gemm_pack(
        tiles[t].layout, n, k, w, bias, 0, q.kind, q.multiplier, q.shift, q.scale, packed);
    memset(got, 0x5a, m * n);
    run_tile(&tiles[t], m, n, k, a, packed, got, &q.params);
    if (memcmp(got, want, m * n)) {
      printf("requant case %d: %s differs (M %zu N %zu)\n", i, tiles[t].name, m, n);
      bad = 1;
    }
    free(packed);
  }
  free(a), free(w), free(want), free(got), free(bias), free(q.multiplier), free(q.shift),
      free(q.scale);
  return bad;
}

int main(void) {
  int bad = 0, gemms = 3000, convs = 2000, requants = 3000;
  for (int i = 0; i < gemms; i++) bad |= check_gemm(i);
  for (int i = 0; i < convs; i++) bad |= check_conv(i);
  for (int i = 0; i < requants; i++) bad |= check_requant(i);
  printf("gemm-check: %d GEMMs, %d convolutions and %d requantizations on", gemms, convs,
         requants);
  for (size_t t = 0; t < TILES; t++) {
    if (tiles[t].supported()) printf(" %s", tiles[t].name);
  }
  for (size_t t = 0; direct_tiles[t].name; t++) {
    if (direct_tiles[t].supported()) printf(" %s", direct_tiles[t].name);
  }
  printf(": %s\n", bad ? "DIFFERENT BYTES" : "all byte-equal");
  printf("gemm-check: skipped (this CPU lacks them):");
  int skipped = 0;
  for (size_t t = 0; t < TILES; t++) {
    if (!tiles[t].supported()) printf(" %s", tiles[t].name), skipped = 1;
  }
  for (size_t t = 0; direct_tiles[t].name; t++) {
    if (!direct_tiles[t].supported()) printf(" %s", direct_tiles[t].name), skipped = 1;
  }
  printf("%s\n", skipped ? "" : " none");
  return bad;
}
