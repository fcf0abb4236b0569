/*
 * samples/c/digits.c — runs a .gml model from C through include/gml.h: one
 * .npy input in, every output printed with its argmax, the first output
 * optionally written as .npy, as `gml run` does.
 *
 *   digits MODEL.gml INPUT.npy [OUTPUT.npy]
 *
 * The input file's shape must equal the model input's. A float32 (<f4)
 * input feeds a float32 model input as it is and is quantized for an int8
 * input (q = round(x / scale) + zero_point); an int8 (|i1) input feeds an
 * int8 model input unchanged. An int8 output is dequantized
 * (scale * (q - zero_point)) for printing and writing, so OUTPUT.npy is
 * byte for byte what `gml run MODEL.gml --input INPUT.npy --output
 * OUTPUT.npy` writes. Exit status: 0, or 1 with a message on standard error.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gml.h"

/* A .npy array: version 1.0, little-endian, C order. */
typedef struct npy_array {
  char descr[8];              /* "<f4" or "|i1" */
  int rank;
  int64_t dims[GML_MAX_RANK];
  size_t byte_size;
  unsigned char *data;        /* malloc'd */
} npy_array;

/* Reads all of `path` into a malloc'd buffer; NULL on failure. */
static unsigned char *read_file(const char *path, size_t *size) {
  FILE *file = fopen(path, "rb");
  if (file == NULL) return NULL;
  unsigned char *bytes = NULL;
  long length = -1;
  if (fseek(file, 0, SEEK_END) == 0 && (length = ftell(file)) >= 0 &&
      fseek(file, 0, SEEK_SET) == 0) {
    bytes = malloc(length > 0 ? (size_t)length : 1);
    if (bytes != NULL && fread(bytes, 1, (size_t)length, file) != (size_t)length) {
      free(bytes);
      bytes = NULL;
    }
  }
  fclose(file);
  *size = length > 0 ? (size_t)length : 0;
  return bytes;
}

/* Copies the quoted value after `key` in the header dictionary into `out`. */
static int header_string(const char *header, const char *key, char *out, size_t capacity) {
  const char *at = strstr(header, key);
  if (at == NULL) return 0;
  at = strchr(at + strlen(key), '\'');
  if (at == NULL) return 0;
  const char *end = strchr(at + 1, '\'');
  if (end == NULL || (size_t)(end - at - 1) >= capacity) return 0;
  memcpy(out, at + 1, (size_t)(end - at - 1));
  out[end - at - 1] = '\0';
  return 1;
}

/* Parses a version 1.0 .npy file of '<f4' or '|i1' in C order; 0 on error. */
static int npy_read(const char *path, npy_array *array) {
  size_t size = 0;
  unsigned char *file = read_file(path, &size);
  if (file == NULL) {
    fprintf(stderr, "%s: error: cannot read the file\n", path);
    return 0;
  }
  int ok = 0;
  char header[1024];
  size_t header_length = size >= 10 ? (size_t)file[8] | (size_t)file[9] << 8 : 0;
  if (size < 10 || memcmp(file, "\x93NUMPY\x01\x00", 8) != 0 || 10 + header_length > size ||
      header_length >= sizeof header) {
    fprintf(stderr, "%s: error: not a version 1.0 .npy file\n", path);
    goto done;
  }
  memcpy(header, file + 10, header_length);
  header[header_length] = '\0';
  const char *shape = strstr(header, "'shape':");
  shape = shape != NULL ? strchr(shape, '(') : NULL;
  if (!header_string(header, "'descr':", array->descr, sizeof array->descr) ||
      strstr(header, "'fortran_order': False") == NULL || shape == NULL) {
    fprintf(stderr, "%s: error: header needs 'descr', C order and 'shape'\n", path);
    goto done;
  }
  size_t element_size = strcmp(array->descr, "<f4") == 0   ? 4
                        : strcmp(array->descr, "|i1") == 0 ? 1
                                                           : 0;
  if (element_size == 0) {
    fprintf(stderr, "%s: error: dtype %s is not float32 (<f4) or int8 (|i1)\n", path,
            array->descr);
    goto done;
  }
  size_t count = 1;
  array->rank = 0;
  for (const char *p = shape + 1; *p != ')';) {
    char *end;
    long long d = strtoll(p, &end, 10);
    if (end == p || d < 0 || array->rank == GML_MAX_RANK) {
      fprintf(stderr, "%s: error: bad shape\n", path);
      goto done;
    }
    array->dims[array->rank++] = d;
    count *= (size_t)d;
    p = end;
    while (*p == ',' || *p == ' ') p++;
  }
  array->byte_size = count * element_size;
  if (10 + header_length + array->byte_size != size) {
    fprintf(stderr, "%s: error: data size differs from the shape's\n", path);
    goto done;
  }
  array->data = malloc(array->byte_size > 0 ? array->byte_size : 1);
  if (array->data == NULL) goto done;
  memcpy(array->data, file + 10 + header_length, array->byte_size);
  ok = 1;
done:
  free(file);
  return ok;
}

/* Writes `count` values of `descr` ("<f4" or "|i1") in `info`'s shape as a
 * version 1.0 .npy file, exactly as numpy's np.save does: the header padded
 * with spaces (room for 21 digits in the first dimension) and a newline so
 * that the data starts at a multiple of 64 bytes. */
static int npy_write(const char *path, const char *descr, const gml_tensor_info *info,
                     const void *data, size_t byte_size) {
  char header[512];
  int n = snprintf(header, sizeof header, "{'descr': '%s', 'fortran_order': False, 'shape': (",
                   descr);
  for (int k = 0; k < info->rank; k++) {
    n += snprintf(header + n, sizeof header - (size_t)n, "%s%lld", k > 0 ? ", " : "",
                  (long long)info->dims[k]);
  }
  n += snprintf(header + n, sizeof header - (size_t)n, "%s), }", info->rank == 1 ? "," : "");
  if (info->rank > 0) {
    char first[32];
    int digits = snprintf(first, sizeof first, "%lld", (long long)info->dims[0]);
    while (digits++ < 21) header[n++] = ' ';
  }
  int pad = 64 - (10 + n + 1) % 64;
  while (pad-- > 0) header[n++] = ' ';
  header[n++] = '\n';
  FILE *file = fopen(path, "wb");
  if (file == NULL) return 0;
  unsigned char preamble[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
                                (unsigned char)(n & 0xFF), (unsigned char)(n >> 8)};
  int ok = fwrite(preamble, 1, 10, file) == 10 && fwrite(header, 1, (size_t)n, file) == (size_t)n &&
           fwrite(data, 1, byte_size, file) == byte_size;
  return fclose(file) == 0 && ok;
}

/* Prints `name type [d0, d1, ...]` and the quantization, if any. */
static void print_info(const char *role, size_t index, const gml_tensor_info *info) {
  printf("%s %zu: '%s' %s [", role, index, info->name, gml_type_string(info->type));
  for (int k = 0; k < info->rank; k++) {
    printf("%s%lld", k > 0 ? ", " : "", (long long)info->dims[k]);
  }
  printf("]");
  if (info->quantization == GML_QUANTIZATION_PER_TENSOR) {
    printf(" scale %.9g zero point %d", (double)info->scale, (int)info->zero_point);
  }
  printf(", %zu bytes\n", info->byte_size);
}

/* The input bytes for `info` from `array`: float32 as it is, float32
 * quantized for an int8 input, int8 as it is; NULL with a message when the
 * type or shape does not fit. */
static void *input_bytes(const npy_array *array, const gml_tensor_info *info, const char *path) {
  int same_shape = array->rank == info->rank;
  for (int k = 0; same_shape && k < info->rank; k++) same_shape = array->dims[k] == info->dims[k];
  if (!same_shape) {
    fprintf(stderr, "%s: error: the shape differs from the model input's\n", path);
    return NULL;
  }
  int is_float = strcmp(array->descr, "<f4") == 0;
  void *bytes = malloc(info->byte_size > 0 ? info->byte_size : 1);
  if (bytes == NULL) return NULL;
  if (info->type == GML_TYPE_FLOAT32 && is_float) {
    memcpy(bytes, array->data, info->byte_size);
  } else if (info->type == GML_TYPE_INT8 && !is_float) {
    memcpy(bytes, array->data, info->byte_size);
  } else if (info->type == GML_TYPE_INT8 && info->quantization == GML_QUANTIZATION_PER_TENSOR) {
    const float *x = (const float *)(const void *)array->data;
    int8_t *q = bytes;
    for (size_t i = 0; i < info->element_count; i++) {
      /* TFLite's QUANTIZE: round half away from zero, then saturate. */
      float v = roundf(x[i] / info->scale) + (float)info->zero_point;
      q[i] = (int8_t)(v < -128.0f ? -128.0f : v > 127.0f ? 127.0f : v);
    }
  } else {
    fprintf(stderr, "%s: error: a %s file cannot feed a %s input\n", path, array->descr,
            gml_type_string(info->type));
    free(bytes);
    return NULL;
  }
  return bytes;
}

/* The real values of an output: float32 as it is, int8 dequantized as a
 * DEQUANTIZE op does (scale * (q - zero_point), in float), int8 without
 * quantization as integers. */
static void output_values(const gml_tensor_info *info, const void *data, float *values) {
  for (size_t i = 0; i < info->element_count; i++) {
    if (info->type == GML_TYPE_FLOAT32) {
      values[i] = ((const float *)data)[i];
    } else if (info->quantization == GML_QUANTIZATION_PER_TENSOR) {
      values[i] = info->scale * (float)((int32_t)((const int8_t *)data)[i] - info->zero_point);
    } else {
      values[i] = (float)((const int8_t *)data)[i];
    }
  }
}

/* Prints the values of output `index` and their argmax. */
static void print_output(size_t index, const gml_tensor_info *info, const float *values) {
  size_t best = 0;
  printf("output %zu values:", index);
  for (size_t i = 0; i < info->element_count; i++) {
    printf(" %.6f", (double)values[i]);
    if (values[i] > values[best]) best = i;
  }
  printf("\noutput %zu argmax: %zu\n", index, best);
}

int main(int argc, char **argv) {
  if (argc < 3 || argc > 4) {
    fprintf(stderr, "usage: digits MODEL.gml INPUT.npy [OUTPUT.npy]\n");
    return 2;
  }
  if (strcmp(gml_version(), GML_VERSION_STRING) != 0) {
    fprintf(stderr, "digits: error: library %s, header %s\n", gml_version(), GML_VERSION_STRING);
    return 1;
  }
  gml_interpreter *interpreter = NULL;
  gml_error error;
  if (gml_interpreter_create_from_file(argv[1], NULL, &interpreter, &error) != GML_OK) {
    fprintf(stderr, "digits: error: %s (%s)\n", error.message, gml_status_string(error.status));
    return 1;
  }
  int status = 1;
  void *input = NULL;
  void *output = NULL;
  float *values = NULL;
  npy_array array = {0};
  gml_tensor_info in, out;
  printf("gml %s: %zu input(s), %zu output(s), arena %zu bytes\n", gml_version(),
         gml_interpreter_input_count(interpreter), gml_interpreter_output_count(interpreter),
         gml_interpreter_arena_size(interpreter));
  if (gml_interpreter_input_count(interpreter) != 1 ||
      gml_interpreter_input_info(interpreter, 0, &in) != GML_OK) {
    fprintf(stderr, "digits: error: the model needs exactly one input\n");
    goto done;
  }
  print_info("input", 0, &in);
  if (!npy_read(argv[2], &array) || (input = input_bytes(&array, &in, argv[2])) == NULL) goto done;
  if (gml_interpreter_set_input(interpreter, 0, input, in.byte_size) != GML_OK ||
      gml_interpreter_invoke(interpreter) != GML_OK) {
    fprintf(stderr, "digits: error: %s\n", gml_interpreter_last_error(interpreter)->message);
    goto done;
  }
  for (size_t k = 0; k < gml_interpreter_output_count(interpreter); k++) {
    gml_interpreter_output_info(interpreter, k, &out);
    print_info("output", k, &out);
    if (out.type != GML_TYPE_FLOAT32 && out.type != GML_TYPE_INT8) {
      fprintf(stderr, "digits: error: output %zu is %s\n", k, gml_type_string(out.type));
      goto done;
    }
    free(output);
    free(values);
    output = malloc(out.byte_size > 0 ? out.byte_size : 1);
    values = malloc(out.element_count > 0 ? out.element_count * sizeof(float) : 1);
    if (output == NULL || values == NULL ||
        gml_interpreter_get_output(interpreter, k, output, out.byte_size) != GML_OK) {
      fprintf(stderr, "digits: error: cannot read output %zu\n", k);
      goto done;
    }
    output_values(&out, output, values);
    print_output(k, &out, values);
    /* Like `gml run`: float32 unless the output is int8 without quantization. */
    int raw = out.type == GML_TYPE_INT8 && out.quantization != GML_QUANTIZATION_PER_TENSOR;
    if (k == 0 && argc == 4 &&
        !(raw ? npy_write(argv[3], "|i1", &out, output, out.byte_size)
              : npy_write(argv[3], "<f4", &out, values, out.element_count * sizeof(float)))) {
      fprintf(stderr, "%s: error: cannot write the output\n", argv[3]);
      goto done;
    }
  }
  status = 0;
done:
  free(values);
  free(output);
  free(input);
  free(array.data);
  gml_interpreter_delete(interpreter);
  return status;
}
