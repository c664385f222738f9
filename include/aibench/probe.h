/* aibench/probe.h: this machine: detection and the memory bandwidth measurement
 * (libaibench-probe.a, apart from the core library). */
#ifndef AIBENCH_PROBE_H
#define AIBENCH_PROBE_H

#include "aibench/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Reads /proc and /sys (under a root directory, so recorded trees can stand in for a machine),
 * PCI names from libpci, NVIDIA details from nvidia-smi and memory type from dmidecode when
 * they are there. Anything it cannot read is listed in notes, never fatal. */

#define AIB_PROBE_MAX_GPUS 8
#define AIB_PROBE_MAX_NOTES 16

typedef struct {
    char name[128];    /* from libpci or nvidia-smi */
    char vendor[16];   /* nvidia, amd, intel, other */
    unsigned vendor_id, device_id;
    char driver[32];
    double vram_gib;   /* dedicated memory (an APU's BIOS carve-out), NaN if unknown */
    double gtt_gib;    /* GTT: system memory the GPU can map (amdgpu), NaN if unknown */
    int integrated;    /* shares system memory */
    double usable_gib; /* what a backend can use: VRAM, or for an iGPU the carve-out or GTT, capped by ttm */
} aib_probe_gpu;

typedef struct {
    char cpu_model[128];
    int cores, threads;
    int avx2, avx512, amx, neon; /* SIMD features llama.cpp's CPU backend uses */
    double ram_gib;
    char ram_type[32]; /* DDR5, LPDDR5 ...; "" when unreadable */
    double ram_mts;    /* configured speed, NaN when unreadable */
    double ttm_limit_gib; /* ttm pages_limit, NaN if unset */
    char system_vendor[64], system_product[96]; /* DMI, "" when unreadable */
    aib_probe_gpu gpu[AIB_PROBE_MAX_GPUS];
    int n_gpus;
    char notes[AIB_PROBE_MAX_NOTES][160]; /* what could not be read, and why */
    int n_notes;
    const aib_hw *match;  /* the catalog entry this machine is, when one fits */
    char match_why[160];
} aib_probe;

/* Detects the machine under root ("/" for this one). Never fails for a missing source. */
AIB_NODISCARD aib_status aib_probe_run(const char *root, aib_probe *p, aib_error *err);

/* Finds the catalog entry that matches the probe (GPU name, memory, CPU), if any: p->match
 * then points into cat. */
void aib_probe_match(const aib_catalog *cat, aib_probe *p);

/* Measures sustained memory bandwidth with threads threads over arrays of bytes each:
 * read (sum), copy (b = a, counted as read + write) and triad (a = b + s * c, three streams),
 * runs times each; progress(ctx, fraction done) may be NULL. */
AIB_NODISCARD aib_status aib_bandwidth_measure(int threads, size_t bytes, int runs, void (*progress)(void *ctx, double done),
                                 void *ctx, aib_bandwidth *out, aib_error *err);

#ifdef __cplusplus
}
#endif
#endif
