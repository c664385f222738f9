/* aibench/advisor.h: the advice built on the plans: every catalog hardware's default plan
 * (the atlas every page starts from), the brief of one hardware (the decision in five lines,
 * what fits, picks per use, the call, watchouts, local vs cloud), the comparison of two or
 * three, and the summary the index shows. Front ends render these; they decide nothing. */
#ifndef AIBENCH_ADVISOR_H
#define AIBENCH_ADVISOR_H

#include "aibench/request.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One hardware's default plan: its first backend, the default quant ceiling and context. */
typedef struct {
    const aib_hw *hw;
    aib_setup tmpl;
    aib_plan_row *rows; /* owned */
    size_t n;
} aib_hw_plan;

/* The default quant ceiling of the pages and the brief (the table's quant default), and its id. */
const aib_quant *aib_default_quant(const aib_catalog *cat);
const char *aib_default_quant_id(void);

/* Plans one hardware with the defaults into *out (release with aib_hw_plan_release()). */
AIB_NODISCARD aib_status aib_hw_plan_build(const aib_catalog *cat, const aib_calibration *cal, const aib_hw *hw,
                                           aib_hw_plan *out, aib_error *err);
void aib_hw_plan_release(aib_hw_plan *p);
/* The row of a model in a plan, or NULL. */
const aib_plan_row *aib_hw_plan_find(const aib_hw_plan *p, const char *model_id);

/* Every catalog hardware's default plan, in catalog order (computed once; the site keeps it). */
typedef struct {
    const aib_catalog *cat;
    const aib_calibration *cal;
    aib_hw_plan *plans; /* owned */
    size_t n;
} aib_atlas;

AIB_NODISCARD aib_status aib_atlas_build(const aib_catalog *cat, const aib_calibration *cal, aib_atlas *out,
                                         aib_error *err);
void aib_atlas_release(aib_atlas *a);
/* The plan of a hardware id (case-insensitive), or NULL. */
const aib_hw_plan *aib_atlas_find(const aib_atlas *a, const char *hw_id);

/* On how many catalog hardware a model runs well (interactive, or fits for image and voice). */
int aib_atlas_runs_well_on(const aib_atlas *a, const aib_model *m);

/* What the index says of a hardware: how many models run at interactive speed, and the best
 * general model that runs well (the computed chat pick: docs/advice.md). */
typedef struct {
    int interactive;
    const aib_plan_row *best; /* NULL when none */
} aib_hw_summary;
aib_hw_summary aib_hw_summarize(const aib_catalog *cat, const aib_hw_plan *p);

/* ---- use-case fitness ---- */

/* How fit a model is for a use (coding, chat, docs, agents), from data/fitness.tsv: its score on
 * the use's primary benchmark (the one most catalog models have) when it has one, else on the
 * benchmark it shares with the most, put on 0..1 by that benchmark's range over the catalog. */
typedef struct {
    double value;            /* 0..1; NaN when the catalog has no score */
    const aib_fitness *row;  /* the result it comes from */
} aib_fitness_score;
aib_fitness_score aib_model_fitness(const aib_catalog *cat, const aib_model *m, const char *use);

/* The score a row gets as a pick for a use: fitness, less the quant's quality loss, plus speed
 * to spare (docs/advice.md). */
double aib_pick_score(const aib_catalog *cat, const aib_plan_row *r, const char *use);

/* ---- the brief of one hardware ---- */

#define AIB_USE_CASES 6
#define AIB_BRIEF_MAX_WATCHOUTS 16
#define AIB_BRIEF_MAX_ALTERNATIVES 8

/* The use cases of the picks, in page order, and their labels. */
extern const char *const aib_use_cases[AIB_USE_CASES];
extern const char *const aib_use_labels[AIB_USE_CASES];

typedef struct {
    const char *use_case, *label;
    const aib_plan_row *row;        /* NULL: nothing for this use runs well here */
    const aib_editorial *editorial; /* the reviewer's pick and reason, or NULL */
    char reason[300];               /* why it was picked (the editorial text, or the rule) */
    char short_of[200];             /* what an editorial pick misses of what the use needs here ("" when
                                     * nothing: computed picks always meet it) */
} aib_pick;

typedef struct {
    const char *kind;               /* editorial, backend, trap */
    char text[800];
    const char *source;             /* NULL when computed */
    double ratio;                   /* backend: the spread, else NaN */
} aib_watchout;

typedef struct {
    const aib_plan_row *row;
    const char *role; /* reference, headline, best, trap */
} aib_tier_line;

/* What running the machine costs: the electricity price and the years its price is spread over
 * (aibench params: kwh_price, years). */
typedef struct {
    double kwh_usd, years;
} aib_costs;
/* The table's defaults; those a brief request gives (kwh_price=, years=), else the defaults. */
aib_costs aib_costs_default(void);
aib_costs aib_costs_of(const aib_request *r);

/* Local vs cloud, computed (docs/advice.md): one model that runs well here and that API providers
 * serve, its cost per million output tokens here against the cheapest API price for it, and the
 * daily use at which the machine pays for itself. */
typedef struct {
    const aib_plan_row *row;      /* the model compared; NULL when none that runs here has an API price */
    const aib_api_price *api;     /* the cheapest API price for it (output tokens) */
    aib_costs costs;
    double machine_usd;           /* the hardware, with the host desktop a discrete card needs */
    const aib_config *host;       /* that desktop, or NULL */
    double power_w;               /* the hardware's power while generating (a card: its board power) */
    double tps;                   /* the decode speed the costs are at */
    double energy_per_m;          /* USD of electricity per million output tokens */
    double machine_per_m;         /* USD of hardware per million tokens, generating around the clock */
    double breakeven_tokens_day;  /* tokens a day, over the years, at which local costs what the API does;
                                   * NaN when electricity alone costs more than the API */
    double breakeven_hours_day;   /* that, in hours of generation a day (> 24: never) */
    char text[900];               /* the comparison in words ("" when there is none) */
} aib_local_cloud;

typedef struct {
    const aib_hw *hw;
    const aib_hw_plan *plan;
    const char *floor_quant; /* the quality floor the plan keeps to */
    aib_local_cloud cloud;   /* computed local vs cloud */
    /* editorial text (NULL when the catalog has none) */
    const aib_editorial *tagline, *klass, *verdict, *lead, *buy_if, *skip_if, *local_wins, *cloud_wins, *local_cloud;
    /* the summary: the model it quotes, and the peer it is measured against */
    const aib_plan_row *headline;
    const aib_hw *peer;
    int peer_editorial, peer_measured; /* picked by the editor; ratios of measured bandwidth */
    double bandwidth_ratio, memory_ratio;
    aib_pick picks[AIB_USE_CASES];
    const aib_plan_row *runs_well[3];
    size_t n_runs_well;
    aib_tier_line tier[4];
    size_t n_tier;
    aib_watchout watchouts[AIB_BRIEF_MAX_WATCHOUTS];
    size_t n_watchouts;
    const aib_editorial *alternatives[AIB_BRIEF_MAX_ALTERNATIVES];
    size_t n_alternatives;
    size_t n_traps;      /* models that fit but decode below interactive speed */
    size_t measured_rows; /* published runs of this hardware */
    const char *last_measured; /* their latest date, or NULL */
} aib_brief;

/* The brief of a planned hardware, at these costs (NULL: the defaults). Everything in it points
 * into p or the catalog. */
void aib_brief_build(const aib_catalog *cat, const aib_hw_plan *p, const aib_costs *costs, aib_brief *out);

/* ---- comparison ---- */

#define AIB_COMPARE_MAX 3

typedef struct {
    const aib_model *model;
    const aib_plan_row *cells[AIB_COMPARE_MAX]; /* one per hardware (NULL: not planned) */
} aib_compare_row;

typedef struct {
    const aib_hw_plan *plans[AIB_COMPARE_MAX];
    size_t n;
    aib_compare_row *rows; /* owned: every text model that runs on one of them, largest first */
    size_t n_rows;
} aib_compare;

/* Compares two or three planned hardware; release with aib_compare_release(). */
AIB_NODISCARD aib_status aib_compare_build(const aib_catalog *cat, const aib_hw_plan *const *plans, size_t n,
                                           aib_compare *out, aib_error *err);
void aib_compare_release(aib_compare *c);

#ifdef __cplusplus
}
#endif
#endif
