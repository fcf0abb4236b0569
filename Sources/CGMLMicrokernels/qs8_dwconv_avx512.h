/*
 * qs8_dwconv_avx512.h — what the AVX-512 VNNI depthwise microkernels share:
 * a group of up to 16 channels' constants (two packed blocks' bias terms
 * and requantization fields in zmm, the clamp), loaded once per group.
 * Private to this folder; x86-64 only.
 */
#ifndef GML_QS8_DWCONV_AVX512_H
#define GML_QS8_DWCONV_AVX512_H

#if defined(__x86_64__)

#include "qs8_avx512.h"
#include "qs8_dwconv.h"

/* A group of up to 16 channels' constants. */
typedef struct gml_dw_group {
  __m512i bias;    /* the packed bias terms */
  gml_avx512_rq rq;
  __m128i lo, hi;  /* the clamp, in every byte */
  __mmask16 lanes; /* the channels present */
} gml_dw_group;

/* The constants of `count` (1...16) channels from block b0 and the next,
   b1 (b0 again when count <= 8). */
GML_VNNI gml_dw_group gml_dw_group_load(
    const unsigned char *b0, const unsigned char *b1, size_t count, const gml_qs8_params *params) {
#define GML_DW_FIELD(offset)                                                        \
  _mm512_inserti64x4(                                                               \
      _mm512_castsi256_si512(_mm256_loadu_si256((const __m256i *)(b0 + (offset)))), \
      _mm256_loadu_si256((const __m256i *)(b1 + (offset))), 1)
  gml_dw_group g;
  g.bias = GML_DW_FIELD(0);
  g.lanes = (__mmask16)((1u << count) - 1);
  g.rq = gml_avx512_rq_init(
      GML_DW_FIELD(GML_QS8_DWCONV_REQUANT), GML_DW_FIELD(GML_QS8_DWCONV_REQUANT + 32),
      GML_DW_FIELD(GML_QS8_DWCONV_REQUANT + 64), params->zero_point, g.lanes);
#undef GML_DW_FIELD
  g.lo = _mm_set1_epi8((char)params->min);
  g.hi = _mm_set1_epi8((char)params->max);
  return g;
}

#endif
#endif
