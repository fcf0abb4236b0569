/*
 * cpu_features.c — which SIMD tiles this CPU runs: AVX2 through CPUID and
 * XGETBV (the OS must save the YMM state), NEON by architecture. No libgcc
 * or OS calls, so it links on every target gml builds for.
 */
#include "gml_microkernels.h"

#if defined(__x86_64__)
#include <cpuid.h>

int gml_cpu_has_avx2(void) {
  unsigned eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
  const unsigned osxsave = 1u << 27, avx = 1u << 28;
  if ((ecx & (osxsave | avx)) != (osxsave | avx)) return 0;
  unsigned xcr0_lo, xcr0_hi;
  __asm__ volatile("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
  if ((xcr0_lo & 6u) != 6u) return 0;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
  return (ebx & (1u << 5)) != 0;
}
#else
int gml_cpu_has_avx2(void) { return 0; }
#endif

#if defined(__aarch64__)
int gml_cpu_has_neon(void) { return 1; }
#else
int gml_cpu_has_neon(void) { return 0; }
#endif
