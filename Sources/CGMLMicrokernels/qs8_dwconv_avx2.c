/*
 * qs8_dwconv_avx2.c — AVX2 depthwise microkernel for any filter, 8
 * channels per step: per tap vpmovsxbd, vpmulld, vpaddd, then the gemmlowp
 * requantization on 8 lanes. Channels past the last 8 go through the
 * scalar step.
 */
#include "gml_dwconv_elementwise.h"

#if defined(__x86_64__)

#include "qs8_dwconv_avx2.h"

__attribute__((target("avx2"))) void gml_qs8_dwconv_avx2(
    size_t channels, size_t pixels, size_t taps, const int8_t *const *input, size_t input_step,
    const void *w, int8_t *output, const gml_qs8_params *params) {
  const gml_qs8_params p = *params; /* not aliased by the output */
  const size_t block_size = gml_qs8_dwconv_block_size(taps), increment = input_step ? 0 : taps;
  const unsigned char *block = (const unsigned char *)w;
  size_t c0 = 0;
  for (; c0 + 8 <= channels; c0 += 8, block += block_size) {
    const int8_t *k = (const int8_t *)(block + GML_QS8_DWCONV_WEIGHTS);
    const __m256i bias = _mm256_loadu_si256((const __m256i *)block);
    const int8_t *const *in = input;
    size_t offset = c0;
    int8_t *out = output + c0;
    for (size_t px = 0; px < pixels; px++) {
      __m256i acc = bias;
      for (size_t t = 0; t < taps; t++) {
        __m256i x = gml_avx2_dw_load(in[t] + offset);
        acc = _mm256_add_epi32(acc, _mm256_mullo_epi32(x, gml_avx2_dw_load(k + 8 * t)));
      }
      __m256i y = gml_avx2_requantize(acc, block + GML_QS8_DWCONV_REQUANT, &p);
      gml_avx2_store(out, gml_avx2_narrow(y), 8);
      in += increment;
      offset += input_step;
      out += channels;
    }
  }
  if (c0 < channels) {
    gml_qs8_dwconv_avx2_tail(channels, pixels, taps, input, input_step, block, output, &p);
  }
}

#endif
