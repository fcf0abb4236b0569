/*
 * qd8_dwconv_avx2.c — gml_qd8_dwconv_avx2 (gml_f32.h): the hybrid depthwise
 * convolution with AVX2 intrinsics, eight channels a register: per pixel
 * and 8-channel block the taps inside the input accumulate
 * w * (q - zero_point) (exact in int16, summed in int32, wrapping), then
 * the output's float steps run in registers in the reference's order
 * (no fused multiply-add; clamps with its comparisons, NaN kept), so the
 * results are the portable kernel's bit for bit. Taps go two at a time:
 * their bytes interleaved, widened, less the zero point, and one VPMADDWD
 * against their weights interleaved. A 3x3 filter's pixels whose window
 * lies inside the input run along the row with the taps' weight pairs in
 * registers; the border pixels take the taps inside; a tail below 8
 * channels runs scalar.
 */
#include "gml_f32.h"
#include "f32_dwconv_taps.h"

#include <stdint.h>

#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>

#define QDW static inline __attribute__((always_inline, target("avx2")))

/* lo >= v ? lo : v, then hi < v ? hi : v, lane by lane. */
QDW __m256 qdw_clamp(__m256 v, __m256 lo, __m256 hi) {
  v = _mm256_blendv_ps(v, lo, _mm256_cmp_ps(lo, v, _CMP_GE_OQ));
  return _mm256_blendv_ps(v, hi, _mm256_cmp_ps(hi, v, _CMP_LT_OQ));
}

/* Channel c of one pixel, scalar (the tail below a block of 8). */
QDW float qdw_channel(const gml_window_params *p, const int8_t *q, int32_t zero_point,
                      const int8_t *filter, const float *filter_scales, size_t scale_step,
                      float input_scale, const float *bias, ptrdiff_t origin_y,
                      ptrdiff_t origin_x, size_t ky0, size_t ky1, size_t kx0, size_t kx1,
                      size_t c) {
  const size_t cc = p->channels;
  uint32_t acc = 0;
  for (size_t ky = ky0; ky < ky1; ky++) {
    size_t iy = (size_t)(origin_y + (ptrdiff_t)(ky * p->dilation_h));
    for (size_t kx = kx0; kx < kx1; kx++) {
      size_t ix = (size_t)(origin_x + (ptrdiff_t)(kx * p->dilation_w));
      int32_t d = (int32_t)q[(iy * p->input_w + ix) * cc + c] - zero_point;
      acc += (uint32_t)((int32_t)filter[(ky * p->filter_w + kx) * cc + c] * d);
    }
  }
  float v = (float)(int32_t)acc * filter_scales[scale_step ? c : 0];
  v = v * input_scale;
  v = bias ? v + bias[c] : v;
  v = p->lo >= v ? p->lo : v;
  return p->hi < v ? p->hi : v;
}

/* The output stage of one 8-channel block: (float)acc * scale * input
   scale + bias, clamped, stored. */
QDW void qdw_store(__m256i acc, const float *filter_scales, size_t scale_step, __m256 in_scale,
                   const float *bias, __m256 lo, __m256 hi, size_t c0, float *out) {
  __m256 fs = scale_step ? _mm256_loadu_ps(filter_scales + c0) : _mm256_set1_ps(filter_scales[0]);
  __m256 v = _mm256_mul_ps(_mm256_cvtepi32_ps(acc), fs);
  v = _mm256_mul_ps(v, in_scale);
  if (bias) v = _mm256_add_ps(v, _mm256_loadu_ps(bias + c0));
  _mm256_storeu_ps(out + c0, qdw_clamp(v, lo, hi));
}

/* acc + w * (x - zp) over 8 channels (|w| <= 128 and |x - zp| <= 255:
   the product fits int16). */
QDW __m256i qdw_tap(__m256i acc, const int8_t *x, __m128i w, __m128i zp) {
  __m128i d = _mm_sub_epi16(_mm_cvtepi8_epi16(_mm_loadl_epi64((const __m128i *)x)), zp);
  return _mm256_add_epi32(acc, _mm256_cvtepi16_epi32(_mm_mullo_epi16(w, d)));
}

QDW __m128i qdw_weights(const int8_t *w) {
  return _mm_cvtepi8_epi16(_mm_loadl_epi64((const __m128i *)w));
}

QDW __m128i qdw_bytes(const int8_t *p) { return _mm_loadl_epi64((const __m128i *)p); }

/* Two taps' 8 weights interleaved as int16 pairs (wa[c], wb[c]); `wb`
   NULL: a zero second weight (a lone tap). */
QDW __m256i qdw_pair_weights(const int8_t *wa, const int8_t *wb) {
  return _mm256_cvtepi8_epi16(
      _mm_unpacklo_epi8(qdw_bytes(wa), wb ? qdw_bytes(wb) : _mm_setzero_si128()));
}

/* acc + wa * (xa - zp) + wb * (xb - zp) over 8 channels, `w` from
   qdw_pair_weights: each product fits int16's inputs of VPMADDWD, the
   pair's sum int32, exactly. */
QDW __m256i qdw_pair(__m256i acc, const int8_t *xa, const int8_t *xb, __m256i w,
                     __m256i zp) {
  __m256i d = _mm256_sub_epi16(_mm256_cvtepi8_epi16(_mm_unpacklo_epi8(qdw_bytes(xa), qdw_bytes(xb))), zp);
  return _mm256_add_epi32(acc, _mm256_madd_epi16(d, w));
}

/* Taps a pixel lists up front (a 7x7 filter's); larger filters find
   each tap's address per block. */
#define QDW_MAX_TAPS 49

/* Any pixel: the taps inside the input, every block, then the tail. */
QDW void qdw_pixel(const gml_window_params *p, const int8_t *q, int32_t zero_point,
                   const int8_t *filter, const float *filter_scales, size_t scale_step,
                   float input_scale, const float *bias, ptrdiff_t origin_y, size_t ky0,
                   size_t ky1, size_t ox, float *out) {
  const size_t cc = p->channels, blocks = cc / 8 * 8;
  const __m128i zp = _mm_set1_epi16((int16_t)zero_point);
  const __m256 lo = _mm256_set1_ps(p->lo), hi = _mm256_set1_ps(p->hi);
  const __m256 in_scale = _mm256_set1_ps(input_scale);
  ptrdiff_t origin_x = (ptrdiff_t)(ox * p->stride_w) - p->pad_left;
  size_t kx0, kx1;
  gml_f32_taps_inside(origin_x, p->dilation_w, p->input_w, p->filter_w, &kx0, &kx1);
  const int8_t *xs[QDW_MAX_TAPS], *ws[QDW_MAX_TAPS];
  size_t taps = 0;
  if ((ky1 - ky0) * (kx1 - kx0) <= QDW_MAX_TAPS) {
    for (size_t ky = ky0; ky < ky1; ky++) {
      size_t iy = (size_t)(origin_y + (ptrdiff_t)(ky * p->dilation_h));
      for (size_t kx = kx0; kx < kx1; kx++, taps++) {
        size_t ix = (size_t)(origin_x + (ptrdiff_t)(kx * p->dilation_w));
        xs[taps] = q + (iy * p->input_w + ix) * cc;
        ws[taps] = filter + (ky * p->filter_w + kx) * cc;
      }
    }
    const __m256i zp2 = _mm256_set1_epi16((int16_t)zero_point);
    for (size_t c0 = 0; c0 < blocks; c0 += 8) {
      __m256i acc = _mm256_setzero_si256();
      size_t t = 0;
      for (; t + 1 < taps; t += 2) {
        acc = qdw_pair(acc, xs[t] + c0, xs[t + 1] + c0, qdw_pair_weights(ws[t] + c0, ws[t + 1] + c0),
                       zp2);
      }
      if (t < taps) acc = qdw_tap(acc, xs[t] + c0, qdw_weights(ws[t] + c0), zp);
      qdw_store(acc, filter_scales, scale_step, in_scale, bias, lo, hi, c0, out);
    }
  } else {
    for (size_t c0 = 0; c0 < blocks; c0 += 8) {
      __m256i acc = _mm256_setzero_si256();
      for (size_t ky = ky0; ky < ky1; ky++) {
        size_t iy = (size_t)(origin_y + (ptrdiff_t)(ky * p->dilation_h));
        const int8_t *row = q + iy * p->input_w * cc + c0;
        const int8_t *wrow = filter + ky * p->filter_w * cc + c0;
        for (size_t kx = kx0; kx < kx1; kx++) {
          size_t ix = (size_t)(origin_x + (ptrdiff_t)(kx * p->dilation_w));
          acc = qdw_tap(acc, row + ix * cc, qdw_weights(wrow + kx * cc), zp);
        }
      }
      qdw_store(acc, filter_scales, scale_step, in_scale, bias, lo, hi, c0, out);
    }
  }
  for (size_t c = blocks; c < cc; c++) {
    out[c] = qdw_channel(p, q, zero_point, filter, filter_scales, scale_step, input_scale, bias,
                         origin_y, origin_x, ky0, ky1, kx0, kx1, c);
  }
}

/* Row oy of a 3x3 filter (dilation 1) whose three rows are all inside
   the input, for the pixels [x0, x1) whose three columns are too: per
   8-channel block the nine taps' weights in registers as five pairs (the
   last with a zero), the pixels along the row. */
QDW void qdw_row_3x3(const gml_window_params *p, const int8_t *q, int32_t zero_point,
                     const int8_t *filter, const float *filter_scales, size_t scale_step,
                     float input_scale, const float *bias, ptrdiff_t origin_y, size_t x0,
                     size_t x1, float *row_out) {
  const size_t cc = p->channels, blocks = cc / 8 * 8, step = p->stride_w * cc;
  const __m256 lo = _mm256_set1_ps(p->lo), hi = _mm256_set1_ps(p->hi);
  const __m256 in_scale = _mm256_set1_ps(input_scale);
  const size_t line = p->input_w * cc;
  const __m256i zp2 = _mm256_set1_epi16((int16_t)zero_point);
  for (size_t c0 = 0; c0 < blocks; c0 += 8) {
    const int8_t *w = filter + c0;
    const __m256i w01 = qdw_pair_weights(w, w + cc), w23 = qdw_pair_weights(w + 2 * cc, w + 3 * cc);
    const __m256i w45 = qdw_pair_weights(w + 4 * cc, w + 5 * cc);
    const __m256i w67 = qdw_pair_weights(w + 6 * cc, w + 7 * cc);
    const __m256i w8 = qdw_pair_weights(w + 8 * cc, NULL);
    const int8_t *x = q + (size_t)origin_y * line +
                      (size_t)((ptrdiff_t)(x0 * p->stride_w) - p->pad_left) * cc + c0;
    for (size_t ox = x0; ox < x1; ox++, x += step) {
      __m256i acc = qdw_pair(_mm256_setzero_si256(), x, x + cc, w01, zp2);
      acc = qdw_pair(acc, x + 2 * cc, x + line, w23, zp2);
      acc = qdw_pair(acc, x + line + cc, x + line + 2 * cc, w45, zp2);
      acc = qdw_pair(acc, x + 2 * line, x + 2 * line + cc, w67, zp2);
      acc = qdw_pair(acc, x + 2 * line + 2 * cc, x + 2 * line + 2 * cc, w8, zp2);
      qdw_store(acc, filter_scales, scale_step, in_scale, bias, lo, hi, c0, row_out + ox * cc);
    }
  }
  if (blocks < cc) {
    for (size_t ox = x0; ox < x1; ox++) {
      ptrdiff_t origin_x = (ptrdiff_t)(ox * p->stride_w) - p->pad_left;
      for (size_t c = blocks; c < cc; c++) {
        row_out[ox * cc + c] =
            qdw_channel(p, q, zero_point, filter, filter_scales, scale_step, input_scale, bias,
                        origin_y, origin_x, 0, 3, 0, 3, c);
      }
    }
  }
}

__attribute__((target("avx2"))) void gml_qd8_dwconv_avx2(
    const gml_window_params *p, const int8_t *q, int32_t zero_point, const int8_t *filter,
    const float *filter_scales, size_t scale_step, float input_scale, const float *bias,
    float *output) {
  const size_t cc = p->channels;
  const int three = p->filter_h == 3 && p->filter_w == 3 && p->dilation_w == 1;
  /* The pixels whose three columns are inside: origin_x >= 0 and
     origin_x + 2 < input_w. */
  size_t x0 = 0, x1 = 0;
  if (three) {
    while (x0 < p->output_w && (ptrdiff_t)(x0 * p->stride_w) - p->pad_left < 0) x0++;
    x1 = x0;
    while (x1 < p->output_w &&
           (ptrdiff_t)(x1 * p->stride_w) - p->pad_left + 2 < (ptrdiff_t)p->input_w) {
      x1++;
    }
  }
  for (size_t oy = 0; oy < p->output_h; oy++) {
    ptrdiff_t origin_y = (ptrdiff_t)(oy * p->stride_h) - p->pad_top;
    size_t ky0, ky1;
    gml_f32_taps_inside(origin_y, p->dilation_h, p->input_h, p->filter_h, &ky0, &ky1);
    float *row_out = output + oy * p->output_w * cc;
    const int inside = three && ky0 == 0 && ky1 == 3 && p->dilation_h == 1;
    size_t a = inside ? x0 : p->output_w, b = inside ? x1 : p->output_w;
    for (size_t ox = 0; ox < a; ox++) {
      qdw_pixel(p, q, zero_point, filter, filter_scales, scale_step, input_scale, bias, origin_y,
                ky0, ky1, ox, row_out + ox * cc);
    }
    if (a < b) {
      qdw_row_3x3(p, q, zero_point, filter, filter_scales, scale_step, input_scale, bias, origin_y,
                  a, b, row_out);
    }
    for (size_t ox = b; ox < p->output_w; ox++) {
      qdw_pixel(p, q, zero_point, filter, filter_scales, scale_step, input_scale, bias, origin_y,
                ky0, ky1, ox, row_out + ox * cc);
    }
  }
}
#else
void gml_qd8_dwconv_avx2(const gml_window_params *p, const int8_t *q, int32_t zero_point,
                         const int8_t *filter, const float *filter_scales, size_t scale_step,
                         float input_scale, const float *bias, float *output) {
  gml_qd8_dwconv_portable(p, q, zero_point, filter, filter_scales, scale_step, input_scale, bias,
                          output);
}
#endif
