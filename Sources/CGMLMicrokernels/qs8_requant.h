/*
 * qs8_requant.h — scalar requantization of one int32 sum, exactly as gml's
 * reference kernels (GMLKernels/Requantize.swift, QuantizationInt8.swift).
 * Private to this folder; static inline, no libm.
 */
#ifndef GML_QS8_REQUANT_H
#define GML_QS8_REQUANT_H

#include <stdint.h>

#include "gml_microkernels.h"

/* No fused multiply-add may change a rounding below (gcc needs
   -ffp-contract=off for the same; the code avoids a*b+c shapes anyway). */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

/* NR: the channels of one packed block. */
static inline size_t gml_qs8_layout_channels(int32_t layout) {
  return layout == GML_QS8_LAYOUT_C8 || layout == GML_QS8_LAYOUT_C8W16 ? 8 : 16;
}

/* Whether a layout stores its weights widened to int16. */
static inline int gml_qs8_layout_is_wide(int32_t layout) {
  return layout == GML_QS8_LAYOUT_C2X16 || layout == GML_QS8_LAYOUT_C8W16;
}

/* The byte offset of the requantization fields in a packed block. */
static inline size_t gml_qs8_block_requant_offset(int32_t layout, size_t kc) {
  size_t nr = gml_qs8_layout_channels(layout);
  return 4 * nr + nr * kc * (gml_qs8_layout_is_wide(layout) ? 2 : 1);
}

/* The bytes of a block's constants for gml_avx2_wide_apply, after its
   GEMMLOWP fields, in the layout of the AVX2 tile that uses it (C2X16;
   gml_microkernels.h). */
#define GML_QS8_C2X16_WIDE_BYTES 328

/* Whether a block of this layout and kind carries those constants. */
static inline int gml_qs8_block_has_wide(int32_t layout, int32_t kind) {
  return kind == GML_QS8_GEMMLOWP && layout == GML_QS8_LAYOUT_C2X16;
}

/* The bytes of a block's constants for gml_vnni_rq_apply (qs8_vnni.h),
   after its GEMMLOWP fields, in C4X16_U8: per half of 8 channels, double
   multiplier[8], round_positive[8], round_negative[8] (192 bytes); then
   an int32 flag per half. */
#define GML_QS8_C4X16_FP64_BYTES 392

/* Whether a block of this layout and kind carries those constants. */
static inline int gml_qs8_block_has_fp64(int32_t layout, int32_t kind) {
  return kind == GML_QS8_GEMMLOWP && layout == GML_QS8_LAYOUT_C4X16_U8;
}

/* The flags a block of the AArch64 tiles' layouts (C2X16_MLSL, C4X16)
   ends with, after its requantization fields: int32 plain (C2X16_MLSL:
   the layer has no weight -128, so none is complemented; C4X16: 1),
   int32 short (GEMMLOWP: gml_neon_block_short's answer; FP64: every
   |scale| <= 1, so no rescaled sum leaves int32), 8 bytes spare. */
#define GML_QS8_FLAG_BYTES 16

/* Whether a block of this layout ends with those flags. */
static inline int gml_qs8_block_has_flags(int32_t layout) {
  return layout == GML_QS8_LAYOUT_C2X16_MLSL || layout == GML_QS8_LAYOUT_C4X16;
}

/* A block's flags, from its requantization fields at rq (NR 16). */
static inline const int32_t *gml_qs8_block_flags(const unsigned char *rq, int32_t kind) {
  return (const int32_t *)(const void *)(rq + 16 * (kind == GML_QS8_GEMMLOWP ? 12 : 8));
}

/* The bytes of one packed block. */
static inline size_t gml_qs8_block_size(int32_t layout, size_t kc, int32_t kind) {
  size_t nr = gml_qs8_layout_channels(layout);
  size_t wide = gml_qs8_block_has_wide(layout, kind)   ? GML_QS8_C2X16_WIDE_BYTES
                : gml_qs8_block_has_fp64(layout, kind) ? GML_QS8_C4X16_FP64_BYTES
                                                       : 0;
  size_t flags = gml_qs8_block_has_flags(layout) ? GML_QS8_FLAG_BYTES : 0;
  return gml_qs8_block_requant_offset(layout, kc) + nr * (kind == GML_QS8_GEMMLOWP ? 12 : 8) +
         wide + flags;
}

/* gemmlowp SaturatingRoundingDoublingHighMul. */
static inline int32_t gml_qs8_srdhm(int32_t a, int32_t b) {
  if (a == b && a == INT32_MIN) return INT32_MAX;
  int64_t ab = (int64_t)a * (int64_t)b;
  int64_t nudge = ab >= 0 ? (int64_t)1 << 30 : 1 - ((int64_t)1 << 30);
  return (int32_t)((ab + nudge) / ((int64_t)1 << 31));
}

/* gemmlowp RoundingDivideByPOT, exponent in 0...31. */
static inline int32_t gml_qs8_rdbpot(int32_t x, int32_t exponent) {
  int32_t mask = (int32_t)(((int64_t)1 << exponent) - 1);
  int32_t remainder = x & mask;
  int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/* MultiplyByQuantizedMultiplier with the shift split in two. */
static inline int32_t gml_qs8_gemmlowp(int32_t x, int32_t multiplier, int32_t left, int32_t right) {
  int32_t shifted = (int32_t)((uint32_t)x << left);
  return gml_qs8_rdbpot(gml_qs8_srdhm(shifted, multiplier), right);
}

/* static_cast<int32_t>(std::round(double(x) * scale)) as x86-64 runs it. */
static inline int32_t gml_qs8_fp64(int32_t x, double scale) {
  double v = (double)x * scale;
  if (v != v || v >= 2147483647.5 || v <= -2147483648.5) return INT32_MIN;
  int64_t t = (int64_t)v; /* toward zero; t +- 0.5 is exact in double */
  if (v >= 0 ? v >= (double)t + 0.5 : v <= (double)t - 0.5) t += v >= 0 ? 1 : -1;
  return (int32_t)t;
}

/* A scale for gml_qs8_fp64_int: its 32 leading significand bits m32 and
   a shift f, scale = (m32 + t) / 2^f with t in [0, 1); f is 0 where the
   scale is not a positive normal double or f would leave 33...62 (the
   scales from about 2^-30 to 1/2, a FullyConnected's). */
typedef struct gml_qs8_fp64_split {
  uint32_t m32;
  int32_t f;
} gml_qs8_fp64_split;

static inline gml_qs8_fp64_split gml_qs8_fp64_split_of(double scale) {
  uint64_t bits;
  __builtin_memcpy(&bits, &scale, 8);
  uint32_t high = (uint32_t)(bits >> 32), low = (uint32_t)bits;
  uint32_t exponent = high >> 20; /* sign included: a negative scale fails */
  /* scale = significand * 2^(exponent - 1075): f = 1054 - exponent, in
     33...62 for exponents 992...1021 (one unsigned compare) */
  gml_qs8_fp64_split s = {(1u << 31) | (high << 11) | (low >> 21), 1054 - (int32_t)exponent};
  if (exponent - 992u > 29u) s.f = 0;
  return s;
}

/*
 * gml_qs8_fp64(x, scale) in integers, where they decide it. With a = |x|
 * and y = a * m32, the exact |x * scale| * 2^f lies in [y, y + a); the
 * double product differs from it by at most 2^-53 of it, under
 * d = (y >> 53) + 1 (a margin to spare: a half is a double, so the
 * rounding cannot cross one, only land on it). If both ends of
 * [y - d, y + a + d] round half up to the same integer, so does the
 * double product (rounding is monotone), and half away from zero is half
 * up on |x * scale| with the sign put back. Otherwise (the product within
 * about a / 2^f of a half) the doubles decide. f >= 33 puts the half,
 * 2^(f-1), and the integer part in the high words, and keeps the result
 * below 2^30 (no overflow to mirror). gml_qs8_fp64_int_try gives 0
 * where the doubles must decide (x = 0 needs no case: y = 0 and both
 * ends give 0).
 */
static inline int gml_qs8_fp64_int_try(int32_t x, gml_qs8_fp64_split s, int32_t *result) {
  if (s.f == 0) return 0;
  uint32_t a = x < 0 ? 0u - (uint32_t)x : (uint32_t)x;
  uint64_t y = (uint64_t)a * s.m32, d = (y >> 53) + 1;
  uint64_t half = (uint64_t)(1u << (s.f - 33)) << 32;
  uint32_t lo = (uint32_t)((y - d + half) >> 32) >> (s.f - 32);
  uint32_t hi = (uint32_t)((y + a + d + half) >> 32) >> (s.f - 32);
  *result = x < 0 ? -(int32_t)lo : (int32_t)lo;
  return lo == hi;
}

static inline int32_t gml_qs8_fp64_int(int32_t x, gml_qs8_fp64_split s, double scale) {
  int32_t y;
  return gml_qs8_fp64_int_try(x, s, &y) ? y : gml_qs8_fp64(x, scale);
}

/* Adds the zero point (wrapping) and clamps. */
static inline int8_t gml_qs8_clamp(int32_t x, const gml_qs8_params *p) {
  int32_t y = (int32_t)((uint32_t)x + (uint32_t)p->zero_point);
  y = y < p->min ? p->min : y;
  y = y > p->max ? p->max : y;
  return (int8_t)y;
}

/* Requantizes acc for channel j of a C8 block (8 channels) whose
   requantization fields start at `rq`. */
static inline int8_t gml_qs8_requantize(
    int32_t acc, const void *rq, size_t j, const gml_qs8_params *p) {
  if (p->kind == GML_QS8_GEMMLOWP) {
    const int32_t *f = (const int32_t *)rq;
    return gml_qs8_clamp(gml_qs8_gemmlowp(acc, f[j], f[8 + j], f[16 + j]), p);
  }
  const double *scale = (const double *)rq;
  return gml_qs8_clamp(gml_qs8_fp64(acc, scale[j]), p);
}

#endif
