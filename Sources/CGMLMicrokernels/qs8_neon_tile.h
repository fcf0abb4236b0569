/*
 * qs8_neon_tile.h — what the AArch64 GEMM tiles share
 * (dot product, I8MM, mlsl): their targets, row pointers, the exact
 * requantizations of a tile's rows with each block's constants loaded once
 * per block, the int8 stores, and the mlsl tiles' excess. Private to this
 * folder; AArch64 only.
 */
#ifndef GML_QS8_NEON_TILE_H
#define GML_QS8_NEON_TILE_H

#if defined(__aarch64__)

#include "qs8_neon.h"

/* The targets of the dot-product and matrix-multiply tiles (gcc 12 and
   clang both take this spelling; the rest of the build needs no -march). */
#define GML_NEON_DOT __attribute__((target("arch=armv8.2-a+dotprod")))
#define GML_NEON_I8MM __attribute__((target("arch=armv8.2-a+dotprod+i8mm")))

/* The helpers below take constant row counts and flags: only inlined
   (always, clang would not) and with their loops over rows and vectors
   unrolled (gcc -O2 would not) do their arrays of vectors stay in
   registers. */
#define GML_NEON_INLINE static inline __attribute__((always_inline))
#define GML_UNROLL _Pragma("GCC unroll 16")

/* 64 bytes of weights at *p, and *p moves past them. The empty asm keeps
   clang from rewriting the pointer steps as offsets from one base, which
   ld1 {4 registers} lacks: it would add an address instruction per load. */
GML_NEON_INLINE int8x16x4_t gml_neon_load64(const int8_t **p) {
  int8x16x4_t v = vld1q_s8_x4(*p);
  *p += 64;
  __asm__("" : "+r"(*p));
  return v;
}

/* 64 bytes of C4X16 weights (4 k x 16 channels) at *b, the first half
   only when `halves` is 1; *b moves 64 on either way. */
GML_NEON_INLINE int8x16x4_t gml_dot_weights(const int8_t **b, int halves) {
  if (halves == 2) return gml_neon_load64(b);
  int8x16x4_t v;
  int8x16x2_t h = vld1q_s8_x2(*b);
  v.val[0] = v.val[2] = h.val[0];
  v.val[1] = v.val[3] = h.val[1];
  *b += 64;
  return v;
}

/* Row pointers of a tile of `rows` rows: rows past mr repeat the last
   one, which is then computed and stored more than once (same bytes). */
GML_NEON_INLINE void gml_neon_tile_rows(
    size_t mr, size_t rows, const int8_t *a, size_t a_stride, int8_t *c, size_t c_stride,
    const int8_t **ar, int8_t **cr) {
  ar[0] = a;
  cr[0] = c;
  GML_UNROLL
  for (size_t r = 1; r < rows; r++) {
    ar[r] = r < mr ? ar[r - 1] + a_stride : ar[r - 1];
    cr[r] = r < mr ? cr[r - 1] + c_stride : cr[r - 1];
  }
}

/* Group m (m a multiple of 4, < mr) of a direct Conv2D call's pixels:
   their 4 window origins (returned: origins + m itself for a whole
   group, else `partial`, the last pixel repeated past mr) and output rows
   (out; the last repeated likewise: computed and stored more than once,
   same bytes). */
GML_NEON_INLINE const int8_t *const *gml_neon_pixel_group(
    size_t mr, size_t m, const int8_t *const *origins, int8_t *c, size_t c_stride,
    const int8_t **partial, int8_t **out) {
  if (m + 4 <= mr) {
    int8_t *first = c + m * c_stride;
    GML_UNROLL
    for (size_t r = 0; r < 4; r++) out[r] = first + r * c_stride;
    return origins + m;
  }
  GML_UNROLL
  for (size_t r = 0; r < 4; r++) {
    size_t used = m + r < mr ? m + r : mr - 1;
    partial[r] = origins[used];
    out[r] = c + used * c_stride;
  }
  return partial;
}

/* The output constants, read once per call (a store to C may alias
   params, so the compiler would read them again after every store). */
typedef struct gml_neon_out {
  int32x4_t zero_point;
  int16x8_t zero_point16;
  int8x16_t min, max;
  int small_zero_point; /* |zero point| <= 32640 */
  int clamps;           /* a range narrower than int8's, which the narrowing saturates to */
  int32_t kind;
} gml_neon_out;

GML_NEON_INLINE gml_neon_out gml_neon_out_init(const gml_qs8_params *p) {
  gml_neon_out o;
  o.zero_point = vdupq_n_s32(p->zero_point);
  o.zero_point16 = vdupq_n_s16((int16_t)p->zero_point);
  o.min = vdupq_n_s8((int8_t)p->min);
  o.max = vdupq_n_s8((int8_t)p->max);
  o.small_zero_point = p->zero_point >= -32640 && p->zero_point <= 32640;
  o.clamps = p->min > -128 || p->max < 127;
  o.kind = p->kind;
  return o;
}

/*
 * Whether a block (nr channels, GEMMLOWP fields at rq) can take the short
 * form below: every channel shifts right by at least 1, and so none left
 * (the packer stores one of the two), TFLite's usual case; a channel with
 * multiplier 0 (those past N) gives 0 in either form. Then also |y| <=
 * 2^30 after the shift: adding the zero point cannot wrap, and, when
 * small (gml_neon_out), it can be added after saturating to int16 (a
 * saturated int16 stays beyond int8).
 */
GML_NEON_INLINE int gml_neon_block_short(const unsigned char *rq, size_t nr) {
  const int32_t *f = (const int32_t *)rq;
  uint32x4_t least = vdupq_n_u32(UINT32_MAX);
  GML_UNROLL
  for (size_t j = 0; j < nr; j += 4) {
    uint32x4_t right = vreinterpretq_u32_s32(vld1q_s32(f + 2 * nr + j));
    least = vminq_u32(least, vorrq_u32(right, vceqzq_s32(vld1q_s32(f + j))));
  }
  return vminvq_u32(least) != 0;
}

/*
 * MultiplyByQuantizedMultiplier of channels j..j+3 (of a block of nr, its
 * fields at rq) on y[0], y[stride], ... (`rows` vectors), in place.
 * vqrdmulh is gemmlowp's SaturatingRoundingDoublingHighMul. For a right
 * shift r >= 1, RoundingDivideByPOT (half away from zero) is the rounding
 * shift vrshl (half up) of y - 1 when y < 0: y - 1 cannot wrap, as
 * vqrdmulh never returns INT32_MIN. Channels with r = 0 skip the - 1. The
 * short form (gml_neon_block_short): 3 instructions a vector, not 5.
 */
GML_NEON_INLINE void gml_neon_gemmlowp_rows(
    int32x4_t *y, size_t rows, size_t stride, const unsigned char *rq, size_t nr, size_t j,
    int short_form) {
  const int32_t *f = (const int32_t *)rq + j;
  int32x4_t multiplier = vld1q_s32(f), shift = vnegq_s32(vld1q_s32(f + 2 * nr));
  if (short_form) {
    GML_UNROLL
    for (size_t r = 0; r < rows; r++) {
      int32x4_t v = vqrdmulhq_s32(y[r * stride], multiplier);
      y[r * stride] = vrshlq_s32(vsraq_n_s32(v, v, 31), shift);
    }
  } else {
    int32x4_t left = vld1q_s32(f + nr);
    int32x4_t exact = vreinterpretq_s32_u32(vceqzq_s32(shift));
    GML_UNROLL
    for (size_t r = 0; r < rows; r++) {
      int32x4_t v = vqrdmulhq_s32(vshlq_s32(y[r * stride], left), multiplier);
      v = vsraq_n_s32(v, vbicq_s32(v, exact), 31);
      y[r * stride] = vrshlq_s32(v, shift);
    }
  }
}

/* round(double(x) * scale) half away from zero on 4 lanes, out of range
   INT32_MIN (gml_neon_fp64_pair's result): fcvtas rounds as the reference
   to int64, sqxtn saturates, and a value past INT32_MAX (saturated to it)
   takes one more, wrapping to INT32_MIN. 14 instructions, not 22; 10 when
   `in_range` (every |scale| <= 1: |x * scale| <= |x| fits int32). */
GML_NEON_INLINE int32x4_t gml_neon_fp64_quad(int32x4_t x, const double *scale, int in_range) {
  int64x2_t lo = vcvtaq_s64_f64(vmulq_f64(vcvtq_f64_s64(vmovl_s32(vget_low_s32(x))),
                                          vld1q_f64(scale)));
  int64x2_t hi = vcvtaq_s64_f64(vmulq_f64(vcvtq_f64_s64(vmovl_high_s32(x)), vld1q_f64(scale + 2)));
  int32x4_t y = vqmovn_high_s64(vqmovn_s64(lo), hi);
  if (in_range) return y;
  const int64x2_t top = vdupq_n_s64(INT32_MAX);
  uint32x4_t over = vuzp1q_u32(vreinterpretq_u32_u64(vcgtq_s64(lo, top)),
                               vreinterpretq_u32_u64(vcgtq_s64(hi, top)));
  return vsubq_s32(y, vreinterpretq_s32_u32(over));
}

/* Requantizes y[r * stride + q], r < rows, q < quads (channels 4q..4q+3
   of a block of nr at rq), in place, without the zero point; short_form:
   GEMMLOWP's (gml_neon_block_short), or FP64 scales all in [-1, 1]. */
GML_NEON_INLINE void gml_neon_requantize_rows(
    int32x4_t *y, size_t rows, size_t stride, size_t quads, const unsigned char *rq, size_t nr,
    int short_form, const gml_neon_out *o) {
  GML_UNROLL
  for (size_t q = 0; q < quads; q++) {
    if (o->kind == GML_QS8_GEMMLOWP) {
      gml_neon_gemmlowp_rows(y + q, rows, stride, rq, nr, 4 * q, short_form);
    } else {
      const double *scale = (const double *)rq + 4 * q;
      GML_UNROLL
      for (size_t r = 0; r < rows; r++) {
        y[r * stride + q] = gml_neon_fp64_quad(y[r * stride + q], scale, short_form);
      }
    }
  }
}

/* Two requantized vectors plus the zero point, saturated to int16 (the
   short form adds it after, see gml_neon_block_short). */
GML_NEON_INLINE int16x8_t gml_neon_narrow(
    int32x4_t lo, int32x4_t hi, int short_form, const gml_neon_out *o) {
  if (short_form) return vqaddq_s16(vqmovn_high_s32(vqmovn_s32(lo), hi), o->zero_point16);
  return vqmovn_high_s32(vqmovn_s32(vaddq_s32(lo, o->zero_point)), vaddq_s32(hi, o->zero_point));
}

/* 16 channels of a row (y[0..3], requantized) to clamped int8. */
GML_NEON_INLINE int8x16_t gml_neon_finish16(
    const int32x4_t *y, int short_form, const gml_neon_out *o) {
  int8x16_t v = vqmovn_high_s16(
      vqmovn_s16(gml_neon_narrow(y[0], y[1], short_form, o)),
      gml_neon_narrow(y[2], y[3], short_form, o));
  return o->clamps ? vminq_s8(vmaxq_s8(v, o->min), o->max) : v;
}

/* 8 channels of a row (y[0..1], requantized) to clamped int8. */
GML_NEON_INLINE int8x8_t gml_neon_finish8(
    const int32x4_t *y, int short_form, const gml_neon_out *o) {
  int8x8_t v = vqmovn_s16(gml_neon_narrow(y[0], y[1], short_form, o));
  return o->clamps ? vmin_s8(vmax_s8(v, vget_low_s8(o->min)), vget_low_s8(o->max)) : v;
}

/* Stores the first `count` (<= 16) bytes of v. */
GML_NEON_INLINE void gml_neon_store16(int8_t *c, int8x16_t v, size_t count) {
  if (count >= 16) {
    vst1q_s8(c, v);
    return;
  }
  if (count & 8) {
    vst1_s8(c, vget_low_s8(v));
    c += 8;
    v = vextq_s8(v, v, 8);
  }
  if (count & 4) {
    __builtin_memcpy(c, &v, 4);
    c += 4;
    v = vextq_s8(v, v, 4);
  }
  if (count & 2) {
    __builtin_memcpy(c, &v, 2);
    c += 2;
    v = vextq_s8(v, v, 2);
  }
  if (count & 1) vst1q_lane_s8(c, v, 0);
}

/* Stores the first `count` (<= 8) bytes of v. */
GML_NEON_INLINE void gml_neon_store8(int8_t *c, int8x8_t v, size_t count) {
  if (count >= 8) {
    vst1_s8(c, v);
    return;
  }
  gml_neon_store16(c, vcombine_s8(v, v), count);
}

/*
 * The mlsl tiles (plain NEON, C2X16_MLSL) add two int8 products in one
 * int16 before vpadal. w1*a1 + w2*a2 lies in [-32512, 32768]: it
 * overflows only when all four are -128. So the second is subtracted,
 * with the weight complemented at packing: w1*a1 - ~w2*a2 = w1*a1 +
 * (w2 + 1)*a2, and as w1*a1 and ~w2*a2 both lie in [-16256, 16384], their
 * difference fits int16, for every int8. The extra a2 (of each k with
 * k % 4 >= 2, padding included: it packs as ~0) is the same for all
 * channels: a row's sum of them, its excess, is taken from its sums. This
 * sums it over `bytes` (a multiple of 4) bytes of a row; the mask keeps
 * bytes 2 and 3 of each 4.
 */
GML_NEON_INLINE int32_t gml_c2_excess_sum(const int8_t *a, size_t bytes) {
  const int8x16_t keep = vreinterpretq_s8_u32(vdupq_n_u32(0xFFFF0000u));
  int32x4_t sum = vdupq_n_s32(0);
  size_t k = 0;
  for (; k + 16 <= bytes; k += 16) {
    sum = vpadalq_s16(sum, vpaddlq_s8(vandq_s8(vld1q_s8(a + k), keep)));
  }
  if (k + 8 <= bytes) {
    int8x8_t x = vand_s8(vld1_s8(a + k), vget_low_s8(keep));
    sum = vpadalq_s16(sum, vmovl_s8(x));
    k += 8;
  }
  int32_t tail = k < bytes ? a[k + 2] + a[k + 3] : 0;
  return vaddvq_s32(sum) + tail;
}

/* A GEMM row's excess over kc bytes, in every lane. */
GML_NEON_INLINE int32x4_t gml_c2_excess(const int8_t *a, size_t kc) {
  return vdupq_n_s32(gml_c2_excess_sum(a, kc));
}

#endif
#endif
