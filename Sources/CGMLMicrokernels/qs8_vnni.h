/*
 * qs8_vnni.h — what the x86-64 VNNI microkernels share: the target they
 * compile for (256-bit EVEX: AVX512F, BW, VL and VNNI) and the load of 4
 * bytes of A as unsigned (a + 128, for vpdpbusd's u8 x s8 products; the
 * C4X16_U8 bias terms take the 128 * sum back). Private to this folder.
 */
#ifndef GML_QS8_VNNI_H
#define GML_QS8_VNNI_H

#if defined(__x86_64__)

#include "qs8_avx2.h"

#define GML_VNNI_TARGET "avx2,avx512f,avx512vl,avx512bw,avx512vnni"
#define GML_VNNI __attribute__((target(GML_VNNI_TARGET), always_inline)) static inline

/* Bytes k...k+3 of a row of A, each + 128 (as u8), in every 32-bit lane:
   vpbroadcastd from memory (a load alone), then vpxor with `flip` (0x80
   in every byte). Forced with inline assembly: clang otherwise loads with
   vmovd, flips the one lane and broadcasts with a shuffle, a second
   vector uop per row that costs the 8-row tile a quarter of its speed at
   large K (155 -> 210 GMAC/s on Zen 4). */
GML_VNNI __m256i gml_vnni_load_a(const int8_t *p, __m256i flip) {
  __m256i x;
  __asm__("vpbroadcastd %1, %0" : "=v"(x) : "m"(*(const int32_t *)p));
  return _mm256_xor_si256(x, flip);
}

#endif
#endif
