/*
 * qd8_gemm_8x16c4_avx512vnni.c — the hybrid kernels' integer sums on
 * AVX-512 VNNI over packed weights: gml_qd8_gemm_pack_c4x16 lays each
 * block of 16 output channels out as groups of 4 k (64 bytes: channel j's
 * 4 weights in 32-bit lane j, zeros past n and k), and the microkernel
 * broadcasts 4 bytes of each of up to 8 rows (+ 128, as unsigned for
 * vpdpbusd) against a group, 16 accumulators of 8 lanes, no reduction
 * across lanes: small k (a stem's 27, a pointwise layer's 8) costs no
 * horizontal sums. The sums are of (a + 128) * w; the caller takes
 * 128 * sum(w) back with the zero-point term. The convolution kernel
 * reads a convolution's windows in place, as gml_conv.h's direct tiles do
 * (a pointer per output pixel, an offset per filter row, each filter row
 * whole groups of 4 bytes), and takes the output stage in registers: the
 * zero-point term, the scales, the bias and the clamp, in the steps of
 * gml_qd8_conv_output_*, bit for bit.
 */
#include "gml_f32.h"
#include "gml_conv.h"

/* The output stage's float steps round one by one, as its reference's
   Swift does: no fused multiply-add. */
#pragma STDC FP_CONTRACT OFF

#include <stdint.h>

size_t gml_qd8_gemm_packed_size_c4x16(size_t n, size_t k) {
  return (n + 15) / 16 * ((k + 3) / 4) * 64;
}

void gml_qd8_gemm_pack_c4x16(size_t n, size_t k, const int8_t *w, int8_t *packed) {
  const size_t groups = (k + 3) / 4;
  for (size_t n0 = 0; n0 < n; n0 += 16) {
    for (size_t g = 0; g < groups; g++) {
      int8_t *out = packed + (n0 / 16 * groups + g) * 64;
      for (size_t j = 0; j < 16; j++) {
        for (size_t i = 0; i < 4; i++) {
          size_t p = 4 * g + i;
          out[4 * j + i] = n0 + j < n && p < k ? w[(n0 + j) * k + p] : 0;
        }
      }
    }
  }
}

#if defined(__x86_64__)
#include <immintrin.h>

#define QV_TARGET "avx2,avx512f,avx512vl,avx512bw,avx512vnni"
#define QV __attribute__((target(QV_TARGET), always_inline)) static inline
#if defined(__clang__)
#define QV_UNROLL _Pragma("clang loop unroll(full)")
#else
#define QV_UNROLL _Pragma("GCC unroll 8")
#endif

/* Bytes p...p+3 of a row in every 32-bit lane, flipped to unsigned; a
   broadcast from memory (the rows' buffers have 3 bytes to spare after
   the last row's end: the bytes past k meet zero weights). */
QV __m256i qv_row(const int8_t *p, __m256i flip) {
  __m256i x;
  __asm__("vpbroadcastd %1, %0" : "=v"(x) : "m"(*(const int32_t *)p));
  return _mm256_xor_si256(x, flip);
}

/* The sums of one 16-channel block for `mr` rows: row r's part t is at
   origins[used[r]] + offsets[t], `groups` groups of 4 bytes each (a
   GEMM's rows: one part, all of k; a convolution's windows: a part per
   filter row). */
QV void qv_sums(size_t mr, const int8_t *const *origins, const size_t *used,
                const ptrdiff_t *offsets, size_t parts, size_t groups, const int8_t *block,
                __m256i acc[8][2]) {
  const __m256i flip = _mm256_set1_epi8((char)0x80);
  QV_UNROLL
  for (size_t r = 0; r < mr; r++) acc[r][0] = acc[r][1] = _mm256_setzero_si256();
  for (size_t t = 0; t < parts; t++) {
    const int8_t *x[8];
    QV_UNROLL
    for (size_t r = 0; r < mr; r++) x[r] = origins[used[r]] + offsets[t];
    for (size_t g = 0; g < groups; g++, block += 64) {
      const __m256i w0 = _mm256_loadu_si256((const __m256i *)block);
      const __m256i w1 = _mm256_loadu_si256((const __m256i *)(block + 32));
      QV_UNROLL
      for (size_t r = 0; r < mr; r++) {
        const __m256i v = qv_row(x[r] + 4 * g, flip);
        acc[r][0] = _mm256_dpbusd_epi32(acc[r][0], v, w0);
        acc[r][1] = _mm256_dpbusd_epi32(acc[r][1], v, w1);
      }
    }
  }
}

/* One 16-channel block (`count` of them real) for `mr` rows, its int32
   sums stored. */
QV void qv_block(size_t mr, const int8_t *const *origins, const size_t *used,
                 const ptrdiff_t *offsets, size_t parts, size_t groups, const int8_t *block,
                 int32_t *const *out, size_t n0, size_t count) {
  __m256i acc[8][2];
  qv_sums(mr, origins, used, offsets, parts, groups, block, acc);
  const __mmask16 mask = (__mmask16)((1u << count) - 1);
  QV_UNROLL
  for (size_t r = 0; r < mr; r++) {
    _mm256_mask_storeu_epi32(out[r] + n0, (__mmask8)mask, acc[r][0]);
    _mm256_mask_storeu_epi32(out[r] + n0 + 8, (__mmask8)(mask >> 8), acc[r][1]);
  }
}

/* One row (a FullyConnected's lone row): four groups a step into four
   accumulators per half, so that the vpdpbusd chains overlap instead of
   waiting on each other; their sums wrap as one chain's would. */
QV void qv_block_row(const int8_t *row, size_t groups, const int8_t *block, int32_t *out,
                     size_t count) {
  const __m256i flip = _mm256_set1_epi8((char)0x80);
  __m256i lo[4], hi[4];
  for (size_t u = 0; u < 4; u++) lo[u] = hi[u] = _mm256_setzero_si256();
  size_t g = 0;
  for (; g + 4 <= groups; g += 4) {
    QV_UNROLL
    for (size_t u = 0; u < 4; u++) {
      const __m256i x = qv_row(row + 4 * (g + u), flip);
      lo[u] = _mm256_dpbusd_epi32(lo[u], x, _mm256_loadu_si256((const __m256i *)(block + 64 * (g + u))));
      hi[u] = _mm256_dpbusd_epi32(hi[u], x,
                                  _mm256_loadu_si256((const __m256i *)(block + 64 * (g + u) + 32)));
    }
  }
  for (; g < groups; g++) {
    const __m256i x = qv_row(row + 4 * g, flip);
    lo[0] = _mm256_dpbusd_epi32(lo[0], x, _mm256_loadu_si256((const __m256i *)(block + 64 * g)));
    hi[0] = _mm256_dpbusd_epi32(hi[0], x,
                                _mm256_loadu_si256((const __m256i *)(block + 64 * g + 32)));
  }
  __m256i a = _mm256_add_epi32(_mm256_add_epi32(lo[0], lo[1]), _mm256_add_epi32(lo[2], lo[3]));
  __m256i b = _mm256_add_epi32(_mm256_add_epi32(hi[0], hi[1]), _mm256_add_epi32(hi[2], hi[3]));
  const __mmask16 mask = (__mmask16)((1u << count) - 1);
  _mm256_mask_storeu_epi32(out, (__mmask8)mask, a);
  _mm256_mask_storeu_epi32(out + 8, (__mmask8)(mask >> 8), b);
}

QV void qv_blocks(size_t mr, const int8_t *const *origins, const size_t *used,
                  const ptrdiff_t *offsets, size_t parts, int32_t *const *out, size_t n,
                  size_t groups, const int8_t *packed) {
  const size_t block_size = parts * groups * 64;
  for (size_t n0 = 0; n0 < n; n0 += 16) {
    const int8_t *block = packed + n0 / 16 * block_size;
    size_t count = n - n0 < 16 ? n - n0 : 16;
    if (mr == 1 && parts == 1) {
      qv_block_row(origins[used[0]] + offsets[0], groups, block, out[0] + n0, count);
    } else {
      qv_block(mr, origins, used, offsets, parts, groups, block, out, n0, count);
    }
  }
}

/* Tiles of 8 of the m rows at origins[0...m-1]; the last tile's missing
   rows repeat its last row (sums stored twice, to one place). */
QV void qv_tiles(size_t m, size_t n, const int8_t *const *origins, const ptrdiff_t *offsets,
                 size_t parts, size_t groups, const int8_t *packed, int32_t *c,
                 size_t c_stride) {
  for (size_t i = 0; i < m; i += 8) {
    size_t mr = m - i < 8 ? m - i : 8;
    size_t used[8];
    int32_t *out[8];
    for (size_t r = 0; r < 8; r++) {
      used[r] = r < mr ? r : mr - 1;
      out[r] = c + (i + used[r]) * c_stride;
    }
    const int8_t *const *tile = origins + i;
    if (mr > 4) {
      qv_blocks(8, tile, used, offsets, parts, out, n, groups, packed);
    } else if (mr > 2) {
      qv_blocks(4, tile, used, offsets, parts, out, n, groups, packed);
    } else if (mr == 2) {
      qv_blocks(2, tile, used, offsets, parts, out, n, groups, packed);
    } else {
      qv_blocks(1, tile, used, offsets, parts, out, n, groups, packed);
    }
  }
}

__attribute__((target(QV_TARGET))) void gml_qd8_gemm_8x16c4_avx512vnni(
    size_t m, size_t n, size_t k, const int8_t *a, size_t a_stride, const int8_t *packed,
    int32_t *c, size_t c_stride) {
  const ptrdiff_t whole[1] = {0};
  for (size_t i = 0; i < m; i += 8) {
    size_t mr = m - i < 8 ? m - i : 8;
    const int8_t *rows[8];
    for (size_t r = 0; r < mr; r++) rows[r] = a + (i + r) * a_stride;
    qv_tiles(mr, n, rows, whole, 1, (k + 3) / 4, packed, c + i * c_stride, c_stride);
  }
}

/* lo >= v ? lo : v, then hi < v ? hi : v, lane by lane (NaN kept). */
QV __m256 qv_clamp(__m256 v, __m256 lo, __m256 hi) {
  v = _mm256_blendv_ps(v, lo, _mm256_cmp_ps(lo, v, _CMP_GE_OQ));
  return _mm256_blendv_ps(v, hi, _mm256_cmp_ps(hi, v, _CMP_LT_OQ));
}

/* Eight outputs of a row from their sums: (acc - term) as float, times
   the filter scales, times the input scale, plus the bias, clamped; the
   steps of gml_qd8_conv_output_* one by one. */
QV __m256 qv_output8(__m256i acc, __m256i term, __m256 scales, __m256 input_scale, __m256 bias,
                     int has_bias, __m256 lo, __m256 hi) {
  __m256 v = _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_sub_epi32(acc, term)), scales);
  v = _mm256_mul_ps(v, input_scale);
  if (has_bias) v = _mm256_add_ps(v, bias);
  return qv_clamp(v, lo, hi);
}

/* The float outputs of one 16-channel block for `mr` rows. */
QV void qv_block_f32(size_t mr, const int8_t *const *origins, const size_t *used,
                     const ptrdiff_t *offsets, size_t parts, size_t groups,
                     const int8_t *block, const gml_qd8_conv_output *o, int has_bias,
                     float *const *out, size_t n0, size_t count) {
  __m256i acc[8][2];
  qv_sums(mr, origins, used, offsets, parts, groups, block, acc);
  const __mmask16 mask = (__mmask16)((1u << count) - 1);
  const __mmask8 m0 = (__mmask8)mask, m1 = (__mmask8)(mask >> 8);
  /* (zero point + 128) * sum(w) per channel, wrapping: the zero-point
     term of sums of (a + 128) * w. */
  const __m256i zp = _mm256_set1_epi32(o->zero_point);
  const __m256i t0 = _mm256_mullo_epi32(_mm256_maskz_loadu_epi32(m0, o->row_sums + n0), zp);
  const __m256i t1 = _mm256_mullo_epi32(_mm256_maskz_loadu_epi32(m1, o->row_sums + n0 + 8), zp);
  const __m256 s0 = o->scale_step ? _mm256_maskz_loadu_ps(m0, o->filter_scales + n0)
                                  : _mm256_set1_ps(o->filter_scales[0]);
  const __m256 s1 = o->scale_step ? _mm256_maskz_loadu_ps(m1, o->filter_scales + n0 + 8)
                                  : _mm256_set1_ps(o->filter_scales[0]);
  const __m256 b0 = has_bias ? _mm256_maskz_loadu_ps(m0, o->bias + n0) : _mm256_setzero_ps();
  const __m256 b1 = has_bias ? _mm256_maskz_loadu_ps(m1, o->bias + n0 + 8) : _mm256_setzero_ps();
  const __m256 in_scale = _mm256_set1_ps(o->input_scale);
  const __m256 lo = _mm256_set1_ps(o->lo), hi = _mm256_set1_ps(o->hi);
  QV_UNROLL
  for (size_t r = 0; r < mr; r++) {
    _mm256_mask_storeu_ps(out[r] + n0, m0,
                          qv_output8(acc[r][0], t0, s0, in_scale, b0, has_bias, lo, hi));
    _mm256_mask_storeu_ps(out[r] + n0 + 8, m1,
                          qv_output8(acc[r][1], t1, s1, in_scale, b1, has_bias, lo, hi));
  }
}

/* One tile of mr (1...8) windows at origins[0...mr-1], every block. */
QV void qv_tile_f32(size_t mr, size_t n, const int8_t *const *origins, const ptrdiff_t *offsets,
                    size_t parts, size_t groups, const int8_t *packed,
                    const gml_qd8_conv_output *o, int has_bias, float *c) {
  size_t used[8];
  float *out[8];
  for (size_t r = 0; r < 8; r++) {
    used[r] = r < mr ? r : mr - 1;
    out[r] = c + used[r] * n;
  }
  const size_t block_size = parts * groups * 64;
  for (size_t n0 = 0; n0 < n; n0 += 16) {
    const int8_t *block = packed + n0 / 16 * block_size;
    size_t count = n - n0 < 16 ? n - n0 : 16;
    if (mr > 4) {
      qv_block_f32(8, origins, used, offsets, parts, groups, block, o, has_bias, out, n0, count);
    } else if (mr > 2) {
      qv_block_f32(4, origins, used, offsets, parts, groups, block, o, has_bias, out, n0, count);
    } else if (mr == 2) {
      qv_block_f32(2, origins, used, offsets, parts, groups, block, o, has_bias, out, n0, count);
    } else {
      qv_block_f32(1, origins, used, offsets, parts, groups, block, o, has_bias, out, n0, count);
    }
  }
}

__attribute__((target(QV_TARGET))) void gml_qd8_conv_f32_8x16c4_avx512vnni(
    const gml_qs8_conv_geometry *g, const int8_t *buffer, gml_qs8_pixel *pixel, size_t count,
    size_t n, const int8_t *packed, const gml_qd8_conv_output *o, float *out) {
  const ptrdiff_t depth = g->depth, line = (ptrdiff_t)g->image_w * depth;
  ptrdiff_t offsets[GML_QS8_CONV_MAX_ROWS];
  for (int32_t ky = 0; ky < g->filter_h; ky++) offsets[ky] = ky * g->dilation_h * line;
  const ptrdiff_t image = (ptrdiff_t)g->image_h * line;
  const ptrdiff_t step = g->stride_w * depth, row_step = g->stride_h * line;
  const size_t parts = (size_t)g->filter_h, groups = (size_t)g->row_bytes4 / 4;
  ptrdiff_t b = pixel->batch, oy = pixel->y, ox = pixel->x;
  const int has_bias = o->bias != 0;
  while (count > 0) {
    const size_t mr = count < 8 ? count : 8;
    const int8_t *origins[8];
    for (size_t r = 0; r < mr; r++) {
      origins[r] = buffer + b * image + oy * row_step + ox * step;
      if (++ox == g->output_w) {
        ox = 0;
        if (++oy == g->output_h) oy = 0, b++;
      }
    }
    if (has_bias) {
      qv_tile_f32(mr, n, origins, offsets, parts, groups, packed, o, 1, out);
    } else {
      qv_tile_f32(mr, n, origins, offsets, parts, groups, packed, o, 0, out);
    }
    out += mr * n;
    count -= mr;
  }
  pixel->batch = (int32_t)b;
  pixel->y = (int32_t)oy;
  pixel->x = (int32_t)ox;
}
#else
void gml_qd8_gemm_8x16c4_avx512vnni(size_t m, size_t n, size_t k, const int8_t *a,
                                    size_t a_stride, const int8_t *packed, int32_t *c,
                                    size_t c_stride) {
  (void)m, (void)n, (void)k, (void)a, (void)a_stride, (void)packed, (void)c, (void)c_stride;
}

void gml_qd8_conv_f32_8x16c4_avx512vnni(const gml_qs8_conv_geometry *g, const int8_t *buffer,
                                        gml_qs8_pixel *pixel, size_t count, size_t n,
                                        const int8_t *packed, const gml_qd8_conv_output *o,
                                        float *out) {
  (void)g, (void)buffer, (void)pixel, (void)count, (void)n, (void)packed, (void)o, (void)out;
}
#endif
