/*
 * qs8_vnni.h — what the x86-64 VNNI microkernels share: the target they
 * compile for (256-bit EVEX: AVX512F, BW, VL and VNNI) and the load of 4
 * bytes of A as unsigned (a + 128, for vpdpbusd's u8 x s8 products; the
 * C4X16_U8 bias terms take the 128 * sum back), and the requantization
 * and stores of a 16-channel block, in one fused multiply-add per 8 sums
 * where the block's fp64 constants allow. Private to this folder.
 */
#ifndef GML_QS8_VNNI_H
#define GML_QS8_VNNI_H

#if defined(__x86_64__)

#include "qs8_avx2.h"

#define GML_VNNI_TARGET "avx2,avx512f,avx512vl,avx512bw,avx512vnni"
#define GML_VNNI __attribute__((target(GML_VNNI_TARGET), always_inline)) static inline

/* Unrolls the next loop over a tile's rows fully: clang otherwise keeps
   the accumulators in a stack array and loops over it. */
#if defined(__clang__)
#define GML_VNNI_UNROLL _Pragma("clang loop unroll(full)")
#else
#define GML_VNNI_UNROLL _Pragma("GCC unroll 8")
#endif

/* Bytes k...k+3 of a row of A, each + 128 (as u8), in every 32-bit lane:
   vpbroadcastd from memory (a load alone), then vpxor with `flip` (0x80
   in every byte) unless `flipped` (a constant: the bytes already are). Forced with inline assembly: clang otherwise loads with
   vmovd, flips the one lane and broadcasts with a shuffle, a second
   vector uop per row that costs the 8-row tile a quarter of its speed at
   large K (155 -> 210 GMAC/s on Zen 4). */
GML_VNNI __m256i gml_vnni_load_a(const int8_t *p, int flipped, __m256i flip) {
  __m256i x;
  __asm__("vpbroadcastd %1, %0" : "=v"(x) : "m"(*(const int32_t *)p));
  return flipped ? x : _mm256_xor_si256(x, flip);
}

/* Half h's constants for gml_vnni_rq_apply (gml_qs8_gemm_pack's
   put_fp64), with the output zero point folded into the rounding terms
   (exact: an integer plus 1/2 +- 2^-(1+r)). */
typedef struct gml_vnni_rq {
  __m512d multiplier, positive, negative;
} gml_vnni_rq;

GML_VNNI gml_vnni_rq gml_vnni_rq_load(const unsigned char *rq, size_t h, int32_t zero_point) {
  const unsigned char *f = rq + 12 * 16 + 192 * h;
  const __m512d zp = _mm512_set1_pd((double)zero_point);
  gml_vnni_rq q;
  q.multiplier = _mm512_loadu_pd((const double *)f);
  q.positive = _mm512_add_pd(_mm512_loadu_pd((const double *)(f + 64)), zp);
  q.negative = _mm512_add_pd(_mm512_loadu_pd((const double *)(f + 128)), zp);
  return q;
}

/* Whether half h of a block has fp64 constants for every channel. */
GML_VNNI int gml_vnni_rq_ok(const unsigned char *rq, size_t h) {
  int32_t ok;
  __builtin_memcpy(&ok, rq + 12 * 16 + 384 + 4 * h, 4);
  return ok;
}

/* gemmlowp's two roundings of 8 sums plus the zero point (unclamped
   int32): floor(x * M' + round), the round term by the sign of x. */
GML_VNNI __m256i gml_vnni_rq_apply(__m256i x, const gml_vnni_rq *q) {
  const __mmask8 negative = _mm256_cmplt_epi32_mask(x, _mm256_setzero_si256());
  const __m512d round = _mm512_mask_blend_pd(negative, q->positive, q->negative);
  const __m512d v = _mm512_fmadd_pd(_mm512_cvtepi32_pd(x), q->multiplier, round);
  return _mm512_cvt_roundpd_epi32(v, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);
}

/* GML_QS8_FP64's requantization of 8 sums: round(double(x) * scale)
   half away from zero, as a truncation of v + copysign(0.5 - 2^-54, v)
   (exact: the sum rounds up to the next integer exactly when v's
   fraction is at least one half), INT32_MIN past int32 as the
   reference's x86-64 conversion gives (vcvttpd2dq's too); plus the zero
   point, wrapping, as the reference adds it. */
GML_VNNI __m256i gml_vnni_fp64_apply(__m256i x, __m512d scale, __m256i zero_point) {
  const __m512d v = _mm512_mul_pd(_mm512_cvtepi32_pd(x), scale);
  const __m512i sign = _mm512_set1_epi64((int64_t)0x8000000000000000ull);
  const __m512d half = _mm512_castsi512_pd(_mm512_or_si512(
      _mm512_and_si512(_mm512_castpd_si512(v), sign),
      _mm512_castpd_si512(_mm512_set1_pd(0.49999999999999994))));
  const __m256i y = _mm512_cvtt_roundpd_epi32(_mm512_add_pd(v, half), _MM_FROUND_NO_EXC);
  return _mm256_add_epi32(y, zero_point);
}

/* Stores rows r and r1 (r1 == r for a last odd row) of a block's 32
   narrowed bytes at out[r] + n0: 16 bytes each, or the first `count`
   (a masked store: a block of 8 channels, as MobileNet's stem, stores
   every row so). */
GML_VNNI void gml_vnni_store_pair(
    __m256i bytes, int8_t *const *out, size_t r, size_t r1, size_t n0, size_t count) {
  if (count == 16) {
    _mm_storeu_si128((__m128i *)(out[r] + n0), _mm256_castsi256_si128(bytes));
    if (r1 != r) _mm_storeu_si128((__m128i *)(out[r1] + n0), _mm256_extracti128_si256(bytes, 1));
  } else {
    const __mmask16 lanes = (__mmask16)((1u << count) - 1);
    _mm_mask_storeu_epi8(out[r] + n0, lanes, _mm256_castsi256_si128(bytes));
    if (r1 != r) _mm_mask_storeu_epi8(out[r1] + n0, lanes, _mm256_extracti128_si256(bytes, 1));
  }
}

/* Requantizes, narrows, clamps and stores `rows` rows of a C4X16_U8
   block's sums (acc[r][0] channels 0-7, acc[r][1] 8-15; only the first
   when `halves` is 1) to out[r] + n0, `count` bytes each: two rows at a
   time, each sum in registers from the last multiply-add to the store.
   By gml_vnni_rq_apply where the block's fp64 constants allow (the usual
   case), gml_vnni_fp64_apply for GML_QS8_FP64, else the generic form
   (qs8_avx2.h). */
GML_VNNI void gml_vnni_requantize_store16(
    __m256i (*acc)[2], size_t rows, size_t halves, const unsigned char *rq, int8_t *const *out,
    size_t n0, size_t count, const gml_qs8_params *params) {
  if (params->kind == GML_QS8_GEMMLOWP && gml_vnni_rq_ok(rq, 0) &&
      (halves == 1 || gml_vnni_rq_ok(rq, 1))) {
    const gml_vnni_rq q0 = gml_vnni_rq_load(rq, 0, params->zero_point);
    const gml_vnni_rq q1 = gml_vnni_rq_load(rq, halves - 1, params->zero_point);
GML_VNNI_UNROLL
    for (size_t r = 0; r < rows; r += 2) {
      const size_t r1 = r + 1 < rows ? r + 1 : r;
      const __m256i a = gml_vnni_rq_apply(acc[r][0], &q0);
      const __m256i b = halves == 2 ? gml_vnni_rq_apply(acc[r][1], &q1) : a;
      const __m256i c = r1 != r ? gml_vnni_rq_apply(acc[r1][0], &q0) : a;
      const __m256i d = r1 != r && halves == 2 ? gml_vnni_rq_apply(acc[r1][1], &q1) : b;
      gml_vnni_store_pair(gml_avx2_pack_rows(a, b, c, d, params), out, r, r1, n0, count);
    }
    return;
  }
  if (params->kind == GML_QS8_FP64) {
    const __m256i zp = _mm256_set1_epi32(params->zero_point);
    for (size_t h = 0; h < halves; h++) {
      const __m512d scale = _mm512_loadu_pd((const double *)rq + 8 * h);
      for (size_t r = 0; r < rows; r++) acc[r][h] = gml_vnni_fp64_apply(acc[r][h], scale, zp);
    }
  } else {
    for (size_t h = 0; h < halves; h++) {
      gml_avx2_rq q = gml_avx2_rq_load(rq, 16, 8 * h, params);
      for (size_t r = 0; r < rows; r++) acc[r][h] = gml_avx2_rq_apply(acc[r][h], &q);
    }
  }
  for (size_t r = 0; r < rows; r += 2) {
    const size_t r1 = r + 1 < rows ? r + 1 : r;
    const __m256i b = halves == 2 ? acc[r][1] : acc[r][0];
    const __m256i d = halves == 2 ? acc[r1][1] : acc[r1][0];
    gml_vnni_store_pair(gml_avx2_pack_rows(acc[r][0], b, acc[r1][0], d, params), out, r, r1, n0,
                        count);
  }
}

#endif
#endif
