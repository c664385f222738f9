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

/* What a row says a reader must know beside its figures. */
enum {
    AIB_CAVEAT_HYBRID = 1u << 0,      /* recurrent (linear-attention) layers the engine has no term for */
    AIB_CAVEAT_CONTEXT = 1u << 1,     /* a context above the model's trained length */
    AIB_CAVEAT_FAR = 1u << 2,         /* the estimate is far from a measurement of the same setup */
    AIB_CAVEAT_BELOW_FLOOR = 1u << 3  /* its quant is below the quality floor */
};

/* The best quant below the quality floor that fits on the GPU, when nothing at or above it does. */
typedef struct {
    const aib_quant *quant; /* NULL: nothing fits below the floor either */
    double decode_tps, max_ctx;
} aib_below_floor;

typedef struct {
    const aib_model *model;
    const aib_quant *quant; /* the best quant that fits, or the target when none does */
    aib_plan_class cls;
    aib_result res;
    const aib_measurement *measured_tg; /* tg128 at depth 0 for this exact setup, if any */
    const aib_measurement *measured_pp; /* pp512 likewise */
    /* a decode measurement of the same model, quant and backend on the same silicon (any depth,
     * the nearest to res.depth), and its speed scaled to res.depth by the engine's own depth
     * ratio: the figure measured evidence gives at the depth asked */
    const aib_measurement *anchor;
    double anchored_tps;
    aib_below_floor also; /* "also possible at IQ2_XXS, with this much quality loss" */
    unsigned caveats;     /* AIB_CAVEAT_* */
} aib_plan_row;

/* The decode figure a row leads with. */
typedef enum {
    AIB_EV_ESTIMATED = 0, /* the engine's estimate */
    AIB_EV_MEASURED,      /* a measurement of this setup at (about) the depth asked */
    AIB_EV_ANCHORED       /* a measurement of this setup at another depth, scaled to the depth asked */
} aib_evidence;

typedef struct {
    double tps, lo, hi;         /* lo, hi: the band (NaN: none) */
    aib_evidence evidence;
    const aib_measurement *m;   /* the measurement behind it, or NULL */
} aib_row_speed;

/* A row's decode headline (use_measured 0: the estimate, always). */
aib_row_speed aib_row_decode(const aib_plan_row *row, int use_measured);

/* "estimated", "measured", "anchored" */
const char *aib_evidence_name(aib_evidence e);

/* The caveats of a row, one sentence each: writes the i-th set caveat's code ("hybrid",
 * "context", "far_from_measurement", "below_floor") and message; returns 0 past the last. */
int aib_row_caveat(const aib_plan_row *row, int i, const char **code, char *msg, size_t len);
/* A caveat's few words, for a table ("may be half this speed: recurrent layers"). */
const char *aib_caveat_label(const char *code);

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

/* One model at one given quant on the hardware of tmpl, as a row of a plan: the estimate, the
 * measurements that anchor it and its caveats (below the floor when q is under tmpl's). */
AIB_NODISCARD aib_status aib_plan_fixed(const aib_catalog *cat, const aib_calibration *cal, const aib_setup *tmpl,
                                        const aib_model *m, const aib_quant *q, aib_plan_row *row, aib_error *err);

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
    double min_bpw;             /* the quality floor (0: none) */
    const aib_quant *floor;     /* the quant that sets it, to name it; NULL: none */
} aib_workload;

/* The decode speed a workload is judged on: what the row shows (measured, anchored or estimated),
 * but for an unmeasured hybrid model the low end of its band, as it may run at half the estimate;
 * 0 when it does not run on the GPU. */
double aib_reverse_tps(const aib_plan_row *r);

/* A purchasable configuration of a hardware: its memory and what it costs. */
typedef struct {
    double memory_gb;
    double price_usd;       /* NaN: no price in the catalog */
    const char *price_kind, *source, *as_of, *product;
} aib_hw_config;

#define AIB_MAX_CONFIGS 8

/* The configurations of a hardware the catalog knows, smallest memory first: its record's
 * (hardware.txt: memory_gib at price_usd, or price_usd at price_memory_gib) and configs.tsv's.
 * Returns how many were written (at least one: the record's, priced or not). */
size_t aib_hw_configs(const aib_catalog *cat, const aib_hw *h, aib_hw_config *out, size_t max);
/* The configuration of a hardware with this memory into *out; 0 when it is not sold with it. */
int aib_hw_config_find(const aib_catalog *cat, const aib_hw *h, double memory_gb, aib_hw_config *out);

/* The desktop a discrete GPU needs (configs.tsv: host-desktop), or NULL. */
const aib_config *aib_host_desktop(const aib_catalog *cat);

/* Gives a setup another memory size: usable memory, and a unified box's CPU share, scale in
 * proportion (as a bigger configuration of the same chip does). */
void aib_setup_resize(aib_setup *s, double memory_gb);

typedef struct {
    const aib_hw *hw;
    const char *backend;  /* the backend that runs the workload best on this hardware */
    double memory_gb;     /* the configuration: the cheapest that meets, else the nearest miss */
    double device_price, host_price, total_price; /* USD; host: the desktop a discrete GPU needs */
    const char *price_kind, *price_as_of, *product;
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
