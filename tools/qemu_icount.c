// tools/qemu_icount.c — a QEMU TCG plugin that counts every guest instruction executed, exactly, and prints the total at exit.
//
// Build: gcc -shared -fPIC -O2 tools/qemu_icount.c -o qemu_icount.so
// Run:   qemu-aarch64 -plugin ./qemu_icount.so[,out=FILE] PROGRAM ARGS...
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
// -------------------------------------------------------------------------

QEMU_PLUGIN_EXPORT int qemu_plugin_version = 1;

static uint64_t instructions;
static const char *out_path;

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
  (void)id;
  size_t n = qemu_plugin_tb_n_insns(tb);
  for (size_t i = 0; i < n; i++) {
    qemu_plugin_register_vcpu_insn_exec_inline(qemu_plugin_tb_get_insn(tb, i),
                                               QEMU_PLUGIN_INLINE_ADD_U64, &instructions, 1);
  }
}

static void report(qemu_plugin_id_t id, void *userdata) {
  (void)id;
  (void)userdata;
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
    } else {
      fprintf(stderr, "qemu_icount: unknown argument '%s' (only out=FILE)\n", argv[i]);
      return 1;
    }
  }
  qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
  qemu_plugin_register_atexit_cb(id, report, NULL);
  return 0;
}
