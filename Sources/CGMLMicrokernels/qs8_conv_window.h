/*
 * qs8_conv_window.h — a Conv2D output pixel's window as raw bytes, the
 * input zero point where it passes the image's edge (gml_dsp.h's
 * gml_qs8_dsp_conv), for the Cortex-M kernels that gather windows
 * (qs8_conv_2x2_dsp.c, qs8_conv_helium.c), each with its own byte moves.
 * Private to this folder; static inline.
 */
#ifndef GML_QS8_CONV_WINDOW_H
#define GML_QS8_CONV_WINDOW_H

#include <stddef.h>
#include <stdint.h>

#include "gml_dsp.h"

/* Writes output pixel (oy, ox)'s window of `image` (filter_h runs of
   filter_w * input_depth bytes) into `row`: `copy` moves the taps on the
   image, `fill` writes the zero point elsewhere (both inlined: constants
   where this is). Returns the bytes written, K. */
static inline __attribute__((always_inline)) size_t gml_conv_window_bytes(
    const gml_qs8_dsp_conv *c, const int8_t *image, int32_t oy, int32_t ox, int8_t *row,
    void (*copy)(int8_t *, const int8_t *, size_t), void (*fill)(int8_t *, int8_t, size_t)) {
  size_t depth = (size_t)c->input_depth, run = (size_t)c->filter_w * depth, k = 0;
  int8_t pad = (int8_t)-c->input_offset;
  int32_t y0 = oy * c->stride_h - c->pad_top, x0 = ox * c->stride_w - c->pad_left;
  int32_t last = x0 + (c->filter_w - 1) * c->dilation_w;
  int inside_x = (c->dilation_w == 1 || c->filter_w == 1) && x0 >= 0 && last < c->input_w;
  for (int32_t ky = 0; ky < c->filter_h; ky++, k += run) {
    int32_t iy = y0 + ky * c->dilation_h;
    if (iy < 0 || iy >= c->input_h) {
      fill(row + k, pad, run);
      continue;
    }
    const int8_t *line = image + (size_t)iy * (size_t)c->input_w * depth;
    if (inside_x) {
      copy(row + k, line + (size_t)x0 * depth, run);
      continue;
    }
    for (int32_t kx = 0; kx < c->filter_w; kx++) {
      int32_t ix = x0 + kx * c->dilation_w;
      size_t at = k + (size_t)kx * depth;
      if (ix < 0 || ix >= c->input_w) {
        fill(row + at, pad, depth);
      } else {
        copy(row + at, line + (size_t)ix * depth, depth);
      }
    }
  }
  return k;
}

#endif
