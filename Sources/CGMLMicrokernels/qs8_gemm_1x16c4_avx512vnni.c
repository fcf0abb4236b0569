/*
 * qs8_gemm_1x16c4_avx512vnni.c — AVX-512 VNNI GEMM microkernel for one row
 * (FullyConnected on one input): four blocks of 16 channels per pass over
 * A, so one broadcast of 4 bytes feeds 8 vpdpbusd reading the weights from
 * memory (eight independent accumulators), then the exact requantization
 * (qs8_vnni.h). Weights in GML_QS8_LAYOUT_C4X16_U8.
 */
#include "gml_microkernels.h"

#if defined(__x86_64__)

#include "qs8_vnni.h"

/* `blocks` (1 or 4, a constant where inlined) blocks of 16 channels from
   `block`, `nc` (1...16 × blocks) outputs at c. Each accumulator is its
   own variable (an array of them, written through the requantization's
   pointer, made clang store all eight after every step of k). */
GML_VNNI void blocks_1x16c4(
    size_t blocks, size_t nc, size_t kc, const int8_t *a, const unsigned char *block,
    size_t block_size, int8_t *c, const gml_qs8_params *params) {
#define GML_BIAS(i, h) \
  _mm256_loadu_si256((const __m256i *)(block + (blocks > i ? i : 0) * block_size + 32 * h))
  __m256i l0 = GML_BIAS(0, 0), h0 = GML_BIAS(0, 1), l1 = GML_BIAS(1, 0), h1 = GML_BIAS(1, 1);
  __m256i l2 = GML_BIAS(2, 0), h2 = GML_BIAS(2, 1), l3 = GML_BIAS(3, 0), h3 = GML_BIAS(3, 1);
#undef GML_BIAS
  const unsigned char *b = block + 64;
  const __m256i flip = _mm256_set1_epi8((char)0x80);
  for (size_t k = 0; k < kc; k += 4, b += 64) {
    const __m256i x = gml_vnni_load_a(a + k, 0, flip);
#define GML_BLOCK(i)                                                              \
  if (blocks > i) {                                                               \
    const unsigned char *w = b + i * block_size;                                  \
    l##i = _mm256_dpbusd_epi32(l##i, x, _mm256_loadu_si256((const __m256i *)w));  \
    h##i = _mm256_dpbusd_epi32(h##i, x, _mm256_loadu_si256((const __m256i *)(w + 32))); \
  }
    GML_BLOCK(0) GML_BLOCK(1) GML_BLOCK(2) GML_BLOCK(3)
#undef GML_BLOCK
  }
  __m256i acc[4][2] = {{l0, h0}, {l1, h1}, {l2, h2}, {l3, h3}};
  const size_t rq_offset = gml_qs8_block_requant_offset(GML_QS8_LAYOUT_C4X16_U8, kc);
  for (size_t i = 0; i < blocks; i++) {
    const unsigned char *rq = block + i * block_size + rq_offset;
    int8_t *out = c + 16 * i;
    size_t count = nc - 16 * i < 16 ? nc - 16 * i : 16;
    gml_vnni_requantize_store16(&acc[i], 1, 2, rq, &out, 0, count, params);
  }
}

__attribute__((target(GML_VNNI_TARGET))) void gml_qs8_gemm_1x16c4_avx512vnni(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params) {
  (void)mr;
  (void)a_stride;
  (void)c_stride;
  const unsigned char *block = (const unsigned char *)w;
  const size_t block_size = gml_qs8_block_size(GML_QS8_LAYOUT_C4X16_U8, kc, params->kind);
  size_t n0 = 0;
  for (; n0 + 48 < nc; n0 += 64) {
    blocks_1x16c4(4, nc - n0, kc, a, block, block_size, c + n0, params);
    block += 4 * block_size;
  }
  for (; n0 < nc; n0 += 16) {
    blocks_1x16c4(1, nc - n0, kc, a, block, block_size, c + n0, params);
    block += block_size;
  }
}

#endif
