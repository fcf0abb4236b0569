/*
 * qs8_gemm_pack.c — packs int8 weights, bias terms and per-channel
 * requantization into the block layout every GEMM microkernel reads
 * (gml_microkernels.h). Runs once per operator, at prepare.
 */
#include "gml_microkernels.h"
#include "qs8_requant.h"

size_t gml_qs8_gemm_packed_k(size_t k) { return (k + 7) / 8 * 8; }

size_t gml_qs8_gemm_packed_size(int32_t layout, size_t n, size_t k, int32_t kind) {
  size_t nr = gml_qs8_layout_channels(layout);
  return (n + nr - 1) / nr * gml_qs8_block_size(layout, gml_qs8_gemm_packed_k(k), kind);
}

/* Stores weight k of channel j (0...NR-1) in a block's weights;
   `complement`: C2X16_MLSL's second pairs of k as ~value. */
static void put_weight(
    int32_t layout, unsigned char *w, size_t j, size_t k, int8_t value, int complement) {
  int16_t wide = value;
  if (layout == GML_QS8_LAYOUT_C2X16) {
    __builtin_memcpy(w + 2 * ((k / 2) * 32 + j * 2 + k % 2), &wide, 2);
  } else if (layout == GML_QS8_LAYOUT_C8W16) {
    __builtin_memcpy(w + 2 * ((k / 8) * 64 + j * 8 + k % 8), &wide, 2);
  } else if (layout == GML_QS8_LAYOUT_C4X16 || layout == GML_QS8_LAYOUT_C4X16_U8) {
    w[(k / 4) * 64 + j * 4 + k % 4] = (unsigned char)value;
  } else if (layout == GML_QS8_LAYOUT_C2X16_MLSL) {
    size_t second = k % 4 / 2;
    w[(k / 4) * 64 + (j / 8) * 32 + second * 16 + (j % 8) * 2 + k % 2] =
        (unsigned char)(second && complement ? ~value : value);
  } else {
    w[(k / 8) * 64 + j * 8 + k % 8] = (unsigned char)value;
  }
}

/* Stores channel j's constants for gml_avx2_wide_apply in a block's
   wide fields `f` (per half of 8 channels, 160 bytes: int64 round and
   shift for even then odd channels, int32 2^(32 - r) per channel; then
   an int32 flag per half) and clears the half's flag when the channel
   does not allow it. A channel past N counts as M = 0, r = 1. */
static void put_wide(unsigned char *f, size_t j, int32_t multiplier, int32_t shift) {
  int32_t left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
  int ok = left == 0 && right >= 1 && right <= 31 && multiplier >= 0;
  if (!ok) right = 1;
  size_t i = j % 8, lane = 8 * (i / 2) + 32 * (i % 2);
  unsigned char *half = f + 160 * (j / 8);
  uint64_t round = 0x8000000040000000ull + ((uint64_t)1 << (30 + right));
  uint64_t wide_shift = i % 2 ? (uint64_t)(right - 1) : (uint64_t)(right + 31);
  uint32_t adjust = (uint32_t)1 << (32 - right);
  __builtin_memcpy(half + lane, &round, 8);
  __builtin_memcpy(half + 64 + lane, &wide_shift, 8);
  __builtin_memcpy(half + 128 + 4 * i, &adjust, 4);
  if (!ok) __builtin_memset(f + 320 + 4 * (j / 8), 0, 4);
}

/* Stores channel j's constants for gml_vnni_rq_apply in a block's fp64
   fields `f` (GML_QS8_C4X16_FP64_BYTES) and clears its half's flag when
   the channel does not allow them. With M the multiplier and r the right
   shift, gml_avx2_wide_apply's one rounding is
       floor((x*M + 2^30 + 2^(30+r) - 2^31*[x < 0]) / 2^(31+r)),
   and scaled by 2^-(31+r) (exact in double) it is one fused
   multiply-add, x * M' + round, rounded down: exact whenever the result
   lies within +-256 (it is a multiple of 2^-(31+r), with at most 8 + 31
   + r <= 53 bits for r <= 14), and on the right side of the int8 clamp
   otherwise, as rounding is monotonic. So: no left shift, r in 1...14,
   M >= 0. A channel past N counts as M = 0, r = 1. */
static void put_fp64(unsigned char *f, size_t j, int32_t multiplier, int32_t shift) {
  int32_t right = shift > 0 ? 0 : -shift;
  int ok = shift <= 0 && right >= 1 && right <= 14 && multiplier >= 0;
  if (!ok) multiplier = 0, right = 1;
  double scale = 1.0 / (double)((int64_t)1 << (31 + right));
  double m = (double)multiplier * scale;
  double positive = (double)(((int64_t)1 << 30) + ((int64_t)1 << (30 + right))) * scale;
  double negative = positive - 2147483648.0 * scale;
  unsigned char *half = f + 192 * (j / 8);
  size_t i = j % 8;
  __builtin_memcpy(half + 8 * i, &m, 8);
  __builtin_memcpy(half + 64 + 8 * i, &positive, 8);
  __builtin_memcpy(half + 128 + 8 * i, &negative, 8);
  if (!ok) __builtin_memset(f + 384 + 4 * (j / 8), 0, 4);
}

void gml_qs8_gemm_pack(
    int32_t layout, size_t n, size_t k, const int8_t *weights, const int32_t *bias,
    int32_t input_offset, int32_t kind, const int32_t *multiplier, const int32_t *shift,
    const double *scale, void *out) {
  size_t kc = gml_qs8_gemm_packed_k(k), nr = gml_qs8_layout_channels(layout);
  unsigned char *block = (unsigned char *)out;
  __builtin_memset(out, 0, gml_qs8_gemm_packed_size(layout, n, k, kind));
  /* C2X16_MLSL: without a weight -128 two products fit an int16 lane as
     they are, and the tiles skip the complement and its excess. */
  int complement = 0;
  for (size_t i = 0; i < n * k && layout == GML_QS8_LAYOUT_C2X16_MLSL; i++) {
    complement |= weights[i] == -128;
  }
  for (size_t n0 = 0; n0 < n; n0 += nr) {
    unsigned char *w = block + 4 * nr;
    unsigned char *rq = block + gml_qs8_block_requant_offset(layout, kc);
    int wide = gml_qs8_block_has_wide(layout, kind), fp64 = gml_qs8_block_has_fp64(layout, kind);
    if (wide || fp64) {
      /* Both flags set, then cleared by any channel that does not allow. */
      const int32_t yes[2] = {1, 1};
      __builtin_memcpy(rq + 12 * nr + (wide ? 320 : 384), yes, 8);
      for (size_t j = 0; j < nr; j++) {
        int32_t m = n0 + j < n ? multiplier[n0 + j] : 0, s = n0 + j < n ? shift[n0 + j] : -1;
        if (wide) put_wide(rq + 12 * nr, j, m, s);
        if (fp64) put_fp64(rq + 12 * nr, j, m, s);
      }
    }
    for (size_t j = 0; j < nr && n0 + j < n; j++) {
      const int8_t *row = weights + (n0 + j) * k;
      uint32_t sum = 0;
      for (size_t i = 0; i < k; i++) {
        sum += (uint32_t)(int32_t)row[i];
        put_weight(layout, w, j, i, row[i], complement);
      }
      /* C2X16_MLSL: the padding is complemented too (~0), so that the
         kernels' excess (qs8_neon_tile.h) covers every k to kc. */
      for (size_t i = k; i < kc && complement; i++) put_weight(layout, w, j, i, 0, 1);
      /* Kernels that read a + 128 add 128 * sum too: take it back here. */
      uint32_t offset = (uint32_t)input_offset - (layout == GML_QS8_LAYOUT_C4X16_U8 ? 128u : 0u);
      int32_t term = (int32_t)(offset * sum + (bias ? (uint32_t)bias[n0 + j] : 0));
      __builtin_memcpy(block + 4 * j, &term, 4);
      if (kind == GML_QS8_GEMMLOWP) {
        int32_t s = shift[n0 + j];
        int32_t fields[3] = {multiplier[n0 + j], s > 0 ? s : 0, s > 0 ? 0 : -s};
        for (size_t f = 0; f < 3; f++) __builtin_memcpy(rq + 4 * (nr * f + j), &fields[f], 4);
      } else {
        __builtin_memcpy(rq + 8 * j, &scale[n0 + j], 8);
      }
    }
    if (gml_qs8_block_has_flags(layout)) {
      int32_t flags[2] = {!complement, 1};
      for (size_t j = 0; j < nr; j++) {
        if (kind == GML_QS8_GEMMLOWP) {
          int32_t m, right;
          __builtin_memcpy(&m, rq + 4 * j, 4);
          __builtin_memcpy(&right, rq + 4 * (2 * nr + j), 4);
          flags[1] &= m == 0 || right >= 1;
        } else {
          double scale;
          __builtin_memcpy(&scale, rq + 8 * j, 8);
          flags[1] &= scale >= -1.0 && scale <= 1.0;
        }
      }
      __builtin_memcpy(rq + nr * (kind == GML_QS8_GEMMLOWP ? 12 : 8), flags, 8);
    }
    block += gml_qs8_block_size(layout, kc, kind);
  }
}
