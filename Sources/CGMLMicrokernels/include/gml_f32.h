/*
 * gml_f32.h — float32 microkernels: the matrix product under the fast
 * float FullyConnected and Conv2D (GMLKernels' FloatGEMM), the
 * depthwise convolution (FloatDepthwise), and the integer sums under the
 * hybrid kernels (HybridGEMM).
 *
 *   c[i * c_stride + j] = clamp(bias[j] + sum_p a[i * a_stride + p] * b[j * k + p], lo, hi)
 *
 * for i < m, j < n: rows of A (inputs, pixels) times the weights as they
 * are stored ([n][k], read in place), bias NULL for none. The sums run in
 * another order than the reference's loops (eight lanes, then their
 * fold), so results differ from it by rounding only.
 */
#ifndef GML_F32_H
#define GML_F32_H

#include <stddef.h>
#include <stdint.h>

/* x86-64 with AVX2 and FMA (gml_cpu_has_fma): two rows by four channels
   per step, K eight at a time (the tail masked). */
void gml_f32_gemm_dot_fma(size_t m, size_t n, size_t k, const float *a, size_t a_stride,
                          const float *b, const float *bias, float *c, size_t c_stride, float lo,
                          float hi);

/* The geometry of a convolution window over one image (NHWC, `channels`
   deep), filter [filter_h][filter_w][...]: output pixel (oy, ox) reads the
   taps (ky, kx) at iy = oy * stride_h - pad_top + ky * dilation_h (ix
   likewise) that lie inside the input; and a clamp [lo, hi], applied as
   max(x, lo) then min(x, hi) as the reference kernels write them (NaN
   stays NaN).

   A depthwise convolution with depth multiplier 1 (gml_f32_dwconv_*):
     out[oy][ox][c] = clamp(sum over the taps inside the input of
                            in[iy][ix][c] * filter[ky][kx][c] + bias[c], lo, hi)
   with bias NULL for none. */
typedef struct gml_window_params {
  size_t input_h, input_w, channels;
  size_t filter_h, filter_w;
  size_t output_h, output_w;
  size_t stride_h, stride_w, dilation_h, dilation_w;
  ptrdiff_t pad_top, pad_left;
  float lo, hi;
} gml_window_params;

/* Any CPU: the taps summed in the reference's order (row, column, from
   zero, then the bias), without contracting a multiply and an add, so
   the results are the reference kernel's bit for bit; the channel loop is
   left to the compiler's vectorizer (SSE2 on x86-64, NEON on AArch64). */
void gml_f32_dwconv_portable(const gml_window_params *p, const float *input,
                             const float *filter, const float *bias, float *output);

/* x86-64 with AVX2 and FMA: sixteen channels a step in two registers (then eight),
   the taps fused multiply-adds (the channel tail under a mask). */
void gml_f32_dwconv_fma(const gml_window_params *p, const float *input, const float *filter,
                        const float *bias, float *output);

/* The floats gml_f32_gemm_pack16 writes for weights [n][k]: per panel of
   sixteen channels (the last padded with zeros), sixteen biases, then k
   rows of sixteen weights. */
size_t gml_f32_gemm_packed16_count(size_t n, size_t k);

/* Packs weights [n][k] and bias (NULL: zeros) into `packed`, of
   gml_f32_gemm_packed16_count(n, k) floats. */
void gml_f32_gemm_pack16(size_t n, size_t k, const float *b, const float *bias, float *packed);

/* x86-64 with AVX2 and FMA: c[i * c_stride + j] = clamp(bias[j] +
   sum_p a[i * a_stride + p] * b[j][p], lo, hi) from the packed panels, six
   rows by sixteen channels a block, each sum starting at its bias. */
void gml_f32_gemm_6x16_fma(size_t m, size_t n, size_t k, const float *a, size_t a_stride,
                           const float *packed, float *c, size_t c_stride, float lo, float hi);

/* im2col: output pixels first ... first + count - 1 (counted over
   output_h * output_w, several images in a row) as rows of
   filter_h * filter_w * channels elements of `size` bytes in the filter's
   order, every byte of the taps outside the input `pad` (0: float zeros;
   an int8 zero point). The clamp is not used. */
void gml_im2col(const gml_window_params *p, const void *input, size_t size, unsigned char pad,
                size_t first, size_t count, void *rows);

/* The windows of output pixels first ... first + count - 1 as pointers:
   out[r * filter_h * filter_w + ky * filter_w + kx] points at the input
   pixel (channels * size bytes) under tap (ky, kx) of pixel first + r, or
   at `zeros` (as many bytes) where the tap falls in the padding. */
void gml_conv_indirection(const gml_window_params *p, const void *input, size_t size,
                          const void *zeros, size_t first, size_t count, const void **out);

/* gml_f32_gemm_6x16_fma on rows gathered through `indirect` (m rows of
   `taps` pointers to `cin` floats each; k = taps * cin), the sums in the
   same order as on the copied rows (x86-64 only; elsewhere nothing). */
void gml_f32_igemm_6x16_fma(size_t m, size_t n, size_t taps, size_t cin,
                            const float *const *indirect, const float *packed, float *c,
                            size_t c_stride, float lo, float hi);

/* The hybrid kernels' integer sums: c[i * c_stride + j] = sum_p
   a[i * a_stride + p] * b[j * k + p] for int8 rows a and weights b [n][k]
   read in place, wrapping as int32 (the reference kernels' `&+`), so the
   sums are theirs to the bit. Portable: any CPU (vectorized by the
   compiler); AVX2: the same code built for AVX2 (x86-64 only). */
void gml_qd8_gemm_dot_portable(size_t m, size_t n, size_t k, const int8_t *a, size_t a_stride,
                               const int8_t *b, int32_t *c, size_t c_stride);
void gml_qd8_gemm_dot_avx2(size_t m, size_t n, size_t k, const int8_t *a, size_t a_stride,
                           const int8_t *b, int32_t *c, size_t c_stride);

/* The same sums on packed weights, for tiers that pack: each block of 16
   channels as groups of 4 k, 64 bytes a group (channel j's 4 weights at
   4j, zeros past n and k; gml_qd8_gemm_pack_c4x16 writes
   gml_qd8_gemm_packed_size_c4x16 bytes). The AVX-512 VNNI kernel (x86-64
   only; elsewhere it does nothing) sums (a + 128) * w: the caller takes
   128 * sum_p w[j][p] back, with the zero point. It reads up to 3 bytes
   past the end of the last row's k. */
size_t gml_qd8_gemm_packed_size_c4x16(size_t n, size_t k);
void gml_qd8_gemm_pack_c4x16(size_t n, size_t k, const int8_t *w, int8_t *packed);
void gml_qd8_gemm_8x16c4_avx512vnni(size_t m, size_t n, size_t k, const int8_t *a,
                                    size_t a_stride, const int8_t *packed, int32_t *c,
                                    size_t c_stride);

/* The hybrid depthwise convolution (depth multiplier 1) over one image
   quantized as int8 `q` with `zero_point`:
     out[oy][ox][c] = clamp((float)acc * filter_scales[c * scale_step]
                            * input_scale + bias[c], lo, hi),
     acc = sum over the taps inside the input of
           filter[ky][kx][c] * (q[iy][ix][c] - zero_point)   (wrapping int32)
   rounding at each step (no fused multiply-add), as the reference kernel;
   bias NULL for none, scale_step 0 for one scale. Portable: any CPU;
   AVX2: intrinsics, eight channels a register (x86-64 only). */
void gml_qd8_dwconv_portable(const gml_window_params *p, const int8_t *q, int32_t zero_point,
                             const int8_t *filter, const float *filter_scales, size_t scale_step,
                             float input_scale, const float *bias, float *output);
void gml_qd8_dwconv_avx2(const gml_window_params *p, const int8_t *q, int32_t zero_point,
                         const int8_t *filter, const float *filter_scales, size_t scale_step,
                         float input_scale, const float *bias, float *output);

/* The hybrid Conv2D's outputs from its integer sums ([rows][n], from
   gml_qd8_gemm_dot_*), as its reference computes them:
     out[r][c] = clamp((float)(sums[r][c] - row_sums[c] * zero_point)
                       * filter_scales[c * scale_step] * input_scale + bias[c], lo, hi)
   wrapping in int32, rounding at each float step; bias NULL for none,
   scale_step 0 (one scale) or 1. Portable: any CPU; AVX2: the same code
   built for AVX2 (x86-64 only). */
void gml_qd8_conv_output_portable(const int32_t *sums, size_t rows, size_t n,
                                  const int32_t *row_sums, int32_t zero_point,
                                  const float *filter_scales, size_t scale_step,
                                  float input_scale, const float *bias, float lo, float hi,
                                  float *out);
void gml_qd8_conv_output_avx2(const int32_t *sums, size_t rows, size_t n,
                              const int32_t *row_sums, int32_t zero_point,
                              const float *filter_scales, size_t scale_step, float input_scale,
                              const float *bias, float lo, float hi, float *out);

/* One row of the hybrid FullyConnected's outputs from its integer sums
   (from gml_qd8_gemm_*), as its reference computes them:
     out[c] = clamp((float)(sums[c] - row_sums[c] * zero_point)
                    * (input_scale * weight_scales[c * scale_step]) + bias[c], lo, hi)
   wrapping in int32, rounding at each float step; bias NULL for none.
   Portable and AVX2 (x86-64 only), as gml_qd8_conv_output_*. */
void gml_qd8_fc_output_portable(const int32_t *sums, size_t n, const int32_t *row_sums,
                                int32_t zero_point, const float *weight_scales, size_t scale_step,
                                float input_scale, const float *bias, float lo, float hi,
                                float *out);
void gml_qd8_fc_output_avx2(const int32_t *sums, size_t n, const int32_t *row_sums,
                            int32_t zero_point, const float *weight_scales, size_t scale_step,
                            float input_scale, const float *bias, float lo, float hi, float *out);

/* The hybrid kernels' per-run quantization (AsymmetricQuantizeInt8), bit
   for bit: the smallest and largest of v[0 ... n-1] and 0 (NaN ignored);
   then out[i] = clamp(round half away from zero(zero + v[i] * inverse))
   to [-128, 127], with NaN and values from 2^31 up giving -128 as
   x86-64's static_cast<int32_t> makes them. Both passes are built for
   the baseline (portable) and for AVX2 (x86-64 only). */
void gml_qd8_range_portable(const float *v, size_t n, float *min_out, float *max_out);
void gml_qd8_range_avx2(const float *v, size_t n, float *min_out, float *max_out);
void gml_qd8_quantize_portable(const float *v, size_t n, float inverse, float zero, int8_t *out);
void gml_qd8_quantize_avx2(const float *v, size_t n, float inverse, float zero, int8_t *out);

/* Whether the CPU runs AVX2 and FMA (0 off x86-64). */
int gml_cpu_has_fma(void);

#endif
