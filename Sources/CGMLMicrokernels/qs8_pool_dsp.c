/*
 * qs8_pool_dsp.c — int8 AveragePool2D of one output pixel on the Cortex-M
 * DSP extension (gml_dsp.h): eight channels a step, each pixel's two
 * words added into four pairs of int16 sums (SXTAB16: channels 0 and 2,
 * 1 and 3; exact for up to 256 pixels, then flushed to int32), then the
 * reference's rounding division per channel. Channels past the last
 * multiple of 8 are summed one by one.
 */
#include "gml_dsp.h"
#include "qs8_dsp.h"

/* Pool2DInt8.fastAverage's rounding division and clamp. */
static int8_t average(int32_t sum, int32_t count, int32_t min, int32_t max) {
  int32_t q = count == 0 ? 0 : sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
  q = q < min ? min : q;
  return (int8_t)(q > max ? max : q);
}

/* Adds int16 pair lanes into int32 sums: s[0] += lo, s[2] += hi. */
static void flush(uint32_t pair, int32_t *s) {
  s[0] += (int16_t)(pair & 0xFFFFu);
  s[2] += (int16_t)(pair >> 16);
}

/* The sums of channels c...c+7 over the window. */
static void sums8(const int8_t *input, size_t row_stride, size_t rows, size_t cols,
                  size_t channels, int32_t *s) {
  for (int j = 0; j < 8; j++) s[j] = 0;
  uint32_t p0 = 0, p1 = 0, p2 = 0, p3 = 0;
  size_t pending = 0;
  for (size_t y = 0; y < rows; y++) {
    const int8_t *p = input + y * row_stride;
    for (size_t x = 0; x < cols; x++, p += channels) {
      uint32_t v0 = gml_dsp_load32(p), v1 = gml_dsp_load32(p + 4);
      p0 = gml_dsp_sxtab16(p0, v0), p1 = gml_dsp_sxtab16_odd(p1, v0);
      p2 = gml_dsp_sxtab16(p2, v1), p3 = gml_dsp_sxtab16_odd(p3, v1);
      if (++pending == 256) {
        flush(p0, s), flush(p1, s + 1), flush(p2, s + 4), flush(p3, s + 5);
        p0 = p1 = p2 = p3 = 0, pending = 0;
      }
    }
  }
  flush(p0, s), flush(p1, s + 1), flush(p2, s + 4), flush(p3, s + 5);
}

void gml_qs8_avgpool_dsp(size_t channels, const int8_t *input, size_t row_stride, size_t rows,
                         size_t cols, int8_t *output, int32_t min, int32_t max) {
  int32_t count = (int32_t)(rows * cols), s[8];
  size_t c = 0;
  for (; c + 8 <= channels; c += 8) {
    sums8(input + c, row_stride, rows, cols, channels, s);
    for (int j = 0; j < 8; j++) output[c + j] = average(s[j], count, min, max);
  }
  for (; c < channels; c++) {
    int32_t sum = 0;
    for (size_t y = 0; y < rows; y++) {
      for (size_t x = 0; x < cols; x++) sum += input[y * row_stride + x * channels + c];
    }
    output[c] = average(sum, count, min, max);
  }
}
