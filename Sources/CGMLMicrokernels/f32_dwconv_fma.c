/*
 * f32_dwconv_fma.c — gml_f32_dwconv_fma (gml_f32.h): the float depthwise
 * convolution on AVX2 with FMA. Per output pixel, sixteen channels at a
 * time in two accumulators over the taps inside the input, then eight at
 * a time (the last 1 to 7 under a mask), then the bias and the clamp,
 * stored once. The 3x3 windows inside the input run along each row eight
 * channels at a time, their nine taps' weights held in registers.
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

/* Channels c to c + 16 of one pixel, no mask. */
F2 void f2_pixel16(const gml_window_params *p, const float *input, const float *filter,
                   const float *bias, float *out, size_t c, ptrdiff_t oy_origin,
                   ptrdiff_t ox_origin, size_t ky0, size_t ky1, size_t kx0, size_t kx1) {
  const size_t cc = p->channels;
  __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
  for (size_t ky = ky0; ky < ky1; ky++) {
    size_t iy = (size_t)(oy_origin + (ptrdiff_t)(ky * p->dilation_h));
    for (size_t kx = kx0; kx < kx1; kx++) {
      size_t ix = (size_t)(ox_origin + (ptrdiff_t)(kx * p->dilation_w));
      const float *in = input + (iy * p->input_w + ix) * cc + c;
      const float *w = filter + (ky * p->filter_w + kx) * cc + c;
      a0 = _mm256_fmadd_ps(_mm256_loadu_ps(in), _mm256_loadu_ps(w), a0);
      a1 = _mm256_fmadd_ps(_mm256_loadu_ps(in + 8), _mm256_loadu_ps(w + 8), a1);
    }
  }
  if (bias) {
    a0 = _mm256_add_ps(a0, _mm256_loadu_ps(bias + c));
    a1 = _mm256_add_ps(a1, _mm256_loadu_ps(bias + c + 8));
  }
  /* MAXPS and MINPS return their second operand when one is NaN. */
  __m256 lo = _mm256_set1_ps(p->lo), hi = _mm256_set1_ps(p->hi);
  _mm256_storeu_ps(out + c, _mm256_min_ps(hi, _mm256_max_ps(lo, a0)));
  _mm256_storeu_ps(out + c + 8, _mm256_min_ps(hi, _mm256_max_ps(lo, a1)));
}

/* Channels c to c + 8 of one pixel, lanes past `count` (1 ... 8) masked
   off. */
F2 void f2_pixel8(const gml_window_params *p, const float *input, const float *filter,
                  const float *bias, float *out, size_t c, ptrdiff_t count, ptrdiff_t oy_origin,
                  ptrdiff_t ox_origin, size_t ky0, size_t ky1, size_t kx0, size_t kx1) {
  const size_t cc = p->channels;
  __m256i m = f2_lanes(count);
  int full = count >= 8;
  __m256 a = _mm256_setzero_ps();
  for (size_t ky = ky0; ky < ky1; ky++) {
    size_t iy = (size_t)(oy_origin + (ptrdiff_t)(ky * p->dilation_h));
    for (size_t kx = kx0; kx < kx1; kx++) {
      size_t ix = (size_t)(ox_origin + (ptrdiff_t)(kx * p->dilation_w));
      const float *in = input + (iy * p->input_w + ix) * cc + c;
      const float *w = filter + (ky * p->filter_w + kx) * cc + c;
      __m256 x = full ? _mm256_loadu_ps(in) : _mm256_maskload_ps(in, m);
      __m256 y = full ? _mm256_loadu_ps(w) : _mm256_maskload_ps(w, m);
      a = _mm256_fmadd_ps(x, y, a);
    }
  }
  if (bias) a = _mm256_add_ps(a, _mm256_maskload_ps(bias + c, m));
  a = _mm256_min_ps(_mm256_set1_ps(p->hi), _mm256_max_ps(_mm256_set1_ps(p->lo), a));
  if (full) {
    _mm256_storeu_ps(out + c, a);
  } else {
    _mm256_maskstore_ps(out + c, m, a);
  }
}

/* Output pixels ox0 ... ox1 - 1 of one row whose 3x3 windows lie wholly
   inside the input (dilation 1), `top` the input row at the windows' top:
   eight channels at a time (the last 1 to 7 under a mask), their nine
   filter taps held in registers along the row. */
F2 void f2_row3x3(const gml_window_params *p, const float *top, const float *filter,
                  const float *bias, float *out_row, size_t ox0, size_t ox1) {
  const size_t cc = p->channels, row = p->input_w * cc, step = p->stride_w * cc;
  const __m256 lo = _mm256_set1_ps(p->lo), hi = _mm256_set1_ps(p->hi);
  for (size_t c = 0; c < cc; c += 8) {
    ptrdiff_t count = (ptrdiff_t)(cc - c);
    const __m256i m = f2_lanes(count);
    __m256 w[9];
    for (size_t k = 0; k < 9; k++) w[k] = _mm256_maskload_ps(filter + k * cc + c, m);
    const __m256 b = bias ? _mm256_maskload_ps(bias + c, m) : _mm256_setzero_ps();
    const float *in = top + (ox0 * p->stride_w - (size_t)p->pad_left) * cc + c;
    float *out = out_row + ox0 * cc + c;
    if (count >= 8) {
      for (size_t ox = ox0; ox < ox1; ox++, in += step, out += cc) {
        __m256 a = _mm256_mul_ps(_mm256_loadu_ps(in), w[0]);
        a = _mm256_fmadd_ps(_mm256_loadu_ps(in + cc), w[1], a);
        a = _mm256_fmadd_ps(_mm256_loadu_ps(in + 2 * cc), w[2], a);
        a = _mm256_fmadd_ps(_mm256_loadu_ps(in + row), w[3], a);
        a = _mm256_fmadd_ps(_mm256_loadu_ps(in + row + cc), w[4], a);
        a = _mm256_fmadd_ps(_mm256_loadu_ps(in + row + 2 * cc), w[5], a);
        a = _mm256_fmadd_ps(_mm256_loadu_ps(in + 2 * row), w[6], a);
        a = _mm256_fmadd_ps(_mm256_loadu_ps(in + 2 * row + cc), w[7], a);
        a = _mm256_fmadd_ps(_mm256_loadu_ps(in + 2 * row + 2 * cc), w[8], a);
        a = _mm256_add_ps(a, b);
        _mm256_storeu_ps(out, _mm256_min_ps(hi, _mm256_max_ps(lo, a)));
      }
    } else {
      for (size_t ox = ox0; ox < ox1; ox++, in += step, out += cc) {
        __m256 a = _mm256_setzero_ps();
        for (size_t k = 0; k < 9; k++) {
          a = _mm256_fmadd_ps(_mm256_maskload_ps(in + (k / 3) * row + (k % 3) * cc, m), w[k], a);
        }
        a = _mm256_add_ps(a, b);
        _mm256_maskstore_ps(out, m, _mm256_min_ps(hi, _mm256_max_ps(lo, a)));
      }
    }
  }
}

__attribute__((target("avx2,fma"))) void gml_f32_dwconv_fma(const gml_window_params *p,
                                                            const float *input,
                                                            const float *filter,
                                                            const float *bias, float *output) {
  const size_t cc = p->channels;
  const int interior3x3 =
      p->filter_h == 3 && p->filter_w == 3 && p->dilation_h == 1 && p->dilation_w == 1;
  for (size_t oy = 0; oy < p->output_h; oy++) {
    ptrdiff_t origin_y = (ptrdiff_t)(oy * p->stride_h) - p->pad_top;
    size_t ky0, ky1;
    gml_f32_taps_inside(origin_y, p->dilation_h, p->input_h, p->filter_h, &ky0, &ky1);
    /* The pixels whose windows lie inside the input: one run of the row. */
    size_t inside0 = p->output_w, inside1 = p->output_w;
    if (interior3x3 && ky0 == 0 && ky1 == 3) {
      inside0 = ((size_t)p->pad_left + p->stride_w - 1) / p->stride_w;
      inside1 = p->input_w + (size_t)p->pad_left >= 3
                    ? (p->input_w + (size_t)p->pad_left - 3) / p->stride_w + 1
                    : 0;
      if (inside1 > p->output_w) inside1 = p->output_w;
      if (inside0 > inside1) inside0 = inside1;
      f2_row3x3(p, input + (size_t)origin_y * p->input_w * cc, filter, bias,
                output + oy * p->output_w * cc, inside0, inside1);
    }
    for (size_t ox = 0; ox < p->output_w; ox++) {
      if (ox == inside0) ox = inside1;
      if (ox >= p->output_w) break;
      ptrdiff_t origin_x = (ptrdiff_t)(ox * p->stride_w) - p->pad_left;
      size_t kx0, kx1;
      gml_f32_taps_inside(origin_x, p->dilation_w, p->input_w, p->filter_w, &kx0, &kx1);
      float *out = output + (oy * p->output_w + ox) * cc;
      size_t c = 0;
      for (; c + 16 <= cc; c += 16) {
        f2_pixel16(p, input, filter, bias, out, c, origin_y, origin_x, ky0, ky1, kx0, kx1);
      }
      for (; c < cc; c += 8) {
        f2_pixel8(p, input, filter, bias, out, c, (ptrdiff_t)(cc - c), origin_y, origin_x, ky0,
                  ky1, kx0, kx1);
      }
    }
  }
}

#else

void gml_f32_dwconv_fma(const gml_window_params *p, const float *input, const float *filter,
                        const float *bias, float *output) {
  gml_f32_dwconv_portable(p, input, filter, bias, output);
}

#endif
