/*
 * qs8_conv_helium.c — int8 Conv2D on Helium (MVE: Cortex-M55, M85),
 * gml_qs8_conv_dsp's contract; gml_qs8_conv_dsp calls it when built for
 * a core with MVE. The input offset is taken out of the products: each
 * channel starts from its bias plus input_offset times the sum of its
 * weights, and a window is the raw input bytes, padded with the input
 * zero point (which that term turns into 0). Four output pixels at a
 * time, per channel: VMLADAVA.S8 over 16 k (tail-predicated), 5 loads
 * and 4 multiply-accumulates of 16 products (eight sums would not fit
 * the even registers VMLADAVA needs); then the four pixels' sums
 * requantized as a vector: VQRDMULH is gemmlowp's
 * SaturatingRoundingDoublingHighMul, its RoundingDivideByPOT a sign
 * fix-up and VRSHL, so the bytes are the reference's. The filter is read
 * in place; the scratch holds the channels' starting sums and four
 * windows (at most what gml_qs8_conv_dsp_scratch_size gives).
 */
#include "gml_dsp.h"

#if defined(__ARM_FEATURE_MVE)
#include <arm_mve.h>

#include "qs8_conv_window.h"
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
  int32_t y0 = oy * c->stride_h - c->pad_top, x0 = ox * c->stride_w - c->pad_left;
  int32_t last = x0 + (c->filter_w - 1) * c->dilation_w;
  if (c->filter_h == 1 && (c->dilation_w == 1 || c->filter_w == 1) && x0 >= 0 &&
      last < c->input_w && y0 >= 0 && y0 < c->input_h) {
    return image + ((size_t)y0 * (size_t)c->input_w + (size_t)x0) * (size_t)c->input_depth;
  }
  gml_conv_window_bytes(c, image, oy, ox, row, gml_helium_copy, gml_helium_fill);
  return row;
}

/* Four pixels' outputs (windows x[0..3]; pixel i's channel c goes to
   out + at[i] + c), every channel: per channel VMLADAVA of 16 k of its
   filter row against each window (four sums in even registers, five
   pointers), then the four pixels' sums requantized as one vector with
   the channel's multiplier and shift (scalars: no table to load) and
   scattered to the four pixels (VSTRB scatter). Apart from the caller,
   so that its registers are the loop's. */
__attribute__((noinline)) static void quad(const int8_t *const *x, const int8_t *filter,
                                           size_t depth, size_t n, const int32_t *start,
                                           const int32_t *pairs, const gml_helium_rq *rq,
                                           int8_t *out, uint32x4_t at) {
  const int8_t *x0 = x[0], *x1 = x[1], *x2 = x[2], *x3 = x[3];
  int32x4_t lo = vdupq_n_s32(rq->min), hi = vdupq_n_s32(rq->max);
  for (size_t oc = 0; oc < n; oc++, filter += depth, out++) {
    int32_t a0 = start[oc], a1 = a0, a2 = a0, a3 = a0;
    for (size_t k = 0; k < depth; k += 16) {
      mve_pred16_t p = vctp8q((uint32_t)(depth - k));
      int8x16_t w = vldrbq_z_s8(filter + k, p);
      a0 = vmladavaq_s8(a0, vldrbq_z_s8(x0 + k, p), w);
      a1 = vmladavaq_s8(a1, vldrbq_z_s8(x1 + k, p), w);
      a2 = vmladavaq_s8(a2, vldrbq_z_s8(x2 + k, p), w);
      a3 = vmladavaq_s8(a3, vldrbq_z_s8(x3 + k, p), w);
    }
    int32x4_t s = vdupq_n_s32(a0);
    s = vsetq_lane_s32(a1, s, 1), s = vsetq_lane_s32(a2, s, 2), s = vsetq_lane_s32(a3, s, 3);
    int32x4_t y = vaddq_n_s32(gml_helium_scale_n(s, pairs[2 * oc], pairs[2 * oc + 1]),
                              rq->zero_point);
    vstrbq_scatter_offset_s32(out, at, vminq_s32(vmaxq_s32(y, lo), hi));
  }
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
  for (size_t p = 0; p < pixels; p += 4) {
    const int8_t *x[4];
    uint32_t at[4];
    for (size_t i = 0; i < 4; i++) { /* past the last pixel: the last again */
      size_t q = p + i < pixels ? p + i : pixels - 1, b = q / per_image, rem = q % per_image;
      x[i] = window(&c, input + b * image_bytes, (int32_t)(rem / (size_t)c.output_w),
                    (int32_t)(rem % (size_t)c.output_w), rows + i * depth);
      at[i] = (uint32_t)((q - p) * n);
    }
    quad(x, filter, depth, n, start, multipliers, &rq, output + p * n, vld1q_u32(at));
  }
}
#endif
