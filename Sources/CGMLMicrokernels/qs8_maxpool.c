/*
 * qs8_maxpool.c — int8 MaxPool2D of one output pixel in portable C, for
 * x86-64 and AArch64 (32-bit Arm runs gml_qs8_maxpool_dsp): sixteen
 * channels a step in a local array the compiler keeps in one vector
 * register (PMAXSB or its SSE2 form, SMAX), the window's pixels walked
 * row by row; the last channels one at a time.
 */
#include "gml_dwconv_elementwise.h"

static inline int8_t max8(int8_t a, int8_t b) { return a > b ? a : b; }

static inline int8_t clamp8(int8_t v, int32_t min, int32_t max) {
  int32_t y = v < min ? min : v;
  return (int8_t)(y > max ? max : y);
}

void gml_qs8_maxpool(size_t channels, const int8_t *input, size_t row_stride, size_t rows,
                     size_t cols, int8_t *output, int32_t min, int32_t max) {
  size_t c = 0;
  for (; c + 16 <= channels; c += 16) {
    int8_t m[16];
    for (int j = 0; j < 16; j++) m[j] = -128;
    for (size_t y = 0; y < rows; y++) {
      const int8_t *p = input + y * row_stride + c;
      for (size_t x = 0; x < cols; x++, p += channels) {
        for (int j = 0; j < 16; j++) m[j] = max8(m[j], p[j]);
      }
    }
    for (int j = 0; j < 16; j++) output[c + j] = clamp8(m[j], min, max);
  }
  for (; c < channels; c++) {
    int8_t m = -128;
    for (size_t y = 0; y < rows; y++) {
      for (size_t x = 0; x < cols; x++) m = max8(m, input[y * row_stride + x * channels + c]);
    }
    output[c] = clamp8(m, min, max);
  }
}
