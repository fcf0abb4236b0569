/*
 * qs8_gemm_1x8c8_neonmlsl.c — plain NEON GEMM microkernel, 1 row x 8
 * channels (C8): the matrix-vector case (FullyConnected on one input) of
 * 2x8c8_neonmlsl, two products per int16 with the second weight
 * complemented (exact for every int8; qs8_neon_tile.h).
 */
#include "gml_microkernels.h"

#if defined(__aarch64__)

#include "qs8_neon_tile.h"

/* 8 bytes of A in both halves of a vector. The empty asm hides that they
   are equal: clang would otherwise take the high half of a product's A
   from the low one and move the weights' high half down for it (vext). */
GML_NEON_INLINE int8x16_t gml_mlsl_load_twice(const int8_t *p) {
  int8x16_t x = vreinterpretq_s8_s64(vld1q_dup_s64((const int64_t *)(const void *)p));
  __asm__("" : "+w"(x));
  return x;
}

void gml_qs8_gemm_1x8c8_neonmlsl(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params) {
  (void)mr;
  (void)a_stride;
  (void)c_stride;
  gml_neon_out out = gml_neon_out_init(params);
  const unsigned char *block = (const unsigned char *)w;
  size_t block_size = gml_qs8_block_size(GML_QS8_LAYOUT_C8, kc, params->kind);
  size_t rq_offset = gml_qs8_block_requant_offset(GML_QS8_LAYOUT_C8, kc);
  size_t kc16 = kc & ~(size_t)15;
  int32x4_t excess = gml_mlsl_excess(a, kc16);
  for (size_t n0 = 0; n0 < nc; n0 += 8, block += block_size) {
    int32x4_t acc[8]; /* channel j, 4 partial sums */
    GML_UNROLL
    for (int j = 0; j < 8; j++) acc[j] = vdupq_n_s32(0);
    const int8_t *b = (const int8_t *)(block + 32);
    for (size_t k = 0; k < kc16; k += 16) {
      int8x16x4_t w1 = gml_neon_load64(&b), w2 = gml_neon_load64(&b);
      int8x16_t x1 = gml_mlsl_load_twice(a + k), x2 = gml_mlsl_load_twice(a + k + 8);
      GML_UNROLL
      for (int i = 0; i < 4; i++) { /* channels 2 i, 2 i + 1 */
        int8x16_t not2 = vmvnq_s8(w2.val[i]);
        int16x8_t lo = vmull_s8(vget_low_s8(w1.val[i]), vget_low_s8(x1));
        acc[2 * i] = vpadalq_s16(acc[2 * i], vmlsl_s8(lo, vget_low_s8(not2), vget_low_s8(x2)));
        int16x8_t hi = vmlsl_high_s8(vmull_high_s8(w1.val[i], x1), not2, x2);
        acc[2 * i + 1] = vpadalq_s16(acc[2 * i + 1], hi);
      }
    }
    if (kc16 < kc) { /* kc is a multiple of 8: one last 8, products alone */
      int8x16x4_t w1 = gml_neon_load64(&b);
      int8x8_t x = vld1_s8(a + kc16);
      GML_UNROLL
      for (int i = 0; i < 4; i++) {
        acc[2 * i] = vpadalq_s16(acc[2 * i], vmull_s8(vget_low_s8(w1.val[i]), x));
        acc[2 * i + 1] = vpadalq_s16(acc[2 * i + 1], vmull_s8(vget_high_s8(w1.val[i]), x));
      }
    }
    const int32_t *bias = (const int32_t *)block;
    int32x4_t lo = gml_neon_reduce4(acc[0], acc[1], acc[2], acc[3]);
    int32x4_t hi = gml_neon_reduce4(acc[4], acc[5], acc[6], acc[7]);
    int32x4_t y[2] = {vsubq_s32(vaddq_s32(lo, vld1q_s32(bias)), excess),
                      vsubq_s32(vaddq_s32(hi, vld1q_s32(bias + 4)), excess)};
    /* One row: the short form's check would cost about what it saves. */
    gml_neon_requantize_rows(y, 1, 2, 2, block + rq_offset, 8, 0, &out);
    gml_neon_store8(c + n0, gml_neon_finish8(y, 0, &out), nc - n0);
  }
}

#endif
