/*
 * qs8_dwconv_avx512vnni.c — AVX-512 VNNI depthwise microkernel for any
 * filter, 16 channels (two packed blocks) per step in zmm registers, the
 * taps in pairs: each channel's two int16 lanes hold the pair's two input
 * bytes (vpunpck, then sign-extended), so one vpdpwssd adds both taps'
 * products into the channel's int32 lane. The pairs' weights are
 * interleaved the same way once per group, on the stack (filters of up
 * to 2 * GML_DWP_PAIRS taps; larger ones run the AVX2 kernel). The
 * requantization is qs8_avx512.h's; a last group of fewer than 16
 * channels runs with masked loads and stores.
 */
#include "gml_dwconv_elementwise.h"

#if defined(__x86_64__)

#include "qs8_dwconv_avx512.h"

/* Tap pairs the stack holds: 7x7 filters. */
enum { GML_DWP_PAIRS = 25 };

/* Tap t's 16 weights: block 0's 8 channels, then block 1's. */
GML_VNNI __m128i gml_dwp_taps(const int8_t *k0, const int8_t *k1, size_t t) {
  return _mm_unpacklo_epi64(_mm_loadl_epi64((const __m128i *)(k0 + 8 * t)),
                            _mm_loadl_epi64((const __m128i *)(k1 + 8 * t)));
}

/* a and b's 16 bytes interleaved per channel (a0 b0 a1 b1 ...), as int16. */
GML_VNNI __m512i gml_dwp_pair(__m128i a, __m128i b) {
  return _mm512_cvtepi8_epi16(_mm256_inserti128_si256(
      _mm256_castsi128_si256(_mm_unpacklo_epi8(a, b)), _mm_unpackhi_epi8(a, b), 1));
}

/* 16 bytes at p, or the group's channels of them (the rest 0). */
GML_VNNI __m128i gml_dwp_row(const int8_t *p, __mmask16 lanes, int full) {
  return full ? _mm_loadu_si128((const __m128i *)p) : _mm_maskz_loadu_epi8(lanes, p);
}

/* Loads the group of `count` (1...16) channels from block b0 (and b1, the
   next block, when count > 8), its `pairs` pairs of taps' weights into w
   (a last odd tap against zeros). */
GML_VNNI void gml_dwp_load(
    gml_dw_group *g, __m512i *w, const unsigned char *b0, size_t count, size_t taps,
    size_t block_size, const gml_qs8_params *params) {
  const unsigned char *b1 = count > 8 ? b0 + block_size : b0;
  const int8_t *k0 = (const int8_t *)(b0 + GML_QS8_DWCONV_WEIGHTS);
  const int8_t *k1 = (const int8_t *)(b1 + GML_QS8_DWCONV_WEIGHTS);
  for (size_t t = 0; t < taps; t += 2) {
    __m128i second = t + 1 < taps ? gml_dwp_taps(k0, k1, t + 1) : _mm_setzero_si128();
    w[t / 2] = gml_dwp_pair(gml_dwp_taps(k0, k1, t), second);
  }
  *g = gml_dw_group_load(b0, b1, count, params);
}

/* The group's pixels: tap t of pixel px at in[t] + offset (in advancing
   by `increment` pointers and offset by input_step a pixel). `full`: all
   16 channels, one rounding. */
GML_VNNI void gml_dwp_run(
    size_t channels, size_t pixels, size_t taps, const int8_t *const *in, size_t increment,
    size_t input_step, size_t offset, const __m512i *w, const gml_dw_group *g, int8_t *out,
    int full) {
  for (size_t px = 0; px < pixels; px++, in += increment, offset += input_step, out += channels) {
    __m512i acc = g->bias;
    for (size_t t = 0; t < taps; t += 2) {
      __m128i a = gml_dwp_row(in[t] + offset, g->lanes, full);
      __m128i b = t + 1 < taps ? gml_dwp_row(in[t + 1] + offset, g->lanes, full)
                               : _mm_setzero_si128();
      acc = _mm512_dpwssd_epi32(acc, gml_dwp_pair(a, b), w[t / 2]);
    }
    if (full) {
      _mm_storeu_si128((__m128i *)out,
                       gml_avx512_narrow(gml_avx512_rq_wide(acc, &g->rq), g->lo, g->hi));
    } else {
      _mm_mask_storeu_epi8(
          out, g->lanes, gml_avx512_narrow(gml_avx512_rq_apply(acc, &g->rq), g->lo, g->hi));
    }
  }
}

__attribute__((target(GML_VNNI_TARGET))) void gml_qs8_dwconv_avx512vnni(
    size_t channels, size_t pixels, size_t taps, const int8_t *const *input, size_t input_step,
    const void *w, int8_t *output, const gml_qs8_params *params) {
  if (taps > 2 * GML_DWP_PAIRS) {
    gml_qs8_dwconv_avx2(channels, pixels, taps, input, input_step, w, output, params);
    return;
  }
  const size_t block_size = gml_qs8_dwconv_block_size(taps), increment = input_step ? 0 : taps;
  const unsigned char *block = (const unsigned char *)w;
  __m512i weights[GML_DWP_PAIRS];
  for (size_t c0 = 0; c0 < channels; c0 += 16, block += 2 * block_size) {
    const size_t count = channels - c0 < 16 ? channels - c0 : 16;
    gml_dw_group g;
    gml_dwp_load(&g, weights, block, count, taps, block_size, params);
    if (count == 16 && g.rq.is_wide) {
      gml_dwp_run(channels, pixels, taps, input, increment, input_step, c0, weights, &g,
                  output + c0, 1);
    } else {
      gml_dwp_run(channels, pixels, taps, input, increment, input_step, c0, weights, &g,
                  output + c0, 0);
    }
  }
}

#endif
