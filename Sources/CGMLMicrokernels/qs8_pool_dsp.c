/*
 * qs8_pool_dsp.c — int8 AveragePool2D and MaxPool2D of one output pixel
 * on a Cortex-M (gml_dsp.h). AveragePool2D on the DSP extension: eight
 * channels a step, each pixel's two words added into four pairs of int16
 * sums (SXTAB16: channels 0 and 2, 1 and 3; exact for up to 256 pixels,
 * then flushed to int32), then the reference's rounding division per
 * channel; channels past the last multiple of 8 summed one by one.
 * MaxPool2D: sixteen channels a step in four words, two instructions a
 * word (SSUB8, SEL), then words, then bytes. On Helium (MVE) both take
 * sixteen channels a vector, tail-predicated: VMAX.S8, and for the sums
 * two int16 vectors (VLDRB.S16; flushed like the DSP's).
 */
#include "gml_dsp.h"
#include "qs8_dsp.h"
#if defined(__ARM_FEATURE_MVE)
#include <arm_mve.h>
#endif

/* Pool2DInt8.fastAverage's rounding division and clamp. */
static int8_t average(int32_t sum, int32_t count, int32_t min, int32_t max) {
  int32_t q = count == 0 ? 0 : sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
  q = q < min ? min : q;
  return (int8_t)(q > max ? max : q);
}

#if !defined(__ARM_FEATURE_MVE)
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

static void avgpool(size_t channels, const int8_t *input, size_t row_stride, size_t rows,
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

/* The maxima of `n` (1...4) channels at input, as a word (bytes past n
   are left -128; none past n is read). */
static uint32_t max_word(const int8_t *input, size_t n, size_t row_stride, size_t rows,
                         size_t cols, size_t channels) {
  uint32_t m = 0x80808080u;
  for (size_t y = 0; y < rows; y++) {
    const int8_t *p = input + y * row_stride;
    for (size_t x = 0; x < cols; x++, p += channels) {
      uint32_t v = n == 4 ? gml_dsp_load32(p) : 0x80808080u;
      for (size_t j = 0; n < 4 && j < n; j++) {
        v = (v & ~(0xFFu << (8 * j))) | (uint32_t)(uint8_t)p[j] << (8 * j);
      }
      m = gml_dsp_max8(m, v);
    }
  }
  return m;
}

static void maxpool(size_t channels, const int8_t *input, size_t row_stride, size_t rows,
                    size_t cols, int8_t *output, int32_t min, int32_t max) {
  uint32_t lo = (uint32_t)(uint8_t)min * 0x01010101u, hi = (uint32_t)(uint8_t)max * 0x01010101u;
  size_t c = 0;
  for (; c + 16 <= channels; c += 16) {
    uint32_t m0 = 0x80808080u, m1 = m0, m2 = m0, m3 = m0;
    for (size_t y = 0; y < rows; y++) {
      const int8_t *p = input + y * row_stride + c;
      for (size_t x = 0; x < cols; x++, p += channels) {
        m0 = gml_dsp_max8(m0, gml_dsp_load32(p)), m1 = gml_dsp_max8(m1, gml_dsp_load32(p + 4));
        m2 = gml_dsp_max8(m2, gml_dsp_load32(p + 8)), m3 = gml_dsp_max8(m3, gml_dsp_load32(p + 12));
      }
    }
    uint32_t m[4] = {m0, m1, m2, m3};
    for (int j = 0; j < 4; j++) {
      uint32_t v = gml_dsp_min8(gml_dsp_max8(m[j], lo), hi);
      __builtin_memcpy(output + c + 4 * j, &v, 4);
    }
  }
  for (; c < channels; c += 4) {
    size_t n = channels - c < 4 ? channels - c : 4;
    uint32_t m = max_word(input + c, n, row_stride, rows, cols, channels);
    uint32_t v = gml_dsp_min8(gml_dsp_max8(m, lo), hi);
    for (size_t j = 0; j < n; j++) output[c + j] = (int8_t)(v >> (8 * j));
  }
}
#else
/* Adds two int16 vectors of sums (channels 0-7 and 8-15) into s: even
   lanes (channels 0, 2, ...) and odd ones of each apart. */
static inline void flush16(int16x8_t h0, int16x8_t h1, int32x4_t *s) {
  s[0] = vaddq_s32(s[0], vmovlbq_s16(h0)), s[1] = vaddq_s32(s[1], vmovltq_s16(h0));
  s[2] = vaddq_s32(s[2], vmovlbq_s16(h1)), s[3] = vaddq_s32(s[3], vmovltq_s16(h1));
}

static void avgpool(size_t channels, const int8_t *input, size_t row_stride, size_t rows,
                    size_t cols, int8_t *output, int32_t min, int32_t max) {
  int32_t count = (int32_t)(rows * cols);
  for (size_t c = 0; c < channels; c += 16) {
    size_t n = channels - c < 16 ? channels - c : 16;
    mve_pred16_t p0 = vctp16q((uint32_t)n), p1 = vctp16q(n > 8 ? (uint32_t)(n - 8) : 0u);
    int32x4_t s[4] = {vdupq_n_s32(0), vdupq_n_s32(0), vdupq_n_s32(0), vdupq_n_s32(0)};
    int16x8_t h0 = vdupq_n_s16(0), h1 = h0;
    size_t pending = 0;
    for (size_t y = 0; y < rows; y++) {
      const int8_t *q = input + y * row_stride + c;
      for (size_t x = 0; x < cols; x++, q += channels) {
        h0 = vaddq_s16(h0, vldrbq_z_s16(q, p0)), h1 = vaddq_s16(h1, vldrbq_z_s16(q + 8, p1));
        if (++pending == 256) {
          flush16(h0, h1, s);
          h0 = h1 = vdupq_n_s16(0), pending = 0;
        }
      }
    }
    flush16(h0, h1, s);
    int32_t sums[4][4];
    for (int k = 0; k < 4; k++) vst1q_s32(sums[k], s[k]);
    for (size_t j = 0; j < n; j++) {
      output[c + j] = average(sums[2 * (j / 8) + (j & 1)][(j % 8) / 2], count, min, max);
    }
  }
}

static void maxpool(size_t channels, const int8_t *input, size_t row_stride, size_t rows,
                    size_t cols, int8_t *output, int32_t min, int32_t max) {
  int8x16_t lo = vdupq_n_s8((int8_t)min), hi = vdupq_n_s8((int8_t)max);
  for (size_t c = 0; c < channels; c += 16) {
    mve_pred16_t p = vctp8q((uint32_t)(channels - c));
    int8x16_t m = vdupq_n_s8(-128);
    for (size_t y = 0; y < rows; y++) {
      const int8_t *q = input + y * row_stride + c;
      for (size_t x = 0; x < cols; x++, q += channels) m = vmaxq_s8(m, vldrbq_z_s8(q, p));
    }
    vstrbq_p_s8(output + c, vminq_s8(vmaxq_s8(m, lo), hi), p);
  }
}
#endif

void gml_qs8_avgpool_dsp(size_t channels, const int8_t *input, size_t row_stride, size_t rows,
                         size_t cols, int8_t *output, int32_t min, int32_t max) {
  avgpool(channels, input, row_stride, rows, cols, output, min, max);
}

void gml_qs8_maxpool_dsp(size_t channels, const int8_t *input, size_t row_stride, size_t rows,
                         size_t cols, int8_t *output, int32_t min, int32_t max) {
  maxpool(channels, input, row_stride, rows, cols, output, min, max);
}
