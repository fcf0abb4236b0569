/*
 * qs8_gemm_8x16c4_avx512vnni.c — AVX-512 VNNI GEMM microkernel, 8 rows x 16
 * channels, 256-bit (EVEX, so 32 registers): per group of 4 k, each row's
 * 4 bytes (+ 128) are broadcast and vpdpbusd adds their products with the
 * 16 channels' 4 weights into 16 accumulators, no reduction across lanes;
 * then the exact requantization and one narrowing per two rows
 * (qs8_vnni.h); a block of at most 8 channels computes one half. Weights
 * in GML_QS8_LAYOUT_C4X16_U8.
 */
#include "gml_microkernels.h"

#if defined(__x86_64__)

#include "qs8_vnni.h"

#define MR 8

/* One 16-channel block for `mr` rows (8, 4, 2 or 1: a call with fewer
   rows than the tile's 8 runs the smallest of these that holds them, not
   8 copies), on `halves` (1 or 2) of its halves: one when it holds at
   most 8 channels, so narrow layers do half the work. */
GML_VNNI void gemm_block(
    size_t mr, size_t halves, const int8_t *const *rows, size_t kc, const unsigned char *block,
    const unsigned char *rq, int8_t *const *out, size_t n0, size_t count,
    const gml_qs8_params *params) {
  const __m256i flip = _mm256_set1_epi8((char)0x80);
  const __m256i bias_lo = _mm256_loadu_si256((const __m256i *)block);
  const __m256i bias_hi = _mm256_loadu_si256((const __m256i *)(block + 32));
  __m256i acc[MR][2];
GML_VNNI_UNROLL
  for (size_t r = 0; r < mr; r++) {
    acc[r][0] = bias_lo;
    acc[r][1] = bias_hi;
  }
  const unsigned char *b = block + 64;
  for (size_t k = 0; k < kc; k += 4) {
    const __m256i w_lo = _mm256_loadu_si256((const __m256i *)b);
    const __m256i w_hi = _mm256_loadu_si256((const __m256i *)(b + 32));
GML_VNNI_UNROLL
    for (size_t r = 0; r < mr; r++) {
      const __m256i x = gml_vnni_load_a(rows[r] + k, 0, flip);
      acc[r][0] = _mm256_dpbusd_epi32(acc[r][0], x, w_lo);
      if (halves == 2) acc[r][1] = _mm256_dpbusd_epi32(acc[r][1], x, w_hi);
    }
    b += 64;
  }
  gml_vnni_requantize_store16(acc, mr, halves, rq, out, n0, count, params);
}

/* The tile's blocks for `mr` rows (8, 4, 2 or 1). */
GML_VNNI void gemm_blocks(
    size_t mr, const int8_t *const *rows, int8_t *const *out, size_t nc, size_t kc,
    const unsigned char *block, const gml_qs8_params *params) {
  const size_t block_size = gml_qs8_block_size(GML_QS8_LAYOUT_C4X16_U8, kc, params->kind);
  const size_t rq_offset = gml_qs8_block_requant_offset(GML_QS8_LAYOUT_C4X16_U8, kc);
  for (size_t n0 = 0; n0 < nc; n0 += 16) {
    size_t count = nc - n0 < 16 ? nc - n0 : 16;
    if (count <= 8) {
      gemm_block(mr, 1, rows, kc, block, block + rq_offset, out, n0, count, params);
    } else {
      gemm_block(mr, 2, rows, kc, block, block + rq_offset, out, n0, count, params);
    }
    block += block_size;
  }
}

__attribute__((target(GML_VNNI_TARGET))) void gml_qs8_gemm_8x16c4_avx512vnni(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params) {
  const int8_t *rows[MR];
  int8_t *out[MR];
  for (size_t r = 0; r < MR; r++) {
    size_t used = r < mr ? r : mr - 1;
    rows[r] = a + used * a_stride;
    out[r] = c + used * c_stride;
  }
  const unsigned char *block = (const unsigned char *)w;
  if (mr > 4) {
    gemm_blocks(8, rows, out, nc, kc, block, params);
  } else if (mr > 2) {
    gemm_blocks(4, rows, out, nc, kc, block, params);
  } else if (mr == 2) {
    gemm_blocks(2, rows, out, nc, kc, block, params);
  } else {
    gemm_blocks(1, rows, out, nc, kc, block, params);
  }
}

#endif
