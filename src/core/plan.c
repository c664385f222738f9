/* plan.c: "what fits at this tier": every catalog model on one hardware, at the best quant
 * that fits, ranked so that what runs well comes first. */
#include "internal.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The quants a plan considers, most bits first: the common llama.cpp choices, so a plan
 * never recommends an exotic type when a standard one fits (docs/engine.md). */
static const char *const ladder[] = {"Q8_0",   "Q6_K",    "Q5_K_M", "Q4_K_M", "IQ4_XS",
                                     "Q3_K_M", "IQ3_M",   "IQ3_XXS", "Q2_K",   "IQ2_XXS"};

/* A measurement within this many tokens of the depth asked counts as measured at that depth. */
#define SAME_DEPTH 256.0
/* An estimate further than this from a measurement of the same setup gets a caveat. */
#define FAR_FROM_MEASURED 0.25

const char *const *aib_plan_ladder(size_t *n)
{
    *n = sizeof ladder / sizeof ladder[0];
    return ladder;
}

const char *aib_evidence_name(aib_evidence e)
{
    return e == AIB_EV_MEASURED ? "measured" : e == AIB_EV_ANCHORED ? "anchored" : "estimated";
}

aib_row_speed aib_row_decode(const aib_plan_row *row, int use_measured)
{
    const aib_result *r = &row->res;
    aib_row_speed v = {r->decode_tps, r->decode_lo, r->decode_hi, AIB_EV_ESTIMATED, NULL};
    if (!r->token_model || r->fit == AIB_FIT_NONE) {
        v.tps = v.lo = v.hi = NAN;
        return v;
    }
    if (!use_measured || !row->anchor || !aib_has(row->anchored_tps))
        return v;
    v.m = row->anchor;
    double gap = row->res.depth - (row->anchor->depth + atof(row->anchor->test + 2) / 2.0);
    if (fabs(gap) <= SAME_DEPTH) {
        v.tps = row->anchor->tps, v.evidence = AIB_EV_MEASURED;
        v.lo = v.hi = NAN;
        return v;
    }
    /* carried to the depth asked: the band is the size of that correction (it could be wrong by
     * as much) plus a measurement's own run-to-run spread, so it holds the measurement itself */
    v.tps = row->anchored_tps, v.evidence = AIB_EV_ANCHORED;
    double d = fabs(row->anchor->tps / row->anchored_tps - 1) + 0.03;
    v.lo = v.tps * (1 - d), v.hi = v.tps * (1 + d);
    return v;
}

const char *aib_caveat_label(const char *code)
{
    return !strcmp(code, "hybrid")                 ? "may be half this speed: recurrent layers the engine has no term for"
           : !strcmp(code, "context")              ? "past the context the model was trained on"
           : !strcmp(code, "far_from_measurement") ? "the estimate is far from a measurement, which is shown"
           : !strcmp(code, "below_floor")          ? "below the quality floor"
                                                   : "caveat";
}

int aib_row_caveat(const aib_plan_row *row, int i, const char **code, char *msg, size_t len)
{
    int k = -1;
    for (unsigned bit = 0; bit < 4; bit++) {
        if (!(row->caveats & (1u << bit)) || ++k != i)
            continue;
        switch (1u << bit) {
        case AIB_CAVEAT_HYBRID:
            *code = "hybrid";
            snprintf(msg, len, "%s mixes recurrent (linear-attention) layers with attention, which the engine has no "
                     "term for: the one published run of such a model decoded at 46%% of its estimate, so its speed "
                     "may be half the figure shown until it is measured", row->model->name);
            break;
        case AIB_CAVEAT_CONTEXT:
            *code = "context";
            snprintf(msg, len, "a context of %.0f tokens is above the %.0f %s was trained on: quality past that is "
                     "not what its benchmarks measured", row->res.ctx, row->model->max_context, row->model->name);
            break;
        case AIB_CAVEAT_FAR:
            *code = "far_from_measurement";
            snprintf(msg, len, "the engine's estimate (%.1f tok/s) is %.0f%% off a measurement of this setup on this "
                     "silicon (%.1f tok/s, %s at depth %.0f, carried to depth %.0f): the measurement is shown",
                     row->res.decode_tps, 100 * fabs(row->res.decode_tps / row->anchored_tps - 1), row->anchor->tps,
                     row->anchor->test, row->anchor->depth, row->res.depth);
            break;
        default:
            *code = "below_floor";
            snprintf(msg, len, "%s is below the quality floor (mean KL divergence %.3f against the 16-bit model): "
                     "expect visibly worse answers", row->quant->id, row->quant->kld);
            break;
        }
        return 1;
    }
    return 0;
}

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

aib_plan_class aib_plan_classify(const aib_result *r)
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

/* What a plan resolves once for every model: the quants it may pick (most bits first), those
 * below the quality floor, and this silicon's measurements on this backend. */
typedef struct {
    const aib_quant *ladder[sizeof ladder / sizeof ladder[0]], *below[sizeof ladder / sizeof ladder[0]];
    size_t n_ladder, n_below;
    int floor_lowered;            /* the best quant asked is below the floor: it wins, with a caveat */
    const aib_measurement **meas; /* same silicon and backend, any depth */
    size_t n_meas;
    const aib_hw *hw;
    const aib_catalog *cat;
    double max_bpw; /* the best quant asked */
} plan_ctx;


static int model_quant_cmp(const aib_measurement *a, const aib_measurement *b)
{
    int c = strcasecmp(a->model, b->model);
    return c ? c : strcasecmp(a->quant, b->quant);
}

static int by_model_quant(const void *x, const void *y)
{
    const aib_measurement *a = *(const aib_measurement *const *)x, *b = *(const aib_measurement *const *)y;
    int c = model_quant_cmp(a, b);
    return c ? c : (a > b) - (a < b); /* rows of one array: catalog order */
}

static aib_status plan_ctx_init(const aib_catalog *cat, const aib_setup *tmpl, const aib_quant *max_quant, plan_ctx *p,
                                aib_error *err)
{
    memset(p, 0, sizeof *p);
    p->cat = cat;
    p->max_bpw = max_quant->bpw;
    double floor_bpw = tmpl->min_bpw > max_quant->bpw ? (p->floor_lowered = 1, max_quant->bpw) : tmpl->min_bpw;
    for (size_t j = 0; j < sizeof ladder / sizeof ladder[0]; j++) {
        const aib_quant *q = aib_catalog_find_quant(cat, ladder[j]);
        if (!q || q->bpw > max_quant->bpw)
            continue;
        if (q->bpw >= floor_bpw)
            p->ladder[p->n_ladder++] = q;
        else
            p->below[p->n_below++] = q;
    }
    p->hw = tmpl->hw_id ? aib_catalog_find_hw(cat, tmpl->hw_id) : NULL;
    if (!p->hw)
        return AIB_OK;
    p->meas = aib_calloc(cat->n_meas + 1, sizeof *p->meas);
    if (!p->meas)
        return aib_fail(err, AIB_ERR_NOMEM, "out of memory");
    const aib_hw *last = NULL;
    int last_same = 0;
    for (size_t i = 0; i < cat->n_meas; i++) {
        const aib_measurement *x = &cat->meas[i];
        if (!aib_streq_ci(x->backend, tmpl->backend))
            continue;
        if (!last || !aib_streq_ci(last->id, x->hw)) { /* rows come grouped by hardware */
            last = aib_catalog_find_hw(cat, x->hw);
            last_same = last && aib_same_silicon(last, p->hw);
        }
        if (last_same)
            p->meas[p->n_meas++] = x;
    }
    /* by model and quant (catalog order within), so that a row finds its own in log time: a
     * catalog with 100,000 imported rows would otherwise be scanned once per row */
    qsort(p->meas, p->n_meas, sizeof *p->meas, by_model_quant);
    return AIB_OK;
}

/* The measurements of a model and quant on this silicon: p->meas[*lo .. *hi). */
static void meas_range(const plan_ctx *p, const aib_model *m, const aib_quant *q, size_t *lo, size_t *hi)
{
    aib_measurement key = {0};
    key.model = m->id, key.quant = q->id;
    size_t a = 0, b = p->n_meas;
    while (a < b) { /* first not below (model, quant) */
        size_t mid = a + (b - a) / 2;
        if (model_quant_cmp(p->meas[mid], &key) < 0)
            a = mid + 1;
        else
            b = mid;
    }
    *lo = a;
    for (b = a; b < p->n_meas && model_quant_cmp(p->meas[b], &key) == 0; b++)
        ;
    *hi = b;
}

/* The exact test at an empty context on this very hardware (the row's measured_tg/pp). */
static const aib_measurement *plan_measured(const plan_ctx *p, const aib_model *m, const aib_quant *q, const char *test)
{
    size_t lo, hi;
    meas_range(p, m, q, &lo, &hi);
    const aib_measurement *best = NULL; /* several runs of one test: the newest */
    for (size_t i = lo; i < hi; i++) {
        const aib_measurement *x = p->meas[i];
        if (x->depth == 0 && aib_streq_ci(x->hw, p->hw->id) && aib_streq_ci(x->test, test) &&
            (!best || strcmp(x->date, best->date) > 0))
            best = x;
    }
    return best;
}

/* The mean KV depth a tgN run decodes at: d .. d+N. */
static double run_depth(const aib_measurement *x) { return x->depth + atof(x->test + 2) / 2.0; }

/* The decode measurement of this model and quant on this silicon nearest to the depth asked
 * (this very hardware first at equal distance), and its speed carried to that depth. */
static void anchor_row(const plan_ctx *p, const aib_calibration *cal, const aib_setup *s, aib_plan_row *row)
{
    const aib_measurement *best = NULL;
    double best_d = INFINITY, depth = row->res.depth;
    size_t lo, hi;
    meas_range(p, row->model, row->quant, &lo, &hi);
    for (size_t i = lo; i < hi; i++) {
        const aib_measurement *x = p->meas[i];
        if (strncmp(x->test, "tg", 2))
            continue;
        double d = fabs(run_depth(x) - depth) + (aib_streq_ci(x->hw, p->hw->id) ? 0 : 0.5);
        if (d < best_d || (d == best_d && best && strcmp(x->date, best->date) > 0)) /* a tie: the newest run */
            best_d = d, best = x;
    }
    if (!best || row->res.fit != AIB_FIT_GPU)
        return;
    row->anchor = best;
    row->anchored_tps = best->tps * aib_decode_tps_at(s, cal, depth) / aib_decode_tps_at(s, cal, run_depth(best));
    if (fabs(row->res.decode_tps / row->anchored_tps - 1) > FAR_FROM_MEASURED)
        row->caveats |= AIB_CAVEAT_FAR;
}

/* The best quant of a list whose memory fits the GPU at the setup's context (the test
 * aib_estimate() makes), else NULL: memory alone decides, so only the pick is estimated. */
static const aib_quant *best_fit(const aib_quant *const *list, size_t n, const aib_setup *s)
{
    double ctx = s->ctx > 0 ? s->ctx : fmin(8192.0, aib_has(s->model->max_context) ? s->model->max_context : 8192.0);
    double budget = s->usable_gb * AIB_GIB;
    for (size_t j = 0; j < n; j++) {
        aib_setup t = *s;
        aib_memory mem;
        aib_setup_quant(&t, list[j]);
        aib_memory_needed(&t, ctx, &mem);
        if (mem.total <= budget)
            return list[j];
    }
    return NULL;
}

/* Below the floor: what would fit, and at what speed ("also possible at IQ2_XXS"). */
static aib_status below_floor(const plan_ctx *p, const aib_calibration *cal, aib_setup s, aib_plan_row *row,
                              aib_error *err)
{
    const aib_quant *q = best_fit(p->below, p->n_below, &s);
    if (!q)
        return AIB_OK;
    aib_result r;
    aib_setup_quant(&s, q);
    aib_status st = aib_estimate(&s, cal, &r, err);
    if (st)
        return st;
    row->also.quant = q;
    row->also.decode_tps = r.token_model ? r.decode_tps : NAN;
    row->also.max_ctx = r.max_ctx;
    return AIB_OK;
}

static aib_status plan_one(const plan_ctx *p, const aib_calibration *cal, const aib_setup *tmpl, const aib_model *m,
                           const aib_quant *max_quant, aib_plan_row *row, aib_error *err)
{
    memset(row, 0, sizeof *row);
    row->anchored_tps = row->also.decode_tps = row->also.max_ctx = NAN;
    aib_setup s = *tmpl;
    s.model = m;
    /* a model released in a file type of its own (gpt-oss in MXFP4): that type, or a smaller one
     * of the ladder when it does not fit; the ladder's larger types are no file anyone ships */
    const aib_quant *own = m->ships_as ? aib_catalog_find_quant(p->cat, m->ships_as) : NULL;
    const aib_quant *list[sizeof ladder / sizeof ladder[0] + 1];
    size_t nl = 0;
    if (own && own->bpw <= p->max_bpw) {
        list[nl++] = own;
        for (size_t j = 0; j < p->n_ladder; j++)
            if (p->ladder[j]->bpw < own->bpw)
                list[nl++] = p->ladder[j];
    } else
        for (size_t j = 0; j < p->n_ladder; j++)
            list[nl++] = p->ladder[j];
    const aib_quant *q = best_fit(list, nl, &s);
    row->quant = q ? q : max_quant; /* none fits: the target quant, with offload or no fit */
    aib_setup_quant(&s, row->quant);
    aib_status st = aib_estimate(&s, cal, &row->res, err);
    if (!st && !q && p->n_below)
        st = below_floor(p, cal, s, row, err);
    if (st)
        return st;
    row->model = m;
    if (p->hw) {
        row->measured_tg = plan_measured(p, m, row->quant, "tg128");
        row->measured_pp = plan_measured(p, m, row->quant, "pp512");
        anchor_row(p, cal, &s, row);
    }
    if (aib_model_is_hybrid(m))
        row->caveats |= AIB_CAVEAT_HYBRID;
    if (row->res.token_model && aib_has(m->max_context) && row->res.ctx > m->max_context)
        row->caveats |= AIB_CAVEAT_CONTEXT;
    if (p->floor_lowered || (tmpl->min_bpw > 0 && row->quant->bpw < tmpl->min_bpw - 1e-9))
        row->caveats |= AIB_CAVEAT_BELOW_FLOOR;
    row->cls = aib_plan_classify(&row->res);
    if (row->cls == AIB_PLAN_INTERACTIVE || row->cls == AIB_PLAN_SLOW) /* measured evidence decides */
        row->cls = aib_row_decode(row, 1).tps >= AIB_INTERACTIVE_TPS ? AIB_PLAN_INTERACTIVE : AIB_PLAN_SLOW;
    return AIB_OK;
}

aib_status aib_plan_fixed(const aib_catalog *cat, const aib_calibration *cal, const aib_setup *tmpl,
                          const aib_model *m, const aib_quant *q, aib_plan_row *row, aib_error *err)
{
    plan_ctx p;
    aib_status st = plan_ctx_init(cat, tmpl, q, &p, err);
    if (!st) {
        p.ladder[0] = q, p.n_ladder = 1, p.n_below = 0; /* this quant and no other */
        st = plan_one(&p, cal, tmpl, m, q, row, err);
        if (!st && row->res.fit != AIB_FIT_GPU)
            row->quant = q;
    }
    aib_free(p.meas);
    return st;
}

aib_status aib_plan_model(const aib_catalog *cat, const aib_calibration *cal, const aib_setup *tmpl,
                          const aib_model *m, const aib_quant *max_quant, aib_plan_row *row, aib_error *err)
{
    memset(row, 0, sizeof *row);
    if (!max_quant)
        return aib_fail(err, AIB_ERR_INVALID, "no target quant");
    plan_ctx p;
    aib_status st = plan_ctx_init(cat, tmpl, max_quant, &p, err);
    if (!st)
        st = plan_one(&p, cal, tmpl, m, max_quant, row, err);
    aib_free(p.meas);
    return st;
}

aib_status aib_plan(const aib_catalog *cat, const aib_calibration *cal, const aib_setup *tmpl,
                    const aib_quant *max_quant, aib_plan_row **rows, size_t *n, aib_error *err)
{
    *rows = NULL;
    *n = 0;
    if (!max_quant)
        return aib_fail(err, AIB_ERR_INVALID, "no target quant");
    aib_plan_row *out = aib_calloc(cat->n_models + 1, sizeof *out);
    plan_ctx p;
    aib_status st = out ? plan_ctx_init(cat, tmpl, max_quant, &p, err) : aib_fail(err, AIB_ERR_NOMEM, "out of memory");
    for (size_t i = 0; !st && i < cat->n_models; i++)
        st = plan_one(&p, cal, tmpl, &cat->models[i], max_quant, &out[i], err);
    if (out)
        aib_free(p.meas);
    if (st) {
        aib_free(out);
        return st;
    }
    qsort(out, cat->n_models, sizeof *out, cmp_rows);
    *rows = out;
    *n = cat->n_models;
    return AIB_OK;
}

/* ---- context sweep ---- */

static aib_status sweep_point(const aib_setup *base, const aib_calibration *cal, double c, aib_sweep_point *pt,
                              aib_error *err)
{
    aib_setup s = *base;
    aib_result r;
    s.ctx = c < 512 ? 512 : c; /* llama.cpp allocates at least a batch */
    s.depth = c;
    s.prompt = 0;
    aib_status st = aib_estimate(&s, cal, &r, err);
    if (st)
        return st;
    pt->ctx = c;
    pt->fit = r.fit;
    pt->memory_gib = r.mem.total / AIB_GIB;
    pt->decode_tps = r.token_model && r.fit == AIB_FIT_GPU ? r.decode_tps : NAN;
    return AIB_OK;
}

aib_status aib_sweep(const aib_setup *s, const aib_calibration *cal, aib_sweep_point *out, size_t *n, aib_error *err)
{
    *n = 0;
    aib_result r;
    aib_setup first = *s;
    aib_status st = aib_estimate(&first, cal, &r, err);
    if (st)
        return st;
    if (!r.token_model)
        return aib_fail(err, AIB_ERR_INVALID, "'%s' is not a token model: no context to sweep",
                        s->model->id ? s->model->id : "custom");
    double limit = s->model->max_context;
    if (r.max_ctx > 0 && r.max_ctx < limit)
        limit = r.max_ctx;
    size_t k = 0;
    for (double c = 0; c < limit && k < AIB_SWEEP_MAX - 1; c = c ? c * 2 : 1024)
        if ((st = sweep_point(s, cal, c, &out[k++], err)))
            return st;
    if ((st = sweep_point(s, cal, limit, &out[k++], err)))
        return st;
    *n = k;
    return AIB_OK;
}

/* ---- what-if ---- */

aib_status aib_whatif_apply(const aib_catalog *cat, aib_setup *s, const aib_quant **max_quant, const char *what,
                            const char *to, char *from, size_t from_len, aib_error *err)
{
    double v;
    if (!what || !to || !*to)
        return aib_fail(err, AIB_ERR_INVALID, "a what-if names one input and its new value");
    const aib_param *t = aib_params();
    aib_status st;
    if (!strcmp(what, "bw")) {
        if ((st = aib_param_number(&t[AIB_P_BW], to, &v, err)))
            return st;
        snprintf(from, from_len, "%g", s->bandwidth_gbs);
        if (s->host_bandwidth_gbs == s->bandwidth_gbs)
            s->host_bandwidth_gbs = v;
        s->bandwidth_gbs = v;
        s->hw_id = NULL;
    } else if (!strcmp(what, "mem")) {
        if ((st = aib_param_number(&t[AIB_P_MEM], to, &v, err)))
            return st;
        snprintf(from, from_len, "%g", s->memory_gb);
        aib_setup_resize(s, v);
        s->hw_id = NULL;
    } else if (!strcmp(what, "quant")) {
        const aib_quant *q = aib_catalog_find_quant(cat, to);
        if (!q)
            return aib_fail(err, AIB_ERR_NOTFOUND, "unknown quant '%s'", to);
        snprintf(from, from_len, "%s", *max_quant ? (*max_quant)->id : "");
        *max_quant = q;
    } else if (!strcmp(what, "kv")) {
        double b = aib_kv_type_bytes(to);
        char list[200];
        if (b == 0)
            return aib_fail(err, AIB_ERR_INVALID, "unknown KV cache type '%s' (%s)", to,
                            aib_choice_list(t[AIB_P_KV].choices, list, sizeof list));
        snprintf(from, from_len, "%s", s->kv_type ? s->kv_type : "f16");
        s->kv_type = aib_kv_type_name(to), s->kv_bytes = b;
    } else
        return aib_fail(err, AIB_ERR_INVALID, "a what-if changes bw, mem, quant or kv, not '%s'", what);
    return AIB_OK;
}

/* ---- configurations ---- */

void aib_setup_resize(aib_setup *s, double memory_gb)
{
    double k = memory_gb / s->memory_gb;
    int unified = s->host_bandwidth_gbs == s->bandwidth_gbs && s->host_ram_gb < s->memory_gb;
    s->usable_gb = fmax(0.1, fmin(memory_gb, s->usable_gb * k));
    if (unified || (s->backend && !strcmp(s->backend, "cpu")))
        s->host_ram_gb *= k;
    s->memory_gb = memory_gb;
}

const aib_config *aib_host_desktop(const aib_catalog *cat)
{
    for (size_t i = 0; i < cat->n_configs; i++)
        if (!strcmp(cat->configs[i].hw, "host-desktop"))
            return &cat->configs[i];
    return NULL;
}

static size_t add_config(aib_hw_config *out, size_t n, size_t max, aib_hw_config c)
{
    for (size_t i = 0; i < n; i++)
        if (out[i].memory_gb == c.memory_gb) {
            if (!aib_has(out[i].price_usd))
                out[i] = c;
            return n;
        }
    if (n < max)
        out[n++] = c;
    return n;
}

size_t aib_hw_configs(const aib_catalog *cat, const aib_hw *h, aib_hw_config *out, size_t max)
{
    size_t n = 0;
    int priced_other = aib_has(h->price_memory_gb) && h->price_memory_gb != h->memory_gb;
    aib_hw_config own = {h->memory_gb, priced_other ? NAN : h->price_usd, h->price_kind, h->price_source,
                         h->price_as_of, h->name};
    n = add_config(out, n, max, own);
    if (priced_other)
        n = add_config(out, n, max, (aib_hw_config){h->price_memory_gb, h->price_usd, h->price_kind, h->price_source,
                                                   h->price_as_of, h->name});
    for (size_t i = 0; i < cat->n_configs; i++) {
        const aib_config *c = &cat->configs[i];
        if (aib_streq_ci(c->hw, h->id))
            n = add_config(out, n, max, (aib_hw_config){c->memory_gb, c->price_usd, c->price_kind, c->source, c->as_of,
                                                       c->product});
    }
    for (size_t i = 1; i < n; i++) /* smallest memory first */
        for (size_t j = i; j > 0 && out[j].memory_gb < out[j - 1].memory_gb; j--) {
            aib_hw_config t = out[j];
            out[j] = out[j - 1], out[j - 1] = t;
        }
    return n;
}

int aib_hw_config_find(const aib_catalog *cat, const aib_hw *h, double memory_gb, aib_hw_config *out)
{
    aib_hw_config cs[AIB_MAX_CONFIGS];
    for (size_t i = 0, n = aib_hw_configs(cat, h, cs, AIB_MAX_CONFIGS); i < n; i++)
        if (cs[i].memory_gb == memory_gb) {
            *out = cs[i];
            return 1;
        }
    return 0;
}

/* ---- reverse ---- */

double aib_reverse_tps(const aib_plan_row *r)
{
    if (!r->res.token_model || r->res.fit != AIB_FIT_GPU)
        return 0;
    aib_row_speed h = aib_row_decode(r, 1);
    return (r->caveats & AIB_CAVEAT_HYBRID) && h.evidence == AIB_EV_ESTIMATED && aib_has(h.lo) ? h.lo : h.tps;
}

static double prefill_of(const aib_plan_row *r)
{
    if (!r->res.token_model || r->res.fit != AIB_FIT_GPU)
        return 0;
    return r->measured_pp ? r->measured_pp->tps : r->res.prefill_tps;
}

static int form_matches(const aib_hw *h, const char *want)
{
    if (!want || !*want)
        return 1;
    char a[160], b[64];
    snprintf(a, sizeof a, "%s %s", h->kind, h->form_factor ? h->form_factor : "");
    snprintf(b, sizeof b, "%s", want);
    for (char *p = a; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    for (char *p = b; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return strstr(a, b) != NULL;
}

static void why_add(aib_reverse_row *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void why_add(aib_reverse_row *r, const char *fmt, ...)
{
    size_t l = strlen(r->why);
    if (l && l + 2 < sizeof r->why)
        memcpy(r->why + l, "; ", 3), l += 2;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->why + l, sizeof r->why - l, fmt, ap);
    va_end(ap);
}

/* Evaluates the workload on one hardware with one backend. */
static aib_status reverse_one(const aib_catalog *cat, const aib_calibration *cal, const aib_workload *w,
                              const aib_hw *h, const char *backend, const plan_ctx *pc, const aib_hw_config *cfg,
                              aib_reverse_row *r, aib_error *err)
{
    memset(r, 0, sizeof *r);
    r->hw = h;
    aib_setup t;
    aib_setup_init(&t);
    aib_status st = aib_setup_from(&t, h, NULL, NULL, backend, err);
    if (st)
        return st;
    if (cfg->memory_gb != h->memory_gb)
        aib_setup_resize(&t, cfg->memory_gb);
    r->backend = t.backend;
    r->memory_gb = cfg->memory_gb;
    r->device_price = cfg->price_usd, r->price_kind = cfg->price_kind, r->price_as_of = cfg->as_of;
    r->product = cfg->product;
    /* a discrete card needs a computer around it: the price compared is the whole system's */
    const aib_config *host = strcmp(h->kind, "gpu") ? NULL : aib_host_desktop(cat);
    r->host_price = host ? host->price_usd : 0;
    r->total_price = r->device_price + r->host_price;
    if (w->kv_type)
        t.kv_type = w->kv_type, t.kv_bytes = aib_kv_type_bytes(w->kv_type);
    t.ctx = w->ctx;
    t.min_bpw = w->min_bpw;
    r->worst_tps = INFINITY, r->worst_prefill = INFINITY, r->mem_headroom_gb = INFINITY;
    double short_tps = 0, short_mem = 0, short_pp = 0;
    for (size_t i = 0; i < w->n_models; i++) {
        aib_plan_row *row = &r->rows[i];
        if ((st = plan_one(pc, cal, &t, w->models[i], w->max_quant, row, err)))
            return st;
        const aib_result *res = &row->res;
        double room = (res->budget - res->mem.total) / AIB_GIB;
        if (room < r->mem_headroom_gb)
            r->mem_headroom_gb = room;
        if (res->fit != AIB_FIT_GPU) {
            why_add(r, "%s does not fit: needs %.1f GiB at %s, %.1f GiB usable", w->models[i]->name,
                    res->mem.total / AIB_GIB, row->quant->id, res->budget / AIB_GIB);
            if (row->also.quant && w->floor) /* said, never counted as meeting it */
                why_add(r, "it fits only at %s, under the %s quality floor", row->also.quant->id, w->floor->id);
            double s = res->mem.total / res->budget - 1;
            short_mem = s > short_mem ? s : short_mem;
            r->worst_tps = 0;
            continue;
        }
        if (!res->token_model)
            continue;
        double tps = aib_reverse_tps(row), pp = prefill_of(row);
        if (tps < r->worst_tps)
            r->worst_tps = tps;
        if (isnan(pp) || pp < r->worst_prefill || isnan(r->worst_prefill))
            r->worst_prefill = pp;
        if (tps < w->min_tps) {
            why_add(r, "%s decodes at %.1f tok/s%s, under %g", w->models[i]->name, tps,
                    tps < aib_row_decode(row, 1).tps ? " at the low end of its band (recurrent layers, unmeasured)" : "",
                    w->min_tps);
            double s = 1 - tps / w->min_tps;
            short_tps = s > short_tps ? s : short_tps;
        }
        if (aib_has(w->min_prefill)) {
            if (isnan(pp))
                why_add(r, "no prefill estimate for %s (no compute figure in the catalog)", w->models[i]->name),
                    short_pp = short_pp > 1 ? short_pp : 1;
            else if (pp < w->min_prefill) {
                why_add(r, "%s prefills at %.0f tok/s, under %g", w->models[i]->name, pp, w->min_prefill);
                double s = 1 - pp / w->min_prefill;
                short_pp = s > short_pp ? s : short_pp;
            }
        }
    }
    if (isinf(r->worst_tps))
        r->worst_tps = NAN;
    if (isinf(r->worst_prefill))
        r->worst_prefill = NAN;
    r->headroom = w->min_tps > 0 && aib_has(r->worst_tps) ? r->worst_tps / w->min_tps : NAN;
    double short_price = 0, short_power = 0, short_form = 0;
    if (aib_has(w->budget_usd)) {
        if (!aib_has(r->total_price))
            why_add(r, "no price in the catalog"), short_price = 1;
        else if (r->total_price > w->budget_usd) {
            if (r->host_price > 0)
                why_add(r, "costs $%.0f with a $%.0f desktop around it, over the $%.0f budget", r->total_price,
                        r->host_price, w->budget_usd);
            else
                why_add(r, "costs $%.0f, over the $%.0f budget", r->total_price, w->budget_usd);
            short_price = r->total_price / w->budget_usd - 1;
        }
    }
    if (aib_has(w->power_w)) {
        if (!aib_has(h->power_max_w))
            why_add(r, "no power figure in the catalog"), short_power = 1;
        else if ((aib_has(h->power_min_w) ? h->power_min_w : h->power_max_w) > w->power_w) {
            why_add(r, "draws %.0f W, over the %.0f W cap", h->power_max_w, w->power_w);
            short_power = h->power_max_w / w->power_w - 1;
        }
    }
    if (!form_matches(h, w->form_factor)) {
        why_add(r, "form factor is %s, not %s", h->form_factor ? h->form_factor : h->kind, w->form_factor);
        short_form = 10; /* a different kind of machine: listed, but last */
    }
    double s = short_tps;
    s = short_mem > s ? short_mem : s;
    s = short_pp > s ? short_pp : s;
    s = short_price > s ? short_price : s;
    s = short_power > s ? short_power : s;
    s = short_form > s ? short_form : s;
    r->shortfall = s;
    r->meets = r->why[0] == '\0';
    return AIB_OK;
}

static int cmp_reverse(const void *a, const void *b)
{
    const aib_reverse_row *x = a, *y = b;
    if (x->meets != y->meets)
        return y->meets - x->meets;
    if (x->meets) { /* cheapest whole system first; no price last; then the fastest */
        int px = aib_has(x->total_price), py = aib_has(y->total_price);
        if (px != py)
            return py - px;
        if (px && x->total_price != y->total_price)
            return x->total_price < y->total_price ? -1 : 1;
        if (x->worst_tps != y->worst_tps)
            return x->worst_tps > y->worst_tps ? -1 : 1;
    } else if (x->shortfall != y->shortfall)
        return x->shortfall < y->shortfall ? -1 : 1;
    return strcmp(x->hw->id, y->hw->id);
}

/* Is cand a better answer for one hardware than cur (have: cur is set)? Meeting beats missing;
 * among those that meet, the cheaper system; else the smaller shortfall, then the faster. */
static int better(const aib_reverse_row *cand, const aib_reverse_row *cur, int have)
{
    if (!have)
        return 1;
    if (cand->meets != cur->meets)
        return cand->meets;
    if (cand->meets && aib_has(cand->total_price) != aib_has(cur->total_price))
        return aib_has(cand->total_price);
    if (cand->meets && aib_has(cand->total_price) && aib_has(cur->total_price) && cand->total_price != cur->total_price)
        return cand->total_price < cur->total_price;
    if (cand->shortfall != cur->shortfall)
        return cand->shortfall < cur->shortfall;
    return cand->worst_tps > cur->worst_tps;
}

/* A backend other than a hardware's first counts only where this silicon has measurements on
 * it: its default backend is the vendor's (CUDA for NVIDIA, Metal for Apple), and the others
 * are compared on evidence, never on their constants alone. */
static int backend_measured(const aib_catalog *cat, const aib_hw *h, const char *backend)
{
    const aib_hw *o = NULL;
    for (size_t i = 0; i < cat->n_meas; i++) {
        const aib_measurement *x = &cat->meas[i];
        if (!aib_streq_ci(x->backend, backend))
            continue;
        if (!o || !aib_streq_ci(o->id, x->hw)) /* rows come in runs of one hardware */
            o = aib_catalog_find_hw(cat, x->hw);
        if (o && aib_same_silicon(o, h))
            return 1;
    }
    return 0;
}

aib_status aib_reverse(const aib_catalog *cat, const aib_calibration *cal, const aib_workload *w,
                       aib_reverse_row **rows, size_t *n, aib_error *err)
{
    *rows = NULL;
    *n = 0;
    if (!w->n_models || w->n_models > AIB_WORKLOAD_MAX_MODELS)
        return aib_fail(err, AIB_ERR_INVALID, "a workload has 1 to %d models", AIB_WORKLOAD_MAX_MODELS);
    if (!w->max_quant)
        return aib_fail(err, AIB_ERR_INVALID, "no target quant");
    const aib_param *mt = &aib_params()[AIB_P_MIN_TPS];
    if (!(w->min_tps >= mt->lo && w->min_tps <= mt->hi))
        return aib_fail(err, AIB_ERR_INVALID, "minimum decode speed %g is out of range", w->min_tps);
    aib_reverse_row *out = aib_calloc(cat->n_hw + 1, sizeof *out);
    if (!out)
        return aib_fail(err, AIB_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < cat->n_hw; i++) {
        const aib_hw *h = &cat->hw[i];
        /* its first backend, and the others it has measurements on (the CPU only on CPU boxes),
         * in every configuration; keep the best */
        int gpu = strcmp(h->backends, "cpu") != 0, have = 0, first = 1;
        aib_hw_config cfgs[AIB_MAX_CONFIGS];
        size_t nc = aib_hw_configs(cat, h, cfgs, AIB_MAX_CONFIGS);
        const char *p = h->backends;
        while (*p) {
            while (*p == ' ' || *p == ',')
                p++;
            size_t len = strcspn(p, ",");
            char b[16];
            snprintf(b, sizeof b, "%.*s", (int)(len < 15 ? len : 15), p);
            p += len;
            char *e = b + strlen(b);
            while (e > b && e[-1] == ' ')
                *--e = '\0';
            if (!*b || (gpu && !strcmp(b, "cpu")) || (!first && !backend_measured(cat, h, b)))
                continue;
            first = 0;
            /* the quant ladder and this silicon's measurements, once for every configuration */
            aib_setup base;
            aib_setup_init(&base);
            plan_ctx pc = {0};
            aib_status st = aib_setup_from(&base, h, NULL, NULL, b, err);
            base.min_bpw = w->min_bpw;
            if (!st)
                st = plan_ctx_init(cat, &base, w->max_quant, &pc, err);
            for (size_t k = 0; !st && k < nc; k++) {
                aib_reverse_row cand;
                if ((st = reverse_one(cat, cal, w, h, b, &pc, &cfgs[k], &cand, err)))
                    break;
                if (better(&cand, &out[i], have))
                    out[i] = cand;
                have = 1;
            }
            aib_free(pc.meas);
            if (st) {
                aib_free(out);
                return st;
            }
        }
    }
    qsort(out, cat->n_hw, sizeof *out, cmp_reverse);
    *rows = out;
    *n = cat->n_hw;
    return AIB_OK;
}
