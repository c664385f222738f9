/* planner.h: the planner form and its result (planner.c). */
#ifndef AIB_PLANNER_H
#define AIB_PLANNER_H

#include "web.h"

/* What is wrong with a form: the HTTP status (200 when nothing), code and message. */
typedef struct {
    int status;
    char code[48];
    char message[512];
} aib_form_err;

typedef struct {
    aib_form_err e;     /* first: the form readers write errors through it */
    json_t *form;       /* the inputs as understood (defaults filled in) */
    const aib_hw *hw;   /* NULL for a custom hardware */
    aib_setup tmpl;
    aib_plan_row *rows;
    size_t n;
    const char *use;
    double min_tps;
    int offload_counts; /* offload=auto|layers|experts: plans that need the CPU can meet the form */
    /* what=bw|mem|quant|kv&to=V: the same plan with that one input changed */
    const char *what;
    char from[64];
    aib_setup alt;
    const aib_quant *alt_quant;
    aib_plan_row *alt_rows;
    size_t alt_n;
} aib_planner;

/* Reads and checks the form, then plans. Returns p->e.status. Release p in every case. */
int aib_planner_run(const aib_site_data *d, const aib_arg *a, size_t n, aib_planner *p);
/* {form, share_url, runs: [...], misses: [...], what_if}: what runs on the setup for the use
 * case at the minimum speed, ranked, and what does not, with why; with what/to, what_if shows
 * every model before and after the change (those that moved first). */
json_t *aib_planner_json(const aib_planner *p);
/* The shareable URL of the form's state. */
void aib_planner_share(const aib_planner *p, sbuf *b);
void aib_planner_release(aib_planner *p);

/* The reverse planner: models=ID[,ID...] (up to 8), ctx, min_tps (default 10), min_prefill,
 * budget (USD), power (W), form (a word of the kind or form factor), quant, kv. */
typedef struct {
    aib_form_err e;
    json_t *form;
    aib_workload w;
    aib_reverse_row *rows;
    size_t n;
} aib_reverser;

int aib_reverser_run(const aib_catalog *cat, const aib_calibration *cal, const aib_quant *target, const aib_arg *a,
                     size_t n, aib_reverser *r);
/* {workload, share_url, meets, nearest_misses} */
json_t *aib_reverser_json(const aib_reverser *r, size_t max_misses);
void aib_reverser_release(aib_reverser *r);
/* A form's shareable URL: base + its inputs as a query (defaults included, so it is exact). */
void aib_form_share(json_t *form, const char *base, sbuf *b);

#endif
