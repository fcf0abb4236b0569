/*
 * qs8_dwconv_neon.c — AArch64 NEON depthwise microkernel for any filter,
 * 8 channels per step: per tap vmull_s8, then vaddw into two int32x4;
 * then the gemmlowp requantization (vqrdmulh). Channels past the last 8
 * go through the scalar step. (3x3 filters: qs8_dwconv_3x3_neon.c.)
 */
#include "gml_dwconv_elementwise.h"

#if defined(__aarch64__)

#include "qs8_dwconv.h"
#include "qs8_neon.h"

void gml_qs8_dwconv_neon(
    size_t channels, size_t pixels, size_t taps, const int8_t *const *input, size_t input_step,
    const void *w, int8_t *output, const gml_qs8_params *params) {
  const gml_qs8_params p = *params; /* not aliased by the output */
  const size_t block_size = gml_qs8_dwconv_block_size(taps), increment = input_step ? 0 : taps;
  const unsigned char *block = (const unsigned char *)w;
  size_t c0 = 0;
  for (; c0 + 8 <= channels; c0 += 8, block += block_size) {
    const int8_t *k = (const int8_t *)(block + GML_QS8_DWCONV_WEIGHTS);
    const unsigned char *rq = block + GML_QS8_DWCONV_REQUANT;
    const int8_t *const *in = input;
    size_t offset = c0;
    int8_t *out = output + c0;
    for (size_t px = 0; px < pixels; px++) {
      int32x4_t lo = vld1q_s32((const int32_t *)block);
      int32x4_t hi = vld1q_s32((const int32_t *)block + 4);
      for (size_t t = 0; t < taps; t++) {
        int16x8_t product = vmull_s8(vld1_s8(in[t] + offset), vld1_s8(k + 8 * t));
        lo = vaddw_s16(lo, vget_low_s16(product));
        hi = vaddw_high_s16(hi, product);
      }
      gml_neon_store(
          out, gml_neon_requantize(lo, rq, 0, &p), gml_neon_requantize(hi, rq, 4, &p), 8);
      in += increment;
      offset += input_step;
      out += channels;
    }
  }
  if (c0 < channels) {
    for (size_t px = 0, offset = 0; px < pixels; px++, offset += input_step) {
      gml_qs8_dwconv_channels(
          c0, channels - c0, taps, input + px * (input_step ? 0 : taps), offset, block,
          output + px * channels, &p);
    }
  }
}

#endif
