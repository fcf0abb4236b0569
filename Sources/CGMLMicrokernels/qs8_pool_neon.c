/*
 * qs8_pool_neon.c — AArch64 NEON int8 AveragePool2D (one output pixel a
 * call) and Mean (over positions an arithmetic progression apart): each
 * channel's sum over the input pixels, 16 channels a step in int16 (saddw,
 * 2 instructions per 16 bytes; flushed to int32 every 256 pixels, before
 * an int16 sum could overflow), then the reference's rounding division or
 * gemmlowp requantization. The last channels go one at a time.
 */
#include "gml_dwconv_elementwise.h"

#if defined(__aarch64__)

#include "qs8_neon.h"

/* The sums of channels c...c + 15 over `count` pixels, pixel r at
   input + c + offset(r): offset(r) = (r / cols) * row_stride + (r % cols)
   * pixel_stride, walked row by row; into sum[0..3] (int32). */
static inline void gml_pool_sums16(
    const int8_t *input, size_t rows, size_t cols, size_t row_stride, size_t pixel_stride,
    int32x4_t *sum) {
  int16x8_t lo = vdupq_n_s16(0), hi = vdupq_n_s16(0);
  size_t pending = 0;
  for (size_t y = 0; y < rows; y++) {
    const int8_t *p = input + y * row_stride;
    for (size_t x = 0; x < cols; x++, p += pixel_stride) {
      int8x16_t v = vld1q_s8(p);
      lo = vaddw_s8(lo, vget_low_s8(v));
      hi = vaddw_high_s8(hi, v);
      if (++pending == 256) {
        sum[0] = vaddw_s16(sum[0], vget_low_s16(lo)), sum[1] = vaddw_high_s16(sum[1], lo);
        sum[2] = vaddw_s16(sum[2], vget_low_s16(hi)), sum[3] = vaddw_high_s16(sum[3], hi);
        lo = hi = vdupq_n_s16(0);
        pending = 0;
      }
    }
  }
  sum[0] = vaddw_s16(sum[0], vget_low_s16(lo)), sum[1] = vaddw_high_s16(sum[1], lo);
  sum[2] = vaddw_s16(sum[2], vget_low_s16(hi)), sum[3] = vaddw_high_s16(sum[3], hi);
}

/* One channel's sum, the scalar way. */
static inline int32_t gml_pool_sum1(
    const int8_t *input, size_t rows, size_t cols, size_t row_stride, size_t pixel_stride) {
  uint32_t s = 0;
  for (size_t y = 0; y < rows; y++) {
    for (size_t x = 0; x < cols; x++) s += (uint32_t)input[y * row_stride + x * pixel_stride];
  }
  return (int32_t)s;
}

/* Pool2DInt8.fastAverage's rounding division and clamp. */
static inline int8_t gml_pool_average(int32_t sum, int32_t count, int32_t min, int32_t max) {
  int32_t q = count == 0 ? 0 : sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
  q = q < min ? min : q;
  return (int8_t)(q > max ? max : q);
}

void gml_qs8_avgpool_neon(
    size_t channels, const int8_t *input, size_t row_stride, size_t rows, size_t cols,
    int8_t *output, int32_t min, int32_t max) {
  const int32_t count = (int32_t)(rows * cols);
  size_t c = 0;
  for (; c + 16 <= channels; c += 16) {
    int32x4_t sum[4] = {vdupq_n_s32(0), vdupq_n_s32(0), vdupq_n_s32(0), vdupq_n_s32(0)};
    gml_pool_sums16(input + c, rows, cols, row_stride, channels, sum);
    int32_t s[16];
    for (int q = 0; q < 4; q++) vst1q_s32(s + 4 * q, sum[q]);
    for (int j = 0; j < 16; j++) output[c + j] = gml_pool_average(s[j], count, min, max);
  }
  for (; c < channels; c++) {
    output[c] = gml_pool_average(
        gml_pool_sum1(input + c, rows, cols, row_stride, channels), count, min, max);
  }
}

void gml_qs8_mean_neon(
    size_t channels, const int8_t *input, size_t count, size_t step, int32_t zero_sum,
    int32_t multiplier, int32_t shift, int32_t zero_point, int8_t *output) {
  const int32_t left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
  int32_t rq[24]; /* gml_neon_gemmlowp's fields: multiplier, left, right */
  for (int i = 0; i < 8; i++) rq[i] = multiplier, rq[8 + i] = left, rq[16 + i] = right;
  const int32x4_t zero = vdupq_n_s32(zero_sum), zp = vdupq_n_s32(zero_point);
  const int32x4_t lo = vdupq_n_s32(-128), hi = vdupq_n_s32(127);
  size_t c = 0;
  for (; c + 16 <= channels; c += 16) {
    int32x4_t sum[4] = {vdupq_n_s32(0), vdupq_n_s32(0), vdupq_n_s32(0), vdupq_n_s32(0)};
    gml_pool_sums16(input + c, 1, count, 0, step, sum);
    int32x4_t y[4];
    for (int q = 0; q < 4; q++) {
      int32x4_t v = vaddq_s32(gml_neon_gemmlowp(vsubq_s32(sum[q], zero), rq), zp);
      y[q] = vminq_s32(vmaxq_s32(v, lo), hi);
    }
    int16x8_t h0 = vcombine_s16(vmovn_s32(y[0]), vmovn_s32(y[1]));
    int16x8_t h1 = vcombine_s16(vmovn_s32(y[2]), vmovn_s32(y[3]));
    vst1q_s8(output + c, vcombine_s8(vmovn_s16(h0), vmovn_s16(h1)));
  }
  for (; c < channels; c++) {
    int32_t s = (int32_t)((uint32_t)gml_pool_sum1(input + c, 1, count, 0, step) -
                          (uint32_t)zero_sum);
    int32_t q = (int32_t)((uint32_t)gml_qs8_gemmlowp(s, multiplier, left, right) +
                          (uint32_t)zero_point);
    output[c] = (int8_t)(q < -128 ? -128 : q > 127 ? 127 : q);
  }
}

#endif
