/* aibench/request.h: the application layer. One table of every planner input (name, type,
 * unit, range, default, help), one request type filled from it, and one call that answers a
 * request: the CLI (options), the site (query strings) and the API all parse into an
 * aib_request, call aib_request_run() and print or render the aib_answer. Limits and
 * defaults live in the table and nowhere else. */
#ifndef AIBENCH_REQUEST_H
#define AIBENCH_REQUEST_H

#include "aibench/plan.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a request asks. */
typedef enum {
    AIB_REQ_PLAN = 1u << 0,    /* every model on one setup (with a what-if) */
    AIB_REQ_FIT = 1u << 1,     /* one model on one setup (with its context sweep) */
    AIB_REQ_WHERE = 1u << 2,   /* one model on every catalog hardware */
    AIB_REQ_REVERSE = 1u << 3, /* which catalog hardware runs a workload */
    AIB_REQ_BRIEF = 1u << 4,   /* the brief of one catalog hardware (its costs) */
} aib_request_kind;

/* The inputs, in table order (aib_params()). */
typedef enum {
    AIB_P_HW, AIB_P_GPUS, AIB_P_CONFIG, AIB_P_MEM, AIB_P_USABLE, AIB_P_BW, AIB_P_BACKEND, AIB_P_VENDOR, AIB_P_TFLOPS,
    AIB_P_KIND, AIB_P_MODEL, AIB_P_MODELS, AIB_P_USE, AIB_P_CTX, AIB_P_DEPTH, AIB_P_PROMPT, AIB_P_MIN_TPS,
    AIB_P_MIN_PREFILL, AIB_P_BUDGET, AIB_P_POWER, AIB_P_FORM, AIB_P_QUANT, AIB_P_MIN_QUANT, AIB_P_KV, AIB_P_OFFLOAD, AIB_P_RAM,
    AIB_P_RAM_BW, AIB_P_MISSES, AIB_P_KWH, AIB_P_YEARS, AIB_P_WHAT, AIB_P_TO, AIB_P_WHAT_IF, AIB_P_SWEEP, AIB_P_COUNT
} aib_param_id;

typedef enum {
    AIB_PT_NUM,  /* a number; with unit "tokens" also 32K / 1M (x1024) */
    AIB_PT_INT,  /* a whole number */
    AIB_PT_ENUM, /* one of choices */
    AIB_PT_ID,   /* a catalog id (or a list of them, comma-separated) */
    AIB_PT_TEXT, /* free text, at most hi characters */
    AIB_PT_FLAG  /* present or not (CLI only) */
} aib_param_type;

enum {
    AIB_PF_CUSTOM = 1u << 0,  /* describes a custom hardware (with mem and bw instead of hw) */
    AIB_PF_CLI_ONLY = 1u << 1 /* no web key */
};

/* One row of the table. */
typedef struct {
    aib_param_id id;
    const char *key;      /* the web's query key ("min_tps"); NULL for CLI-only inputs */
    const char *option;   /* the CLI's long option without dashes ("min-tps") */
    const char *alias;    /* an older option name that still works, or NULL */
    aib_param_type type;
    const char *unit;     /* "GiB", "GB/s", "TFLOPS", "tokens", "tok/s", "USD", "W", or NULL */
    double lo, hi;        /* range of numbers; TEXT: hi is the longest length */
    double def;           /* default number, NaN when none (or computed: see def_text) */
    const char *def_str;  /* default text/choice, NULL when none */
    const char *const *choices; /* ENUM: the values, NULL-terminated */
    const char *def_text; /* the default as docs and --help say it */
    unsigned kinds;       /* the aib_request_kind bits that take it */
    unsigned flags;       /* AIB_PF_* */
    const char *metavar;  /* what --help shows after the option: N, GIB, ID... */
    const char *help;     /* one line */
} aib_param;

/* The table (static, AIB_P_COUNT rows in aib_param_id order). */
const aib_param *aib_params(void);

/* The row whose web key or CLI option (or alias) is name, or NULL. */
const aib_param *aib_param_find(const char *name);

/* The choice of an ENUM input that is s (case-insensitive; the table's own string), or NULL;
 * and all of them as "a, b or c" into buf (returned). */
const char *aib_choice_find(const char *const *choices, const char *s);
const char *aib_choice_list(const char *const *choices, char *buf, size_t len);

/* The closest web key (or, with cli, option) to a misspelt one, or NULL. */
const char *aib_param_suggest(const char *name, int cli);

/* One input's value. */
typedef struct {
    int set;         /* given (or filled in by aib_request_run) */
    double num;      /* NUM, INT, FLAG */
    const char *str; /* ENUM, ID, TEXT: points into the caller's string, the catalog or the table */
} aib_value;

/* A request: the values of the table's inputs, and what a front end adds that no query can
 * say (this machine as probed, a GGUF file's model). Strings are not copied: what the caller
 * passes to aib_request_set() must outlive the request and its answer. */
typedef struct {
    aib_request_kind kind;
    aib_value v[AIB_P_COUNT];
    const aib_hw *own_hw;       /* hardware built by the caller (this machine): instead of hw */
    const aib_model *own_model; /* a model built by the caller (a GGUF file, estimate): instead of model */
    double own_bpw;             /* its exact bits per weight, NaN to take quant's */
    const char *own_quant;      /* the name its quant goes by (the file type), or NULL */
    int no_measured;            /* estimates only: never a measurement as the headline */
} aib_request;

/* An empty request of a kind. */
void aib_request_init(aib_request *r, aib_request_kind kind);

/* Sets one input from text: name is a web key or a CLI option (or alias); the value is
 * checked against the table (type, range, choices; a number is plain decimal, no hex, no
 * units but a token count's K/M). AIB_ERR_INVALID with tag unknown_parameter (and a "did you
 * mean"), duplicate_parameter, bad_number, out_of_range or bad_parameter. value is kept, not
 * copied. A web key that is empty ("ctx=") counts as not given. */
AIB_NODISCARD aib_status aib_request_set(aib_request *r, const char *name, const char *value, aib_error *err);

/* Number and string of an input (NaN / NULL when not set). */
double aib_request_num(const aib_request *r, aib_param_id id);
const char *aib_request_str(const aib_request *r, aib_param_id id);

/* Parses a whole number of tokens as aib_request_set() does ("32768", "32K", "1M"); 0 when
 * s is not one. */
int aib_parse_tokens(const char *s, double *out);

/* A model given by its numbers (aibench estimate): total and active parameters (billions),
 * and either the architecture the KV cache needs (layers, kv_heads, head_dim, all three), a
 * catalog model to take it from (like), or neither: then a typical shape is derived from the
 * catalog (layers from its size-to-depth fit, KV heads and head size its medians) and
 * *assumed says so. NaN for what is not given. */
typedef struct {
    double params, active, layers, kv_heads, head_dim, experts, experts_used;
    const aib_model *like;
} aib_model_spec;

/* Fills out from spec; its strings are static or the like model's. AIB_ERR_INVALID when the
 * numbers do not go together. */
AIB_NODISCARD aib_status aib_model_custom(const aib_catalog *cat, const aib_model_spec *spec, aib_model *out,
                                          const char **assumed, aib_error *err);

/* ---- answers ---------------------------------------------------------------------------- */

/* One model before and after a what-if. */
typedef struct {
    const aib_plan_row *before, *after;
    int meets_before, meets_after;
    int moved;         /* quant, class, largest context, meeting or speed (0.5%) changed */
    double tps_change; /* after / before - 1, NaN without both speeds */
} aib_whatif_row;

/* One catalog hardware in a WHERE answer. */
typedef struct {
    const aib_hw *hw;
    aib_setup setup;
    aib_plan_row row;
} aib_where_row;

/* A request's answer. Every pointer is owned by the answer (rows), the catalog (records) or
 * the request's strings; release it with aib_answer_release(). Its request points into it:
 * do not copy an answer, pass a pointer. */
typedef struct {
    aib_request req;             /* as understood: defaults filled in, ids canonical */
    const aib_catalog *cat;
    const aib_calibration *cal;
    /* the setup (PLAN, FIT) */
    const aib_hw *hw;            /* one catalog (or own) hardware; NULL for several cards or custom */
    const aib_hw *cards[AIB_MAX_GPUS];
    size_t n_cards;              /* > 1: several cards; 0: custom hardware */
    char hw_ids[400];            /* "rtx-4090", "rtx-3090,rtx-4090" or "custom" */
    char hw_name[400];           /* "NVIDIA GeForce RTX 4090", "RTX 3090 + RTX 4090", "Custom hardware" */
    aib_setup setup;             /* the template (PLAN) or the setup (FIT) */
    int has_config;              /* config=GIB chose one of the hardware's configurations: */
    aib_hw_config config;        /* its memory and price */
    const aib_quant *quant;      /* the best quant to consider (PLAN, WHERE, REVERSE) or the quant (FIT) */
    aib_quant file_quant;        /* a model file's own (own_bpw): quant points here */
    int offload_counts;          /* offload was given: a plan that needs the CPU can meet it */
    double min_tps;
    /* PLAN: every model, ranked (class, then size) */
    aib_plan_row *rows;
    size_t n;
    /* PLAN with a what-if: the changed setup, its plan and every wanted model side by side,
     * those that moved first */
    int has_whatif;
    char whatif_from[64];
    aib_setup alt;
    const aib_quant *alt_quant;
    aib_plan_row *alt_rows;
    size_t alt_n;
    aib_whatif_row *whatif;
    size_t n_whatif;
    int runs_before, runs_after;
    /* FIT: the one row, and the sweep when asked */
    aib_plan_row fit;
    const aib_hw *match_hw;       /* custom hardware and model whose figures are these catalog */
    const aib_model *match_model; /* entries': their measurement is fit's (aibench estimate) */
    aib_sweep_point sweep[AIB_SWEEP_MAX];
    size_t n_sweep;
    /* WHERE: the model, and every catalog hardware (its first backend), best first */
    const aib_model *where_model;
    aib_where_row *where;
    size_t n_where;
    /* REVERSE */
    char model_ids[601];
    aib_workload workload;
    aib_reverse_row *reverse;
    size_t n_reverse;
} aib_answer;

/* Answers a request on a catalog and its calibration (both must outlive the answer). On
 * failure the answer holds nothing to use (release it all the same) and err says why: tag
 * unknown_hw / unknown_model / unknown_quant (AIB_ERR_NOTFOUND), or one of
 * aib_request_set()'s tags, missing_parameter, bad_setup (AIB_ERR_INVALID). */
AIB_NODISCARD aib_status aib_request_run(const aib_catalog *cat, const aib_calibration *cal, const aib_request *req,
                                         aib_answer *out, aib_error *err);

/* Frees what an answer owns; the struct may be reused. */
void aib_answer_release(aib_answer *a);

/* PLAN: does a row count for the request's use case? Does it meet the request (fits, counts
 * when offloaded, decodes at min_tps or more at its headline speed)? */
int aib_answer_wanted(const aib_answer *a, const aib_plan_row *row);
int aib_answer_meets(const aib_answer *a, const aib_plan_row *row);

/* The query string (no leading '?') that asks the request again, every input as understood
 * (defaults included, so it is exact), into buf; returns the length it needed. */
size_t aib_request_query(const aib_request *r, char *buf, size_t len);

#ifdef __cplusplus
}
#endif
#endif
