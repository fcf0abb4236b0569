/*
 * qs8_conv.c — the portable half of the direct Conv2D (gml_conv.h): the
 * zero-point padded copy of the input, and the driver that gives a tile
 * its pixels' window origins and the filter rows' offsets.
 */
#include "gml_conv.h"

/* Rows and columns the padded copy needs: the input's, the padding
   before it, and what the last window reaches past its end. */
static void padded_extent(const gml_qs8_window *g, int32_t *h, int32_t *w) {
  int32_t reach_h = (g->output_h - 1) * g->stride_h + (g->filter_h - 1) * g->dilation_h + 1;
  int32_t reach_w = (g->output_w - 1) * g->stride_w + g->filter_w;
  int32_t end_h = g->padding_top + g->input_h, end_w = g->padding_left + g->input_w;
  *h = reach_h > end_h ? reach_h : end_h;
  *w = reach_w > end_w ? reach_w : end_w;
}

size_t gml_qs8_conv_row_bytes(const gml_qs8_window *g) {
  return ((size_t)g->filter_w * (size_t)g->input_depth + 3) / 4 * 4;
}

int gml_qs8_conv_reads_in_place(const gml_qs8_window *g) {
  int32_t reach_h = (g->output_h - 1) * g->stride_h + (g->filter_h - 1) * g->dilation_h + 1;
  int32_t reach_w = (g->output_w - 1) * g->stride_w + g->filter_w;
  return g->padding_top == 0 && g->padding_left == 0 && reach_h <= g->input_h &&
         reach_w <= g->input_w && (g->filter_w * g->input_depth) % 4 == 0;
}

size_t gml_qs8_conv_padded_size(const gml_qs8_window *g, size_t batches) {
  int32_t h, w;
  padded_extent(g, &h, &w);
  return batches * (size_t)h * (size_t)w * (size_t)g->input_depth + 4;
}

static gml_qs8_conv_geometry geometry(const gml_qs8_window *g, int32_t h, int32_t w) {
  gml_qs8_conv_geometry c = {
      h, w, g->input_depth, (int32_t)gml_qs8_conv_row_bytes(g), g->filter_h, g->stride_h,
      g->stride_w, g->dilation_h, g->output_h, g->output_w};
  return c;
}

gml_qs8_conv_geometry gml_qs8_conv_in_place(const gml_qs8_window *g) {
  return geometry(g, g->input_h, g->input_w);
}

gml_qs8_conv_geometry gml_qs8_conv_padded_geometry(const gml_qs8_window *g) {
  int32_t h, w;
  padded_extent(g, &h, &w);
  return geometry(g, h, w);
}

gml_qs8_conv_geometry gml_qs8_conv_pad(
    const gml_qs8_window *g, size_t batches, const int8_t *input, int8_t *out, uint8_t flip) {
  int32_t h, w;
  padded_extent(g, &h, &w);
  const size_t d = (size_t)g->input_depth, line = (size_t)w * d, run = (size_t)g->input_w * d;
  __builtin_memset(out, (uint8_t)g->zero_point ^ flip, gml_qs8_conv_padded_size(g, batches));
  for (size_t b = 0; b < batches; b++) {
    for (int32_t y = 0; y < g->input_h; y++) {
      const int8_t *src = input + ((b * (size_t)g->input_h + (size_t)y) * (size_t)g->input_w) * d;
      int8_t *dst = out + (b * (size_t)h + (size_t)(y + g->padding_top)) * line +
                    (size_t)g->padding_left * d;
      if (flip) {
        for (size_t i = 0; i < run; i++) dst[i] = (int8_t)((uint8_t)src[i] ^ flip);
      } else {
        __builtin_memcpy(dst, src, run);
      }
    }
  }
  return geometry(g, h, w);
}

void gml_qs8_conv_run(
    const gml_qs8_conv_geometry *g, gml_qs8_conv_fn kernel, size_t mr, const int8_t *buffer,
    gml_qs8_pixel *pixel, size_t count, size_t nc, size_t kc, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params) {
  const ptrdiff_t depth = g->depth, line = (ptrdiff_t)g->image_w * depth;
  const ptrdiff_t image = (ptrdiff_t)g->image_h * line;
  ptrdiff_t offsets[GML_QS8_CONV_MAX_ROWS];
  for (int32_t ky = 0; ky < g->filter_h; ky++) offsets[ky] = ky * g->dilation_h * line;
  ptrdiff_t b = pixel->batch, oy = pixel->y, ox = pixel->x;
  /* The window origins step through the input: a stride along a row, a
     row stride (from the row's start) past its last pixel. */
  const ptrdiff_t step = g->stride_w * depth, row_step = g->stride_h * line;
  const int8_t *row = buffer + b * image + oy * row_step, *at = row + ox * step;
  const int8_t *origins[GML_QS8_CONV_MAX_PIXELS];
  if (mr > GML_QS8_CONV_MAX_PIXELS) mr = GML_QS8_CONV_MAX_PIXELS;
  const ptrdiff_t output_w = g->output_w;
  while (count > 0) {
    size_t rows = count < mr ? count : mr;
    /* The call's pixels a run along an output row at a time. */
    for (size_t r = 0; r < rows;) {
      const size_t left = (size_t)(output_w - ox), run = rows - r < left ? rows - r : left;
      for (size_t end = r + run; r < end; r++, at += step) origins[r] = at;
      ox += (ptrdiff_t)run;
      if (ox == output_w) {
        ox = 0;
        row += row_step;
        if (++oy == g->output_h) {
          oy = 0;
          b++;
          row = buffer + b * image;
        }
        at = row;
      }
    }
    kernel(rows, nc, kc, origins, offsets, (size_t)g->filter_h, (size_t)g->row_bytes4, w, c,
           c_stride, params);
    c += rows * c_stride;
    count -= rows;
  }
  pixel->batch = (int32_t)b;
  pixel->y = (int32_t)oy;
  pixel->x = (int32_t)ox;
}
