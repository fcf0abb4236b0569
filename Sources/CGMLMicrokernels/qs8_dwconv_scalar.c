/*
 * qs8_dwconv_scalar.c — portable C depthwise microkernel: any taps, one
 * channel at a time, reference requantization. Builds for every target.
 */
#include "gml_dwconv_elementwise.h"
#include "qs8_dwconv.h"

void gml_qs8_dwconv_scalar(
    size_t channels, size_t pixels, size_t taps, const int8_t *const *input, size_t input_step,
    const void *w, int8_t *output, const gml_qs8_params *params) {
  const size_t block_size = gml_qs8_dwconv_block_size(taps);
  const size_t increment = input_step ? 0 : taps;
  size_t offset = 0;
  for (size_t p = 0; p < pixels; p++) {
    const unsigned char *block = (const unsigned char *)w;
    for (size_t c0 = 0; c0 < channels; c0 += 8) {
      size_t count = channels - c0 < 8 ? channels - c0 : 8;
      gml_qs8_dwconv_channels(c0, count, taps, input, offset, block, output, params);
      block += block_size;
    }
    input += increment;
    offset += input_step;
    output += channels;
  }
}
