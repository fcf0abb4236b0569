/*
 * qs8_dwconv_pack.c — the depthwise packed layout (gml_dwconv_elementwise.h),
 * the portable driver that feeds the microkernels (per output row, the
 * pixels whose windows lie inside the image as one run, a pointer per tap
 * and the stride; the others in batches of per-pixel tap pointers), and
 * the zero-point padded copy that makes every pixel one of a run.
 */
#include "gml_dwconv_elementwise.h"
#include "qs8_dwconv.h"

size_t gml_qs8_dwconv_packed_size(size_t channels, size_t taps) {
  return (channels + 7) / 8 * gml_qs8_dwconv_block_size(taps) + (channels + 7) / 8 * 8;
}

void gml_qs8_dwconv_pack(
    size_t channels, size_t taps, const int8_t *weights, const int32_t *bias,
    int32_t input_offset, const int32_t *multiplier, const int32_t *shift, void *out) {
  unsigned char *block = (unsigned char *)out;
  size_t blocks = (channels + 7) / 8;
  __builtin_memset(out, 0, gml_qs8_dwconv_packed_size(channels, taps));
  for (size_t c0 = 0; c0 < channels; c0 += 8) {
    int32_t fields[4][8] = {{0}};
    int8_t *w = (int8_t *)(block + GML_QS8_DWCONV_WEIGHTS);
    for (size_t j = 0; j < 8 && c0 + j < channels; j++) {
      size_t c = c0 + j;
      uint32_t sum = 0;
      for (size_t t = 0; t < taps; t++) {
        int8_t v = weights[t * channels + c];
        sum += (uint32_t)(int32_t)v;
        w[t * 8 + j] = v;
      }
      fields[0][j] = (int32_t)((uint32_t)input_offset * sum + (bias ? (uint32_t)bias[c] : 0));
      fields[1][j] = multiplier[c];
      fields[2][j] = shift[c] > 0 ? shift[c] : 0;
      fields[3][j] = shift[c] > 0 ? 0 : -shift[c];
    }
    __builtin_memcpy(block, fields, sizeof fields);
    block += gml_qs8_dwconv_block_size(taps);
  }
  /* The zero buffer: what a padding tap reads. */
  __builtin_memset(block, (int)(int8_t)(-input_offset), blocks * 8);
}

/* The tap pointers of output column ox for the rows in `rows` (NULL: a
   padding row): padding taps point at `zero`. Columns are counted from the
   image's first (one left of it wraps past input_w). */
static const int8_t **gml_qs8_dwconv_window(
    const gml_qs8_dwconv_geometry *g, const int8_t *const *rows, const int8_t *zero, size_t ox,
    const int8_t **p) {
  const size_t x0 = ox * g->stride_w - g->pad_left, width = g->input_w, c = g->channels;
  for (size_t ky = 0; ky < g->kernel_h; ky++) {
    const int8_t *row = rows[ky];
    for (size_t kx = 0, x = x0; kx < g->kernel_w; kx++, x += g->dilation_w) {
      *p++ = row && x < width ? row + x * c : zero;
    }
  }
  return p;
}

/* gml_qs8_dwconv_window for n columns from ox of a 3x3 filter of dilation
   1 (the common case), unrolled: the general loop cost narrow images
   (DS-CNN's 25x5, whose pixels all go in batches) a third of the driver's
   time. */
static void gml_qs8_dwconv_windows3x3(
    const gml_qs8_dwconv_geometry *g, const int8_t *const *rows, const int8_t *zero, size_t ox,
    size_t n, const int8_t **p) {
  const size_t c = g->channels, stride = g->stride_w;
  /* A padding row: no column inside (limit 0). */
  const size_t limit0 = rows[0] ? g->input_w : 0, limit1 = rows[1] ? g->input_w : 0;
  const size_t limit2 = rows[2] ? g->input_w : 0;
  const int8_t *const r0 = rows[0], *const r1 = rows[1], *const r2 = rows[2];
  size_t x = ox * stride - g->pad_left;
  for (size_t i = 0; i < n; i++, x += stride, p += 9) {
    const size_t at = x * c;
    p[0] = x < limit0 ? r0 + at : zero;
    p[3] = x < limit1 ? r1 + at : zero;
    p[6] = x < limit2 ? r2 + at : zero;
    p[1] = x + 1 < limit0 ? r0 + at + c : zero;
    p[4] = x + 1 < limit1 ? r1 + at + c : zero;
    p[7] = x + 1 < limit2 ? r2 + at + c : zero;
    p[2] = x + 2 < limit0 ? r0 + at + 2 * c : zero;
    p[5] = x + 2 < limit1 ? r1 + at + 2 * c : zero;
    p[8] = x + 2 < limit2 ? r2 + at + 2 * c : zero;
  }
}

/* The batch's pointers, and the shortest step-mode run: a shorter run goes
   into the batch instead, as the microkernels set up each block of
   channels once per call. On x86-64 (measured there: 3x3 runs of 4, as on
   6x6 and 25x5 images, 5-20% faster batched, AVX2 and AVX-512 alike) a
   batch of 4 KB holds 56 3x3 pixels; elsewhere (Cortex-M stacks) 14, and
   runs of 2 or more slide. */
#if defined(__x86_64__) || defined(__aarch64__)
enum { GML_QS8_DWCONV_BATCH = 512, GML_QS8_DWCONV_MIN_RUN = 6 };
#else
enum { GML_QS8_DWCONV_BATCH = GML_QS8_DWCONV_MAX_TAPS, GML_QS8_DWCONV_MIN_RUN = 2 };
#endif

/* Output pixels waiting for one call with a pointer per tap: `count`
   consecutive pixels from `out`. */
typedef struct gml_qs8_dwconv_batch {
  const int8_t *pointers[GML_QS8_DWCONV_BATCH];
  size_t count;
  int8_t *out;
} gml_qs8_dwconv_batch;

/* Runs the batch's pixels, if any, and empties it. */
static void gml_qs8_dwconv_flush(
    const gml_qs8_dwconv_geometry *g, gml_qs8_dwconv_batch *batch, const void *packed,
    const gml_qs8_params *params, gml_qs8_dwconv_fn kernel) {
  if (batch->count == 0) return;
  size_t taps = g->kernel_h * g->kernel_w;
  kernel(g->channels, batch->count, taps, batch->pointers, 0, packed, batch->out, params);
  batch->count = 0;
}

/* Adds output columns ox..<end of a row (`out`: column ox's outputs) to
   the batch, running it whenever it fills: the windows of as many pixels
   as fit are written in one loop. */
static void gml_qs8_dwconv_append(
    const gml_qs8_dwconv_geometry *g, gml_qs8_dwconv_batch *batch, const int8_t *const *rows,
    const int8_t *zero, size_t ox, size_t end, int8_t *out, const void *packed,
    const gml_qs8_params *params, gml_qs8_dwconv_fn kernel) {
  const size_t taps = g->kernel_h * g->kernel_w, capacity = GML_QS8_DWCONV_BATCH / taps;
  while (ox < end) {
    if (batch->count == capacity) gml_qs8_dwconv_flush(g, batch, packed, params, kernel);
    if (batch->count == 0) batch->out = out;
    size_t n = capacity - batch->count < end - ox ? capacity - batch->count : end - ox;
    const int8_t **p = batch->pointers + batch->count * taps;
    if (g->kernel_h == 3 && g->kernel_w == 3 && g->dilation_w == 1) {
      gml_qs8_dwconv_windows3x3(g, rows, zero, ox, n, p);
    } else {
      for (size_t i = 0; i < n; i++) p = gml_qs8_dwconv_window(g, rows, zero, ox + i, p);
    }
    batch->count += n;
    ox += n;
    out += n * g->channels;
  }
}

void gml_qs8_dwconv(
    const gml_qs8_dwconv_geometry *g, const int8_t *input, const void *packed, int8_t *output,
    const gml_qs8_params *params, gml_qs8_dwconv_fn kernel, size_t first_row, size_t end_row) {
  const size_t taps = g->kernel_h * g->kernel_w, c = g->channels;
  if (taps == 0 || taps > GML_QS8_DWCONV_MAX_TAPS || c == 0 || g->output_w == 0) return;
  if (g->output_h == 0 || end_row > g->batches * g->output_h) end_row = g->batches * g->output_h;
  const int8_t *zero = (const int8_t *)packed + (c + 7) / 8 * gml_qs8_dwconv_block_size(taps);
  const size_t row_bytes = g->input_w * c, width = g->output_w;
  /* Output columns first..<last have every tap inside the image's width. */
  const size_t span = (g->kernel_w - 1) * g->dilation_w;
  size_t first = (g->pad_left + g->stride_w - 1) / g->stride_w, last = first;
  if (g->input_w + g->pad_left > span) {
    last = (g->input_w + g->pad_left - span - 1) / g->stride_w + 1;
  }
  if (last > width) last = width;
  if (last < first + GML_QS8_DWCONV_MIN_RUN) last = first = width;
  const int8_t *rows[GML_QS8_DWCONV_MAX_TAPS];
  gml_qs8_dwconv_batch batch;
  batch.count = 0;
  batch.out = output;
  for (size_t row = first_row; row < end_row; row++) {
    const size_t b = row / g->output_h, oy = row % g->output_h;
    const int8_t *image = input + b * g->input_h * row_bytes;
    int8_t *out = output + row * width * c;
    /* The input row each filter row reads, or NULL in the padding. */
    int inside_h = 1;
    for (size_t ky = 0; ky < g->kernel_h; ky++) {
      size_t iy = oy * g->stride_h + ky * g->dilation_h;
      int inside = iy >= g->pad_top && iy - g->pad_top < g->input_h;
      rows[ky] = inside ? image + (iy - g->pad_top) * row_bytes : NULL;
      inside_h &= inside;
    }
    if (!inside_h || first == last) {
      gml_qs8_dwconv_append(g, &batch, rows, zero, 0, width, out, packed, params, kernel);
      continue;
    }
    /* The pixels whose windows lie inside the image: one call. */
    gml_qs8_dwconv_append(g, &batch, rows, zero, 0, first, out, packed, params, kernel);
    gml_qs8_dwconv_flush(g, &batch, packed, params, kernel);
    if (taps == 9 && g->kernel_w == 3 && g->dilation_w == 1) {
      gml_qs8_dwconv_windows3x3(g, rows, zero, first, 1, batch.pointers);
    } else {
      gml_qs8_dwconv_window(g, rows, zero, first, batch.pointers);
    }
    kernel(
        c, last - first, taps, batch.pointers, g->stride_w * c, packed, out + first * c, params);
    gml_qs8_dwconv_append(
        g, &batch, rows, zero, last, width, out + last * c, packed, params, kernel);
  }
  gml_qs8_dwconv_flush(g, &batch, packed, params, kernel);
}

int gml_qs8_dwconv_rows_ok(const gml_qs8_dwconv_geometry *g) {
  return g->kernel_h == 3 && g->kernel_w == 3 && g->dilation_h == 1 && g->dilation_w == 1 &&
         (g->stride_w == 1 || g->stride_w == 2) && g->stride_h >= 1 && g->output_h > 0 &&
         g->output_w > 0 && !gml_qs8_dwconv_pads(g);
}

/* The rows and columns every window reaches: the input's with the
   padding before it, or the last window's end when that lies further. */
static void gml_qs8_dwconv_extent(const gml_qs8_dwconv_geometry *g, size_t *h, size_t *w) {
  size_t reach_h = (g->output_h - 1) * g->stride_h + (g->kernel_h - 1) * g->dilation_h + 1;
  size_t reach_w = (g->output_w - 1) * g->stride_w + (g->kernel_w - 1) * g->dilation_w + 1;
  size_t end_h = g->pad_top + g->input_h, end_w = g->pad_left + g->input_w;
  *h = reach_h > end_h ? reach_h : end_h;
  *w = reach_w > end_w ? reach_w : end_w;
}

int gml_qs8_dwconv_pads(const gml_qs8_dwconv_geometry *g) {
  if (g->output_h == 0 || g->output_w == 0) return 0;
  size_t h, w;
  gml_qs8_dwconv_extent(g, &h, &w);
  return g->pad_top > 0 || g->pad_left > 0 || h > g->input_h || w > g->input_w;
}

size_t gml_qs8_dwconv_padded_size(const gml_qs8_dwconv_geometry *g) {
  if (!gml_qs8_dwconv_pads(g)) return 0;
  size_t h, w;
  gml_qs8_dwconv_extent(g, &h, &w);
  return g->batches * h * w * g->channels;
}

gml_qs8_dwconv_geometry gml_qs8_dwconv_padded_geometry(const gml_qs8_dwconv_geometry *g) {
  gml_qs8_dwconv_geometry padded = *g;
  gml_qs8_dwconv_extent(g, &padded.input_h, &padded.input_w);
  padded.pad_top = 0;
  padded.pad_left = 0;
  return padded;
}

gml_qs8_dwconv_geometry gml_qs8_dwconv_pad(
    const gml_qs8_dwconv_geometry *g, const int8_t *input, int32_t zero_point, int8_t *out) {
  size_t h, w;
  gml_qs8_dwconv_extent(g, &h, &w);
  const size_t c = g->channels, line = w * c, row = g->input_w * c;
  for (size_t b = 0; b < g->batches; b++) {
    int8_t *image = out + b * h * line;
    const int8_t *from = input + b * g->input_h * row;
    /* The rows above and below the input, then each input row with its
       padding left and right. */
    __builtin_memset(image, (uint8_t)zero_point, g->pad_top * line);
    __builtin_memset(image + (g->pad_top + g->input_h) * line, (uint8_t)zero_point,
                     (h - g->pad_top - g->input_h) * line);
    for (size_t y = 0; y < g->input_h; y++) {
      int8_t *to = image + (g->pad_top + y) * line;
      __builtin_memset(to, (uint8_t)zero_point, g->pad_left * c);
      __builtin_memcpy(to + g->pad_left * c, from + y * row, row);
      __builtin_memset(to + g->pad_left * c + row, (uint8_t)zero_point,
                       line - g->pad_left * c - row);
    }
  }
  return gml_qs8_dwconv_padded_geometry(g);
}
