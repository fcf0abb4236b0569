/*
 * qs8_dwconv_helium.c — int8 DepthwiseConv2D (depth multiplier 1, any
 * filter) on Helium (MVE: Cortex-M55, M85), gml_qs8_dwconv_dsp's
 * contract; that function calls it when built for a core with MVE.
 * Eight channels a step, in int16 lanes: per tap the inputs and weights
 * widened as they load (VLDRB.S16), then VMULLB and VMULLT (the even and
 * the odd channels' products as int32) added to two accumulators: 6
 * instructions a tap for 8 products in a window inside the image (a 3x3
 * one unrolled), where the input offset is folded into the starting sums
 * (the offset times the weights' sum); windows over the padding add it to each input
 * (|x + offset| <= 255) and skip the taps in the padding, as the
 * reference does. The sums requantized as qs8_helium.h does
 * (even and odd channels apart, their pairs split by VLD4), narrowed back
 * into channel order (VMOVNB, VMOVNT) and stored as bytes.
 */
#include "gml_dsp.h"

#if defined(__ARM_FEATURE_MVE)
#include <arm_mve.h>

#include "qs8_helium.h"

/* The taps [k0, k1) of a `taps`-tap filter axis whose first tap is at
   `at` (stride `step`) inside [0, size). */
static inline void taps_inside(int32_t at, int32_t step, int32_t size, int32_t taps, int32_t *k0,
                               int32_t *k1) {
  *k0 = 0, *k1 = taps;
  while (*k0 < taps && at + *k0 * step < 0) (*k0)++;
  while (*k1 > *k0 && at + (*k1 - 1) * step >= size) (*k1)--;
}

/* One group of up to 8 channels' constants, split into even and odd
   channels: the bias; the bias plus the input offset times the `taps`
   weights' sum (a window inside the image: the offset out of its taps);
   each half's requantization. */
typedef struct group {
  int32x4_t bias[2], folded[2], m[2], left[2], minus_right[2];
} group;

/* Channels c...c+count-1's constants (count 1...8; filter and the
   others at channel 0); nothing past the last channel is read. */
static group group_of(const int8_t *filter, const int32_t *bias, const int32_t *pairs,
                      int32_t input_offset, size_t depth, size_t taps, size_t c,
                      size_t count) {
  int32_t b[8], f[8], q[16];
  for (size_t j = 0; j < 8; j++) {
    uint32_t sum = 0;
    for (size_t k = 0; k < taps && j < count; k++) sum += (uint32_t)filter[k * depth + c + j];
    b[j] = bias && j < count ? bias[c + j] : 0;
    f[j] = (int32_t)((uint32_t)b[j] + sum * (uint32_t)input_offset);
    q[2 * j] = j < count ? pairs[2 * (c + j)] : 0;
    q[2 * j + 1] = j < count ? pairs[2 * (c + j) + 1] : 0;
  }
  group g;
  int32x4x2_t bb = vld2q_s32(b), ff = vld2q_s32(f);
  int32x4x4_t qq = vld4q_s32(q); /* m even, shift even, m odd, shift odd */
  int32x4_t zero = vdupq_n_s32(0);
  for (int h = 0; h < 2; h++) {
    g.bias[h] = bb.val[h], g.folded[h] = ff.val[h];
    g.m[h] = qq.val[2 * h];
    g.left[h] = vmaxq_s32(qq.val[2 * h + 1], zero);
    g.minus_right[h] = vminq_s32(qq.val[2 * h + 1], zero);
  }
  return g;
}

/* The products of a window inside the image (8 channels), added to
   start[0..1] (even and odd channels, the input offset folded in): the
   kh x kw taps (3x3 unrolled), the raw inputs. `at` is the window's first
   tap, `down` and `right` the steps between taps, `w` the first tap's
   weights (`depth` apart). */
static inline __attribute__((always_inline)) void interior(
    const int8_t *at, size_t down, size_t right, const int8_t *w, size_t depth, int32_t kh,
    int32_t kw, const int32x4_t *start, int32x4_t *even, int32x4_t *odd) {
  int32x4_t e = start[0], o = start[1];
  if (kh == 3 && kw == 3) {
#pragma clang loop unroll(full)
    for (int ky = 0; ky < 3; ky++, at += down) {
#pragma clang loop unroll(full)
      for (int kx = 0; kx < 3; kx++, w += depth) {
        int16x8_t x = vldrbq_s16(at + (size_t)kx * right), v = vldrbq_s16(w);
        e = vaddq_s32(e, vmullbq_int_s16(x, v));
        o = vaddq_s32(o, vmulltq_int_s16(x, v));
      }
    }
  } else {
    for (int32_t ky = 0; ky < kh; ky++, at += down) {
      for (int32_t kx = 0; kx < kw; kx++, w += depth) {
        int16x8_t x = vldrbq_s16(at + (size_t)kx * right), v = vldrbq_s16(w);
        e = vaddq_s32(e, vmullbq_int_s16(x, v));
        o = vaddq_s32(o, vmulltq_int_s16(x, v));
      }
    }
  }
  *even = e, *odd = o;
}

/* The products of any window's taps inside the image, the input offset
   added to each input, onto *even and *odd (from the bias); channels
   past the group's last are predicated off (p). */
static void edge(const gml_qs8_dsp_conv *c, const int8_t *in, int32_t y0, int32_t x0,
                 int32_t ky0, int32_t ky1, int32_t kx0, int32_t kx1, const int8_t *filter,
                 mve_pred16_t p, int32x4_t *even, int32x4_t *odd) {
  size_t depth = (size_t)c->output_depth, row = (size_t)c->input_w * depth;
  int16_t offset = (int16_t)c->input_offset;
  int32x4_t e = *even, o = *odd;
  for (int32_t ky = ky0; ky < ky1; ky++) {
    const int8_t *line = in + (size_t)(y0 + ky * c->dilation_h) * row;
    const int8_t *taps = filter + (size_t)(c->filter_w * ky) * depth;
    for (int32_t kx = kx0; kx < kx1; kx++) {
      int16x8_t x = vldrbq_z_s16(line + (size_t)(x0 + kx * c->dilation_w) * depth, p);
      int16x8_t w = vldrbq_z_s16(taps + (size_t)kx * depth, p);
      x = vaddq_n_s16(x, offset);
      e = vaddq_s32(e, vmullbq_int_s16(x, w));
      o = vaddq_s32(o, vmulltq_int_s16(x, w));
    }
  }
  *even = e, *odd = o;
}

/* The whole layer for a kh x kw filter: inlined for 3x3 (constants: the
   windows unrolled; KWS's layers took 6.8 % more without) and for any
   other. */
static inline __attribute__((always_inline)) void layer(
    const gml_qs8_dsp_conv *conv, const int8_t *input, const int8_t *filter, const int32_t *bias,
    const int32_t *multipliers, int8_t *output, int32_t kh, int32_t kw) {
  gml_qs8_dsp_conv c = *conv; /* stores through int8_t may alias *conv */
  size_t depth = (size_t)c.output_depth, row = (size_t)c.input_w * depth;
  size_t image = (size_t)c.input_h * row;
  int16x8_t lo = vdupq_n_s16((int16_t)c.min), hi = vdupq_n_s16((int16_t)c.max);
  for (size_t ch = 0; ch < depth; ch += 8) {
    size_t count = depth - ch < 8 ? depth - ch : 8;
    mve_pred16_t p = vctp16q((uint32_t)count);
    group g = group_of(filter, bias, multipliers, c.input_offset, depth, (size_t)(kh * kw), ch,
                       count);
    int8_t *out = output + ch;
    for (int32_t b = 0; b < c.batches; b++) {
      const int8_t *in = input + (size_t)b * image + ch;
      for (int32_t oy = 0; oy < c.output_h; oy++) {
        int32_t y0 = oy * c.stride_h - c.pad_top, ky0, ky1;
        taps_inside(y0, c.dilation_h, c.input_h, kh, &ky0, &ky1);
        for (int32_t ox = 0; ox < c.output_w; ox++, out += depth) {
          int32_t x0 = ox * c.stride_w - c.pad_left, kx0, kx1;
          taps_inside(x0, c.dilation_w, c.input_w, kw, &kx0, &kx1);
          int32x4_t even, odd;
          if (count == 8 && ky0 == 0 && ky1 == kh && kx0 == 0 && kx1 == kw) {
            interior(in + (size_t)y0 * row + (size_t)x0 * depth, (size_t)c.dilation_h * row,
                     (size_t)c.dilation_w * depth, filter + ch, depth, kh, kw, g.folded, &even,
                     &odd);
          } else {
            even = g.bias[0], odd = g.bias[1];
            edge(&c, in, y0, x0, ky0, ky1, kx0, kx1, filter + ch, p, &even, &odd);
          }
          int32x4_t ye = gml_helium_scale(even, g.m[0], g.left[0], g.minus_right[0]);
          int32x4_t yo = gml_helium_scale(odd, g.m[1], g.left[1], g.minus_right[1]);
          ye = vaddq_n_s32(ye, c.output_offset), yo = vaddq_n_s32(yo, c.output_offset);
          /* Narrowed with saturation to int16 first: the clamp's bounds
             lie inside int16, so clamping after gives the same bytes. */
          int16x8_t y = vqmovntq_s32(vqmovnbq_s32(vdupq_n_s16(0), ye), yo);
          vstrbq_p_s16(out, vminq_s16(vmaxq_s16(y, lo), hi), p);
        }
      }
    }
  }
}

void gml_qs8_dwconv_helium(const gml_qs8_dsp_conv *conv, const int8_t *input,
                           const int8_t *filter, const int32_t *bias, const int32_t *multipliers,
                           int8_t *output) {
  if (conv->filter_h == 3 && conv->filter_w == 3) {
    layer(conv, input, filter, bias, multipliers, output, 3, 3);
  } else {
    layer(conv, input, filter, bias, multipliers, output, conv->filter_h, conv->filter_w);
  }
}
#endif
