/*
 * qs8_dwconv_3x3_neondot.c — AArch64 dot-product 3x3 depthwise
 * microkernel, 8 channels per step. A filter column is one SDOT per 4
 * channels: each channel's int32 lane holds the column's three input
 * bytes (rows 0, 1, 2, and row 2 again against a zero weight), built with
 * two TBLs, against its three weights. Exact for every int8. Stride 1
 * and 2 runs slide along the row, building each input column once; a
 * block's weights and requantization stay in registers while it runs.
 * Channels past the last 8 go through the scalar step.
 */
#include "gml_dwconv_elementwise.h"

#if defined(__aarch64__)

#include "qs8_dwconv_neon.h"

/* Filter or input column: lo holds channels 0-3, hi 4-7, each as the
   bytes of rows 0, 1, 2 and a fourth (the weights' is 0). */
typedef struct gml_dwd_column {
  int8x16_t lo, hi;
} gml_dwd_column;

GML_NEON_INLINE gml_dwd_column gml_dwd_column_of(
    int8x8_t x0, int8x8_t x1, int8x8_t x2, int8x8_t x3) {
  int16x8_t a = vreinterpretq_s16_s8(vzip1q_s8(vcombine_s8(x0, x0), vcombine_s8(x1, x1)));
  int16x8_t b = vreinterpretq_s16_s8(vzip1q_s8(vcombine_s8(x2, x2), vcombine_s8(x3, x3)));
  gml_dwd_column c = {
      vreinterpretq_s8_s16(vzip1q_s16(a, b)), vreinterpretq_s8_s16(vzip2q_s16(a, b))};
  return c;
}

/* TBL indices from a column's three rows (8 bytes each, in 16-byte
   registers: row r's byte j at 16 r + j) to channels 0-3 and 4-7 as
   gml_dwd_column_of lays them out (row 2 again as the fourth byte). */
static const int8_t gml_dwd_order[32] = {
    0, 16, 32, 32, 1, 17, 33, 33, 2, 18, 34, 34, 3, 19, 35, 35,
    4, 20, 36, 36, 5, 21, 37, 37, 6, 22, 38, 38, 7, 23, 39, 39};

/* A block's filter columns and bias. */
typedef struct gml_dwd {
  gml_dwd_column w[3];
  int32x4_t bias[2];
} gml_dwd;

GML_NEON_INLINE gml_dwd gml_dwd_load(const unsigned char *block) {
  const int8_t *k = (const int8_t *)(block + GML_QS8_DWCONV_WEIGHTS);
  gml_dwd d;
  for (int kx = 0; kx < 3; kx++) {
    d.w[kx] = gml_dwd_column_of(
        vld1_s8(k + 8 * kx), vld1_s8(k + 24 + 8 * kx), vld1_s8(k + 48 + 8 * kx), vdup_n_s8(0));
  }
  d.bias[0] = vld1q_s32((const int32_t *)block);
  d.bias[1] = vld1q_s32((const int32_t *)block + 4);
  return d;
}

/* The pixels from the tap pointers, one window at a time (in += 9 per
   pixel with input_step 0, else offset += input_step); a column is two
   TBLs from its three rows. */
GML_NEON_INLINE GML_NEON_DOT void gml_dwd_windows(
    int short_form, size_t channels, size_t pixels, const int8_t *const *input, size_t input_step,
    size_t c0, const gml_dwd *d, const gml_dw_rq *q, const gml_neon_out *o, int8_t *out) {
  const size_t increment = input_step ? 0 : 9;
  const int8x16_t lo_order = vld1q_s8(gml_dwd_order), hi_order = vld1q_s8(gml_dwd_order + 16);
  size_t offset = c0;
  for (size_t px = 0; px < pixels; px++, out += channels, input += increment) {
    const int8_t *const *in = input;
    int32x4_t lo = d->bias[0], hi = d->bias[1];
    GML_UNROLL
    for (int kx = 0; kx < 3; kx++) {
      int8x16x3_t rows;
      rows.val[0] = vcombine_s8(vld1_s8(in[kx] + offset), vdup_n_s8(0));
      rows.val[1] = vcombine_s8(vld1_s8(in[3 + kx] + offset), vdup_n_s8(0));
      rows.val[2] = vcombine_s8(vld1_s8(in[6 + kx] + offset), vdup_n_s8(0));
      lo = vdotq_s32(lo, vqtbl3q_s8(rows, vreinterpretq_u8_s8(lo_order)), d->w[kx].lo);
      hi = vdotq_s32(hi, vqtbl3q_s8(rows, vreinterpretq_u8_s8(hi_order)), d->w[kx].hi);
    }
    offset += input_step;
    vst1_s8(out, gml_dw_finish(lo, hi, q, short_form, o));
  }
}

/*
 * The sliding runs, in assembly (as qs8_dwconv_3x3_neon.c's, which says
 * why): the filter columns in v18-v23, the requantization in v24-v31 and
 * v8, the TBL indices in v12, v13 (gml_dwd_regs), the three input columns
 * in v0-v5.
 */
typedef struct gml_dwd_regs {
  gml_dwd_column w[3];  /* v18-v23 */
  gml_dw_regs_out out;  /* v24-v31, v8 */
  int8x16_t order[2];   /* v12, v13: gml_dwd_windows's TBL indices */
} gml_dwd_regs;

/* The input column (L: channels 0-3, H: 4-7) at the pointers, which move
   one column on: its rows in v9-v11 (the upper halves cleared by the
   loads), two TBLs. */
#define GML_DWD_LOAD(L, H)                                   \
  "ld1 {v9.8b}, [%[p0]], %[column]\n"                        \
  "ld1 {v10.8b}, [%[p1]], %[column]\n"                       \
  "ld1 {v11.8b}, [%[p2]], %[column]\n"                       \
  "tbl " L ".16b, {v9.16b, v10.16b, v11.16b}, v12.16b\n"     \
  "tbl " H ".16b, {v9.16b, v10.16b, v11.16b}, v13.16b\n"

/* The pixel of input columns (AL, AH), (BL, BH), (CL, CH), stored at out. */
#define GML_DWD_PIXEL(AL, AH, BL, BH, CL, CH) \
  "mov v16.16b, v24.16b\n"                    \
  "mov v17.16b, v25.16b\n"                    \
  "sdot v16.4s, " AL ".16b, v18.16b\n"        \
  "sdot v17.4s, " AH ".16b, v19.16b\n"        \
  "sdot v16.4s, " BL ".16b, v20.16b\n"        \
  "sdot v17.4s, " BH ".16b, v21.16b\n"        \
  "sdot v16.4s, " CL ".16b, v22.16b\n"        \
  "sdot v17.4s, " CH ".16b, v23.16b\n"        \
  GML_DW_ASM_STORE

#define GML_DWD_CONSTANTS                                   \
  "ld1 {v18.16b, v19.16b, v20.16b, v21.16b}, [%[k]], #64\n" \
  "ld1 {v22.16b, v23.16b, v24.16b, v25.16b}, [%[k]], #64\n" \
  "ld1 {v26.16b, v27.16b, v28.16b, v29.16b}, [%[k]], #64\n" \
  "ld1 {v30.16b, v31.16b}, [%[k]], #32\n"                   \
  "ld1 {v8.16b}, [%[k]], #16\n"                             \
  "ld1 {v12.16b, v13.16b}, [%[k]]\n"

#define GML_DWD_NEXT "subs %[n], %[n], #1\n b.eq 2f\n"

/* `rows` (>= 1) runs of `n` pixels each, one per output row of one image,
   as gml_dwd_slide's: run r's input rows start at top + r * row_step
   (and `line` and 2 `line` on), its outputs at out + r * out_step. The
   constants are loaded once for all the runs. */
static GML_NEON_DOT void gml_dwd_slide_rows(
    int stride2, size_t n, size_t rows, const int8_t *top, size_t line, size_t row_step,
    size_t column, const gml_dwd_regs *k, int8_t *out, size_t out_step) {
  const int8_t *p0, *p1, *p2;
  size_t left;
  int8_t *at;
#define GML_DWD_ROW_START                                                       \
  "0:\n mov %[p0], %[top]\n add %[p1], %[top], %[line]\n add %[p2], %[p1], %[line]\n" \
  "mov %[out], %[row_out]\n mov %[n], %[width]\n"
#define GML_DWD_ROW_END                                                           \
  "2:\n add %[top], %[top], %[row_step]\n add %[row_out], %[row_out], %[out_step]\n" \
  "subs %[rows], %[rows], #1\n b.ne 0b\n"
#define GML_DWD_ROWS_OPERANDS                                                               \
  : [p0] "=&r"(p0), [p1] "=&r"(p1), [p2] "=&r"(p2), [out] "=&r"(at), [n] "=&r"(left),        \
    [k] "+r"(k), [top] "+r"(top), [row_out] "+r"(out), [rows] "+r"(rows)                     \
  : [column] "r"(column), [line] "r"(line), [row_step] "r"(row_step), [width] "r"(n),       \
    [out_step] "r"(out_step)                                                                \
  : "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", \
    "v16", "v17", "v18", "v19", "v20", "v21", "v22", "v23", "v24", "v25", "v26", "v27",     \
    "v28", "v29", "v30", "v31", "cc", "memory"
  if (!stride2) {
    __asm__ volatile(
        GML_DWD_CONSTANTS
        GML_DWD_ROW_START
        GML_DWD_LOAD("v0", "v1")
        GML_DWD_LOAD("v2", "v3")
        "1:\n"
        GML_DWD_LOAD("v4", "v5")
        GML_DWD_PIXEL("v0", "v1", "v2", "v3", "v4", "v5")
        GML_DWD_NEXT
        GML_DWD_LOAD("v0", "v1")
        GML_DWD_PIXEL("v2", "v3", "v4", "v5", "v0", "v1")
        GML_DWD_NEXT
        GML_DWD_LOAD("v2", "v3")
        GML_DWD_PIXEL("v4", "v5", "v0", "v1", "v2", "v3")
        "subs %[n], %[n], #1\n b.ne 1b\n"
        GML_DWD_ROW_END
        GML_DWD_ROWS_OPERANDS);
  } else {
    __asm__ volatile(
        GML_DWD_CONSTANTS
        GML_DWD_ROW_START
        GML_DWD_LOAD("v0", "v1")
        "1:\n"
        GML_DWD_LOAD("v2", "v3")
        GML_DWD_LOAD("v4", "v5")
        GML_DWD_PIXEL("v0", "v1", "v2", "v3", "v4", "v5")
        GML_DWD_NEXT
        GML_DWD_LOAD("v2", "v3")
        GML_DWD_LOAD("v0", "v1")
        GML_DWD_PIXEL("v4", "v5", "v2", "v3", "v0", "v1")
        "subs %[n], %[n], #1\n b.ne 1b\n"
        GML_DWD_ROW_END
        GML_DWD_ROWS_OPERANDS);
  }
#undef GML_DWD_ROW_START
#undef GML_DWD_ROW_END
#undef GML_DWD_ROWS_OPERANDS
}

/* A run of `n` (>= 1) stride-1 (`stride2` 0) or stride-2 pixels whose
   rows start at p0, p1, p2 (equally spaced: the rows of one window);
   outputs `column` bytes apart, as the input columns. The short
   requantization. */
static GML_NEON_DOT void gml_dwd_slide(
    int stride2, size_t n, const int8_t *p0, const int8_t *p1, const int8_t *p2,
    size_t column, const gml_dwd_regs *k, int8_t *out) {
  (void)p2;
  gml_dwd_slide_rows(stride2, n, 1, p0, (size_t)(p1 - p0), 0, column, k, out, 0);
}

#undef GML_DWD_LOAD
#undef GML_DWD_PIXEL
#undef GML_DWD_CONSTANTS
#undef GML_DWD_NEXT

/* The sliding runs' registers for block `block` (gml_dwd_slide_rows). */
GML_NEON_INLINE gml_dwd_regs gml_dwd_regs_of(
    const gml_dwd *d, const unsigned char *block, const gml_dw_rq *q, const gml_neon_out *o) {
  gml_dwd_regs r;
  for (int kx = 0; kx < 3; kx++) r.w[kx] = d->w[kx];
  gml_dw_regs_out_set(&r.out, block, q, o);
  r.order[0] = vld1q_s8(gml_dwd_order);
  r.order[1] = vld1q_s8(gml_dwd_order + 16);
  return r;
}

/* One block of a pixel kernel call (gml_dw_pixels_block_fn). */
GML_NEON_INLINE GML_NEON_DOT void gml_dwd_pixels(
    size_t channels, size_t pixels, const int8_t *const *input, size_t input_step, int mode,
    size_t c0, const unsigned char *block, int8_t *out, const gml_neon_out *o) {
  const gml_dwd d = gml_dwd_load(block);
  const gml_dw_rq q = gml_dw_rq_load(block, o);
  if (!q.short_form) {
    gml_dwd_windows(0, channels, pixels, input, input_step, c0, &d, &q, o, out);
  } else if (mode == GML_DW_TAPS) {
    gml_dwd_windows(1, channels, pixels, input, input_step, c0, &d, &q, o, out);
  } else {
    const gml_dwd_regs r = gml_dwd_regs_of(&d, block, &q, o);
    gml_dwd_slide(
        mode == GML_DW_S2, pixels, input[0] + c0, input[3] + c0, input[6] + c0, channels, &r,
        out);
  }
}

GML_NEON_DOT void gml_qs8_dwconv_3x3_neondot(
    size_t channels, size_t pixels, size_t taps, const int8_t *const *input, size_t input_step,
    const void *w, int8_t *output, const gml_qs8_params *params) {
  (void)taps;
  gml_dw_pixels(channels, pixels, input, input_step, w, output, params, gml_dwd_pixels);
}

/* One block's whole rows: its constants set once, then a sliding run per
   output row; a block without the short requantization goes through the
   windows path row by row. */
GML_NEON_INLINE GML_NEON_DOT void gml_dwd_rows(
    const gml_qs8_dwconv_geometry *g, const int8_t *input, const unsigned char *block, size_t c0,
    int8_t *output, const gml_neon_out *o, size_t first_row, size_t end_row) {
  const size_t c = g->channels, line = g->input_w * c, width = g->output_w;
  const gml_dwd d = gml_dwd_load(block);
  const gml_dw_rq q = gml_dw_rq_load(block, o);
  if (!q.short_form) {
    for (size_t row = first_row; row < end_row; row++) {
      const int8_t *taps[9];
      gml_dw_row(g, input, row, taps);
      gml_dwd_windows(0, c, width, taps, g->stride_w * c, c0, &d, &q, o,
                      output + row * width * c + c0);
    }
    return;
  }
  const gml_dwd_regs r = gml_dwd_regs_of(&d, block, &q, o);
  /* One call per image's share of the rows. */
  for (size_t row = first_row; row < end_row;) {
    const size_t image_end = (row / g->output_h + 1) * g->output_h;
    const size_t rows = (end_row < image_end ? end_row : image_end) - row;
    gml_dwd_slide_rows(g->stride_w == 2, width, rows, gml_dw_row(g, input, row, NULL) + c0, line,
                       g->stride_h * line, c, &r, output + row * width * c + c0, width * c);
    row += rows;
  }
}

/* Whole rows (gml_dwconv_elementwise.h). */
GML_NEON_DOT void gml_qs8_dwconv_3x3_rows_neondot(
    const gml_qs8_dwconv_geometry *g, const int8_t *input, const void *w, int8_t *output,
    const gml_qs8_params *params, size_t first_row, size_t end_row) {
  gml_dw_rows(g, input, w, output, params, first_row, end_row, gml_dwd_rows);
}

#endif
