/*
 * qs8_neon_mlsl.h — what the plain NEON C2X16_MLSL tiles share (GEMM and
 * direct Conv2D, qs8_gemm_4x16c2_neonmlsl.c, qs8_conv_4x16c2_neonmlsl.c):
 * their loops' assembly, 4 k per step (see the GEMM file), the block's
 * flags, and the requantization and stores of a block's rows. Private to
 * this folder; AArch64 only.
 */
#ifndef GML_QS8_NEON_MLSL_H
#define GML_QS8_NEON_MLSL_H

#if defined(__aarch64__)

#include "qs8_neon_tile.h"

/* Row R's 4 k (two broadcast pairs; its pointer moves on) times the
   weights in v20-v23, into accumulators A0-A3 (16 channels). OP adds the
   second pair's products: "smlal" (plain weights) or "smlsl"
   (complemented). */
#define GML_C2_ROW16(OP, R, A0, A1, A2, A3) \
  "ld1r {v24.8h}, [%[" R "]], #2\n"        \
  "ld1r {v25.8h}, [%[" R "]], #2\n"        \
  "smull v26.8h, v20.8b, v24.8b\n"         \
  "smull2 v27.8h, v20.16b, v24.16b\n"      \
  "smull v28.8h, v22.8b, v24.8b\n"         \
  "smull2 v29.8h, v22.16b, v24.16b\n"      \
  OP " v26.8h, v21.8b, v25.8b\n"           \
  OP "2 v27.8h, v21.16b, v25.16b\n"        \
  OP " v28.8h, v23.8b, v25.8b\n"           \
  OP "2 v29.8h, v23.16b, v25.16b\n"        \
  "sadalp %[" A0 "].4s, v26.8h\n"          \
  "sadalp %[" A1 "].4s, v27.8h\n"          \
  "sadalp %[" A2 "].4s, v28.8h\n"          \
  "sadalp %[" A3 "].4s, v29.8h\n"

/* The same for 8 channels (weights in v20, v21), into A0, A1. */
#define GML_C2_ROW8(OP, R, A0, A1)     \
  "ld1r {v24.8h}, [%[" R "]], #2\n"   \
  "ld1r {v25.8h}, [%[" R "]], #2\n"   \
  "smull v26.8h, v20.8b, v24.8b\n"    \
  "smull2 v27.8h, v20.16b, v24.16b\n" \
  OP " v26.8h, v21.8b, v25.8b\n"      \
  OP "2 v27.8h, v21.16b, v25.16b\n"   \
  "sadalp %[" A0 "].4s, v26.8h\n"     \
  "sadalp %[" A1 "].4s, v27.8h\n"

/* 4 k of weights: 16 channels, or the first 8 (the block's step is 64,
   in %[step], or added apart). */
#define GML_C2_W16 "ld1 {v20.16b, v21.16b, v22.16b, v23.16b}, [%[b]], #64\n"
#define GML_C2_W8 "ld1 {v20.16b, v21.16b}, [%[b]], %[step]\n"
#define GML_C2_W8_ADD "ld1 {v20.16b, v21.16b}, [%[b]]\n add %[b], %[b], #64\n"

/* The block's bias terms (v20-v23; b moves to the weights) minus each
   row's excess (v24-v27: 0 for plain weights), into the accumulators. */
#define GML_C2_INIT "ld1 {v20.4s, v21.4s, v22.4s, v23.4s}, [%[b]], #64\n" \
                    "ld1 {v24.4s, v25.4s, v26.4s, v27.4s}, [%[excess]]\n"
#define GML_C2_SUB(A, BIAS, EXCESS) "sub %[" A "].4s, " BIAS ".4s, " EXCESS ".4s\n"
#define GML_C2_SUB16(A0, A1, A2, A3, EXCESS)                                      \
  GML_C2_SUB(A0, "v20", EXCESS) GML_C2_SUB(A1, "v21", EXCESS) GML_C2_SUB(A2, "v22", EXCESS) \
  GML_C2_SUB(A3, "v23", EXCESS)
#define GML_C2_SUB8(A0, A1, EXCESS) GML_C2_SUB(A0, "v20", EXCESS) GML_C2_SUB(A1, "v21", EXCESS)

/* Requantizes and stores acc[4 r + q] (rows r < rows, `halves` of 8
   channels) of the block whose requantization is at rq, count bytes per
   row at cr[r]. */
GML_NEON_INLINE void gml_c2_store(
    int rows, int halves, int32x4_t *acc, const unsigned char *rq, int8_t *const *cr,
    size_t count, const gml_neon_out *out) {
  /* The short form narrows to int16 before adding the zero point; the
     reference adds it in int32, wrapping: the same only after GEMMLOWP's
     short form (|y| <= 2^30), not after FP64's, which can near 2^31. */
  const int flag = gml_qs8_block_flags(rq, out->kind)[1];
  const int short_form = out->kind == GML_QS8_GEMMLOWP && out->small_zero_point && flag;
  if (short_form || (out->kind == GML_QS8_FP64 && flag)) {
    gml_neon_requantize_rows(acc, rows, 4, 2 * halves, rq, 16, 1, out);
  } else {
    gml_neon_requantize_rows(acc, rows, 4, 2 * halves, rq, 16, 0, out);
  }
  GML_UNROLL
  for (int r = 0; r < rows; r++) {
    if (halves == 2) {
      gml_neon_store16(cr[r], gml_neon_finish16(acc + 4 * r, short_form, out), count);
    } else {
      gml_neon_store8(cr[r], gml_neon_finish8(acc + 4 * r, short_form, out), count);
    }
  }
}

#endif
#endif
