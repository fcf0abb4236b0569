/*
 * qs8_conv_8x16c4_avx512vnni.c — AVX-512 VNNI direct Conv2D tile, 8 output
 * pixels x 16 channels (gml_conv.h): the 8x16c4 GEMM tile's loop, each
 * pixel's 4 bytes read at its window's origin plus the filter row's
 * offset, so no window is copied. Weights in GML_QS8_LAYOUT_C4X16_U8.
 * The _u8 entry reads a padded copy whose bytes are already a + 128
 * (gml_qs8_conv_pad's flip 0x80), so its loop has no vpxor per row (ResNet-8
 * on Zen 4: 81.2 -> 78.5 us).
 */
#include "gml_conv.h"

#if defined(__x86_64__)

#include "qs8_vnni.h"

#define MR 8

/* The tile on `halves` (1 or 2) halves of each 16-channel block: one when
   the block holds at most 8 channels, so narrow layers do half the work.
   Each row's pointer is its own variable (an array of them, indexed in
   the loops, made clang keep the 16 accumulators on the stack); `flipped`:
   the bytes read are already a + 128. */
GML_VNNI void conv_block(
    size_t halves, int flipped, const int8_t *const *rows, const ptrdiff_t *offsets,
    size_t filter_rows, size_t row_bytes4, const unsigned char *block, const unsigned char *rq,
    int8_t *const *out, size_t n0, size_t count, const gml_qs8_params *params) {
  const __m256i flip = _mm256_set1_epi8((char)0x80);
  const __m256i bias_lo = _mm256_loadu_si256((const __m256i *)block);
  const __m256i bias_hi = _mm256_loadu_si256((const __m256i *)(block + 32));
  __m256i lo0 = bias_lo, lo1 = bias_lo, lo2 = bias_lo, lo3 = bias_lo;
  __m256i lo4 = bias_lo, lo5 = bias_lo, lo6 = bias_lo, lo7 = bias_lo;
  __m256i hi0 = bias_hi, hi1 = bias_hi, hi2 = bias_hi, hi3 = bias_hi;
  __m256i hi4 = bias_hi, hi5 = bias_hi, hi6 = bias_hi, hi7 = bias_hi;
  const unsigned char *b = block + 64;
  for (size_t t = 0; t < filter_rows; t++) {
    const ptrdiff_t o = offsets[t];
    const int8_t *p0 = rows[0] + o, *p1 = rows[1] + o, *p2 = rows[2] + o, *p3 = rows[3] + o;
    const int8_t *p4 = rows[4] + o, *p5 = rows[5] + o, *p6 = rows[6] + o, *p7 = rows[7] + o;
    for (size_t k = 0; k < row_bytes4; k += 4) {
      const __m256i w_lo = _mm256_loadu_si256((const __m256i *)b);
      const __m256i w_hi = _mm256_loadu_si256((const __m256i *)(b + 32));
#define GML_ROW(i)                                              \
  {                                                             \
    const __m256i x = gml_vnni_load_a(p##i + k, flipped, flip); \
    lo##i = _mm256_dpbusd_epi32(lo##i, x, w_lo);                \
    if (halves == 2) hi##i = _mm256_dpbusd_epi32(hi##i, x, w_hi); \
  }
      GML_ROW(0) GML_ROW(1) GML_ROW(2) GML_ROW(3) GML_ROW(4) GML_ROW(5) GML_ROW(6) GML_ROW(7)
#undef GML_ROW
      b += 64;
    }
  }
  __m256i acc[MR][2] = {{lo0, hi0}, {lo1, hi1}, {lo2, hi2}, {lo3, hi3},
                        {lo4, hi4}, {lo5, hi5}, {lo6, hi6}, {lo7, hi7}};
  gml_vnni_requantize_store16(acc, MR, halves, rq, out, n0, count, params);
}

/* The tile over every block, `flipped` a constant where inlined. */
GML_VNNI void conv_blocks(
    int flipped, size_t mr, size_t nc, size_t kc, const int8_t *const *origins,
    const ptrdiff_t *offsets, size_t filter_rows, size_t row_bytes4, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params) {
  const int8_t *rows[MR];
  int8_t *out[MR];
  for (size_t r = 0; r < MR; r++) {
    size_t used = r < mr ? r : mr - 1;
    rows[r] = origins[used];
    out[r] = c + used * c_stride;
  }
  const unsigned char *block = (const unsigned char *)w;
  const size_t block_size = gml_qs8_block_size(GML_QS8_LAYOUT_C4X16_U8, kc, params->kind);
  const size_t rq_offset = gml_qs8_block_requant_offset(GML_QS8_LAYOUT_C4X16_U8, kc);
  for (size_t n0 = 0; n0 < nc; n0 += 16) {
    size_t count = nc - n0 < 16 ? nc - n0 : 16;
    const unsigned char *rq = block + rq_offset;
    if (count <= 8) {
      conv_block(1, flipped, rows, offsets, filter_rows, row_bytes4, block, rq, out, n0, count,
                 params);
    } else {
      conv_block(2, flipped, rows, offsets, filter_rows, row_bytes4, block, rq, out, n0, count,
                 params);
    }
    block += block_size;
  }
}

__attribute__((target(GML_VNNI_TARGET))) void gml_qs8_conv_8x16c4_avx512vnni(
    size_t mr, size_t nc, size_t kc, const int8_t *const *origins, const ptrdiff_t *offsets,
    size_t filter_rows, size_t row_bytes4, const void *w, int8_t *c, size_t c_stride,
    const gml_qs8_params *params) {
  conv_blocks(0, mr, nc, kc, origins, offsets, filter_rows, row_bytes4, w, c, c_stride, params);
}

__attribute__((target(GML_VNNI_TARGET))) void gml_qs8_conv_8x16c4_avx512vnni_u8(
    size_t mr, size_t nc, size_t kc, const int8_t *const *origins, const ptrdiff_t *offsets,
    size_t filter_rows, size_t row_bytes4, const void *w, int8_t *c, size_t c_stride,
    const gml_qs8_params *params) {
  conv_blocks(1, mr, nc, kc, origins, offsets, filter_rows, row_bytes4, w, c, c_stride, params);
}

#endif
