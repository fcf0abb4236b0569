// tools/helium_check.c — the Helium (MVE) kernels against a scalar reference on random layers, as a bare-metal program for qemu's mps3-an547 (Cortex-M55), linked with the board's startup, semihosting, heap and libc (tools/microkernel-check.sh).
//
// gml_qs8_conv_dsp, gml_qs8_dwconv_dsp, gml_qs8_fc_dsp and the pools
// built for the M55 run their Helium forms; each case compares their
// bytes with the direct sums below (the reference kernels' arithmetic:
// the input offset added to each tap inside the image,
// gemmlowp's requantization, the zero point and the clamp). Random
// shapes (K off the 16-byte step, channels off the 4-channel step, odd
// pixel counts), strides, dilations, padding, extreme zero points and
// multipliers with left and right shifts; depthwise channels off the
// 8-channel step, 3x3 filters half the time (else 1...5 by 1...5);
// FullyConnected depths off the 16-byte step, weight zero points,
// LiteRT's double rescale.
#include <stddef.h>
#include <stdint.h>

#include "../samples/embedded/mps2-an386/board.h"
#include "check_random.h"
#include "gml_dsp.h"
#include "gml_dwconv_elementwise.h"
#include "qs8_requant.h"

// The board's heap.c and libc.c (no C library here).
void *malloc(size_t size);
void free(void *pointer);
int memcmp(const void *a, const void *b, size_t count);
void *memset(void *dst, int value, size_t count);

#include "check_fc.h"
#include "check_pool.h"
#include "check_vbinary.h"

static void write_int(long value) {
  char text[24], *p = text + sizeof text - 1;
  unsigned long v = value < 0 ? 0ul - (unsigned long)value : (unsigned long)value;
  *p = 0;
  do *--p = (char)('0' + v % 10); while ((v /= 10) != 0);
  if (value < 0) *--p = '-';
  board_write0(p);
}

// The reference output of one case.
static void reference(const gml_qs8_dsp_conv *c, const int8_t *in, const int8_t *w,
                      const int32_t *bias, const int32_t *pairs, int8_t *out) {
  gml_qs8_params clamp = {GML_QS8_GEMMLOWP, c->output_offset, c->min, c->max};
  for (int32_t b = 0; b < c->batches; b++)
    for (int32_t oy = 0; oy < c->output_h; oy++)
      for (int32_t ox = 0; ox < c->output_w; ox++)
        for (int32_t oc = 0; oc < c->output_depth; oc++) {
          uint32_t acc = bias ? (uint32_t)bias[oc] : 0;
          for (int32_t ky = 0; ky < c->filter_h; ky++)
            for (int32_t kx = 0; kx < c->filter_w; kx++) {
              int32_t iy = oy * c->stride_h - c->pad_top + ky * c->dilation_h;
              int32_t ix = ox * c->stride_w - c->pad_left + kx * c->dilation_w;
              if (iy < 0 || iy >= c->input_h || ix < 0 || ix >= c->input_w) continue;
              for (int32_t ic = 0; ic < c->input_depth; ic++) {
                int32_t x = in[((b * c->input_h + iy) * c->input_w + ix) * c->input_depth + ic];
                int32_t f = w[((oc * c->filter_h + ky) * c->filter_w + kx) * c->input_depth + ic];
                acc += (uint32_t)((x + c->input_offset) * f);
              }
            }
          int32_t shift = pairs[2 * oc + 1];
          int32_t y = gml_qs8_gemmlowp((int32_t)acc, pairs[2 * oc], shift > 0 ? shift : 0,
                                       shift > 0 ? 0 : -shift);
          *out++ = gml_qs8_clamp(y, &clamp);
        }
}

static int check_conv(int cases) {
  int checked = 0;
  for (int it = 0; it < cases; it++) {
    gml_qs8_dsp_conv c = {0};
    c.batches = between(1, 2), c.input_h = between(1, 9), c.input_w = between(1, 9);
    c.input_depth = between(1, 40), c.output_depth = between(1, 20);
    c.filter_h = between(1, 4), c.filter_w = between(1, 4);
    c.stride_h = between(1, 3), c.stride_w = between(1, 3);
    c.dilation_h = between(1, 2), c.dilation_w = between(1, 2);
    if (between(0, 3) == 0) c.filter_h = c.filter_w = c.stride_h = c.stride_w = 1;
    int32_t span_h = (c.filter_h - 1) * c.dilation_h + 1, span_w = (c.filter_w - 1) * c.dilation_w + 1;
    c.pad_top = between(0, span_h - 1), c.pad_left = between(0, span_w - 1);
    c.output_h = (c.input_h + 2 * c.pad_top - span_h) / c.stride_h + 1;
    c.output_w = (c.input_w + 2 * c.pad_left - span_w) / c.stride_w + 1;
    if (c.input_h + 2 * c.pad_top < span_h || c.input_w + 2 * c.pad_left < span_w) continue;
    c.input_offset = -between(-128, 127), c.output_offset = between(-128, 127);
    c.min = between(-128, 0), c.max = between(c.min, 127);
    if (between(0, 1)) c.min = -128, c.max = 127;
    int extremes = between(0, 4) == 0;
    size_t in_n = (size_t)c.batches * c.input_h * c.input_w * c.input_depth;
    size_t w_n = (size_t)c.output_depth * c.filter_h * c.filter_w * c.input_depth;
    size_t out_n = (size_t)c.batches * c.output_h * c.output_w * c.output_depth;
    int8_t *in = malloc(in_n), *w = malloc(w_n), *want = malloc(out_n), *got = malloc(out_n);
    int32_t *bias = malloc(4 * (size_t)c.output_depth), *pairs = malloc(8 * (size_t)c.output_depth);
    void *scratch = malloc(gml_qs8_conv_dsp_scratch_size(&c));
    for (size_t i = 0; i < in_n; i++) in[i] = random_byte(extremes);
    for (size_t i = 0; i < w_n; i++) w[i] = random_byte(extremes);
    for (int32_t oc = 0; oc < c.output_depth; oc++) {
      bias[oc] = (int32_t)next() >> between(0, 16);
      pairs[2 * oc] = between(0, 9) == 0 ? INT32_MAX : (int32_t)(0x40000000u + (next() & 0x3FFFFFFFu));
      pairs[2 * oc + 1] = between(-24, 4);
    }
    int32_t *b = between(0, 5) == 0 ? NULL : bias;
    reference(&c, in, w, b, pairs, want);
    gml_qs8_conv_dsp(&c, in, w, b, pairs, got, scratch);
    int bad = memcmp(got, want, out_n) != 0;
    free(in), free(w), free(want), free(got), free(bias), free(pairs), free(scratch);
    if (bad) {
      board_write0("helium-check: conv case ");
      write_int(it);
      board_write0(" differs\n");
      return 1;
    }
    checked++;
  }
  board_write0("helium-check: conv_helium: ");
  write_int(checked);
  board_write0(" cases byte-equal\n");
  return 0;
}

// The reference depthwise output of one case (depth multiplier 1).
static void reference_dw(const gml_qs8_dsp_conv *c, const int8_t *in, const int8_t *w,
                         const int32_t *bias, const int32_t *pairs, int8_t *out) {
  gml_qs8_params clamp = {GML_QS8_GEMMLOWP, c->output_offset, c->min, c->max};
  int32_t d = c->input_depth;
  for (int32_t b = 0; b < c->batches; b++)
    for (int32_t oy = 0; oy < c->output_h; oy++)
      for (int32_t ox = 0; ox < c->output_w; ox++)
        for (int32_t ch = 0; ch < d; ch++) {
          uint32_t acc = bias ? (uint32_t)bias[ch] : 0;
          for (int32_t ky = 0; ky < c->filter_h; ky++)
            for (int32_t kx = 0; kx < c->filter_w; kx++) {
              int32_t iy = oy * c->stride_h - c->pad_top + ky * c->dilation_h;
              int32_t ix = ox * c->stride_w - c->pad_left + kx * c->dilation_w;
              if (iy < 0 || iy >= c->input_h || ix < 0 || ix >= c->input_w) continue;
              int32_t x = in[((b * c->input_h + iy) * c->input_w + ix) * d + ch];
              acc += (uint32_t)((x + c->input_offset) * w[(ky * c->filter_w + kx) * d + ch]);
            }
          int32_t shift = pairs[2 * ch + 1];
          int32_t y = gml_qs8_gemmlowp((int32_t)acc, pairs[2 * ch], shift > 0 ? shift : 0,
                                       shift > 0 ? 0 : -shift);
          *out++ = gml_qs8_clamp(y, &clamp);
        }
}

static int check_dwconv(int cases) {
  int checked = 0;
  for (int it = 0; it < cases; it++) {
    gml_qs8_dsp_conv c = {0};
    c.batches = between(1, 2), c.input_h = between(1, 9), c.input_w = between(1, 9);
    c.input_depth = c.output_depth = between(1, 40);
    int three = between(0, 1);
    c.filter_h = three ? 3 : between(1, 5), c.filter_w = three ? 3 : between(1, 5);
    c.stride_h = between(1, 2), c.stride_w = between(1, 2);
    c.dilation_h = between(1, 2), c.dilation_w = between(1, 2);
    int32_t span_h = (c.filter_h - 1) * c.dilation_h + 1;
    int32_t span_w = (c.filter_w - 1) * c.dilation_w + 1;
    c.pad_top = between(0, span_h - 1), c.pad_left = between(0, span_w - 1);
    if (c.input_h + 2 * c.pad_top < span_h || c.input_w + 2 * c.pad_left < span_w) continue;
    c.output_h = (c.input_h + 2 * c.pad_top - span_h) / c.stride_h + 1;
    c.output_w = (c.input_w + 2 * c.pad_left - span_w) / c.stride_w + 1;
    c.input_offset = -between(-128, 127), c.output_offset = between(-128, 127);
    c.min = between(-128, 0), c.max = between(c.min, 127);
    if (between(0, 1)) c.min = -128, c.max = 127;
    int extremes = between(0, 4) == 0;
    size_t d = (size_t)c.input_depth;
    size_t in_n = (size_t)c.batches * c.input_h * c.input_w * d;
    size_t w_n = (size_t)(c.filter_h * c.filter_w) * d;
    size_t out_n = (size_t)c.batches * c.output_h * c.output_w * d;
    int8_t *in = malloc(in_n), *w = malloc(w_n), *want = malloc(out_n), *got = malloc(out_n);
    int32_t *bias = malloc(4 * d), *pairs = malloc(8 * d);
    for (size_t i = 0; i < in_n; i++) in[i] = random_byte(extremes);
    for (size_t i = 0; i < w_n; i++) w[i] = random_byte(extremes);
    for (size_t ch = 0; ch < d; ch++) {
      bias[ch] = (int32_t)next() >> between(0, 16);
      pairs[2 * ch] = between(0, 9) == 0 ? INT32_MAX : (int32_t)(0x40000000u + (next() & 0x3FFFFFFFu));
      pairs[2 * ch + 1] = between(-24, 4);
    }
    int32_t *b = between(0, 5) == 0 ? NULL : bias;
    reference_dw(&c, in, w, b, pairs, want);
    void *scratch = malloc(gml_qs8_dwconv_dsp_scratch_size(&c));
    gml_qs8_dwconv_dsp(&c, in, w, b, pairs, got, scratch);
    free(scratch);
    int bad = memcmp(got, want, out_n) != 0;
    free(in), free(w), free(want), free(got), free(bias), free(pairs);
    if (bad) {
      board_write0("helium-check: dwconv case ");
      write_int(it);
      board_write0(" differs\n");
      return 1;
    }
    checked++;
  }
  board_write0("helium-check: dwconv_helium: ");
  write_int(checked);
  board_write0(" cases byte-equal\n");
  return 0;
}

static int check_fc(int cases) {
  for (int it = 0; it < cases; it++) {
    gml_qs8_dsp_fc f;
    if (fc_case_differs(0, &f)) {
      board_write0("helium-check: fc case ");
      write_int(it);
      board_write0(" differs\n");
      return 1;
    }
  }
  board_write0("helium-check: fc_helium: ");
  write_int(cases);
  board_write0(" cases byte-equal\n");
  return 0;
}

/* gml_qs8_avgpool_dsp's and gml_qs8_maxpool_dsp's Helium forms against
   check_pool.h's sums and maxima. */
static int check_pool(int cases) {
  for (int it = 0; it < cases; it++) {
    if (pool_dsp_case_differs(it)) {
      board_write0("helium-check: pool case ");
      write_int(it);
      board_write0(" differs\n");
      return 1;
    }
  }
  board_write0("helium-check: avgpool_helium, maxpool_helium: ");
  write_int(cases);
  board_write0(" cases byte-equal\n");
  return 0;
}

/* gml_qs8_vbinary_dsp's Helium form (ADD/SUB by the linear form, MUL)
   against the scalar kernel. */
static int check_vbinary(int cases) {
  int runs, mul_runs, bad = vbinary_linear_mismatch(gml_qs8_vbinary_dsp, cases, &runs);
  int bad_mul = vbinary_mul_mismatch(gml_qs8_vbinary_dsp, 10 * cases, &mul_runs);
  if (bad >= 0 || bad_mul >= 0) {
    board_write0(bad >= 0 ? "helium-check: vbinary ADD/SUB case " : "helium-check: vbinary MUL case ");
    write_int(bad >= 0 ? bad : bad_mul);
    board_write0(" differs\n");
    return 1;
  }
  board_write0("helium-check: vbinary_helium: ");
  write_int(runs);
  board_write0(" ADD/SUB and ");
  write_int(mul_runs);
  board_write0(" MUL runs byte-equal\n");
  return 0;
}

int gml_board_main(void) {
#if !defined(__ARM_FEATURE_MVE)
  board_write0("helium-check: built without MVE\n");
  return 1;
#else
  return check_conv(1500) | check_dwconv(1500) | check_fc(1000) | check_pool(1000) |
         check_vbinary(200);
#endif
}
