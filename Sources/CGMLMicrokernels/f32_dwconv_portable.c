/*
 * f32_dwconv_portable.c — gml_f32_dwconv_portable (gml_f32.h): the float
 * depthwise convolution on any CPU, bit for bit the reference kernel's
 * sums, with the channel loop innermost for the compiler to vectorize.
 */
#include "gml_f32.h"
#include "f32_dwconv_taps.h"

/* a * b + c must round twice, as the reference's `total += x * w` does:
   a fused multiply-add (AArch64's FMLA) would round once. */
#pragma STDC FP_CONTRACT OFF

void gml_f32_dwconv_portable(const gml_window_params *p, const float *input,
                             const float *filter, const float *bias, float *output) {
  const size_t c_count = p->channels;
  for (size_t oy = 0; oy < p->output_h; oy++) {
    ptrdiff_t origin_y = (ptrdiff_t)(oy * p->stride_h) - p->pad_top;
    size_t ky0, ky1;
    gml_f32_taps_inside(origin_y, p->dilation_h, p->input_h, p->filter_h, &ky0, &ky1);
    for (size_t ox = 0; ox < p->output_w; ox++) {
      ptrdiff_t origin_x = (ptrdiff_t)(ox * p->stride_w) - p->pad_left;
      size_t kx0, kx1;
      gml_f32_taps_inside(origin_x, p->dilation_w, p->input_w, p->filter_w, &kx0, &kx1);
      float *out = output + (oy * p->output_w + ox) * c_count;
      for (size_t c = 0; c < c_count; c++) out[c] = 0;
      for (size_t ky = ky0; ky < ky1; ky++) {
        size_t iy = (size_t)(origin_y + (ptrdiff_t)(ky * p->dilation_h));
        for (size_t kx = kx0; kx < kx1; kx++) {
          size_t ix = (size_t)(origin_x + (ptrdiff_t)(kx * p->dilation_w));
          const float *in = input + (iy * p->input_w + ix) * c_count;
          const float *w = filter + (ky * p->filter_w + kx) * c_count;
          for (size_t c = 0; c < c_count; c++) out[c] = out[c] + in[c] * w[c];
        }
      }
      for (size_t c = 0; c < c_count; c++) {
        float v = bias ? out[c] + bias[c] : out[c];
        v = p->lo >= v ? p->lo : v;
        out[c] = p->hi < v ? p->hi : v;
      }
    }
  }
}
