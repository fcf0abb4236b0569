/*
 * include/gml.h — the C API of the gml runtime: load a .gml model, query its
 * inputs and outputs, copy data in, invoke, copy data out.
 *
 * gml runs float32, int8 and mixed models converted by `gml convert` with a
 * small interpreter that verifies the file once, prepares every operator,
 * lays out one memory arena, and then invokes without allocating. This is the
 * whole C interface; no Swift type crosses it. The functions are implemented
 * in Swift (Sources/CGML, `@_cdecl` + `@implementation`: the Swift compiler
 * checks every definition against the declaration here).
 *
 * Linking (see samples/c/README.md):
 *   - libgml.a, an Embedded Swift static archive built by tools/c-sample.sh:
 *     `cc app.c -I include libgml.a -lm`. Needs only libc and libm.
 *   - libCGML.so, the SwiftPM product `CGML`:
 *     `cc app.c -I include -L <bin> -lCGML -Wl,-rpath,<bin>`. Needs the Swift
 *     runtime libraries of the toolchain that built it.
 *
 * Conventions, for every function below:
 *   - Functions that can fail return a gml_status; GML_OK (0) is success.
 *     Out-parameters are written only on success unless stated otherwise.
 *   - A failing call never aborts on bad arguments or bad file contents: NULL
 *     pointers, out-of-range indices, wrong byte counts and malformed models
 *     all return a status. The process aborts when memory cannot be
 *     allocated (the model's copy, the arena, bookkeeping), as Swift does:
 *     there is no out-of-memory status. On a device with little heap, borrow
 *     the model (GML_OPTION_BORROW_BUFFER) and give the arena
 *     (gml_options.arena): the heap then holds only the bookkeeping
 *     (prepared operators, per-channel multipliers: a few KB).
 *   - Sizes are in bytes; counts are in elements; indices start at 0.
 *   - Tensor data is little-endian, C (row-major) order, float32 as IEEE 754
 *     binary32, with no padding between elements.
 *   - Threads: there is no mutable global state. Different interpreters may
 *     be used from different threads at the same time. One interpreter is not
 *     thread-safe: calls taking a `gml_interpreter *` (non-const) must not
 *     overlap with any other call on the same interpreter. Calls taking a
 *     `const gml_interpreter *` may run concurrently with each other.
 */
#ifndef GML_H
#define GML_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Version                                                                  */
/* ------------------------------------------------------------------------ */

/** The gml release this header belongs to (equal to `gmlVersion` in
 *  Sources/GMLCore/Version.swift and to what gml_version() returns). */
#define GML_VERSION_MAJOR 0
#define GML_VERSION_MINOR 1
#define GML_VERSION_PATCH 0
#define GML_VERSION_STRING "0.1.0"

/** The largest tensor rank a .gml file may use (GMLCore's `Shape.maxRank`). */
#define GML_MAX_RANK 8

/** The size of gml_error.message, terminating NUL included. */
#define GML_ERROR_MESSAGE_CAPACITY 256

/* ------------------------------------------------------------------------ */
/* Types                                                                    */
/* ------------------------------------------------------------------------ */

/** What a call returned. New codes may be added; treat unknown non-zero
 *  values as failure. */
typedef enum gml_status {
  /** The call succeeded. */
  GML_OK = 0,
  /** The caller passed something unacceptable: a NULL pointer, an index out
   *  of range, a byte count that differs from the tensor's, unknown option
   *  flags, a misaligned borrowed buffer or arena, an arena too small. */
  GML_ERROR_INVALID_ARGUMENT = 1,
  /** The bytes are not a valid .gml model, or its graph is inconsistent
   *  (shapes, quantization parameters, data flow, memory plan). */
  GML_ERROR_INVALID_MODEL = 2,
  /** The model is valid but needs something this build does not run: an
   *  operator, an element type, or a newer format version. */
  GML_ERROR_UNSUPPORTED = 3,
  /** A file could not be opened or read. */
  GML_ERROR_IO = 4
} gml_status;

/** What went wrong, finer than gml_status: the kinds of the runtime's
 *  `GMLError` (Sources/GMLCore/GMLError.swift). Values are fixed and never
 *  renumbered; new kinds may be added. */
typedef enum gml_error_kind {
  GML_ERROR_KIND_NONE = 0,                 /**< no error */
  GML_ERROR_KIND_TRUNCATED = 1,            /**< data ends before a structure it declares */
  GML_ERROR_KIND_OUT_OF_BOUNDS = 2,        /**< an offset, index or length points outside */
  GML_ERROR_KIND_MISALIGNED = 3,           /**< a value at an offset its type forbids */
  GML_ERROR_KIND_MALFORMED = 4,            /**< a structural rule of the format is broken */
  GML_ERROR_KIND_LIMIT_EXCEEDED = 5,       /**< a verifier limit (depth, tables, size, rank) */
  GML_ERROR_KIND_WRONG_IDENTIFIER = 6,     /**< not a .gml file (identifier "GML1") */
  GML_ERROR_KIND_UNSUPPORTED_VERSION = 7,  /**< format version newer than this build */
  GML_ERROR_KIND_UNSUPPORTED_TYPE = 8,     /**< an element type the operator does not handle */
  GML_ERROR_KIND_UNSUPPORTED_OP = 9,       /**< an operator or option not implemented */
  GML_ERROR_KIND_SHAPE_MISMATCH = 10,      /**< tensor shapes do not fit together */
  GML_ERROR_KIND_INVALID_QUANTIZATION = 11, /**< scale, zero point or axis out of range */
  GML_ERROR_KIND_ARENA_TOO_SMALL = 12,     /**< an arena (the caller's, or a stored plan's) is too small */
  GML_ERROR_KIND_INVALID_ARGUMENT = 13,    /**< see GML_ERROR_INVALID_ARGUMENT */
  GML_ERROR_KIND_IO = 14                   /**< see GML_ERROR_IO */
} gml_error_kind;

/** What gml_error.location counts. */
typedef enum gml_location_kind {
  GML_LOCATION_NONE = 0,        /**< no location; gml_error.location is 0 */
  GML_LOCATION_BYTE_OFFSET = 1, /**< a byte offset from the start of the model */
  GML_LOCATION_TENSOR = 2,      /**< a tensor index in the model's graph */
  GML_LOCATION_OPERATOR = 3,    /**< an operator index in the model's graph */
  GML_LOCATION_BUFFER = 4,      /**< a constant buffer index in the model */
  GML_LOCATION_INPUT = 5,       /**< a graph input index, as passed to the API */
  GML_LOCATION_OUTPUT = 6       /**< a graph output index, as passed to the API */
} gml_location_kind;

/** A failure, described. Filled by the create functions (their `out_error`)
 *  and kept by each interpreter for its last call (gml_interpreter_last_error).
 *
 *  `message` is NUL-terminated UTF-8 and names what went wrong the way the
 *  runtime's GMLError does: kind, location, detail, e.g.
 *    "model.gml: truncated at byte 2812: data runs past the end of the buffer"
 *    "invalid argument at input 0: 100 bytes given; the input holds 256 bytes
 *     (float32 [1, 8, 8, 1])"
 *  The text is for people and may change between releases; test `status`,
 *  `kind` and `location` in code. Longer messages are cut at a character
 *  boundary to fit. */
typedef struct gml_error {
  gml_status status;              /**< GML_OK when there was no error */
  gml_error_kind kind;            /**< GML_ERROR_KIND_NONE when there was no error */
  gml_location_kind location_kind; /**< what `location` counts */
  int64_t location;               /**< the byte offset or index; 0 without a location */
  char message[GML_ERROR_MESSAGE_CAPACITY]; /**< "" when there was no error */
} gml_error;

/** Element types. Values equal `ElementType` in schema/gml.fbs and are never
 *  renumbered. */
typedef enum gml_type {
  GML_TYPE_FLOAT32 = 0,
  GML_TYPE_FLOAT16 = 1,
  GML_TYPE_INT8 = 2,
  GML_TYPE_UINT8 = 3,
  GML_TYPE_INT16 = 4,
  GML_TYPE_INT32 = 5,
  GML_TYPE_INT64 = 6,
  GML_TYPE_BOOL = 7
} gml_type;

/** How a tensor's integers map to real numbers. */
typedef enum gml_quantization_kind {
  /** Not quantized (float32 tensors); scale and zero_point are 0. */
  GML_QUANTIZATION_NONE = 0,
  /** real = (q - zero_point) * scale, one pair for the whole tensor. The
   *  usual case for the inputs and outputs of an int8 model. */
  GML_QUANTIZATION_PER_TENSOR = 1,
  /** One pair per slice along `quantized_dimension` (`scale_count` slices),
   *  as TFLite's per-channel weights. This API does not expose the per-slice
   *  values: scale and zero_point are then 0. */
  GML_QUANTIZATION_PER_AXIS = 2
} gml_quantization_kind;

/** A graph input or output: name, type, shape, size and quantization.
 *  Filled by gml_interpreter_input_info() and gml_interpreter_output_info(). */
typedef struct gml_tensor_info {
  /** The tensor's name in the model, NUL-terminated UTF-8. Owned by the
   *  interpreter: valid until gml_interpreter_delete(). */
  const char *name;
  /** The element type. */
  gml_type type;
  /** The number of dimensions, 0 ... GML_MAX_RANK (0 is a scalar). */
  int32_t rank;
  /** The extent of each dimension, outermost first (NHWC for images);
   *  entries at and after `rank` are 0. */
  int64_t dims[GML_MAX_RANK];
  /** The number of elements: the product of dims[0 ... rank-1]. */
  size_t element_count;
  /** element_count times the element size: exactly the byte count that
   *  gml_interpreter_set_input() and gml_interpreter_get_output() take. */
  size_t byte_size;
  /** Whether and how the tensor is quantized. */
  gml_quantization_kind quantization;
  /** For GML_QUANTIZATION_PER_TENSOR: real = (q - zero_point) * scale.
   *  0 otherwise. */
  float scale;
  /** For GML_QUANTIZATION_PER_TENSOR: the integer that represents 0.0
   *  (-128 ... 127 for int8). 0 otherwise. */
  int32_t zero_point;
  /** For GML_QUANTIZATION_PER_AXIS: the quantized dimension. 0 otherwise. */
  int32_t quantized_dimension;
  /** The number of (scale, zero_point) pairs: 0 without quantization, 1 per
   *  tensor, dims[quantized_dimension] per axis. */
  int32_t scale_count;
} gml_tensor_info;

/** gml_options.flags: borrow the caller's model bytes instead of copying
 *  them (gml_interpreter_create_from_buffer() only). */
#define GML_OPTION_BORROW_BUFFER 1u

/** gml_options.flags: let activations reuse the graph inputs' bytes once
 *  the last operator reading them has run, as TensorFlow Lite Micro plans:
 *  a smaller arena (`gml inspect` prints both sizes), but each
 *  gml_interpreter_invoke() consumes the inputs, so set every input again
 *  before the next one (invoke refuses to run on an input it has
 *  overwritten). A memory plan stored in the model is used only when made
 *  the same way (`gml convert --reuse-input-memory`). */
#define GML_OPTION_REUSE_INPUT_MEMORY 2u

/** How to create an interpreter. Zero-initialize (`gml_options o = {0};`)
 *  for the defaults, or pass NULL. */
typedef struct gml_options {
  /** GML_OPTION_* bits; 0 for the defaults. Unknown bits are refused with
   *  GML_ERROR_INVALID_ARGUMENT. */
  uint32_t flags;
  /** Threads that run the large int8 kernels, counting the one that calls
   *  gml_interpreter_invoke(): 0 or 1 for that thread alone (the default),
   *  up to 64. Workers start at create and stop at delete. Only a Linux
   *  host build has threads (libCGML.so); an embedded build (libgml.a)
   *  runs on the caller whatever this says. The outputs are the same. */
  uint32_t threads;
  /** The arena, in memory the caller owns (as TensorFlow Lite Micro's tensor
   *  arena: a static buffer in RAM on a microcontroller), or NULL (the
   *  default) for one the interpreter allocates and frees. It must hold at
   *  least the bytes the model needs and start at a multiple of 16 bytes (or
   *  of the model's memory plan alignment, when larger); it must stay valid,
   *  and be used for nothing else, until gml_interpreter_delete(), which does
   *  not free it. The size needed is what gml_interpreter_arena_size()
   *  returns for an interpreter made without it on the same kind of device
   *  (`gml inspect` prints it for a microcontroller, where no weights are
   *  repacked), and what the error for a smaller arena says. */
  void *arena;
  /** The bytes at `arena`; ignored when `arena` is NULL. */
  size_t arena_size;
  /** The most bytes the interpreter may allocate for its arena, or 0 (the
   *  default) for the format's limit (2 GiB - 1). A model that needs more
   *  is refused with GML_ERROR_INVALID_MODEL, kind GML_ERROR_KIND_LIMIT_EXCEEDED,
   *  before anything is allocated: set it on a device so that a file cannot
   *  ask for more memory than the device has. Ignored when `arena` is given
   *  (its size is the limit). */
  size_t max_arena_size;
} gml_options;

/** A prepared model, ready to invoke: the model's bytes (or a reference to
 *  them), one arena holding every tensor, and the last error. Opaque;
 *  create with gml_interpreter_create_from_buffer() or
 *  gml_interpreter_create_from_file(), free with gml_interpreter_delete(). */
typedef struct gml_interpreter gml_interpreter;

/* ------------------------------------------------------------------------ */
/* Library                                                                  */
/* ------------------------------------------------------------------------ */

/** The gml release of the library, e.g. "0.1.0". Compare with
 *  GML_VERSION_STRING to detect a header/library mismatch.
 *  @return a static NUL-terminated string; never NULL, never freed. */
const char *gml_version(void);

/** A short lower-case name for `status`: "ok", "invalid argument", "invalid
 *  model", "unsupported", "i/o error"; "unknown status" for any other value.
 *  @return a static NUL-terminated string; never NULL, never freed. */
const char *gml_status_string(gml_status status);

/** The lower-case name of `type` as gml writes it ("float32", "int8", ...);
 *  "unknown type" for any other value.
 *  @return a static NUL-terminated string; never NULL, never freed. */
const char *gml_type_string(gml_type type);

/* ------------------------------------------------------------------------ */
/* Creating and deleting                                                    */
/* ------------------------------------------------------------------------ */

/** Verifies a .gml model held in memory and prepares an interpreter for it.
 *
 *  Everything is checked here, once: the file's structure and every
 *  reference in it, then each operator's types, shapes and quantization,
 *  the data flow between operators, and the memory plan. One arena of
 *  gml_interpreter_arena_size() bytes is allocated and zeroed, or taken
 *  from `options->arena` (and zeroed).
 *
 *  Ownership of `data`: by default the model is copied into memory the
 *  interpreter owns (aligned to 64 bytes), and `data` may be freed as soon
 *  as this returns. With GML_OPTION_BORROW_BUFFER in `options->flags`, the
 *  interpreter reads weights in place instead: `data` must then be aligned
 *  to 16 bytes (64 is best) and stay alive and unchanged until
 *  gml_interpreter_delete() — use this for a model in flash or in a
 *  memory-mapped file.
 *
 *  @param data     the model's bytes (a whole .gml file).
 *  @param size     the number of bytes at `data`.
 *  @param options  NULL for the defaults.
 *  @param out_interpreter  receives the new interpreter on success, NULL on
 *                  failure. Must not be NULL.
 *  @param out_error  NULL, or filled with the failure (set to "no error" on
 *                  success).
 *  @return GML_OK; GML_ERROR_INVALID_ARGUMENT (NULL `out_interpreter`, NULL
 *          `data` with a non-zero size, unknown flags, a misaligned borrowed
 *          buffer or arena; an arena smaller than the model needs, with kind
 *          GML_ERROR_KIND_ARENA_TOO_SMALL and the bytes needed in the
 *          message); GML_ERROR_INVALID_MODEL (the kind and location say what
 *          and where); GML_ERROR_UNSUPPORTED. */
gml_status gml_interpreter_create_from_buffer(const void *data, size_t size,
                                              const gml_options *options,
                                              gml_interpreter **out_interpreter,
                                              gml_error *out_error);

/** Reads a .gml file (with fopen/fread) into memory the interpreter owns,
 *  then does what gml_interpreter_create_from_buffer() does.
 *
 *  @param path     a NUL-terminated file path, as fopen() takes it.
 *  @param options  NULL for the defaults; GML_OPTION_BORROW_BUFFER has no
 *                  effect here (the file's bytes are always owned).
 *  @param out_interpreter  as in gml_interpreter_create_from_buffer().
 *  @param out_error  as in gml_interpreter_create_from_buffer(); the message
 *                  starts with `path`.
 *  @return as gml_interpreter_create_from_buffer(), plus GML_ERROR_IO when
 *          the file cannot be opened, sized (it must be a regular file of at
 *          most 2 GiB, the format's limit) or read. */
gml_status gml_interpreter_create_from_file(const char *path, const gml_options *options,
                                            gml_interpreter **out_interpreter,
                                            gml_error *out_error);

/** Frees the interpreter: its arena (unless the caller gave it), its copy of
 *  the model, its names and error. A borrowed model buffer and a caller's
 *  arena may be freed or reused after this returns. Pointers
 *  obtained from the interpreter (tensor names, the last error) become
 *  invalid. NULL is accepted and ignored. */
void gml_interpreter_delete(gml_interpreter *interpreter);

/* ------------------------------------------------------------------------ */
/* Inputs, outputs and memory                                               */
/* ------------------------------------------------------------------------ */

/** The number of graph inputs; 0 for NULL. */
size_t gml_interpreter_input_count(const gml_interpreter *interpreter);

/** The number of graph outputs; 0 for NULL. */
size_t gml_interpreter_output_count(const gml_interpreter *interpreter);

/** Describes graph input `index`.
 *  @param out_info  filled on success; must not be NULL.
 *  @return GML_OK, or GML_ERROR_INVALID_ARGUMENT for a NULL pointer or an
 *          index at or above gml_interpreter_input_count(). Does not change
 *          the last error. */
gml_status gml_interpreter_input_info(const gml_interpreter *interpreter, size_t index,
                                      gml_tensor_info *out_info);

/** Describes graph output `index`; as gml_interpreter_input_info(). */
gml_status gml_interpreter_output_info(const gml_interpreter *interpreter, size_t index,
                                       gml_tensor_info *out_info);

/** The size of the interpreter's arena in bytes: all the memory it holds for
 *  tensors (activations, graph inputs and outputs, scratch), beside the
 *  model's own bytes; with a caller's arena (gml_options.arena), the bytes
 *  of it in use, from its start. 0 for NULL. */
size_t gml_interpreter_arena_size(const gml_interpreter *interpreter);

/* ------------------------------------------------------------------------ */
/* Running                                                                  */
/* ------------------------------------------------------------------------ */

/** Copies `size` bytes into graph input `index`. The input keeps them
 *  across any number of gml_interpreter_invoke() calls, until the next copy
 *  (with GML_OPTION_REUSE_INPUT_MEMORY, until the next invoke).
 *  The bytes are the tensor's own type: for an int8 input, values already
 *  quantized with the input's scale and zero_point
 *  (q = round(x / scale) + zero_point, saturated to -128 ... 127).
 *
 *  @param data  `size` bytes, little-endian, C order; may be NULL only when
 *               `size` is 0.
 *  @param size  must equal the input's gml_tensor_info.byte_size.
 *  @return GML_OK, or GML_ERROR_INVALID_ARGUMENT (NULL pointer, index out of
 *          range, size differs; the last error names the input, the sizes
 *          and the tensor's type and shape). */
gml_status gml_interpreter_set_input(gml_interpreter *interpreter, size_t index, const void *data,
                                     size_t size);

/** Runs every operator of the model once, in order, on the current inputs.
 *  Allocates nothing. Inputs that were never set hold zeros.
 *  @return GML_OK, or GML_ERROR_INVALID_ARGUMENT for NULL, or (with
 *          GML_OPTION_REUSE_INPUT_MEMORY) for an input the last invoke
 *          overwrote and nothing has set since (the last error names it). */
gml_status gml_interpreter_invoke(gml_interpreter *interpreter);

/** Copies graph output `index`, as computed by the last
 *  gml_interpreter_invoke() (zeros before the first), into `data`.
 *  Real numbers of an int8 output are (q - zero_point) * scale.
 *  Allocates nothing.
 *
 *  @param data  room for `size` bytes; may be NULL only when `size` is 0.
 *  @param size  must equal the output's gml_tensor_info.byte_size.
 *  @return GML_OK, or GML_ERROR_INVALID_ARGUMENT (NULL pointer, index out of
 *          range, size differs). */
gml_status gml_interpreter_get_output(gml_interpreter *interpreter, size_t index, void *data,
                                      size_t size);

/* ------------------------------------------------------------------------ */
/* Errors                                                                   */
/* ------------------------------------------------------------------------ */

/** The outcome of the last call on `interpreter` that takes a non-const
 *  `gml_interpreter *` (set_input, invoke, get_output): its status, kind,
 *  location and message; status GML_OK and message "" when it succeeded.
 *  @return a pointer owned by the interpreter, valid until its next
 *          non-const call or gml_interpreter_delete(); NULL for NULL. */
const gml_error *gml_interpreter_last_error(const gml_interpreter *interpreter);

#ifdef __cplusplus
}
#endif

#endif /* GML_H */
