/*
 * qs8_avx512.h — the exact requantization of 16 int32 lanes in a zmm
 * register (AVX512F/BW, GML_VNNI_TARGET), for the depthwise and
 * ADD/SUB/MUL microkernels of the AVX-512 VNNI tier: constants loaded once
 * per block of channels, then per vector either one rounding of the
 * 64-bit product (the usual case) or gemmlowp's two. Private to this
 * folder; x86-64 only.
 */
#ifndef GML_QS8_AVX512_H
#define GML_QS8_AVX512_H

#if defined(__x86_64__)

#include "qs8_vnni.h"

/* MultiplyByQuantizedMultiplier plus the zero point, per lane, with its
   constants in registers. `is_wide` when every lane has no left shift, a
   right shift r in 1...23 and a multiplier M >= 0 (QuantizeMultiplier's
   for scales below 1/2), and the zero point lies in -128...128: then
   gml_avx512_rq_apply takes the one-rounding form (qs8_avx2.h's
   gml_avx2_wide_apply, with AVX-512's arithmetic 64-bit shifts and the
   zero point folded into the rounding term):
       floor((x*M + 2^30 + 2^(30+r) + zp*2^(31+r) - 2^31*[x < 0]) / 2^(31+r)),
   which stays within int64 for r <= 23 (|x*M| < 2^62, |zp| * 2^54 <= 2^61). Else gemmlowp's
   two roundings, with `left`, `right`, `mask` and `zero_point`. */
typedef struct gml_avx512_rq {
  __m512i multiplier, multiplier_odd;  /* M; M of odd lanes in even ones */
  __m512i round_even, round_odd;       /* wide: the rounding terms */
  __m512i shift_even, shift_odd;       /* wide: 31 + r, r - 1 per qword */
  __m512i left, right, mask, zero_point; /* gemmlowp's form */
  int is_wide;
} gml_avx512_rq;

/* The constants for multipliers `m`, shifts `left` and `right` (16 lanes
   each) and the output zero point `zp`; only the lanes in `lanes` decide
   `is_wide`. */
GML_VNNI gml_avx512_rq gml_avx512_rq_init(
    __m512i m, __m512i left, __m512i right, int32_t zp, __mmask16 lanes) {
  const __m512i one = _mm512_set1_epi32(1);
  gml_avx512_rq q;
  q.multiplier = m;
  q.multiplier_odd = _mm512_srli_epi64(m, 32);
  q.left = left;
  q.right = right;
  q.mask = _mm512_sub_epi32(_mm512_sllv_epi32(one, right), one);
  q.zero_point = _mm512_set1_epi32(zp);
  __mmask16 bad = _mm512_test_epi32_mask(left, left) | _mm512_cmplt_epi32_mask(right, one) |
                  _mm512_cmpgt_epi32_mask(right, _mm512_set1_epi32(23)) |
                  _mm512_cmplt_epi32_mask(m, _mm512_setzero_si512());
  bad &= lanes;
  q.is_wide = bad == 0 && zp >= -128 && zp <= 128;
  const __m512i right_even = _mm512_and_si512(right, _mm512_set1_epi64(0xFFFFFFFF));
  const __m512i right_odd = _mm512_srli_epi64(right, 32);
  /* (2^30 + zp*2^31) << r, plus 2^30. */
  const __m512i base = _mm512_set1_epi64(((int64_t)1 << 30) + (int64_t)zp * ((int64_t)1 << 31));
  const __m512i half = _mm512_set1_epi64((int64_t)1 << 30);
  q.round_even = _mm512_add_epi64(_mm512_sllv_epi64(base, right_even), half);
  q.round_odd = _mm512_add_epi64(_mm512_sllv_epi64(base, right_odd), half);
  q.shift_even = _mm512_add_epi64(right_even, _mm512_set1_epi64(31));
  q.shift_odd = _mm512_sub_epi64(right_odd, _mm512_set1_epi64(1));
  return q;
}

/* The one-rounding form (q->is_wide): result plus zero point, 16 lanes. */
GML_VNNI __m512i gml_avx512_rq_wide(__m512i x, const gml_avx512_rq *q) {
  const __m512i sign = _mm512_set1_epi64(0x80000000);
  const __m512i x_odd = _mm512_srli_epi64(x, 32);
  __m512i even = _mm512_add_epi64(_mm512_mul_epi32(x, q->multiplier), q->round_even);
  __m512i odd = _mm512_add_epi64(_mm512_mul_epi32(x_odd, q->multiplier_odd), q->round_odd);
  even = _mm512_srav_epi64(_mm512_sub_epi64(even, _mm512_and_si512(x, sign)), q->shift_even);
  odd = _mm512_srav_epi64(_mm512_sub_epi64(odd, _mm512_and_si512(x_odd, sign)), q->shift_odd);
  /* The low half of even, the high half of odd: a bitwise select (clang
     rebuilds a blend's mask register on every pass of a loop). */
  const __m512i high = _mm512_set1_epi64((int64_t)0xFFFFFFFF00000000ull);
  return _mm512_ternarylogic_epi64(even, odd, high, 0xD8);
}

/* gemmlowp's two roundings (any shift, any multiplier but INT32_MIN),
   plus the zero point, 16 lanes. */
GML_VNNI __m512i gml_avx512_rq_gemmlowp(__m512i x, const gml_avx512_rq *q) {
  const __m512i nudge = _mm512_set1_epi64((int64_t)1 << 30);
  x = _mm512_sllv_epi32(x, q->left);
  __m512i even = _mm512_add_epi64(_mm512_mul_epi32(x, q->multiplier), nudge);
  __m512i odd = _mm512_add_epi64(
      _mm512_mul_epi32(_mm512_srli_epi64(x, 32), q->multiplier_odd), nudge);
  __m512i high =
      _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(even, 31), _mm512_slli_epi64(odd, 1));
  __m512i threshold = _mm512_sub_epi32(_mm512_srli_epi32(q->mask, 1), _mm512_srai_epi32(high, 31));
  __mmask16 up = _mm512_cmpgt_epi32_mask(_mm512_and_si512(high, q->mask), threshold);
  __m512i y = _mm512_add_epi32(_mm512_srav_epi32(high, q->right), q->zero_point);
  return _mm512_mask_sub_epi32(y, up, y, _mm512_set1_epi32(-1));
}

/* Either form, as q allows: the result plus the zero point (unclamped). */
GML_VNNI __m512i gml_avx512_rq_apply(__m512i x, const gml_avx512_rq *q) {
  return q->is_wide ? gml_avx512_rq_wide(x, q) : gml_avx512_rq_gemmlowp(x, q);
}

/* 16 int32 lanes to 16 bytes, saturating, then clamped to lo...hi (bytes
   in every lane): the same as clamping the int32 values, as the range
   lies within int8. */
GML_VNNI __m128i gml_avx512_narrow(__m512i y, __m128i lo, __m128i hi) {
  return _mm_min_epi8(_mm_max_epi8(_mm512_cvtsepi32_epi8(y), lo), hi);
}

#endif
#endif
