/*
 * qs8_conv_2x2_dsp.c — int8 Conv2D on the Cortex-M DSP extension
 * (gml_dsp.h): two output pixels' windows gathered as int16 (input
 * offset added, padding 0) into the scratch, then a 2 pixels x 2
 * channels tile: per 4 k, two filter words widened with SXTB16 (even
 * bytes, odd bytes), two doublewords of each pixel, 8 SMLAD. The filter
 * is read in place. The gathered rows interleave the two pixels per group
 * of 4 k, each group stored as k0, k2, k1, k3 to meet SXTB16's halves.
 * The tiles store their sums (in the scratch too), and one pass per
 * channel requantizes both pixels: the tile loop keeps every register.
 */
#include "gml_dsp.h"
#include "qs8_conv_window.h"
#include "qs8_dsp.h"
#if defined(__ARM_FEATURE_MVE)
#include "qs8_helium.h"
#endif

static size_t conv_depth(const gml_qs8_dsp_conv *c) {
  return (size_t)c->filter_h * (size_t)c->filter_w * (size_t)c->input_depth;
}

/* K rounded up to 4: a window's slot, in whole groups. */
static size_t conv_depth4(const gml_qs8_dsp_conv *c) { return (conv_depth(c) + 3) & ~(size_t)3; }

/* Whether windows go through bytes first (gather_staged): where a filter
   row's bytes are not a multiple of 4, put_run would place most of each
   row's values one at a time. */
static int stages(const gml_qs8_dsp_conv *c) {
  return ((size_t)c->filter_w * (size_t)c->input_depth & 3) != 0;
}

size_t gml_qs8_conv_dsp_scratch_size(const gml_qs8_dsp_conv *conv) {
  return 2 * (size_t)conv->output_depth * sizeof(int32_t) +
         2 * conv_depth4(conv) * sizeof(int16_t) + (stages(conv) ? conv_depth4(conv) : 0);
}

/* Writes n values from src, plus the offset, at k, k+1, ... of one
   pixel's slot (every 8th int16 group of 4 is the pixel's). */
static void put_run(int16_t *slot, size_t k, const int8_t *src, size_t n, int32_t offset) {
  uint32_t offsets = ((uint32_t)offset & 0xFFFFu) * 0x10001u;
  for (; n > 0 && (k & 3) != 0; n--, k++, src++) {
    slot[(k >> 2) * 8 + ((k & 1) << 1) + ((k >> 1) & 1)] = (int16_t)(*src + offset);
  }
  for (; n >= 4; n -= 4, k += 4, src += 4) {
    uint32_t w = gml_dsp_load32(src);
    uint32_t even = gml_dsp_sxtab16(offsets, w), odd = gml_dsp_sxtab16_odd(offsets, w);
    __builtin_memcpy(slot + (k >> 2) * 8, &even, 4);
    __builtin_memcpy(slot + (k >> 2) * 8 + 2, &odd, 4);
  }
  for (; n > 0; n--, k++, src++) {
    slot[(k >> 2) * 8 + ((k & 1) << 1) + ((k >> 1) & 1)] = (int16_t)(*src + offset);
  }
}

/* Writes n zeros at k, k+1, ... of a slot. */
static void put_zeros(int16_t *slot, size_t k, size_t n) {
  for (; n > 0; n--, k++) slot[(k >> 2) * 8 + ((k & 1) << 1) + ((k >> 1) & 1)] = 0;
}

/* Gathers output pixel (oy, ox)'s window of `image` into a slot, whole
   groups of 4 (zeros past K). */
static void gather(const gml_qs8_dsp_conv *c, const int8_t *image, int32_t oy, int32_t ox,
                   int16_t *slot) {
  size_t depth = (size_t)c->input_depth, k = 0, row = (size_t)c->filter_w * depth;
  int32_t y0 = oy * c->stride_h - c->pad_top, x0 = ox * c->stride_w - c->pad_left;
  int32_t last = x0 + (c->filter_w - 1) * c->dilation_w;
  for (int32_t ky = 0; ky < c->filter_h; ky++, k += row) {
    int32_t iy = y0 + ky * c->dilation_h;
    if (iy < 0 || iy >= c->input_h) {
      put_zeros(slot, k, row);
      continue;
    }
    const int8_t *line = image + (size_t)iy * (size_t)c->input_w * depth;
    if (c->dilation_w == 1 && x0 >= 0 && last < c->input_w) {
      put_run(slot, k, line + (size_t)x0 * depth, row, c->input_offset);
      continue;
    }
    for (int32_t kx = 0; kx < c->filter_w; kx++) {
      int32_t ix = x0 + kx * c->dilation_w;
      size_t at = k + (size_t)kx * depth;
      if (ix < 0 || ix >= c->input_w) {
        put_zeros(slot, at, depth);
      } else {
        put_run(slot, at, line + (size_t)ix * depth, depth, c->input_offset);
      }
    }
  }
  put_zeros(slot, k, ((k + 3) & ~(size_t)3) - k);
}

/* Copies n bytes, a word at a time while 4 remain (the Cortex-M4 loads
   and stores words at any address). */
static void copy_run(int8_t *dst, const int8_t *src, size_t n) {
  for (; n >= 4; n -= 4, src += 4, dst += 4) {
    uint32_t v = gml_dsp_load32(src);
    __builtin_memcpy(dst, &v, 4);
  }
  for (; n > 0; n--) *dst++ = *src++;
}

/* Sets n bytes to `byte`. */
static void fill_run(int8_t *dst, int8_t byte, size_t n) {
  uint32_t v = (uint8_t)byte * 0x01010101u;
  for (; n >= 4; n -= 4, dst += 4) __builtin_memcpy(dst, &v, 4);
  for (; n > 0; n--) *dst++ = byte;
}

/* gather for layers that stage: the window's bytes into `staged` (the
   input zero point, which widens to 0, for padding and past K), then
   widened a whole word at a time from k = 0. */
static void gather_staged(const gml_qs8_dsp_conv *c, const int8_t *image, int32_t oy,
                          int32_t ox, int16_t *slot, int8_t *staged) {
  size_t k = gml_conv_window_bytes(c, image, oy, ox, staged, copy_run, fill_run);
  fill_run(staged + k, (int8_t)-c->input_offset, conv_depth4(c) - k);
  put_run(slot, 0, staged, conv_depth4(c), c->input_offset);
}

/* The last group's weights of a row whose K is not a multiple of 4,
   zero-padded (no byte past the row is read). */
static uint32_t tail_word(const int8_t *w, size_t n) {
  uint32_t v = 0;
  for (size_t j = 0; j < n; j++) v |= (uint32_t)(uint8_t)w[j] << (8 * j);
  return v;
}

/* The 2x2 tile over one group: pixel words from s (two int16 pairs of
   pixel 0, then of pixel 1), filter words x0/x1. */
#define GML_DSP_TILE_STEP(s, x0, x1)                                       \
  do {                                                                     \
    uint32_t w0e = gml_dsp_sxtb16(x0), w0o = gml_dsp_sxtb16_odd(x0);       \
    uint32_t w1e = gml_dsp_sxtb16(x1), w1o = gml_dsp_sxtb16_odd(x1);       \
    uint32_t p0e = gml_dsp_load32(s), p0o = gml_dsp_load32((s) + 2);       \
    uint32_t p1e = gml_dsp_load32((s) + 4), p1o = gml_dsp_load32((s) + 6); \
    a00 = gml_dsp_smlad(p0o, w0o, gml_dsp_smlad(p0e, w0e, a00));           \
    a01 = gml_dsp_smlad(p0o, w1o, gml_dsp_smlad(p0e, w1e, a01));           \
    a10 = gml_dsp_smlad(p1o, w0o, gml_dsp_smlad(p1e, w0e, a10));           \
    a11 = gml_dsp_smlad(p1o, w1o, gml_dsp_smlad(p1e, w1e, a11));           \
  } while (0)

/* Adds one pair of channels' products (filter rows w0, w1: oc and oc1)
   to their sums acc0 (oc's: pixel 0, pixel 1) and acc1 (oc1's). */
static void pair_sums(const int16_t *s, const int8_t *w0, const int8_t *w1, size_t depth,
                      int32_t *acc0, int32_t *acc1) {
  int32_t a00 = acc0[0], a10 = acc0[1], a01 = acc1[0], a11 = acc1[1];
  for (size_t g = 0; g < depth >> 2; g++, s += 8, w0 += 4, w1 += 4) {
    uint32_t x0 = gml_dsp_load32(w0), x1 = gml_dsp_load32(w1);
    GML_DSP_TILE_STEP(s, x0, x1);
  }
  if ((depth & 3) != 0) {
    uint32_t x0 = tail_word(w0, depth & 3), x1 = tail_word(w1, depth & 3);
    GML_DSP_TILE_STEP(s, x0, x1);
  }
  acc0[0] = a00, acc0[1] = a10, acc1[0] = a01, acc1[1] = a11;
}

#if defined(GML_DSP_NATIVE)
/*
 * pair_sums over `pairs` (>= 1) pairs of channels from `filter` (rows of
 * K = depth bytes), in assembly: per 4 k, 18 instructions for 16 products
 * (each pixel's group one LDRD of its pairs k0,k2 and k1,k3; the filter
 * words widened in place, odd bytes after even), 14 more per pair. It
 * takes all 14 registers Thumb-2 code may use (from C, clang spilled
 * and copied registers around the loop: 24 a group and ~70 a pair): the
 * sums' pointer and the last pair's end wait on the stack during the k
 * loop, and the next pair's rows, K and the k loop's count come from the
 * pointers where the last loop left them (w1 - w0 is K). Where K is not
 * a multiple of 4, each row's last word takes up to 3 bytes of the next
 * row, against the window's zeros past K: so the last pair's second row,
 * read for K rounded up to 4 bytes, must end within the filter (`sums`).
 */
/* The pairs' loop, ADVANCE moving w0, w1, s and n to the next pair. */
#define GML_PAIRS_SUMS(ADVANCE)                                                                \
  __asm__ volatile(                                                                           \
      "0:\n"                                                                                  \
      "ldrd %[a00], %[a10], [%[acc]]\n"                                                       \
      "ldrd %[a01], %[a11], [%[acc], #8]\n"                                                   \
      "strd %[acc], %[last], [sp, #-8]!\n"                                                    \
      "1:\n"                                                                                  \
      "ldr %[x0], [%[w0]], #4\n"                                                              \
      "ldr %[x1], [%[w1]], #4\n"                                                              \
      "ldrd %[pe], %[po], [%[s]], #8\n"                                                       \
      "sxtb16 %[acc], %[x0]\n"                                                                \
      "sxtb16 %[last], %[x1]\n"                                                               \
      "sxtb16 %[x0], %[x0], ror #8\n"                                                         \
      "sxtb16 %[x1], %[x1], ror #8\n"                                                         \
      "smlad %[a00], %[pe], %[acc], %[a00]\n"                                                 \
      "smlad %[a01], %[pe], %[last], %[a01]\n"                                                \
      "smlad %[a00], %[po], %[x0], %[a00]\n"                                                  \
      "smlad %[a01], %[po], %[x1], %[a01]\n"                                                  \
      "ldrd %[pe], %[po], [%[s]], #8\n"                                                       \
      "smlad %[a10], %[pe], %[acc], %[a10]\n"                                                 \
      "smlad %[a11], %[pe], %[last], %[a11]\n"                                                \
      "smlad %[a10], %[po], %[x0], %[a10]\n"                                                  \
      "smlad %[a11], %[po], %[x1], %[a11]\n"                                                  \
      "subs %[n], %[n], #1\n"                                                                 \
      "bne 1b\n"                                                                              \
      "ldrd %[acc], %[last], [sp], #8\n"                                                      \
      "strd %[a00], %[a10], [%[acc]], #8\n"                                                   \
      "strd %[a01], %[a11], [%[acc]], #8\n" ADVANCE                                           \
      "cmp %[w1], %[last]\n"                                                                  \
      "bls 0b\n"                                                                              \
      : [a00] "=&r"(a00), [a01] "=&r"(a01), [a10] "=&r"(a10), [a11] "=&r"(a11), [s] "+r"(s), \
        [w0] "+r"(w0), [w1] "+r"(w1), [n] "+r"(n), [acc] "+r"(acc), [last] "+r"(last),       \
        [x0] "=&r"(x0), [x1] "=&r"(x1), [pe] "=&r"(pe), [po] "=&r"(po)                       \
      :                                                                                       \
      : "cc", "memory")

static void pairs_sums(const int16_t *s, const int8_t *filter, size_t depth, size_t pairs,
                       int32_t *acc) {
  uint32_t a00, a01, a10, a11, x0, x1, pe, po;
  const int8_t *w0 = filter, *w1 = filter + depth;
  const int8_t *last = filter + (2 * pairs - 1) * depth;
  size_t n = (depth + 3) >> 2;
  if ((depth & 3) == 0) {
    /* Each row advanced K: the next pair starts where w1 ended. */
    GML_PAIRS_SUMS("sub %[x0], %[w1], %[w0]\n"
                   "mov %[w0], %[w1]\n"
                   "add %[w1], %[w1], %[x0]\n"
                   "sub %[s], %[s], %[x0], lsl #2\n"
                   "lsr %[n], %[x0], #2\n");
  } else {
    /* Each row advanced K rounded up to 4 (x1); the next pair's rows are
       2 and 3 rows on from this one's first. */
    GML_PAIRS_SUMS("sub %[x0], %[w1], %[w0]\n"
                   "add %[x1], %[x0], #3\n"
                   "bic %[x1], %[x1], #3\n"
                   "sub %[w0], %[w1], %[x1]\n"
                   "add %[w0], %[w0], %[x0]\n"
                   "add %[w1], %[w0], %[x0]\n"
                   "sub %[s], %[s], %[x1], lsl #2\n"
                   "lsr %[n], %[x1], #2\n");
  }
}
#undef GML_PAIRS_SUMS
#endif

/* The channel pairs pairs_sums takes (the first ones): with K not a
   multiple of 4 it reads each row for K rounded up to 4 bytes, so the
   pairs whose second row would read past the filter's end go to
   pair_sums (one or two; more only for K < 3). */
static size_t assembly_pairs(const gml_qs8_dsp_conv *c) {
#if defined(GML_DSP_NATIVE)
  size_t depth = conv_depth(c), n = (size_t)c->output_depth, pairs = n / 2;
  while (pairs > 0 && (2 * pairs - 1) * depth + conv_depth4(c) > n * depth) pairs--;
  return pairs;
#else
  (void)c;
  return 0;
#endif
}

/* Adds the products of every output channel of the two pixels in
   `im2col` to their sums in acc (per channel: pixel 0's, pixel 1's), the
   first `pairs` pairs of channels in assembly. */
static void sums(const gml_qs8_dsp_conv *c, const int8_t *filter, const int16_t *im2col,
                 size_t pairs, int32_t *acc) {
  size_t depth = conv_depth(c), n = (size_t)c->output_depth, oc = 0;
#if defined(GML_DSP_NATIVE)
  if (pairs >= 1) {
    pairs_sums(im2col, filter, depth, pairs, acc);
    oc = 2 * pairs;
  }
#else
  (void)pairs;
#endif
  for (; oc < n; oc += 2) {
    size_t oc1 = oc + 1 < n ? oc + 1 : oc;
    int32_t *acc1 = oc1 == oc ? (int32_t[2]){0, 0} : acc + 2 * oc1;
    pair_sums(im2col, filter + oc * depth, filter + oc1 * depth, depth, acc + 2 * oc, acc1);
  }
}

/* Each channel's bias (or 0) as both pixels' sums. */
static void start_sums(const gml_qs8_dsp_conv *c, const int32_t *bias, int32_t *acc) {
  for (size_t oc = 0; oc < (size_t)c->output_depth; oc++) {
    acc[2 * oc] = acc[2 * oc + 1] = bias ? bias[oc] : 0;
  }
}

/* Requantizes the sums into the two pixels' outputs (out1 may be out0:
   an odd last pixel computed twice), each channel's constants once, and
   starts the next pixels' sums; inlined for each `full`. */
static inline __attribute__((always_inline)) void requantize_clamp(
    size_t n, const int32_t *multipliers, const int32_t *bias, int32_t *acc, int8_t *out0,
    int8_t *out1, gml_dsp_clamp k, int full) {
  for (size_t oc = 0; oc < n; oc++) {
    gml_dsp_rq rq = gml_dsp_rq_make(multipliers + 2 * oc);
    int32_t s0 = acc[2 * oc], s1 = acc[2 * oc + 1];
    acc[2 * oc] = acc[2 * oc + 1] = bias ? bias[oc] : 0;
    out0[oc] = gml_dsp_out(gml_dsp_rq_scale(s0, rq), k, full);
    out1[oc] = gml_dsp_out(gml_dsp_rq_scale(s1, rq), k, full);
  }
}

#if defined(GML_DSP_NATIVE)
/* gml_dsp_rq_scale of the sum in operand `sum`, the zero point added,
   SSAT, stored through operand `out` (post-incremented). */
#define GML_DSP_RQ_ASM(sum, out)                       \
  "and %[lo], %[" sum "], #0x80000000\n"               \
  "asr %[hi], %[" sum "], #31\n"                       \
  "smlal %[lo], %[hi], %[" sum "], %[m]\n"             \
  "adds %[lo], %[lo], %[t], lsl #30\n"                \
  "adc %[hi], %[hi], %[t], lsr #2\n"                  \
  "asr %[hi], %[hi], %[sh]\n"                         \
  "add %[hi], %[hi], %[zp]\n"                         \
  "ssat %[hi], #8, %[hi]\n"                           \
  "strb %[hi], [%[" out "]], #1\n"

/*
 * requantize_clamp for the full int8 clamp, in assembly: per channel 31
 * instructions for both pixels (from C, 42: clang copied and spilled the
 * channel's constants). The channel's t = 1 + 2^e and e - 1 from its
 * shift; per sum, gml_dsp_rq_scale as SMLAL onto x's sign term, t·2^30
 * added with shifted operands, one shift, the zero point, SSAT. `i` runs
 * from -n to 0, indexing the bias from its end (NULL: zeros).
 */
static void requantize_full(size_t n, const int32_t *multipliers, const int32_t *bias,
                            int32_t *acc, int8_t *out0, int8_t *out1, int32_t zero_point) {
  uint32_t m, sh, t, s0, s1, lo, hi;
  const int32_t *bias_end = bias ? bias + n : bias;
  int32_t i = -(int32_t)n;
  __asm__ volatile(
      "1:\n"
      "ldrd %[m], %[sh], [%[mp]], #8\n"
      "mvn %[sh], %[sh]\n"
      "mov %[t], #2\n"
      "lsl %[t], %[t], %[sh]\n"
      "add %[t], %[t], #1\n"
      "ldrd %[s0], %[s1], [%[ap]]\n"
      GML_DSP_RQ_ASM("s0", "o0")
      GML_DSP_RQ_ASM("s1", "o1")
      "mov %[s0], #0\n"
      "cmp %[bp], #0\n"
      "it ne\n"
      "ldrne %[s0], [%[bp], %[i], lsl #2]\n"
      "strd %[s0], %[s0], [%[ap]], #8\n"
      "adds %[i], %[i], #1\n"
      "bne 1b\n"
      : [m] "=&r"(m), [sh] "=&r"(sh), [t] "=&r"(t), [s0] "=&r"(s0), [s1] "=&r"(s1),
        [lo] "=&r"(lo), [hi] "=&r"(hi), [mp] "+r"(multipliers), [ap] "+r"(acc), [o0] "+r"(out0),
        [o1] "+r"(out1), [i] "+r"(i)
      : [bp] "r"(bias_end), [zp] "r"(zero_point)
      : "cc", "memory");
}
#endif

/* requantize's path for layers that fail gml_dsp_one_step. */
static void requantize_exact(size_t n, const int32_t *multipliers, const int32_t *bias,
                             int32_t *acc, int8_t *out0, int8_t *out1, gml_dsp_clamp k) {
  for (size_t oc = 0; oc < n; oc++) {
    int32_t s0 = acc[2 * oc], s1 = acc[2 * oc + 1];
    acc[2 * oc] = acc[2 * oc + 1] = bias ? bias[oc] : 0;
    out0[oc] = gml_dsp_out(gml_dsp_rq_exact(s0, multipliers + 2 * oc), k, 0);
    out1[oc] = gml_dsp_out(gml_dsp_rq_exact(s1, multipliers + 2 * oc), k, 0);
  }
}

static void requantize(const gml_qs8_dsp_conv *c, const int32_t *multipliers,
                       const int32_t *bias, int32_t *acc, int8_t *out0, int8_t *out1,
                       int one_step) {
  gml_dsp_clamp k = gml_dsp_clamp_of(c);
  size_t n = (size_t)c->output_depth;
  if (!one_step) {
    requantize_exact(n, multipliers, bias, acc, out0, out1, k);
  } else if (k.full) {
#if defined(GML_DSP_NATIVE)
    requantize_full(n, multipliers, bias, acc, out0, out1, k.zero_point);
#else
    requantize_clamp(n, multipliers, bias, acc, out0, out1, k, 1);
#endif
  } else {
    requantize_clamp(n, multipliers, bias, acc, out0, out1, k, 0);
  }
}

void gml_qs8_conv_dsp(const gml_qs8_dsp_conv *conv, const int8_t *input, const int8_t *filter,
                      const int32_t *bias, const int32_t *multipliers, int8_t *output,
                      void *scratch) {
#if defined(__ARM_FEATURE_MVE)
  /* A core with Helium (the Cortex-M55's build): its kernel instead. */
  gml_qs8_conv_helium(conv, input, filter, bias, multipliers, output, scratch);
  return;
#endif
  size_t per_image = (size_t)conv->output_h * (size_t)conv->output_w;
  size_t pixels = (size_t)conv->batches * per_image, n = (size_t)conv->output_depth;
  size_t image_bytes = (size_t)conv->input_h * conv->input_w * conv->input_depth;
  int32_t *acc = scratch;
  int16_t *im2col = (int16_t *)(acc + 2 * n);
  int8_t *staged = stages(conv) ? (int8_t *)(im2col + 2 * conv_depth4(conv)) : NULL;
  int one_step = gml_dsp_one_step(multipliers, n);
  size_t pairs = assembly_pairs(conv);
  start_sums(conv, bias, acc);
  for (size_t p = 0; p < pixels; p += 2) {
    size_t q = p + 1 < pixels ? p + 1 : p;
    size_t at[2] = {p, q};
    for (int slot = 0; slot < 2; slot++) {
      size_t b = at[slot] / per_image, rem = at[slot] % per_image;
      int32_t oy = (int32_t)(rem / (size_t)conv->output_w);
      int32_t ox = (int32_t)(rem % (size_t)conv->output_w);
      if (staged) {
        gather_staged(conv, input + b * image_bytes, oy, ox, im2col + 4 * slot, staged);
      } else {
        gather(conv, input + b * image_bytes, oy, ox, im2col + 4 * slot);
      }
    }
    sums(conv, filter, im2col, pairs, acc);
    requantize(conv, multipliers, bias, acc, output + p * n, output + q * n, one_step);
  }
}
