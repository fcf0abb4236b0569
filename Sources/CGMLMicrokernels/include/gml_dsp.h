/*
 * gml_dsp.h — int8 Conv2D, DepthwiseConv2D, FullyConnected, MaxPool2D
 * and AveragePool2D for the Cortex-M DSP extension (ARMv7E-M, ARMv8-M
 * Mainline: SMLAD, SXTB16), reading the weights in place (the model's
 * bytes in flash: no packing, no copy to RAM). Bit-exact with the reference kernels (GMLKernels, the
 * +Reference.swift files).
 *
 * Built on every target: where __ARM_FEATURE_DSP is not defined the few
 * DSP instructions are written in C (qs8_dsp.h), so host tests check the
 * same code that a Cortex-M runs; only Cortex-M builds choose it
 * (ISATier.dsp).
 *
 * Requantization: each channel's TFLite multiplier and shift (int32
 * pairs, as QuantizedMultiplier stores them), exactly as the reference.
 * When every multiplier is > 0 and every shift in -31...-1 (a right
 * shift of at least 1, no left shift), as a
 * layer's scales below 1/2 give, gemmlowp's two roundings are one 64-bit
 * multiply-add and a shift; other layers take gemmlowp's steps.
 */
#ifndef GML_DSP_H
#define GML_DSP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A convolution's shapes (NHWC input and output; filter OHWI for
   Conv2D, 1HWC for DepthwiseConv2D) and its quantization. */
typedef struct gml_qs8_dsp_conv {
  int32_t batches, input_h, input_w, input_depth;
  int32_t output_h, output_w, output_depth;
  int32_t filter_h, filter_w;
  int32_t stride_h, stride_w, dilation_h, dilation_w;
  int32_t pad_top, pad_left;
  int32_t input_offset;  /* -(input zero point) */
  int32_t output_offset; /* the output zero point */
  int32_t min, max;      /* the clamp, after the zero point */
} gml_qs8_dsp_conv;

/* The scratch gml_qs8_conv_dsp needs, in bytes (4-byte aligned): two
   int32 sums per output channel, and two im2col rows of the
   convolution's K values (rounded up to 4) as int16. */
size_t gml_qs8_conv_dsp_scratch_size(const gml_qs8_dsp_conv *conv);

/*
 * Conv2D: per pair of output pixels, their windows (K = filter_h *
 * filter_w * input_depth values each) as int16 with the input offset
 * added, padding as 0, into `scratch`; then per pair of output channels
 * a 2x2 tile of SMLAD (two products a step) against the filter rows
 * widened with SXTB16, the sums requantized per channel after. bias:
 * output_depth values, or NULL.
 */
void gml_qs8_conv_dsp(
    const gml_qs8_dsp_conv *conv, const int8_t *input, const int8_t *filter,
    const int32_t *bias, const int32_t *multipliers, int8_t *output, void *scratch);

/* The scratch gml_qs8_dwconv_dsp needs, in bytes (4-byte aligned): a
   filter's widened weights, 8 bytes a tap; none for 3x3 filters (on the
   stack). */
size_t gml_qs8_dwconv_dsp_scratch_size(const gml_qs8_dsp_conv *conv);

/*
 * DepthwiseConv2D, depth multiplier 1, any filter, stride, dilation and
 * padding: four channels a step, the taps' weights widened once (SXTB16)
 * into scratch, each tap's four inputs widened with the input offset, a
 * product per channel (SMLABB, SMLATT). bias: output_depth values, or
 * NULL; scratch: gml_qs8_dwconv_dsp_scratch_size bytes.
 */
void gml_qs8_dwconv_dsp(
    const gml_qs8_dsp_conv *conv, const int8_t *input, const int8_t *filter,
    const int32_t *bias, const int32_t *multipliers, int8_t *output, void *scratch);

/* A FullyConnected's shapes and quantization. */
typedef struct gml_qs8_dsp_fc {
  int32_t rows, depth, channels;
  int32_t input_offset;   /* -(input zero point) */
  int32_t weights_offset; /* -(weights zero point), 0 when per-channel */
  int32_t output_offset;  /* the output zero point */
  int32_t min, max;       /* the clamp, after the zero point */
} gml_qs8_dsp_fc;

/*
 * FullyConnected: rows x depth input by channels x depth weights (read in
 * place), bias (channels values, or NULL), each channel's double scale
 * (LiteRT's rescale: round half away of acc * scale, as x86-64 converts
 * it). Three channels a step, two SMLAD per 4 k of the input and weights
 * widened with their offsets; the rescale in integers where they decide
 * it (no soft-float call on a core without a double FPU but near a half).
 */
void gml_qs8_fc_dsp(const gml_qs8_dsp_fc *fc, const int8_t *input, const int8_t *weights,
                    const int32_t *bias, const double *scales, int8_t *output);

/*
 * AveragePool2D of one output pixel (gml_qs8_avgpool_neon's contract):
 * each channel's sum over rows x cols input pixels (`channels` bytes
 * each, adjacent; rows row_stride bytes apart) divided by their count,
 * rounding half away from zero, clamped to [min, max]. Eight channels a
 * step in pairs of int16 sums (SXTAB16); on Helium sixteen.
 */
void gml_qs8_avgpool_dsp(size_t channels, const int8_t *input, size_t row_stride, size_t rows,
                         size_t cols, int8_t *output, int32_t min, int32_t max);

/*
 * MaxPool2D of one output pixel, the same contract: each channel's
 * maximum (-128 for an empty window), clamped. Sixteen channels a step
 * in words (SSUB8 and SEL per word).
 */
void gml_qs8_maxpool_dsp(size_t channels, const int8_t *input, size_t row_stride, size_t rows,
                         size_t cols, int8_t *output, int32_t min, int32_t max);

#ifdef __cplusplus
}
#endif

#endif
