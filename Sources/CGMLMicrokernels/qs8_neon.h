/*
 * qs8_neon.h — NEON pieces the AArch64 GEMM microkernels share: the c8
 * reduction, the two exact requantizations of 8 int32 sums, and the int8
 * store. Private to this folder; AArch64 only.
 */
#ifndef GML_QS8_NEON_H
#define GML_QS8_NEON_H

#if defined(__aarch64__)

#include <arm_neon.h>
#include "gml_microkernels.h"
#include "qs8_requant.h"

/* Channel accumulators (4 partial sums each) j..j+3 to their 4 sums. */
static inline int32x4_t gml_neon_reduce4(int32x4_t x0, int32x4_t x1, int32x4_t x2, int32x4_t x3) {
  return vpaddq_s32(vpaddq_s32(x0, x1), vpaddq_s32(x2, x3));
}

/* MultiplyByQuantizedMultiplier on 4 lanes: vqrdmulh is gemmlowp's
   SaturatingRoundingDoublingHighMul; the divide mirrors the reference. */
static inline int32x4_t gml_neon_gemmlowp(int32x4_t x, const int32_t *rq) {
  int32x4_t multiplier = vld1q_s32(rq), left = vld1q_s32(rq + 8), right = vld1q_s32(rq + 16);
  int32x4_t high = vqrdmulhq_s32(vshlq_s32(x, left), multiplier);
  int32x4_t one = vdupq_n_s32(1);
  int32x4_t mask = vsubq_s32(vshlq_s32(one, right), one);
  int32x4_t remainder = vandq_s32(high, mask);
  int32x4_t threshold = vsubq_s32(vshrq_n_s32(mask, 1), vshrq_n_s32(high, 31));
  int32x4_t quotient = vshlq_s32(high, vnegq_s32(right));
  return vsubq_s32(quotient, vreinterpretq_s32_u32(vcgtq_s32(remainder, threshold)));
}

/* round(double(x) * scale) half away from zero on 2 lanes; out of range
   gives INT32_MIN, as the reference's x86-64 behaviour. */
static inline int32x2_t gml_neon_fp64_pair(int32x2_t x, const double *scale) {
  float64x2_t v = vmulq_f64(vcvtq_f64_s64(vmovl_s32(x)), vld1q_f64(scale));
  float64x2_t r = vrndaq_f64(v);
  uint64x2_t in_range = vandq_u64(
      vcgeq_f64(r, vdupq_n_f64(-2147483648.0)), vcltq_f64(r, vdupq_n_f64(2147483648.0)));
  int32x2_t value = vmovn_s64(vcvtq_s64_f64(r));
  return vbsl_s32(vmovn_u64(in_range), value, vdup_n_s32(INT32_MIN));
}

/* Requantizes 4 channel sums (channels j..j+3 of the block at `rq`), adds
   the zero point and clamps. */
static inline int32x4_t gml_neon_requantize(
    int32x4_t acc, const unsigned char *rq, size_t j, const gml_qs8_params *p) {
  int32x4_t y;
  if (p->kind == GML_QS8_GEMMLOWP) {
    y = gml_neon_gemmlowp(acc, (const int32_t *)rq + j);
  } else {
    const double *scale = (const double *)rq + j;
    y = vcombine_s32(
        gml_neon_fp64_pair(vget_low_s32(acc), scale),
        gml_neon_fp64_pair(vget_high_s32(acc), scale + 2));
  }
  y = vaddq_s32(y, vdupq_n_s32(p->zero_point));
  y = vmaxq_s32(y, vdupq_n_s32(p->min));
  return vminq_s32(y, vdupq_n_s32(p->max));
}

/* Narrows 8 lanes (within int8) and stores the first `count` bytes. */
static inline void gml_neon_store(int8_t *c, int32x4_t lo, int32x4_t hi, size_t count) {
  int8x8_t bytes = vqmovn_s16(vcombine_s16(vqmovn_s32(lo), vqmovn_s32(hi)));
  if (count == 8) {
    vst1_s8(c, bytes);
  } else {
    int8_t tmp[8];
    vst1_s8(tmp, bytes);
    __builtin_memcpy(c, tmp, count);
  }
}

#endif
#endif
