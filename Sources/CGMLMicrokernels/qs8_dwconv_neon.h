/*
 * qs8_dwconv_neon.h — what the AArch64 3x3 depthwise kernels share: a
 * block's requantization constants held in registers, 8 sums to clamped
 * int8 with them (in C, and in the assembly of the sliding runs), and the
 * check that a run slides along its row. Private to this folder; AArch64
 * only.
 */
#ifndef GML_QS8_DWCONV_NEON_H
#define GML_QS8_DWCONV_NEON_H

#if defined(__aarch64__)

#include "qs8_dwconv.h"
#include "qs8_neon_tile.h"

/* A block's requantization (8 channels), loaded once per call: the
   stores to the output may alias the packed block, so constants read
   from it inside the pixel loop would be read again for every pixel. */
typedef struct gml_dw_rq {
  int32x4_t multiplier[2], shift[2], left[2], exact[2];
  int short_form; /* every channel shifts right (gml_neon_block_short) */
} gml_dw_rq;

GML_NEON_INLINE gml_dw_rq gml_dw_rq_load(const unsigned char *block, const gml_neon_out *o) {
  const unsigned char *rq = block + GML_QS8_DWCONV_REQUANT;
  const int32_t *f = (const int32_t *)rq;
  gml_dw_rq q;
  for (int h = 0; h < 2; h++) {
    q.multiplier[h] = vld1q_s32(f + 4 * h);
    q.left[h] = vld1q_s32(f + 8 + 4 * h);
    q.shift[h] = vnegq_s32(vld1q_s32(f + 16 + 4 * h));
    q.exact[h] = vreinterpretq_s32_u32(vceqzq_s32(q.shift[h]));
  }
  q.short_form = o->small_zero_point && gml_neon_block_short(rq, 8);
  return q;
}

/* The sums of 8 channels (lo: 0-3, hi: 4-7) requantized as
   gml_neon_gemmlowp_rows does, plus the zero point, clamped. */
GML_NEON_INLINE int8x8_t gml_dw_finish(
    int32x4_t lo, int32x4_t hi, const gml_dw_rq *q, int short_form, const gml_neon_out *o) {
  int32x4_t y[2] = {lo, hi};
  GML_UNROLL
  for (int h = 0; h < 2; h++) {
    int32x4_t v;
    if (short_form) {
      v = vqrdmulhq_s32(y[h], q->multiplier[h]);
      v = vsraq_n_s32(v, v, 31);
    } else {
      v = vqrdmulhq_s32(vshlq_s32(y[h], q->left[h]), q->multiplier[h]);
      v = vsraq_n_s32(v, vbicq_s32(v, q->exact[h]), 31);
    }
    y[h] = vrshlq_s32(v, q->shift[h]);
  }
  return gml_neon_finish8(y, short_form, o);
}

/* How a kernel runs a block's pixels (gml_dwconv_elementwise.h's modes):
   sliding along a row with stride 1 or 2, or one window at a time from
   the tap pointers (in += increment, offset += input_step per pixel). */
enum { GML_DW_S1 = 1, GML_DW_S2 = 2, GML_DW_TAPS = 0 };

/* The mode of a call (the same for every block). */
GML_NEON_INLINE int gml_dw_mode(size_t channels, const int8_t *const *input, size_t input_step) {
  if ((input_step == channels || input_step == 2 * channels) && gml_qs8_dwconv_dense_3x3(input, channels)) {
    return input_step == channels ? GML_DW_S1 : GML_DW_S2;
  }
  return GML_DW_TAPS;
}

/* Output row `row` (counted across batches) of a whole-rows call
   (gml_qs8_dwconv_rows_fn): the first input row its windows read, from
   their left edge; `taps` (when not NULL) gets pixel 0's nine taps. */
GML_NEON_INLINE const int8_t *gml_dw_row(
    const gml_qs8_dwconv_geometry *g, const int8_t *input, size_t row, const int8_t **taps) {
  const size_t c = g->channels, line = g->input_w * c;
  const int8_t *top =
      input + row / g->output_h * g->input_h * line + row % g->output_h * g->stride_h * line;
  for (int t = 0; taps != NULL && t < 9; t++) {
    taps[t] = top + (size_t)(t / 3) * line + (size_t)(t % 3) * c;
  }
  return top;
}

/* The walk of a whole-rows call down its output rows (gml_dw_row's
   tops), in locals: the geometry is read through a pointer, which the
   output's stores may alias, so its fields would be read again per row. */
typedef struct gml_dw_rows_walk {
  size_t oy, output_h, row_step, next_image; /* next_image: from the last row's top */
} gml_dw_rows_walk;

GML_NEON_INLINE gml_dw_rows_walk gml_dw_rows_walk_of(const gml_qs8_dwconv_geometry *g, size_t row) {
  const size_t line = g->input_w * g->channels;
  gml_dw_rows_walk w = {row % g->output_h, g->output_h, g->stride_h * line, 0};
  w.next_image = g->input_h * line - (g->output_h - 1) * w.row_step;
  return w;
}

/* `top` stepped to the next output row's: a row stride down, or to the
   next image's top past the last row. */
GML_NEON_INLINE const int8_t *gml_dw_next_row(gml_dw_rows_walk *w, const int8_t *top) {
  if (++w->oy < w->output_h) return top + w->row_step;
  w->oy = 0;
  return top + w->next_image;
}

/* The channels past the last 8 (block at `block`) of rows
   first_row..<end_row of a whole-rows call, one pixel at a time. */
GML_NEON_INLINE void gml_dw_rows_tail(
    const gml_qs8_dwconv_geometry *g, const int8_t *input, size_t c0, const unsigned char *block,
    int8_t *output, const gml_qs8_params *p, size_t first_row, size_t end_row) {
  const size_t c = g->channels, width = g->output_w;
  for (size_t row = first_row; row < end_row && c0 < c; row++) {
    const int8_t *taps[9];
    gml_dw_row(g, input, row, taps);
    for (size_t px = 0; px < width; px++) {
      gml_qs8_dwconv_channels(
          c0, c - c0, 9, taps, px * g->stride_w * c, block, output + (row * width + px) * c, p);
    }
  }
}

/* One block of 8 channels (at `block`, channels c0...) over a pixel
   kernel call's pixels, in `mode` (gml_dw_mode), outputs from `out`; a
   kernel's own. */
typedef void (*gml_dw_pixels_block_fn)(
    size_t channels, size_t pixels, const int8_t *const *input, size_t input_step, int mode,
    size_t c0, const unsigned char *block, int8_t *out, const gml_neon_out *o);

/* A pixel kernel (gml_qs8_dwconv_fn): its `run` per block of 8 channels,
   then the channels past the last 8 one pixel at a time. */
GML_NEON_INLINE void gml_dw_pixels(
    size_t channels, size_t pixels, const int8_t *const *input, size_t input_step, const void *w,
    int8_t *output, const gml_qs8_params *params, gml_dw_pixels_block_fn run) {
  if (pixels == 0) return;
  const gml_qs8_params p = *params; /* not aliased by the output */
  const gml_neon_out o = gml_neon_out_init(&p);
  const int mode = gml_dw_mode(channels, input, input_step);
  const size_t block_size = gml_qs8_dwconv_block_size(9);
  const unsigned char *block = (const unsigned char *)w;
  size_t c0 = 0;
  for (; c0 + 8 <= channels; c0 += 8, block += block_size) {
    run(channels, pixels, input, input_step, mode, c0, block, output + c0, &o);
  }
  for (size_t px = 0, offset = 0; c0 < channels && px < pixels; px++, offset += input_step) {
    gml_qs8_dwconv_channels(
        c0, channels - c0, 9, input + px * (input_step ? 0 : 9), offset, block,
        output + px * channels, &p);
  }
}

/* One block of 8 channels (at `block`, channels c0...) over rows
   first_row..<end_row of a whole-rows call, a kernel's own. */
typedef void (*gml_dw_rows_block_fn)(
    const gml_qs8_dwconv_geometry *g, const int8_t *input, const unsigned char *block, size_t c0,
    int8_t *output, const gml_neon_out *o, size_t first_row, size_t end_row);

/* A whole-rows kernel (gml_qs8_dwconv_rows_fn): its `rows` per block of
   8 channels, then the channels past the last 8 one pixel at a time. */
GML_NEON_INLINE void gml_dw_rows(
    const gml_qs8_dwconv_geometry *g, const int8_t *input, const void *w, int8_t *output,
    const gml_qs8_params *params, size_t first_row, size_t end_row, gml_dw_rows_block_fn rows) {
  const gml_qs8_params p = *params; /* not aliased by the output */
  const gml_neon_out o = gml_neon_out_init(&p);
  const size_t block_size = gml_qs8_dwconv_block_size(9);
  const unsigned char *block = (const unsigned char *)w;
  size_t c0 = 0;
  for (; c0 + 8 <= g->channels; c0 += 8, block += block_size) {
    rows(g, input, block, c0, output, &o, first_row, end_row);
  }
  gml_dw_rows_tail(g, input, c0, block, output, &p, first_row, end_row);
}

/*
 * The end of the sliding runs' assembly (qs8_dwconv_3x3_neon*.c): the
 * block's bias, requantization and clamp in v24-v31 and v8, in the order
 * of gml_dw_regs_out; the pixel's sums in v16 (channels 0-3) and v17
 * (4-7), requantized in the short form (gml_dw_finish), stored at
 * %[out], which moves %[column] bytes on. v6 is scratch.
 */
typedef struct gml_dw_regs_out {
  int32x4_t bias[2], multiplier[2], shift[2]; /* v24-v29 */
  int16x8_t zero_point;                       /* v30 */
  int8x16_t min, max;                         /* v31, v8 */
} gml_dw_regs_out;

GML_NEON_INLINE void gml_dw_regs_out_set(
    gml_dw_regs_out *r, const unsigned char *block, const gml_dw_rq *q, const gml_neon_out *o) {
  for (int h = 0; h < 2; h++) {
    r->bias[h] = vld1q_s32((const int32_t *)block + 4 * h);
    r->multiplier[h] = q->multiplier[h];
    r->shift[h] = q->shift[h];
  }
  r->zero_point = o->zero_point16;
  r->min = o->min;
  r->max = o->max;
}

#define GML_DW_ASM_STORE                \
  "sqrdmulh v16.4s, v16.4s, v26.4s\n"   \
  "sqrdmulh v17.4s, v17.4s, v27.4s\n"   \
  "ssra v16.4s, v16.4s, #31\n"          \
  "ssra v17.4s, v17.4s, #31\n"          \
  "srshl v16.4s, v16.4s, v28.4s\n"      \
  "srshl v17.4s, v17.4s, v29.4s\n"      \
  "sqxtn v6.4h, v16.4s\n"               \
  "sqxtn2 v6.8h, v17.4s\n"              \
  "sqadd v6.8h, v6.8h, v30.8h\n"        \
  "sqxtn v6.8b, v6.8h\n"                \
  "smax v6.8b, v6.8b, v31.8b\n"         \
  "smin v6.8b, v6.8b, v8.8b\n"          \
  "st1 {v6.8b}, [%[out]], %[column]\n"

/* The operands and clobbers of a sliding run's assembly: the row
   pointers, output, pixel count and constants pointer move. */
#define GML_DW_ASM_OPERANDS                                                               \
  : [p0] "+r"(p0), [p1] "+r"(p1), [p2] "+r"(p2), [out] "+r"(out), [n] "+r"(n), [k] "+r"(k) \
  : [column] "r"(column)                                                                  \
  : "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v16", "v17", "v18", "v19",     \
    "v20", "v21", "v22", "v23", "v24", "v25", "v26", "v27", "v28", "v29", "v30", "v31",   \
    "cc", "memory"

#endif
#endif
