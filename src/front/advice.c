/* advice.c: the advisor's objects as JSON (advice.h). Every decision is the library's; this
 * file names the fields. */
#include "advice.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static double r1(double v) { return round(v * 10) / 10; }

static int is_unified(const aib_hw *h) { return strcmp(h->kind, "gpu") != 0; }

/* The figures' keys, into an object the caller opened. */
static void figure_fields(jw *w, const aib_hw *h)
{
    int meas = aib_has(h->bandwidth_measured_gbs);
    jw_knum(w, "memory_gib", h->memory_gb);
    jw_kstr(w, "memory_label", is_unified(h) ? "unified" : "VRAM");
    jw_knum(w, "gpu_usable_gib", h->gpu_usable_gb);
    jw_knum(w, "bandwidth_gbs", meas ? h->bandwidth_measured_gbs : h->bandwidth_gbs);
    jw_kstr(w, "bandwidth_basis", meas ? "measured" : "theoretical");
    if (meas)
        jw_kstr(w, "bandwidth_source", h->bandwidth_measured_source);
    jw_knum(w, "bandwidth_theoretical_gbs", h->bandwidth_gbs);
    jw_knum(w, "power_min_w", h->power_min_w);
    jw_knum(w, "power_max_w", h->power_max_w);
    jw_knum(w, "price_usd", h->price_usd);
    jw_kstr(w, "price_kind", h->price_kind);
    jw_kstr(w, "price_source", h->price_source);
    jw_kstr(w, "price_as_of", h->price_as_of);
    jw_knum(w, "price_memory_gib", h->price_memory_gb);
    jw_knum(w, "fp16_tflops", h->fp16_tflops);
    jw_knum(w, "fp32_tflops", h->fp32_tflops);
}

void aib_jw_figures(jw *w, const aib_hw *h)
{
    jw_obj(w);
    figure_fields(w, h);
    jw_end(w);
}

static void editorial(jw *w, const char *key, const aib_editorial *e)
{
    jw_key(w, key);
    if (!e) {
        jw_null(w);
        return;
    }
    jw_obj(w);
    jw_kstr(w, "text", e->text ? e->text : "");
    jw_kstr(w, "source", e->source);
    jw_kstr(w, "as_of", e->as_of);
    if (e->ref)
        jw_kstr(w, "ref", e->ref);
    jw_end(w);
}

static void row(jw *w, const aib_brief *b, const aib_plan_row *r)
{
    aib_jw_row_open(w, b->hw->id, r, 1);
    jw_end(w);
}

static void summary(jw *w, const aib_brief *b)
{
    jw_kobj(w, "summary");
    editorial(w, "lead", b->lead);
    jw_key(w, "headline");
    if (b->headline)
        row(w, b, b->headline);
    else
        jw_null(w);
    jw_key(w, "peer");
    if (b->peer) {
        jw_obj(w);
        jw_kstr(w, "id", b->peer->id);
        jw_kstr(w, "name", b->peer->name);
        jw_knum(w, "bandwidth_ratio", r1(b->bandwidth_ratio));
        jw_knum(w, "memory_ratio", r1(b->memory_ratio));
        jw_kstr(w, "basis", b->peer_measured ? "measured" : "theoretical");
        jw_kstr(w, "picked_by", b->peer_editorial ? "editorial" : "computed");
        jw_end(w);
    } else
        jw_null(w);
    jw_end(w);
}

static void picks(jw *w, const aib_brief *b)
{
    jw_karr(w, "picks");
    for (size_t u = 0; u < AIB_USE_CASES; u++) {
        const aib_pick *k = &b->picks[u];
        if (k->row)
            aib_jw_row_open(w, b->hw->id, k->row, 1);
        else
            jw_obj(w);
        jw_kstr(w, "use_case", k->use_case);
        jw_kstr(w, "label", k->label);
        jw_kstr(w, "reason", k->reason);
        if (k->editorial)
            jw_kstr(w, "reason_source", k->editorial->source);
        jw_kstr(w, "picked_by", k->editorial ? "editorial" : "computed");
        if (*k->short_of)
            jw_kstr(w, "short_of", k->short_of);
        jw_end(w);
    }
    jw_end(w);
}

static void watchouts(jw *w, const aib_brief *b)
{
    jw_karr(w, "watchouts");
    for (size_t i = 0; i < b->n_watchouts; i++) {
        const aib_watchout *x = &b->watchouts[i];
        jw_obj(w);
        jw_kstr(w, "text", x->text);
        if (x->source)
            jw_kstr(w, "source", x->source);
        jw_kstr(w, "kind", x->kind);
        if (aib_has(x->ratio))
            jw_knum(w, "ratio", x->ratio);
        jw_end(w);
    }
    jw_end(w);
    jw_karr(w, "traps");
    for (size_t i = 0; i < b->plan->n; i++)
        if (b->plan->rows[i].cls == AIB_PLAN_SLOW)
            row(w, b, &b->plan->rows[i]);
    jw_end(w);
}

/* local vs cloud, computed: null when no model that runs here has an API price */
static void computed_cloud(jw *w, const aib_brief *b)
{
    const aib_local_cloud *c = &b->cloud;
    jw_key(w, "computed");
    if (!c->row || !*c->text) {
        jw_null(w);
        return;
    }
    jw_obj(w);
    jw_kstr(w, "model", c->row->model->id);
    jw_kstr(w, "quant", c->row->quant->id);
    jw_knum(w, "tps", r1(c->tps));
    jw_kstr(w, "evidence", aib_evidence_name(aib_row_decode(c->row, 1).evidence));
    jw_knum(w, "power_w", c->power_w);
    jw_knum(w, "kwh_price_usd", c->costs.kwh_usd);
    jw_knum(w, "years", c->costs.years);
    jw_knum(w, "machine_usd", c->machine_usd);
    jw_knum(w, "host_price_usd", c->host ? c->host->price_usd : NAN);
    jw_knum(w, "energy_usd_per_m_tokens", round(c->energy_per_m * 1000) / 1000);
    jw_knum(w, "machine_usd_per_m_tokens_full_use", round(c->machine_per_m * 1000) / 1000);
    jw_kobj(w, "api");
    jw_kstr(w, "provider", c->api->provider);
    jw_knum(w, "input_usd_per_m", c->api->input_usd);
    jw_knum(w, "output_usd_per_m", c->api->output_usd);
    jw_kstr(w, "source", c->api->source);
    jw_kstr(w, "as_of", c->api->as_of);
    jw_end(w);
    jw_knum(w, "breakeven_tokens_per_day", round(c->breakeven_tokens_day));
    jw_knum(w, "breakeven_hours_per_day", r1(c->breakeven_hours_day));
    jw_kstr(w, "text", c->text);
    jw_end(w);
}

static void call(jw *w, const aib_catalog *cat, const aib_brief *b)
{
    jw_kobj(w, "call");
    editorial(w, "buy_if", b->buy_if);
    editorial(w, "skip_if", b->skip_if);
    jw_karr(w, "alternatives");
    for (size_t i = 0; i < b->n_alternatives; i++) {
        const aib_editorial *e = b->alternatives[i];
        const aib_hw *a = aib_catalog_find_hw(cat, e->ref);
        if (!a)
            continue;
        jw_obj(w);
        figure_fields(w, a);
        jw_kstr(w, "id", a->id);
        jw_kstr(w, "name", a->name);
        jw_kstr(w, "reason", e->text);
        jw_kstr(w, "source", e->source);
        jw_end(w);
    }
    jw_end(w);
    jw_end(w);
    jw_kobj(w, "local_cloud");
    editorial(w, "local_wins", b->local_wins);
    editorial(w, "cloud_wins", b->cloud_wins);
    editorial(w, "summary", b->local_cloud);
    computed_cloud(w, b);
    jw_end(w);
}

static void brief_fields(jw *w, const aib_catalog *cat, const aib_brief *b)
{
    const aib_hw *h = b->hw;
    jw_kstr(w, "backend", b->plan->tmpl.backend);
    jw_kstr(w, "plan_quant", aib_default_quant_id());
    jw_kbool(w, "unified", is_unified(h));
    jw_key(w, "figures");
    aib_jw_figures(w, h);
    jw_key(w, "configurations"); /* what one can buy, each priced, smallest first */
    aib_jw_configs(w, cat, h);
    editorial(w, "tagline", b->tagline);
    editorial(w, "class", b->klass);
    editorial(w, "verdict", b->verdict);
    summary(w, b);
    jw_karr(w, "runs_well");
    for (size_t i = 0; i < b->n_runs_well; i++)
        row(w, b, b->runs_well[i]);
    jw_end(w);
    picks(w, b);
    jw_karr(w, "tier");
    for (size_t i = 0; i < b->n_tier; i++) {
        aib_jw_row_open(w, h->id, b->tier[i].row, 1);
        jw_kstr(w, "role", b->tier[i].role);
        jw_end(w);
    }
    jw_end(w);
    watchouts(w, b);
    call(w, cat, b);
    jw_kobj(w, "evidence");
    jw_kstr(w, "level", b->measured_rows ? "measured" : "estimated");
    jw_knum(w, "measured_rows", (double)b->measured_rows);
    jw_kstr(w, "last_measured", b->last_measured ? b->last_measured : "");
    jw_kstr(w, "last_verified", h->as_of);
    jw_end(w);
    char url[256];
    snprintf(url, sizeof url, "/planner/?hw=%s", h->id);
    jw_kstr(w, "planner_url", url);
}

void aib_jw_brief(jw *w, const aib_catalog *cat, const aib_brief *b)
{
    jw_obj(w);
    jw_kstr(w, "id", b->hw->id);
    jw_kstr(w, "name", b->hw->name);
    brief_fields(w, cat, b);
    jw_end(w);
}

void aib_jw_hw_view(jw *w, const aib_catalog *cat, const aib_brief *b)
{
    jw_obj(w);
    jw_key(w, "hw");
    aib_jw_hw(w, b->hw);
    brief_fields(w, cat, b);
    jw_key(w, "brief");
    aib_jw_brief(w, cat, b);
    jw_karr(w, "models");
    for (size_t i = 0; i < b->plan->n; i++)
        row(w, b, &b->plan->rows[i]);
    jw_end(w);
    jw_end(w);
}

void aib_jw_index(jw *w, const aib_atlas *a)
{
    jw_obj(w);
    jw_karr(w, "hardware");
    for (size_t i = 0; i < a->n; i++) {
        const aib_hw_plan *p = &a->plans[i];
        aib_hw_summary s = aib_hw_summarize(a->cat, p);
        jw_obj(w);
        figure_fields(w, p->hw);
        jw_kstr(w, "id", p->hw->id);
        jw_kstr(w, "name", p->hw->name);
        jw_kstr(w, "maker", p->hw->maker);
        jw_kstr(w, "kind", p->hw->kind);
        jw_kstr(w, "backend", p->tmpl.backend);
        jw_knum(w, "interactive_models", s.interactive);
        jw_key(w, "best_interactive");
        if (s.best) {
            aib_jw_row_open(w, p->hw->id, s.best, 1);
            jw_end(w);
        } else
            jw_null(w);
        jw_end(w);
    }
    jw_end(w);
    jw_knum(w, "interactive_tps", AIB_INTERACTIVE_TPS);
    jw_kstr(w, "plan_quant", aib_default_quant_id());
    jw_end(w);
}

void aib_jw_models(jw *w, const aib_atlas *a)
{
    jw_obj(w);
    jw_karr(w, "models");
    for (size_t i = 0; i < aib_catalog_model_count(a->cat); i++) {
        const aib_model *m = aib_catalog_model_at(a->cat, i);
        jw_obj(w);
        jw_kstr(w, "id", m->id);
        jw_kstr(w, "name", m->name);
        jw_kstr(w, "modality", m->modality);
        jw_kstr(w, "use_cases", m->use_cases ? m->use_cases : "");
        jw_kbool(w, "moe", aib_has(m->experts));
        jw_knum(w, "runs_well_on", aib_atlas_runs_well_on(a, m));
        jw_knum(w, "params_total_b", m->params_total_b);
        jw_knum(w, "params_active_b", m->params_active_b);
        jw_end(w);
    }
    jw_end(w);
    jw_end(w);
}

void aib_jw_model_view(jw *w, const aib_answer *where)
{
    const aib_model *m = where->where_model;
    size_t nf;
    const aib_field *f = aib_model_fields(&nf);
    jw_obj(w);
    jw_key(w, "model");
    aib_jw_record(w, f, nf, m);
    jw_kbool(w, "moe", aib_has(m->experts));
    jw_karr(w, "hardware");
    for (size_t i = 0; i < where->n_where; i++) {
        const aib_where_row *x = &where->where[i];
        aib_jw_row_open(w, x->hw->id, &x->row, 1);
        jw_kstr(w, "hw_name", x->hw->name);
        jw_kstr(w, "backend", x->setup.backend);
        jw_knum(w, "bandwidth_gbs", x->hw->bandwidth_gbs);
        jw_knum(w, "price_usd", x->hw->price_usd);
        jw_end(w);
    }
    jw_end(w);
    jw_end(w);
}

void aib_jw_compare(jw *w, const aib_compare *c)
{
    jw_obj(w);
    jw_karr(w, "hardware");
    for (size_t i = 0; i < c->n; i++) {
        jw_obj(w);
        figure_fields(w, c->plans[i]->hw);
        jw_kstr(w, "id", c->plans[i]->hw->id);
        jw_kstr(w, "name", c->plans[i]->hw->name);
        jw_kstr(w, "backend", c->plans[i]->tmpl.backend);
        jw_end(w);
    }
    jw_end(w);
    jw_karr(w, "models");
    for (size_t k = 0; k < c->n_rows; k++) {
        const aib_compare_row *r = &c->rows[k];
        jw_obj(w);
        jw_kstr(w, "model", r->model->id);
        jw_kstr(w, "name", r->model->name);
        jw_karr(w, "cells");
        for (size_t i = 0; i < c->n; i++) {
            if (r->cells[i]) {
                aib_jw_row_open(w, c->plans[i]->hw->id, r->cells[i], 1);
                jw_end(w);
            } else
                jw_null(w);
        }
        jw_end(w);
        jw_knum(w, "params_total_b", r->model->params_total_b);
        jw_end(w);
    }
    jw_end(w);
    jw_end(w);
}
