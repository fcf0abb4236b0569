/*
 * qs8_helium.h — what the Helium (MVE) kernels share: byte copies and
 * fills, and the requantization of four channels a vector, exactly as
 * gemmlowp's MultiplyByQuantizedMultiplier. Private to this folder;
 * built only where __ARM_FEATURE_MVE is defined.
 */
#ifndef GML_QS8_HELIUM_H
#define GML_QS8_HELIUM_H

#include <arm_mve.h>
#include <stdint.h>

#include "gml_dsp.h"

/* Conv2D on Helium (qs8_conv_helium.c), gml_qs8_conv_dsp's contract. */
void gml_qs8_conv_helium(const gml_qs8_dsp_conv *conv, const int8_t *input, const int8_t *filter,
                         const int32_t *bias, const int32_t *multipliers, int8_t *output,
                         void *scratch);

/* DepthwiseConv2D on Helium (qs8_dwconv_helium.c), gml_qs8_dwconv_dsp's
   contract. */
void gml_qs8_dwconv_helium(const gml_qs8_dsp_conv *conv, const int8_t *input,
                           const int8_t *filter, const int32_t *bias, const int32_t *multipliers,
                           int8_t *output);

/* n bytes from src to dst, 16 a step (tail-predicated). */
static inline void gml_helium_copy(int8_t *dst, const int8_t *src, size_t n) {
  for (size_t i = 0; i < n; i += 16) {
    mve_pred16_t p = vctp8q((uint32_t)(n - i));
    vstrbq_p_s8(dst + i, vldrbq_z_s8(src + i, p), p);
  }
}

/* n bytes of value at dst. */
static inline void gml_helium_fill(int8_t *dst, int8_t value, size_t n) {
  int8x16_t v = vdupq_n_s8(value);
  for (size_t i = 0; i < n; i += 16) vstrbq_p_s8(dst + i, v, vctp8q((uint32_t)(n - i)));
}

/* The output stage: zero point and clamp. */
typedef struct gml_helium_rq {
  int32_t zero_point, min, max;
} gml_helium_rq;

/*
 * MultiplyByQuantizedMultiplier of four sums by their channels' (m,
 * shift) pairs: the left shift (VSHL, wrapping as the reference's), then
 * VQRDMULH (gemmlowp's SaturatingRoundingDoublingHighMul, the same
 * rounding and the one saturation), then RoundingDivideByPOT: VRSHL
 * rounds half up, so negative sums first lose 1 (gemmlowp's NEON
 * fix-up: the sign of x & -e), which makes it half away from zero.
 */
static inline int32x4_t gml_helium_scale(int32x4_t x, int32x4_t m, int32x4_t left,
                                         int32x4_t minus_right) {
  int32x4_t y = vqrdmulhq_s32(vshlq_s32(x, left), m);
  int32x4_t fixup = vshrq_n_s32(vandq_s32(y, minus_right), 31);
  return vrshlq_s32(vqaddq_s32(y, fixup), minus_right);
}

/* gml_helium_scale of four sums of one channel: its multiplier m and
   shift as scalars. */
static inline int32x4_t gml_helium_scale_n(int32x4_t x, int32_t m, int32_t shift) {
  int32_t left = shift > 0 ? shift : 0, minus_right = shift > 0 ? 0 : shift;
  int32x4_t y = vqrdmulhq_n_s32(vshlq_r_s32(x, left), m);
  int32x4_t fixup = vshrq_n_s32(vandq_s32(y, vdupq_n_s32(minus_right)), 31);
  return vrshlq_n_s32(vqaddq_s32(y, fixup), minus_right);
}

#endif
