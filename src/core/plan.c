/* plan.c: "what fits at this tier": every catalog model on one hardware, at the best quant
 * that fits, ranked so that what runs well comes first. */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The quants a plan considers, most bits first: the common llama.cpp choices, so a plan
 * never recommends an exotic type when a standard one fits (docs/engine.md). */
static const char *const ladder[] = {"Q8_0", "Q6_K", "Q5_K_M", "Q4_K_M", "IQ4_XS", "Q3_K_M", "IQ3_XXS", "Q2_K", "IQ2_XXS"};

const char *aib_plan_class_name(aib_plan_class c)
{
    switch (c) {
    case AIB_PLAN_INTERACTIVE: return "interactive";
    case AIB_PLAN_SLOW: return "slow";
    case AIB_PLAN_FITS: return "fits";
    case AIB_PLAN_OFFLOAD: return "offload";
    case AIB_PLAN_NO_FIT: return "no-fit";
    }
    return "?";
}

static aib_plan_class classify(const aib_result *r)
{
    if (r->fit == AIB_FIT_NONE)
        return AIB_PLAN_NO_FIT;
    if (r->fit == AIB_FIT_OFFLOAD)
        return AIB_PLAN_OFFLOAD;
    if (!r->token_model)
        return AIB_PLAN_FITS;
    return r->interactive ? AIB_PLAN_INTERACTIVE : AIB_PLAN_SLOW;
}

static int cmp_rows(const void *a, const void *b)
{
    const aib_plan_row *x = a, *y = b;
    if (x->cls != y->cls)
        return (int)x->cls - (int)y->cls;
    if (x->model->params_total_b != y->model->params_total_b)
        return x->model->params_total_b < y->model->params_total_b ? 1 : -1;
    return strcmp(x->model->id, y->model->id);
}

aib_status aib_plan(const aib_catalog *cat, const aib_calibration *cal, const aib_setup *tmpl,
                    const aib_quant *max_quant, aib_plan_row **rows, size_t *n, aib_error *err)
{
    *rows = NULL;
    *n = 0;
    if (!max_quant)
        return aib_fail(err, AIB_ERR_INVALID, "no target quant");
    aib_plan_row *out = aib_calloc(cat->n_models + 1, sizeof *out);
    if (!out)
        return aib_fail(err, AIB_ERR_NOMEM, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < cat->n_models; i++) {
        const aib_model *m = &cat->models[i];
        aib_plan_row *row = &out[k];
        aib_setup s = *tmpl;
        s.model = m;
        int found = 0;
        for (size_t j = 0; j < sizeof ladder / sizeof ladder[0]; j++) {
            const aib_quant *q = aib_catalog_find_quant(cat, ladder[j]);
            if (!q || q->bpw > max_quant->bpw)
                continue;
            s.bpw = q->bpw, s.quant_id = q->id;
            aib_status st = aib_estimate(&s, cal, &row->res, err);
            if (st) {
                aib_free(out);
                return st;
            }
            row->quant = q;
            if (row->res.fit == AIB_FIT_GPU) {
                found = 1;
                break;
            }
        }
        if (!found) { /* report the target quant: offload or no fit */
            s.bpw = max_quant->bpw, s.quant_id = max_quant->id;
            aib_status st = aib_estimate(&s, cal, &row->res, err);
            if (st) {
                aib_free(out);
                return st;
            }
            row->quant = max_quant;
        }
        row->model = m;
        row->cls = classify(&row->res);
        if (tmpl->hw_id) {
            row->measured_tg = aib_find_measurement(cat, tmpl->hw_id, m->id, row->quant->id, tmpl->backend, "tg128");
            row->measured_pp = aib_find_measurement(cat, tmpl->hw_id, m->id, row->quant->id, tmpl->backend, "pp512");
        }
        k++;
    }
    qsort(out, k, sizeof *out, cmp_rows);
    *rows = out;
    *n = k;
    return AIB_OK;
}
