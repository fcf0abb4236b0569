/*
 * qs8_gemm_1x8c8_avx2.c — AVX2 GEMM microkernel, 1 row x 8 channels: the
 * matrix-vector case (FullyConnected on one row): two blocks of 8
 * channels per pass over A (one widening of A feeds 8 vpmaddwd, two weight
 * streams in flight), then the exact requantization (qs8_avx2.h).
 */
#include "gml_microkernels.h"

#if defined(__x86_64__)

#include "qs8_avx2.h"

__attribute__((target("avx2"))) void gml_qs8_gemm_1x8c8_avx2(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params) {
  (void)mr;
  (void)a_stride;
  (void)c_stride;
  const unsigned char *block = (const unsigned char *)w;
  const size_t block_size = gml_qs8_block_size(GML_QS8_LAYOUT_C8, kc, params->kind);
  const size_t rq_offset = gml_qs8_block_requant_offset(GML_QS8_LAYOUT_C8, kc);
  size_t n0 = 0;
  /* Two blocks at a time: one widening of A for 8 vpmaddwd, two weight
     streams in flight. */
  for (; n0 + 8 < nc; n0 += 16) {
    const unsigned char *next = block + block_size;
    __m256i p01 = _mm256_setzero_si256(), p23 = p01, p45 = p01, p67 = p01;
    __m256i q01 = p01, q23 = p01, q45 = p01, q67 = p01;
    const int8_t *b = (const int8_t *)(block + 32), *d = (const int8_t *)(next + 32);
    for (size_t k = 0; k < kc; k += 8) {
      __m256i x = gml_avx2_load_a(a + k);
      p01 = _mm256_add_epi32(p01, _mm256_madd_epi16(x, gml_avx2_load_b(b)));
      q01 = _mm256_add_epi32(q01, _mm256_madd_epi16(x, gml_avx2_load_b(d)));
      p23 = _mm256_add_epi32(p23, _mm256_madd_epi16(x, gml_avx2_load_b(b + 16)));
      q23 = _mm256_add_epi32(q23, _mm256_madd_epi16(x, gml_avx2_load_b(d + 16)));
      p45 = _mm256_add_epi32(p45, _mm256_madd_epi16(x, gml_avx2_load_b(b + 32)));
      q45 = _mm256_add_epi32(q45, _mm256_madd_epi16(x, gml_avx2_load_b(d + 32)));
      p67 = _mm256_add_epi32(p67, _mm256_madd_epi16(x, gml_avx2_load_b(b + 48)));
      q67 = _mm256_add_epi32(q67, _mm256_madd_epi16(x, gml_avx2_load_b(d + 48)));
      b += 64;
      d += 64;
    }
    gml_avx2_rq rp = gml_avx2_rq_load(block + rq_offset, 8, 0, params);
    gml_avx2_rq rd = gml_avx2_rq_load(next + rq_offset, 8, 0, params);
    __m256i yp = _mm256_add_epi32(
        gml_avx2_reduce(p01, p23, p45, p67), _mm256_loadu_si256((const __m256i *)block));
    __m256i yq = _mm256_add_epi32(
        gml_avx2_reduce(q01, q23, q45, q67), _mm256_loadu_si256((const __m256i *)next));
    yp = gml_avx2_rq_apply(yp, &rp);
    yq = gml_avx2_rq_apply(yq, &rd);
    __m256i bytes = gml_avx2_pack_rows(yp, yq, yq, yq, params);
    size_t count = nc - n0 < 16 ? nc - n0 - 8 : 8;
    _mm_storel_epi64((__m128i *)(c + n0), _mm256_castsi256_si128(bytes));
    gml_avx2_store(c + n0 + 8, _mm_extract_epi64(_mm256_castsi256_si128(bytes), 1), count);
    block = next + block_size;
  }
  for (; n0 < nc; n0 += 8) {
    __m256i acc01 = _mm256_setzero_si256(), acc23 = acc01, acc45 = acc01, acc67 = acc01;
    const int8_t *b = (const int8_t *)(block + 32);
    for (size_t k = 0; k < kc; k += 8) {
      __m256i x = gml_avx2_load_a(a + k);
      acc01 = _mm256_add_epi32(acc01, _mm256_madd_epi16(x, gml_avx2_load_b(b)));
      acc23 = _mm256_add_epi32(acc23, _mm256_madd_epi16(x, gml_avx2_load_b(b + 16)));
      acc45 = _mm256_add_epi32(acc45, _mm256_madd_epi16(x, gml_avx2_load_b(b + 32)));
      acc67 = _mm256_add_epi32(acc67, _mm256_madd_epi16(x, gml_avx2_load_b(b + 48)));
      b += 64;
    }
    __m256i bias = _mm256_loadu_si256((const __m256i *)block);
    gml_avx2_rq q = gml_avx2_rq_load(block + rq_offset, 8, 0, params);
    __m256i y = _mm256_add_epi32(gml_avx2_reduce(acc01, acc23, acc45, acc67), bias);
    y = gml_avx2_rq_apply(y, &q);
    __m256i bytes = gml_avx2_pack_rows(y, y, y, y, params);
    size_t count = nc - n0 < 8 ? nc - n0 : 8;
    gml_avx2_store(c + n0, _mm_cvtsi128_si64(_mm256_castsi256_si128(bytes)), count);
    block += block_size;
  }
}

#endif
