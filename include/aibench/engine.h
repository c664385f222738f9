/* aibench/engine.h: the estimation engine: a setup (hardware x model x quant x backend x
 * context), its memory, fit and speeds, and the calibration of the engine's constants. */
#ifndef AIBENCH_ENGINE_H
#define AIBENCH_ENGINE_H

#include "aibench/catalog.h"

#ifdef __cplusplus
extern "C" {
#endif

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
    double dense_bpw;       /* MoE: bits of the non-expert tensors when the quant keeps them apart; NaN: bpw */
    const char *quant_id;
    /* run */
    double ctx;      /* context length to allocate; 0: min(8192, model maximum) */
    double depth;    /* KV depth at which decode speed is reported; < 0: ctx / 2 */
    double prompt;   /* prompt length for time to first token; 0: min(4096, ctx) */
    double kv_bytes; /* bytes per cached element: 2 (f16), 1.0625 (q8_0), 0.5625 (q4_0) */
    const char *kv_type;
    aib_offload offload; /* when it does not fit on the GPU; AUTO by default */
    double min_bpw;      /* the quality floor: a plan picks no quant with fewer bits per weight (0: none) */
} aib_setup;

/* Sets the quant of a setup: its bits per weight (and the dense part's, for MoE files of types
 * that keep it apart) and its id. */
void aib_setup_quant(aib_setup *s, const aib_quant *q);

/* Resets a setup: no hardware or model, context/depth/prompt on "auto", f16 KV cache. */
void aib_setup_init(aib_setup *s);

/* Fills s from catalog hardware hw, model m and quant q (each may be NULL to leave those
 * fields alone), choosing backend (NULL: the hardware's first) and the defaults for ctx,
 * depth, prompt and KV type. Returns AIB_ERR_INVALID with a message when the backend is
 * not one the hardware supports. */
AIB_NODISCARD aib_status aib_setup_from(aib_setup *s, const aib_hw *hw, const aib_model *m,
                          const aib_quant *q, const char *backend, aib_error *err);

/* Fills s with hardware that is not in the catalog, by the catalog's rules for a record with
 * these figures: memory_gb and bandwidth_gbs (required), usable_gb (NaN: what aib_setup_from()
 * gives such a record: all of a discrete GPU's memory, a unified box's less the OS's share),
 * tflops (vector fp32; NaN: no prefill figure), backend (NULL: vulkan), vendor (NULL: the
 * backend's: nvidia for cuda, amd for rocm and vulkan, apple for metal, intel for sycl, none for
 * cpu) and kind (NULL: gpu). The RAM beside a discrete GPU is the default host RAM; a unified
 * box's CPU side is the memory the GPU does not take, at the same bandwidth. hw_id is NULL. */
AIB_NODISCARD aib_status aib_setup_custom(aib_setup *s, double memory_gb, double usable_gb, double bandwidth_gbs,
                                          double tflops, const char *backend, const char *vendor, const char *kind,
                                          aib_error *err);

#define AIB_MAX_GPUS 8

/* Fills s from n discrete GPUs used together, split by layers as llama.cpp does by default
 * (each card takes layers in proportion to its usable memory): memory and usable memory add
 * up, less one runtime allowance per extra card; each token passes every card in turn, so
 * the effective bandwidth (and compute) is the harmonic blend 1 / sum(share_i / bw_i): the
 * slowest card and the split ratio set the speed. hw_id becomes NULL (no single catalog
 * entry's measurements apply). n = 1 is aib_setup_from(). AIB_ERR_INVALID for 0 or more
 * than AIB_MAX_GPUS cards, a card that is not a discrete GPU, or no backend common to all. */
AIB_NODISCARD aib_status aib_setup_multi(aib_setup *s, const aib_hw *const *hws, size_t n, const char *backend,
                           aib_error *err);

/* The canonical name of a backend (cuda, rocm, vulkan, metal, sycl, cpu), or NULL. */
const char *aib_backend_name(const char *b);

/* Checks a setup's numbers (positive, finite, within sane bounds). */
AIB_NODISCARD aib_status aib_setup_check(const aib_setup *s, aib_error *err);

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
    double pp_att;     /* prefill's attention runs this many times slower than its matmuls (1: the
                        * same efficiency), from the class's deep prompts, else the pooled figure */
    int n_tg, n_pp;    /* measurements the fit used */
    char from[32];     /* the key whose fit these numbers come from (fallback) */
    char att_from[32]; /* whose deep rows set att_s: the class's own, or "*" (the pooled fit)
                        * when it has none; a slowdown with depth is borrowed, never zero */
    /* the class's own error band: p10 and p90 of estimate/measured - 1 over its rows, each
     * predicted by a fit that never saw its hardware family; NaN where the class has fewer than
     * AIB_BAND_MIN_ROWS (the pooled band then applies) */
    double tg_p10, tg_p90, pp_p10, pp_p90;
    int n_tg_band, n_pp_band;
} aib_calib;
#define AIB_BAND_MIN_ROWS 20

/* A decode measurement the fit set aside: its class's first fit missed it by more than 2x
 * either way (docs/engine.md, "Outliers"). */
typedef struct {
    char hw[48], model[64], quant[24], backend[16], test[16];
    double depth, tps;  /* the measurement */
    double estimate;    /* what the fit without it says, tok/s */
} aib_outlier;
#define AIB_MAX_OUTLIERS 32

/* A table of calibrations: fitted from measurements by aib_calibrate(). */
typedef struct {
    aib_calib rows[32];
    int n;
    /* decode rows set aside as outliers: the first AIB_MAX_OUTLIERS, and how many in all */
    aib_outlier outliers[AIB_MAX_OUTLIERS];
    int n_outliers;
    /* residuals of decode and prefill (ratio estimate/measured - 1), each row predicted by a fit
     * that never saw its hardware family (grouped cross-validation), outliers left out: the
     * pooled band, used by classes without enough rows of their own */
    double tg_p10, tg_p50, tg_p90, pp_p10, pp_p50, pp_p90;
    int n_tg_resid, n_pp_resid;
    char basis[17];  /* aib_calibration_basis() of the measurements it was fitted on */
    int stored;      /* 1 when read back from the database (aibench calibrate), 0 when fitted now */
} aib_calibration;

/* Fits the engine constants from the catalog's measurements (weighted least squares on
 * relative error; docs/engine.md). Never fails on sparse data: classes without enough rows
 * fall back to the pooled fit, and the pooled fit to documented priors. */
AIB_NODISCARD aib_status aib_calibrate(const aib_catalog *cat, aib_calibration *out, aib_error *err);

/* A fingerprint (16 hex digits) of everything a calibration depends on: the fit's version and
 * every measurement the catalog holds (catalog and imported rows). A stored calibration is
 * used only while its basis matches. */
void aib_calibration_basis(const aib_catalog *cat, char out[17]);

/* The calibration as text, every number exact (the static site's engine is fed it); the
 * caller free()s it; NULL when out of memory. Outliers are counted, not listed. */
char *aib_calibration_write_text(const aib_calibration *cal);
/* Reads what aib_calibration_write_text() wrote into *out (stored = 1); AIB_ERR_PARSE with the
 * line when it is not that. */
AIB_NODISCARD aib_status aib_calibration_read_text(const char *text, aib_calibration *out, aib_error *err);

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
    double low, high;                 /* the estimate's band, as the engine would give it without this fold */
    int in_band;                      /* low <= measured <= high */
    char fold[64], calib_key[32];
} aib_validation_row;

typedef struct {
    aib_validation_row *rows;
    size_t n, cap;
    int folds, by_model;
} aib_validation;

/* by_model: 0 folds by hardware family, 1 by model family, AIB_VALIDATE_MOE_MODEL: each MoE
 * model left out in turn (only MoE rows are predicted; every dense row stays in the fit). */
#define AIB_VALIDATE_MOE_MODEL 2
AIB_NODISCARD aib_status aib_validate(const aib_catalog *cat, int by_model, aib_validation *v, aib_error *err);
void aib_validation_release(aib_validation *v);

typedef struct {
    size_t n;
    double median_ape;          /* median |error| */
    double within10, within25;  /* shares of rows with |error| <= 10% / 25% */
    double median_error;        /* signed: > 0 means estimates run high */
    double band_coverage;       /* share of rows whose measurement lies in the band (target 0.80) */
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
    double decode_lo, decode_hi; /* error band from cross-validated residuals; NaN when the
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

/* Decode tokens/s of a setup that fits on the GPU with the KV cache at depth (the engine's
 * own model; used to carry a measurement at one depth to another). */
double aib_decode_tps_at(const aib_setup *s, const aib_calibration *cal, double depth);

/* Seconds to read a prompt of this many tokens with the result's setup and model: its prefill
 * speed carried from result->prompt by the attention work that grows with the prompt. NaN when
 * the result has no prefill figure. */
double aib_prompt_seconds(const aib_result *r, const aib_model *m, double prompt);

/* True when a model has recurrent (linear-attention) layers beside attention (Qwen3-Next,
 * Qwen3.5): fewer layers keep a KV cache than it has. The engine has no term for them. */
int aib_model_is_hybrid(const aib_model *m);

/* llama.cpp's flags for an offloaded result ("-ngl 999 --n-cpu-moe 21", "-ngl 22") into buf;
 * "" when r is not offloaded. Returns buf. */
const char *aib_offload_flags(const aib_result *r, char *buf, size_t n);

/* Evaluates a setup: memory, fit, largest context, decode and prefill speed. */
AIB_NODISCARD aib_status aib_estimate(const aib_setup *s, const aib_calibration *cal, aib_result *out,
                        aib_error *err);

/* Memory only: weights + KV cache at ctx + compute + overhead. */
void aib_memory_needed(const aib_setup *s, double ctx, aib_memory *out);

/* KV cache bytes at a context (or depth) of n tokens. */
double aib_kv_cache_bytes(const aib_model *m, double n, double kv_bytes);

/* The measurement matching (hw, model, quant, backend, test, depth 0), or NULL. */
const aib_measurement *aib_find_measurement(const aib_catalog *cat, const char *hw,
                                            const char *model, const char *quant,
                                            const char *backend, const char *test);

#ifdef __cplusplus
}
#endif
#endif
