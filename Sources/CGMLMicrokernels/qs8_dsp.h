/*
 * qs8_dsp.h — what the Cortex-M DSP kernels share: the DSP instructions
 * (ACLE intrinsics where the target has them, the same arithmetic in C
 * elsewhere, for host tests), unaligned loads, and the requantization.
 * Private to this folder; static inline.
 */
#ifndef GML_QS8_DSP_H
#define GML_QS8_DSP_H

#include <stdint.h>

#include "gml_dsp.h"
#include "qs8_requant.h"

#if defined(__ARM_FEATURE_DSP) && defined(__ARM_FEATURE_SIMD32)
#include <arm_acle.h>
#define GML_DSP_NATIVE 1
#endif

/* Four bytes from any address (LDR: Cortex-M4 loads unaligned words). */
static inline uint32_t gml_dsp_load32(const void *p) {
  uint32_t v;
  __builtin_memcpy(&v, p, 4);
  return v;
}

#if defined(GML_DSP_NATIVE)
/* x rotated right by 8 (folded into SXTB16's ROR #8; gcc's arm_acle.h
   has no __ror). */
static inline uint32_t gml_dsp_ror8(uint32_t x) { return (x >> 8) | (x << 24); }
/* Bytes 0 and 2 of x, sign-extended into the low and high halfwords. */
static inline uint32_t gml_dsp_sxtb16(uint32_t x) { return (uint32_t)__sxtb16((int32_t)x); }
/* Bytes 1 and 3 of x, likewise (SXTB16 with ROR #8). */
static inline uint32_t gml_dsp_sxtb16_odd(uint32_t x) {
  return (uint32_t)__sxtb16((int32_t)gml_dsp_ror8(x));
}
/* a's halfwords plus bytes 0 and 2 of x, sign-extended (SXTAB16). */
static inline uint32_t gml_dsp_sxtab16(uint32_t a, uint32_t x) {
  return (uint32_t)__sxtab16((int32_t)a, (int32_t)x);
}
/* a's halfwords plus bytes 1 and 3 of x (SXTAB16 with ROR #8). */
static inline uint32_t gml_dsp_sxtab16_odd(uint32_t a, uint32_t x) {
  return (uint32_t)__sxtab16((int32_t)a, (int32_t)gml_dsp_ror8(x));
}
/* acc + x.lo * y.lo + x.hi * y.hi, wrapping (SMLAD). */
static inline int32_t gml_dsp_smlad(uint32_t x, uint32_t y, int32_t acc) {
  return __smlad((int32_t)x, (int32_t)y, acc);
}
/* acc + x.lo * y.lo (SMLABB), acc + x.hi * y.hi (SMLATT). */
static inline int32_t gml_dsp_smlabb(uint32_t x, uint32_t y, int32_t acc) {
  return __smlabb((int32_t)x, (int32_t)y, acc);
}
static inline int32_t gml_dsp_smlatt(uint32_t x, uint32_t y, int32_t acc) {
  return __smlatt((int32_t)x, (int32_t)y, acc);
}
/* x saturated to int8 (SSAT #8). */
static inline int32_t gml_dsp_ssat8(int32_t x) { return __ssat(x, 8); }
/* The bytewise signed maximum of x and y: SSUB8 sets a GE flag per byte
   where x >= y, SEL takes x's bytes there and y's elsewhere (one asm
   statement, so that nothing comes between the flags and their use). */
static inline uint32_t gml_dsp_max8(uint32_t x, uint32_t y) {
  uint32_t r, t;
  __asm__("ssub8 %[t], %[x], %[y]\n\tsel %[r], %[x], %[y]"
          : [r] "=r"(r), [t] "=&r"(t)
          : [x] "r"(x), [y] "r"(y)
          : "cc");
  return r;
}
#else
static inline int32_t gml_dsp_lo(uint32_t x) { return (int16_t)(x & 0xFFFFu); }
static inline int32_t gml_dsp_hi(uint32_t x) { return (int16_t)(x >> 16); }
static inline uint32_t gml_dsp_pair(int32_t lo, int32_t hi) {
  return ((uint32_t)lo & 0xFFFFu) | ((uint32_t)hi << 16);
}
static inline uint32_t gml_dsp_sxtb16(uint32_t x) {
  return gml_dsp_pair((int8_t)(x & 0xFFu), (int8_t)((x >> 16) & 0xFFu));
}
static inline uint32_t gml_dsp_sxtb16_odd(uint32_t x) { return gml_dsp_sxtb16(x >> 8); }
static inline uint32_t gml_dsp_sxtab16(uint32_t a, uint32_t x) {
  uint32_t b = gml_dsp_sxtb16(x);
  return gml_dsp_pair(gml_dsp_lo(a) + gml_dsp_lo(b), gml_dsp_hi(a) + gml_dsp_hi(b));
}
static inline uint32_t gml_dsp_sxtab16_odd(uint32_t a, uint32_t x) {
  return gml_dsp_sxtab16(a, x >> 8);
}
static inline int32_t gml_dsp_smlad(uint32_t x, uint32_t y, int32_t acc) {
  uint32_t p = (uint32_t)(gml_dsp_lo(x) * gml_dsp_lo(y)) + (uint32_t)(gml_dsp_hi(x) * gml_dsp_hi(y));
  return (int32_t)((uint32_t)acc + p);
}
static inline int32_t gml_dsp_smlabb(uint32_t x, uint32_t y, int32_t acc) {
  return (int32_t)((uint32_t)acc + (uint32_t)(gml_dsp_lo(x) * gml_dsp_lo(y)));
}
static inline int32_t gml_dsp_smlatt(uint32_t x, uint32_t y, int32_t acc) {
  return (int32_t)((uint32_t)acc + (uint32_t)(gml_dsp_hi(x) * gml_dsp_hi(y)));
}
static inline int32_t gml_dsp_ssat8(int32_t x) { return x < -128 ? -128 : x > 127 ? 127 : x; }
static inline uint32_t gml_dsp_max8(uint32_t x, uint32_t y) {
  uint32_t r = 0;
  for (int j = 0; j < 32; j += 8) {
    int8_t a = (int8_t)(x >> j), b = (int8_t)(y >> j);
    r |= (uint32_t)(uint8_t)(a > b ? a : b) << j;
  }
  return r;
}
#endif

/* x.lo * y.lo and x.hi * y.hi: compilers make these SMULBB and SMULTT
   (gcc's arm_acle.h has no __smulbb). */
static inline int32_t gml_dsp_smulbb(uint32_t x, uint32_t y) {
  return (int32_t)(int16_t)(x & 0xFFFFu) * (int32_t)(int16_t)(y & 0xFFFFu);
}
static inline int32_t gml_dsp_smultt(uint32_t x, uint32_t y) {
  return (int32_t)(int16_t)(x >> 16) * (int32_t)(int16_t)(y >> 16);
}

/* The bytewise signed minimum: the byte of each pair the maximum left. */
static inline uint32_t gml_dsp_min8(uint32_t x, uint32_t y) { return x ^ y ^ gml_dsp_max8(x, y); }

/* Whether `channels` (multiplier, shift) pairs take the one-step
   requantization (gml_dsp_rq_scale): every multiplier > 0, every shift in
   -31...-1. */
static inline int gml_dsp_one_step(const int32_t *multipliers, size_t channels) {
  for (size_t c = 0; c < channels; c++) {
    int32_t m = multipliers[2 * c], shift = multipliers[2 * c + 1];
    if (m <= 0 || shift > -1 || shift < -31) return 0;
  }
  return 1;
}

/* One channel's requantization, from TFLite's multiplier m > 0 and shift
   -e (e in 1...31; gml_dsp_one_step). */
typedef struct gml_dsp_rq {
  int64_t bias; /* 2^30 + 2^(30 + e) */
  int32_t multiplier;
  int32_t shift; /* e - 1 */
} gml_dsp_rq;

static inline gml_dsp_rq gml_dsp_rq_make(const int32_t *pair) {
  int32_t e = -pair[1];
  gml_dsp_rq rq = {(int64_t)(1u + (1u << e)) << 30, pair[0], e - 1};
  return rq;
}

/*
 * gemmlowp's RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x, m),
 * e). For m > 0 the first rounding is floor((x*m + 2^30) / 2^31) (its
 * nudge 1 - 2^30 for negative products, with division toward zero, is the
 * same floor), and no saturation occurs (m != INT32_MIN). Adding the
 * second's rounding term 2^(e-1) - [x < 0] (x's sign decides when the
 * first result is nonzero) before it, scaled by 2^31, makes both one floor
 * of a 64-bit sum by 2^(31+e): SMLAL, two adds, and the high word shifted
 * by e - 1.
 */
static inline int32_t gml_dsp_rq_scale(int32_t x, gml_dsp_rq rq) {
  int64_t v = rq.bias + (int64_t)x * rq.multiplier;
  v += (int64_t)(x >> 31) * ((int64_t)1 << 31);
  return (int32_t)(v >> 32) >> rq.shift;
}

/* A convolution's output stage: the zero point, the clamp, and whether
   the clamp is the whole int8 range (a fused ReLU with zero point -128,
   or none: one SSAT). Copied out of the parameters, which stores through
   int8_t could alias. */
typedef struct gml_dsp_clamp {
  int32_t zero_point, min, max, full;
} gml_dsp_clamp;

static inline gml_dsp_clamp gml_dsp_clamp_of(const gml_qs8_dsp_conv *c) {
  gml_dsp_clamp k = {c->output_offset, c->min, c->max, c->min == -128 && c->max == 127};
  return k;
}

/* Any channel's scaling, gemmlowp's steps (layers that fail
   gml_dsp_one_step). */
static inline int32_t gml_dsp_rq_exact(int32_t x, const int32_t *pair) {
  int32_t shift = pair[1];
  return gml_qs8_gemmlowp(x, pair[0], shift > 0 ? shift : 0, shift > 0 ? 0 : -shift);
}

/* The output of a scaled sum y. `full` is k.full, passed apart so that
   callers can make it a constant. */
static inline __attribute__((always_inline)) int8_t gml_dsp_out(int32_t y, gml_dsp_clamp k,
                                                                int full) {
  y += k.zero_point;
  if (full) return (int8_t)gml_dsp_ssat8(y);
  y = y < k.min ? k.min : y;
  y = y > k.max ? k.max : y;
  return (int8_t)y;
}

#endif
