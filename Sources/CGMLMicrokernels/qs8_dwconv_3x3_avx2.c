/*
 * qs8_dwconv_3x3_avx2.c — AVX2 3x3 depthwise microkernel, 8 channels per
 * step. A block's weights (rows 0 and 1 as int16 tap pairs for vpmaddwd,
 * row 2 as int32 for vpmulld) and requantization constants stay in
 * registers while it runs every pixel of the run. Stride 1 and 2 runs
 * (dilation 1, inside the image) slide along the row: each input column
 * is loaded and widened once and used by every pixel that reads it; other
 * pixels gather their 9 taps. Channels past the last 8 go through the
 * scalar step.
 */
#include "gml_dwconv_elementwise.h"

#if defined(__x86_64__)

#include "qs8_dwconv_avx2.h"

/* One block over a run of stride-1 pixels: the columns slide, so each
   input column is loaded and widened once (rows 0 and 1 as an int16
   pair, row 2 as int32) and used by the three pixels that read it. */
GML_AVX2 void gml_qs8_dwconv_3x3s1_block(
    size_t pixels, const int8_t *r0, const int8_t *r1, const int8_t *r2, size_t step,
    const unsigned char *block, int8_t *out, const gml_qs8_params *params) {
  const int8_t *k = (const int8_t *)(block + GML_QS8_DWCONV_WEIGHTS);
  const __m256i w0 = gml_avx2_dw_pair(k, k + 24), w1 = gml_avx2_dw_pair(k + 8, k + 32);
  const __m256i w2 = gml_avx2_dw_pair(k + 16, k + 40);
  const __m256i v0 = gml_avx2_dw_load(k + 48), v1 = gml_avx2_dw_load(k + 56);
  const __m256i v2 = gml_avx2_dw_load(k + 64);
  const __m256i bias = _mm256_loadu_si256((const __m256i *)block);
  const gml_avx2_dw_requant r = gml_avx2_dw_requant_load(block, params);
  __m256i p0 = gml_avx2_dw_pair(r0, r1), q0 = gml_avx2_dw_load(r2);
  __m256i p1 = gml_avx2_dw_pair(r0 + step, r1 + step), q1 = gml_avx2_dw_load(r2 + step);
  for (size_t px = 0, offset = 2 * step; px < pixels; px++, offset += step) {
    __m256i p2 = gml_avx2_dw_pair(r0 + offset, r1 + offset), q2 = gml_avx2_dw_load(r2 + offset);
    __m256i acc = _mm256_add_epi32(
        _mm256_add_epi32(_mm256_madd_epi16(p0, w0), _mm256_madd_epi16(p1, w1)),
        _mm256_add_epi32(_mm256_madd_epi16(p2, w2), _mm256_mullo_epi32(q0, v0)));
    acc = _mm256_add_epi32(
        _mm256_add_epi32(acc, bias),
        _mm256_add_epi32(_mm256_mullo_epi32(q1, v1), _mm256_mullo_epi32(q2, v2)));
    gml_avx2_dw_requant_store(acc, &r, out);
    out += step;
    p0 = p1, p1 = p2, q0 = q1, q1 = q2;
  }
}

/* One block over a run of stride-2 pixels: pixel p reads columns 2p,
   2p + 1 and 2p + 2, so the last is the next pixel's first and is loaded
   and widened once. */
GML_AVX2 void gml_qs8_dwconv_3x3s2_block(
    size_t pixels, const int8_t *r0, const int8_t *r1, const int8_t *r2, size_t column,
    const unsigned char *block, int8_t *out, const gml_qs8_params *params) {
  const int8_t *k = (const int8_t *)(block + GML_QS8_DWCONV_WEIGHTS);
  const __m256i w0 = gml_avx2_dw_pair(k, k + 24), w1 = gml_avx2_dw_pair(k + 8, k + 32);
  const __m256i w2 = gml_avx2_dw_pair(k + 16, k + 40);
  const __m256i v0 = gml_avx2_dw_load(k + 48), v1 = gml_avx2_dw_load(k + 56);
  const __m256i v2 = gml_avx2_dw_load(k + 64);
  const __m256i bias = _mm256_loadu_si256((const __m256i *)block);
  const gml_avx2_dw_requant r = gml_avx2_dw_requant_load(block, params);
  __m256i p0 = gml_avx2_dw_pair(r0, r1), q0 = gml_avx2_dw_load(r2);
  for (size_t px = 0, offset = column; px < pixels; px++, offset += 2 * column) {
    __m256i p1 = gml_avx2_dw_pair(r0 + offset, r1 + offset), q1 = gml_avx2_dw_load(r2 + offset);
    size_t next = offset + column;
    __m256i p2 = gml_avx2_dw_pair(r0 + next, r1 + next), q2 = gml_avx2_dw_load(r2 + next);
    __m256i acc = _mm256_add_epi32(
        _mm256_add_epi32(_mm256_madd_epi16(p0, w0), _mm256_madd_epi16(p1, w1)),
        _mm256_add_epi32(_mm256_madd_epi16(p2, w2), _mm256_mullo_epi32(q0, v0)));
    acc = _mm256_add_epi32(
        _mm256_add_epi32(acc, bias),
        _mm256_add_epi32(_mm256_mullo_epi32(q1, v1), _mm256_mullo_epi32(q2, v2)));
    gml_avx2_dw_requant_store(acc, &r, out);
    out += column;
    p0 = p2, q0 = q2;
  }
}

__attribute__((target("avx2"))) void gml_qs8_dwconv_3x3_avx2(
    size_t channels, size_t pixels, size_t taps, const int8_t *const *input, size_t input_step,
    const void *w, int8_t *output, const gml_qs8_params *params) {
  (void)taps;
  const size_t block_size = gml_qs8_dwconv_block_size(9), increment = input_step ? 0 : 9;
  /* Stride 1 or 2, dilation 1, in step mode: the sliding kernels. */
  const int dense = (input_step == channels || input_step == 2 * channels) &&
                    gml_qs8_dwconv_dense_3x3(input, channels);
  const unsigned char *block = (const unsigned char *)w;
  size_t c0 = 0;
  for (; c0 + 8 <= channels; c0 += 8, block += block_size) {
    if (dense && input_step == channels) {
      gml_qs8_dwconv_3x3s1_block(
          pixels, input[0] + c0, input[3] + c0, input[6] + c0, channels, block, output + c0,
          params);
      continue;
    }
    if (dense) {
      gml_qs8_dwconv_3x3s2_block(
          pixels, input[0] + c0, input[3] + c0, input[6] + c0, channels, block, output + c0,
          params);
      continue;
    }
    const int8_t *k = (const int8_t *)(block + GML_QS8_DWCONV_WEIGHTS);
    const __m256i w01 = gml_avx2_dw_pair(k, k + 8), w23 = gml_avx2_dw_pair(k + 16, k + 24);
    const __m256i w45 = gml_avx2_dw_pair(k + 32, k + 40), w67 = gml_avx2_dw_pair(k + 48, k + 56);
    const __m256i w8 = gml_avx2_dw_load(k + 64);
    const __m256i bias = _mm256_loadu_si256((const __m256i *)block);
    const gml_avx2_dw_requant r = gml_avx2_dw_requant_load(block, params);
    const int8_t *const *in = input;
    size_t offset = c0;
    int8_t *out = output + c0;
    for (size_t px = 0; px < pixels; px++) {
      __m256i x01 = gml_avx2_dw_pair(in[0] + offset, in[1] + offset);
      __m256i x23 = gml_avx2_dw_pair(in[2] + offset, in[3] + offset);
      __m256i x45 = gml_avx2_dw_pair(in[4] + offset, in[5] + offset);
      __m256i x67 = gml_avx2_dw_pair(in[6] + offset, in[7] + offset);
      __m256i x8 = gml_avx2_dw_load(in[8] + offset);
      __m256i acc = _mm256_add_epi32(
          _mm256_add_epi32(_mm256_madd_epi16(x01, w01), _mm256_madd_epi16(x23, w23)),
          _mm256_add_epi32(_mm256_madd_epi16(x45, w45), _mm256_madd_epi16(x67, w67)));
      acc = _mm256_add_epi32(acc, _mm256_add_epi32(bias, _mm256_mullo_epi32(x8, w8)));
      gml_avx2_dw_requant_store(acc, &r, out);
      in += increment;
      offset += input_step;
      out += channels;
    }
  }
  if (c0 < channels) {
    gml_qs8_dwconv_avx2_tail(channels, pixels, 9, input, input_step, block, output, params);
  }
}

#endif
