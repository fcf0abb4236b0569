/*
 * qs8_gemm_4x16c2_neonmlsl.c — plain NEON GEMM microkernels (Cortex-A72:
 * no dot product), 4 rows and 1 row x 16 channels (C2X16_MLSL), 4 k per
 * step. A row's pair of k is broadcast (ld1r of 16 bits), so each int16
 * lane of vmull_s8 holds one channel's product for one k; vmlsl_s8 adds
 * the channel's product for a second pair of k (weights complemented at
 * packing, exact for every int8: qs8_neon_tile.h), and vpadal adds the
 * lane pair into the channel's int32 sum: 3 instructions per 16 products
 * and no reduction across lanes at the end. Blocks of at most 8 channels
 * compute that half only; one row (a call's last, or FullyConnected on one
 * input) runs alone. Then the exact requantization.
 */
#include "gml_microkernels.h"

#if defined(__aarch64__)

#include "qs8_neon_mlsl.h"

/* The most rows a call of the 4-row tile takes: four tiles. */
#define GML_C2_MR 16

#define GML_C2_LOOP(BODY) "1:\n" BODY BODY "subs %[n], %[n], #1\n b.ne 1b\n"

/* The assembly of gml_c2_sums for rows (4 or 1) and halves, with OP. */
#define GML_C2_SUMS(OP)                                                                     \
  if (rows == 4 && halves == 2) {                                                           \
    __asm__ volatile(                                                                       \
        GML_C2_INIT GML_C2_SUB16("a0", "a1", "a2", "a3", "v24")                             \
        GML_C2_SUB16("a4", "a5", "a6", "a7", "v25")                                         \
        GML_C2_SUB16("a8", "a9", "a10", "a11", "v26")                                       \
        GML_C2_SUB16("a12", "a13", "a14", "a15", "v27")                                     \
        GML_C2_LOOP(GML_C2_W16 GML_C2_ROW16(OP, "p0", "a0", "a1", "a2", "a3")               \
                    GML_C2_ROW16(OP, "p1", "a4", "a5", "a6", "a7")                          \
                    GML_C2_ROW16(OP, "p2", "a8", "a9", "a10", "a11")                        \
                    GML_C2_ROW16(OP, "p3", "a12", "a13", "a14", "a15"))                     \
        GML_C2_OPERANDS);                                                                   \
  } else if (rows == 4) {                                                                   \
    __asm__ volatile(                                                                       \
        GML_C2_INIT GML_C2_SUB8("a0", "a1", "v24") GML_C2_SUB8("a4", "a5", "v25")           \
        GML_C2_SUB8("a8", "a9", "v26") GML_C2_SUB8("a12", "a13", "v27")                     \
        GML_C2_LOOP(GML_C2_W8 GML_C2_ROW8(OP, "p0", "a0", "a1")                             \
                    GML_C2_ROW8(OP, "p1", "a4", "a5") GML_C2_ROW8(OP, "p2", "a8", "a9")     \
                    GML_C2_ROW8(OP, "p3", "a12", "a13"))                                    \
        GML_C2_OPERANDS);                                                                   \
  } else if (halves == 2) {                                                                 \
    __asm__ volatile(                                                                       \
        GML_C2_INIT GML_C2_SUB16("a0", "a1", "a2", "a3", "v24")                             \
        GML_C2_LOOP(GML_C2_W16 GML_C2_ROW16(OP, "p0", "a0", "a1", "a2", "a3"))              \
        GML_C2_OPERANDS);                                                                   \
  } else {                                                                                  \
    __asm__ volatile(                                                                       \
        GML_C2_INIT GML_C2_SUB8("a0", "a1", "v24")                                          \
        GML_C2_LOOP(GML_C2_W8 GML_C2_ROW8(OP, "p0", "a0", "a1"))                            \
        GML_C2_OPERANDS);                                                                   \
  }

/*
 * The sums of one block for rows p0-p3 (four rows) or p0 (one): acc[4 r +
 * q] (row r, channels 4 q...4 q + 3, q < 2 * halves) = bias term - the
 * row's excess (excess[r], in every lane) + the products of kc k (a
 * multiple of 8) of the row and the block's weights, `plain` or
 * complemented. In assembly: from intrinsics clang loads the broadcast
 * pairs as 8 bytes, takes the high halves of the weights with an ext per
 * use and computes each pair's address apart (0.47 instructions per MAC
 * at K = 336 instead of 0.23). The accumulators are outputs only (gcc
 * takes at most 30 operands).
 */
GML_NEON_INLINE void gml_c2_sums(
    int rows, int halves, int plain, int32x4_t *acc, const int8_t *const *ar,
    const int32x4_t *excess, const unsigned char *block, size_t kc) {
  const int8_t *p0 = ar[0], *p1 = ar[1], *p2 = ar[2], *p3 = ar[3];
  const unsigned char *b = block;
  size_t n = kc / 8;
  const size_t step = 64;
#define GML_C2_OPERANDS                                                                    \
  : [a0] "=&w"(acc[0]), [a1] "=&w"(acc[1]), [a2] "=&w"(acc[2]), [a3] "=&w"(acc[3]),        \
    [a4] "=&w"(acc[4]), [a5] "=&w"(acc[5]), [a6] "=&w"(acc[6]), [a7] "=&w"(acc[7]),        \
    [a8] "=&w"(acc[8]), [a9] "=&w"(acc[9]), [a10] "=&w"(acc[10]), [a11] "=&w"(acc[11]),    \
    [a12] "=&w"(acc[12]), [a13] "=&w"(acc[13]), [a14] "=&w"(acc[14]), [a15] "=&w"(acc[15]), \
    [p0] "+r"(p0), [p1] "+r"(p1), [p2] "+r"(p2), [p3] "+r"(p3), [b] "+r"(b), [n] "+r"(n)   \
  : [excess] "r"(excess), [step] "r"(step)                                                 \
  : "v20", "v21", "v22", "v23", "v24", "v25", "v26", "v27", "v28", "v29", "cc", "memory"
  if (plain) {
    GML_C2_SUMS("smlal")
  } else {
    GML_C2_SUMS("smlsl")
  }
#undef GML_C2_OPERANDS
}

#undef GML_C2_SUMS
#undef GML_C2_LOOP

/* Four blocks of 16 channels for one row: the broadcast pairs of 4 k
   (v24, v25) against each block's weights (v20-v23), into A0-A3. */
#define GML_C2_BLOCK(OP, B, A0, A1, A2, A3)                    \
  "ld1 {v20.16b, v21.16b, v22.16b, v23.16b}, [%[" B "]], #64\n" \
  "smull v26.8h, v20.8b, v24.8b\n"                             \
  "smull2 v27.8h, v20.16b, v24.16b\n"                          \
  "smull v28.8h, v22.8b, v24.8b\n"                             \
  "smull2 v29.8h, v22.16b, v24.16b\n"                          \
  OP " v26.8h, v21.8b, v25.8b\n"                               \
  OP "2 v27.8h, v21.16b, v25.16b\n"                            \
  OP " v28.8h, v23.8b, v25.8b\n"                               \
  OP "2 v29.8h, v23.16b, v25.16b\n"                            \
  "sadalp %[" A0 "].4s, v26.8h\n"                              \
  "sadalp %[" A1 "].4s, v27.8h\n"                              \
  "sadalp %[" A2 "].4s, v28.8h\n"                              \
  "sadalp %[" A3 "].4s, v29.8h\n"
#define GML_C2_BIAS(B, A0, A1, A2, A3)                      \
  "ld1 {v20.4s, v21.4s, v22.4s, v23.4s}, [%[" B "]], #64\n" \
  "sub %[" A0 "].4s, v20.4s, v24.4s\n"                     \
  "sub %[" A1 "].4s, v21.4s, v24.4s\n"                     \
  "sub %[" A2 "].4s, v22.4s, v24.4s\n"                     \
  "sub %[" A3 "].4s, v23.4s, v24.4s\n"
#define GML_C2_STEP4(OP)                                                                 \
  "ld1r {v24.8h}, [%[p0]], #2\n"                                                          \
  "ld1r {v25.8h}, [%[p0]], #2\n"                                                          \
  GML_C2_BLOCK(OP, "b0", "a0", "a1", "a2", "a3") GML_C2_BLOCK(OP, "b1", "a4", "a5", "a6", "a7") \
  GML_C2_BLOCK(OP, "b2", "a8", "a9", "a10", "a11")                                        \
  GML_C2_BLOCK(OP, "b3", "a12", "a13", "a14", "a15")
#define GML_C2_SUMS4(OP)                                                                         \
  __asm__ volatile(                                                                             \
      "ld1 {v24.4s}, [%[excess]]\n"                                                             \
      GML_C2_BIAS("b0", "a0", "a1", "a2", "a3") GML_C2_BIAS("b1", "a4", "a5", "a6", "a7")        \
      GML_C2_BIAS("b2", "a8", "a9", "a10", "a11") GML_C2_BIAS("b3", "a12", "a13", "a14", "a15")  \
      "1:\n" GML_C2_STEP4(OP) GML_C2_STEP4(OP) "subs %[n], %[n], #1\n b.ne 1b\n"             \
      : [a0] "=&w"(acc[0]), [a1] "=&w"(acc[1]), [a2] "=&w"(acc[2]), [a3] "=&w"(acc[3]),         \
        [a4] "=&w"(acc[4]), [a5] "=&w"(acc[5]), [a6] "=&w"(acc[6]), [a7] "=&w"(acc[7]),         \
        [a8] "=&w"(acc[8]), [a9] "=&w"(acc[9]), [a10] "=&w"(acc[10]), [a11] "=&w"(acc[11]),     \
        [a12] "=&w"(acc[12]), [a13] "=&w"(acc[13]), [a14] "=&w"(acc[14]), [a15] "=&w"(acc[15]), \
        [p0] "+r"(p0), [b0] "+r"(b0), [b1] "+r"(b1), [b2] "+r"(b2), [b3] "+r"(b3), [n] "+r"(n)  \
      : [excess] "r"(excess)                                                                    \
      : "v20", "v21", "v22", "v23", "v24", "v25", "v26", "v27", "v28", "v29", "cc", "memory");

/*
 * One row against four whole blocks at b0-b3 (FullyConnected on one
 * input): acc[4 i + q] as gml_c2_sums gives for block i, the broadcast
 * pairs loaded once for the four: 54 instructions per 256 products where
 * a block at a time takes 60.
 */
GML_NEON_INLINE void gml_c2_sums4(
    int plain, int32x4_t *acc, const int8_t *p0, const int32x4_t *excess,
    const unsigned char *b0, size_t block_size, size_t kc) {
  const unsigned char *b1 = b0 + block_size, *b2 = b1 + block_size, *b3 = b2 + block_size;
  size_t n = kc / 8;
  if (plain) {
    GML_C2_SUMS4("smlal")
  } else {
    GML_C2_SUMS4("smlsl")
  }
}

#undef GML_C2_BLOCK
#undef GML_C2_BIAS
#undef GML_C2_SUMS4
#undef GML_C2_STEP4

/* One block (`halves` of 8 channels) for `rows` (4 or 1) rows ar, stored
   at cr. */
GML_NEON_INLINE void gml_c2_block(
    int rows, int halves, int plain, const int8_t *const *ar, const int32x4_t *excess,
    size_t kc, const unsigned char *block, size_t rq_offset, int8_t *const *cr, size_t count,
    const gml_neon_out *out) {
  int32x4_t acc[16];
  gml_c2_sums(rows, halves, plain, acc, ar, excess, block, kc);
  gml_c2_store(rows, halves, acc, block + rq_offset, cr, count, out);
}

/* The blocks of nc channels for one row (FullyConnected on one input):
   four whole blocks per pass, then one at a time. */
GML_NEON_INLINE void gml_c2_row(
    const int8_t *a, int8_t *c, size_t nc, size_t kc, const void *w,
    const gml_qs8_params *params) {
  gml_neon_out out = gml_neon_out_init(params);
  const unsigned char *block = (const unsigned char *)w;
  const size_t block_size = gml_qs8_block_size(GML_QS8_LAYOUT_C2X16_MLSL, kc, params->kind);
  const size_t rq_offset = gml_qs8_block_requant_offset(GML_QS8_LAYOUT_C2X16_MLSL, kc);
  const int plain = gml_qs8_block_flags(block + rq_offset, params->kind)[0];
  const int32x4_t e = plain ? vdupq_n_s32(0) : gml_c2_excess(a, kc);
  const int32x4_t excess[4] = {e, e, e, e};
  const int8_t *ar[4] = {a, a, a, a};
  size_t n0 = 0;
  for (; n0 + 64 <= nc; n0 += 64, block += 4 * block_size) {
    int32x4_t acc[16];
    gml_c2_sums4(plain, acc, a, excess, block, block_size, kc);
    GML_UNROLL
    for (int i = 0; i < 4; i++) {
      int8_t *cn[4] = {c + n0 + 16 * i};
      gml_c2_store(1, 2, acc + 4 * i, block + i * block_size + rq_offset, cn, 16, &out);
    }
  }
  for (; n0 < nc; n0 += 16, block += block_size) {
    int8_t *cn[4] = {c + n0};
    if (nc - n0 <= 8) {
      gml_c2_block(1, 1, plain, ar, excess, kc, block, rq_offset, cn, nc - n0, &out);
    } else {
      gml_c2_block(1, 2, plain, ar, excess, kc, block, rq_offset, cn, nc - n0, &out);
    }
  }
}

/* Up to 16 rows (MR 16): per block, its 4-row tiles (a last one of 1 row
   alone), so that a call's setup, the rows' excess and each block's
   constants are worked out once for all of them. */
void gml_qs8_gemm_4x16c2_neonmlsl(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params) {
  gml_neon_out out = gml_neon_out_init(params);
  const unsigned char *block = (const unsigned char *)w;
  const size_t block_size = gml_qs8_block_size(GML_QS8_LAYOUT_C2X16_MLSL, kc, params->kind);
  const size_t rq_offset = gml_qs8_block_requant_offset(GML_QS8_LAYOUT_C2X16_MLSL, kc);
  const int plain = gml_qs8_block_flags(block + rq_offset, params->kind)[0];
  int32x4_t excess[GML_C2_MR + 3];
  if (plain) {
    for (size_t r = 0; r < mr + 3; r++) excess[r] = vdupq_n_s32(0);
  } else {
    for (size_t r = 0; r < mr + 3; r++) {
      excess[r] = r < mr ? gml_c2_excess(a + r * a_stride, kc) : excess[mr - 1];
    }
  }
  for (size_t n0 = 0; n0 < nc; n0 += 16, block += block_size) {
    for (size_t m = 0; m < mr; m += 4) {
      const int8_t *ar[4];
      int8_t *cn[4];
      gml_neon_tile_rows(mr - m, 4, a + m * a_stride, a_stride, c + m * c_stride + n0, c_stride,
                         ar, cn);
      const int rows = mr - m == 1 ? 1 : 4;
      if (nc - n0 <= 8) {
        if (rows == 1) {
          gml_c2_block(1, 1, plain, ar, excess + m, kc, block, rq_offset, cn, nc - n0, &out);
        } else {
          gml_c2_block(4, 1, plain, ar, excess + m, kc, block, rq_offset, cn, nc - n0, &out);
        }
      } else if (rows == 1) {
        gml_c2_block(1, 2, plain, ar, excess + m, kc, block, rq_offset, cn, nc - n0, &out);
      } else {
        gml_c2_block(4, 2, plain, ar, excess + m, kc, block, rq_offset, cn, nc - n0, &out);
      }
    }
  }
}

void gml_qs8_gemm_1x16c2_neonmlsl(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params) {
  (void)mr;
  (void)a_stride;
  (void)c_stride;
  gml_c2_row(a, c, nc, kc, w, params);
}

#endif
