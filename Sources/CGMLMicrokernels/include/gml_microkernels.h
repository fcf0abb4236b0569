/*
 * gml_microkernels.h — int8 GEMM microkernels for gml's fast Conv2D and
 * FullyConnected: the packed-weight layouts, the requantization parameters,
 * the window gather (im2col), the kernels per tile and ISA, and the CPU
 * feature queries that pick them.
 *
 * A kernel computes, for mr rows of an int8 matrix A (mr <= its tile's MR)
 * and nc output channels, the int32 sums
 *     acc[m][n] = sum_k A[m][k] * B[n][k] + bias_term[n]
 * over kc values of k, then requantizes acc exactly as gml's reference
 * kernels do and stores int8 to C. The sums wrap modulo 2^32, as the
 * reference's do, so the summation order does not change a bit.
 *
 * Packed weights (gml_qs8_gemm_pack), in blocks of NR output channels:
 *     int32  bias_term[NR]           bias[n] + input_offset * sum_k B[n][k]
 *     weights                        GML_QS8_LAYOUT_C8 (NR 8): per group of
 *                                    8 k, 8 int8 per channel; C8W16: the same
 *                                    order, int16; C2X16 (NR 16): per pair
 *                                    of k, 2 int16 per channel; C4X16 and
 *                                    C4X16_U8 (NR 16): per group of 4 k,
 *                                    4 int8 per channel; C2X16_MLSL (NR
 *                                    16): per group of 4 k and half of 8
 *                                    channels, their first 2 k, then
 *                                    their last 2 k complemented (~w)
 *     requantization, per channel:   GML_QS8_GEMMLOWP: int32 multiplier[NR],
 *                                    left_shift[NR], right_shift[NR];
 *                                    GML_QS8_FP64: double scale[NR]
 *     C2X16 with GML_QS8_GEMMLOWP:   328 bytes of constants for the AVX2
 *                                    tile's one-rounding requantization
 *                                    (gml_qs8_gemm_pack, qs8_avx2.h)
 *     C4X16_U8 with GML_QS8_GEMMLOWP: 392 bytes of constants for the VNNI
 *                                    tiles' fused multiply-add form
 *                                    (gml_qs8_gemm_pack, qs8_vnni.h)
 * C4X16_U8 is for kernels that multiply unsigned bytes of A by signed
 * weights (x86 vpdpbusd): they read each a as a + 128 (a XOR 0x80), so its
 * bias term also holds -128 * sum_k B[n][k], which makes the sums exact.
 * kc is K rounded up to a multiple of 8; the padding weights are 0, and
 * channels past N are all 0. A tile reads the layout it names.
 *
 * Rows of A are read at a, a + a_stride, ...: kc bytes each (the caller
 * pads them when K is not a multiple of 8). Rows of C are c_stride bytes
 * apart; nc bytes of each are written. Kernels never allocate.
 */
#ifndef GML_MICROKERNELS_H
#define GML_MICROKERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* How a kernel turns an int32 sum into an int8 output. */
enum {
  /* TFLite's MultiplyByQuantizedMultiplier (double rounding): Conv2D. */
  GML_QS8_GEMMLOWP = 0,
  /* round(double(acc) * scale) half away from zero, out of range to
     INT32_MIN as x86-64's cvttsd2si: LiteRT's reference FullyConnected. */
  GML_QS8_FP64 = 1,
};

/* How the weights of a tile are packed (see the top of this file). */
enum {
  GML_QS8_LAYOUT_C8 = 0,
  GML_QS8_LAYOUT_C2X16 = 1,
  GML_QS8_LAYOUT_C8W16 = 2,
  GML_QS8_LAYOUT_C4X16 = 3,
  GML_QS8_LAYOUT_C4X16_U8 = 4,
  GML_QS8_LAYOUT_C2X16_MLSL = 5,
};

/* The most K (kc) a C2X16 tile takes: it widens its rows of A on the stack. */
#define GML_QS8_C2X16_MAX_K 64

/* The parameters every output channel shares. */
typedef struct gml_qs8_params {
  int32_t kind;        /* GML_QS8_GEMMLOWP or GML_QS8_FP64 */
  int32_t zero_point;  /* the output zero point, added after scaling */
  int32_t min;         /* the clamp, after the zero point */
  int32_t max;
} gml_qs8_params;

/* A GEMM microkernel; see the comment at the top of this file. */
typedef void (*gml_qs8_gemm_fn)(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params);

/* The number of K values a kernel reads per row: k rounded up to 8. */
size_t gml_qs8_gemm_packed_k(size_t k);

/* The bytes gml_qs8_gemm_pack writes for n channels of k values. */
size_t gml_qs8_gemm_packed_size(int32_t layout, size_t n, size_t k, int32_t kind);

/*
 * Packs n x k row-major weights, with bias (n values, or NULL for none),
 * into `out` (gml_qs8_gemm_packed_size bytes, any alignment) in `layout`.
 * GEMMLOWP reads multiplier and shift (TFLite's: positive shifts left),
 * FP64 reads scale; the others may be NULL. bias_term[n] wraps modulo 2^32.
 */
void gml_qs8_gemm_pack(
    int32_t layout, size_t n, size_t k, const int8_t *weights, const int32_t *bias,
    int32_t input_offset, int32_t kind, const int32_t *multiplier, const int32_t *shift,
    const double *scale, void *out);

/* A convolution's window geometry, for gml_qs8_im2col. Padding is the
   number of positions before the input (the window may pass its end). */
typedef struct gml_qs8_window {
  int32_t input_h, input_w, input_depth;
  int32_t filter_h, filter_w;
  int32_t output_h, output_w;
  int32_t stride_h, stride_w;
  int32_t dilation_h, dilation_w;
  int32_t padding_top, padding_left;
  int32_t zero_point; /* the input's: what a position in the padding holds */
} gml_qs8_window;

/* An output pixel: batch, row, column. */
typedef struct gml_qs8_pixel {
  int32_t batch, y, x;
} gml_qs8_pixel;

/*
 * Copies the filter windows of `count` output pixels, from *pixel on in
 * NHW order, into rows of `panel`, `stride` bytes apart, in the filter's
 * [kh][kw][in] order: input bytes where the window lies on the input, the
 * zero point in the padding, zeros from K to `stride`. Advances *pixel
 * past them (a cursor, so no division per call).
 */
void gml_qs8_im2col(
    const gml_qs8_window *g, const int8_t *input, gml_qs8_pixel *pixel, size_t count,
    int8_t *panel, size_t stride);

/* Portable C: any CPU, including Cortex-M. C8, MR 2. */
void gml_qs8_gemm_2x8c8_scalar(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params);

/* x86-64 with AVX2 (gml_cpu_has_avx2). C8: MR 1; C8W16 (weights already
   int16, read as vpmaddwd memory operands: 12 accumulators fit the 16
   registers): MR 3; C2X16: MR 6, kc at most GML_QS8_C2X16_MAX_K (small K:
   no reduction across lanes). */
void gml_qs8_gemm_1x8c8_avx2(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params);
void gml_qs8_gemm_3x8c8_avx2(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params);
void gml_qs8_gemm_6x16c2_avx2(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params);

/* x86-64 with AVX-512 VNNI (gml_cpu_has_avx512vnni), 256-bit: C4X16_U8,
   MR 8 (vpdpbusd, 16 accumulators) and MR 1 (FullyConnected on one row). */
void gml_qs8_gemm_8x16c4_avx512vnni(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params);
void gml_qs8_gemm_1x16c4_avx512vnni(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params);

/* The AArch64 tiles named 4x16 compute 4 rows at a time but take up to 16
   per call (MR 16: four tiles per block, the call's setup shared). */

/* AArch64, plain NEON (always there): C2X16_MLSL, MR 16 and MR 1 (a
   broadcast pair of k per int16 lane and two products per lane, exact for
   any int8: 3 instructions per 16 products, no reduction across lanes). */
void gml_qs8_gemm_4x16c2_neonmlsl(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params);
void gml_qs8_gemm_1x16c2_neonmlsl(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params);

/* AArch64 with the dot product (gml_cpu_has_neon_dot): C4X16, MR 16 and
   MR 1 (FullyConnected on one row; also the one-row tile for I8MM CPUs). */
void gml_qs8_gemm_4x16c4_neondot(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params);
void gml_qs8_gemm_1x16c4_neondot(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params);

/* AArch64 with I8MM (gml_cpu_has_neon_i8mm): C8 read two blocks (16
   channels) at a time, MR 16. */
void gml_qs8_gemm_4x16c8_neoni8mm(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params);

/* 1 when this CPU (and OS) runs AVX2 code; 0 elsewhere, and off x86-64. */
int gml_cpu_has_avx2(void);

/* 1 when this CPU (and OS) runs 256-bit AVX-512 VNNI code: AVX512F, BW,
   VL and VNNI, with the OS saving the opmask and upper ZMM state. */
int gml_cpu_has_avx512vnni(void);

/* 1 when this CPU runs the VEX-encoded AVX-VNNI (Alder Lake, Zen 5). */
int gml_cpu_has_avxvnni(void);

/* 1 on AArch64 (Advanced SIMD is architectural there); 0 elsewhere. */
int gml_cpu_has_neon(void);

/* 1 on AArch64 Linux when the kernel reports the dot-product (SDOT) or the
   int8 matrix-multiply (SMMLA) extension (getauxval HWCAP/HWCAP2); 0
   elsewhere, and on AArch64 without an OS to ask. */
int gml_cpu_has_neon_dot(void);
int gml_cpu_has_neon_i8mm(void);
/* A Cortex-M with the DSP extension (ARMv7E-M, ARMv8-M Mainline): known
   at build time (__ARM_FEATURE_DSP); gml_dsp.h's kernels. */
int gml_cpu_has_dsp(void);

/* The value of the GML_ISA environment variable (the highest kernel tier
   to run, e.g. "avx2"), or NULL when unset or empty, or without an OS. */
const char *gml_isa_environment(void);

#ifdef __cplusplus
}
#endif

#endif
