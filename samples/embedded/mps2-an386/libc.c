// samples/embedded/mps2-an386/libc.c — the C library pieces the Swift code calls on the board: memory, rounding, entropy.
// Compiled with -ffreestanding -fno-builtin so these loops do not turn back
// into calls to themselves.
#include <stddef.h>

#include "board.h"

// A word the compiler may let alias any object, as memcpy's must.
typedef unsigned int __attribute__((may_alias)) Word;

// Byte by byte up to the first word boundary of the destination, then
// words (four a step), then the tail.
void *memset(void *destination, int value, size_t count) {
  unsigned char *d = destination;
  for (; count && ((size_t)d & 3); count--) *d++ = (unsigned char)value;
  unsigned int fill = (unsigned char)value * 0x01010101u;
  for (; count >= 16; count -= 16, d += 16) {
    ((Word *)d)[0] = fill, ((Word *)d)[1] = fill, ((Word *)d)[2] = fill, ((Word *)d)[3] = fill;
  }
  for (; count >= 4; count -= 4, d += 4) *(Word *)d = fill;
  while (count--) *d++ = (unsigned char)value;
  return destination;
}

// Words when source and destination are as far from a word boundary (the
// Swift code's copies of values, a few hundred a model, all are), after
// the bytes up to it; bytes otherwise.
void *memcpy(void *destination, const void *source, size_t count) {
  unsigned char *d = destination;
  const unsigned char *s = source;
  if ((((size_t)d ^ (size_t)s) & 3) == 0) {
    for (; count && ((size_t)d & 3); count--) *d++ = *s++;
    for (; count >= 16; count -= 16, d += 16, s += 16) {
      const Word *w = (const Word *)s;
      Word a = w[0], b = w[1], c = w[2], e = w[3];
      ((Word *)d)[0] = a, ((Word *)d)[1] = b, ((Word *)d)[2] = c, ((Word *)d)[3] = e;
    }
    for (; count >= 4; count -= 4, d += 4, s += 4) *(Word *)d = *(const Word *)s;
  }
  while (count--) *d++ = *s++;
  return destination;
}

void *memmove(void *destination, const void *source, size_t count) {
  unsigned char *d = destination;
  const unsigned char *s = source;
  if (d < s) {
    while (count--) *d++ = *s++;
  } else {
    while (count--) d[count] = s[count];
  }
  return destination;
}

int memcmp(const void *a, const void *b, size_t count) {
  const unsigned char *x = a, *y = b;
  for (; count; count--, x++, y++) {
    if (*x != *y) return *x < *y ? -1 : 1;
  }
  return 0;
}

size_t strlen(const char *s) {
  size_t n = 0;
  while (s[n]) n++;
  return n;
}

// The ARM EABI's names for the same (note __aeabi_memset's argument order).
void __aeabi_memcpy(void *d, const void *s, size_t n) { memcpy(d, s, n); }
void __aeabi_memcpy4(void *d, const void *s, size_t n) { memcpy(d, s, n); }
void __aeabi_memcpy8(void *d, const void *s, size_t n) { memcpy(d, s, n); }
void __aeabi_memmove(void *d, const void *s, size_t n) { memmove(d, s, n); }
void __aeabi_memmove4(void *d, const void *s, size_t n) { memmove(d, s, n); }
void __aeabi_memmove8(void *d, const void *s, size_t n) { memmove(d, s, n); }
void __aeabi_memset(void *d, size_t n, int c) { memset(d, c, n); }
void __aeabi_memset4(void *d, size_t n, int c) { memset(d, c, n); }
void __aeabi_memset8(void *d, size_t n, int c) { memset(d, c, n); }
void __aeabi_memclr(void *d, size_t n) { memset(d, 0, n); }
void __aeabi_memclr4(void *d, size_t n) { memset(d, 0, n); }
void __aeabi_memclr8(void *d, size_t n) { memset(d, 0, n); }

// round, roundf and ceil, which `.rounded()` and the standard library's
// hash tables call: exact operations, so any correct version gives libm's
// bits. Each works on the IEEE 754 encoding: clear the fraction bits below
// the units place after adding half a unit (round) or one unit less a bit
// (ceil) to the magnitude.

typedef union {
  double f;
  unsigned long long i;
} Double;

typedef union {
  float f;
  unsigned int i;
} Float;

double round(double x) {
  Double u = {x};
  int e = (int)(u.i >> 52 & 0x7ff) - 0x3ff;
  if (e >= 52) return x;  // already integral, or inf or NaN
  if (e < 0) {            // |x| < 1: ±0, or ±1 from 0.5 up
    u.i &= 1ull << 63;
    if (e == -1) u.i |= 0x3ff0000000000000ull;
    return u.f;
  }
  unsigned long long fraction = 0x000fffffffffffffull >> e;
  if ((u.i & fraction) == 0) return x;
  u.i += 0x0008000000000000ull >> e;
  u.i &= ~fraction;
  return u.f;
}

float roundf(float x) {
  Float u = {x};
  int e = (int)(u.i >> 23 & 0xff) - 0x7f;
  if (e >= 23) return x;
  if (e < 0) {
    u.i &= 1u << 31;
    if (e == -1) u.i |= 0x3f800000u;
    return u.f;
  }
  unsigned int fraction = 0x007fffffu >> e;
  if ((u.i & fraction) == 0) return x;
  u.i += 0x00400000u >> e;
  u.i &= ~fraction;
  return u.f;
}

double ceil(double x) {
  Double u = {x};
  int e = (int)(u.i >> 52 & 0x7ff) - 0x3ff;
  if (e >= 52) return x;
  int negative = (int)(u.i >> 63);
  if (e < 0) {  // |x| < 1: -0 for (-1, 0], +1 for (0, 1), x itself for ±0
    if ((u.i << 1) == 0) return x;
    u.i = negative ? 1ull << 63 : 0x3ff0000000000000ull;
    return u.f;
  }
  unsigned long long fraction = 0x000fffffffffffffull >> e;
  if ((u.i & fraction) == 0) return x;
  if (!negative) u.i += fraction;  // carries into the units place
  u.i &= ~fraction;
  return u.f;
}

// The standard library seeds its hash tables from here. A fixed seed is
// fine: nothing here hashes untrusted keys, and runs stay reproducible.
void arc4random_buf(void *buffer, size_t count) {
  unsigned char *b = buffer;
  unsigned int state = 0x9E3779B9u;
  for (size_t i = 0; i < count; i++) {
    state = state * 1664525u + 1013904223u;
    b[i] = (unsigned char)(state >> 24);
  }
}
