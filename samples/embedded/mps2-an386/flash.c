// samples/embedded/mps2-an386/flash.c — what the build linked in for one model: the model, the inputs and where outputs go (flash), the arena (RAM).
// tools/embedded-build.sh generates the glue defining the gml_flash_*
// symbols (`.incbin` of the .gml and .npy files in section .gml_flash) and
// gml_board_arena, sized and aligned for the model, in .bss.
#include "board.h"

extern const unsigned char gml_flash_model[], gml_flash_model_end[];
/// (start, byte count) of each input `.npy`.
extern const unsigned long gml_flash_inputs[];
extern const unsigned long gml_flash_input_count;
extern const char *const gml_flash_outputs[];
extern const unsigned long gml_flash_output_count;
extern const unsigned long gml_flash_raw;
extern const unsigned long gml_flash_runs;
extern const unsigned long gml_flash_dsp;
extern unsigned char gml_board_arena[];
extern const unsigned long gml_board_arena_size;

const unsigned char *board_model(unsigned long *size) {
  *size = (unsigned long)(gml_flash_model_end - gml_flash_model);
  return gml_flash_model;
}

unsigned long board_input_count(void) { return gml_flash_input_count; }

const unsigned char *board_input(unsigned long index, unsigned long *size) {
  if (index >= gml_flash_input_count) {
    *size = 0;
    return 0;
  }
  *size = gml_flash_inputs[2 * index + 1];
  return (const unsigned char *)gml_flash_inputs[2 * index];
}

const char *board_output_path(unsigned long index) {
  return index < gml_flash_output_count ? gml_flash_outputs[index] : 0;
}

int board_raw(void) { return gml_flash_raw != 0; }

unsigned long board_runs(void) { return gml_flash_runs ? gml_flash_runs : 1; }

int board_dsp(void) { return gml_flash_dsp != 0; }

unsigned char *board_arena(unsigned long *size) {
  *size = gml_board_arena_size;
  return gml_board_arena;
}
