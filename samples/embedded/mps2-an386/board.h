// samples/embedded/mps2-an386/board.h — the board's C side as Swift sees it: flash contents, semihosting, heap and stack figures.
#ifndef GML_BOARD_H
#define GML_BOARD_H

#include "../common/embedded.h"

// The model, inputs and output names the build linked into flash, and the
// arena it reserved in RAM (flash.c over the generated glue).

/// The `.gml` file in flash, 64-byte aligned; its size in `*size`.
const unsigned char *board_model(unsigned long *size);
/// The number of `.npy` inputs in flash.
unsigned long board_input_count(void);
/// Input `index` (a complete `.npy` file); its size in `*size`.
const unsigned char *board_input(unsigned long index, unsigned long *size);
/// The host path output `index` is written to.
const char *board_output_path(unsigned long index);
/// Whether int8 inputs and outputs pass raw (as `gml run --raw`).
int board_raw(void);
/// How many times to invoke (tools/embedded-build.sh --runs; at least 1).
unsigned long board_runs(void);
/// Whether to run the Cortex-M DSP tier (tools/embedded-build.sh --isa
/// dsp; off by default until it has run on real hardware).
int board_dsp(void);
/// The interpreter's arena: a static buffer in .bss, as large and aligned
/// as the model needs (the host's `gml inspect`); its size in `*size`.
unsigned char *board_arena(unsigned long *size);

// ARM semihosting (semihosting.c).

/// Writes a NUL-terminated string to the host's standard output.
void board_write0(const char *text);
/// Writes `value` as 8 hexadecimal digits to the host's standard output.
void board_write_hex(unsigned int value);
/// Creates `path` on the host and writes `count` bytes; 0 on success.
int board_write_file(const char *path, const void *bytes, unsigned long count);
/// Ends the program; qemu exits with `status`.
__attribute__((noreturn)) void board_exit(int status);

// Memory figures (heap.c, startup.c).

/// The heap's high-water mark, in bytes (the arena is part of it).
unsigned long board_heap_peak(void);
/// The most bytes allocated and not yet freed at any time.
unsigned long board_heap_live_peak(void);
/// The bytes allocated and not yet freed now.
unsigned long board_heap_live(void);
/// The heap's capacity: the RAM between .bss and the stack, in bytes.
unsigned long board_heap_capacity(void);
/// The deepest the stack has been, in bytes (painted at reset).
unsigned long board_stack_used(void);

/// The board's clock, counting up: the processor's cycles from DWT's
/// CYCCNT where it counts (silicon: Cortex-M3 and up with the DWT unit),
/// else SysTick's ticks (qemu, which models no DWT: its mps2-an386 clock
/// is 25 MHz, and with `-icount shift=0` one tick is 40 instructions).
/// Differences of two readings are taken modulo board_clock_mask() + 1.
unsigned long board_clock(void);
/// 0xFFFFFFFF for cycles, 0xFFFFFF for SysTick's 24 bits.
unsigned long board_clock_mask(void);
/// 1 when board_clock counts cycles (DWT), 0 for SysTick ticks.
int board_clock_is_cycles(void);

/// The Swift program (main.swift); returns the exit status.
int gml_board_main(void);

#endif
