/*
 * qs8_gemm_4x16c8_neoni8mm.c — NEON I8MM GEMM microkernel, 4 rows x 16
 * channels: two C8 blocks side by side. Per 8 k, each vmmlaq_s32 (SMMLA)
 * multiplies 2 rows by 2 channels (32 products) into a 2x2 accumulator
 * started at the bias terms; 16 of them per 8 k. Then the rows are taken
 * apart (vzip of 64-bit halves) and requantized exactly. A call takes up
 * to 16 rows (four tiles per pass).
 */
#include "gml_microkernels.h"

#if defined(__aarch64__)

#include "qs8_neon_i8mm.h"

/* One pass over `blocks` (1 or 2) C8 blocks from `block` on. */
/* The whole k loop of one tile: 16 k a step, then a last 8 (bit 3 of
   kc). */
#define GML_MMLA_LOOP(INIT, STEP16, STEP8)                                             \
  INIT "lsr %[n], %[kc], #4\n cbz %[n], 2f\n"                                          \
  "1:\n" GML_MMLA_ROWS16 STEP16 "subs %[n], %[n], #1\n b.ne 1b\n"                      \
  "2:\n tbz %[kc], #3, 3f\n" GML_MMLA_ROWS8 STEP8 "3:\n"

/*
 * The sums of a tile of 4 rows (ar) and `blocks` (1 or 2) C8 blocks from
 * `block` on: acc[8 p + 4 blk + i], row pair p, channels 8 blk + 2 i and
 * 2 i + 1, lanes [r c, r c+1, r+1 c, r+1 c+1], from the bias terms. In
 * assembly: from intrinsics clang spills and copies registers in the loop
 * (51 instructions per 16 k instead of 46). The accumulators are outputs
 * only (gcc takes at most 30 operands).
 */
GML_NEON_INLINE GML_NEON_I8MM void gml_i8mm_sums(
    int32x4_t *acc, const int8_t *const *ar, size_t kc, const unsigned char *block,
    size_t block_size, size_t blocks) {
  const int8_t *p0 = ar[0], *p1 = ar[1], *p2 = ar[2], *p3 = ar[3];
  const unsigned char *b0 = block, *b1 = block + block_size;
  size_t n;
#define GML_MMLA_OPERANDS                                                                  \
  : [a0] "=&w"(acc[0]), [a1] "=&w"(acc[1]), [a2] "=&w"(acc[2]), [a3] "=&w"(acc[3]),        \
    [a4] "=&w"(acc[4]), [a5] "=&w"(acc[5]), [a6] "=&w"(acc[6]), [a7] "=&w"(acc[7]),        \
    [a8] "=&w"(acc[8]), [a9] "=&w"(acc[9]), [a10] "=&w"(acc[10]), [a11] "=&w"(acc[11]),    \
    [a12] "=&w"(acc[12]), [a13] "=&w"(acc[13]), [a14] "=&w"(acc[14]), [a15] "=&w"(acc[15]), \
    [p0] "+r"(p0), [p1] "+r"(p1), [p2] "+r"(p2), [p3] "+r"(p3), [b0] "+r"(b0), [b1] "+r"(b1), \
    [n] "=&r"(n)                                                                           \
  : [kc] "r"(kc)                                                                           \
  : "v20", "v21", "v22", "v23", "v24", "v25", "v26", "v27", "v28", "v29", "v30", "v31",    \
    "cc", "memory"
  if (blocks == 2) {
    __asm__ volatile(GML_MMLA_LOOP(
        GML_MMLA_BIAS("b0", "a0", "a1", "a2", "a3", "a8", "a9", "a10", "a11")
        GML_MMLA_BIAS("b1", "a4", "a5", "a6", "a7", "a12", "a13", "a14", "a15"),
        GML_MMLA_B0("v28", "v29") GML_MMLA_B1("v28", "v29") GML_MMLA_B0("v30", "v31")
        GML_MMLA_B1("v30", "v31"),
        GML_MMLA_B0("v28", "v29") GML_MMLA_B1("v28", "v29")) GML_MMLA_OPERANDS);
  } else {
    __asm__ volatile(GML_MMLA_LOOP(
        GML_MMLA_BIAS("b0", "a0", "a1", "a2", "a3", "a8", "a9", "a10", "a11"),
        GML_MMLA_B0("v28", "v29") GML_MMLA_B0("v30", "v31"),
        GML_MMLA_B0("v28", "v29")) GML_MMLA_OPERANDS);
  }
#undef GML_MMLA_OPERANDS
}

#undef GML_MMLA_LOOP

/* One pass over `blocks` (1 or 2) C8 blocks from `block` on; short_form
   (gml_neon_block_short of both blocks, and a small zero point) and
   `count` (16 for every channel of two blocks: the stores then test
   nothing) are constants where this is inlined. */
GML_NEON_INLINE GML_NEON_I8MM void gml_i8mm_tile(
    const int8_t *const *ar, int8_t *const *cr, size_t kc, const unsigned char *block,
    size_t block_size, size_t blocks, int short_form, size_t count, const gml_neon_out *out) {
  int32x4_t acc[16];
  gml_i8mm_sums(acc, ar, kc, block, block_size, blocks);
  size_t rq_offset = gml_qs8_block_requant_offset(GML_QS8_LAYOUT_C8, kc);
  gml_i8mm_finish(acc, cr, block, block_size, rq_offset, blocks, count, short_form, out);
}

/* Up to 16 rows (MR 16): per pass over two blocks, its 4-row tiles. */
GML_NEON_I8MM void gml_qs8_gemm_4x16c8_neoni8mm(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params) {
  gml_neon_out out = gml_neon_out_init(params);
  const unsigned char *block = (const unsigned char *)w;
  size_t block_size = gml_qs8_block_size(GML_QS8_LAYOUT_C8, kc, params->kind);
  size_t rq_offset = gml_qs8_block_requant_offset(GML_QS8_LAYOUT_C8, kc);
  for (size_t n0 = 0; n0 < nc; n0 += 16, block += 2 * block_size) {
    const size_t count = nc - n0, blocks = count > 8 ? 2 : 1;
    const int short_form = gml_i8mm_short(block, block_size, rq_offset, blocks, &out);
    for (size_t m = 0; m < mr; m += 4) {
      const int8_t *ar[4];
      int8_t *cr[4];
      gml_neon_tile_rows(mr - m, 4, a + m * a_stride, a_stride, c + m * c_stride + n0, c_stride,
                         ar, cr);
      if (count >= 16 && short_form) {
        gml_i8mm_tile(ar, cr, kc, block, block_size, 2, 1, 16, &out);
      } else if (count >= 16) {
        gml_i8mm_tile(ar, cr, kc, block, block_size, 2, 0, 16, &out);
      } else if (count > 8) {
        gml_i8mm_tile(ar, cr, kc, block, block_size, 2, short_form, count, &out);
      } else {
        gml_i8mm_tile(ar, cr, kc, block, block_size, 1, short_form, count, &out);
      }
    }
  }
}

#endif
