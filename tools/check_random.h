// tools/check_random.h — the seeded xorshift generator the C microkernel checks share (tools/*_check.c).
#ifndef GML_CHECK_RANDOM_H
#define GML_CHECK_RANDOM_H

#include <stdint.h>

#ifndef CHECK_SEED
#define CHECK_SEED 0x9E3779B97F4A7C15ull
#endif

static uint64_t state = CHECK_SEED;
static uint64_t next(void) {
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}
static int32_t between(int32_t lo, int32_t hi) {
  return lo + (int32_t)(next() % (uint64_t)(hi - lo + 1));
}
/* A random byte; with `extremes`, -128 or 127. */
static inline int8_t random_byte(int extremes) {
  return extremes ? (next() & 1 ? -128 : 127) : (int8_t)next();
}

#endif
