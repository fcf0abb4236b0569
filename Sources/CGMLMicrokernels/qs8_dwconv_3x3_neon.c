/*
 * qs8_dwconv_3x3_neon.c — AArch64 NEON 3x3 depthwise microkernel
 * (Cortex-A72: no dot product), 8 channels per step. The input bytes of
 * two taps are interleaved per channel (vzip1), so one vmull_s8 makes 4
 * channels x 2 taps of products and vpadal adds each channel's pair into
 * its int32 sum: no widening of inputs or weights. Filter columns pair
 * rows 0 and 1; row 2 pairs columns 0 and 1; tap 8 goes alone (vaddw).
 * When no weight of the block is -128, two such products share an int16
 * lane (vmlal_s8: |w * x| <= 127 * 128, so two fit) before vpadal: 15
 * instructions for the 72 products instead of 19. Stride 1 and 2 runs
 * slide along the row, interleaving each input column once. A block's
 * weights and requantization stay in registers while it runs. Channels
 * past the last 8 go through the scalar step.
 */
#include "gml_dwconv_elementwise.h"

#if defined(__aarch64__)

#include "qs8_dwconv_neon.h"

/* A block's weights, interleaved as the inputs are. */
typedef struct gml_dw3 {
  int8x16_t z[3]; /* column kx: taps kx and 3 + kx (rows 0 and 1) */
  int8x16_t y;    /* taps 6 and 7 (row 2, columns 0 and 1) */
  int8x8_t w8;    /* tap 8 */
  int32x4_t bias[2];
} gml_dw3;

/* The 8 bytes of a and of b interleaved: a0 b0 a1 b1 ... */
GML_NEON_INLINE int8x16_t gml_dw3_zip(int8x8_t a, int8x8_t b) {
  return vzip1q_s8(vcombine_s8(a, a), vcombine_s8(b, b));
}

GML_NEON_INLINE gml_dw3 gml_dw3_load(const unsigned char *block) {
  const int8_t *k = (const int8_t *)(block + GML_QS8_DWCONV_WEIGHTS);
  gml_dw3 w;
  for (int kx = 0; kx < 3; kx++) w.z[kx] = gml_dw3_zip(vld1_s8(k + 8 * kx), vld1_s8(k + 24 + 8 * kx));
  w.y = gml_dw3_zip(vld1_s8(k + 48), vld1_s8(k + 56));
  w.w8 = vld1_s8(k + 64);
  w.bias[0] = vld1q_s32((const int32_t *)block);
  w.bias[1] = vld1q_s32((const int32_t *)block + 4);
  return w;
}

/* Whether the block's weights allow two products per int16 lane: none
   is -128. */
GML_NEON_INLINE int gml_dw3_pairs(const unsigned char *block) {
  const int8_t *k = (const int8_t *)(block + GML_QS8_DWCONV_WEIGHTS);
  int8x16x4_t v = vld1q_s8_x4(k);
  int8x16_t least = vminq_s8(vminq_s8(v.val[0], v.val[1]), vminq_s8(v.val[2], v.val[3]));
  least = vminq_s8(least, vcombine_s8(vld1_s8(k + 64), vld1_s8(k + 64)));
  return vminvq_s8(least) != -128;
}

/* The products of interleaved inputs x (8 channels x 2 taps) and weights
   k, added into lo (channels 0-3) and hi (4-7); with a second pair
   (x2, k2) in the same int16 lanes first when `pairs`. */
GML_NEON_INLINE void gml_dw3_madd(
    int32x4_t *lo, int32x4_t *hi, int8x16_t x, int8x16_t k, int8x16_t x2, int8x16_t k2,
    int pairs) {
  int16x8_t a = vmull_s8(vget_low_s8(x), vget_low_s8(k));
  int16x8_t b = vmull_high_s8(x, k);
  if (pairs) {
    a = vmlal_s8(a, vget_low_s8(x2), vget_low_s8(k2));
    b = vmlal_high_s8(b, x2, k2);
    *lo = vpadalq_s16(*lo, a);
    *hi = vpadalq_s16(*hi, b);
    return;
  }
  *lo = vpadalq_s16(*lo, a);
  *hi = vpadalq_s16(*hi, b);
  *lo = vpadalq_s16(*lo, vmull_s8(vget_low_s8(x2), vget_low_s8(k2)));
  *hi = vpadalq_s16(*hi, vmull_high_s8(x2, k2));
}

/* One pixel from its three columns (z: rows 0 and 1 interleaved; x: row
   2) to 8 clamped bytes. */
GML_NEON_INLINE int8x8_t gml_dw3_pixel(
    int8x16_t z0, int8x16_t z1, int8x16_t z2, int8x8_t x0, int8x8_t x1, int8x8_t x2,
    const gml_dw3 *w, const gml_dw_rq *q, const gml_neon_out *o, int pairs, int short_form) {
  int16x8_t p = vmull_s8(x2, w->w8);
  int32x4_t lo = vaddw_s16(w->bias[0], vget_low_s16(p));
  int32x4_t hi = vaddw_high_s16(w->bias[1], p);
  gml_dw3_madd(&lo, &hi, z0, w->z[0], z1, w->z[1], pairs);
  gml_dw3_madd(&lo, &hi, z2, w->z[2], gml_dw3_zip(x0, x1), w->y, pairs);
  return gml_dw_finish(lo, hi, q, short_form, o);
}

/* The pixels from the tap pointers, one window at a time (in += 9 per
   pixel with input_step 0, else offset += input_step). */
GML_NEON_INLINE void gml_dw3_windows(
    int pairs, int short_form, size_t channels, size_t pixels, const int8_t *const *input,
    size_t input_step, size_t c0, const gml_dw3 *w, const gml_dw_rq *q, const gml_neon_out *o,
    int8_t *out) {
  const size_t increment = input_step ? 0 : 9;
  size_t offset = c0;
  for (size_t px = 0; px < pixels; px++, out += channels, input += increment) {
    const int8_t *const *in = input;
    int8x8_t x[9];
    GML_UNROLL
    for (int t = 0; t < 9; t++) x[t] = vld1_s8(in[t] + offset);
    offset += input_step;
    vst1_s8(out, gml_dw3_pixel(
                     gml_dw3_zip(x[0], x[3]), gml_dw3_zip(x[1], x[4]), gml_dw3_zip(x[2], x[5]),
                     x[6], x[7], x[8], w, q, o, pairs, short_form));
  }
}

/*
 * The sliding runs, in assembly: from intrinsics clang splits each
 * interleaved column into two halves (an ext per use) and copies columns
 * between registers as they slide (45 instructions a pixel instead of 35).
 * The constants sit in v8, v19-v31 for the whole run (gml_dw3_regs), the
 * three columns in v0-v5, rotating with the loop unrolled three times
 * (stride 1) or twice (stride 2).
 */
typedef struct gml_dw3_regs {
  int8x16_t z[3], y, w8; /* v19-v23 */
  gml_dw_regs_out out;   /* v24-v31, v8 */
} gml_dw3_regs;

/* Column Z (rows 0 and 1 interleaved) and X (row 2) at the pointers, which
   move one column on. */
#define GML_DW3_LOAD(Z, X)               \
  "ld1 {v6.8b}, [%[p0]], %[column]\n"    \
  "ld1 {v7.8b}, [%[p1]], %[column]\n"    \
  "ld1 {" X ".8b}, [%[p2]], %[column]\n" \
  "zip1 " Z ".16b, v6.16b, v7.16b\n"

/* The pixel of columns (A, XA), (B, XB), (C, XC), stored at out. */
#define GML_DW3_PIXEL(A, B, C, XA, XB, XC) \
  "smull v6.8h, " XC ".8b, v23.8b\n"       \
  "saddw v16.4s, v24.4s, v6.4h\n"          \
  "saddw2 v17.4s, v25.4s, v6.8h\n"         \
  "smull v6.8h, " A ".8b, v19.8b\n"        \
  "smull2 v7.8h, " A ".16b, v19.16b\n"     \
  "smlal v6.8h, " B ".8b, v20.8b\n"        \
  "smlal2 v7.8h, " B ".16b, v20.16b\n"     \
  "sadalp v16.4s, v6.8h\n"                 \
  "sadalp v17.4s, v7.8h\n"                 \
  "zip1 v18.16b, " XA ".16b, " XB ".16b\n" \
  "smull v6.8h, " C ".8b, v21.8b\n"        \
  "smull2 v7.8h, " C ".16b, v21.16b\n"     \
  "smlal v6.8h, v18.8b, v22.8b\n"          \
  "smlal2 v7.8h, v18.16b, v22.16b\n"       \
  "sadalp v16.4s, v6.8h\n"                 \
  "sadalp v17.4s, v7.8h\n"                 \
  GML_DW_ASM_STORE

#define GML_DW3_CONSTANTS                                   \
  "ld1 {v19.16b, v20.16b, v21.16b, v22.16b}, [%[k]], #64\n" \
  "ld1 {v23.16b, v24.16b, v25.16b, v26.16b}, [%[k]], #64\n" \
  "ld1 {v27.16b, v28.16b, v29.16b, v30.16b}, [%[k]], #64\n" \
  "ld1 {v31.16b}, [%[k]], #16\n"                            \
  "ld1 {v8.16b}, [%[k]]\n"

#define GML_DW3_NEXT "subs %[n], %[n], #1\n b.eq 2f\n"

/* A run of `n` (>= 1) stride-1 (`stride2` 0) or stride-2 pixels whose
   rows start at p0, p1, p2; outputs `column` bytes apart, as the input
   columns. Two products per int16 lane and the short requantization. */
static void gml_dw3_slide(
    int stride2, size_t n, const int8_t *p0, const int8_t *p1, const int8_t *p2,
    size_t column, const gml_dw3_regs *k, int8_t *out) {
  if (!stride2) {
    __asm__ volatile(
        GML_DW3_CONSTANTS
        GML_DW3_LOAD("v0", "v3")
        GML_DW3_LOAD("v1", "v4")
        "1:\n"
        GML_DW3_LOAD("v2", "v5")
        GML_DW3_PIXEL("v0", "v1", "v2", "v3", "v4", "v5")
        GML_DW3_NEXT
        GML_DW3_LOAD("v0", "v3")
        GML_DW3_PIXEL("v1", "v2", "v0", "v4", "v5", "v3")
        GML_DW3_NEXT
        GML_DW3_LOAD("v1", "v4")
        GML_DW3_PIXEL("v2", "v0", "v1", "v5", "v3", "v4")
        "subs %[n], %[n], #1\n b.ne 1b\n"
        "2:\n"
        GML_DW_ASM_OPERANDS);
  } else {
    __asm__ volatile(
        GML_DW3_CONSTANTS
        GML_DW3_LOAD("v0", "v3")
        "1:\n"
        GML_DW3_LOAD("v1", "v4")
        GML_DW3_LOAD("v2", "v5")
        GML_DW3_PIXEL("v0", "v1", "v2", "v3", "v4", "v5")
        GML_DW3_NEXT
        GML_DW3_LOAD("v1", "v4")
        GML_DW3_LOAD("v0", "v3")
        GML_DW3_PIXEL("v2", "v1", "v0", "v5", "v4", "v3")
        "subs %[n], %[n], #1\n b.ne 1b\n"
        "2:\n"
        GML_DW_ASM_OPERANDS);
  }
}

#undef GML_DW3_LOAD
#undef GML_DW3_PIXEL
#undef GML_DW3_CONSTANTS
#undef GML_DW3_NEXT

/* The sliding runs' registers for block `block` (gml_dw3_slide). */
GML_NEON_INLINE gml_dw3_regs gml_dw3_regs_of(
    const gml_dw3 *k, const unsigned char *block, const gml_dw_rq *q, const gml_neon_out *o) {
  gml_dw3_regs r;
  for (int kx = 0; kx < 3; kx++) r.z[kx] = k->z[kx];
  r.y = k->y;
  r.w8 = vcombine_s8(k->w8, k->w8);
  gml_dw_regs_out_set(&r.out, block, q, o);
  return r;
}

/* One block of a pixel kernel call (gml_dw_pixels_block_fn). */
GML_NEON_INLINE void gml_dw3_pixels(
    size_t channels, size_t pixels, const int8_t *const *input, size_t input_step, int mode,
    size_t c0, const unsigned char *block, int8_t *out, const gml_neon_out *o) {
  const gml_dw3 k = gml_dw3_load(block);
  const gml_dw_rq q = gml_dw_rq_load(block, o);
  if (!q.short_form) {
    gml_dw3_windows(0, 0, channels, pixels, input, input_step, c0, &k, &q, o, out);
  } else if (!gml_dw3_pairs(block)) {
    gml_dw3_windows(0, 1, channels, pixels, input, input_step, c0, &k, &q, o, out);
  } else if (mode == GML_DW_TAPS) {
    gml_dw3_windows(1, 1, channels, pixels, input, input_step, c0, &k, &q, o, out);
  } else {
    const gml_dw3_regs r = gml_dw3_regs_of(&k, block, &q, o);
    gml_dw3_slide(
        mode == GML_DW_S2, pixels, input[0] + c0, input[3] + c0, input[6] + c0, channels, &r,
        out);
  }
}

void gml_qs8_dwconv_3x3_neon(
    size_t channels, size_t pixels, size_t taps, const int8_t *const *input, size_t input_step,
    const void *w, int8_t *output, const gml_qs8_params *params) {
  (void)taps;
  gml_dw_pixels(channels, pixels, input, input_step, w, output, params, gml_dw3_pixels);
}

/* One block's whole rows: its constants set once, then a sliding run per
   output row; a block the runs do not take goes through the windows path
   row by row. */
GML_NEON_INLINE void gml_dw3_rows(
    const gml_qs8_dwconv_geometry *g, const int8_t *input, const unsigned char *block, size_t c0,
    int8_t *output, const gml_neon_out *o, size_t first_row, size_t end_row) {
  const size_t c = g->channels, line = g->input_w * c, width = g->output_w;
  const gml_dw3 k = gml_dw3_load(block);
  const gml_dw_rq q = gml_dw_rq_load(block, o);
  if (!q.short_form || !gml_dw3_pairs(block)) {
    for (size_t row = first_row; row < end_row; row++) {
      const int8_t *taps[9];
      gml_dw_row(g, input, row, taps);
      int8_t *out = output + row * width * c + c0;
      if (!q.short_form) {
        gml_dw3_windows(0, 0, c, width, taps, g->stride_w * c, c0, &k, &q, o, out);
      } else {
        gml_dw3_windows(0, 1, c, width, taps, g->stride_w * c, c0, &k, &q, o, out);
      }
    }
    return;
  }
  const gml_dw3_regs r = gml_dw3_regs_of(&k, block, &q, o);
  const int stride2 = g->stride_w == 2;
  gml_dw_rows_walk walk = gml_dw_rows_walk_of(g, first_row);
  const int8_t *top = gml_dw_row(g, input, first_row, NULL) + c0;
  int8_t *out = output + first_row * width * c + c0;
  for (size_t row = first_row; row < end_row; row++, out += width * c) {
    gml_dw3_slide(stride2, width, top, top + line, top + 2 * line, c, &r, out);
    top = gml_dw_next_row(&walk, top);
  }
}

/* Whole rows (gml_dwconv_elementwise.h). */
void gml_qs8_dwconv_3x3_rows_neon(
    const gml_qs8_dwconv_geometry *g, const int8_t *input, const void *w, int8_t *output,
    const gml_qs8_params *params, size_t first_row, size_t end_row) {
  gml_dw_rows(g, input, w, output, params, first_row, end_row, gml_dw3_rows);
}

#endif
