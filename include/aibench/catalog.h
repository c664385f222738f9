/* aibench/catalog.h: the catalog: hardware, models, quants, measurements and editorial text,
 * read from data/ (or the database) and checked. */
#ifndef AIBENCH_CATALOG_H
#define AIBENCH_CATALOG_H

#include "aibench/base.h"

#ifdef __cplusplus
extern "C" {
#endif

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
    const char *silicon;  /* the chip: entries with the same one share measured evidence (default: the id) */
    const char *price_kind, *price_source, *price_as_of; /* launch-msrp, list or street; where; when */
    double price_memory_gb; /* the memory the price buys, when not memory_gb (NaN: memory_gb) */
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
    const char *ships_as; /* the file type its makers release it in (gpt-oss: MXFP4_MOE), when it is not a
                           * quantization of 16-bit weights: the planner's and fit's quant for it */
} aib_model;

typedef struct {
    const char *id;
    double bpw;          /* effective bits per weight of a whole file */
    double dense_bpw;    /* MoE files of this type: bits of the non-expert tensors (attention, embeddings,
                          * shared parts) when the type keeps them apart (MXFP4_MOE: Q8_0), NaN: bpw */
    const char *basis;   /* published, derived or block */
    const char *aliases; /* comma-separated short names (Q4, Q8...) */
    const char *source, *as_of;
    /* the quality it costs against the 16-bit model (NaN when none is published) */
    double kld;            /* mean KL divergence of the token distribution from FP16's */
    double ppl_change_pct; /* perplexity change, percent */
    const char *quality_basis, *quality_source, *quality_as_of;
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

/* A purchasable memory configuration of a hardware beside the one its record describes, with
 * its own price (data/configs.tsv); hw "host-desktop" is the desktop a discrete GPU needs. */
typedef struct {
    const char *hw;
    double memory_gb; /* GiB; NaN for host-desktop */
    double price_usd;
    const char *price_kind, *product, *source, *as_of, *note;
    int line;
} aib_config;

/* A published benchmark result of a model for a use case (data/fitness.tsv): how fit it is
 * for coding, chat, docs or agents. Scores compare only within one benchmark. */
typedef struct {
    const char *model, *use, *benchmark;
    double score;
    const char *scale, *source, *as_of, *note;
    int line;
} aib_fitness;

/* What a provider charges for an open model through its API (data/api_prices.tsv). */
typedef struct {
    const char *model, *provider;
    double input_usd, output_usd; /* per million tokens */
    const char *source, *as_of, *note;
    int line;
} aib_api_price;

/* ---- catalog ------------------------------------------------------------------------ */

typedef struct aib_catalog aib_catalog;

/* Parses every catalog file in datadir (hardware.txt, models.txt, quants.tsv,
 * measurements.tsv, editorial.tsv) and checks it. On success *out is a new catalog the caller frees with
 * aib_catalog_free(); on failure *out is NULL and err says file:line: what is wrong. */
AIB_NODISCARD aib_status aib_catalog_load_dir(const char *datadir, aib_catalog **out, aib_error *err);

/* The same from the files' texts, given in memory in the order of aib_catalog_kind_file(0..
 * AIB_CATALOG_KINDS - 1); origin stands for the folder in messages. */
#define AIB_CATALOG_KINDS 8
AIB_NODISCARD aib_status aib_catalog_load_texts(const char *const texts[], const size_t lens[], const char *origin,
                                                aib_catalog **out, aib_error *err);
/* The file name of a kind ("hardware.txt", ...), NULL past the last. */
const char *aib_catalog_kind_file(int kind);
/* One kind of the catalog as the text of its file (imported rows and one's own hardware
 * included; numbers exact), which aib_catalog_load_texts() reads back; *out is the caller's
 * to free(). */
AIB_NODISCARD aib_status aib_catalog_write_text(const aib_catalog *cat, int kind, char **out, size_t *len,
                                                aib_error *err);

/* Frees a catalog and everything it owns; NULL is a no-op. */
void aib_catalog_free(aib_catalog *cat);

/* Counts and records by index (i < count; records are owned by cat). */
size_t aib_catalog_hw_count(const aib_catalog *cat);
const aib_hw *aib_catalog_hw_at(const aib_catalog *cat, size_t i);
size_t aib_catalog_model_count(const aib_catalog *cat);
const aib_model *aib_catalog_model_at(const aib_catalog *cat, size_t i);
size_t aib_catalog_quant_count(const aib_catalog *cat);
const aib_quant *aib_catalog_quant_at(const aib_catalog *cat, size_t i);
/* What a quant costs a model in quality: its mean KL divergence from the 16-bit model, or 0
 * when the quant is the file type the model is released in (ships_as: the released weights are
 * the model). NaN when none is published. */
double aib_quant_kld(const aib_model *m, const aib_quant *q);

size_t aib_catalog_measurement_count(const aib_catalog *cat);
const aib_measurement *aib_catalog_measurement_at(const aib_catalog *cat, size_t i);
size_t aib_catalog_editorial_count(const aib_catalog *cat);
size_t aib_catalog_config_count(const aib_catalog *cat);
const aib_config *aib_catalog_config_at(const aib_catalog *cat, size_t i);
size_t aib_catalog_fitness_count(const aib_catalog *cat);
const aib_fitness *aib_catalog_fitness_at(const aib_catalog *cat, size_t i);
size_t aib_catalog_api_price_count(const aib_catalog *cat);
const aib_api_price *aib_catalog_api_price_at(const aib_catalog *cat, size_t i);
const aib_editorial *aib_catalog_editorial_at(const aib_catalog *cat, size_t i);
/* The first editorial row of a hardware and section, or NULL; after (may be NULL) starts the
 * search after a row returned before (for sections with several rows, like watchout). */
const aib_editorial *aib_catalog_editorial(const aib_catalog *cat, const char *hw, const char *section,
                                           const aib_editorial *after);

/* Look-ups by id (case-insensitive; quants also by alias). NULL when absent; the record is
 * owned by cat. */
const aib_hw *aib_catalog_find_hw(const aib_catalog *cat, const char *id);
const aib_model *aib_catalog_find_model(const aib_catalog *cat, const char *id);
const aib_quant *aib_catalog_find_quant(const aib_catalog *cat, const char *id);

/* Writes up to max ids closest to a misspelt one (edit distance, substring, and the id's words
 * in any order) into out, best first; kind is "hw", "model" or "quant". The ids are owned by
 * cat. Returns how many were written. */
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

/* The field tables of each record type (static); *n receives the count. */
const aib_field *aib_hw_fields(size_t *n);
const aib_field *aib_model_fields(size_t *n);
const aib_field *aib_quant_fields(size_t *n);
const aib_field *aib_measurement_fields(size_t *n);
const aib_field *aib_editorial_fields(size_t *n);
const aib_field *aib_config_fields(size_t *n);
const aib_field *aib_fitness_fields(size_t *n);
const aib_field *aib_api_price_fields(size_t *n);

/* Reads a field of a record: the string (or NULL; owned by the record's catalog) or the
 * number (or NaN). */
const char *aib_field_str(const aib_field *f, const void *rec);
double aib_field_num(const aib_field *f, const void *rec);

#ifdef __cplusplus
}
#endif
#endif
