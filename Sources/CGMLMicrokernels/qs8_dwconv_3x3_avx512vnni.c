/*
 * qs8_dwconv_3x3_avx512vnni.c — AVX-512 VNNI 3x3 depthwise microkernel, 16
 * channels (two packed blocks) per step in zmm registers. A filter column
 * (taps kx, 3 + kx, 6 + kx) is one vpdpbusd: each channel's 32-bit lane
 * holds the column's three input bytes (+ 128, as u8) against its three
 * weights (and a zero), so a pixel is three vpdpbusd; the bias term takes
 * 128 * the sum of the weights back. Weights, bias and requantization stay
 * in registers while a group runs every pixel; stride 1 and 2 runs slide
 * along the row, building each input column once, and pixels with a
 * pointer per tap reuse the columns they share with the pixel before. The
 * requantization is qs8_avx512.h's (one rounding in the usual case). A
 * last group of fewer than 16 channels runs with masked loads and stores;
 * 8 channels in all run two pixels per vector.
 */
#include "gml_dwconv_elementwise.h"

#if defined(__x86_64__)

#include "qs8_dwconv_avx512.h"

/* A group of up to 16 channels, in registers while it runs. */
typedef struct gml_dw16 {
  __m512i w0, w1, w2; /* filter column kx: bytes w[kx], w[3 + kx], w[6 + kx], 0 */
  __m512i bias;       /* the bias term minus 128 * the sum of the 9 weights */
  gml_avx512_rq rq;
  __m128i lo, hi; /* the clamp, in every byte */
  __mmask16 lanes; /* the channels present */
} gml_dw16;

/* The column of 16 channels whose rows are x0, x1, x2: channel c's lane
   holds x0[c] ^ 0x80, x1[c] ^ 0x80, x2[c] ^ 0x80 (and a byte the zero
   weight ignores). Rows 0 and 1 are interleaved (vpunpck on xmm), copied
   to the lanes that take their channels (vshufi64x2) and spread (vpshufb);
   row 2 likewise, into byte 2. */
GML_VNNI __m512i gml_dw16_column(__m128i x0, __m128i x1, __m128i x2) {
  const __m512i spread01 = _mm512_set_epi32(
      0x0F800F0E, 0x0D800D0C, 0x0B800B0A, 0x09800908, 0x07800706, 0x05800504, 0x03800302,
      0x01800100, 0x0F800F0E, 0x0D800D0C, 0x0B800B0A, 0x09800908, 0x07800706, 0x05800504,
      0x03800302, 0x01800100);
  const __m512i spread2 = _mm512_set_epi32(
      (int)0x800F8080, (int)0x800E8080, (int)0x800D8080, (int)0x800C8080, (int)0x800B8080,
      (int)0x800A8080, (int)0x80098080, (int)0x80088080, (int)0x80078080, (int)0x80068080,
      (int)0x80058080, (int)0x80048080, (int)0x80038080, (int)0x80028080, (int)0x80018080,
      (int)0x80008080);
  const __m512i pairs = _mm512_shuffle_i64x2(
      _mm512_castsi128_si512(_mm_unpacklo_epi8(x0, x1)),
      _mm512_castsi128_si512(_mm_unpackhi_epi8(x0, x1)), 0x00);
  const __m512i row2 = _mm512_shuffle_i64x2(
      _mm512_castsi128_si512(x2), _mm512_castsi128_si512(x2), 0x00);
  return _mm512_ternarylogic_epi32(
      _mm512_shuffle_epi8(pairs, spread01), _mm512_shuffle_epi8(row2, spread2),
      _mm512_set1_epi8((char)0x80), 0x56); /* (a | b) ^ c */
}

/* 16 bytes at p, or the group's channels of them (the rest 0). */
GML_VNNI __m128i gml_dw16_row(const int8_t *p, __mmask16 lanes, int full) {
  return full ? _mm_loadu_si128((const __m128i *)p) : _mm_maskz_loadu_epi8(lanes, p);
}

/* The column at offset `at` of rows r0, r1, r2. */
GML_VNNI __m512i gml_dw16_at(
    const int8_t *r0, const int8_t *r1, const int8_t *r2, size_t at, __mmask16 lanes, int full) {
  return gml_dw16_column(
      gml_dw16_row(r0 + at, lanes, full), gml_dw16_row(r1 + at, lanes, full),
      gml_dw16_row(r2 + at, lanes, full));
}

/* Requantizes, clamps and stores one pixel's sums. `fast`: all 16
   channels, one rounding (else the lanes in `lanes`, and the form g->rq
   allows). */
GML_VNNI void gml_dw16_store(
    __m512i acc, const gml_dw16 *g, int8_t *out, __mmask16 lanes, int fast) {
  if (fast) {
    __m128i bytes = gml_avx512_narrow(gml_avx512_rq_wide(acc, &g->rq), g->lo, g->hi);
    _mm_storeu_si128((__m128i *)out, bytes);
  } else {
    __m128i bytes = gml_avx512_narrow(gml_avx512_rq_apply(acc, &g->rq), g->lo, g->hi);
    _mm_mask_storeu_epi8(out, lanes, bytes);
  }
}

/* One pixel from its three columns. */
GML_VNNI __m512i gml_dw16_pixel(__m512i c0, __m512i c1, __m512i c2, const gml_dw16 *g) {
  __m512i acc = _mm512_dpbusd_epi32(g->bias, c0, g->w0);
  acc = _mm512_dpbusd_epi32(acc, c1, g->w1);
  return _mm512_dpbusd_epi32(acc, c2, g->w2);
}

/* Loads the group of `count` (1...16) channels from block b0 (and b1, the
   next block, when count > 8). The weights: vpermt2d gathers, per 128-bit
   lane, the 4 channels' dwords of the column's three taps; vpshufb
   transposes them into channel lanes. */
GML_VNNI void gml_dw16_load(
    gml_dw16 *g, const unsigned char *b0, size_t count, size_t block_size,
    const gml_qs8_params *params) {
  const unsigned char *b1 = count > 8 ? b0 + block_size : b0;
  const unsigned char *k0 = b0 + GML_QS8_DWCONV_WEIGHTS, *k1 = b1 + GML_QS8_DWCONV_WEIGHTS;
  /* Lane L, dword j: tap (3j) (or 3j + 1) of block L/2, channels 4(L%2)...;
     dword 3 repeats dword 0 (the zero weight's byte comes from vpshufb). */
  const __m512i first = _mm512_set_epi32(17, 29, 23, 17, 16, 28, 22, 16, 1, 13, 7, 1, 0, 12, 6, 0);
  const __m512i second =
      _mm512_set_epi32(19, 31, 25, 19, 18, 30, 24, 18, 3, 15, 9, 3, 2, 14, 8, 2);
  const __m512i transpose = _mm512_set4_epi32(0x800b0703, 0x800a0602, 0x80090501, 0x80080400);
  const __m512i taps0 = _mm512_loadu_si512(k0), taps1 = _mm512_loadu_si512(k1);
  const __m512i next0 = _mm512_loadu_si512(k0 + 8), next1 = _mm512_loadu_si512(k1 + 8);
  g->w0 = _mm512_shuffle_epi8(_mm512_permutex2var_epi32(taps0, first, taps1), transpose);
  g->w1 = _mm512_shuffle_epi8(_mm512_permutex2var_epi32(taps0, second, taps1), transpose);
  g->w2 = _mm512_shuffle_epi8(_mm512_permutex2var_epi32(next0, second, next1), transpose);
  const __m512i u128 = _mm512_set1_epi8((char)0x80);
  __m512i sum = _mm512_dpbusd_epi32(_mm512_setzero_si512(), u128, g->w0);
  sum = _mm512_dpbusd_epi32(sum, u128, g->w1);
  sum = _mm512_dpbusd_epi32(sum, u128, g->w2);
  gml_dw_group k = gml_dw_group_load(b0, b1, count, params);
  g->bias = _mm512_sub_epi32(k.bias, sum);
  g->rq = k.rq, g->lo = k.lo, g->hi = k.hi, g->lanes = k.lanes;
}

/* A run of stride-1 pixels: each new pixel builds one column. */
GML_VNNI void gml_dw16_s1(
    size_t pixels, const int8_t *r0, const int8_t *r1, const int8_t *r2, size_t step,
    const gml_dw16 *g, int8_t *out, int full) {
  __m512i c0 = gml_dw16_at(r0, r1, r2, 0, g->lanes, full);
  __m512i c1 = gml_dw16_at(r0, r1, r2, step, g->lanes, full);
  for (size_t px = 0, at = 2 * step; px < pixels; px++, at += step, out += step) {
    __m512i c2 = gml_dw16_at(r0, r1, r2, at, g->lanes, full);
    gml_dw16_store(gml_dw16_pixel(c0, c1, c2, g), g, out, g->lanes, full);
    c0 = c1, c1 = c2;
  }
}

/* A run of stride-2 pixels: the last column of one is the next's first.
   Outputs `out_step` bytes apart. */
GML_VNNI void gml_dw16_s2(
    size_t pixels, const int8_t *r0, const int8_t *r1, const int8_t *r2, size_t column,
    size_t out_step, const gml_dw16 *g, int8_t *out, int full) {
  __m512i c0 = gml_dw16_at(r0, r1, r2, 0, g->lanes, full);
  for (size_t px = 0, at = column; px < pixels; px++, at += 2 * column, out += out_step) {
    __m512i c1 = gml_dw16_at(r0, r1, r2, at, g->lanes, full);
    __m512i c2 = gml_dw16_at(r0, r1, r2, at + column, g->lanes, full);
    gml_dw16_store(gml_dw16_pixel(c0, c1, c2, g), g, out, g->lanes, full);
    c0 = c2;
  }
}

/* A run of stride-1 pixels of 8 channels, two per vector: the 16 bytes at
   a column are it and the next, so pixels p and p + 1 are one pixel of
   16 channels over columns p, p + 1 and p + 2, and pairs slide by two
   columns as stride-2 pixels do. An odd last pixel reads and writes only
   its own 8 channels (the next column may lie past the input). */
GML_VNNI void gml_dw16_pairs(
    size_t pixels, const int8_t *r0, const int8_t *r1, const int8_t *r2, const gml_dw16 *g,
    int8_t *out, int full) {
  gml_dw16_s2(pixels / 2, r0, r1, r2, 8, 16, g, out, full);
  if (pixels % 2) {
    const size_t at = 8 * (pixels - 1);
    __m512i c0 = gml_dw16_at(r0, r1, r2, at, g->lanes, full);
    __m512i c1 = gml_dw16_at(r0, r1, r2, at + 8, g->lanes, full);
    __m512i c2 = gml_dw16_at(r0, r1, r2, at + 16, 0xFF, 0);
    gml_dw16_store(gml_dw16_pixel(c0, c1, c2, g), g, out + at, 0xFF, 0);
  }
}

/* Whether filter column i of the taps at `a` is column j of those at `b`
   (the same three pointers). */
static inline int gml_dw16_same(const int8_t *const *a, int i, const int8_t *const *b, int j) {
  return a[i] == b[j] && a[3 + i] == b[3 + j] && a[6 + i] == b[6 + j];
}

/* Pixels with 9 tap pointers each: a column a pixel shares with the one
   before (neighbours of a row, stride 1 or 2, edges included) is built
   once, so a batch of a narrow image's rows costs about what a run does. */
GML_VNNI void gml_dw16_pointers(
    size_t channels, size_t pixels, const int8_t *const *in, size_t offset, const gml_dw16 *g,
    int8_t *out, int full) {
  __m512i c0 = gml_dw16_at(in[0], in[3], in[6], offset, g->lanes, full);
  __m512i c1 = gml_dw16_at(in[1], in[4], in[7], offset, g->lanes, full);
  __m512i c2 = gml_dw16_at(in[2], in[5], in[8], offset, g->lanes, full);
  for (size_t px = 0;;) {
    gml_dw16_store(gml_dw16_pixel(c0, c1, c2, g), g, out, g->lanes, full);
    if (++px == pixels) break;
    const int8_t *const *next = in + 9;
    if (gml_dw16_same(next, 0, in, 1) && gml_dw16_same(next, 1, in, 2)) {
      c0 = c1, c1 = c2;
    } else {
      if (gml_dw16_same(next, 0, in, 2)) {
        c0 = c2;
      } else {
        c0 = gml_dw16_at(next[0], next[3], next[6], offset, g->lanes, full);
      }
      c1 = gml_dw16_at(next[1], next[4], next[7], offset, g->lanes, full);
    }
    c2 = gml_dw16_at(next[2], next[5], next[8], offset, g->lanes, full);
    in = next;
    out += channels;
  }
}

/* Pixels of a run that neither slides (dilation, stride 3 or more): one
   set of tap pointers moving by input_step. */
GML_VNNI void gml_dw16_taps(
    size_t channels, size_t pixels, const int8_t *const *in, size_t input_step, size_t offset,
    const gml_dw16 *g, int8_t *out, int full) {
  for (size_t px = 0; px < pixels; px++, offset += input_step, out += channels) {
    __m512i c0 = gml_dw16_at(in[0], in[3], in[6], offset, g->lanes, full);
    __m512i c1 = gml_dw16_at(in[1], in[4], in[7], offset, g->lanes, full);
    __m512i c2 = gml_dw16_at(in[2], in[5], in[8], offset, g->lanes, full);
    gml_dw16_store(gml_dw16_pixel(c0, c1, c2, g), g, out, g->lanes, full);
  }
}

/* The group's pixels, by the fastest path the call allows. */
GML_VNNI void gml_dw16_run(
    size_t channels, size_t pixels, const int8_t *const *input, size_t input_step, size_t c0,
    int dense, const gml_dw16 *g, int8_t *output, int full) {
  if (dense && input_step == channels) {
    gml_dw16_s1(pixels, input[0] + c0, input[3] + c0, input[6] + c0, channels, g, output, full);
  } else if (dense) {
    gml_dw16_s2(
        pixels, input[0] + c0, input[3] + c0, input[6] + c0, channels, channels, g, output, full);
  } else if (input_step == 0) {
    gml_dw16_pointers(channels, pixels, input, c0, g, output, full);
  } else {
    gml_dw16_taps(channels, pixels, input, input_step, c0, g, output, full);
  }
}

__attribute__((target(GML_VNNI_TARGET))) void gml_qs8_dwconv_3x3_avx512vnni(
    size_t channels, size_t pixels, size_t taps, const int8_t *const *input, size_t input_step,
    const void *w, int8_t *output, const gml_qs8_params *params) {
  (void)taps;
  const size_t block_size = gml_qs8_dwconv_block_size(9);
  /* Stride 1 or 2, dilation 1, in step mode: the sliding runs. */
  const int dense = (input_step == channels || input_step == 2 * channels) &&
                    gml_qs8_dwconv_dense_3x3(input, channels);
  const unsigned char *block = (const unsigned char *)w;
  if (channels == 8 && dense && input_step == 8) {
    /* Both halves of the vectors hold the block (gml_dw16_load with 8). */
    gml_dw16 g;
    gml_dw16_load(&g, block, 8, block_size, params);
    g.lanes = 0xFFFF;
    if (g.rq.is_wide) {
      gml_dw16_pairs(pixels, input[0], input[3], input[6], &g, output, 1);
    } else {
      gml_dw16_pairs(pixels, input[0], input[3], input[6], &g, output, 0);
    }
    return;
  }
  for (size_t c0 = 0; c0 < channels; c0 += 16, block += 2 * block_size) {
    const size_t count = channels - c0 < 16 ? channels - c0 : 16;
    gml_dw16 g;
    gml_dw16_load(&g, block, count, block_size, params);
    if (count == 16 && g.rq.is_wide) {
      gml_dw16_run(channels, pixels, input, input_step, c0, dense, &g, output + c0, 1);
    } else {
      gml_dw16_run(channels, pixels, input, input_step, c0, dense, &g, output + c0, 0);
    }
  }
}

/* Whole rows (gml_dwconv_elementwise.h): per group of 16 channels (8
   when there are 8 in all), its weights and requantization loaded once,
   then a sliding run per output row. */
__attribute__((target(GML_VNNI_TARGET))) void gml_qs8_dwconv_3x3_rows_avx512vnni(
    const gml_qs8_dwconv_geometry *g, const int8_t *input, const void *w, int8_t *output,
    const gml_qs8_params *params, size_t first_row, size_t end_row) {
  const size_t c = g->channels, line = g->input_w * c, width = g->output_w;
  const size_t output_h = g->output_h, row_step = g->stride_h * line, image = g->input_h * line;
  const int stride2 = g->stride_w == 2;
  const size_t block_size = gml_qs8_dwconv_block_size(9);
  const unsigned char *block = (const unsigned char *)w;
  /* Output row `row`'s first input row, at channel c0. */
#define GML_DW16_TOP(row, c0) (input + (row) / output_h * image + (row) % output_h * row_step + (c0))
  if (c == 8 && !stride2) {
    gml_dw16 k;
    gml_dw16_load(&k, block, 8, block_size, params);
    k.lanes = 0xFFFF;
    for (size_t row = first_row; row < end_row; row++) {
      const int8_t *top = GML_DW16_TOP(row, 0);
      int8_t *out = output + row * width * c;
      if (k.rq.is_wide) {
        gml_dw16_pairs(width, top, top + line, top + 2 * line, &k, out, 1);
      } else {
        gml_dw16_pairs(width, top, top + line, top + 2 * line, &k, out, 0);
      }
    }
    return;
  }
  for (size_t c0 = 0; c0 < c; c0 += 16, block += 2 * block_size) {
    const size_t count = c - c0 < 16 ? c - c0 : 16;
    gml_dw16 k;
    gml_dw16_load(&k, block, count, block_size, params);
    const int full = count == 16 && k.rq.is_wide;
    for (size_t row = first_row; row < end_row; row++) {
      const int8_t *top = GML_DW16_TOP(row, c0);
      int8_t *out = output + row * width * c + c0;
      if (full && stride2) {
        gml_dw16_s2(width, top, top + line, top + 2 * line, c, c, &k, out, 1);
      } else if (full) {
        gml_dw16_s1(width, top, top + line, top + 2 * line, c, &k, out, 1);
      } else if (stride2) {
        gml_dw16_s2(width, top, top + line, top + 2 * line, c, c, &k, out, 0);
      } else {
        gml_dw16_s1(width, top, top + line, top + 2 * line, c, &k, out, 0);
      }
    }
  }
#undef GML_DW16_TOP
}

#endif
