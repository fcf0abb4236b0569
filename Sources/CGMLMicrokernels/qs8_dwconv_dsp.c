/*
 * qs8_dwconv_dsp.c — int8 DepthwiseConv2D (depth multiplier 1, any
 * filter) on the Cortex-M DSP extension (gml_dsp.h). Four channels a
 * step: per output pixel each tap's four inputs widened with the input
 * offset added (SXTAB16) and one product per channel (SMLABB, SMLATT),
 * against the taps' weights widened once per four channels (SXTB16:
 * channels 0 and 2, 1 and 3; a 3x3 filter's onto the stack, others' into
 * 8 bytes a tap of scratch). A 3x3 window inside the image, or with one
 * column in the padding, is 8 instructions a tap in assembly; any other
 * filter's rows run an assembly loop of 11 a tap. Taps in
 * the padding are skipped, as the reference skips them. The last 1-3
 * channels run the same loop, read byte by byte.
 */
#include "gml_dsp.h"
#include "qs8_dsp.h"
#if defined(__ARM_FEATURE_MVE)
#include "qs8_helium.h"
#endif

/* The taps [k0, k1) of a `taps`-tap filter axis whose first tap is at
   `at` (stride `step`) inside [0, size). */
static inline void taps_inside(int32_t at, int32_t step, int32_t size, int32_t taps, int32_t *k0,
                               int32_t *k1) {
  *k0 = 0, *k1 = taps;
  while (*k0 < taps && at + *k0 * step < 0) (*k0)++;
  while (*k1 > *k0 && at + (*k1 - 1) * step >= size) (*k1)--;
}

/* `n` (1...4) bytes from p, zero-extended into a word: a whole word for
   4, else byte by byte (no byte past the last channel is read). */
static inline __attribute__((always_inline)) uint32_t load_channels(const int8_t *p, size_t n) {
  if (n == 4) return gml_dsp_load32(p);
  uint32_t v = 0;
  for (size_t j = 0; j < n; j++) v |= (uint32_t)(uint8_t)p[j] << (8 * j);
  return v;
}

/* One tap: four channels' inputs at p against the tap's widened weights
   wk[0] (channels 0, 2) and wk[1] (1, 3). */
#define GML_DSP_DW_TAP(p, wk)                                                     \
  do {                                                                            \
    uint32_t v = load_channels(p, n);                                             \
    uint32_t even = gml_dsp_sxtab16(offsets, v), odd = gml_dsp_sxtab16_odd(offsets, v); \
    a0 = gml_dsp_smlabb(even, (wk)[0], a0);                                       \
    a2 = gml_dsp_smlatt(even, (wk)[0], a2);                                       \
    a1 = gml_dsp_smlabb(odd, (wk)[1], a1);                                        \
    a3 = gml_dsp_smlatt(odd, (wk)[1], a3);                                        \
  } while (0)

#if defined(GML_DSP_NATIVE)
/* One tap of GML_DSP_DW_WINDOW_ASM: the weights at byte `at` of w, the
   inputs at `load`; the odd bytes widened into v itself. */
#define GML_DSP_DW_TAP_ASM(load, at)                  \
  "ldrd %[w0], %[w1], [%[w], #" at "]\n"              \
  "ldr %[v], " load "\n"                              \
  "sxtab16 %[e], %[off], %[v]\n"                      \
  "sxtab16 %[v], %[off], %[v], ror #8\n"              \
  "smlabb %[a0], %[e], %[w0], %[a0]\n"                \
  "smlatt %[a2], %[e], %[w0], %[a2]\n"                \
  "smlabb %[a1], %[v], %[w1], %[a1]\n"                \
  "smlatt %[a3], %[v], %[w1], %[a3]\n"

/* A filter row: its three taps from p, p + sx, p + 2 sx (or its first
   two), then p to the next row. */
#define GML_DSP_DW_ROW_ASM(a, b, c)                                     \
  GML_DSP_DW_TAP_ASM("[%[p]]", a) GML_DSP_DW_TAP_ASM("[%[p], %[sx]]", b) \
  GML_DSP_DW_TAP_ASM("[%[p], %[sx], lsl #1]", c) "add %[p], %[p], %[sy]\n"
#define GML_DSP_DW_ROW2_ASM(a, b) \
  GML_DSP_DW_TAP_ASM("[%[p]]", a) GML_DSP_DW_TAP_ASM("[%[p], %[sx]]", b) "add %[p], %[p], %[sy]\n"

/*
 * Taps of a window, in assembly (`rows`: three GML_DSP_DW_ROW_ASM for a
 * window inside the image, three GML_DSP_DW_ROW2_ASM for one whose first
 * or last column is in the padding, w then from its first valid column):
 * 8 instructions a tap and one a row (from C, clang reloaded the tap
 * pointers from the stack and the weights a word at a time: 12 a tap,
 * and 21 a row in the padded windows' loops).
 */
#define GML_DSP_DW_WINDOW_ASM(rows, p, step_x, step_y, weights, offsets, a0, a1, a2, a3)      \
  do {                                                                                       \
    uint32_t w0_, w1_, v_, e_;                                                               \
    const int8_t *p_ = (p);                                                                  \
    __asm__ volatile(rows                                                                    \
                     : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3),          \
                       [p] "+r"(p_), [w0] "=&r"(w0_), [w1] "=&r"(w1_), [v] "=&r"(v_),        \
                       [e] "=&r"(e_)                                                         \
                     : [sx] "r"(step_x), [sy] "r"(step_y), [w] "r"(weights),              \
                       [off] "r"(offsets)                                                    \
                     : "memory");                                                            \
  } while (0)
#endif

#if defined(GML_DSP_NATIVE) && defined(__clang__)
/* `count` (at least 1) taps of one filter row in an assembly loop, from
   src (the first tap's inputs; `step` apart) against their widened
   weights: 11 instructions a tap (the weights a word at a time: twelve
   registers). Clang only, as the boards build: gcc 12 finds no registers
   for it inlined here, and runs the C loop. */
#define GML_DSP_DW_ROW_LOOP_ASM(src, step, weights, count, offs, a0, a1, a2, a3)           \
  do {                                                                                     \
    const int8_t *p_ = (src);                                                              \
    const uint32_t *w_ = (weights);                                                        \
    int32_t k_ = (count);                                                                  \
    uint32_t t_, v_, e_;                                                                   \
    __asm__ volatile("1:\n"                                                                \
                     "ldr %[v], [%[p]]\n"                                                  \
                     "add %[p], %[p], %[sx]\n"                                             \
                     "ldr %[t], [%[w]], #4\n"                                              \
                     "sxtab16 %[e], %[off], %[v]\n"                                        \
                     "smlabb %[a0], %[e], %[t], %[a0]\n"                                   \
                     "smlatt %[a2], %[e], %[t], %[a2]\n"                                   \
                     "ldr %[t], [%[w]], #4\n"                                              \
                     "sxtab16 %[v], %[off], %[v], ror #8\n"                                \
                     "smlabb %[a1], %[v], %[t], %[a1]\n"                                   \
                     "smlatt %[a3], %[v], %[t], %[a3]\n"                                   \
                     "subs %[k], %[k], #1\n"                                               \
                     "bne 1b\n"                                                            \
                     : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3),          \
                       [p] "+r"(p_), [w] "+r"(w_), [k] "+r"(k_), [t] "=&r"(t_),             \
                       [v] "=&r"(v_), [e] "=&r"(e_)                                         \
                     : [sx] "r"(step), [off] "r"(offs)                                      \
                     : "cc", "memory");                                                     \
  } while (0)
#endif

/* Channels c4...c4+n-1 (n in 1...4) of every output pixel, their weights
   widened into w (two words a tap) first. Inlined four times: four
   channels with the full int8 clamp and the one-step requantization
   (`fast`: whole words, the taps in assembly, requantized in straight
   lines, one SSAT each), for a 3x3 filter (`three`: its windows unrolled)
   and for any other; and any other case, looping (in flash: 1.3 KB less
   than a copy per case; `one_step` 0: gemmlowp's steps), again for 3x3
   and any other filter. */
static inline __attribute__((always_inline)) void channels(
    const gml_qs8_dsp_conv *c, const int8_t *input, const int8_t *filter, const int32_t *bias,
    const int32_t *multipliers, int8_t *output, size_t c4, size_t n, int full, int fast,
    int one_step, int three, uint32_t *w) {
  size_t depth = (size_t)c->output_depth;
  int32_t kh = three ? 3 : c->filter_h, kw = three ? 3 : c->filter_w;
  for (size_t t = 0; t < (size_t)(kh * kw); t++) {
    uint32_t x = load_channels(filter + t * depth + c4, n);
    w[2 * t] = gml_dsp_sxtb16(x);
    w[2 * t + 1] = gml_dsp_sxtb16_odd(x);
  }
  gml_dsp_rq rq[4];
  int32_t b[4] = {0, 0, 0, 0};
  for (size_t j = 0; j < n; j++) {
    if (one_step) rq[j] = gml_dsp_rq_make(multipliers + 2 * (c4 + j));
    if (bias) b[j] = bias[c4 + j];
  }
  gml_qs8_dsp_conv k = *c; /* stores through int8_t may alias *c */
  gml_dsp_clamp clamp = gml_dsp_clamp_of(c);
  uint32_t offsets = ((uint32_t)k.input_offset & 0xFFFFu) * 0x10001u;
  ptrdiff_t row = (ptrdiff_t)k.input_w * (ptrdiff_t)depth;
  ptrdiff_t step_x = (ptrdiff_t)depth * k.dilation_w, step_y = row * k.dilation_h;
  int8_t *out = output + c4;
  for (int32_t image = 0; image < k.batches; image++) {
    const int8_t *base = input + (size_t)image * (size_t)k.input_h * (size_t)row + c4;
    for (int32_t oy = 0; oy < k.output_h; oy++) {
      int32_t y0 = oy * k.stride_h - k.pad_top, ky0, ky1;
      taps_inside(y0, k.dilation_h, k.input_h, kh, &ky0, &ky1);
      for (int32_t ox = 0; ox < k.output_w; ox++, out += depth) {
        int32_t x0 = ox * k.stride_w - k.pad_left, kx0 = 0, kx1 = kw;
        int32_t a0 = b[0], a1 = b[1], a2 = b[2], a3 = b[3];
        if (three && fast && ky0 == 0 && ky1 == 3 && x0 >= 0 &&
            x0 + 2 * k.dilation_w < k.input_w) {
          const int8_t *p = base + y0 * row + (ptrdiff_t)x0 * (ptrdiff_t)depth;
#if defined(GML_DSP_NATIVE)
          GML_DSP_DW_WINDOW_ASM(GML_DSP_DW_ROW_ASM("0", "8", "16") GML_DSP_DW_ROW_ASM("24", "32", "40")
                                    GML_DSP_DW_ROW_ASM("48", "56", "64"),
                                p, step_x, step_y, w, offsets, a0, a1, a2, a3);
#else
          for (int32_t ky = 0; ky < 3; ky++, p += step_y) {
            GML_DSP_DW_TAP(p, w + 6 * ky);
            GML_DSP_DW_TAP(p + step_x, w + 6 * ky + 2);
            GML_DSP_DW_TAP(p + 2 * step_x, w + 6 * ky + 4);
          }
#endif
        } else {
          taps_inside(x0, k.dilation_w, k.input_w, kw, &kx0, &kx1);
#if defined(GML_DSP_NATIVE)
          if (three && fast && ky0 == 0 && ky1 == 3 && kx1 - kx0 == 2) {
            const int8_t *p =
                base + y0 * row + (ptrdiff_t)(x0 + kx0 * k.dilation_w) * (ptrdiff_t)depth;
            GML_DSP_DW_WINDOW_ASM(GML_DSP_DW_ROW2_ASM("0", "8") GML_DSP_DW_ROW2_ASM("24", "32")
                                      GML_DSP_DW_ROW2_ASM("48", "56"),
                                  p, step_x, step_y, w + 2 * kx0, offsets, a0, a1, a2, a3);
          } else
#endif
          for (int32_t ky = ky0; ky < ky1; ky++) {
            const int8_t *p = base + (y0 + ky * k.dilation_h) * row +
                              (ptrdiff_t)(x0 + kx0 * k.dilation_w) * (ptrdiff_t)depth;
            const uint32_t *wk = w + 2 * (ky * kw + kx0);
#if defined(GML_DSP_DW_ROW_LOOP_ASM)
            /* Not for 3x3 windows: KWS's layers took 3.5 % more with it. */
            if (!three && fast && kx1 > kx0) {
              GML_DSP_DW_ROW_LOOP_ASM(p, step_x, wk, kx1 - kx0, offsets, a0, a1, a2, a3);
              continue;
            }
#endif
            for (int32_t kx = kx0; kx < kx1; kx++, p += step_x, wk += 2) {
              GML_DSP_DW_TAP(p, wk);
            }
          }
        }
        if (fast) {
          out[0] = gml_dsp_out(gml_dsp_rq_scale(a0, rq[0]), clamp, full);
          out[1] = gml_dsp_out(gml_dsp_rq_scale(a1, rq[1]), clamp, full);
          out[2] = gml_dsp_out(gml_dsp_rq_scale(a2, rq[2]), clamp, full);
          out[3] = gml_dsp_out(gml_dsp_rq_scale(a3, rq[3]), clamp, full);
        } else {
          int32_t a[4] = {a0, a1, a2, a3};
          for (size_t j = 0; j < n; j++) {
            int32_t y = one_step ? gml_dsp_rq_scale(a[j], rq[j])
                                 : gml_dsp_rq_exact(a[j], multipliers + 2 * (c4 + j));
            out[j] = gml_dsp_out(y, clamp, full);
          }
        }
      }
    }
  }
}

size_t gml_qs8_dwconv_dsp_scratch_size(const gml_qs8_dsp_conv *conv) {
  int three = conv->filter_h == 3 && conv->filter_w == 3;
  return three ? 0 : 8 * (size_t)conv->filter_h * (size_t)conv->filter_w;
}

void gml_qs8_dwconv_dsp(const gml_qs8_dsp_conv *conv, const int8_t *input, const int8_t *filter,
                        const int32_t *bias, const int32_t *multipliers, int8_t *output,
                        void *scratch) {
#if defined(__ARM_FEATURE_MVE)
  /* A core with Helium (the Cortex-M55's build): its kernel instead. */
  (void)scratch;
  gml_qs8_dwconv_helium(conv, input, filter, bias, multipliers, output);
  return;
#endif
  size_t depth = (size_t)conv->output_depth, c = 0;
  int full = gml_dsp_clamp_of(conv).full;
  int one_step = gml_dsp_one_step(multipliers, depth);
  int three = conv->filter_h == 3 && conv->filter_w == 3;
  uint32_t nine[18], *w = three ? nine : (uint32_t *)scratch;
  for (; c < depth; c += 4) {
    size_t n = depth - c < 4 ? depth - c : 4;
    int fast = full && n == 4 && one_step;
    if (three && fast) {
      channels(conv, input, filter, bias, multipliers, output, c, 4, 1, 1, 1, 1, w);
    } else if (three) {
      channels(conv, input, filter, bias, multipliers, output, c, n, full, 0, one_step, 1, w);
    } else if (fast) {
      channels(conv, input, filter, bias, multipliers, output, c, 4, 1, 1, 1, 0, w);
    } else {
      channels(conv, input, filter, bias, multipliers, output, c, n, full, 0, one_step, 0, w);
    }
  }
}
