// tools/dsp_check.c — the Cortex-M DSP kernels (gml_dsp.h) against a C port of the reference kernels.
//
// Built and run by tools/microkernel-check.sh: on the host (the DSP
// instructions in C) and, cross-compiled for 32-bit Arm with the DSP
// extension (arm-linux-gnueabihf-gcc -mcpu=cortex-a7: the same SMLAD,
// SXTB16, SXTAB16, SMLABB, SMLATT as ARMv7E-M, in Thumb-2), under qemu-arm.
// Seeded random cases: shapes, strides, dilations, paddings, depths and
// channel counts off the tiles' steps, extreme zero points, multipliers,
// shifts and data (weights -128), clamps. Exit 1 on any differing byte.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "gml_dsp.h"
#include "gml_dwconv_elementwise.h"
#include "qs8_requant.h"

#include "check_random.h"
#include "check_fc.h"
#include "check_pool.h"
#include "check_vbinary.h"

// Conv2DInt8.reference / DepthwiseConv2DInt8.reference (depth multiplier
// 1: `depthwise`), as the GMLKernels +Reference.swift files compute them.
static void reference(const gml_qs8_dsp_conv *c, int depthwise, const int8_t *in,
                      const int8_t *w, const int32_t *bias, const int32_t *mult, int8_t *out) {
  int32_t id = c->input_depth, od = c->output_depth, fh = c->filter_h, fw = c->filter_w;
  gml_qs8_params p = {GML_QS8_GEMMLOWP, c->output_offset, c->min, c->max};
  for (int32_t b = 0; b < c->batches; b++)
    for (int32_t oy = 0; oy < c->output_h; oy++)
      for (int32_t ox = 0; ox < c->output_w; ox++)
        for (int32_t oc = 0; oc < od; oc++) {
          uint32_t acc = bias ? (uint32_t)bias[oc] : 0;
          for (int32_t ky = 0; ky < fh; ky++) {
            int32_t iy = oy * c->stride_h - c->pad_top + ky * c->dilation_h;
            if (iy < 0 || iy >= c->input_h) continue;
            for (int32_t kx = 0; kx < fw; kx++) {
              int32_t ix = ox * c->stride_w - c->pad_left + kx * c->dilation_w;
              if (ix < 0 || ix >= c->input_w) continue;
              const int8_t *x = in + ((b * c->input_h + iy) * c->input_w + ix) * id;
              if (depthwise) {
                acc += (uint32_t)(w[(ky * fw + kx) * od + oc] * (x[oc] + c->input_offset));
              } else {
                for (int32_t ic = 0; ic < id; ic++) {
                  acc += (uint32_t)(w[((oc * fh + ky) * fw + kx) * id + ic] *
                                    (x[ic] + c->input_offset));
                }
              }
            }
          }
          int32_t shift = mult[2 * oc + 1];
          out[((b * c->output_h + oy) * c->output_w + ox) * od + oc] = gml_qs8_clamp(
              gml_qs8_gemmlowp((int32_t)acc, mult[2 * oc], shift > 0 ? shift : 0,
                               shift > 0 ? 0 : -shift),
              &p);
        }
}

// A random convolution: depthwise (3x3 half the time, else up to 5x5),
// or a Conv2D (1x1 a third of the time); its multipliers in the DSP
// kernels' one-step range, extremes included; a quarter of them with a
// channel outside it.
static gml_qs8_dsp_conv random_conv(int depthwise) {
  gml_qs8_dsp_conv c;
  memset(&c, 0, sizeof c);
  c.batches = between(1, 2);
  c.input_h = between(1, 12);
  c.input_w = between(1, 12);
  c.input_depth = depthwise ? between(1, 70) : between(1, 70);
  c.output_depth = depthwise ? c.input_depth : between(1, 35);
  int pointwise = !depthwise && between(0, 2) == 0;
  int three = depthwise && between(0, 1);
  c.filter_h = three ? 3 : depthwise ? between(1, 5) : pointwise ? 1 : between(1, 10);
  c.filter_w = three ? 3 : depthwise ? between(1, 5) : pointwise ? 1 : between(1, 5);
  c.stride_h = between(1, 3);
  c.stride_w = between(1, 3);
  c.dilation_h = between(0, 3) == 0 ? 2 : 1;
  c.dilation_w = between(0, 3) == 0 ? 2 : 1;
  int32_t span_h = (c.filter_h - 1) * c.dilation_h + 1, span_w = (c.filter_w - 1) * c.dilation_w + 1;
  c.pad_top = between(0, span_h - 1);
  c.pad_left = between(0, span_w - 1);
  int32_t pad_bottom = between(0, span_h - 1), pad_right = between(0, span_w - 1);
  if (c.input_h + c.pad_top + pad_bottom < span_h) pad_bottom = span_h;
  if (c.input_w + c.pad_left + pad_right < span_w) pad_right = span_w;
  c.output_h = (c.input_h + c.pad_top + pad_bottom - span_h) / c.stride_h + 1;
  c.output_w = (c.input_w + c.pad_left + pad_right - span_w) / c.stride_w + 1;
  int32_t zero_points[] = {-128, 127, 0, between(-128, 127)};
  c.input_offset = -zero_points[between(0, 3)];
  c.output_offset = zero_points[between(0, 3)];
  c.min = between(0, 1) ? -128 : between(-128, 0);
  c.max = between(0, 1) ? 127 : between(c.min, 127);
  return c;
}

// n bytes that end where an unreadable page begins, so a kernel reading
// past them faults (the Conv2D kernel's last word of a row reads into the
// next row); `release_guarded` frees them.
static void *guarded(size_t n, size_t *mapped) {
  size_t page = (size_t)sysconf(_SC_PAGESIZE), pages = (n + page - 1) / page;
  *mapped = (pages + 1) * page;
  unsigned char *base = mmap(NULL, *mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (base == MAP_FAILED || mprotect(base + pages * page, page, PROT_NONE) != 0) {
    printf("dsp-check: no guard page\n");
    exit(1);
  }
  return base + pages * page - n;
}

static void release_guarded(void *p, size_t n, size_t mapped) {
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  munmap((unsigned char *)p + n - (mapped - page), mapped);
}

static int check(int depthwise, int cases) {
  for (int n = 0; n < cases; n++) {
    gml_qs8_dsp_conv c = random_conv(depthwise);
    int extremes = between(0, 4) == 0;
    size_t in_n = (size_t)c.batches * c.input_h * c.input_w * c.input_depth;
    size_t w_n = (size_t)c.output_depth * c.filter_h * c.filter_w * (depthwise ? 1 : c.input_depth);
    size_t out_n = (size_t)c.batches * c.output_h * c.output_w * c.output_depth;
    size_t w_mapped;
    int8_t *in = malloc(in_n), *w = guarded(w_n, &w_mapped), *want = malloc(out_n);
    int8_t *got = malloc(out_n + 4);
    int32_t *bias = malloc(4 * (size_t)c.output_depth), *mult = malloc(8 * (size_t)c.output_depth);
    for (size_t i = 0; i < in_n; i++) in[i] = random_byte(extremes);
    for (size_t i = 0; i < w_n; i++) w[i] = random_byte(extremes);
    for (int32_t i = 0; i < c.output_depth; i++) {
      bias[i] = between(0, 3) == 0 ? (int32_t)next() : between(-70000, 70000);
      mult[2 * i] = between(0, 5) == 0 ? INT32_MAX : (int32_t)(0x40000000u + (next() & 0x3FFFFFFFu));
      mult[2 * i + 1] = between(0, 5) == 0 ? -between(1, 2) : -between(1, 31);
    }
    if (between(0, 3) == 0) { /* a channel without a right shift: gemmlowp's steps */
      int32_t i = between(0, c.output_depth - 1);
      mult[2 * i + 1] = between(0, 3);
      if (between(0, 2) == 0) mult[2 * i] = between(0, 1) ? 0 : -mult[2 * i];
    }
    int has_bias = between(0, 3) != 0;
    size_t scratch_n =
        depthwise ? gml_qs8_dwconv_dsp_scratch_size(&c) : gml_qs8_conv_dsp_scratch_size(&c);
    void *scratch = malloc(scratch_n);
    memset(got + out_n, 0x5A, 4);
    reference(&c, depthwise, in, w, has_bias ? bias : NULL, mult, want);
    if (depthwise) {
      gml_qs8_dwconv_dsp(&c, in, w, has_bias ? bias : NULL, mult, got, scratch);
    } else {
      gml_qs8_conv_dsp(&c, in, w, has_bias ? bias : NULL, mult, got, scratch);
    }
    int bad = memcmp(got, want, out_n) != 0 || got[out_n] != 0x5A;
    if (bad) {
      size_t i = 0;
      while (i < out_n && got[i] == want[i]) i++;
      printf("dsp-check: %s case %d differs at %zu: %d, reference %d (%dx%dx%dx%d -> %d, k%dx%d "
             "s%dx%d d%dx%d pad %d,%d)\n",
             depthwise ? "dwconv" : "conv", n, i, i < out_n ? got[i] : 0,
             i < out_n ? want[i] : 0, c.batches, c.input_h, c.input_w, c.input_depth,
             c.output_depth, c.filter_h, c.filter_w, c.stride_h, c.stride_w, c.dilation_h,
             c.dilation_w, c.pad_top, c.pad_left);
    }
    release_guarded(w, w_n, w_mapped);
    free(in), free(want), free(got), free(bias), free(mult), free(scratch);
    if (bad) return 1;
  }
  printf("dsp-check: %s: %d cases byte-equal\n", depthwise ? "dwconv_dsp" : "conv_dsp", cases);
  return 0;
}

// AveragePool2D and MaxPool2D of one pixel (check_pool.h): windows past
// 256 pixels (the int16 flush), empty ones, channel counts off the 16-
// and 8-channel steps.
static int check_pool(int cases) {
  for (int it = 0; it < cases; it++) {
    if (pool_dsp_case_differs(it)) {
      printf("dsp-check: pool case %d differs\n", it);
      return 1;
    }
  }
  printf("dsp-check: avgpool_dsp, maxpool_dsp: %d cases byte-equal\n", cases);
  return 0;
}

// gml_qs8_fp64_int against gml_qs8_fp64: scales from 2^-40 to 2^33 (both
// ways out of the integer range too), sums at random, at the extremes and
// next to the ones whose product is a half (the doubles' rounding decides
// there), and every sum in a window around 0.
static int check_fp64_int(int cases) {
  long decided = 0, checked = 0;
  for (int it = 0; it < cases; it++) {
    double fraction = (double)(next() | 1) / 18446744073709551616.0 + 0.5;
    double scale = ldexp(fraction, between(-40, 33));
    if (between(0, 9) == 0) scale = ldexp(1.0, between(-20, 4)) * (double)between(1, 7);
    gml_qs8_fp64_split split = gml_qs8_fp64_split_of(scale);
    for (int j = 0; j < 400; j++) {
      int32_t x;
      switch (j % 4) {
      case 0: x = (int32_t)next(); break;
      case 1: {
        int shift = 32 + between(0, 31), sign = between(0, 1) ? 1 : -1;
        x = (int32_t)(next() >> shift) * sign;
        break;
      }
      case 2: {
        double h = (double)between(-300, 300) + 0.5, t = floor(h / scale);
        x = fabs(t) < 2147483647.0 ? (int32_t)t + between(-1, 1) : between(-3, 3);
        break;
      }
      default: x = j == 3 ? INT32_MIN : j == 7 ? INT32_MAX : between(-70000, 70000);
      }
      if (split.f != 0) decided++;
      checked++;
      int32_t want = gml_qs8_fp64(x, scale), got = gml_qs8_fp64_int(x, split, scale);
      if (got != want) {
        printf("dsp-check: fp64_int(%d, %.17g) = %d, want %d\n", (int)x, scale, (int)got,
               (int)want);
        return 1;
      }
    }
  }
  printf("dsp-check: fp64_int: %ld sums byte-equal to the doubles (%ld with an integer split)\n",
         checked, decided);
  return 0;
}

// FullyConnected: depths off the 4-k step, weight zero points, extreme
// data; the rescale is gml_qs8_fp64 on both sides, the sums are checked.
static int check_fc(int cases) {
  for (int it = 0; it < cases; it++) {
    gml_qs8_dsp_fc f;
    if (fc_case_differs(1, &f)) {
      printf("dsp-check: fc case %d differs (%dx%d -> %d)\n", it, f.rows, f.depth, f.channels);
      return 1;
    }
  }
  printf("dsp-check: fc_dsp: %d cases byte-equal\n", cases);
  return 0;
}

// gml_qs8_vbinary_dsp (ADD/SUB by the linear form, MUL) against the
// scalar kernel.
static int check_vbinary_dsp(int cases) {
  int runs, mul_runs, bad = vbinary_linear_mismatch(gml_qs8_vbinary_dsp, cases, &runs);
  int bad_mul = vbinary_mul_mismatch(gml_qs8_vbinary_dsp, 10 * cases, &mul_runs);
  if (bad >= 0 || bad_mul >= 0) {
    printf("dsp-check: vbinary_dsp %s case %d differs\n", bad >= 0 ? "ADD/SUB" : "MUL",
           bad >= 0 ? bad : bad_mul);
    return 1;
  }
  printf("dsp-check: vbinary_dsp: %d ADD/SUB and %d MUL runs byte-equal\n", runs, mul_runs);
  return 0;
}

int main(void) {
#if defined(__ARM_FEATURE_DSP)
  printf("dsp-check: the DSP instructions (__ARM_FEATURE_DSP)\n");
#else
  printf("dsp-check: the DSP instructions in C\n");
#endif
  return check(0, 1500) | check(1, 1500) | check_pool(2000) | check_fp64_int(3000) |
         check_fc(1000) | check_vbinary_dsp(400);
}
