/*
 * qs8_gemm_6x16c2_avx2.c — AVX2 GEMM microkernel for small K, 6 rows x 16
 * channels: the rows of A are widened to int16 once per call (on the
 * stack: kc <= GML_QS8_C2X16_MAX_K), each pair of k is broadcast and
 * multiplied with vpmaddwd by the int16 weights of 16 channels, so every
 * accumulator lane is one output (no reduction across lanes), then the
 * exact requantization and one narrowing per two rows (qs8_avx2.h).
 */
#include "gml_microkernels.h"

#if defined(__x86_64__)

#include "qs8_avx2.h"

#define MR 6

/* Widens `rows` rows of kc bytes to int16 (kc a multiple of 8). */
__attribute__((target("avx2"), always_inline)) static inline void widen_rows(
    const int8_t *const *a, size_t kc, int16_t (*out)[GML_QS8_C2X16_MAX_K]) {
  for (size_t r = 0; r < MR; r++) {
    for (size_t k = 0; k < kc; k += 8) {
      int64_t bits;
      __builtin_memcpy(&bits, a[r] + k, 8);
      _mm_storeu_si128((__m128i *)&out[r][k], _mm_cvtepi8_epi16(_mm_cvtsi64_si128(bits)));
    }
  }
}

/* Requantizes half h (8 channels) of the block's sums, every row, in
   place: by gml_avx2_wide_apply with the constants packed for it when
   the half allows (the usual case), else gml_avx2_rq_apply. The test is
   made once per half, so neither path branches per vector. */
__attribute__((target("avx2"), always_inline)) static inline void requantize_half(
    __m256i (*acc)[2], size_t h, const unsigned char *rq, const gml_qs8_params *params) {
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
      for (size_t r = 0; r < MR; r++) acc[r][h] = gml_avx2_wide_apply(acc[r][h], &q);
      return;
    }
  }
  gml_avx2_rq q = gml_avx2_rq_load(rq, 16, 8 * h, params);
  for (size_t r = 0; r < MR; r++) acc[r][h] = gml_avx2_rq_apply(acc[r][h], &q);
}

__attribute__((target("avx2"))) void gml_qs8_gemm_6x16c2_avx2(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params) {
  const int8_t *rows[MR];
  int8_t *out[MR];
  for (size_t r = 0; r < MR; r++) {
    size_t used = r < mr ? r : mr - 1;
    rows[r] = a + used * a_stride;
    out[r] = c + used * c_stride;
  }
  int16_t x[MR][GML_QS8_C2X16_MAX_K];
  widen_rows(rows, kc, x);
  const unsigned char *block = (const unsigned char *)w;
  const size_t block_size = gml_qs8_block_size(GML_QS8_LAYOUT_C2X16, kc, params->kind);
  for (size_t n0 = 0; n0 < nc; n0 += 16) {
    __m256i acc[MR][2];
    const __m256i bias_lo = _mm256_loadu_si256((const __m256i *)block);
    const __m256i bias_hi = _mm256_loadu_si256((const __m256i *)(block + 32));
    for (size_t r = 0; r < MR; r++) {
      acc[r][0] = bias_lo;
      acc[r][1] = bias_hi;
    }
    const unsigned char *b = block + 64;
    for (size_t k = 0; k < kc; k += 2) {
      const __m256i w_lo = _mm256_loadu_si256((const __m256i *)b);
      const __m256i w_hi = _mm256_loadu_si256((const __m256i *)(b + 32));
      for (size_t r = 0; r < MR; r++) {
        int32_t pair;
        __builtin_memcpy(&pair, &x[r][k], 4);
        const __m256i xr = _mm256_set1_epi32(pair);
        acc[r][0] = _mm256_add_epi32(acc[r][0], _mm256_madd_epi16(xr, w_lo));
        acc[r][1] = _mm256_add_epi32(acc[r][1], _mm256_madd_epi16(xr, w_hi));
      }
      b += 64;
    }
    const unsigned char *rq = block + gml_qs8_block_requant_offset(GML_QS8_LAYOUT_C2X16, kc);
    requantize_half(acc, 0, rq, params);
    requantize_half(acc, 1, rq, params);
    size_t count = nc - n0 < 16 ? nc - n0 : 16;
    for (size_t r = MR; r > 0; r -= 2) {
      __m256i bytes = gml_avx2_pack_rows(
          acc[r - 2][0], acc[r - 2][1], acc[r - 1][0], acc[r - 1][1], params);
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
    block += block_size;
  }
}

#endif
