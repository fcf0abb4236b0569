/*
 * qs8_im2col.c — gathers output pixels' filter windows into GEMM rows for
 * the fast Conv2D (portable C). With dilation 1, the taps of one filter
 * row that fall on the input are one contiguous run, copied at once; a
 * window wholly on the input takes a path without bounds checks, one
 * past the input's edge is filled with the zero point first.
 * (Pointing a kernel at each tap instead, XNNPACK's indirect GEMM, was
 * measured: no faster on Zen 3 with these tiles, so not kept.)
 */
#include "gml_microkernels.h"

/* Copies n bytes with unaligned word moves, the last ones overlapping the
   previous (nothing read or written outside the n bytes). */
static inline void copy_bytes(int8_t *dst, const int8_t *src, size_t n) {
  if (n >= 16) {
    size_t i = 0;
    for (; i + 16 <= n; i += 16) __builtin_memcpy(dst + i, src + i, 16);
    if (i < n) __builtin_memcpy(dst + n - 16, src + n - 16, 16);
  } else if (n >= 8) {
    uint64_t lo, hi;
    __builtin_memcpy(&lo, src, 8);
    __builtin_memcpy(&hi, src + n - 8, 8);
    __builtin_memcpy(dst, &lo, 8);
    __builtin_memcpy(dst + n - 8, &hi, 8);
  } else if (n >= 4) {
    uint32_t lo, hi;
    __builtin_memcpy(&lo, src, 4);
    __builtin_memcpy(&hi, src + n - 4, 4);
    __builtin_memcpy(dst, &lo, 4);
    __builtin_memcpy(dst + n - 4, &hi, 4);
  } else {
    for (size_t i = 0; i < n; i++) dst[i] = src[i];
  }
}

/* Fills n bytes with the byte of `pattern` (8 copies of it), likewise. */
static inline void fill_bytes(int8_t *dst, uint64_t pattern, size_t n) {
  if (n >= 8) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) __builtin_memcpy(dst + i, &pattern, 8);
    if (i < n) __builtin_memcpy(dst + n - 8, &pattern, 8);
  } else if (n >= 4) {
    uint32_t half = (uint32_t)pattern;
    __builtin_memcpy(dst, &half, 4);
    __builtin_memcpy(dst + n - 4, &half, 4);
  } else {
    for (size_t i = 0; i < n; i++) dst[i] = (int8_t)pattern;
  }
}

/* A window that passes the input's edge: the zero point everywhere, then
   the taps on the input copied over it. With dilation 1 the columns on
   the input are one run per filter row, the same for every row, worked
   out once. */
static void gather_border(
    const gml_qs8_window *g, const int8_t *image, ptrdiff_t origin_y, ptrdiff_t origin_x,
    int8_t *restrict dst, uint64_t zero) {
  const ptrdiff_t depth = g->input_depth, fw = g->filter_w, row_bytes = fw * depth;
  const ptrdiff_t line = g->input_w * depth;
  fill_bytes(dst, zero, (size_t)(g->filter_h * row_bytes));
  ptrdiff_t lo = 0, hi = fw;
  if (g->dilation_w == 1) {
    lo = -origin_x < 0 ? 0 : -origin_x;
    if (lo > fw) lo = fw;
    hi = g->input_w - origin_x < fw ? g->input_w - origin_x : fw;
    if (hi <= lo) return;
  }
  for (ptrdiff_t ky = 0; ky < g->filter_h; ky++) {
    const ptrdiff_t iy = origin_y + ky * g->dilation_h;
    if (iy < 0 || iy >= g->input_h) continue;
    const int8_t *src = image + iy * line;
    int8_t *out = dst + ky * row_bytes;
    if (g->dilation_w == 1) {
      copy_bytes(out + lo * depth, src + (origin_x + lo) * depth, (size_t)((hi - lo) * depth));
      continue;
    }
    for (ptrdiff_t kx = 0; kx < fw; kx++) {
      const ptrdiff_t ix = origin_x + kx * g->dilation_w;
      if (ix >= 0 && ix < g->input_w) {
        copy_bytes(out + kx * depth, src + ix * depth, (size_t)depth);
      }
    }
  }
}

void gml_qs8_im2col(
    const gml_qs8_window *window, const int8_t *input, gml_qs8_pixel *pixel, size_t count,
    int8_t *panel, size_t stride) {
  /* A local copy: stores through int8_t * could alias *window otherwise. */
  const gml_qs8_window geometry = *window, *g = &geometry;
  const ptrdiff_t depth = g->input_depth, fh = g->filter_h, fw = g->filter_w;
  const size_t row_bytes = (size_t)(fw * depth), k = (size_t)fh * row_bytes;
  const ptrdiff_t span_y = (fh - 1) * g->dilation_h, span_x = (fw - 1) * g->dilation_w;
  const ptrdiff_t line_bytes = g->input_w * depth, image_bytes = g->input_h * line_bytes;
  const ptrdiff_t step = g->dilation_h * line_bytes;
  const int contiguous = g->dilation_w == 1;
  const uint64_t zero = 0x0101010101010101ull * (uint8_t)g->zero_point;
  ptrdiff_t ox = pixel->x, oy = pixel->y, b = pixel->batch;
  const int8_t *image = input + b * image_bytes;
  for (size_t r = 0; r < count; r++) {
    int8_t *row = panel + r * stride;
    const ptrdiff_t origin_y = oy * g->stride_h - g->padding_top;
    const ptrdiff_t origin_x = ox * g->stride_w - g->padding_left;
    if (contiguous && origin_y >= 0 && origin_y + span_y < g->input_h && origin_x >= 0 &&
        origin_x + span_x < g->input_w) {
      const int8_t *src = image + origin_y * line_bytes + origin_x * depth;
      if (row_bytes % 16 == 0) {
        /* Whole 16-byte moves (depth a multiple of 16, or 16 / kw). */
        for (ptrdiff_t ky = 0; ky < fh; ky++) {
          for (size_t i = 0; i < row_bytes; i += 16) {
            __builtin_memcpy(row + ky * row_bytes + i, src + ky * step + i, 16);
          }
        }
      } else if (row_bytes >= 8 && row_bytes < 16) {
        /* Two overlapping 8-byte moves per filter row (3x3 on 3 channels:
           9 bytes), all loads first. */
        for (ptrdiff_t ky = 0; ky < fh; ky++) {
          uint64_t lo, hi;
          __builtin_memcpy(&lo, src + ky * step, 8);
          __builtin_memcpy(&hi, src + ky * step + row_bytes - 8, 8);
          __builtin_memcpy(row + ky * row_bytes, &lo, 8);
          __builtin_memcpy(row + ky * row_bytes + row_bytes - 8, &hi, 8);
        }
      } else {
        for (ptrdiff_t ky = 0; ky < fh; ky++) {
          copy_bytes(row + ky * row_bytes, src + ky * step, row_bytes);
        }
      }
    } else {
      gather_border(g, image, origin_y, origin_x, row, zero);
    }
    fill_bytes(row + k, 0, stride - k);
    if (++ox == g->output_w) {
      ox = 0;
      if (++oy == g->output_h) {
        oy = 0;
        b++;
        image += image_bytes;
      }
    }
  }
  pixel->batch = (int32_t)b;
  pixel->y = (int32_t)oy;
  pixel->x = (int32_t)ox;
}

