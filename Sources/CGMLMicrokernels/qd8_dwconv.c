/*
 * qd8_dwconv.c — gml_qd8_dwconv_portable (gml_f32.h): the hybrid
 * depthwise convolution, the reference kernel's integer sums and float
 * arithmetic to the bit, with the channels as the inner loop for the
 * compiler to vectorize (AVX2's own: qd8_dwconv_avx2.c).
 * And gml_qd8_conv_output_* and gml_qd8_fc_output_*: the hybrid Conv2D's
 * and FullyConnected's float outputs from their integer sums, in their
 * references' float steps.
 */
#include "gml_f32.h"
#include "f32_dwconv_taps.h"

/* (float)acc * s * scale + bias must round at each step, as the
   reference's Swift does: no fused multiply-add. */
#pragma STDC FP_CONTRACT OFF

/* Channels a pass: the int32 sums stay on the stack. */
#define QD8_DW_BLOCK 64

static inline __attribute__((always_inline)) void qd8_dwconv(
    const gml_window_params *p, const int8_t *q, int32_t zero_point, const int8_t *filter,
    const float *filter_scales, size_t scale_step, float input_scale, const float *bias,
    float *output) {
  const size_t cc = p->channels;
  const float lo = p->lo, hi = p->hi;
  const int16_t zp16 = (int16_t)zero_point;
  uint32_t acc[QD8_DW_BLOCK];
  for (size_t oy = 0; oy < p->output_h; oy++) {
    ptrdiff_t origin_y = (ptrdiff_t)(oy * p->stride_h) - p->pad_top;
    size_t ky0, ky1;
    gml_f32_taps_inside(origin_y, p->dilation_h, p->input_h, p->filter_h, &ky0, &ky1);
    for (size_t ox = 0; ox < p->output_w; ox++) {
      ptrdiff_t origin_x = (ptrdiff_t)(ox * p->stride_w) - p->pad_left;
      size_t kx0, kx1;
      gml_f32_taps_inside(origin_x, p->dilation_w, p->input_w, p->filter_w, &kx0, &kx1);
      float *out = output + (oy * p->output_w + ox) * cc;
      for (size_t c0 = 0; c0 < cc; c0 += QD8_DW_BLOCK) {
        size_t width = cc - c0 < QD8_DW_BLOCK ? cc - c0 : QD8_DW_BLOCK;
        for (size_t c = 0; c < width; c++) acc[c] = 0;
        for (size_t ky = ky0; ky < ky1; ky++) {
          size_t iy = (size_t)(origin_y + (ptrdiff_t)(ky * p->dilation_h));
          for (size_t kx = kx0; kx < kx1; kx++) {
            size_t ix = (size_t)(origin_x + (ptrdiff_t)(kx * p->dilation_w));
            const int8_t *restrict in = q + (iy * p->input_w + ix) * cc + c0;
            const int8_t *restrict w = filter + (ky * p->filter_w + kx) * cc + c0;
            /* |w| <= 128 and |q - zp| <= 255: the product fits int16. */
            for (size_t c = 0; c < width; c++) {
              int16_t d = (int16_t)((int16_t)in[c] - zp16);
              acc[c] += (uint32_t)(int32_t)(int16_t)((int16_t)w[c] * d);
            }
          }
        }
        float scaled[QD8_DW_BLOCK];
        if (scale_step) {
          const float *fs = filter_scales + c0;
          for (size_t c = 0; c < width; c++) scaled[c] = (float)(int32_t)acc[c] * fs[c];
        } else {
          const float fs = filter_scales[0];
          for (size_t c = 0; c < width; c++) scaled[c] = (float)(int32_t)acc[c] * fs;
        }
        for (size_t c = 0; c < width; c++) {
          float v = scaled[c] * input_scale;
          v = bias ? v + bias[c0 + c] : v;
          v = lo >= v ? lo : v;
          out[c0 + c] = hi < v ? hi : v;
        }
      }
    }
  }
}

void gml_qd8_dwconv_portable(const gml_window_params *p, const int8_t *q, int32_t zero_point,
                             const int8_t *filter, const float *filter_scales, size_t scale_step,
                             float input_scale, const float *bias, float *output) {
  qd8_dwconv(p, q, zero_point, filter, filter_scales, scale_step, input_scale, bias, output);
}


/* One row of the hybrid Conv2D's outputs; `per_channel` and `has_bias`
   are constants at each call, so every variant is a plain loop the
   compiler vectorizes, each element in the reference's float steps. */
static inline __attribute__((always_inline)) void qd8_output_row(
    const int32_t *s, size_t n, const int32_t *row_sums, int32_t zero_point,
    const float *filter_scales, int per_channel, float input_scale, const float *bias,
    int has_bias, float lo, float hi, float *o) {
  for (size_t c = 0; c < n; c++) {
    uint32_t acc = (uint32_t)s[c] - (uint32_t)row_sums[c] * (uint32_t)zero_point;
    float v = (float)(int32_t)acc * filter_scales[per_channel ? c : 0];
    v = v * input_scale;
    v = has_bias ? v + bias[c] : v;
    v = lo >= v ? lo : v;
    o[c] = hi < v ? hi : v;
  }
}

static inline __attribute__((always_inline)) void qd8_conv_output(
    const int32_t *sums, size_t rows, size_t n, const int32_t *row_sums, int32_t zero_point,
    const float *filter_scales, size_t scale_step, float input_scale, const float *bias,
    float lo, float hi, float *out) {
  for (size_t r = 0; r < rows; r++) {
    const int32_t *s = sums + r * n;
    float *o = out + r * n;
    if (scale_step && bias) {
      qd8_output_row(s, n, row_sums, zero_point, filter_scales, 1, input_scale, bias, 1, lo, hi,
                     o);
    } else if (scale_step) {
      qd8_output_row(s, n, row_sums, zero_point, filter_scales, 1, input_scale, bias, 0, lo, hi,
                     o);
    } else if (bias) {
      qd8_output_row(s, n, row_sums, zero_point, filter_scales, 0, input_scale, bias, 1, lo, hi,
                     o);
    } else {
      qd8_output_row(s, n, row_sums, zero_point, filter_scales, 0, input_scale, bias, 0, lo, hi,
                     o);
    }
  }
}

/* One row of the hybrid FullyConnected's outputs: the scales' product
   first, as its reference multiplies them. */
static inline __attribute__((always_inline)) void qd8_fc_output(
    const int32_t *s, size_t n, const int32_t *row_sums, int32_t zero_point,
    const float *weight_scales, size_t scale_step, float input_scale, const float *bias,
    float lo, float hi, float *o) {
  for (size_t c = 0; c < n; c++) {
    uint32_t acc = (uint32_t)s[c] - (uint32_t)row_sums[c] * (uint32_t)zero_point;
    float v = (float)(int32_t)acc * (input_scale * weight_scales[scale_step ? c : 0]);
    v = bias ? v + bias[c] : v;
    v = lo >= v ? lo : v;
    o[c] = hi < v ? hi : v;
  }
}

void gml_qd8_fc_output_portable(const int32_t *sums, size_t n, const int32_t *row_sums,
                                int32_t zero_point, const float *weight_scales, size_t scale_step,
                                float input_scale, const float *bias, float lo, float hi,
                                float *out) {
  qd8_fc_output(sums, n, row_sums, zero_point, weight_scales, scale_step, input_scale, bias, lo,
                hi, out);
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) void gml_qd8_fc_output_avx2(
    const int32_t *sums, size_t n, const int32_t *row_sums, int32_t zero_point,
    const float *weight_scales, size_t scale_step, float input_scale, const float *bias,
    float lo, float hi, float *out) {
  qd8_fc_output(sums, n, row_sums, zero_point, weight_scales, scale_step, input_scale, bias, lo,
                hi, out);
}
#else
void gml_qd8_fc_output_avx2(const int32_t *sums, size_t n, const int32_t *row_sums,
                            int32_t zero_point, const float *weight_scales, size_t scale_step,
                            float input_scale, const float *bias, float lo, float hi, float *out) {
  qd8_fc_output(sums, n, row_sums, zero_point, weight_scales, scale_step, input_scale, bias, lo,
                hi, out);
}
#endif

void gml_qd8_conv_output_portable(const int32_t *sums, size_t rows, size_t n,
                                  const int32_t *row_sums, int32_t zero_point,
                                  const float *filter_scales, size_t scale_step,
                                  float input_scale, const float *bias, float lo, float hi,
                                  float *out) {
  qd8_conv_output(sums, rows, n, row_sums, zero_point, filter_scales, scale_step, input_scale,
                  bias, lo, hi, out);
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) void gml_qd8_conv_output_avx2(
    const int32_t *sums, size_t rows, size_t n, const int32_t *row_sums, int32_t zero_point,
    const float *filter_scales, size_t scale_step, float input_scale, const float *bias,
    float lo, float hi, float *out) {
  qd8_conv_output(sums, rows, n, row_sums, zero_point, filter_scales, scale_step, input_scale,
                  bias, lo, hi, out);
}
#else
void gml_qd8_conv_output_avx2(const int32_t *sums, size_t rows, size_t n,
                              const int32_t *row_sums, int32_t zero_point,
                              const float *filter_scales, size_t scale_step, float input_scale,
                              const float *bias, float lo, float hi, float *out) {
  qd8_conv_output(sums, rows, n, row_sums, zero_point, filter_scales, scale_step, input_scale,
                  bias, lo, hi, out);
}
#endif
