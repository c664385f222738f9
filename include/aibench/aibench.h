/* aibench.h: the public API of libaibench, the catalog, store and estimation engine.
 * Front ends (CLI, web) include only this header. The library never prints, never exits
 * and keeps no globals: all state lives in an aib_catalog and the structs passed in.
 * Units: memory sizes in GiB (2^30 bytes), byte counts in bytes, bandwidth in GB/s
 * (1e9 bytes/s), compute in TFLOPS, time in seconds, parameters in billions. */
#ifndef AIBENCH_H
#define AIBENCH_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- errors ---------------------------------------------------------------------- */

typedef enum {
    AIB_OK = 0,
    AIB_ERR_NOMEM,    /* an allocation failed */
    AIB_ERR_IO,       /* a file could not be read or written */
    AIB_ERR_PARSE,    /* a catalog file is malformed; message is "file:line: what" */
    AIB_ERR_INVALID,  /* an argument is out of range */
    AIB_ERR_NOTFOUND, /* an id is not in the catalog */
    AIB_ERR_DB        /* SQLite reported an error */
} aib_status;

/* One error report: the status and a message in git's style (lower case, no full stop). */
typedef struct {
    aib_status code;
    char msg[1024];
} aib_error;

/* Returns a short constant name for a status ("parse error", ...). */
const char *aib_status_name(aib_status s);

/* ---- catalog records ----------------------------------------------------------------
 * Records are read-only for front ends and owned by their aib_catalog. Optional numbers
 * are NaN when absent (test with aib_has()); optional strings are NULL. */

typedef struct {
    const char *id, *name, *maker;
    const char *gpu_vendor;  /* nvidia, amd, apple, intel or none */
    const char *kind;        /* gpu, apu, apple, system or cpu */
    double memory_gb;        /* device memory: VRAM, or the whole unified pool */
    const char *memory_type;
    double bus_width_bits;
    double bandwidth_gbs;          /* theoretical peak */
    double bandwidth_measured_gbs; /* optional, with bandwidth_measured_source */
    const char *bandwidth_measured_source;
    double gpu_usable_gb; /* optional: the most memory the GPU can be given */
    double host_ram_gb;   /* optional: CPU-side RAM for offloaded layers */
    double fp16_tflops, int8_tops;
    double fp32_tflops; /* vector (shader) fp32 peak: the basis of the prefill estimate */
    double power_min_w, power_max_w, price_usd;
    const char *release;
    const char *family;   /* hardware family for cross-validation (default: the id) */
    const char *backends; /* comma-separated, preferred first */
    const char *form_factor, *confidence, *notes, *source, *as_of;
} aib_hw;

typedef struct {
    const char *id, *name, *family, *release, *license;
    const char *modality;  /* text, vision-text, image or voice */
    const char *use_cases; /* comma-separated: chat, coding, docs, agents, image, voice */
    double params_total_b, params_active_b;
    double layers, hidden_size, heads, kv_heads, head_dim;
    double kv_layers;      /* layers that keep a KV cache (hybrids); default: layers */
    double swa_layers;     /* layers with a sliding window (or chunked attention) */
    double sliding_window; /* tokens */
    double swa_kv_heads, swa_head_dim; /* when the SWA layers differ (Gemma 4) */
    double kv_lora_rank, rope_dim;     /* MLA (DeepSeek): cached values per layer/token */
    double experts, experts_used, shared_experts;
    double moe_layers; /* layers with routed experts; default: layers when experts > 0 */
    double max_context, vocab_size;
    const char *tied_embeddings; /* yes or no (default no) */
    const char *attention_note, *confidence, *notes, *source, *as_of;
} aib_model;

typedef struct {
    const char *id;
    double bpw;          /* effective bits per weight of a whole file */
    const char *basis;   /* published, derived or block */
    const char *aliases; /* comma-separated short names (Q4, Q8...) */
    const char *source, *as_of;
} aib_quant;

typedef struct {
    const char *hw, *model, *quant, *backend;
    const char *test; /* ppN or tgN */
    double depth, tps;
    const char *software, *date, *source, *note;
    int line; /* line in measurements.tsv, for messages */
} aib_measurement;

/* Editorial text about a hardware (data/editorial.tsv): what a reviewer writes, with a
 * source, beside the figures the engine computes. ref names a catalog model or hardware for
 * the sections that point at one (docs/catalog.md lists the sections). */
typedef struct {
    const char *hw, *section, *ref, *text, *source, *as_of;
    int line;
} aib_editorial;

/* True when an optional number is present. */
int aib_has(double v);

/* ---- catalog ------------------------------------------------------------------------ */

typedef struct aib_catalog aib_catalog;

/* Parses every catalog file in datadir (hardware.txt, models.txt, quants.tsv,
 * measurements.tsv, editorial.tsv) and checks it. On success *out is a new catalog the caller frees with
 * aib_catalog_free(); on failure *out is NULL and err says file:line: what is wrong. */
aib_status aib_catalog_load_dir(const char *datadir, aib_catalog **out, aib_error *err);

/* Frees a catalog and everything it owns; NULL is a no-op. */
void aib_catalog_free(aib_catalog *cat);

size_t aib_catalog_hw_count(const aib_catalog *cat);
const aib_hw *aib_catalog_hw_at(const aib_catalog *cat, size_t i);
size_t aib_catalog_model_count(const aib_catalog *cat);
const aib_model *aib_catalog_model_at(const aib_catalog *cat, size_t i);
size_t aib_catalog_quant_count(const aib_catalog *cat);
const aib_quant *aib_catalog_quant_at(const aib_catalog *cat, size_t i);
size_t aib_catalog_measurement_count(const aib_catalog *cat);
const aib_measurement *aib_catalog_measurement_at(const aib_catalog *cat, size_t i);
size_t aib_catalog_editorial_count(const aib_catalog *cat);
const aib_editorial *aib_catalog_editorial_at(const aib_catalog *cat, size_t i);
/* The first editorial row of a hardware and section, or NULL; after (may be NULL) starts the
 * search after a row returned before (for sections with several rows, like watchout). */
const aib_editorial *aib_catalog_editorial(const aib_catalog *cat, const char *hw, const char *section,
                                           const aib_editorial *after);

/* Look-ups by id (case-insensitive; quants also by alias). NULL when absent. */
const aib_hw *aib_catalog_find_hw(const aib_catalog *cat, const char *id);
const aib_model *aib_catalog_find_model(const aib_catalog *cat, const char *id);
const aib_quant *aib_catalog_find_quant(const aib_catalog *cat, const char *id);

/* Writes up to max ids closest to a misspelt one (edit distance and substring) into out;
 * kind is "hw", "model" or "quant". Returns how many were written. */
size_t aib_catalog_suggest(const aib_catalog *cat, const char *kind, const char *id,
                           const char **out, size_t max);

/* ---- record descriptors (generic field access for JSON, SQLite and text) -------------- */

typedef enum { AIB_FIELD_STR, AIB_FIELD_NUM } aib_field_type;

typedef struct {
    const char *key;
    aib_field_type type;
    size_t offset;      /* offset in the record struct */
    unsigned flags;     /* AIB_F_* below */
    const char *help;   /* one line for docs */
} aib_field;

enum {
    AIB_F_REQUIRED = 1u << 0,
    AIB_F_POSITIVE = 1u << 1, /* a number > 0 */
    AIB_F_INTEGER = 1u << 2,  /* a whole number */
    AIB_F_NONNEG = 1u << 3,   /* a number >= 0 */
    AIB_F_DATE = 1u << 4,     /* YYYY, YYYY-MM or YYYY-MM-DD */
    AIB_F_URLS = 1u << 5      /* one or more http(s) URLs separated by " | " */
};

/* The field tables of each record type; *n receives the count. */
const aib_field *aib_hw_fields(size_t *n);
const aib_field *aib_model_fields(size_t *n);
const aib_field *aib_quant_fields(size_t *n);
const aib_field *aib_measurement_fields(size_t *n);
const aib_field *aib_editorial_fields(size_t *n);

/* Reads a field of a record: the string (or NULL) or the number (or NaN). */
const char *aib_field_str(const aib_field *f, const void *rec);
double aib_field_num(const aib_field *f, const void *rec);

/* ---- store (SQLite) ----------------------------------------------------------------- */

/* Opens the catalog through the SQLite database at dbpath: when the files in datadir
 * changed since the database was written (or it does not exist), they are parsed, checked
 * and written in one transaction first; a broken file leaves the database as it was.
 * The catalog is then read back from the database. *out as in aib_catalog_load_dir().
 * *rebuilt (may be NULL) is set to 1 when the database was rewritten. */
aib_status aib_store_open(const char *dbpath, const char *datadir, aib_catalog **out,
                          int *rebuilt, aib_error *err);

/* Adds measurements to the database at dbpath in one transaction (table "imported", kept
 * across catalog rebuilds and merged into every catalog read from it). Every row is checked
 * against cat first; on any problem nothing is written and err lists "origin: what". */
aib_status aib_store_import(const char *dbpath, const aib_catalog *cat, const aib_measurement *rows, size_t n,
                            aib_error *err);

/* ---- engine ------------------------------------------------------------------------- */

typedef enum { AIB_FIT_NONE = 0, AIB_FIT_OFFLOAD, AIB_FIT_GPU } aib_fit_kind;

/* How a model that does not fit in GPU memory is split with the CPU (llama.cpp flags):
 * whole layers on the CPU (-ngl N), or every layer on the GPU with the routed experts of some
 * MoE layers in system RAM (--n-cpu-moe N); AUTO takes the faster of the two that fit. */
typedef enum { AIB_OFFLOAD_AUTO = 0, AIB_OFFLOAD_LAYERS, AIB_OFFLOAD_EXPERTS } aib_offload;

/* "auto", "layers", "experts"; aib_offload_parse() returns -1 for anything else. */
const char *aib_offload_name(aib_offload o);
int aib_offload_parse(const char *s);

/* A setup to evaluate. A catalog hardware and model fill it through aib_setup_from();
 * a custom setup fills the fields directly. Every field is an input the result names. */
typedef struct {
    /* hardware */
    const char *hw_id;      /* NULL for a custom setup */
    const char *gpu_vendor; /* nvidia, amd, apple, intel, none */
    const char *kind;       /* gpu, apu, apple, system, cpu */
    const char *backend;    /* cuda, rocm, vulkan, metal, sycl, cpu */
    double memory_gb;       /* device memory */
    double usable_gb;       /* memory the backend can use for this model */
    double bandwidth_gbs;   /* theoretical; the calibration maps it to effective */
    double tflops;          /* fp16 dense matrix throughput, NaN when unknown */
    double host_ram_gb;     /* RAM for offloaded layers */
    double host_bandwidth_gbs;
    /* model */
    const aib_model *model; /* architecture (a catalog record or a caller-built one) */
    double bpw;             /* bits per weight of the quant */
    const char *quant_id;
    /* run */
    double ctx;      /* context length to allocate; 0: min(8192, model maximum) */
    double depth;    /* KV depth at which decode speed is reported; < 0: ctx / 2 */
    double prompt;   /* prompt length for time to first token; 0: min(4096, ctx) */
    double kv_bytes; /* bytes per cached element: 2 (f16), 1.0625 (q8_0), 0.5625 (q4_0) */
    const char *kv_type;
    aib_offload offload; /* when it does not fit on the GPU; AUTO by default */
} aib_setup;

/* Resets a setup: no hardware or model, context/depth/prompt on "auto", f16 KV cache. */
void aib_setup_init(aib_setup *s);

/* Fills s from catalog hardware hw, model m and quant q (each may be NULL to leave those
 * fields alone), choosing backend (NULL: the hardware's first) and the defaults for ctx,
 * depth, prompt and KV type. Returns AIB_ERR_INVALID with a message when the backend is
 * not one the hardware supports. */
aib_status aib_setup_from(aib_setup *s, const aib_hw *hw, const aib_model *m,
                          const aib_quant *q, const char *backend, aib_error *err);

#define AIB_MAX_GPUS 8

/* Fills s from n discrete GPUs used together, split by layers as llama.cpp does by default
 * (each card takes layers in proportion to its usable memory): memory and usable memory add
 * up, less one runtime allowance per extra card; each token passes every card in turn, so
 * the effective bandwidth (and compute) is the harmonic blend 1 / sum(share_i / bw_i): the
 * slowest card and the split ratio set the speed. hw_id becomes NULL (no single catalog
 * entry's measurements apply). n = 1 is aib_setup_from(). AIB_ERR_INVALID for 0 or more
 * than AIB_MAX_GPUS cards, a card that is not a discrete GPU, or no backend common to all. */
aib_status aib_setup_multi(aib_setup *s, const aib_hw *const *hws, size_t n, const char *backend,
                           aib_error *err);

/* The canonical name of a backend (cuda, rocm, vulkan, metal, sycl, cpu), or NULL. */
const char *aib_backend_name(const char *b);

/* Checks a setup's numbers (positive, finite, within sane bounds). */
aib_status aib_setup_check(const aib_setup *s, aib_error *err);

/* Bytes per element of a KV cache type (f16, bf16, f32, q8_0, q4_0, q4_1, q5_0, q5_1,
 * iq4_nl); 0 when unknown. */
double aib_kv_type_bytes(const char *type);
/* The canonical (static) name of a KV cache type, or NULL when unknown. */
const char *aib_kv_type_name(const char *type);

/* Memory a model needs, in bytes. */
typedef struct {
    double weights;  /* all weights */
    double kv;       /* KV cache at ctx */
    double compute;  /* compute buffers */
    double overhead; /* runtime and driver */
    double total;
} aib_memory;

/* Calibrated constants for one backend/vendor class (see docs/engine.md). */
typedef struct {
    char key[32];      /* e.g. "vulkan/amd", "metal", "*" for the pooled fit */
    double inv_eff;    /* seconds per byte, over 1/theoretical bandwidth (>= 1) */
    double layer_s;    /* fixed seconds per layer per token */
    double moe_s;      /* extra seconds per MoE layer per token */
    double att_s;      /* seconds per GFLOP of attention over the cached tokens (slowdown with depth) */
    double pp_eff;     /* achieved share of fp16 TFLOPS in prefill, dense, quantized weights */
    double pp_eff_moe; /* same for MoE models */
    double pp_eff_f16; /* dense models with unquantized (16-bit) weights: other kernels */
    int n_tg, n_pp;    /* measurements the fit used */
    char from[32];     /* the key whose fit these numbers come from (fallback) */
} aib_calib;

/* A table of calibrations: fitted from measurements by aib_calibrate(). */
typedef struct {
    aib_calib rows[32];
    int n;
    /* leave-one-out residuals of decode and prefill (ratio estimate/measured - 1) */
    double tg_p10, tg_p50, tg_p90, pp_p10, pp_p50, pp_p90;
    int n_tg_resid, n_pp_resid;
    char basis[17];  /* aib_calibration_basis() of the measurements it was fitted on */
    int stored;      /* 1 when read back from the database (aibench calibrate), 0 when fitted now */
} aib_calibration;

/* Fits the engine constants from the catalog's measurements (weighted least squares on
 * relative error; docs/engine.md). Never fails on sparse data: classes without enough rows
 * fall back to the pooled fit, and the pooled fit to documented priors. */
aib_status aib_calibrate(const aib_catalog *cat, aib_calibration *out, aib_error *err);

/* A fingerprint (16 hex digits) of everything a calibration depends on: the fit's version and
 * every measurement the catalog holds (catalog and imported rows). A stored calibration is
 * used only while its basis matches. */
void aib_calibration_basis(const aib_catalog *cat, char out[17]);

/* The calibration row used for a backend and vendor ("vulkan", "amd"). Never NULL. */
const aib_calib *aib_calibration_for(const aib_calibration *cal, const char *backend,
                                     const char *vendor);

/* Cross-validation of the engine on the catalog's measurements: every measured row is
 * predicted by a calibration fitted without its fold (its hardware family, or with by_model
 * its model family). */
typedef struct {
    const aib_measurement *m;
    int prefill, moe;
    double estimate, measured, error; /* error = estimate / measured - 1 */
    char fold[64], calib_key[32];
} aib_validation_row;

typedef struct {
    aib_validation_row *rows;
    size_t n, cap;
    int folds, by_model;
} aib_validation;

aib_status aib_validate(const aib_catalog *cat, int by_model, aib_validation *v, aib_error *err);
void aib_validation_release(aib_validation *v);

typedef struct {
    size_t n;
    double median_ape;          /* median |error| */
    double within10, within25;  /* shares of rows with |error| <= 10% / 25% */
    double median_error;        /* signed: > 0 means estimates run high */
} aib_validation_stats;

/* Statistics of the rows of v that are prefill (1) or decode (0), optionally only those of a
 * calibration class prefix (backend: "vulkan", NULL for all) and of dense (0) / MoE (1) models
 * (moe < 0 for both). */
void aib_validation_summary(const aib_validation *v, int prefill, const char *backend, int moe,
                            aib_validation_stats *out);

typedef struct {
    aib_fit_kind fit;
    aib_memory mem;
    double budget;       /* bytes the backend can use */
    double gpu_layers;   /* layers on the GPU (all of them when fit == AIB_FIT_GPU) */
    /* with fit == AIB_FIT_OFFLOAD: the split used (LAYERS or EXPERTS, never AUTO), the MoE
     * layers whose routed experts stay in system RAM (EXPERTS), llama.cpp's --n-cpu-moe value
     * for it (enough for any layer layout: exact when the dense layers come first), the
     * weights held in system RAM, and the decode speed of the other split (NaN when it does
     * not fit or the model has no experts) */
    aib_offload offload;
    double cpu_moe_layers, n_cpu_moe_flag;
    double cpu_weights;
    double other_decode_tps;
    double max_ctx;      /* largest context that fits on the GPU, 0 when none */
    int token_model;     /* 0 for image/voice models: no token speeds */
    double bytes_per_token;   /* bytes read per generated token at depth */
    double decode_tps;        /* NaN when not a token model or it does not fit */
    double decode_lo, decode_hi; /* error band from leave-one-out residuals; NaN when the
                                  * constants are priors (no measurements for the class) */
    double prefill_tps;       /* NaN without a compute figure */
    double prefill_lo, prefill_hi;
    double ttft_s;            /* time to first token for setup.prompt tokens */
    double ctx, depth, prompt; /* the values used after "auto" was resolved */
    const aib_calib *calib;   /* the constants used */
    int interactive;          /* decode_tps >= AIB_INTERACTIVE_TPS */
} aib_result;

/* Decode speed, in tokens/s, under which a model is not interactive (docs/engine.md). */
#define AIB_INTERACTIVE_TPS 10.0

/* Evaluates a setup: memory, fit, largest context, decode and prefill speed. */
aib_status aib_estimate(const aib_setup *s, const aib_calibration *cal, aib_result *out,
                        aib_error *err);

/* Memory only: weights + KV cache at ctx + compute + overhead. */
void aib_memory_needed(const aib_setup *s, double ctx, aib_memory *out);

/* KV cache bytes at a context (or depth) of n tokens. */
double aib_kv_cache_bytes(const aib_model *m, double n, double kv_bytes);

/* The measurement matching (hw, model, quant, backend, test, depth 0), or NULL. */
const aib_measurement *aib_find_measurement(const aib_catalog *cat, const char *hw,
                                            const char *model, const char *quant,
                                            const char *backend, const char *test);

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

/* Returns a short name for a plan class ("interactive", "slow", ...). */
const char *aib_plan_class_name(aib_plan_class c);

/* Plans every catalog model on the hardware described by tmpl (its hardware fields, backend,
 * ctx, depth, prompt and KV type; model and quant are set per row). For each model the best
 * quant is the one with the most bits per weight, at most max_quant's, that fits on the GPU.
 * Rows are sorted by class, then by total parameters, largest first. *rows is a new array
 * the caller frees with free(); *n receives its length. */
aib_status aib_plan(const aib_catalog *cat, const aib_calibration *cal, const aib_setup *tmpl,
                    const aib_quant *max_quant, aib_plan_row **rows, size_t *n, aib_error *err);

/* Plans one model on the hardware of tmpl: the best quant up to max_quant that fits on the
 * GPU (else max_quant, with offload or no fit), as one row of aib_plan(). */
aib_status aib_plan_model(const aib_catalog *cat, const aib_calibration *cal, const aib_setup *tmpl,
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
aib_status aib_sweep(const aib_setup *s, const aib_calibration *cal, aib_sweep_point *out, size_t *n,
                     aib_error *err);

/* ---- what-if: one input changed -------------------------------------------------------- */

/* Changes one input of a plan's setup (and its target quant): what is "bw" (GB/s; a unified
 * memory's CPU side reads at the same bandwidth, so it follows), "mem" (GiB; usable memory
 * and a unified box's CPU share scale in proportion), "quant" (the best quant to consider)
 * or "kv" (KV cache type); to is the new value. The changed hardware is no longer a catalog
 * entry (hw_id becomes NULL for bw and mem): no measurement applies to it. from receives the
 * old value as text. AIB_ERR_INVALID for an unknown input or a bad value. */
aib_status aib_whatif_apply(const aib_catalog *cat, aib_setup *s, const aib_quant **max_quant, const char *what,
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
aib_status aib_reverse(const aib_catalog *cat, const aib_calibration *cal, const aib_workload *w,
                       aib_reverse_row **rows, size_t *n, aib_error *err);

/* ---- probe: this machine -------------------------------------------------------------------
 * Reads /proc and /sys (under a root directory, so recorded trees can stand in for a machine),
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
aib_status aib_probe_run(const char *root, aib_probe *p, aib_error *err);

/* Finds the catalog entry that matches the probe (GPU name, memory, CPU), if any. */
void aib_probe_match(const aib_catalog *cat, aib_probe *p);

typedef struct {
    double read_best, read_median, copy_best, copy_median, triad_best, triad_median; /* GB/s */
    int threads, runs;
    double buffer_mib; /* per array */
    double fp32_tflops; /* peak fp32 FMA throughput of all threads, measured alongside */
} aib_bandwidth;

/* Measures sustained memory bandwidth with threads threads over arrays of bytes each:
 * read (sum), copy (b = a, counted as read + write) and triad (a = b + s * c, three streams),
 * runs times each; progress(ctx, fraction done) may be NULL. */
aib_status aib_bandwidth_measure(int threads, size_t bytes, int runs, void (*progress)(void *ctx, double done),
                                 void *ctx, aib_bandwidth *out, aib_error *err);

/* Saves a hardware entry of one's own (aibench probe --save) in the database at dbpath (table
 * "custom_hardware", kept across catalog rebuilds, merged into every catalog read from it),
 * replacing an earlier one of the same id. The id must not be a catalog file's. */
/* Writes a calibration (its classes, residuals and basis) into the database, replacing the
 * stored one, in one transaction. */
aib_status aib_store_save_calibration(const char *dbpath, const aib_calibration *cal, aib_error *err);

/* Reads the stored calibration into *cal when its basis is basis (cal->stored = 1); else
 * AIB_ERR_NOTFOUND (none stored, or stored for other measurements) and *cal is untouched. */
aib_status aib_store_load_calibration(const char *dbpath, const char *basis, aib_calibration *cal, aib_error *err);

aib_status aib_store_save_hw(const char *dbpath, const aib_catalog *cat, const aib_hw *h, aib_error *err);

/* Stores a bandwidth measurement as evidence for a hardware id (table "bandwidth_evidence"). */
aib_status aib_store_add_bandwidth(const char *dbpath, const char *hw_id, const aib_bandwidth *b,
                                   const char *machine, const char *date, aib_error *err);

/* ---- GGUF files -------------------------------------------------------------------------
 * A reader for GGUF v2/v3 headers (docs/gguf.md). It never loads tensor data: sizes come
 * from the tensor table and the ggml type table. Every length and count is checked against
 * hard caps and the bytes left before anything is allocated. */

#include <stdint.h>

#define AIB_GGUF_MAX_NUMS 65536 /* numeric array elements kept per key */

typedef struct {
    const char *key;
    uint32_t type;     /* GGUF value type: 0 u8 .. 12 f64; 8 string; 9 array */
    uint32_t arr_type; /* element type of an array */
    uint64_t count;    /* array length; 1 for a scalar */
    const char *str;   /* a string value, or NULL */
    double num;        /* a number or bool (an array's first number), NaN otherwise */
    const double *nums; /* a numeric array's first n_nums values, NULL otherwise */
    uint64_t n_nums;
} aib_gguf_kv;

typedef struct {
    const char *name;
    uint32_t n_dims;
    uint64_t ne[4];  /* unused dimensions are 1 */
    uint32_t type;   /* ggml type id */
    uint64_t offset; /* from the start of its file's data section */
    uint64_t nbytes;
    uint32_t shard;  /* 0-based file of a split model */
} aib_gguf_tensor;

typedef struct aib_gguf aib_gguf;

/* Reads a GGUF file's header; for a split model (NAME-00001-of-00003.gguf, any shard), every
 * shard's, as one model. *out as elsewhere; err says what is wrong and where. */
aib_status aib_gguf_read(const char *path, aib_gguf **out, aib_error *err);

/* Parses a header from memory: buf holds the first len bytes of a file of file_size bytes
 * (len == file_size for a whole file). Used by aib_gguf_read() and the fuzzer. */
aib_status aib_gguf_parse(const void *buf, size_t len, uint64_t file_size, aib_gguf **out, aib_error *err);

/* Frees a parsed file; NULL is a no-op. */
void aib_gguf_free(aib_gguf *g);

uint32_t aib_gguf_version(const aib_gguf *g);
size_t aib_gguf_kv_count(const aib_gguf *g);
const aib_gguf_kv *aib_gguf_kv_at(const aib_gguf *g, size_t i);
const aib_gguf_kv *aib_gguf_find(const aib_gguf *g, const char *key);
size_t aib_gguf_tensor_count(const aib_gguf *g);
const aib_gguf_tensor *aib_gguf_tensor_at(const aib_gguf *g, size_t i);

/* Name of a GGUF value type, a ggml tensor type and a llama.cpp file type ("?" if unknown). */
const char *aib_gguf_type_name(uint32_t t);
const char *aib_ggml_type_name(uint32_t t);
const char *aib_llama_ftype_name(uint32_t ftype);

typedef struct {
    const char *architecture; /* general.architecture, or NULL */
    const char *name;         /* general.name, or NULL */
    const char *file_type;    /* from general.file_type, or NULL */
    uint32_t alignment, shards;
    uint64_t data_offset;     /* of the first shard */
    uint64_t file_size;       /* all shards */
    double params;            /* sum of tensor element counts */
    double bytes;             /* sum of tensor sizes */
    double bpw;               /* bytes * 8 / params */
    double expert_params;     /* in routed-expert tensors (*_exps) */
    double active_params;     /* params - expert_params * (1 - used / count) */
} aib_gguf_summary;

void aib_gguf_summarize(const aib_gguf *g, aib_gguf_summary *s);

/* Fills m with the architecture numbers the engine needs (docs/gguf.md says which keys).
 * Strings in m point into g, which must outlive m. Fails when the file is not a language
 * model the engine can size (no block count, no heads). */
aib_status aib_gguf_model(const aib_gguf *g, aib_model *m, aib_error *err);

#ifdef __cplusplus
}
#endif
#endif
