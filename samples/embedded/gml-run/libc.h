// samples/embedded/gml-run/libc.h — the few libc functions gml-run calls, declared for Swift (no system headers, so one header serves x86-64 and aarch64 Linux).
#ifndef GML_RUN_LIBC_H
#define GML_RUN_LIBC_H

#include "../common/embedded.h"

typedef struct gml_run_FILE FILE;

FILE *fopen(const char *path, const char *mode);
int fclose(FILE *file);
int fseek(FILE *file, long offset, int whence);
long ftell(FILE *file);
unsigned long fread(void *buffer, unsigned long size, unsigned long count, FILE *file);
unsigned long fwrite(const void *buffer, unsigned long size, unsigned long count, FILE *file);
int fflush(FILE *file);
int fileno(FILE *file);
int fsync(int fd);
int rename(const char *from, const char *to);
int remove(const char *path);
long write(int fd, const void *buffer, unsigned long count);
int putchar(int c);

/// struct timespec on 64-bit Linux (x86-64 and aarch64: two longs).
struct gml_run_timespec {
  long tv_sec;
  long tv_nsec;
};
int clock_gettime(int clock, struct gml_run_timespec *time);

#define GML_SEEK_SET 0
#define GML_SEEK_END 2
#define GML_CLOCK_MONOTONIC 1

#endif
