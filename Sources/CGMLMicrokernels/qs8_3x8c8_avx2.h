/*
 * qs8_3x8c8_avx2.h — the 3-row x 8-channel tile's pieces (AVX2): the
 * vpmaddwd steps and the epilogue.
 * The weights are C8W16 (already int16), so each vpmaddwd reads them from
 * memory: 12 accumulators, 3 rows and one product then fit the 16 ymm
 * registers (with int8 weights widened in a register, the compiler
 * spilled and shuffled accumulators every step). The steps are a macro
 * over 12 named accumulators: as a struct or array the compiler kept them
 * in memory. Private to this folder; x86-64 only.
 */
#ifndef GML_QS8_3X8C8_AVX2_H
#define GML_QS8_3X8C8_AVX2_H

#if defined(__x86_64__)

#include "qs8_avx2.h"

/* vpmaddwd with the weights as a memory operand, forced: left to itself
   the compiler loads them into a register once per pair and then runs out
   of registers. */
GML_AVX2 __m256i gml_avx2_madd_mem(__m256i x, const __m256i *w) {
  __m256i product;
  __asm__("vpmaddwd %2, %1, %0" : "=x"(product) : "x"(x), "m"(*w));
  return product;
}

/* Declares the 12 column-pair accumulators (row r, channels j, j+1: 4
   partial sums each), zeroed. */
#define GML_AVX2_3X8_ACCUMULATORS                                                     \
  __m256i acc0x01 = _mm256_setzero_si256(), acc0x23 = acc0x01, acc0x45 = acc0x01;     \
  __m256i acc0x67 = acc0x01, acc1x01 = acc0x01, acc1x23 = acc0x01, acc1x45 = acc0x01; \
  __m256i acc1x67 = acc0x01, acc2x01 = acc0x01, acc2x23 = acc0x01, acc2x45 = acc0x01; \
  __m256i acc2x67 = acc0x01

/* Accumulates `kc` (a multiple of 8) values of k of rows a0, a1, a2
   against the C8W16 weights at `b` (advanced past them). */
#define GML_AVX2_3X8_STEPS(a0, a1, a2, b, kc)                                       \
  for (size_t k_ = 0; k_ < (kc); k_ += 8) {                                         \
    __m256i x0 = gml_avx2_load_a((a0) + k_);                                        \
    __m256i x1 = gml_avx2_load_a((a1) + k_);                                        \
    __m256i x2 = gml_avx2_load_a((a2) + k_);                                        \
    const __m256i *w_ = (const __m256i *)(b);                                       \
    acc0x01 = _mm256_add_epi32(acc0x01, gml_avx2_madd_mem(x0, w_)); \
    acc1x01 = _mm256_add_epi32(acc1x01, gml_avx2_madd_mem(x1, w_)); \
    acc2x01 = _mm256_add_epi32(acc2x01, gml_avx2_madd_mem(x2, w_)); \
    acc0x23 = _mm256_add_epi32(acc0x23, gml_avx2_madd_mem(x0, w_ + 1)); \
    acc1x23 = _mm256_add_epi32(acc1x23, gml_avx2_madd_mem(x1, w_ + 1)); \
    acc2x23 = _mm256_add_epi32(acc2x23, gml_avx2_madd_mem(x2, w_ + 1)); \
    acc0x45 = _mm256_add_epi32(acc0x45, gml_avx2_madd_mem(x0, w_ + 2)); \
    acc1x45 = _mm256_add_epi32(acc1x45, gml_avx2_madd_mem(x1, w_ + 2)); \
    acc2x45 = _mm256_add_epi32(acc2x45, gml_avx2_madd_mem(x2, w_ + 2)); \
    acc0x67 = _mm256_add_epi32(acc0x67, gml_avx2_madd_mem(x0, w_ + 3)); \
    acc1x67 = _mm256_add_epi32(acc1x67, gml_avx2_madd_mem(x1, w_ + 3)); \
    acc2x67 = _mm256_add_epi32(acc2x67, gml_avx2_madd_mem(x2, w_ + 3)); \
    (b) += 128;                                                                     \
  }

/* Reduces the accumulators, adds the block's bias terms, requantizes with
   its constants (loaded once for the three rows), narrows the rows
   together and stores `count` (1...8) bytes of each. */
#define GML_AVX2_3X8_FINISH(block, kc, params, c0, c1, c2, count)                       \
  gml_avx2_3x8_finish(                                                                   \
      gml_avx2_reduce(acc0x01, acc0x23, acc0x45, acc0x67),                               \
      gml_avx2_reduce(acc1x01, acc1x23, acc1x45, acc1x67),                               \
      gml_avx2_reduce(acc2x01, acc2x23, acc2x45, acc2x67), block, kc, params, c0, c1, c2, \
      count)

GML_AVX2 void gml_avx2_3x8_finish(
    __m256i y0, __m256i y1, __m256i y2, const unsigned char *block, size_t kc,
    const gml_qs8_params *params, int8_t *c0, int8_t *c1, int8_t *c2, size_t count) {
  __m256i bias = _mm256_loadu_si256((const __m256i *)block);
  gml_avx2_rq q = gml_avx2_rq_load(
      block + gml_qs8_block_requant_offset(GML_QS8_LAYOUT_C8W16, kc), 8, 0, params);
  y0 = gml_avx2_rq_apply(_mm256_add_epi32(y0, bias), &q);
  y1 = gml_avx2_rq_apply(_mm256_add_epi32(y1, bias), &q);
  y2 = gml_avx2_rq_apply(_mm256_add_epi32(y2, bias), &q);
  __m256i bytes = gml_avx2_pack_rows(y0, y1, y2, y2, params);
  __m128i lo = _mm256_castsi256_si128(bytes), hi = _mm256_extracti128_si256(bytes, 1);
  gml_avx2_store(c2, _mm_cvtsi128_si64(hi), count);
  gml_avx2_store(c1, _mm_extract_epi64(lo, 1), count);
  gml_avx2_store(c0, _mm_cvtsi128_si64(lo), count);
}

#endif
#endif
