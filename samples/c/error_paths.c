/*
 * samples/c/error_paths.c — how the C API fails: each bad call returns the
 * right gml_status and a message naming the problem. Run by
 * tools/c-sample.sh; also a sample of error handling.
 *
 *   error_paths MODEL.gml
 *
 * MODEL.gml is any valid model with one input and one output. Prints one
 * line per failed check and a summary; exits 1 if any check failed.
 */
#define _POSIX_C_SOURCE 200112L /* posix_memalign */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gml.h"

static int checks, failures;

/* Counts one check; prints it when it fails. */
#define CHECK(condition)                                                      \
  do {                                                                        \
    checks++;                                                                 \
    if (!(condition)) {                                                       \
      failures++;                                                             \
      fprintf(stderr, "error_paths.c:%d: check failed: %s\n", __LINE__,       \
              #condition);                                                    \
    }                                                                         \
  } while (0)

/* Whether `error` has `status` and `kind` and its message contains each of
 * the (up to two) fragments; prints the message when not. */
static int failed_with(const gml_error *error, gml_status status, gml_error_kind kind,
                       const char *fragment, const char *fragment2) {
  int ok = error != NULL && error->status == status && error->kind == kind &&
           (fragment == NULL || strstr(error->message, fragment) != NULL) &&
           (fragment2 == NULL || strstr(error->message, fragment2) != NULL);
  if (!ok && error != NULL) {
    fprintf(stderr, "  got status %d (%s), kind %d, message \"%s\"\n", (int)error->status,
            gml_status_string(error->status), (int)error->kind, error->message);
  }
  return ok;
}

/* Reads all of `path` into memory aligned to 64 bytes; NULL on failure. */
static unsigned char *read_aligned(const char *path, size_t *size) {
  FILE *file = fopen(path, "rb");
  if (file == NULL) return NULL;
  void *bytes = NULL;
  long length = -1;
  if (fseek(file, 0, SEEK_END) == 0 && (length = ftell(file)) > 0 &&
      fseek(file, 0, SEEK_SET) == 0 && posix_memalign(&bytes, 64, (size_t)length + 64) == 0 &&
      fread(bytes, 1, (size_t)length, file) != (size_t)length) {
    free(bytes);
    bytes = NULL;
  }
  fclose(file);
  *size = length > 0 ? (size_t)length : 0;
  return bytes;
}

/* A caller's arena (gml_options.arena): the size an interpreter of its own
 * reports fits; one byte less is refused naming both sizes, and so is an
 * arena off its 16-byte alignment. Freeing the arena after delete is the
 * caller's job. */
static void check_arena(const unsigned char *model, size_t size) {
  gml_interpreter *interpreter = NULL;
  gml_error error;
  CHECK(gml_interpreter_create_from_buffer(model, size, NULL, &interpreter, &error) == GML_OK);
  size_t needed = gml_interpreter_arena_size(interpreter);
  gml_interpreter_delete(interpreter);
  void *memory = NULL;
  if (posix_memalign(&memory, 64, needed + 16) != 0) return;

  gml_options options = {.arena = memory, .arena_size = needed - 1};
  CHECK(gml_interpreter_create_from_buffer(model, size, &options, &interpreter, &error) ==
        GML_ERROR_INVALID_ARGUMENT);
  CHECK(interpreter == NULL);
  char expected[96];
  snprintf(expected, sizeof expected, "gml_options.arena_size is %zu bytes; the model needs %zu",
           needed - 1, needed);
  CHECK(failed_with(&error, GML_ERROR_INVALID_ARGUMENT, GML_ERROR_KIND_ARENA_TOO_SMALL,
                    "arena too small: ", expected));

  options.arena = (unsigned char *)memory + 8;
  options.arena_size = needed;
  CHECK(gml_interpreter_create_from_buffer(model, size, &options, &interpreter, &error) ==
        GML_ERROR_INVALID_ARGUMENT);
  CHECK(failed_with(&error, GML_ERROR_INVALID_ARGUMENT, GML_ERROR_KIND_INVALID_ARGUMENT,
                    "gml_options.arena must be aligned to 16 bytes", NULL));

  options.arena = memory;
  CHECK(gml_interpreter_create_from_buffer(model, size, &options, &interpreter, &error) == GML_OK);
  CHECK(gml_interpreter_arena_size(interpreter) == needed);
  gml_interpreter_delete(interpreter);
  free(memory);
}

/* Files that are not models, buffers that are not models, bad options. */
static void check_create(const unsigned char *model, size_t size) {
  gml_interpreter *interpreter = (gml_interpreter *)&interpreter; /* must be reset to NULL */
  gml_error error;

  CHECK(gml_interpreter_create_from_file("no/such/model.gml", NULL, &interpreter, &error) ==
        GML_ERROR_IO);
  CHECK(interpreter == NULL);
  CHECK(failed_with(&error, GML_ERROR_IO, GML_ERROR_KIND_IO, "no/such/model.gml: ", "cannot open"));
  CHECK(error.location_kind == GML_LOCATION_NONE);

  CHECK(gml_interpreter_create_from_file(".", NULL, &interpreter, &error) == GML_ERROR_IO);
  CHECK(failed_with(&error, GML_ERROR_IO, GML_ERROR_KIND_IO, "not a regular file", NULL));

  /* Half a model: the verifier names the byte where it runs out. */
  CHECK(gml_interpreter_create_from_buffer(model, size / 2, NULL, &interpreter, &error) ==
        GML_ERROR_INVALID_MODEL);
  CHECK(interpreter == NULL);
  CHECK(error.status == GML_ERROR_INVALID_MODEL);
  CHECK(error.kind == GML_ERROR_KIND_OUT_OF_BOUNDS || error.kind == GML_ERROR_KIND_TRUNCATED);
  CHECK(error.location_kind == GML_LOCATION_BYTE_OFFSET && error.location > 0);
  CHECK(strstr(error.message, " at byte ") != NULL);

  CHECK(gml_interpreter_create_from_buffer(NULL, 0, NULL, &interpreter, &error) ==
        GML_ERROR_INVALID_MODEL);
  CHECK(failed_with(&error, GML_ERROR_INVALID_MODEL, GML_ERROR_KIND_TRUNCATED, "truncated", NULL));

  /* Not a .gml file: bytes 4-7 hold the identifier "GML1". */
  unsigned char *other = malloc(size);
  memcpy(other, model, size);
  memcpy(other + 4, "TFL3", 4);
  CHECK(gml_interpreter_create_from_buffer(other, size, NULL, &interpreter, &error) ==
        GML_ERROR_INVALID_MODEL);
  CHECK(failed_with(&error, GML_ERROR_INVALID_MODEL, GML_ERROR_KIND_WRONG_IDENTIFIER,
                    "wrong identifier", NULL));
  free(other);

  CHECK(gml_interpreter_create_from_buffer(model, size, NULL, NULL, &error) ==
        GML_ERROR_INVALID_ARGUMENT);
  CHECK(failed_with(&error, GML_ERROR_INVALID_ARGUMENT, GML_ERROR_KIND_INVALID_ARGUMENT,
                    "out_interpreter is NULL", NULL));
  CHECK(gml_interpreter_create_from_buffer(NULL, 16, NULL, &interpreter, &error) ==
        GML_ERROR_INVALID_ARGUMENT);
  CHECK(gml_interpreter_create_from_file(NULL, NULL, &interpreter, NULL) ==
        GML_ERROR_INVALID_ARGUMENT);

  gml_options unknown = {.flags = 0x80u};
  CHECK(gml_interpreter_create_from_buffer(model, size, &unknown, &interpreter, &error) ==
        GML_ERROR_INVALID_ARGUMENT);
  CHECK(failed_with(&error, GML_ERROR_INVALID_ARGUMENT, GML_ERROR_KIND_INVALID_ARGUMENT,
                    "unknown gml_options.flags bits 128", NULL));
  gml_options too_many = {.threads = 65};
  CHECK(gml_interpreter_create_from_buffer(model, size, &too_many, &interpreter, &error) ==
        GML_ERROR_INVALID_ARGUMENT);
  CHECK(failed_with(&error, GML_ERROR_INVALID_ARGUMENT, GML_ERROR_KIND_INVALID_ARGUMENT,
                    "gml_options.threads is 65; at most 64", NULL));

  /* Borrowing needs 16-byte alignment: `model + 1` is not. */
  gml_options borrow = {.flags = GML_OPTION_BORROW_BUFFER};
  CHECK(gml_interpreter_create_from_buffer(model + 1, size - 1, &borrow, &interpreter, &error) ==
        GML_ERROR_INVALID_ARGUMENT);
  CHECK(failed_with(&error, GML_ERROR_INVALID_ARGUMENT, GML_ERROR_KIND_INVALID_ARGUMENT,
                    "aligned to 16 bytes", NULL));
  CHECK(interpreter == NULL);

  check_arena(model, size);

  /* A NULL error pointer is allowed. */
  CHECK(gml_interpreter_create_from_buffer(model, 3, NULL, &interpreter, NULL) ==
        GML_ERROR_INVALID_MODEL);
}

/* Wrong sizes, indices and NULLs on a working interpreter. */
static void check_calls(const unsigned char *model, size_t size) {
  gml_interpreter *interpreter = NULL;
  gml_error error;
  gml_options borrow = {.flags = GML_OPTION_BORROW_BUFFER};
  CHECK(gml_interpreter_create_from_buffer(model, size, &borrow, &interpreter, &error) == GML_OK);
  CHECK(error.status == GML_OK && error.kind == GML_ERROR_KIND_NONE && error.message[0] == '\0');
  if (interpreter == NULL) return;

  gml_tensor_info in, out;
  CHECK(gml_interpreter_input_info(interpreter, 0, &in) == GML_OK);
  CHECK(gml_interpreter_output_info(interpreter, 0, &out) == GML_OK);
  CHECK(gml_interpreter_input_info(interpreter, 1, &in) == GML_ERROR_INVALID_ARGUMENT);
  CHECK(gml_interpreter_input_info(interpreter, 0, NULL) == GML_ERROR_INVALID_ARGUMENT);
  CHECK(gml_interpreter_output_info(interpreter, (size_t)-1, &out) == GML_ERROR_INVALID_ARGUMENT);

  unsigned char *data = calloc(1, in.byte_size + out.byte_size + 1);
  char expected[64];

  /* One byte short: names the input, both sizes, the type and the shape. */
  CHECK(gml_interpreter_set_input(interpreter, 0, data, in.byte_size - 1) ==
        GML_ERROR_INVALID_ARGUMENT);
  const gml_error *last = gml_interpreter_last_error(interpreter);
  snprintf(expected, sizeof expected, "%zu bytes given; the input holds %zu bytes",
           in.byte_size - 1, in.byte_size);
  CHECK(failed_with(last, GML_ERROR_INVALID_ARGUMENT, GML_ERROR_KIND_INVALID_ARGUMENT,
                    "invalid argument at input 0: ", expected));
  CHECK(strstr(last->message, gml_type_string(in.type)) != NULL);
  CHECK(last->location_kind == GML_LOCATION_INPUT && last->location == 0);

  CHECK(gml_interpreter_set_input(interpreter, 1, data, in.byte_size) ==
        GML_ERROR_INVALID_ARGUMENT);
  CHECK(failed_with(gml_interpreter_last_error(interpreter), GML_ERROR_INVALID_ARGUMENT,
                    GML_ERROR_KIND_INVALID_ARGUMENT, "at input 1: index out of range: ",
                    "the model has 1 input(s)"));
  CHECK(gml_interpreter_set_input(interpreter, 0, NULL, in.byte_size) ==
        GML_ERROR_INVALID_ARGUMENT);
  CHECK(failed_with(gml_interpreter_last_error(interpreter), GML_ERROR_INVALID_ARGUMENT,
                    GML_ERROR_KIND_INVALID_ARGUMENT, "data is NULL", NULL));

  /* A success clears the last error. */
  CHECK(gml_interpreter_set_input(interpreter, 0, data, in.byte_size) == GML_OK);
  CHECK(gml_interpreter_last_error(interpreter)->status == GML_OK);
  CHECK(gml_interpreter_last_error(interpreter)->message[0] == '\0');
  CHECK(gml_interpreter_invoke(interpreter) == GML_OK);

  CHECK(gml_interpreter_get_output(interpreter, 0, data, out.byte_size + 1) ==
        GML_ERROR_INVALID_ARGUMENT);
  snprintf(expected, sizeof expected, "%zu bytes given; the output holds %zu bytes",
           out.byte_size + 1, out.byte_size);
  CHECK(failed_with(gml_interpreter_last_error(interpreter), GML_ERROR_INVALID_ARGUMENT,
                    GML_ERROR_KIND_INVALID_ARGUMENT, "invalid argument at output 0: ", expected));
  CHECK(gml_interpreter_last_error(interpreter)->location_kind == GML_LOCATION_OUTPUT);
  CHECK(gml_interpreter_get_output(interpreter, 0, data, out.byte_size) == GML_OK);
  free(data);
  gml_interpreter_delete(interpreter);
}

/* NULL interpreters, unknown enum values. */
static void check_null_and_strings(void) {
  CHECK(gml_interpreter_input_count(NULL) == 0);
  CHECK(gml_interpreter_output_count(NULL) == 0);
  CHECK(gml_interpreter_arena_size(NULL) == 0);
  CHECK(gml_interpreter_last_error(NULL) == NULL);
  CHECK(gml_interpreter_invoke(NULL) == GML_ERROR_INVALID_ARGUMENT);
  CHECK(gml_interpreter_set_input(NULL, 0, NULL, 0) == GML_ERROR_INVALID_ARGUMENT);
  CHECK(gml_interpreter_get_output(NULL, 0, NULL, 0) == GML_ERROR_INVALID_ARGUMENT);
  gml_tensor_info info;
  CHECK(gml_interpreter_input_info(NULL, 0, &info) == GML_ERROR_INVALID_ARGUMENT);
  gml_interpreter_delete(NULL);

  CHECK(strcmp(gml_version(), GML_VERSION_STRING) == 0);
  CHECK(strcmp(gml_status_string(GML_OK), "ok") == 0);
  CHECK(strcmp(gml_status_string(GML_ERROR_INVALID_ARGUMENT), "invalid argument") == 0);
  CHECK(strcmp(gml_status_string(GML_ERROR_INVALID_MODEL), "invalid model") == 0);
  CHECK(strcmp(gml_status_string(GML_ERROR_UNSUPPORTED), "unsupported") == 0);
  CHECK(strcmp(gml_status_string(GML_ERROR_IO), "i/o error") == 0);
  CHECK(strcmp(gml_status_string((gml_status)99), "unknown status") == 0);
  CHECK(strcmp(gml_type_string(GML_TYPE_INT8), "int8") == 0);
  CHECK(strcmp(gml_type_string((gml_type)99), "unknown type") == 0);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: error_paths MODEL.gml\n");
    return 2;
  }
  size_t size = 0;
  unsigned char *model = read_aligned(argv[1], &size);
  if (model == NULL) {
    fprintf(stderr, "%s: error: cannot read the model\n", argv[1]);
    return 1;
  }
  check_create(model, size);
  check_calls(model, size);
  check_null_and_strings();
  free(model);
  printf("error_paths: %d of %d checks passed\n", checks - failures, checks);
  return failures == 0 ? 0 : 1;
}
