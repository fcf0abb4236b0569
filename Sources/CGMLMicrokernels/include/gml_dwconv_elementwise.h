/*
 * gml_dwconv_elementwise.h — int8 microkernels for gml's fast
 * DepthwiseConv2D and elementwise ADD/SUB/MUL: packed layout, the
 * portable driver, and the kernels per ISA. Bit-exact with the reference
 * kernels (GMLKernels, the +Reference.swift files); requantization as
 * gml_microkernels.h (GML_QS8_GEMMLOWP).
 *
 * Depthwise (depth multiplier 1, C channels, T = kernel_h * kernel_w taps).
 * Packed (gml_qs8_dwconv_pack), for each block of 8 channels:
 *     int32  bias_term[8]     bias[c] + input_offset * sum_t w[t][c]
 *     int32  multiplier[8], left_shift[8], right_shift[8]
 *     int8   w[T][8]
 * then a zero buffer: C bytes (rounded up to 8) of the input zero point.
 * Channels past C are 0. A tap in the padding reads the zero buffer, so it
 * adds w * zero_point, which the folded term cancels: the int32 sums wrap
 * modulo 2^32 exactly as the reference's, whatever the order.
 *
 * A depthwise kernel computes `pixels` output pixels. With input_step 0,
 * pixel p's tap t reads C bytes at input[p * taps + t] (the window of each
 * pixel, padding taps included); otherwise at input[t] + p * input_step (a
 * run of pixels whose windows lie inside the image, one stride apart).
 * Pixel p's C outputs go to output + p * C.
 */
#ifndef GML_DWCONV_ELEMENTWISE_H
#define GML_DWCONV_ELEMENTWISE_H

#include <stddef.h>
#include <stdint.h>

#include "gml_microkernels.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A depthwise microkernel; see the comment at the top of this file. */
typedef void (*gml_qs8_dwconv_fn)(
    size_t channels, size_t pixels, size_t taps, const int8_t *const *input, size_t input_step,
    const void *w, int8_t *output, const gml_qs8_params *params);

/* The shape of one depthwise convolution (NHWC, depth multiplier 1). */
typedef struct gml_qs8_dwconv_geometry {
  size_t batches, input_h, input_w, channels;
  size_t output_h, output_w;
  size_t kernel_h, kernel_w;
  size_t stride_h, stride_w, dilation_h, dilation_w;
  size_t pad_top, pad_left;
} gml_qs8_dwconv_geometry;

/* The most taps a kernel takes (the driver's pointer array on the stack). */
enum { GML_QS8_DWCONV_MAX_TAPS = 128 };

/* The bytes gml_qs8_dwconv_pack writes. */
size_t gml_qs8_dwconv_packed_size(size_t channels, size_t taps);

/*
 * Packs weights [taps][channels] (the filter as TFLite stores it), bias
 * (channels values, or NULL), TFLite's multiplier and shift per channel
 * (positive shifts left) and the input zero point (-input_offset) into
 * `out` (gml_qs8_dwconv_packed_size bytes, any alignment).
 */
void gml_qs8_dwconv_pack(
    size_t channels, size_t taps, const int8_t *weights, const int32_t *bias,
    int32_t input_offset, const int32_t *multiplier, const int32_t *shift, void *out);

/*
 * Runs a depthwise convolution with `kernel`, on output rows
 * first_row..<end_row counted across batches (0..<batches * output_h for
 * all of it; rows apart can run on different threads). Per output row:
 * the pixels whose windows lie inside the image in one call (one set of
 * tap pointers and the stride) when there are enough of them (6 on
 * x86-64, else 2); the others (padding taps read the zero buffer) in
 * batches, across rows, with a pointer per tap. Allocates
 * nothing (on the stack: GML_QS8_DWCONV_MAX_TAPS row pointers and a batch
 * of as many tap pointers, 512 on x86-64); kernel_h * kernel_w must be at
 * most GML_QS8_DWCONV_MAX_TAPS.
 */
void gml_qs8_dwconv(
    const gml_qs8_dwconv_geometry *g, const int8_t *input, const void *packed, int8_t *output,
    const gml_qs8_params *params, gml_qs8_dwconv_fn kernel, size_t first_row, size_t end_row);

/*
 * The zero-point padded copy of a padded depthwise convolution's input:
 * every window then lies inside it, so each output row is one sliding run
 * (no pointer per tap for the border pixels). gml_qs8_dwconv_pads: whether
 * any window reaches past the input (else the copy is not needed);
 * gml_qs8_dwconv_padded_size: the copy's bytes; gml_qs8_dwconv_pad: copies
 * `g`'s input, with the input zero point around it, into `out` and
 * returns the geometry to run it with (no padding). The sums are the
 * same: a padded tap adds w * zero_point either way.
 */
int gml_qs8_dwconv_pads(const gml_qs8_dwconv_geometry *g);
size_t gml_qs8_dwconv_padded_size(const gml_qs8_dwconv_geometry *g);
gml_qs8_dwconv_geometry gml_qs8_dwconv_pad(
    const gml_qs8_dwconv_geometry *g, const int8_t *input, int32_t zero_point, int8_t *out);
/* The geometry gml_qs8_dwconv_pad returns, without copying. */
gml_qs8_dwconv_geometry gml_qs8_dwconv_padded_geometry(const gml_qs8_dwconv_geometry *g);

/*
 * A depthwise kernel over whole output rows, first_row..<end_row counted
 * across batches, of a convolution whose windows all lie inside its
 * input (gml_qs8_dwconv_rows_ok: 3x3, dilation 1, stride 1 or 2 along a
 * row, no padding — a padded one's gml_qs8_dwconv_pad copy qualifies):
 * each block of channels keeps its weights and requantization in
 * registers across all the rows, where gml_qs8_dwconv calls the pixel
 * kernel, and loads them, once per row.
 */
typedef void (*gml_qs8_dwconv_rows_fn)(
    const gml_qs8_dwconv_geometry *g, const int8_t *input, const void *w, int8_t *output,
    const gml_qs8_params *params, size_t first_row, size_t end_row);
int gml_qs8_dwconv_rows_ok(const gml_qs8_dwconv_geometry *g);

/* Portable C: any number of taps. */
void gml_qs8_dwconv_scalar(
    size_t channels, size_t pixels, size_t taps, const int8_t *const *input, size_t input_step,
    const void *w, int8_t *output, const gml_qs8_params *params);

/* AVX2 (gml_cpu_has_avx2), 8 channels per step: 3x3 (weights held in
   registers; stride 1 and 2 runs slide along the row, widening each input
   column once), and any filter. */
void gml_qs8_dwconv_3x3_avx2(
    size_t channels, size_t pixels, size_t taps, const int8_t *const *input, size_t input_step,
    const void *w, int8_t *output, const gml_qs8_params *params);
void gml_qs8_dwconv_avx2(
    size_t channels, size_t pixels, size_t taps, const int8_t *const *input, size_t input_step,
    const void *w, int8_t *output, const gml_qs8_params *params);

/* AVX-512 VNNI (gml_cpu_has_avx512vnni), 16 channels per step in zmm:
   3x3, a vpdpbusd per filter column (its three taps' bytes + 128 in each
   channel's lane); stride 1 and 2 runs slide along the row. */
void gml_qs8_dwconv_3x3_avx512vnni(
    size_t channels, size_t pixels, size_t taps, const int8_t *const *input, size_t input_step,
    const void *w, int8_t *output, const gml_qs8_params *params);
/* AVX-512 VNNI tier, any filter: 16 channels per step, a vpdpwssd per
   pair of taps (each channel's two int16 lanes: the pair's inputs). */
void gml_qs8_dwconv_avx512vnni(
    size_t channels, size_t pixels, size_t taps, const int8_t *const *input, size_t input_step,
    const void *w, int8_t *output, const gml_qs8_params *params);
void gml_qs8_dwconv_3x3_rows_avx512vnni(
    const gml_qs8_dwconv_geometry *g, const int8_t *input, const void *w, int8_t *output,
    const gml_qs8_params *params, size_t first_row, size_t end_row);

/* AArch64 NEON, 8 channels per step: 3x3 (two taps' inputs interleaved,
   vmull_s8 + vpadal; stride 1 and 2 runs slide along the row), any
   filter. */
void gml_qs8_dwconv_3x3_neon(
    size_t channels, size_t pixels, size_t taps, const int8_t *const *input, size_t input_step,
    const void *w, int8_t *output, const gml_qs8_params *params);
void gml_qs8_dwconv_3x3_rows_neon(
    const gml_qs8_dwconv_geometry *g, const int8_t *input, const void *w, int8_t *output,
    const gml_qs8_params *params, size_t first_row, size_t end_row);
void gml_qs8_dwconv_neon(
    size_t channels, size_t pixels, size_t taps, const int8_t *const *input, size_t input_step,
    const void *w, int8_t *output, const gml_qs8_params *params);

/* AArch64 with the dot product (gml_cpu_has_neon_dot), 8 channels per
   step: 3x3, an SDOT per filter column and 4 channels; stride 1 and 2
   runs slide along the row. */
void gml_qs8_dwconv_3x3_neondot(
    size_t channels, size_t pixels, size_t taps, const int8_t *const *input, size_t input_step,
    const void *w, int8_t *output, const gml_qs8_params *params);
void gml_qs8_dwconv_3x3_rows_neondot(
    const gml_qs8_dwconv_geometry *g, const int8_t *input, const void *w, int8_t *output,
    const gml_qs8_params *params, size_t first_row, size_t end_row);

/* AArch64 NEON AveragePool2D of one output pixel: each channel's sum over
   rows x cols input pixels (`channels` bytes each, adjacent; rows
   row_stride bytes apart) divided by their count, rounding half away from
   zero (TFLite's reference), clamped to [min, max]. */
void gml_qs8_avgpool_neon(
    size_t channels, const int8_t *input, size_t row_stride, size_t rows, size_t cols,
    int8_t *output, int32_t min, int32_t max);

/* MaxPool2D of one output pixel, the same contract: each channel's
   maximum (-128 for an empty window), clamped; portable C (x86-64 and
   AArch64 builds; gml_dsp.h's on 32-bit Arm). */
void gml_qs8_maxpool(
    size_t channels, const int8_t *input, size_t row_stride, size_t rows, size_t cols,
    int8_t *output, int32_t min, int32_t max);

/* AArch64 NEON int8 Mean of `channels` channels over `count` positions
   `step` bytes apart: (sum - zero_sum, wrapping) times TFLite's
   (multiplier, shift), plus zero_point, clamped to int8. */
void gml_qs8_mean_neon(
    size_t channels, const int8_t *input, size_t count, size_t step, int32_t zero_sum,
    int32_t multiplier, int32_t shift, int32_t zero_point, int8_t *output);
/* The same Mean with AVX2 (gml_cpu_has_avx2), 16 channels a step. */
void gml_qs8_mean_avx2(
    size_t channels, const int8_t *input, size_t count, size_t step, int32_t zero_sum,
    int32_t multiplier, int32_t shift, int32_t zero_point, int8_t *output);
/* A Mean microkernel (gml_qs8_mean_neon's arguments). */
typedef void (*gml_qs8_mean_fn)(
    size_t channels, const int8_t *input, size_t count, size_t step, int32_t zero_sum,
    int32_t multiplier, int32_t shift, int32_t zero_point, int8_t *output);

/* Elementwise operations on int8 tensors. */
enum { GML_QS8_ADD = 0, GML_QS8_SUB = 1, GML_QS8_MUL = 2 };

/*
 * TFLite's int8 ADD/SUB/MUL parameters. ADD/SUB: x = (a + a_offset) <<
 * left_shift, times the a multiplier; y likewise; x +/- y times the output
 * multiplier. MUL: (a + a_offset) * (b + b_offset) times the output
 * multiplier. Each multiplier is TFLite's (multiplier, shift) with the
 * shift split: left = max(shift, 0), right = max(-shift, 0).
 */
typedef struct gml_qs8_vbinary_params {
  int32_t operation;
  int32_t a_offset, b_offset, left_shift;
  int32_t a_multiplier, a_left, a_right;
  int32_t b_multiplier, b_left, b_right;
  int32_t output_multiplier, output_left, output_right;
  int32_t output_zero_point, min, max;
  /* ADD/SUB's linear form, when gml_qs8_vbinary_linear found one (else
     linear_shift 0): out = clamp(floor((a*linear_a + b*linear_b +
     linear_c) / 2^linear_shift)), equal to the above for every pair. */
  int32_t linear_a, linear_b, linear_c, linear_shift;
} gml_qs8_vbinary_params;

/*
 * Looks for ADD/SUB's linear form (the fields above): integers A, B (below
 * 2^22 in magnitude), C and a shift S in 16...30 such that floor((a*A +
 * b*B + C) / 2^S), clamped to [min, max], is the reference's output for
 * each of the 65536 pairs of int8 operands, every term and sum within
 * int32. A and B start from the exact product of the multipliers, rounded
 * at S; each pair bounds C from both sides; near roundings a neighbour of
 * A or B, or one more bit of S, may be needed. Returns 1 and sets the
 * fields if found, else 0 with linear_shift 0 (MUL never has one).
 * Runs at prepare: one reference requantization per pair and candidate.
 */
int gml_qs8_vbinary_linear(gml_qs8_vbinary_params *params);

/*
 * out[i] = a[i * a_step] op b[i * b_step] for i < n, requantized and
 * clamped; a step is 1 (a run of n values) or 0 (one value, broadcast).
 */
typedef void (*gml_qs8_vbinary_fn)(
    size_t n, const int8_t *a, size_t a_step, const int8_t *b, size_t b_step, int8_t *out,
    const gml_qs8_vbinary_params *params);

void gml_qs8_vbinary_scalar(
    size_t n, const int8_t *a, size_t a_step, const int8_t *b, size_t b_step, int8_t *out,
    const gml_qs8_vbinary_params *params);
void gml_qs8_vbinary_avx2(
    size_t n, const int8_t *a, size_t a_step, const int8_t *b, size_t b_step, int8_t *out,
    const gml_qs8_vbinary_params *params);
/* AVX-512 VNNI tier (AVX512F/BW/VL), 16 elements per step in zmm. */
void gml_qs8_vbinary_avx512vnni(
    size_t n, const int8_t *a, size_t a_step, const int8_t *b, size_t b_step, int8_t *out,
    const gml_qs8_vbinary_params *params);
void gml_qs8_vbinary_neon(
    size_t n, const int8_t *a, size_t a_step, const int8_t *b, size_t b_step, int8_t *out,
    const gml_qs8_vbinary_params *params);
/* Cortex-M (qs8_vbinary_dsp.c): ADD/SUB by their linear form, four
   elements a step with the DSP extension or Helium, else portable C; the
   rest as gml_qs8_vbinary_scalar. */
void gml_qs8_vbinary_dsp(
    size_t n, const int8_t *a, size_t a_step, const int8_t *b, size_t b_step, int8_t *out,
    const gml_qs8_vbinary_params *params);

#ifdef __cplusplus
}
#endif

#endif
