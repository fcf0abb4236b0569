/*
 * f32_dwconv_fma.c — gml_f32_dwconv_fma (gml_f32.h): the float depthwise
 * convolution on AVX2 with FMA. Per output pixel, sixteen channels at a
 * time in two accumulators over the taps inside the input (a tail of 1 to
 * 15 channels under masks), then the bias and the clamp, stored once.
 */
#include "gml_f32.h"
#include "f32_dwconv_taps.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define F2 static inline __attribute__((always_inline, target("avx2,fma")))

/* Lanes below r (0 ... 8) on, the rest off. */
F2 __m256i f2_lanes(ptrdiff_t r) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)r), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/* Channels c to c + 16 of one pixel (lanes past `count` masked off). */
F2 void f2_pixel_block(const gml_f32_dwconv_params *p, const float *input, const float *filter,
                       const float *bias, float *out, size_t c, ptrdiff_t count, ptrdiff_t oy_origin,
                       ptrdiff_t ox_origin, size_t ky0, size_t ky1, size_t kx0, size_t kx1) {
  const size_t cc = p->channels;
  __m256i m0 = f2_lanes(count), m1 = f2_lanes(count - 8);
  __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
  for (size_t ky = ky0; ky < ky1; ky++) {
    size_t iy = (size_t)(oy_origin + (ptrdiff_t)(ky * p->dilation_h));
    for (size_t kx = kx0; kx < kx1; kx++) {
      size_t ix = (size_t)(ox_origin + (ptrdiff_t)(kx * p->dilation_w));
      const float *in = input + (iy * p->input_w + ix) * cc + c;
      const float *w = filter + (ky * p->filter_w + kx) * cc + c;
      if (count >= 16) {
        a0 = _mm256_fmadd_ps(_mm256_loadu_ps(in), _mm256_loadu_ps(w), a0);
        a1 = _mm256_fmadd_ps(_mm256_loadu_ps(in + 8), _mm256_loadu_ps(w + 8), a1);
      } else {
        a0 = _mm256_fmadd_ps(_mm256_maskload_ps(in, m0), _mm256_maskload_ps(w, m0), a0);
        a1 = _mm256_fmadd_ps(_mm256_maskload_ps(in + 8, m1), _mm256_maskload_ps(w + 8, m1), a1);
      }
    }
  }
  if (bias) {
    a0 = _mm256_add_ps(a0, _mm256_maskload_ps(bias + c, m0));
    a1 = _mm256_add_ps(a1, _mm256_maskload_ps(bias + c + 8, m1));
  }
  /* MAXPS and MINPS return their second operand when one is NaN. */
  __m256 lo = _mm256_set1_ps(p->lo), hi = _mm256_set1_ps(p->hi);
  a0 = _mm256_min_ps(hi, _mm256_max_ps(lo, a0));
  a1 = _mm256_min_ps(hi, _mm256_max_ps(lo, a1));
  if (count >= 16) {
    _mm256_storeu_ps(out + c, a0);
    _mm256_storeu_ps(out + c + 8, a1);
  } else {
    _mm256_maskstore_ps(out + c, m0, a0);
    _mm256_maskstore_ps(out + c + 8, m1, a1);
  }
}

__attribute__((target("avx2,fma"))) void gml_f32_dwconv_fma(const gml_f32_dwconv_params *p,
                                                            const float *input,
                                                            const float *filter,
                                                            const float *bias, float *output) {
  const size_t cc = p->channels;
  for (size_t oy = 0; oy < p->output_h; oy++) {
    ptrdiff_t origin_y = (ptrdiff_t)(oy * p->stride_h) - p->pad_top;
    size_t ky0, ky1;
    gml_f32_taps_inside(origin_y, p->dilation_h, p->input_h, p->filter_h, &ky0, &ky1);
    for (size_t ox = 0; ox < p->output_w; ox++) {
      ptrdiff_t origin_x = (ptrdiff_t)(ox * p->stride_w) - p->pad_left;
      size_t kx0, kx1;
      gml_f32_taps_inside(origin_x, p->dilation_w, p->input_w, p->filter_w, &kx0, &kx1);
      float *out = output + (oy * p->output_w + ox) * cc;
      for (size_t c = 0; c < cc; c += 16) {
        f2_pixel_block(p, input, filter, bias, out, c, (ptrdiff_t)(cc - c), origin_y, origin_x,
                       ky0, ky1, kx0, kx1);
      }
    }
  }
}

#else

void gml_f32_dwconv_fma(const gml_f32_dwconv_params *p, const float *input, const float *filter,
                        const float *bias, float *output) {
  gml_f32_dwconv_portable(p, input, filter, bias, output);
}

#endif
