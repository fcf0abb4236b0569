/*
 * qs8_conv_helium.c — int8 Conv2D on Helium (MVE: Cortex-M55, M85),
 * gml_qs8_conv_dsp's contract; gml_qs8_conv_dsp calls it when built for
 * a core with MVE. The input offset is taken out of the products: each
 * channel starts from its bias plus input_offset times the sum of its
 * weights, and a window is the raw input bytes, padded with the input
 * zero point (which that term turns into 0). Per pair of output pixels,
 * per four channels: VMLADAVA.S8 over 16 k at a time (tail-predicated),
 * 2 + 4 loads and 8 multiply-accumulates of 16 products; then the eight
 * sums requantized four channels a vector: VQRDMULH is gemmlowp's
 * SaturatingRoundingDoublingHighMul, its RoundingDivideByPOT a sign
 * fix-up and VRSHL, so the bytes are the reference's. The filter is read
 * in place; the scratch holds the channels' starting sums and two
 * windows (at most what gml_qs8_conv_dsp_scratch_size gives).
 */
#include "gml_dsp.h"

#if defined(__ARM_FEATURE_MVE)
#include <arm_mve.h>

#include "qs8_helium.h"

static size_t conv_depth(const gml_qs8_dsp_conv *c) {
  return (size_t)c->filter_h * (size_t)c->filter_w * (size_t)c->input_depth;
}

/* Each channel's bias (or 0) plus input_offset times its weights' sum. */
static void start_sums(const gml_qs8_dsp_conv *c, const int8_t *filter, const int32_t *bias,
                       int32_t *start) {
  size_t depth = conv_depth(c);
  for (size_t oc = 0; oc < (size_t)c->output_depth; oc++, filter += depth) {
    int32_t sum = 0;
    for (size_t k = 0; k < depth; k += 16) {
      sum = vaddvaq_s8(sum, vldrbq_z_s8(filter + k, vctp8q((uint32_t)(depth - k))));
    }
    start[oc] = (int32_t)((uint32_t)(bias ? bias[oc] : 0) + (uint32_t)sum * (uint32_t)c->input_offset);
  }
}

/* Output pixel (oy, ox)'s window of `image`: a pointer into the image
   where it is one run of it, else gathered into `row` (padding: the
   input zero point). */
static const int8_t *window(const gml_qs8_dsp_conv *c, const int8_t *image, int32_t oy,
                            int32_t ox, int8_t *row) {
  size_t depth = (size_t)c->input_depth, run = (size_t)c->filter_w * depth, k = 0;
  int8_t pad = (int8_t)-c->input_offset;
  int32_t y0 = oy * c->stride_h - c->pad_top, x0 = ox * c->stride_w - c->pad_left;
  int32_t last = x0 + (c->filter_w - 1) * c->dilation_w;
  int inside_x = (c->dilation_w == 1 || c->filter_w == 1) && x0 >= 0 && last < c->input_w;
  if (c->filter_h == 1 && inside_x && y0 >= 0 && y0 < c->input_h) {
    return image + ((size_t)y0 * (size_t)c->input_w + (size_t)x0) * depth;
  }
  for (int32_t ky = 0; ky < c->filter_h; ky++, k += run) {
    int32_t iy = y0 + ky * c->dilation_h;
    if (iy < 0 || iy >= c->input_h) {
      gml_helium_fill(row + k, pad, run);
      continue;
    }
    const int8_t *line = image + (size_t)iy * (size_t)c->input_w * depth;
    if (inside_x) {
      gml_helium_copy(row + k, line + (size_t)x0 * depth, run);
      continue;
    }
    for (int32_t kx = 0; kx < c->filter_w; kx++) {
      int32_t ix = x0 + kx * c->dilation_w;
      size_t at = k + (size_t)kx * depth;
      if (ix < 0 || ix >= c->input_w) {
        gml_helium_fill(row + at, pad, depth);
      } else {
        gml_helium_copy(row + at, line + (size_t)ix * depth, depth);
      }
    }
  }
  return row;
}

/* The sums of four channels' rows (w[0..3]) with two windows x0 and x1,
   each starting from start[0..3]: s0 (window x0) and s1. Apart from
   the caller, so that the loop has the registers (eight sums, six
   pointers and the loop count: one sum spills). */
__attribute__((noinline)) static void sums4(const int8_t *x0, const int8_t *x1, const int8_t *const *w, size_t depth,
                  const int32_t *start, int32x4_t *s0, int32x4_t *s1) {
  const int8_t *w0 = w[0], *w1 = w[1], *w2 = w[2], *w3 = w[3];
  int32_t a00 = start[0], a01 = start[1], a02 = start[2], a03 = start[3];
  int32_t a10 = start[0], a11 = start[1], a12 = start[2], a13 = start[3];
  for (size_t k = 0; k < depth; k += 16) {
    mve_pred16_t p = vctp8q((uint32_t)(depth - k));
    int8x16_t u = vldrbq_z_s8(x0 + k, p), v = vldrbq_z_s8(x1 + k, p);
    int8x16_t r = vldrbq_z_s8(w0 + k, p);
    a00 = vmladavaq_s8(a00, u, r), a10 = vmladavaq_s8(a10, v, r);
    r = vldrbq_z_s8(w1 + k, p);
    a01 = vmladavaq_s8(a01, u, r), a11 = vmladavaq_s8(a11, v, r);
    r = vldrbq_z_s8(w2 + k, p);
    a02 = vmladavaq_s8(a02, u, r), a12 = vmladavaq_s8(a12, v, r);
    r = vldrbq_z_s8(w3 + k, p);
    a03 = vmladavaq_s8(a03, u, r), a13 = vmladavaq_s8(a13, v, r);
  }
  int32x4_t t = vdupq_n_s32(a00);
  t = vsetq_lane_s32(a01, t, 1), t = vsetq_lane_s32(a02, t, 2), *s0 = vsetq_lane_s32(a03, t, 3);
  t = vdupq_n_s32(a10);
  t = vsetq_lane_s32(a11, t, 1), t = vsetq_lane_s32(a12, t, 2), *s1 = vsetq_lane_s32(a13, t, 3);
}

void gml_qs8_conv_helium(const gml_qs8_dsp_conv *conv, const int8_t *input, const int8_t *filter,
                         const int32_t *bias, const int32_t *multipliers, int8_t *output,
                         void *scratch) {
  gml_qs8_dsp_conv c = *conv; /* stores through int8_t may alias *conv */
  size_t per_image = (size_t)c.output_h * (size_t)c.output_w, depth = conv_depth(&c);
  size_t pixels = (size_t)c.batches * per_image, n = (size_t)c.output_depth;
  size_t image_bytes = (size_t)c.input_h * c.input_w * c.input_depth;
  int32_t *start = scratch;
  int8_t *rows = (int8_t *)(start + n);
  gml_helium_rq rq = {c.output_offset, c.min, c.max};
  start_sums(&c, filter, bias, start);
  for (size_t p = 0; p < pixels; p += 2) {
    size_t q = p + 1 < pixels ? p + 1 : p;
    const int8_t *x[2];
    size_t at[2] = {p, q};
    for (int slot = 0; slot < 2; slot++) {
      size_t b = at[slot] / per_image, rem = at[slot] % per_image;
      x[slot] = window(&c, input + b * image_bytes, (int32_t)(rem / (size_t)c.output_w),
                       (int32_t)(rem % (size_t)c.output_w), rows + (size_t)slot * depth);
    }
    for (size_t oc = 0; oc < n; oc += 4) {
      size_t m = n - oc < 4 ? n - oc : 4;
      const int8_t *w0 = filter + oc * depth;
      /* Past the last channel: the last again. */
      const int8_t *w[4] = {w0, w0 + (m > 1) * depth, w0 + (m > 2 ? 2 : m - 1) * depth,
                            w0 + (m - 1) * depth};
      int32_t from[4] = {start[oc], start[oc + (m > 1)], start[oc + (m > 2 ? 2 : m - 1)],
                         start[oc + m - 1]};
      int32x4_t s0, s1;
      sums4(x[0], x[1], w, depth, from, &s0, &s1);
      gml_helium_requantize4(s0, s1, multipliers + 2 * oc, m, &rq, output + p * n + oc,
                             output + q * n + oc);
    }
  }
}
#endif
