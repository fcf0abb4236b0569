/*
 * qs8_avx2.h — AVX2 pieces the x86-64 microkernels share: loads, the c8
 * reduction of column-pair accumulators, the two exact requantizations of
 * 8 int32 sums (per call, or with a block's constants loaded once), the
 * narrowing and the int8 stores, for 8- and 16-channel blocks. Private to
 * this folder; x86-64 only.
 */
#ifndef GML_QS8_AVX2_H
#define GML_QS8_AVX2_H

#if defined(__x86_64__)

#include <immintrin.h>
#include "gml_microkernels.h"
#include "qs8_requant.h"

#define GML_AVX2 __attribute__((target("avx2"), always_inline)) static inline

/* A row's 8 bytes of A at `p`, sign-extended to int16, in both lanes. */
GML_AVX2 __m256i gml_avx2_load_a(const int8_t *p) {
  int64_t bits;
  __builtin_memcpy(&bits, p, 8);
  return _mm256_cvtepi8_epi16(_mm_set1_epi64x(bits));
}

/* Channels j and j+1 of one k group (16 bytes), sign-extended to int16. */
GML_AVX2 __m256i gml_avx2_load_b(const int8_t *p) {
  return _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)p));
}

/* vpmuldq (signed even-lane 32 x 32 -> 64 products), forced: where the
   multiplier comes from another basic block, clang loses that it is a
   sign-extended 32-bit value and expands the product into three vpmuludq
   and six shifts and adds. */
GML_AVX2 __m256i gml_avx2_mul_epi32(__m256i a, __m256i b) {
  __m256i product;
  __asm__("vpmuldq %2, %1, %0" : "=x"(product) : "x"(a), "x"(b));
  return product;
}

/* Four column-pair accumulators (4 partial sums per channel) to the 8
   channel sums, in channel order. */
GML_AVX2 __m256i gml_avx2_reduce(__m256i x01, __m256i x23, __m256i x45, __m256i x67) {
  __m256i x0213 = _mm256_hadd_epi32(x01, x23);
  __m256i x4657 = _mm256_hadd_epi32(x45, x67);
  __m256i x02461357 = _mm256_hadd_epi32(x0213, x4657);
  return _mm256_permutevar8x32_epi32(x02461357, _mm256_set_epi32(7, 3, 6, 2, 5, 1, 4, 0));
}

/* MultiplyByQuantizedMultiplier on 8 lanes. The high multiply is
   floor((a*b + 2^30) / 2^31), which is gemmlowp's rounding for every
   product; only a == b == INT32_MIN would saturate, and packing never
   stores that multiplier (gml's prepare refuses it). */
GML_AVX2 __m256i gml_avx2_gemmlowp(__m256i x, const int32_t *rq) {
  __m256i multiplier = _mm256_loadu_si256((const __m256i *)rq);
  __m256i left = _mm256_loadu_si256((const __m256i *)(rq + 8));
  __m256i right = _mm256_loadu_si256((const __m256i *)(rq + 16));
  __m256i nudge = _mm256_set1_epi64x((int64_t)1 << 30);
  x = _mm256_sllv_epi32(x, left);
  __m256i even = _mm256_add_epi64(gml_avx2_mul_epi32(x, multiplier), nudge);
  __m256i odd = _mm256_add_epi64(
      gml_avx2_mul_epi32(_mm256_shuffle_epi32(x, 0xF5), _mm256_shuffle_epi32(multiplier, 0xF5)),
      nudge);
  __m256i high =
      _mm256_blend_epi32(_mm256_srli_epi64(even, 31), _mm256_slli_epi64(odd, 1), 0xAA);
  __m256i one = _mm256_set1_epi32(1);
  __m256i mask = _mm256_sub_epi32(_mm256_sllv_epi32(one, right), one);
  __m256i remainder = _mm256_and_si256(high, mask);
  __m256i threshold = _mm256_sub_epi32(_mm256_srli_epi32(mask, 1), _mm256_srai_epi32(high, 31));
  __m256i quotient = _mm256_srav_epi32(high, right);
  return _mm256_sub_epi32(quotient, _mm256_cmpgt_epi32(remainder, threshold));
}

/* round(double(x) * scale) half away from zero on 4 lanes; out of range
   gives INT32_MIN (cvttpd2dq), as the reference's x86-64 behaviour. */
GML_AVX2 __m128i gml_avx2_fp64_half(__m128i x, const double *scale) {
  __m256d v = _mm256_mul_pd(_mm256_cvtepi32_pd(x), _mm256_loadu_pd(scale));
  __m256d t = _mm256_round_pd(v, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
  __m256d sign = _mm256_set1_pd(-0.0);
  __m256d fraction = _mm256_andnot_pd(sign, _mm256_sub_pd(v, t));
  __m256d away = _mm256_cmp_pd(fraction, _mm256_set1_pd(0.5), _CMP_GE_OQ);
  __m256d step = _mm256_or_pd(_mm256_and_pd(v, sign), _mm256_set1_pd(1.0));
  return _mm256_cvttpd_epi32(_mm256_add_pd(t, _mm256_and_pd(away, step)));
}

/* Requantizes 8 channel sums with the block's fields at `rq`, adds the
   zero point and clamps; the results fit int8, in int32 lanes. */
GML_AVX2 __m256i gml_avx2_requantize(__m256i acc, const void *rq, const gml_qs8_params *p) {
  __m256i y;
  if (p->kind == GML_QS8_GEMMLOWP) {
    y = gml_avx2_gemmlowp(acc, (const int32_t *)rq);
  } else {
    const double *scale = (const double *)rq;
    __m128i lo = gml_avx2_fp64_half(_mm256_castsi256_si128(acc), scale);
    __m128i hi = gml_avx2_fp64_half(_mm256_extracti128_si256(acc, 1), scale + 4);
    y = _mm256_inserti128_si256(_mm256_castsi128_si256(lo), hi, 1);
  }
  y = _mm256_add_epi32(y, _mm256_set1_epi32(p->zero_point));
  y = _mm256_max_epi32(y, _mm256_set1_epi32(p->min));
  return _mm256_min_epi32(y, _mm256_set1_epi32(p->max));
}

/* Narrows 8 int32 lanes (already within int8) to 8 bytes, in order. */
GML_AVX2 int64_t gml_avx2_narrow(__m256i y) {
  __m128i lo = _mm256_castsi256_si128(y);
  __m128i hi = _mm256_extracti128_si256(y, 1);
  __m128i bytes = _mm_packs_epi16(_mm_packs_epi32(lo, hi), _mm_setzero_si128());
  return _mm_cvtsi128_si64(bytes);
}

/* The requantization of 8 channels, loaded once per block and applied to
   every row: the fields of channels j...j+7 of a block of nr channels. */
typedef struct gml_avx2_rq {
  __m256i multiplier, multiplier_odd, left, right, mask, half, zero_point;
  const double *scale;
  int32_t kind;
  int has_left;
} gml_avx2_rq;

GML_AVX2 gml_avx2_rq gml_avx2_rq_load(
    const unsigned char *rq, size_t nr, size_t j, const gml_qs8_params *p) {
  gml_avx2_rq q;
  q.kind = p->kind;
  q.zero_point = _mm256_set1_epi32(p->zero_point);
  q.scale = (const double *)rq + j;
  if (p->kind == GML_QS8_GEMMLOWP) {
    const int32_t *f = (const int32_t *)rq + j;
    __m256i one = _mm256_set1_epi32(1);
    q.multiplier = _mm256_loadu_si256((const __m256i *)f);
    q.multiplier_odd = _mm256_shuffle_epi32(q.multiplier, 0xF5);
    q.left = _mm256_loadu_si256((const __m256i *)(f + nr));
    q.right = _mm256_loadu_si256((const __m256i *)(f + 2 * nr));
    q.mask = _mm256_sub_epi32(_mm256_sllv_epi32(one, q.right), one);
    q.half = _mm256_srli_epi32(q.mask, 1);
    q.has_left = !_mm256_testz_si256(q.left, q.left);
  } else {
    q.multiplier = q.multiplier_odd = q.left = q.right = q.mask = q.half = _mm256_setzero_si256();
    q.has_left = 0;
  }
  return q;
}

/* gml_avx2_requantize with the constants of gml_avx2_rq_load, without the
   clamp (int32 lanes, zero point added; gml_avx2_pack_rows clamps). */
GML_AVX2 __m256i gml_avx2_rq_apply(__m256i acc, const gml_avx2_rq *q) {
  __m256i y;
  if (q->kind == GML_QS8_GEMMLOWP) {
    __m256i x = q->has_left ? _mm256_sllv_epi32(acc, q->left) : acc;
    __m256i nudge = _mm256_set1_epi64x((int64_t)1 << 30);
    __m256i even = _mm256_add_epi64(gml_avx2_mul_epi32(x, q->multiplier), nudge);
    __m256i odd = _mm256_add_epi64(
        gml_avx2_mul_epi32(_mm256_shuffle_epi32(x, 0xF5), q->multiplier_odd), nudge);
    __m256i high =
        _mm256_blend_epi32(_mm256_srli_epi64(even, 31), _mm256_slli_epi64(odd, 1), 0xAA);
    __m256i threshold = _mm256_sub_epi32(q->half, _mm256_srai_epi32(high, 31));
    __m256i up = _mm256_cmpgt_epi32(_mm256_and_si256(high, q->mask), threshold);
    y = _mm256_sub_epi32(_mm256_srav_epi32(high, q->right), up);
  } else {
    __m128i lo = gml_avx2_fp64_half(_mm256_castsi256_si128(acc), q->scale);
    __m128i hi = gml_avx2_fp64_half(_mm256_extracti128_si256(acc, 1), q->scale + 4);
    y = _mm256_inserti128_si256(_mm256_castsi128_si256(lo), hi, 1);
  }
  return _mm256_add_epi32(y, q->zero_point);
}

/* gml_avx2_gemmlowp in one rounding of the 64-bit product, for channels
   with no left shift, a right shift r >= 1 and a multiplier M >= 0 (the
   usual case): RoundingDivideByPOT(floor((x*M + 2^30) / 2^31), r) is
   floor((x*M + 2^30 + 2^(30 + r) - 2^31*[x < 0]) / 2^(31 + r)) (both
   floors fold into one; for M >= 0 the sign of x stands for the sign of
   the high half wherever that changes the result). 2^63 is added too, so
   the 64-bit shifts may be logical; it leaves 2^(32 - r) (mod 2^32) in
   each result, which zero_point takes back. Odd lanes shift by r - 1,
   leaving their result in the high half. 13 instructions for 8 lanes,
   against 15 for gml_avx2_rq_apply. */
typedef struct gml_avx2_wide {
  __m256i multiplier, multiplier_odd, round_even, round_odd, shift_even, shift_odd, zero_point;
} gml_avx2_wide;

/* The result plus the zero point, in int32 lanes (unclamped). */
GML_AVX2 __m256i gml_avx2_wide_apply(__m256i x, const gml_avx2_wide *q) {
  const __m256i sign = _mm256_set1_epi64x(0x80000000);
  const __m256i x_odd = _mm256_shuffle_epi32(x, 0xF5);
  __m256i even = _mm256_add_epi64(gml_avx2_mul_epi32(x, q->multiplier), q->round_even);
  __m256i odd = _mm256_add_epi64(gml_avx2_mul_epi32(x_odd, q->multiplier_odd), q->round_odd);
  even = _mm256_srlv_epi64(_mm256_sub_epi64(even, _mm256_and_si256(x, sign)), q->shift_even);
  odd = _mm256_srlv_epi64(_mm256_sub_epi64(odd, _mm256_and_si256(x_odd, sign)), q->shift_odd);
  return _mm256_add_epi32(_mm256_blend_epi32(even, odd, 0xAA), q->zero_point);
}

/* Narrows four vectors of 8 int32 lanes to 32 bytes in order (a, b, c, d),
   saturating to int8, then clamps the bytes to the activation's range:
   the same as clamping the int32 values, as the range lies within int8. */
GML_AVX2 __m256i gml_avx2_pack_rows(
    __m256i a, __m256i b, __m256i c, __m256i d, const gml_qs8_params *p) {
  __m256i bytes = _mm256_packs_epi16(_mm256_packs_epi32(a, b), _mm256_packs_epi32(c, d));
  bytes = _mm256_permutevar8x32_epi32(bytes, _mm256_set_epi32(7, 3, 6, 2, 5, 1, 4, 0));
  if (p->min > -128) bytes = _mm256_max_epi8(bytes, _mm256_set1_epi8((char)p->min));
  if (p->max < 127) bytes = _mm256_min_epi8(bytes, _mm256_set1_epi8((char)p->max));
  return bytes;
}

/* Requantizes half h (8 channels) of a 16-channel block's sums, `rows`
   rows, in place: by gml_avx2_wide_apply with the constants packed for it
   (C2X16, C4X16_U8) when the half allows (the usual case), else
   gml_avx2_rq_apply. The test is made once per half, so neither path
   branches per vector. Results are unclamped int32 with the zero point. */
GML_AVX2 void gml_avx2_requantize_half16(
    __m256i (*acc)[2], size_t rows, size_t h, const unsigned char *rq,
    const gml_qs8_params *params) {
  if (params->kind == GML_QS8_GEMMLOWP) {
    const unsigned char *f = rq + 12 * 16, *half = f + 160 * h;
    int32_t is_wide;
    __builtin_memcpy(&is_wide, f + 320 + 4 * h, 4);
    if (is_wide) {
      gml_avx2_wide q;
      q.multiplier = _mm256_loadu_si256((const __m256i *)(rq + 32 * h));
      q.multiplier_odd = _mm256_shuffle_epi32(q.multiplier, 0xF5);
      q.round_even = _mm256_loadu_si256((const __m256i *)half);
      q.round_odd = _mm256_loadu_si256((const __m256i *)(half + 32));
      q.shift_even = _mm256_loadu_si256((const __m256i *)(half + 64));
      q.shift_odd = _mm256_loadu_si256((const __m256i *)(half + 96));
      q.zero_point = _mm256_sub_epi32(
          _mm256_set1_epi32(params->zero_point), _mm256_loadu_si256((const __m256i *)(half + 128)));
      for (size_t r = 0; r < rows; r++) acc[r][h] = gml_avx2_wide_apply(acc[r][h], &q);
      return;
    }
  }
  gml_avx2_rq q = gml_avx2_rq_load(rq, 16, 8 * h, params);
  for (size_t r = 0; r < rows; r++) acc[r][h] = gml_avx2_rq_apply(acc[r][h], &q);
}

/* Narrows, clamps and stores a 16-channel block's requantized rows (an
   even number of them) to out[r] + n0: 16 bytes each, or `count`. */
GML_AVX2 void gml_avx2_store_rows16(
    __m256i (*acc)[2], size_t rows, int8_t *const *out, size_t n0, size_t count,
    const gml_qs8_params *params) {
  for (size_t r = rows; r > 0; r -= 2) {
    __m256i bytes =
        gml_avx2_pack_rows(acc[r - 2][0], acc[r - 2][1], acc[r - 1][0], acc[r - 1][1], params);
    if (count == 16) {
      _mm_storeu_si128((__m128i *)(out[r - 1] + n0), _mm256_extracti128_si256(bytes, 1));
      _mm_storeu_si128((__m128i *)(out[r - 2] + n0), _mm256_castsi256_si128(bytes));
    } else {
      int8_t tmp[32];
      _mm256_storeu_si256((__m256i *)tmp, bytes);
      __builtin_memcpy(out[r - 1] + n0, tmp + 16, count);
      __builtin_memcpy(out[r - 2] + n0, tmp, count);
    }
  }
}

/* Stores the first `count` (1...8) bytes of `bytes` at `c`. */
GML_AVX2 void gml_avx2_store(int8_t *c, int64_t bytes, size_t count) {
  if (count == 8) {
    __builtin_memcpy(c, &bytes, 8);
  } else {
    __builtin_memcpy(c, &bytes, count);
  }
}

#endif
#endif
