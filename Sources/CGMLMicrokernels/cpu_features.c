/*
 * cpu_features.c — which SIMD tiers this CPU runs: on x86-64 through CPUID
 * and XGETBV (the OS must save the vector state), on AArch64 Linux through
 * the kernel's hardware capabilities (getauxval); and the GML_ISA cap. No
 * libgcc, and no OS call off Linux, so it links on every target gml builds
 * for.
 */
#include "gml_f32.h"
#include "gml_microkernels.h"

#if defined(__x86_64__)
#include <cpuid.h>

/* XCR0: the state the OS saves on a context switch. */
static unsigned xcr0(void) {
  unsigned lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return lo;
}

int gml_cpu_has_avx2(void) {
  unsigned eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
  const unsigned osxsave = 1u << 27, avx = 1u << 28;
  if ((ecx & (osxsave | avx)) != (osxsave | avx)) return 0;
  if ((xcr0() & 6u) != 6u) return 0;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
  return (ebx & (1u << 5)) != 0;
}

int gml_cpu_has_fma(void) {
  unsigned eax, ebx, ecx, edx;
  if (!gml_cpu_has_avx2() || !__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
  return (ecx & (1u << 12)) != 0;
}

int gml_cpu_has_avx512vnni(void) {
  if (!gml_cpu_has_avx2()) return 0;
  /* XMM, YMM, opmask, upper halves of ZMM0-15, ZMM16-31. */
  if ((xcr0() & 0xE6u) != 0xE6u) return 0;
  unsigned eax, ebx, ecx, edx;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
  const unsigned f = 1u << 16, bw = 1u << 30, vl = 1u << 31;
  return (ebx & (f | bw | vl)) == (f | bw | vl) && (ecx & (1u << 11)) != 0;
}

int gml_cpu_has_avxvnni(void) {
  if (!gml_cpu_has_avx2()) return 0;
  unsigned eax, ebx, ecx, edx;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) || eax < 1) return 0;
  if (!__get_cpuid_count(7, 1, &eax, &ebx, &ecx, &edx)) return 0;
  return (eax & (1u << 4)) != 0;
}
#else
int gml_cpu_has_avx2(void) { return 0; }
int gml_cpu_has_fma(void) { return 0; }
int gml_cpu_has_avx512vnni(void) { return 0; }
int gml_cpu_has_avxvnni(void) { return 0; }
#endif

#if defined(__aarch64__)
int gml_cpu_has_neon(void) { return 1; }
#else
int gml_cpu_has_neon(void) { return 0; }
#endif

#if defined(__aarch64__) && defined(__linux__)
/* <sys/auxv.h>, declared here so freestanding builds compile this file. */
unsigned long getauxval(unsigned long type);
#define GML_AT_HWCAP 16
#define GML_AT_HWCAP2 26

int gml_cpu_has_neon_dot(void) { return (getauxval(GML_AT_HWCAP) & (1ul << 20)) != 0; }
int gml_cpu_has_neon_i8mm(void) { return (getauxval(GML_AT_HWCAP2) & (1ul << 13)) != 0; }
#else
int gml_cpu_has_neon_dot(void) { return 0; }
int gml_cpu_has_neon_i8mm(void) { return 0; }
#endif

#if defined(__ARM_FEATURE_DSP) && defined(__ARM_FEATURE_SIMD32) && !defined(__aarch64__)
int gml_cpu_has_dsp(void) { return 1; }
#else
int gml_cpu_has_dsp(void) { return 0; }
#endif

#if defined(__linux__)
/* <stdlib.h>, declared here so freestanding builds compile this file. */
char *getenv(const char *name);

const char *gml_isa_environment(void) {
  const char *value = getenv("GML_ISA");
  return value && value[0] ? value : 0;
}
#else
const char *gml_isa_environment(void) { return 0; }
#endif
