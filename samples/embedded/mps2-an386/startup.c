// samples/embedded/mps2-an386/startup.c — vector table and reset handler: FPU on, .data copied, .bss zeroed, stack painted, then the Swift entry.
#include "board.h"

extern unsigned int __data_start[], __data_end[], __data_load[];
extern unsigned int __bss_start[], __bss_end[];
extern unsigned int __stack_limit[], __stack_top[];

/// The word the unused stack is filled with, to find its high-water mark.
#define STACK_PAINT 0x57AC57ACu

void board_reset(void);
static void board_fault(void);

/// The Cortex-M vector table: initial stack pointer, then handlers. The
/// core's 16 entries suffice: the program enables no interrupt.
__attribute__((section(".vectors"), used)) static void (*const vectors[16])(void) = {
    (void (*)(void))__stack_top,
    board_reset,
    board_fault,  // NMI
    board_fault,  // HardFault (a Swift trap lands here)
    board_fault,  // MemManage
    board_fault,  // BusFault
    board_fault,  // UsageFault
    0, 0, 0, 0,
    board_fault,  // SVCall
    board_fault,  // DebugMonitor
    0,
    board_fault,  // PendSV
    board_fault,  // SysTick
};

/// Paints the stack below the current frame (leaving 256 bytes for this
/// function's own frame), so `board_stack_used` can find the deepest use.
__attribute__((noinline)) static void paint_stack(void) {
  unsigned int *sp;
  __asm__ volatile("mov %0, sp" : "=r"(sp));
  for (unsigned int *p = __stack_limit; p < sp - 64; p++) *p = STACK_PAINT;
}

unsigned long board_stack_used(void) {
  unsigned int *p = __stack_limit;
  while (p < __stack_top && *p == STACK_PAINT) p++;
  return (unsigned long)((char *)__stack_top - (char *)p);
}

/// SysTick (SYST_CSR, SYST_RVR, SYST_CVR): free-running down from
/// 2^24 - 1 on the processor clock, no interrupt; started at reset.
#define SYST ((volatile unsigned int *)0xE000E010)
/// DEMCR (its TRCENA bit turns the DWT on), DWT_CTRL (CYCCNTENA; NOCYCCNT
/// when the unit has no cycle counter) and DWT_CYCCNT.
#define DEMCR (*(volatile unsigned int *)0xE000EDFC)
#define DWT_CTRL (*(volatile unsigned int *)0xE0001000)
#define DWT_CYCCNT (*(volatile unsigned int *)0xE0001004)

static int clock_is_cycles;

/// Starts CYCCNT where there is one and keeps it if it moves (qemu reads
/// the DWT as zeros), else SysTick.
static void start_clock(void) {
  SYST[1] = 0xFFFFFFu;
  SYST[2] = 0;
  SYST[0] = 5u;  // enable, processor clock
  DEMCR |= 1u << 24;
  if ((DWT_CTRL & (1u << 25)) == 0) {
    DWT_CYCCNT = 0;
    DWT_CTRL |= 1u;
    unsigned int before = DWT_CYCCNT;
    __asm__ volatile("nop\n nop\n nop\n nop");
    clock_is_cycles = DWT_CYCCNT != before;
  }
}

unsigned long board_clock(void) {
  return clock_is_cycles ? DWT_CYCCNT : 0xFFFFFFu - SYST[2];
}

unsigned long board_clock_mask(void) { return clock_is_cycles ? 0xFFFFFFFFu : 0xFFFFFFu; }

int board_clock_is_cycles(void) { return clock_is_cycles; }

/// Reset: the C runtime's work, then `gml_board_main`, then exit through
/// semihosting with its status (qemu ends with that exit code).
__attribute__((noreturn)) void board_reset(void) {
  // CPACR: full access to coprocessors 10 and 11 (the FPU) before any
  // floating-point instruction runs.
  *(volatile unsigned int *)0xE000ED88 |= 0xFu << 20;
  __asm__ volatile("dsb\n isb" ::: "memory");
  for (unsigned int *s = __data_load, *d = __data_start; d < __data_end;) *d++ = *s++;
  for (unsigned int *d = __bss_start; d < __bss_end;) *d++ = 0;
  paint_stack();
  start_clock();
  board_exit(gml_board_main());
}

/// Any fault: say where and exit with status 3, so CI never hangs on a
/// trap. Naked, so the exception frame (r0-r3, r12, lr, pc, xpsr) is
/// still at the top of the main stack.
__attribute__((naked)) static void board_fault(void) {
  __asm__ volatile("mrs r0, msp\n b board_fault_report");
}

__attribute__((noreturn, used)) void board_fault_report(const unsigned int *frame) {
  board_write0("board: fault (a Swift trap or a bad access) at pc 0x");
  board_write_hex(frame[6]);
  board_write0("; exiting\n");
  board_exit(3);
}
