/*
 * qs8_conv_4x16c2_neonmlsl.c — plain NEON direct Conv2D tile, 4 output
 * pixels x 16 channels (gml_conv.h): the 4x16c2 GEMM tile's steps of 4 k
 * (qs8_neon_mlsl.h), each pixel's pairs of k broadcast from its window's
 * origin plus the filter row's offset, so no window is copied; a row is a
 * multiple of 4 bytes, and nothing past it is read. Weights in
 * GML_QS8_LAYOUT_C2X16_MLSL; a block of at most 8 channels computes that
 * half only.
 */
#include "gml_conv.h"

#if defined(__aarch64__)

#include "qs8_neon_mlsl.h"

/* Per filter row: the 4 pixels' pointers (origin + the row's offset, read
   into n first), one step when the row has an odd number of 4 k, two when
   that number has bit 1 set, then groups of four steps (a 3x3 filter on
   16, 32 or 64 channels: 12, 24, 48 steps a row). */
#define GML_C2_ROWS(STEP)                                      \
  "1:\n"                                                       \
  "ldr %[n], [%[offsets]], #8\n"                               \
  "ldp %[p0], %[p1], [%[origins]]\n"                           \
  "ldp %[p2], %[p3], [%[origins], #16]\n"                      \
  "add %[p0], %[p0], %[n]\n add %[p1], %[p1], %[n]\n"          \
  "add %[p2], %[p2], %[n]\n add %[p3], %[p3], %[n]\n"          \
  "tbz %[steps], #0, 2f\n" STEP "2:\n"                         \
  "tbz %[steps], #1, 3f\n" STEP STEP "3:\n"                    \
  "lsr %[n], %[steps], #2\n cbz %[n], 5f\n"                    \
  "4:\n" STEP STEP STEP STEP "subs %[n], %[n], #1\n b.ne 4b\n" \
  "5:\n subs %[rows], %[rows], #1\n b.ne 1b\n"

#define GML_C2_CONV(OP)                                                                     \
  if (halves == 2) {                                                                        \
    __asm__ volatile(                                                                       \
        GML_C2_INIT GML_C2_SUB16("a0", "a1", "a2", "a3", "v24")                             \
        GML_C2_SUB16("a4", "a5", "a6", "a7", "v25")                                         \
        GML_C2_SUB16("a8", "a9", "a10", "a11", "v26")                                       \
        GML_C2_SUB16("a12", "a13", "a14", "a15", "v27")                                     \
        GML_C2_ROWS(GML_C2_W16 GML_C2_ROW16(OP, "p0", "a0", "a1", "a2", "a3")               \
                    GML_C2_ROW16(OP, "p1", "a4", "a5", "a6", "a7")                          \
                    GML_C2_ROW16(OP, "p2", "a8", "a9", "a10", "a11")                        \
                    GML_C2_ROW16(OP, "p3", "a12", "a13", "a14", "a15"))                     \
        GML_C2_CONV_OPERANDS);                                                              \
  } else {                                                                                  \
    __asm__ volatile(                                                                       \
        GML_C2_INIT GML_C2_SUB8("a0", "a1", "v24") GML_C2_SUB8("a4", "a5", "v25")           \
        GML_C2_SUB8("a8", "a9", "v26") GML_C2_SUB8("a12", "a13", "v27")                     \
        GML_C2_ROWS(GML_C2_W8_ADD GML_C2_ROW8(OP, "p0", "a0", "a1")                         \
                    GML_C2_ROW8(OP, "p1", "a4", "a5") GML_C2_ROW8(OP, "p2", "a8", "a9")     \
                    GML_C2_ROW8(OP, "p3", "a12", "a13"))                                    \
        GML_C2_CONV_OPERANDS);                                                              \
  }

/*
 * acc[4 r + q] (pixel r, channels 4 q...4 q + 3, q < 2 * halves) = the
 * block's bias term - the pixel's excess (excess[r]; 0 for plain weights)
 * + the products of its window (`rows` filter rows of `steps` steps of 4
 * k, from origins[r] + offsets[t]) and the block's weights. All of it one
 * assembly statement: the accumulators are outputs only (gcc takes at
 * most 30 operands).
 */
GML_NEON_INLINE void gml_c2_conv_sums(
    int halves, int plain, int32x4_t *acc, const int8_t *const *origins,
    const ptrdiff_t *offsets, size_t rows, size_t steps, const int32x4_t *excess,
    const unsigned char *block) {
  const unsigned char *b = block;
  const int8_t *p0, *p1, *p2, *p3;
  size_t n;
#define GML_C2_CONV_OPERANDS                                                               \
  : [a0] "=&w"(acc[0]), [a1] "=&w"(acc[1]), [a2] "=&w"(acc[2]), [a3] "=&w"(acc[3]),        \
    [a4] "=&w"(acc[4]), [a5] "=&w"(acc[5]), [a6] "=&w"(acc[6]), [a7] "=&w"(acc[7]),        \
    [a8] "=&w"(acc[8]), [a9] "=&w"(acc[9]), [a10] "=&w"(acc[10]), [a11] "=&w"(acc[11]),    \
    [a12] "=&w"(acc[12]), [a13] "=&w"(acc[13]), [a14] "=&w"(acc[14]), [a15] "=&w"(acc[15]), \
    [p0] "=&r"(p0), [p1] "=&r"(p1), [p2] "=&r"(p2), [p3] "=&r"(p3), [n] "=&r"(n),          \
    [b] "+r"(b), [offsets] "+r"(offsets), [rows] "+r"(rows)                                \
  : [origins] "r"(origins), [steps] "r"(steps), [excess] "r"(excess)                       \
  : "v20", "v21", "v22", "v23", "v24", "v25", "v26", "v27", "v28", "v29", "cc", "memory"
  if (plain) {
    GML_C2_CONV("smlal")
  } else {
    GML_C2_CONV("smlsl")
  }
#undef GML_C2_CONV_OPERANDS
}

#undef GML_C2_CONV
#undef GML_C2_ROWS

/* Up to 16 pixels (MR 16): per block, its 4-pixel tiles; the pixels'
   excess (complemented weights only) worked out once for all blocks. */
void gml_qs8_conv_4x16c2_neonmlsl(
    size_t mr, size_t nc, size_t kc, const int8_t *const *origins, const ptrdiff_t *offsets,
    size_t filter_rows, size_t row_bytes4, const void *w, int8_t *c, size_t c_stride,
    const gml_qs8_params *params) {
  const unsigned char *block = (const unsigned char *)w;
  const size_t block_size = gml_qs8_block_size(GML_QS8_LAYOUT_C2X16_MLSL, kc, params->kind);
  const size_t rq_offset = gml_qs8_block_requant_offset(GML_QS8_LAYOUT_C2X16_MLSL, kc);
  const int plain = gml_qs8_block_flags(block + rq_offset, params->kind)[0];
  int32x4_t excess[GML_QS8_CONV_MAX_PIXELS + 3];
  for (size_t r = 0; r < mr + 3; r++) {
    int32_t sum = 0;
    for (size_t t = 0; t < filter_rows && !plain && r < mr; t++) {
      sum += gml_c2_excess_sum(origins[r] + offsets[t], row_bytes4);
    }
    excess[r] = r < mr ? vdupq_n_s32(sum) : excess[mr - 1];
  }
  const gml_neon_out o = gml_neon_out_init(params);
  for (size_t n0 = 0; n0 < nc; n0 += 16, block += block_size) {
    for (size_t m = 0; m < mr; m += 4) {
      const int8_t *partial[4];
      int8_t *out[4];
      const int8_t *const *rows =
          gml_neon_pixel_group(mr, m, origins, c + n0, c_stride, partial, out);
      int32x4_t acc[16];
      if (nc - n0 <= 8) {
        gml_c2_conv_sums(1, plain, acc, rows, offsets, filter_rows, row_bytes4 / 4, excess + m,
                         block);
        gml_c2_store(4, 1, acc, block + rq_offset, out, nc - n0, &o);
      } else {
        gml_c2_conv_sums(2, plain, acc, rows, offsets, filter_rows, row_bytes4 / 4, excess + m,
                         block);
        gml_c2_store(4, 2, acc, block + rq_offset, out, nc - n0, &o);
      }
    }
  }
}

#endif
