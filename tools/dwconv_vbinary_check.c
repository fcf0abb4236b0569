// tools/dwconv_vbinary_check.c — the depthwise, ADD/SUB/MUL and (AArch64) pooling C microkernels against a C port of the reference kernels.
//
// Built and run by tools/microkernel-check.sh: on the host (scalar, AVX2) and on
// AArch64 under qemu (scalar, NEON), which XCTest on an x86-64 host cannot
// reach. Seeded random cases: shapes, strides, dilations, paddings, channel
// counts 1-70, extreme zero points, multipliers and shifts, clamps. Exit 1
// on any differing byte.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gml_dwconv_elementwise.h"
#include "qs8_requant.h"
#include "qs8_vbinary.h"

#define CHECK_SEED 88172645463325252ull
#include "check_random.h"
#include "check_vbinary.h"
#include "check_pool.h"

// DepthwiseConv2DInt8.reference (GMLKernels/DepthwiseConv2DInt8+Reference.swift)
// for depth multiplier 1.
static void reference_dwconv(
    const gml_qs8_dwconv_geometry *g, const int8_t *in, const int8_t *w, const int32_t *bias,
    int32_t input_offset, const int32_t *multiplier, const int32_t *shift,
    const gml_qs8_params *p, int8_t *out) {
  size_t c = g->channels;
  for (size_t b = 0; b < g->batches; b++) {
    for (size_t oy = 0; oy < g->output_h; oy++) {
      for (size_t ox = 0; ox < g->output_w; ox++) {
        for (size_t ch = 0; ch < c; ch++) {
          uint32_t acc = 0;
          for (size_t ky = 0; ky < g->kernel_h; ky++) {
            long iy = (long)(oy * g->stride_h + ky * g->dilation_h) - (long)g->pad_top;
            if (iy < 0 || iy >= (long)g->input_h) continue;
            for (size_t kx = 0; kx < g->kernel_w; kx++) {
              long ix = (long)(ox * g->stride_w + kx * g->dilation_w) - (long)g->pad_left;
              if (ix < 0 || ix >= (long)g->input_w) continue;
              int32_t x = in[((b * g->input_h + iy) * g->input_w + ix) * c + ch];
              acc += (uint32_t)(w[(ky * g->kernel_w + kx) * c + ch] * (x + input_offset));
            }
          }
          if (bias) acc += (uint32_t)bias[ch];
          int32_t left = shift[ch] > 0 ? shift[ch] : 0, right = shift[ch] > 0 ? 0 : -shift[ch];
          out[((b * g->output_h + oy) * g->output_w + ox) * c + ch] =
              gml_qs8_clamp(gml_qs8_gemmlowp((int32_t)acc, multiplier[ch], left, right), p);
        }
      }
    }
  }
}

// The kernels this build has for a filter of `taps` taps (at most 6).
static int dwconv_kernels(size_t taps, gml_qs8_dwconv_fn *k, const char **name) {
  int n = 0;
  k[n] = gml_qs8_dwconv_scalar, name[n++] = "scalar";
#if defined(__x86_64__)
  if (gml_cpu_has_avx2()) {
    k[n] = gml_qs8_dwconv_avx2, name[n++] = "avx2";
    if (taps == 9) k[n] = gml_qs8_dwconv_3x3_avx2, name[n++] = "3x3_avx2";
  }
  if (gml_cpu_has_avx512vnni()) {
    k[n] = gml_qs8_dwconv_avx512vnni, name[n++] = "avx512vnni";
    if (taps == 9) k[n] = gml_qs8_dwconv_3x3_avx512vnni, name[n++] = "3x3_avx512vnni";
  }
#elif defined(__aarch64__)
  k[n] = gml_qs8_dwconv_neon, name[n++] = "neon";
  if (taps == 9) k[n] = gml_qs8_dwconv_3x3_neon, name[n++] = "3x3_neon";
  if (taps == 9 && gml_cpu_has_neon_dot()) {
    k[n] = gml_qs8_dwconv_3x3_neondot, name[n++] = "3x3_neondot";
  }
#endif
  return n;
}

/* The whole-rows kernels this CPU runs for geometry g. */
static int dwconv_rows_kernels(
    const gml_qs8_dwconv_geometry *g, gml_qs8_dwconv_rows_fn *k, const char **name) {
  int n = 0;
  if (!gml_qs8_dwconv_rows_ok(g)) return 0;
#if defined(__x86_64__)
  if (gml_cpu_has_avx512vnni()) k[n] = gml_qs8_dwconv_3x3_rows_avx512vnni, name[n++] = "3x3_avx512vnni";
#elif defined(__aarch64__)
  k[n] = gml_qs8_dwconv_3x3_rows_neon, name[n++] = "3x3_neon";
  if (gml_cpu_has_neon_dot()) k[n] = gml_qs8_dwconv_3x3_rows_neondot, name[n++] = "3x3_neondot";
#endif
  (void)k, (void)name;
  return n;
}

static int check_dwconv(int cases) {
  int failures = 0, runs = 0;
  for (int it = 0; it < cases; it++) {
    gml_qs8_dwconv_geometry g = {0};
    g.batches = between(1, 2), g.input_h = between(1, 9), g.input_w = between(1, 9);
    /* Wider rows too: runs long enough for the driver's step mode (6 or more
       pixels inside the image on x86-64). */
    if (it % 3 == 2) g.input_w = between(10, 24);
    g.channels = it % 8 == 3 ? 8 : between(1, 70); /* 8: two pixels per AVX-512 vector */
    g.kernel_h = it % 2 ? 3 : between(1, 5), g.kernel_w = it % 2 ? 3 : between(1, 5);
    g.stride_h = between(1, 3), g.stride_w = between(1, 3);
    g.dilation_h = between(1, 2), g.dilation_w = between(1, 2);
    g.pad_top = between(0, 3), g.pad_left = between(0, 3);
    long span_h = (long)(g.kernel_h - 1) * g.dilation_h + 1;
    long span_w = (long)(g.kernel_w - 1) * g.dilation_w + 1;
    long padded_h = g.input_h + g.pad_top + between(0, 3);
    long padded_w = g.input_w + g.pad_left + between(0, 3);
    if (padded_h < span_h || padded_w < span_w) continue;
    g.output_h = (padded_h - span_h) / g.stride_h + 1;
    g.output_w = (padded_w - span_w) / g.stride_w + 1;
    size_t c = g.channels, taps = g.kernel_h * g.kernel_w;
    size_t in_count = g.batches * g.input_h * g.input_w * c;
    size_t out_count = g.batches * g.output_h * g.output_w * c;
    int8_t *in = malloc(in_count), *w = malloc(taps * c);
    int8_t *expected = malloc(out_count), *got = malloc(out_count);
    int32_t *bias = malloc(4 * c), *multiplier = malloc(4 * c), *shift = malloc(4 * c);
    const int32_t zero_points[] = {-128, 0, 127, between(-128, 127)};
    int32_t input_offset = -zero_points[between(0, 3)];
    for (size_t i = 0; i < in_count; i++) in[i] = (int8_t)between(-128, 127);
    for (size_t i = 0; i < taps * c; i++) {
      w[i] = (int8_t)(it % 5 ? between(-128, 127) : between(0, 1) ? -128 : 127);
    }
    /* Every other case has only QuantizeMultiplier's multipliers for scales
       below 1/2 (a right shift, none left), as models do, so that the
       kernels' one-rounding paths run on whole blocks. */
    int typical = it % 4 >= 2;
    for (size_t i = 0; i < c; i++) {
      bias[i] = it % 7 ? between(-100000, 100000) : (int32_t)next();
      multiplier[i] = (int32_t)(0x40000000u + (uint32_t)(next() % 0x40000000u));
      if (between(0, 9) == 0 && !typical) multiplier[i] = -multiplier[i];
      /* 2^30 (a scale that is a power of two) makes both roundings meet ties. */
      if (typical && between(0, 3) == 0) multiplier[i] = 0x40000000 + between(0, 1) * 0x400;
      shift[i] = typical ? between(-23, -1) : it % 3 ? between(-12, 2) : between(-31, 30);
    }
    gml_qs8_params p = {GML_QS8_GEMMLOWP, between(-128, 127), -128, 127};
    if (it % 4 == 1) p.min = between(-128, 0), p.max = between(p.min, 127);
    const int32_t *b = it % 6 ? bias : NULL;
    reference_dwconv(&g, in, w, b, input_offset, multiplier, shift, &p, expected);
    void *packed = malloc(gml_qs8_dwconv_packed_size(c, taps));
    gml_qs8_dwconv_pack(c, taps, w, b, input_offset, multiplier, shift, packed);
    gml_qs8_dwconv_fn kernels[6];
    const char *names[6];
    for (int k = 0, n = dwconv_kernels(taps, kernels, names); k < n; k++, runs++) {
      memset(got, 0x55, out_count);
      /* Every other case in two parts of rows, as two threads run it. */
      size_t rows = g.batches * g.output_h, split = it % 2 ? rows / 2 : rows;
      gml_qs8_dwconv(&g, in, packed, got, &p, kernels[k], 0, split);
      gml_qs8_dwconv(&g, in, packed, got, &p, kernels[k], split, rows);
      if (memcmp(expected, got, out_count) != 0 && failures++ < 10) {
        printf("dwconv %s: case %d (%zu channels, %zu taps) differs\n", names[k], it, c, taps);
      }
    }
    /* Through the zero-point padded copy: each kernel by the driver, and
       the whole-rows kernels, in two parts of rows too. */
    if (gml_qs8_dwconv_pads(&g)) {
      int8_t *copy = malloc(gml_qs8_dwconv_padded_size(&g));
      const gml_qs8_dwconv_geometry padded = gml_qs8_dwconv_pad(&g, in, -input_offset, copy);
      const size_t rows = g.batches * g.output_h, split = it % 2 ? rows / 2 : rows;
      for (int k = 0, n = dwconv_kernels(taps, kernels, names); k < n; k++, runs++) {
        memset(got, 0x55, out_count);
        gml_qs8_dwconv(&padded, copy, packed, got, &p, kernels[k], 0, split);
        gml_qs8_dwconv(&padded, copy, packed, got, &p, kernels[k], split, rows);
        if (memcmp(expected, got, out_count) != 0 && failures++ < 10) {
          printf("dwconv %s on the padded copy: case %d differs\n", names[k], it);
        }
      }
      gml_qs8_dwconv_rows_fn whole[2];
      const char *whole_names[2];
      for (int k = 0, n = dwconv_rows_kernels(&padded, whole, whole_names); k < n; k++, runs++) {
        memset(got, 0x55, out_count);
        whole[k](&padded, copy, packed, got, &p, 0, split);
        whole[k](&padded, copy, packed, got, &p, split, rows);
        if (memcmp(expected, got, out_count) != 0 && failures++ < 10) {
          printf("dwconv %s (rows): case %d (%zu channels) differs\n", whole_names[k], it, c);
        }
      }
      free(copy);
    }
    free(in), free(w), free(expected), free(got), free(bias), free(multiplier), free(shift);
    free(packed);
  }
  printf("dwconv: %d runs, %d differ\n", runs, failures);
  return failures;
}

static int check_vbinary(int cases) {
  gml_qs8_vbinary_fn kernels[3] = {gml_qs8_vbinary_scalar, 0, 0};
  const char *names[3] = {"scalar", 0, 0};
  int count = 1, failures = 0, runs = 0, linear_runs = 0;
#if defined(__x86_64__)
  if (gml_cpu_has_avx2()) kernels[count] = gml_qs8_vbinary_avx2, names[count++] = "avx2";
  if (gml_cpu_has_avx512vnni()) {
    kernels[count] = gml_qs8_vbinary_avx512vnni, names[count++] = "avx512vnni";
  }
#elif defined(__aarch64__)
  kernels[count] = gml_qs8_vbinary_neon, names[count++] = "neon";
#endif
  for (int it = 0; it < cases; it++) {
    size_t n = between(0, 70), a_step = between(0, 3) != 0, b_step = between(0, 3) != 0;
    int8_t a[80], b[80], expected[80], got[80];
    for (int i = 0; i < 80; i++) {
      a[i] = (int8_t)between(-128, 127);
      b[i] = (int8_t)between(-128, 127);
    }
    gml_qs8_vbinary_params p;
    vbinary_random_params(it, &p);
    for (size_t i = 0; i < n; i++) {
      expected[i] = gml_qs8_vbinary_one(a[i * a_step], b[i * b_step], &p);
    }
    /* Each kernel as it is, then by the linear form where one is found
       (every 8th case: the search takes a while). */
    for (int linear = 0; linear < 2; linear++) {
      if (linear && (it % 8 != 0 || !gml_qs8_vbinary_linear(&p))) break;
      linear_runs += linear;
      /* The form's claim: the reference's output on every pair. */
      for (int x = -128; linear && x < 128; x++) {
        for (int y = -128; y < 128; y++) {
          if (gml_qs8_vbinary_linear_one((int8_t)x, (int8_t)y, &p) !=
                  gml_qs8_vbinary_one((int8_t)x, (int8_t)y, &p) &&
              failures++ < 10) {
            printf("vbinary linear: case %d differs at %d, %d\n", it, x, y);
          }
        }
      }
      for (int k = 0; k < count; k++, runs++) {
        memset(got, 0x55, sizeof got);
        kernels[k](n, a, a_step, b, b_step, got, &p);
        if ((memcmp(expected, got, n) != 0 || got[n] != 0x55) && failures++ < 10) {
          printf("vbinary %s: case %d (op %d, %zu values%s) differs\n", names[k], it,
                 p.operation, n, linear ? ", linear" : "");
        }
      }
    }
  }
  printf("vbinary: %d runs (%d cases by a linear form), %d differ\n", runs, linear_runs,
         failures);
  return failures;
}

// Every pair of int8 operands, for multipliers whose low bits make both of
// gemmlowp's roundings meet ties (2^30 + 2^10: v * M / 2^11 is a half for
// odd v), with small right shifts, so that a rounding rule off by one shows.
static int check_vbinary_ties(int cases) {
  gml_qs8_vbinary_fn kernels[3] = {gml_qs8_vbinary_scalar, 0, 0};
  const char *names[3] = {"scalar", 0, 0};
  int count = 1, failures = 0, linear_cases = 0;
#if defined(__x86_64__)
  if (gml_cpu_has_avx2()) kernels[count] = gml_qs8_vbinary_avx2, names[count++] = "avx2";
  if (gml_cpu_has_avx512vnni()) {
    kernels[count] = gml_qs8_vbinary_avx512vnni, names[count++] = "avx512vnni";
  }
#elif defined(__aarch64__)
  kernels[count] = gml_qs8_vbinary_neon, names[count++] = "neon";
#endif
  const int32_t multipliers[] = {
      0x40000000, 0x40000400, 0x40000C00, 0x40001000, 0x7FFFFC00,
      (int32_t)(0x40000000u + (uint32_t)(next() % 0x40000000u))};
  int8_t a[256], b[256], expected[256], got[256];
  for (int i = 0; i < 256; i++) a[i] = (int8_t)(i - 128);
  for (int it = 0; it < cases; it++) {
    gml_qs8_vbinary_params p;
    p.operation = it % 3;
    p.a_offset = -between(-128, 127), p.b_offset = -between(-128, 127);
    p.left_shift = p.operation == GML_QS8_MUL ? 0 : 20;
    p.a_multiplier = multipliers[between(0, 5)], p.b_multiplier = multipliers[between(0, 5)];
    p.output_multiplier = multipliers[between(0, 5)];
    p.a_left = p.b_left = 0, p.a_right = between(0, 3), p.b_right = between(0, 3);
    p.output_left = 0;
    p.output_right = p.operation == GML_QS8_MUL ? between(1, 9) : between(16, 21);
    p.output_zero_point = between(-128, 127), p.min = -128, p.max = 127;
    p.linear_shift = 0;
    /* Every other case by its linear form, where one is found. */
    if (it % 2 && gml_qs8_vbinary_linear(&p)) linear_cases++;
    for (int y = 0; y < 256; y++) {
      b[0] = (int8_t)(y - 128);
      for (int i = 0; i < 256; i++) expected[i] = gml_qs8_vbinary_one(a[i], b[0], &p);
      for (int k = 0; k < count; k++) {
        kernels[k](256, a, 1, b, 0, got, &p);
        if (memcmp(expected, got, 256) != 0 && failures++ < 10) {
          printf("vbinary ties %s: case %d (op %d, b %d%s) differs\n", names[k], it,
                 p.operation, y - 128, p.linear_shift ? ", linear" : "");
        }
      }
    }
  }
  printf("vbinary ties: %d cases of 65536 pairs (%d by a linear form), %d differ\n", cases,
         linear_cases, failures);
  return failures;
}

#if defined(__aarch64__) || defined(__x86_64__)
// The AArch64 AveragePool2D, the MaxPool2D (portable C) and the Mean
// kernels (NEON, AVX2) against Pool2DInt8.fastAverage's, fastMax's and
// MeanInt8.fast's arithmetic (GMLKernels), one channel at a time.
static int check_pool_mean(int cases) {
  int failures = 0;
  for (int it = 0; it < cases; it++) {
    pool_case k = pool_case_make(it);
    size_t c = k.c, rows = k.rows, cols = k.cols;
    int8_t want[80], got[80], *in = k.in;
#if defined(__aarch64__)
    gml_qs8_avgpool_neon(c, in, k.row_stride, rows, cols, got, k.min, k.max);
    if (memcmp(k.want, got, c) && failures++ < 10) printf("avgpool: case %d differs\n", it);
#endif
    gml_qs8_maxpool(c, in, k.row_stride, rows, cols, got, k.min, k.max);
    if (memcmp(k.want_max, got, c) && failures++ < 10) printf("maxpool: case %d differs\n", it);
    /* Mean over `count` pixels in a row, `step` = c + a gap apart. */
    size_t positions = rows * cols, step = c + (size_t)between(0, 2);
    int8_t *row = malloc(positions * step + c);
    for (size_t i = 0; i < positions * step + c; i++) row[i] = (int8_t)between(-128, 127);
    int32_t zero_point = between(-128, 127), out_zero = between(-128, 127);
    int32_t multiplier = (int32_t)(0x40000000u + (uint32_t)(next() % 0x40000000u));
    int32_t shift = between(-20, 3);
    int32_t zero_sum = zero_point * (int32_t)positions;
    for (size_t j = 0; j < c; j++) {
      uint32_t sum = 0;
      for (size_t r = 0; r < positions; r++) sum += (uint32_t)row[r * step + j];
      int32_t s = (int32_t)(sum - (uint32_t)zero_sum);
      int32_t q = (int32_t)((uint32_t)gml_qs8_gemmlowp(s, multiplier, shift > 0 ? shift : 0,
                                                       shift > 0 ? 0 : -shift) +
                            (uint32_t)out_zero);
      want[j] = (int8_t)(q < -128 ? -128 : q > 127 ? 127 : q);
    }
#if defined(__aarch64__)
    gml_qs8_mean_neon(c, row, positions, step, zero_sum, multiplier, shift, out_zero, got);
#else
    if (!gml_cpu_has_avx2()) memcpy(got, want, c);
    else gml_qs8_mean_avx2(c, row, positions, step, zero_sum, multiplier, shift, out_zero, got);
#endif
    if (memcmp(want, got, c) && failures++ < 10) printf("mean: case %d differs\n", it);
    free(in), free(row);
  }
#if defined(__aarch64__)
  printf("avgpool, maxpool, mean: %d cases, %d differ\n", cases, failures);
#else
  printf("maxpool, mean: %d cases, %d differ%s\n", cases, failures,
         gml_cpu_has_avx2() ? "" : " (mean: no AVX2, skipped)");
#endif
  return failures;
}
#endif

int main(void) {
  int failures = check_dwconv(3000) + check_vbinary(20000) + check_vbinary_ties(200);
#if defined(__aarch64__) || defined(__x86_64__)
  failures += check_pool_mean(2000);
#endif
  return failures ? 1 : 0;
}
