/*
 * qs8_dwconv_avx2.h — AVX2 pieces the depthwise microkernels share: loads
 * that widen 8 channels (alone, or two taps interleaved for vpmaddwd), a
 * block's requantization constants held in registers, and the scalar step
 * for the last channels. Private to this folder; x86-64 only.
 */
#ifndef GML_QS8_DWCONV_AVX2_H
#define GML_QS8_DWCONV_AVX2_H

#if defined(__x86_64__)

#include "qs8_avx2.h"
#include "qs8_dwconv.h"

/* 8 bytes at p, sign-extended to 8 int32 lanes. */
GML_AVX2 __m256i gml_avx2_dw_load(const int8_t *p) {
  return _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)p));
}

/* 8 bytes at a and at b, interleaved (a0 b0 a1 b1 ...), as int16. */
GML_AVX2 __m256i gml_avx2_dw_pair(const int8_t *a, const int8_t *b) {
  __m128i x = _mm_loadl_epi64((const __m128i *)a), y = _mm_loadl_epi64((const __m128i *)b);
  return _mm256_cvtepi8_epi16(_mm_unpacklo_epi8(x, y));
}

/* A block's requantization constants, loaded once per block. `is_wide`
   is set when every channel allows gml_avx2_wide_apply (no left shift, a
   right shift of at least 1, a multiplier >= 0: the usual case); then
   gml_avx2_dw_requant_store takes that shorter path, with `wide`. */
typedef struct gml_avx2_dw_requant {
  __m256i multiplier, multiplier_odd, left, right, mask, half, zero_point, lo, hi;
  gml_avx2_wide wide;
  int is_wide;
} gml_avx2_dw_requant;

/* Sets the constants of gml_avx2_wide_apply when the block allows it. */
GML_AVX2 void gml_avx2_dw_wide_load(gml_avx2_dw_requant *r) {
  const __m256i one = _mm256_set1_epi32(1);
  const __m256i bad = _mm256_or_si256(
      _mm256_or_si256(r->left, _mm256_cmpgt_epi32(one, r->right)),
      _mm256_cmpgt_epi32(_mm256_setzero_si256(), r->multiplier));
  r->is_wide = _mm256_testz_si256(bad, bad);
  const __m256i right_even = _mm256_and_si256(r->right, _mm256_set1_epi64x(0xFFFFFFFF));
  const __m256i right_odd = _mm256_srli_epi64(r->right, 32);
  const __m256i base = _mm256_set1_epi64x((int64_t)(0x8000000040000000ull));
  const __m256i nudge = _mm256_set1_epi64x((int64_t)1 << 30);
  r->wide.multiplier = r->multiplier;
  r->wide.multiplier_odd = r->multiplier_odd;
  r->wide.round_even = _mm256_add_epi64(base, _mm256_sllv_epi64(nudge, right_even));
  r->wide.round_odd = _mm256_add_epi64(base, _mm256_sllv_epi64(nudge, right_odd));
  r->wide.shift_even = _mm256_add_epi64(right_even, _mm256_set1_epi64x(31));
  r->wide.shift_odd = _mm256_sub_epi64(right_odd, _mm256_set1_epi64x(1));
  r->wide.zero_point = _mm256_sub_epi32(
      r->zero_point, _mm256_sllv_epi32(one, _mm256_sub_epi32(_mm256_set1_epi32(32), r->right)));
}

GML_AVX2 gml_avx2_dw_requant gml_avx2_dw_requant_load(
    const unsigned char *block, const gml_qs8_params *params) {
  const int32_t *rq = (const int32_t *)(block + GML_QS8_DWCONV_REQUANT);
  const __m256i one = _mm256_set1_epi32(1);
  gml_avx2_dw_requant r;
  r.multiplier = _mm256_loadu_si256((const __m256i *)rq);
  r.multiplier_odd = _mm256_shuffle_epi32(r.multiplier, 0xF5);
  r.left = _mm256_loadu_si256((const __m256i *)(rq + 8));
  r.right = _mm256_loadu_si256((const __m256i *)(rq + 16));
  r.mask = _mm256_sub_epi32(_mm256_sllv_epi32(one, r.right), one);
  r.half = _mm256_srli_epi32(r.mask, 1);
  r.zero_point = _mm256_set1_epi32(params->zero_point);
  r.lo = _mm256_set1_epi32(params->min);
  r.hi = _mm256_set1_epi32(params->max);
  gml_avx2_dw_wide_load(&r);
  return r;
}

/* gml_avx2_gemmlowp (or gml_avx2_wide_apply, when the block allows), zero
   point and clamp with the constants in registers; stores the 8 bytes at
   `out`. */
GML_AVX2 void gml_avx2_dw_requant_store(__m256i acc, const gml_avx2_dw_requant *r, int8_t *out) {
  if (r->is_wide) {
    __m256i y =
        _mm256_min_epi32(_mm256_max_epi32(gml_avx2_wide_apply(acc, &r->wide), r->lo), r->hi);
    gml_avx2_store(out, gml_avx2_narrow(y), 8);
    return;
  }
  const __m256i nudge = _mm256_set1_epi64x((int64_t)1 << 30);
  __m256i x = _mm256_sllv_epi32(acc, r->left);
  __m256i even = _mm256_add_epi64(_mm256_mul_epi32(x, r->multiplier), nudge);
  __m256i odd = _mm256_add_epi64(
      _mm256_mul_epi32(_mm256_shuffle_epi32(x, 0xF5), r->multiplier_odd), nudge);
  __m256i high =
      _mm256_blend_epi32(_mm256_srli_epi64(even, 31), _mm256_slli_epi64(odd, 1), 0xAA);
  __m256i threshold = _mm256_sub_epi32(r->half, _mm256_srai_epi32(high, 31));
  __m256i round = _mm256_cmpgt_epi32(_mm256_and_si256(high, r->mask), threshold);
  __m256i y = _mm256_sub_epi32(_mm256_srav_epi32(high, r->right), round);
  y = _mm256_min_epi32(_mm256_max_epi32(_mm256_add_epi32(y, r->zero_point), r->lo), r->hi);
  gml_avx2_store(out, gml_avx2_narrow(y), 8);
}

/* The scalar step for channels past the last multiple of 8. */
static inline void gml_qs8_dwconv_avx2_tail(
    size_t channels, size_t pixels, size_t taps, const int8_t *const *input, size_t input_step,
    const unsigned char *block, int8_t *output, const gml_qs8_params *params) {
  const size_t full = channels / 8 * 8, increment = input_step ? 0 : taps;
  for (size_t px = 0, offset = 0; px < pixels; px++, offset += input_step) {
    gml_qs8_dwconv_channels(
        full, channels - full, taps, input + px * increment, offset, block,
        output + px * channels, params);
  }
}

#endif
#endif
