// tools/qemu_icount.c — a QEMU TCG plugin that counts every guest instruction executed, exactly, and prints the total at exit.
//
// Build: gcc -shared -fPIC -O2 tools/qemu_icount.c -o qemu_icount.so
// Run:   qemu-aarch64 -plugin ./qemu_icount.so[,out=FILE][,profile=FILE] PROGRAM ARGS...
//
// With profile=FILE it also writes, for every guest address executed, a
// line "ADDRESS COUNT" (hexadecimal address, decimal count): each
// translated instruction gets its own counter too, and the counters of
// one address (a block translated more than once) are summed at exit.
//
// At translation each instruction of a block gets an inline add of 1 to
// one 64-bit counter (QEMU_PLUGIN_INLINE_ADD_U64): generated code, no
// helper call, so every executed instruction is counted once, whatever
// the block boundaries. At exit the total goes to FILE ("N\n"), or to
// standard error as "qemu_icount: N instructions". One counter for every
// vCPU, added to without atomics: exact for a single-threaded guest
// (gml-run's embedded builds have no threads); a multi-threaded guest
// would lose increments.
//
// Debian's qemu-user 7.2 accepts plugins but does not package
// qemu-plugin.h, so the few declarations used are written here, as the
// header of QEMU 7.2 (plugin API version 1) gives them. QEMU refuses a
// plugin whose qemu_plugin_version it does not support ("plugin requires
// API version 2, but this QEMU supports only up to version 1").
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define QEMU_PLUGIN_EXPORT __attribute__((visibility("default")))

// --- From QEMU 7.2's include/qemu/qemu-plugin.h (API version 1) ---------
typedef uint64_t qemu_plugin_id_t;

typedef struct qemu_info_t {
  const char *target_name;
  struct {
    int min;
    int cur;
  } version;
  bool system_emulation;
  union {
    struct {
      int smp_vcpus;
      int max_vcpus;
    } system;
  };
} qemu_info_t;

struct qemu_plugin_tb;
struct qemu_plugin_insn;

enum qemu_plugin_op {
  QEMU_PLUGIN_INLINE_ADD_U64,
};

typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn,
                                                enum qemu_plugin_op op, void *ptr, uint64_t imm);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb,
                                    void *userdata);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
// -------------------------------------------------------------------------

QEMU_PLUGIN_EXPORT int qemu_plugin_version = 1;

#include <stdlib.h>

static uint64_t instructions;
static const char *out_path, *profile_path;

// profile=: a counter per translated instruction, in chunks that never
// move (the generated code holds their addresses).
enum { CHUNK = 1 << 16 };
typedef struct slot {
  uint64_t address, count;
} slot;
typedef struct chunk {
  struct chunk *next;
  size_t used;
  slot slots[CHUNK];
} chunk;
static chunk *chunks;

static slot *new_slot(uint64_t address) {
  if (chunks == NULL || chunks->used == CHUNK) {
    chunk *c = calloc(1, sizeof(chunk));
    if (c == NULL) {
      fprintf(stderr, "qemu_icount: out of memory for the profile\n");
      exit(1);
    }
    c->next = chunks;
    chunks = c;
  }
  slot *s = &chunks->slots[chunks->used++];
  s->address = address;
  return s;
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
  (void)id;
  size_t n = qemu_plugin_tb_n_insns(tb);
  for (size_t i = 0; i < n; i++) {
    struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
    qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &instructions, 1);
    if (profile_path != NULL) {
      slot *s = new_slot(qemu_plugin_insn_vaddr(insn));
      qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &s->count, 1);
    }
  }
}

static int by_address(const void *a, const void *b) {
  uint64_t x = ((const slot *)a)->address, y = ((const slot *)b)->address;
  return x < y ? -1 : x > y;
}

// Writes the profile: the slots sorted by address, each address once.
static void write_profile(void) {
  size_t n = 0;
  for (chunk *c = chunks; c != NULL; c = c->next) n += c->used;
  slot *all = malloc((n ? n : 1) * sizeof(slot));
  FILE *file = fopen(profile_path, "w");
  if (all == NULL || file == NULL) {
    fprintf(stderr, "qemu_icount: cannot write %s\n", profile_path);
    return;
  }
  size_t k = 0;
  for (chunk *c = chunks; c != NULL; c = c->next) {
    for (size_t i = 0; i < c->used; i++) all[k++] = c->slots[i];
  }
  qsort(all, n, sizeof(slot), by_address);
  for (size_t i = 0; i < n;) {
    uint64_t address = all[i].address, count = 0;
    for (; i < n && all[i].address == address; i++) count += all[i].count;
    if (count) fprintf(file, "%" PRIx64 " %" PRIu64 "\n", address, count);
  }
  if (fclose(file) != 0) fprintf(stderr, "qemu_icount: cannot write %s\n", profile_path);
  free(all);
}

static void report(qemu_plugin_id_t id, void *userdata) {
  (void)id;
  (void)userdata;
  if (profile_path != NULL) write_profile();
  if (out_path != NULL) {
    FILE *file = fopen(out_path, "w");
    if (file != NULL) {
      fprintf(file, "%" PRIu64 "\n", instructions);
      if (fclose(file) == 0) return;
    }
    fprintf(stderr, "qemu_icount: cannot write %s\n", out_path);
  }
  fprintf(stderr, "qemu_icount: %" PRIu64 " instructions\n", instructions);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv) {
  if (info->version.cur < 1) {
    fprintf(stderr, "qemu_icount: QEMU's plugin API is version %d; 1 is needed\n",
            info->version.cur);
    return 1;
  }
  for (int i = 0; i < argc; i++) {
    if (strncmp(argv[i], "out=", 4) == 0) {
      out_path = argv[i] + 4;
    } else if (strncmp(argv[i], "profile=", 8) == 0) {
      profile_path = argv[i] + 8;
    } else {
      fprintf(stderr, "qemu_icount: unknown argument '%s' (out=FILE, profile=FILE)\n", argv[i]);
      return 1;
    }
  }
  qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
  qemu_plugin_register_atexit_cb(id, report, NULL);
  return 0;
}
