/*
 * qs8_conv.c — the portable half of the direct Conv2D (gml_conv.h): the
 * zero-point padded copy of the input, and the driver that gives a tile
 * its pixels' window origins and the taps' offsets.
 */
#include "gml_conv.h"

/* Rows and columns the padded buffer needs: the input's, the padding
   before it, and what the last window reaches past its end. */
void gml_qs8_conv_padded_extent(const gml_qs8_window *g, int32_t *h, int32_t *w) {
  int32_t reach_h = (g->output_h - 1) * g->stride_h + (g->filter_h - 1) * g->dilation_h + 1;
  int32_t reach_w = (g->output_w - 1) * g->stride_w + (g->filter_w - 1) * g->dilation_w + 1;
  int32_t end_h = g->padding_top + g->input_h, end_w = g->padding_left + g->input_w;
  *h = reach_h > end_h ? reach_h : end_h;
  *w = reach_w > end_w ? reach_w : end_w;
}

static int32_t round_up4(int32_t x) { return (x + 3) / 4 * 4; }

size_t gml_qs8_conv_padded_size(const gml_qs8_window *g, size_t batches) {
  int32_t h, w;
  gml_qs8_conv_padded_extent(g, &h, &w);
  return batches * (size_t)h * (size_t)w * (size_t)round_up4(g->input_depth);
}

static gml_qs8_conv_geometry geometry(const gml_qs8_window *g, int32_t h, int32_t w, int32_t d4) {
  gml_qs8_conv_geometry c = {h, w, d4, g->filter_h, g->filter_w, g->stride_h, g->stride_w,
                             g->dilation_h, g->dilation_w, g->output_h, g->output_w};
  return c;
}

gml_qs8_conv_geometry gml_qs8_conv_in_place(const gml_qs8_window *g) {
  return geometry(g, g->input_h, g->input_w, g->input_depth);
}

/* Copies n pixels of d bytes to pixels of d4 (d rounded up to 4), the
   bytes past d the zero point: for d < 4 one 4-byte word per pixel, read
   over the next pixel's bytes except for the last (so nothing past the
   row is read), the extra bytes then replaced by the zero point. */
static void copy_pixels(int8_t *dst, const int8_t *src, size_t n, size_t d, size_t d4, uint8_t zero) {
  if (d >= 4) {
    for (size_t x = 0; x < n; x++) __builtin_memcpy(dst + x * d4, src + x * d, d);
    return;
  }
  const uint32_t keep = (1u << (8 * d)) - 1, fill = (0x01010101u * zero) & ~keep;
  for (size_t x = 0; x + 1 < n; x++) {
    uint32_t word;
    __builtin_memcpy(&word, src + x * d, 4);
    word = (word & keep) | fill;
    __builtin_memcpy(dst + x * 4, &word, 4);
  }
  for (size_t i = 0; i < d; i++) dst[(n - 1) * 4 + i] = src[(n - 1) * d + i];
}

gml_qs8_conv_geometry gml_qs8_conv_pad(
    const gml_qs8_window *g, size_t batches, const int8_t *input, int8_t *out) {
  int32_t h, w;
  gml_qs8_conv_padded_extent(g, &h, &w);
  const size_t d = (size_t)g->input_depth, d4 = (size_t)round_up4(g->input_depth);
  const size_t line = (size_t)w * d4;
  __builtin_memset(out, (uint8_t)g->zero_point, batches * (size_t)h * line);
  for (size_t b = 0; b < batches; b++) {
    for (int32_t y = 0; y < g->input_h; y++) {
      const int8_t *src = input + ((b * (size_t)g->input_h + (size_t)y) * (size_t)g->input_w) * d;
      int8_t *dst = out + (b * (size_t)h + (size_t)(y + g->padding_top)) * line +
                    (size_t)g->padding_left * d4;
      if (d == d4) {
        __builtin_memcpy(dst, src, (size_t)g->input_w * d);
      } else {
        copy_pixels(dst, src, (size_t)g->input_w, d, d4, (uint8_t)g->zero_point);
      }
    }
  }
  return geometry(g, h, w, (int32_t)d4);
}

void gml_qs8_conv_run(
    const gml_qs8_conv_geometry *g, gml_qs8_conv_fn kernel, size_t mr, const int8_t *buffer,
    gml_qs8_pixel *pixel, size_t count, size_t nc, size_t kc, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params) {
  const ptrdiff_t pixel_bytes = g->depth4, line = (ptrdiff_t)g->image_w * pixel_bytes;
  const ptrdiff_t image = (ptrdiff_t)g->image_h * line;
  ptrdiff_t offsets[GML_QS8_CONV_MAX_TAPS];
  size_t taps = 0;
  for (int32_t ky = 0; ky < g->filter_h; ky++) {
    for (int32_t kx = 0; kx < g->filter_w; kx++) {
      offsets[taps++] = ky * g->dilation_h * line + kx * g->dilation_w * pixel_bytes;
    }
  }
  ptrdiff_t b = pixel->batch, oy = pixel->y, ox = pixel->x;
  const int8_t *origins[16];
  while (count > 0) {
    size_t rows = count < mr ? count : mr;
    for (size_t r = 0; r < rows; r++) {
      origins[r] = buffer + b * image + oy * g->stride_h * line + ox * g->stride_w * pixel_bytes;
      if (++ox == g->output_w) {
        ox = 0;
        if (++oy == g->output_h) {
          oy = 0;
          b++;
        }
      }
    }
    kernel(rows, nc, kc, origins, offsets, taps, (size_t)g->depth4, w, c, c_stride, params);
    c += rows * c_stride;
    count -= rows;
  }
  pixel->batch = (int32_t)b;
  pixel->y = (int32_t)oy;
  pixel->x = (int32_t)ox;
}
