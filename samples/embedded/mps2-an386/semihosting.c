// samples/embedded/mps2-an386/semihosting.c — ARM semihosting: console output, host files and exit, through `bkpt 0xab`.
#include "board.h"

enum {
  SYS_OPEN = 0x01,
  SYS_CLOSE = 0x02,
  SYS_WRITE0 = 0x04,
  SYS_WRITE = 0x05,
  SYS_EXIT_EXTENDED = 0x20,
  ADP_STOPPED_APPLICATION_EXIT = 0x20026,
  OPEN_MODE_WB = 5,  // fopen mode "wb"
};

/// One semihosting call: operation in r0, argument in r1, result in r0.
static int semihost(int operation, const void *argument) {
  register int r0 __asm__("r0") = operation;
  register const void *r1 __asm__("r1") = argument;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

/// Console output is gathered into lines: one semihosting call per line.
static char line[128];
static unsigned long lineLength;

static void flush_line(void) {
  if (lineLength == 0) return;
  line[lineLength] = 0;
  semihost(SYS_WRITE0, line);
  lineLength = 0;
}

/// What Swift's `print` calls, one byte at a time.
int putchar(int c) {
  line[lineLength++] = (char)c;
  if (c == '\n' || lineLength == sizeof line - 1) flush_line();
  return c;
}

void board_write0(const char *text) {
  flush_line();
  semihost(SYS_WRITE0, text);
}

void board_write_hex(unsigned int value) {
  char digits[9];
  for (int i = 7; i >= 0; i--, value >>= 4) digits[i] = "0123456789abcdef"[value & 15];
  digits[8] = 0;
  board_write0(digits);
}

int board_write_file(const char *path, const void *bytes, unsigned long count) {
  unsigned long length = 0;
  while (path[length]) length++;
  const unsigned long open[3] = {(unsigned long)path, OPEN_MODE_WB, length};
  int handle = semihost(SYS_OPEN, open);
  if (handle == -1) return -1;
  const unsigned long write[3] = {(unsigned long)handle, (unsigned long)bytes, count};
  int unwritten = semihost(SYS_WRITE, write);
  const unsigned long close[1] = {(unsigned long)handle};
  int closed = semihost(SYS_CLOSE, close);
  return unwritten == 0 && closed == 0 ? 0 : -1;
}

void board_exit(int status) {
  flush_line();
  // SYS_EXIT_EXTENDED carries a status on 32-bit ARM (plain SYS_EXIT
  // only tells success from failure).
  const unsigned long block[2] = {ADP_STOPPED_APPLICATION_EXIT, (unsigned long)status};
  semihost(SYS_EXIT_EXTENDED, block);
  for (;;) {
  }
}
