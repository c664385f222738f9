/* planner.h: the planner form and its result (planner.c). */
#ifndef AIB_PLANNER_H
#define AIB_PLANNER_H

#include "web.h"

typedef struct {
    int status;         /* 200, or the HTTP status of the error */
    char code[48];      /* error code for the JSON error */
    char message[512];  /* what is wrong, with the value */
    json_t *form;       /* the inputs as understood (defaults filled in) */
    const aib_hw *hw;   /* NULL for a custom hardware */
    aib_setup tmpl;
    aib_plan_row *rows;
    size_t n;
    const char *use;
    double min_tps;
} aib_planner;

/* Reads and checks the form, then plans. Returns p->status. Release p in every case. */
int aib_planner_run(const aib_site_data *d, const aib_arg *a, size_t n, aib_planner *p);
/* {form, share_url, runs: [...], misses: [...]}: what runs on the setup for the use case at
 * the minimum speed, ranked, and what does not, with why. */
json_t *aib_planner_json(const aib_planner *p);
/* The shareable URL of the form's state. */
void aib_planner_share(const aib_planner *p, sbuf *b);
void aib_planner_release(aib_planner *p);

#endif
