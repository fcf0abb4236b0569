/*
 * qs8_fc_dsp.c — int8 FullyConnected on the Cortex-M DSP extension
 * (gml_dsp.h): three output channels a step, 4 k at a time: the input's
 * bytes widened once with its offset added (SXTAB16: even bytes, odd
 * bytes), each channel's weights likewise, two SMLAD per channel; the
 * weights read in place. Then LiteRT's double-precision rescale, in
 * integers where they decide it (gml_qs8_fp64_int: no soft-float call on
 * a core without a double FPU but for products within a hair of a half).
 * Built for a core with Helium (MVE), the sums are VMLADAVA of 16 k per
 * channel instead, the offsets' terms from the same pass's VADDVA sums.
 */
#include "gml_dsp.h"
#include "qs8_dsp.h"
#include "qs8_requant.h"

#if !defined(__ARM_FEATURE_MVE)
/* The tail k of a sum of (x + x_offset) * (w + w_offset), wrapping. */
static int32_t tail(const int8_t *x, const int8_t *w, size_t from, size_t depth, int32_t acc,
                    int32_t x_offset, int32_t w_offset) {
  for (size_t k = from; k < depth; k++) {
    acc = (int32_t)((uint32_t)acc + (uint32_t)((x[k] + x_offset) * (w[k] + w_offset)));
  }
  return acc;
}

/* Four k of three channels (weights w0, w1, w2) into a0...a2, the
   weights widened by EVEN and ODD (bytes 0 and 2, bytes 1 and 3). */
#define GML_FC_STEP(EVEN, ODD)                                                    \
  do {                                                                            \
    uint32_t xv = gml_dsp_load32(x);                                              \
    uint32_t xe = gml_dsp_sxtab16(x_offsets, xv);                                 \
    uint32_t xo = gml_dsp_sxtab16_odd(x_offsets, xv);                             \
    uint32_t v = gml_dsp_load32(w0);                                              \
    a0 = gml_dsp_smlad(xo, ODD(v), gml_dsp_smlad(xe, EVEN(v), a0));               \
    v = gml_dsp_load32(w1);                                                       \
    a1 = gml_dsp_smlad(xo, ODD(v), gml_dsp_smlad(xe, EVEN(v), a1));               \
    v = gml_dsp_load32(w2);                                                       \
    a2 = gml_dsp_smlad(xo, ODD(v), gml_dsp_smlad(xe, EVEN(v), a2));               \
    x += 4, w0 += 4, w1 += 4, w2 += 4;                                            \
  } while (0)

/* Sums of three channels over the first `body` k (a multiple of 4), added
   to acc[0..2]. Three, not four: the loop then fits the registers (14
   with the offsets; a fourth channel spills on every step). */
#define GML_FC_DOT3(EVEN, ODD)                                                    \
  const int8_t *w0 = w[0], *w1 = w[1], *w2 = w[2], *end = x + body;               \
  int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2];                                  \
  while (x != end) GML_FC_STEP(EVEN, ODD);                                        \
  acc[0] = a0, acc[1] = a1, acc[2] = a2

/* The weights with their offset added. */
#define GML_FC_W_EVEN(v) gml_dsp_sxtab16(w_offsets, v)
#define GML_FC_W_ODD(v) gml_dsp_sxtab16_odd(w_offsets, v)

/* Kept apart from the caller so that the loop has the registers. */
__attribute__((noinline)) static void dot3(const int8_t *x, const int8_t *const *w, size_t body,
                                           uint32_t x_offsets, uint32_t w_offsets,
                                           int32_t *acc) {
  GML_FC_DOT3(GML_FC_W_EVEN, GML_FC_W_ODD);
}

/* The same for symmetric weights (per-channel, or a zero point of 0). */
__attribute__((noinline)) static void dot3_symmetric(const int8_t *x, const int8_t *const *w,
                                                     size_t body, uint32_t x_offsets,
                                                     int32_t *acc) {
  GML_FC_DOT3(gml_dsp_sxtb16, gml_dsp_sxtb16_odd);
}

/* The sums of a group's three channels (weights w[0..2], the first n
   real), added to acc. */
static inline __attribute__((always_inline)) void group_sums(const int8_t *x,
                                                             const int8_t *const *w, size_t n,
                                                             const gml_qs8_dsp_fc *f,
                                                             int32_t *acc) {
  uint32_t x_offsets = ((uint32_t)f->input_offset & 0xFFFFu) * 0x10001u;
  uint32_t w_offsets = ((uint32_t)f->weights_offset & 0xFFFFu) * 0x10001u;
  size_t depth = (size_t)f->depth, body = depth & ~(size_t)3;
  if (w_offsets == 0) {
    dot3_symmetric(x, w, body, x_offsets, acc);
  } else {
    dot3(x, w, body, x_offsets, w_offsets, acc);
  }
  for (size_t j = 0; j < n && body != depth; j++) {
    acc[j] = tail(x, w[j], body, depth, acc[j], f->input_offset, f->weights_offset);
  }
}
#endif

/* A channel's output where the doubles decide (rare: gml_qs8_fp64_int). */
__attribute__((noinline, cold)) static int8_t finish_double(int32_t sum, double scale,
                                                            int32_t zero_point, int32_t min,
                                                            int32_t max) {
  gml_qs8_params clamp = {GML_QS8_FP64, zero_point, min, max};
  return gml_qs8_clamp(gml_qs8_fp64(sum, scale), &clamp);
}

/* The outputs of n (1...3) channels' sums: the rescale, the zero point
   and the clamp (one SSAT where it is the whole int8 range: `full`, a
   constant where inlined). */
static inline __attribute__((always_inline)) void finish_clamp(
    const int32_t *acc, size_t n, const double *scales, int32_t zero_point, int32_t min,
    int32_t max, int8_t *out, int full) {
  for (size_t j = 0; j < n; j++) {
    int32_t y;
    if (!gml_qs8_fp64_int_try(acc[j], gml_qs8_fp64_split_of(scales[j]), &y)) {
      out[j] = finish_double(acc[j], scales[j], zero_point, min, max);
      continue;
    }
    y = (int32_t)((uint32_t)y + (uint32_t)zero_point);
    out[j] = (int8_t)(full ? gml_dsp_ssat8(y) : y < min ? min : y > max ? max : y);
  }
}

/* finish_clamp apart from the caller, whose loop state would otherwise
   crowd it out of the registers. */
__attribute__((noinline)) static void finish(const int32_t *acc, size_t n, const double *scales,
                                             int32_t zero_point, int32_t min, int32_t max,
                                             int8_t *out) {
  if (min == -128 && max == 127) {
    finish_clamp(acc, n, scales, zero_point, min, max, out, 1);
  } else {
    finish_clamp(acc, n, scales, zero_point, min, max, out, 0);
  }
}

#if defined(__ARM_FEATURE_MVE)
#include <arm_mve.h>

/* Helium's sums of three channels over all of depth (tail-predicated),
   added to acc[0..2]: (x + xo)(w + wo) summed as x·w + xo·w + wo·x +
   xo·wo, the raw products by VMLADAVA and the sums of w and x by
   VADDVA in the same pass (seven sums: the even registers both take). */
__attribute__((noinline)) static void dot3_helium(const int8_t *x, const int8_t *const *w,
                                                  size_t depth, int32_t xo, int32_t wo,
                                                  int32_t *acc) {
  const int8_t *w0 = w[0], *w1 = w[1], *w2 = w[2];
  int32_t a0 = 0, a1 = 0, a2 = 0, s0 = 0, s1 = 0, s2 = 0, sx = 0;
  for (size_t k = 0; k < depth; k += 16) {
    mve_pred16_t p = vctp8q((uint32_t)(depth - k));
    int8x16_t u = vldrbq_z_s8(x + k, p), v = vldrbq_z_s8(w0 + k, p);
    sx = vaddvaq_s8(sx, u);
    a0 = vmladavaq_s8(a0, u, v), s0 = vaddvaq_s8(s0, v);
    v = vldrbq_z_s8(w1 + k, p);
    a1 = vmladavaq_s8(a1, u, v), s1 = vaddvaq_s8(s1, v);
    v = vldrbq_z_s8(w2 + k, p);
    a2 = vmladavaq_s8(a2, u, v), s2 = vaddvaq_s8(s2, v);
  }
  uint32_t common = (uint32_t)wo * (uint32_t)sx + (uint32_t)depth * (uint32_t)xo * (uint32_t)wo;
  acc[0] = (int32_t)((uint32_t)acc[0] + (uint32_t)a0 + (uint32_t)xo * (uint32_t)s0 + common);
  acc[1] = (int32_t)((uint32_t)acc[1] + (uint32_t)a1 + (uint32_t)xo * (uint32_t)s1 + common);
  acc[2] = (int32_t)((uint32_t)acc[2] + (uint32_t)a2 + (uint32_t)xo * (uint32_t)s2 + common);
}
#endif

void gml_qs8_fc_dsp(const gml_qs8_dsp_fc *fc, const int8_t *input, const int8_t *weights,
                    const int32_t *bias, const double *scales, int8_t *output) {
  gml_qs8_dsp_fc f = *fc; /* stores through int8_t may alias *fc */
  size_t depth = (size_t)f.depth, channels = (size_t)f.channels;
  for (size_t r = 0; r < (size_t)f.rows; r++, input += depth) {
    for (size_t c = 0; c < channels; c += 3) {
      size_t n = channels - c < 3 ? channels - c : 3;
      /* Past the last channel: the last again. */
      size_t c1 = n > 1 ? c + 1 : c, c2 = n > 2 ? c + 2 : c1;
      const int8_t *w[3] = {weights + c * depth, weights + c1 * depth, weights + c2 * depth};
      int32_t acc[3] = {bias ? bias[c] : 0, bias ? bias[c1] : 0, bias ? bias[c2] : 0};
#if defined(__ARM_FEATURE_MVE)
      dot3_helium(input, w, depth, f.input_offset, f.weights_offset, acc);
#else
      group_sums(input, w, n, &f, acc);
#endif
      finish(acc, n, scales + c, f.output_offset, f.min, f.max, output);
      output += n;
    }
  }
}
