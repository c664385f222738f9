/* view.c: what each page shows, computed from the catalog and the engine and returned as
 * JSON. The HTML pages are drawn from these objects and the API returns them as they are,
 * so a page and its API answer cannot disagree. */
#include "web.h"
#include "front/render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A backend "matters" when measured decode speeds of one model on two backends of the same
 * silicon differ by more than this factor (docs/site.md). */
#define BACKEND_SPREAD 1.25
/* The dense model every hardware page quotes as its yardstick, when it runs there. */
#define REFERENCE_MODEL "llama-3.1-8b"

const char *jstr(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

double jnum(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

void aib_json_sort(json_t *a, int (*before)(json_t *x, json_t *y, const void *ctx), const void *ctx)
{
    size_t n = json_array_size(a);
    for (size_t i = 1; i < n; i++) /* insertion sort: stable, and the arrays are small */
        for (size_t j = i; j > 0; j--) {
            json_t *p = json_array_get(a, j - 1), *q = json_array_get(a, j);
            if (!before(q, p, ctx))
                break;
            json_incref(p);
            json_array_set(a, j - 1, q);
            json_array_set_new(a, j, p);
        }
}

int aib_num_desc_before(double x, double y)
{
    return isnan(y) ? !isnan(x) : (!isnan(x) && x > y);
}

static int faster(json_t *x, json_t *y, const void *ctx)
{
    (void)ctx;
    return aib_num_desc_before(jnum(x, "tps"), jnum(y, "tps"));
}

static int larger(json_t *x, json_t *y, const void *ctx)
{
    (void)ctx;
    return aib_num_desc_before(jnum(x, "params_total_b"), jnum(y, "params_total_b"));
}

static void set_num(json_t *o, const char *k, double v)
{
    json_object_set_new(o, k, aib_has(v) ? json_real(v) : json_null());
}

static double r1(double v) { return round(v * 10) / 10; }

const aib_hw_plan *aib_site_plan(const aib_site_data *d, const char *hw_id)
{
    for (size_t i = 0; i < d->nplans; i++)
        if (!strcasecmp(d->plans[i].hw->id, hw_id))
            return &d->plans[i];
    return NULL;
}

const aib_plan_row *aib_plan_find(const aib_hw_plan *p, const char *model_id)
{
    for (size_t i = 0; i < p->n; i++)
        if (!strcasecmp(p->rows[i].model->id, model_id))
            return &p->rows[i];
    return NULL;
}

static int is_moe(const aib_model *m) { return aib_has(m->experts); }
static int is_unified(const aib_hw *h) { return strcmp(h->kind, "gpu") != 0; }

json_t *aib_view_brief(const aib_hw_plan *p, const aib_plan_row *row)
{
    json_t *o = json_object();
    json_object_set_new(o, "model", json_string(row->model->id));
    json_object_set_new(o, "name", json_string(row->model->name));
    json_object_set_new(o, "hw", json_string(p->hw->id));
    json_object_set_new(o, "quant", json_string(row->quant->id));
    json_object_set_new(o, "class", json_string(aib_plan_class_name(row->cls)));
    json_object_set_new(o, "moe", json_boolean(is_moe(row->model)));
    json_object_set_new(o, "use_cases", json_string(row->model->use_cases ? row->model->use_cases : ""));
    set_num(o, "params_total_b", row->model->params_total_b);
    set_num(o, "memory_gib", aib_gib(row->res.mem.total));
    const aib_result *r = &row->res;
    set_num(o, "gb_per_token", r->token_model ? round(r->bytes_per_token / 1e7) / 100 : NAN);
    if (r->token_model && r->fit != AIB_FIT_NONE) {
        aib_headline h = aib_headline_decode(r, row->measured_tg, 1);
        set_num(o, "tps", r1(h.tps));
        json_object_set_new(o, "evidence", json_string(h.measured ? "measured" : "estimated"));
        set_num(o, "low", h.measured ? NAN : r1(r->decode_lo));
        set_num(o, "high", h.measured ? NAN : r1(r->decode_hi));
        if (h.measured) {
            json_object_set_new(o, "source", json_string(row->measured_tg->source));
            json_object_set_new(o, "date", json_string(row->measured_tg->date));
            json_object_set_new(o, "software", json_string(row->measured_tg->software));
        }
    } else {
        json_object_set_new(o, "tps", json_null());
        json_object_set_new(o, "evidence", json_string(r->fit == AIB_FIT_NONE ? "does not fit" : "fits"));
    }
    return o;
}

static json_t *editorial(const aib_editorial *e)
{
    if (!e)
        return json_null();
    json_t *o = json_pack("{s:s, s:s, s:s}", "text", e->text ? e->text : "", "source", e->source, "as_of", e->as_of);
    if (e->ref)
        json_object_set_new(o, "ref", json_string(e->ref));
    return o;
}

static double bw_of(const aib_hw *h, int measured)
{
    return measured && aib_has(h->bandwidth_measured_gbs) ? h->bandwidth_measured_gbs : h->bandwidth_gbs;
}

/* The peer: the editorial one, else the catalog entry of the same kind whose bandwidth is
 * the nearest below this one's (the nearest above when none is below). */
static const aib_hw *pick_peer(const aib_site_data *d, const aib_hw *h, int *editorial_pick)
{
    const aib_editorial *e = aib_catalog_editorial(d->cat, h->id, "peer", NULL);
    *editorial_pick = e != NULL;
    if (e)
        return aib_catalog_find_hw(d->cat, e->ref);
    const aib_hw *below = NULL, *above = NULL;
    for (size_t i = 0; i < d->nplans; i++) {
        const aib_hw *o = d->plans[i].hw;
        if (o == h || strcmp(o->kind, h->kind) || (o->family && h->family && !strcmp(o->family, h->family)))
            continue;
        if (o->bandwidth_gbs < h->bandwidth_gbs) {
            if (!below || o->bandwidth_gbs > below->bandwidth_gbs)
                below = o;
        } else if (!above || o->bandwidth_gbs < above->bandwidth_gbs)
            above = o;
    }
    return below ? below : above;
}

/* The model the summary quotes: the editorial one, else the largest MoE that decodes at
 * twice the interactive speed, else the largest interactive model. */
static const aib_plan_row *pick_headline(const aib_site_data *d, const aib_hw_plan *p)
{
    const aib_editorial *e = aib_catalog_editorial(d->cat, p->hw->id, "headline", NULL);
    if (e) {
        const aib_plan_row *r = aib_plan_find(p, e->ref);
        if (r)
            return r;
    }
    for (size_t i = 0; i < p->n; i++)
        if (p->rows[i].cls == AIB_PLAN_INTERACTIVE && is_moe(p->rows[i].model) &&
            aib_headline_decode(&p->rows[i].res, p->rows[i].measured_tg, 1).tps >= 2 * AIB_INTERACTIVE_TPS)
            return &p->rows[i];
    for (size_t i = 0; i < p->n; i++)
        if (p->rows[i].cls == AIB_PLAN_INTERACTIVE)
            return &p->rows[i];
    return NULL;
}

static const char *const use_cases[] = {"coding", "chat", "docs", "image", "agents", "voice"};
static const char *const use_labels[] = {"Coding", "Chat / general", "Docs & retrieval", "Image", "Agents", "Voice"};

/* Computed pick: the largest model for the use case that runs here (interactive for token
 * models, fits for image and voice). Rows are sorted by class, then size. */
static const aib_plan_row *computed_pick(const aib_hw_plan *p, const char *use)
{
    for (size_t i = 0; i < p->n; i++) {
        const aib_plan_row *r = &p->rows[i];
        if ((r->cls == AIB_PLAN_INTERACTIVE || r->cls == AIB_PLAN_FITS) && r->model->use_cases &&
            strstr(r->model->use_cases, use))
            return r;
    }
    return NULL;
}

static json_t *picks(const aib_site_data *d, const aib_hw_plan *p)
{
    json_t *a = json_array();
    for (size_t u = 0; u < 6; u++) {
        char sec[32];
        snprintf(sec, sizeof sec, "pick-%s", use_cases[u]);
        const aib_editorial *e = aib_catalog_editorial(d->cat, p->hw->id, sec, NULL);
        const aib_plan_row *r = e ? aib_plan_find(p, e->ref) : computed_pick(p, use_cases[u]);
        json_t *o = r ? aib_view_brief(p, r) : json_object();
        json_object_set_new(o, "use_case", json_string(use_cases[u]));
        json_object_set_new(o, "label", json_string(use_labels[u]));
        if (e) {
            json_object_set_new(o, "reason", json_string(e->text));
            json_object_set_new(o, "reason_source", json_string(e->source));
            json_object_set_new(o, "picked_by", json_string("editorial"));
        } else if (r) {
            char why[200];
            snprintf(why, sizeof why, "The largest %s model in the catalog that %s here.", use_cases[u],
                     r->res.token_model ? "runs at interactive speed" : "fits");
            json_object_set_new(o, "reason", json_string(why));
            json_object_set_new(o, "picked_by", json_string("computed"));
        } else {
            json_object_set_new(o, "reason", json_string("Nothing in the catalog for this use runs well here."));
            json_object_set_new(o, "picked_by", json_string("computed"));
        }
        json_array_append_new(a, o);
    }
    return a;
}

static int same_silicon(const aib_site_data *d, const aib_hw *h, const char *hw_id)
{
    const aib_hw *o = aib_catalog_find_hw(d->cat, hw_id);
    if (!o)
        return 0;
    if (o == h)
        return 1;
    return o->family && h->family && !strcmp(o->family, h->family);
}

/* Measured decode on two GPU backends of the same silicon, far apart: the widest such gap.
 * (The CPU backend is not a choice one makes on a machine with a GPU.) */
static json_t *backend_watchout(const aib_site_data *d, const aib_hw *h)
{
    size_t n = aib_catalog_measurement_count(d->cat);
    const aib_measurement *best_a = NULL, *best_b = NULL;
    double best_ratio = BACKEND_SPREAD;
    for (size_t i = 0; i < n; i++) {
        const aib_measurement *a = aib_catalog_measurement_at(d->cat, i);
        if (strncmp(a->test, "tg", 2) || a->depth != 0 || !strcmp(a->backend, "cpu") || !same_silicon(d, h, a->hw))
            continue;
        for (size_t j = 0; j < n; j++) {
            const aib_measurement *b = aib_catalog_measurement_at(d->cat, j);
            if (!strcmp(a->backend, b->backend) || !strcmp(b->backend, "cpu") || strcmp(a->test, b->test) || b->depth != 0 ||
                strcmp(a->model, b->model) || strcmp(a->quant, b->quant) || !same_silicon(d, h, b->hw))
                continue;
            double ratio = a->tps / b->tps;
            if (ratio > best_ratio)
                best_ratio = ratio, best_a = a, best_b = b;
        }
    }
    if (!best_a)
        return NULL;
    const aib_model *m = aib_catalog_find_model(d->cat, best_a->model);
    char text[600];
    snprintf(text, sizeof text,
             "Backend choice matters here: measured on this silicon, %s %s decodes at %.1f tok/s on %s and %.1f on "
             "%s (%.1fx apart). Pick the backend per model.",
             m ? m->name : best_a->model, best_a->quant, best_a->tps, best_a->backend, best_b->tps, best_b->backend,
             best_ratio);
    char src[1100];
    snprintf(src, sizeof src, "%s | %s", best_a->source, best_b->source);
    return json_pack("{s:s, s:s, s:s, s:f}", "text", text, "source", src, "kind", "backend", "ratio", r1(best_ratio));
}

static json_t *hw_figures(const aib_hw *h)
{
    json_t *o = json_object();
    set_num(o, "memory_gib", h->memory_gb);
    json_object_set_new(o, "memory_label", json_string(is_unified(h) ? "unified" : "VRAM"));
    set_num(o, "gpu_usable_gib", h->gpu_usable_gb);
    int meas = aib_has(h->bandwidth_measured_gbs);
    set_num(o, "bandwidth_gbs", bw_of(h, 1));
    json_object_set_new(o, "bandwidth_basis", json_string(meas ? "measured" : "theoretical"));
    if (meas)
        json_object_set_new(o, "bandwidth_source", json_string(h->bandwidth_measured_source));
    set_num(o, "bandwidth_theoretical_gbs", h->bandwidth_gbs);
    set_num(o, "power_min_w", h->power_min_w);
    set_num(o, "power_max_w", h->power_max_w);
    set_num(o, "price_usd", h->price_usd);
    set_num(o, "fp16_tflops", h->fp16_tflops);
    set_num(o, "fp32_tflops", h->fp32_tflops);
    return o;
}

static size_t count_measured(const aib_site_data *d, const aib_hw *h, const char **last)
{
    size_t k = 0;
    *last = NULL;
    for (size_t i = 0; i < aib_catalog_measurement_count(d->cat); i++) {
        const aib_measurement *x = aib_catalog_measurement_at(d->cat, i);
        if (!strcasecmp(x->hw, h->id)) {
            k++;
            if (!*last || strcmp(x->date, *last) > 0)
                *last = x->date;
        }
    }
    return k;
}

/* Does an array of briefs name this model already? */
static int has_model(json_t *briefs, const char *id)
{
    size_t i;
    json_t *o;
    json_array_foreach(briefs, i, o)
        if (!strcmp(jstr(o, "model"), id))
            return 1;
    return 0;
}

static void ed_set(json_t *o, const char *key, const aib_site_data *d, const char *hw, const char *section)
{
    json_object_set_new(o, key, editorial(aib_catalog_editorial(d->cat, hw, section, NULL)));
}

json_t *aib_view_hw(const aib_site_data *d, const aib_hw_plan *p)
{
    const aib_hw *h = p->hw;
    json_t *v = json_object();
    json_object_set_new(v, "hw", aib_json_hw(h));
    json_object_set_new(v, "backend", json_string(p->tmpl.backend));
    json_object_set_new(v, "unified", json_boolean(is_unified(h)));
    json_object_set_new(v, "figures", hw_figures(h));
    ed_set(v, "tagline", d, h->id, "tagline");
    ed_set(v, "class", d, h->id, "class");
    ed_set(v, "verdict", d, h->id, "verdict");

    /* summary: editorial lead, computed headline speed and peer ratios */
    json_t *sum = json_object();
    ed_set(sum, "lead", d, h->id, "summary");
    const aib_plan_row *head = pick_headline(d, p);
    json_object_set_new(sum, "headline", head ? aib_view_brief(p, head) : json_null());
    int ed_peer;
    const aib_hw *peer = pick_peer(d, h, &ed_peer);
    if (peer) {
        int both_measured = aib_has(h->bandwidth_measured_gbs) && aib_has(peer->bandwidth_measured_gbs);
        json_object_set_new(sum, "peer", json_pack("{s:s, s:s, s:f, s:f, s:s, s:s}", "id", peer->id, "name", peer->name,
                                                   "bandwidth_ratio", r1(bw_of(h, both_measured) / bw_of(peer, both_measured)),
                                                   "memory_ratio", r1(h->memory_gb / peer->memory_gb), "basis",
                                                   both_measured ? "measured" : "theoretical", "picked_by",
                                                   ed_peer ? "editorial" : "computed"));
    } else
        json_object_set_new(sum, "peer", json_null());
    json_object_set_new(v, "summary", sum);

    /* runs well: the picks for coding, chat and docs when they are interactive, else the
     * largest interactive models; at most three, no model twice */
    json_t *pk = picks(d, p), *well = json_array();
    for (size_t i = 0; i < json_array_size(pk) && json_array_size(well) < 3; i++) {
        json_t *o = json_array_get(pk, i);
        if (!strcmp(jstr(o, "class"), "interactive") && !has_model(well, jstr(o, "model")))
            json_array_append(well, o);
    }
    for (size_t i = 0; i < p->n && json_array_size(well) < 3; i++) {
        if (p->rows[i].cls == AIB_PLAN_INTERACTIVE && !has_model(well, p->rows[i].model->id))
            json_array_append_new(well, aib_view_brief(p, &p->rows[i]));
    }
    json_object_set_new(v, "runs_well", well);
    json_object_set_new(v, "picks", pk);

    /* what fits at this tier: the yardstick, the headline, the largest interactive model,
     * and the largest trap */
    json_t *tier = json_array();
    const aib_plan_row *ref = aib_plan_find(p, REFERENCE_MODEL), *largest = NULL, *trap = NULL;
    for (size_t i = 0; i < p->n; i++) {
        if (!largest && p->rows[i].cls == AIB_PLAN_INTERACTIVE)
            largest = &p->rows[i];
        /* the trap to name: the largest dense model that fits but is slow (the classic
         * mistake of buying memory for dense models), else the largest slow one */
        if (p->rows[i].cls == AIB_PLAN_SLOW && (!trap || (is_moe(trap->model) && !is_moe(p->rows[i].model))))
            trap = &p->rows[i];
    }
    const aib_plan_row *hl[4] = {ref, head, largest, trap};
    static const char *const roles[4] = {"reference", "headline", "largest", "trap"};
    for (int i = 0; i < 4; i++) {
        if (!hl[i] || hl[i]->cls == AIB_PLAN_NO_FIT)
            continue;
        int dup = 0;
        for (int j = 0; j < i; j++)
            dup |= hl[j] == hl[i];
        if (dup)
            continue;
        json_t *o = aib_view_brief(p, hl[i]);
        json_object_set_new(o, "role", json_string(roles[i]));
        json_array_append_new(tier, o);
    }
    json_object_set_new(v, "tier", tier);

    /* watchouts: editorial first, then computed traps and backend spread */
    json_t *w = json_array();
    for (const aib_editorial *e = aib_catalog_editorial(d->cat, h->id, "watchout", NULL); e;
         e = aib_catalog_editorial(d->cat, h->id, "watchout", e)) {
        json_t *o = editorial(e);
        json_object_set_new(o, "kind", json_string("editorial"));
        json_array_append_new(w, o);
    }
    json_t *bw = backend_watchout(d, h);
    if (bw)
        json_array_append_new(w, bw);
    json_t *traps = json_array();
    for (size_t i = 0; i < p->n; i++)
        if (p->rows[i].cls == AIB_PLAN_SLOW)
            json_array_append_new(traps, aib_view_brief(p, &p->rows[i]));
    if (trap) {
        char text[700], tps[32];
        aib_headline hd = aib_headline_decode(&trap->res, trap->measured_tg, 1);
        int k = snprintf(text, sizeof text,
                         "%s is a trap: at %s it fits in %.0f GB, but decodes at ~%s tok/s (%s), under the %g tok/s "
                         "of interactive use: a demo, not a daily driver.",
                         trap->model->name, trap->quant->id, ceil(aib_gib(trap->res.mem.total)),
                         aib_fmt(hd.tps, tps, sizeof tps), hd.measured ? "measured" : "estimated", AIB_INTERACTIVE_TPS);
        size_t others = json_array_size(traps) - 1;
        if (others && k > 0 && (size_t)k < sizeof text)
            snprintf(text + k, sizeof text - (size_t)k, " %zu other catalog model%s fit%s here but run%s as slowly.",
                     others, others > 1 ? "s" : "", others > 1 ? "" : "s", others > 1 ? "" : "s");
        json_array_append_new(w, json_pack("{s:s, s:s}", "text", text, "kind", "trap"));
    }
    json_object_set_new(v, "traps", traps);
    json_object_set_new(v, "watchouts", w);

    /* the call */
    json_t *call = json_object();
    ed_set(call, "buy_if", d, h->id, "buy_if");
    ed_set(call, "skip_if", d, h->id, "skip_if");
    json_t *alts = json_array();
    for (const aib_editorial *e = aib_catalog_editorial(d->cat, h->id, "alternative", NULL); e;
         e = aib_catalog_editorial(d->cat, h->id, "alternative", e)) {
        const aib_hw *a = aib_catalog_find_hw(d->cat, e->ref);
        json_t *o = hw_figures(a);
        json_object_set_new(o, "id", json_string(a->id));
        json_object_set_new(o, "name", json_string(a->name));
        json_object_set_new(o, "reason", json_string(e->text));
        json_object_set_new(o, "source", json_string(e->source));
        json_array_append_new(alts, o);
    }
    json_object_set_new(call, "alternatives", alts);
    json_object_set_new(v, "call", call);

    json_t *lc = json_object();
    ed_set(lc, "local_wins", d, h->id, "local_wins");
    ed_set(lc, "cloud_wins", d, h->id, "cloud_wins");
    ed_set(lc, "summary", d, h->id, "local_cloud");
    json_object_set_new(v, "local_cloud", lc);

    const char *last = NULL;
    size_t nm = count_measured(d, h, &last);
    json_object_set_new(v, "evidence", json_pack("{s:s, s:i, s:s, s:s}", "level", nm ? "measured" : "estimated",
                                                 "measured_rows", (int)nm, "last_measured", last ? last : "",
                                                 "last_verified", h->as_of));
    char url[256];
    snprintf(url, sizeof url, "/planner/?hw=%s", h->id);
    json_object_set_new(v, "planner_url", json_string(url));
    json_t *rows = json_array();
    for (size_t i = 0; i < p->n; i++)
        json_array_append_new(rows, aib_view_brief(p, &p->rows[i]));
    json_object_set_new(v, "models", rows);
    return v;
}

/* One row of the index: the record's figures and what runs there. */
static json_t *index_row(const aib_hw_plan *p)
{
    const aib_hw *h = p->hw;
    json_t *o = hw_figures(h);
    json_object_set_new(o, "id", json_string(h->id));
    json_object_set_new(o, "name", json_string(h->name));
    json_object_set_new(o, "maker", json_string(h->maker));
    json_object_set_new(o, "kind", json_string(h->kind));
    json_object_set_new(o, "backend", json_string(p->tmpl.backend));
    int nint = 0;
    const aib_plan_row *big = NULL;
    for (size_t i = 0; i < p->n; i++)
        if (p->rows[i].cls == AIB_PLAN_INTERACTIVE) {
            nint++;
            if (!big)
                big = &p->rows[i];
        }
    json_object_set_new(o, "interactive_models", json_integer(nint));
    json_object_set_new(o, "largest_interactive", big ? aib_view_brief(p, big) : json_null());
    return o;
}

json_t *aib_view_index(const aib_site_data *d)
{
    json_t *a = json_array();
    for (size_t i = 0; i < d->nplans; i++)
        json_array_append_new(a, index_row(&d->plans[i]));
    return json_pack("{s:o, s:f}", "hardware", a, "interactive_tps", AIB_INTERACTIVE_TPS);
}

json_t *aib_view_model(const aib_site_data *d, const aib_model *m)
{
    json_t *v = json_object();
    json_object_set_new(v, "model", aib_json_model(m));
    json_object_set_new(v, "moe", json_boolean(is_moe(m)));
    json_t *a = json_array();
    for (size_t i = 0; i < d->nplans; i++) {
        const aib_plan_row *r = aib_plan_find(&d->plans[i], m->id);
        if (!r)
            continue;
        json_t *o = aib_view_brief(&d->plans[i], r);
        json_object_set_new(o, "hw_name", json_string(d->plans[i].hw->name));
        json_object_set_new(o, "backend", json_string(d->plans[i].tmpl.backend));
        set_num(o, "bandwidth_gbs", d->plans[i].hw->bandwidth_gbs);
        set_num(o, "price_usd", d->plans[i].hw->price_usd);
        json_array_append_new(a, o);
    }
    aib_json_sort(a, faster, NULL); /* fastest first; what does not run last */
    json_object_set_new(v, "hardware", a);
    return v;
}

json_t *aib_view_models(const aib_site_data *d)
{
    json_t *a = json_array();
    for (size_t i = 0; i < aib_catalog_model_count(d->cat); i++) {
        const aib_model *m = aib_catalog_model_at(d->cat, i);
        int runs = 0;
        for (size_t k = 0; k < d->nplans; k++) {
            const aib_plan_row *r = aib_plan_find(&d->plans[k], m->id);
            runs += r && (r->cls == AIB_PLAN_INTERACTIVE || r->cls == AIB_PLAN_FITS);
        }
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:b, s:i}", "id", m->id, "name", m->name, "modality", m->modality,
                              "use_cases", m->use_cases ? m->use_cases : "", "moe", is_moe(m), "runs_well_on", runs);
        set_num(o, "params_total_b", m->params_total_b);
        set_num(o, "params_active_b", m->params_active_b);
        json_array_append_new(a, o);
    }
    return json_pack("{s:o}", "models", a);
}

json_t *aib_view_compare(const aib_site_data *d, const aib_hw_plan *const *ps, size_t n)
{
    json_t *v = json_object(), *hws = json_array(), *rows = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = hw_figures(ps[i]->hw);
        json_object_set_new(o, "id", json_string(ps[i]->hw->id));
        json_object_set_new(o, "name", json_string(ps[i]->hw->name));
        json_object_set_new(o, "backend", json_string(ps[i]->tmpl.backend));
        json_array_append_new(hws, o);
    }
    /* every model that runs well on at least one of them, in the first one's order of size */
    for (size_t k = 0; k < aib_catalog_model_count(d->cat); k++) {
        const aib_model *m = aib_catalog_model_at(d->cat, k);
        int any = 0;
        json_t *cells = json_array();
        for (size_t i = 0; i < n; i++) {
            const aib_plan_row *r = aib_plan_find(ps[i], m->id);
            any |= r && (r->cls == AIB_PLAN_INTERACTIVE || r->cls == AIB_PLAN_SLOW);
            json_array_append_new(cells, r ? aib_view_brief(ps[i], r) : json_null());
        }
        if (!any || !(m->modality && strstr(m->modality, "text"))) {
            json_decref(cells);
            continue;
        }
        json_t *o = json_pack("{s:s, s:s, s:o}", "model", m->id, "name", m->name, "cells", cells);
        set_num(o, "params_total_b", m->params_total_b);
        json_array_append_new(rows, o);
    }
    aib_json_sort(rows, larger, NULL);
    json_object_set_new(v, "hardware", hws);
    json_object_set_new(v, "models", rows);
    (void)d;
    return v;
}
