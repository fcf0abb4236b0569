/*
 * qs8_gemm_2x8c8_neonmlsl.c — plain NEON GEMM microkernel (Cortex-A72: no
 * dot product), 2 rows x 8 channels (C8), 16 k per step: two int8 products
 * meet in one int16 (vmull_s8, then vmlsl_s8) before vpadal, 3
 * instructions per 16 products where vmull_s8 + vpadal take 4; exact for every
 * int8, -128 included (qs8_neon_tile.h).
 */
#include "gml_microkernels.h"

#if defined(__aarch64__)

#include "qs8_neon_tile.h"

/* The channel pair in weights vA (first 8 k) and vB (second 8, already
   complemented) times both rows, into accumulators cL, cH (row 0) and
   dL, dH (row 1). v16/v17: rows 0/1 first 8 k twice; v18/v19: second. */
#define GML_MLSL_PAIR(vA, vB, cL, cH, dL, dH) \
  "smull  v28.8h, " vA ".8b, v16.8b\n"       \
  "smull2 v29.8h, " vA ".16b, v16.16b\n"     \
  "smull  v30.8h, " vA ".8b, v17.8b\n"       \
  "smull2 v31.8h, " vA ".16b, v17.16b\n"     \
  "smlsl  v28.8h, " vB ".8b, v18.8b\n"       \
  "smlsl2 v29.8h, " vB ".16b, v18.16b\n"     \
  "smlsl  v30.8h, " vB ".8b, v19.8b\n"       \
  "smlsl2 v31.8h, " vB ".16b, v19.16b\n"     \
  "sadalp %[" cL "].4s, v28.8h\n"            \
  "sadalp %[" cH "].4s, v29.8h\n"            \
  "sadalp %[" dL "].4s, v30.8h\n"            \
  "sadalp %[" dH "].4s, v31.8h\n"

/*
 * acc[8 r + j] (row r, channel j; 4 partial sums each), from 0, over
 * `steps` steps of 16 k of rows p0, p1 and weights b: 62 instructions a
 * step. In assembly because the 16 accumulators, 4 vectors of A, 8 of
 * weights and 4 products take all 32 registers: from the same intrinsics
 * clang moves accumulators between registers and spills some every step
 * (0.39 instructions per MAC instead of 0.25), and gcc spills too.
 */
GML_NEON_INLINE void gml_mlsl_loop(
    int32x4_t *acc, const int8_t *p0, const int8_t *p1, const int8_t *b, size_t steps) {
  __asm__ volatile(
      "movi %[c0].4s, #0\n movi %[c1].4s, #0\n movi %[c2].4s, #0\n movi %[c3].4s, #0\n"
      "movi %[c4].4s, #0\n movi %[c5].4s, #0\n movi %[c6].4s, #0\n movi %[c7].4s, #0\n"
      "movi %[d0].4s, #0\n movi %[d1].4s, #0\n movi %[d2].4s, #0\n movi %[d3].4s, #0\n"
      "movi %[d4].4s, #0\n movi %[d5].4s, #0\n movi %[d6].4s, #0\n movi %[d7].4s, #0\n"
      "cbz %[n], 2f\n"
      "1:\n"
      "ld1 {v20.16b-v23.16b}, [%[b]], #64\n"
      "ld1 {v24.16b-v27.16b}, [%[b]], #64\n"
      "ld1r {v16.2d}, [%[p0]], #8\n"
      "ld1r {v18.2d}, [%[p0]], #8\n"
      "ld1r {v17.2d}, [%[p1]], #8\n"
      "ld1r {v19.2d}, [%[p1]], #8\n"
      "mvn v24.16b, v24.16b\n"
      "mvn v25.16b, v25.16b\n"
      "mvn v26.16b, v26.16b\n"
      "mvn v27.16b, v27.16b\n"
      GML_MLSL_PAIR("v20", "v24", "c0", "c1", "d0", "d1")
      GML_MLSL_PAIR("v21", "v25", "c2", "c3", "d2", "d3")
      GML_MLSL_PAIR("v22", "v26", "c4", "c5", "d4", "d5")
      GML_MLSL_PAIR("v23", "v27", "c6", "c7", "d6", "d7")
      "subs %[n], %[n], #1\n"
      "b.ne 1b\n"
      "2:\n"
      : [c0] "=&w"(acc[0]), [c1] "=&w"(acc[1]), [c2] "=&w"(acc[2]), [c3] "=&w"(acc[3]),
        [c4] "=&w"(acc[4]), [c5] "=&w"(acc[5]), [c6] "=&w"(acc[6]), [c7] "=&w"(acc[7]),
        [d0] "=&w"(acc[8]), [d1] "=&w"(acc[9]), [d2] "=&w"(acc[10]), [d3] "=&w"(acc[11]),
        [d4] "=&w"(acc[12]), [d5] "=&w"(acc[13]), [d6] "=&w"(acc[14]), [d7] "=&w"(acc[15]),
        [p0] "+r"(p0), [p1] "+r"(p1), [b] "+r"(b), [n] "+r"(steps)
      :
      : "v16", "v17", "v18", "v19", "v20", "v21", "v22", "v23", "v24", "v25", "v26", "v27",
        "v28", "v29", "v30", "v31", "cc", "memory");
}

#undef GML_MLSL_PAIR

/* Requantizes y[2 r + h] (row r, channels 4 h...4 h + 3) of a block
   (fields at rq) and stores `count` bytes of each row at cr[r]. */
GML_NEON_INLINE void gml_mlsl_finish(
    int32x4_t *y, int8_t *const *cr, const unsigned char *rq, size_t count, int short_form,
    const gml_neon_out *out) {
  gml_neon_requantize_rows(y, 2, 2, 2, rq, 8, short_form, out);
  gml_neon_store8(cr[0], gml_neon_finish8(y, short_form, out), count);
  gml_neon_store8(cr[1], gml_neon_finish8(y + 2, short_form, out), count);
}

void gml_qs8_gemm_2x8c8_neonmlsl(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params) {
  const int8_t *ar[2];
  int8_t *cr[2];
  gml_neon_tile_rows(mr, 2, a, a_stride, c, c_stride, ar, cr);
  gml_neon_out out = gml_neon_out_init(params);
  const unsigned char *block = (const unsigned char *)w;
  size_t block_size = gml_qs8_block_size(GML_QS8_LAYOUT_C8, kc, params->kind);
  size_t rq_offset = gml_qs8_block_requant_offset(GML_QS8_LAYOUT_C8, kc);
  size_t kc16 = kc & ~(size_t)15;
  int32x4_t excess[2];
  excess[0] = gml_mlsl_excess(ar[0], kc16);
  excess[1] = mr > 1 ? gml_mlsl_excess(ar[1], kc16) : excess[0];
  for (size_t n0 = 0; n0 < nc; n0 += 8, block += block_size) {
    int32x4_t acc[16]; /* acc[8 r + j]: row r, channel j, 4 partial sums */
    gml_mlsl_loop(acc, ar[0], ar[1], (const int8_t *)(block + 32), kc16 / 16);
    const int8_t *b = (const int8_t *)(block + 32) + 8 * kc16;
    if (kc16 < kc) { /* kc is a multiple of 8: one last 8, products alone */
      int8x16x4_t w1 = vld1q_s8_x4(b);
      GML_UNROLL
      for (int r = 0; r < 2; r++) {
        int8x8_t x = vld1_s8(ar[r] + kc16);
        GML_UNROLL
        for (int i = 0; i < 4; i++) {
          int16x8_t lo = vmull_s8(vget_low_s8(w1.val[i]), x);
          acc[8 * r + 2 * i] = vpadalq_s16(acc[8 * r + 2 * i], lo);
          int16x8_t hi = vmull_s8(vget_high_s8(w1.val[i]), x);
          acc[8 * r + 2 * i + 1] = vpadalq_s16(acc[8 * r + 2 * i + 1], hi);
        }
      }
    }
    int32x4_t bias_lo = vld1q_s32((const int32_t *)block);
    int32x4_t bias_hi = vld1q_s32((const int32_t *)block + 4);
    int32x4_t y[4]; /* y[2 r + h]: row r, channels 4 h...4 h + 3 */
    GML_UNROLL
    for (int r = 0; r < 2; r++) {
      const int32x4_t *s = acc + 8 * r;
      int32x4_t lo = gml_neon_reduce4(s[0], s[1], s[2], s[3]);
      int32x4_t hi = gml_neon_reduce4(s[4], s[5], s[6], s[7]);
      y[2 * r] = vsubq_s32(vaddq_s32(lo, bias_lo), excess[r]);
      y[2 * r + 1] = vsubq_s32(vaddq_s32(hi, bias_hi), excess[r]);
    }
    const unsigned char *rq = block + rq_offset;
    int8_t *cn[2] = {cr[0] + n0, cr[1] + n0};
    if (out.kind == GML_QS8_GEMMLOWP && out.small_zero_point && gml_neon_block_short(rq, 8)) {
      gml_mlsl_finish(y, cn, rq, nc - n0, 1, &out);
    } else {
      gml_mlsl_finish(y, cn, rq, nc - n0, 0, &out);
    }
  }
}

#endif
