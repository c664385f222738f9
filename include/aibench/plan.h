/* aibench/plan.h: plans over the catalog: every model on one hardware, the context sweep,
 * the what-if and the reverse plan (which hardware runs a workload). */
#ifndef AIBENCH_PLAN_H
#define AIBENCH_PLAN_H

#include "aibench/engine.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- plan: what fits at this tier ----------------------------------------------------- */

typedef enum {
    AIB_PLAN_INTERACTIVE = 0, /* fits on the GPU and decodes at interactive speed */
    AIB_PLAN_SLOW,            /* fits on the GPU, below interactive speed: a trap */
    AIB_PLAN_FITS,            /* fits (image and voice models: no token speed) */
    AIB_PLAN_OFFLOAD,         /* runs only with layers on the CPU */
    AIB_PLAN_NO_FIT           /* does not fit at all */
} aib_plan_class;

typedef struct {
    const aib_model *model;
    const aib_quant *quant; /* the best quant that fits, or the target when none does */
    aib_plan_class cls;
    aib_result res;
    const aib_measurement *measured_tg; /* tg128 at depth 0 for this exact setup, if any */
    const aib_measurement *measured_pp; /* pp512 likewise */
} aib_plan_row;

/* The quants a plan considers, most bits first (static); *n receives their count. */
const char *const *aib_plan_ladder(size_t *n);

/* The class of an evaluated setup. */
aib_plan_class aib_plan_classify(const aib_result *r);

/* Returns a short name for a plan class ("interactive", "slow", ...). */
const char *aib_plan_class_name(aib_plan_class c);

/* Plans every catalog model on the hardware described by tmpl (its hardware fields, backend,
 * ctx, depth, prompt and KV type; model and quant are set per row). For each model the best
 * quant is the one with the most bits per weight, at most max_quant's, that fits on the GPU.
 * Rows are sorted by class, then by total parameters, largest first. *rows is a new array
 * the caller frees with free(); *n receives its length. */
AIB_NODISCARD aib_status aib_plan(const aib_catalog *cat, const aib_calibration *cal, const aib_setup *tmpl,
                    const aib_quant *max_quant, aib_plan_row **rows, size_t *n, aib_error *err);

/* Plans one model on the hardware of tmpl: the best quant up to max_quant that fits on the
 * GPU (else max_quant, with offload or no fit), as one row of aib_plan(). */
AIB_NODISCARD aib_status aib_plan_model(const aib_catalog *cat, const aib_calibration *cal, const aib_setup *tmpl,
                          const aib_model *m, const aib_quant *max_quant, aib_plan_row *row, aib_error *err);

/* One point of a context sweep: the context allocated and filled (decode at that depth). */
typedef struct {
    double ctx;
    double decode_tps; /* estimated, NaN when it does not fit on the GPU */
    double memory_gib; /* weights + KV cache at ctx + compute + runtime */
    aib_fit_kind fit;
} aib_sweep_point;

#define AIB_SWEEP_MAX 32

/* Decode speed and memory from an empty context to the largest that fits on the GPU (or the
 * model's trained context, when that is smaller): 0, 1K, 2K, 4K... doubling, and the limit
 * itself. out holds AIB_SWEEP_MAX points; *n receives the count. */
AIB_NODISCARD aib_status aib_sweep(const aib_setup *s, const aib_calibration *cal, aib_sweep_point *out, size_t *n,
                     aib_error *err);

/* ---- what-if: one input changed -------------------------------------------------------- */

/* Changes one input of a plan's setup (and its target quant): what is "bw" (GB/s; a unified
 * memory's CPU side reads at the same bandwidth, so it follows), "mem" (GiB; usable memory
 * and a unified box's CPU share scale in proportion), "quant" (the best quant to consider)
 * or "kv" (KV cache type); to is the new value. The changed hardware is no longer a catalog
 * entry (hw_id becomes NULL for bw and mem): no measurement applies to it. from receives the
 * old value as text. AIB_ERR_INVALID for an unknown input or a bad value. */
AIB_NODISCARD aib_status aib_whatif_apply(const aib_catalog *cat, aib_setup *s, const aib_quant **max_quant, const char *what,
                            const char *to, char *from, size_t from_len, aib_error *err);

/* ---- reverse plan: which hardware runs this workload ------------------------------------ */

#define AIB_WORKLOAD_MAX_MODELS 8

/* A workload: models that must each run (one at a time) on the GPU at the speeds given. */
typedef struct {
    const aib_model *models[AIB_WORKLOAD_MAX_MODELS];
    size_t n_models;
    double ctx;                 /* context each model must hold; 0: min(8192, trained) */
    double min_tps;             /* decode at depth ctx/2, tokens/s */
    double min_prefill;         /* prefill tokens/s; NaN: no minimum */
    double budget_usd, power_w; /* NaN: no limit */
    const char *form_factor;    /* a word of the hardware's kind or form factor; NULL: any */
    const aib_quant *max_quant; /* the best quant to consider */
    const char *kv_type;        /* NULL: f16 */
} aib_workload;

typedef struct {
    const aib_hw *hw;
    const char *backend;  /* the backend that runs the workload best on this hardware */
    int meets;            /* 1 when every condition holds */
    aib_plan_row rows[AIB_WORKLOAD_MAX_MODELS]; /* one per workload model */
    double worst_tps;     /* the slowest model's decode (measured when the catalog has it) */
    double worst_prefill; /* the slowest model's prefill, NaN without a compute figure */
    double headroom;      /* worst_tps / min_tps */
    double mem_headroom_gb; /* usable memory left by the largest model */
    double shortfall;     /* 0 when it meets; else the largest relative miss (for ranking) */
    char why[400];        /* what it misses by, "; "-separated; empty when it meets */
} aib_reverse_row;

/* Every catalog hardware against the workload: those that meet it cheapest first (no price
 * last), then the misses, nearest first, each with what it misses by. *rows is a new array
 * the caller frees with free(). */
AIB_NODISCARD aib_status aib_reverse(const aib_catalog *cat, const aib_calibration *cal, const aib_workload *w,
                       aib_reverse_row **rows, size_t *n, aib_error *err);

#ifdef __cplusplus
}
#endif
#endif
