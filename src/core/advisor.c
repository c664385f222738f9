/* advisor.c: the advice (advisor.h): each hardware's default plan, its brief (headline, peer,
 * picks, runs well, what fits at this tier, watchouts, the call), comparisons and the index's
 * summary. Rules a reviewer would apply, each in one place; docs/site.md says them in words. */
#include "internal.h"
#include "aibench/advisor.h"

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
/* The pick score (docs/advice.md): fitness in 0..1, less this many times the quant's mean KL
 * divergence (Q4_K_M costs 0.06, Q3_K_M 0.17, IQ2_XXS 1.6), plus up to this much for speed to
 * spare (four times what the use needs); a model without a published score counts as this. */
#define QUALITY_WEIGHT 2.0
#define SPEED_WEIGHT 0.1
#define UNKNOWN_FITNESS 0.35

const char *const aib_use_cases[AIB_USE_CASES] = {"coding", "chat", "docs", "image", "agents", "voice"};
const char *const aib_use_labels[AIB_USE_CASES] = {"Coding", "Chat / general", "Docs & retrieval", "Image", "Agents",
                                                   "Voice"};

const char *aib_default_quant_id(void) { return aib_params()[AIB_P_QUANT].def_str; }

const aib_quant *aib_default_quant(const aib_catalog *cat) { return aib_catalog_find_quant(cat, aib_default_quant_id()); }

/* ---- plans ---- */

aib_status aib_hw_plan_build(const aib_catalog *cat, const aib_calibration *cal, const aib_hw *hw, aib_hw_plan *out,
                             aib_error *err)
{
    memset(out, 0, sizeof *out);
    out->hw = hw;
    const aib_quant *q = aib_default_quant(cat);
    if (!q)
        return aib_fail(err, AIB_ERR_NOTFOUND, "the catalog has no %s quant", aib_params()[AIB_P_QUANT].def_str);
    aib_setup_init(&out->tmpl);
    const aib_quant *fl = aib_catalog_find_quant(cat, aib_params()[AIB_P_MIN_QUANT].def_str);
    out->tmpl.min_bpw = fl ? fl->bpw : 0;
    aib_status st = aib_setup_from(&out->tmpl, hw, NULL, NULL, NULL, err);
    if (!st)
        st = aib_plan(cat, cal, &out->tmpl, q, &out->rows, &out->n, err);
    return st;
}

void aib_hw_plan_release(aib_hw_plan *p)
{
    aib_free(p->rows);
    p->rows = NULL;
    p->n = 0;
}

const aib_plan_row *aib_hw_plan_find(const aib_hw_plan *p, const char *model_id)
{
    for (size_t i = 0; p && i < p->n; i++)
        if (!strcasecmp(p->rows[i].model->id, model_id))
            return &p->rows[i];
    return NULL;
}

aib_status aib_atlas_build(const aib_catalog *cat, const aib_calibration *cal, aib_atlas *out, aib_error *err)
{
    memset(out, 0, sizeof *out);
    out->cat = cat, out->cal = cal;
    out->plans = aib_calloc(cat->n_hw + 1, sizeof *out->plans);
    if (!out->plans)
        return aib_fail(err, AIB_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < cat->n_hw; i++) {
        aib_status st = aib_hw_plan_build(cat, cal, &cat->hw[i], &out->plans[i], err);
        if (st) {
            aib_atlas_release(out);
            return st;
        }
        out->n = i + 1;
    }
    return AIB_OK;
}

void aib_atlas_release(aib_atlas *a)
{
    for (size_t i = 0; i < a->n; i++)
        aib_hw_plan_release(&a->plans[i]);
    aib_free(a->plans);
    memset(a, 0, sizeof *a);
}

const aib_hw_plan *aib_atlas_find(const aib_atlas *a, const char *hw_id)
{
    for (size_t i = 0; hw_id && i < a->n; i++)
        if (!strcasecmp(a->plans[i].hw->id, hw_id))
            return &a->plans[i];
    return NULL;
}

int aib_atlas_runs_well_on(const aib_atlas *a, const aib_model *m)
{
    int runs = 0;
    for (size_t k = 0; k < a->n; k++) {
        const aib_plan_row *r = aib_hw_plan_find(&a->plans[k], m->id);
        runs += r && (r->cls == AIB_PLAN_INTERACTIVE || r->cls == AIB_PLAN_FITS);
    }
    return runs;
}

/* ---- the brief ---- */

static int is_moe(const aib_model *m) { return aib_has(m->experts); }

static double headline_tps(const aib_plan_row *r) { return aib_row_decode(r, 1).tps; }

static double bw_of(const aib_hw *h, int measured)
{
    return measured && aib_has(h->bandwidth_measured_gbs) ? h->bandwidth_measured_gbs : h->bandwidth_gbs;
}

/* The peer: the editorial one, else the catalog entry of the same kind and another family
 * whose bandwidth is the nearest below this one's (the nearest above when none is below). */
static void pick_peer(const aib_catalog *cat, aib_brief *b)
{
    const aib_hw *h = b->hw;
    const aib_editorial *e = aib_catalog_editorial(cat, h->id, "peer", NULL);
    const aib_hw *below = NULL, *above = NULL;
    if (e) {
        below = aib_catalog_find_hw(cat, e->ref);
        b->peer_editorial = 1;
    }
    for (size_t i = 0; !e && i < cat->n_hw; i++) {
        const aib_hw *o = &cat->hw[i];
        if (o == h || strcmp(o->kind, h->kind) || (o->family && h->family && !strcmp(o->family, h->family)))
            continue;
        if (o->bandwidth_gbs < h->bandwidth_gbs) {
            if (!below || o->bandwidth_gbs > below->bandwidth_gbs)
                below = o;
        } else if (!above || o->bandwidth_gbs < above->bandwidth_gbs)
            above = o;
    }
    b->peer = below ? below : above;
    if (!b->peer)
        return;
    b->peer_measured = aib_has(h->bandwidth_measured_gbs) && aib_has(b->peer->bandwidth_measured_gbs);
    b->bandwidth_ratio = bw_of(h, b->peer_measured) / bw_of(b->peer, b->peer_measured);
    b->memory_ratio = h->memory_gb / b->peer->memory_gb;
}

/* ---- use-case fitness and the pick score (docs/advice.md) ---- */

/* What a use needs of a model to be picked for it: decode speed, context, and a prompt of this
 * many tokens read within max_ttft seconds (0: no prompt test). */
typedef struct {
    const char *use;
    double min_tps, min_ctx, prompt, max_ttft;
} use_need;

static const use_need needs[] = {
    {"coding", 15, 32768, 16384, 60}, /* a coding session: 16K of code read within a minute */
    {"chat", 10, 8192, 0, 0},
    {"docs", 10, 32768, 32768, 120},  /* a long document read within two minutes */
    {"agents", 15, 16384, 8192, 30},  /* tool calls go round a loop: each prompt must be quick */
};

static const use_need *need_of(const char *use)
{
    for (size_t i = 0; i < sizeof needs / sizeof needs[0]; i++)
        if (!strcmp(needs[i].use, use))
            return &needs[i];
    return NULL;
}

/* The rows of a use that set each benchmark's range, and the benchmark most of them share. */
static const char *primary_benchmark(const aib_catalog *cat, const char *use)
{
    const char *best = NULL;
    size_t best_n = 0;
    for (size_t i = 0; i < cat->n_fitness; i++) {
        const aib_fitness *f = &cat->fitness[i];
        if (strcmp(f->use, use))
            continue;
        size_t n = 0;
        for (size_t j = 0; j < cat->n_fitness; j++)
            n += !strcmp(cat->fitness[j].use, use) && !strcmp(cat->fitness[j].benchmark, f->benchmark);
        if (n > best_n)
            best_n = n, best = f->benchmark;
    }
    return best;
}

aib_fitness_score aib_model_fitness(const aib_catalog *cat, const aib_model *m, const char *use)
{
    aib_fitness_score r = {NAN, NULL};
    const char *primary = primary_benchmark(cat, use);
    size_t best_cover = 0;
    for (size_t i = 0; i < cat->n_fitness; i++) {
        const aib_fitness *f = &cat->fitness[i];
        if (strcmp(f->use, use) || !aib_streq_ci(f->model, m->id))
            continue;
        /* the primary benchmark when the model has it, else the one most catalog models share */
        size_t cover = 0;
        double lo = INFINITY, hi = -INFINITY;
        for (size_t j = 0; j < cat->n_fitness; j++) {
            const aib_fitness *g = &cat->fitness[j];
            if (strcmp(g->use, use) || strcmp(g->benchmark, f->benchmark))
                continue;
            cover++;
            lo = fmin(lo, g->score), hi = fmax(hi, g->score);
        }
        int is_primary = primary && !strcmp(f->benchmark, primary);
        if (is_primary)
            cover = (size_t)-1;
        if (cover <= best_cover)
            continue;
        best_cover = cover;
        r.row = f;
        /* only the primary benchmark ranks: the catalog's other benchmarks share no model with
         * it, so their scores cannot be put on its scale (they are shown, not ranked) */
        r.value = !is_primary ? NAN : hi > lo ? (f->score - lo) / (hi - lo) : 0.5;
    }
    return r;
}

/* Does a row run well enough for a use on this hardware? why (may be NULL) says what misses. */
static int fit_for_use(const aib_plan_row *r, const char *use, char *why, size_t len)
{
    const use_need *n = need_of(use);
    aib_row_speed sp = aib_row_decode(r, 1);
    if (why)
        *why = '\0';
    if (!aib_list_has(r->model->use_cases, use) || r->res.fit == AIB_FIT_NONE) {
        if (why)
            snprintf(why, len, r->res.fit == AIB_FIT_NONE ? "does not fit here at %s or better" : "is not a %s model",
                     r->res.fit == AIB_FIT_NONE ? r->quant->id : use);
        return 0;
    }
    if ((r->caveats & AIB_CAVEAT_HYBRID) && sp.evidence == AIB_EV_ESTIMATED)
        return 0; /* its speed is a guess until measured: not a computed pick (its caveat says why) */
    if (r->cls != AIB_PLAN_INTERACTIVE && (!n || sp.tps >= n->min_tps)) {
        if (why)
            snprintf(why, len, "decodes at ~%.1f tok/s, under the %g tok/s of interactive use", sp.tps,
                     AIB_INTERACTIVE_TPS);
        return 0;
    }
    if (!n)
        return 1;
    if (sp.tps < n->min_tps) {
        if (why)
            snprintf(why, len, "decodes at ~%.*f tok/s, under the %.0f a %s session needs", sp.tps < 20 ? 1 : 0, sp.tps,
                     n->min_tps, use);
        return 0;
    }
    if (r->res.max_ctx < n->min_ctx || r->model->max_context < n->min_ctx) {
        if (why)
            snprintf(why, len, "holds %.0fK of context, under the %.0fK %s needs",
                     fmin(r->res.max_ctx, r->model->max_context) / 1024, n->min_ctx / 1024, use);
        return 0;
    }
    double read_s = n->prompt > 0 ? aib_prompt_seconds(&r->res, r->model, n->prompt) : NAN;
    if (aib_has(read_s) && read_s > n->max_ttft) {
        if (why)
            snprintf(why, len, "takes ~%.0f s to read a %.0fK prompt, over the %.0f s a %s session allows", read_s,
                     n->prompt / 1024, n->max_ttft, use);
        return 0;
    }
    return 1;
}

double aib_pick_score(const aib_catalog *cat, const aib_plan_row *r, const char *use)
{
    const use_need *n = need_of(use);
    aib_fitness_score f = aib_model_fitness(cat, r->model, use);
    double kld = aib_has(aib_quant_kld(r->model, r->quant)) ? aib_quant_kld(r->model, r->quant) : 0.05;
    double tps = aib_row_decode(r, 1).tps, need = n ? n->min_tps : AIB_INTERACTIVE_TPS;
    double speed = tps > need ? fmin(1, log2(tps / need) / 2) : 0;
    return (aib_has(f.value) ? f.value : UNKNOWN_FITNESS) - QUALITY_WEIGHT * kld + SPEED_WEIGHT * speed;
}

/* Even the low end of the row's speed band meets what the use needs: "runs well" claims
 * headroom, not a coin toss at the threshold. */
static int surely_fast_enough(const aib_plan_row *r, const char *use)
{
    const use_need *n = need_of(use);
    aib_row_speed sp = aib_row_decode(r, 1);
    double lo = aib_has(sp.lo) ? sp.lo : sp.tps;
    return lo >= (n ? n->min_tps : AIB_INTERACTIVE_TPS);
}

/* The best row for a use: token uses by the pick score among the rows fit for it, image and
 * voice the largest that fits (rows come sorted by class, then size). */
static const aib_plan_row *computed_pick(const aib_catalog *cat, const aib_hw_plan *p, const char *use)
{
    const aib_plan_row *best = NULL;
    double best_score = -INFINITY;
    for (size_t i = 0; i < p->n; i++) {
        const aib_plan_row *r = &p->rows[i];
        if (!need_of(use)) {
            if (r->cls == AIB_PLAN_FITS && aib_list_has(r->model->use_cases, use))
                return r;
            continue;
        }
        if (!fit_for_use(r, use, NULL, 0) || !surely_fast_enough(r, use))
            continue;
        double sc = aib_pick_score(cat, r, use);
        if (sc > best_score)
            best_score = sc, best = r;
    }
    return best;
}

aib_hw_summary aib_hw_summarize(const aib_catalog *cat, const aib_hw_plan *p)
{
    aib_hw_summary s = {0, computed_pick(cat, p, "chat")};
    for (size_t i = 0; i < p->n; i++)
        s.interactive += p->rows[i].cls == AIB_PLAN_INTERACTIVE;
    return s;
}

/* Why the computed pick: its benchmark score, quant and speed against what the use needs. */
static void pick_reason(const aib_catalog *cat, const aib_plan_row *r, const char *use, char *buf, size_t len)
{
    aib_fitness_score f = aib_model_fitness(cat, r->model, use);
    const use_need *n = need_of(use);
    char t[64];
    aib_row_speed sp = aib_row_decode(r, 1);
    snprintf(t, sizeof t, "%s%.0f tok/s", sp.evidence == AIB_EV_MEASURED ? "" : "~", sp.tps);
    if (!n)
        snprintf(buf, len, "The largest %s model in the catalog that fits here.", use);
    else if (f.row && aib_has(f.value))
        snprintf(buf, len, "Best fit for %s among the models that run here at %s or better: %s %g %s (%s), at %s, "
                 "%.0fK context.", use, r->quant->id, f.row->benchmark, f.row->score, f.row->scale, f.row->as_of, t,
                 fmin(r->res.max_ctx, r->model->max_context) / 1024);
    else if (f.row)
        snprintf(buf, len, "Runs %s here at %s, %.0fK context. Its published %s score is on %s (%g %s, %s), which no "
                 "other catalog model shares with the %s benchmark the others rank on.", use, t,
                 fmin(r->res.max_ctx, r->model->max_context) / 1024, use, f.row->benchmark, f.row->score, f.row->scale,
                 f.row->as_of, use);
        else
        snprintf(buf, len, "Runs %s here at %s, %.0fK context; no published %s benchmark score in the catalog, so "
                 "it ranks by quant quality and speed alone.", use, t, fmin(r->res.max_ctx, r->model->max_context) / 1024,
                 use);
}

/* The model the summary quotes: the editorial one, else the best general (chat) pick among the
 * MoE models that decode at twice the interactive speed (the story of a tier is usually an MoE
 * that runs fast), else the chat pick, else the largest interactive model without a caveat. */
static const aib_plan_row *pick_headline(const aib_catalog *cat, const aib_brief *b)
{
    const aib_hw_plan *p = b->plan;
    const aib_editorial *e = aib_catalog_editorial(cat, p->hw->id, "headline", NULL);
    const aib_plan_row *r = e ? aib_hw_plan_find(p, e->ref) : NULL, *best = NULL;
    if (r)
        return r;
    double best_score = -INFINITY;
    for (size_t i = 0; i < p->n; i++) {
        r = &p->rows[i];
        if (!is_moe(r->model) || headline_tps(r) < 2 * AIB_INTERACTIVE_TPS || !fit_for_use(r, "chat", NULL, 0))
            continue;
        double sc = aib_pick_score(cat, r, "chat");
        if (sc > best_score)
            best_score = sc, best = r;
    }
    if (best)
        return best;
    for (size_t u = 0; u < AIB_USE_CASES; u++)
        if (!strcmp(b->picks[u].use_case, "chat") && b->picks[u].row)
            return b->picks[u].row;
    for (size_t i = 0; i < p->n; i++)
        if (p->rows[i].cls == AIB_PLAN_INTERACTIVE && !p->rows[i].caveats)
            return &p->rows[i];
    return NULL;
}

static void pick_uses(const aib_catalog *cat, aib_brief *b)
{
    for (size_t u = 0; u < AIB_USE_CASES; u++) {
        aib_pick *k = &b->picks[u];
        char sec[32];
        snprintf(sec, sizeof sec, "pick-%s", aib_use_cases[u]);
        k->use_case = aib_use_cases[u];
        k->label = aib_use_labels[u];
        k->editorial = aib_catalog_editorial(cat, b->hw->id, sec, NULL);
        k->row = k->editorial ? aib_hw_plan_find(b->plan, k->editorial->ref) : computed_pick(cat, b->plan, aib_use_cases[u]);
        if (k->editorial) {
            snprintf(k->reason, sizeof k->reason, "%s", k->editorial->text);
            if (k->row && need_of(k->use_case))
                (void)fit_for_use(k->row, k->use_case, k->short_of, sizeof k->short_of);
        }
        else if (k->row)
            pick_reason(cat, k->row, aib_use_cases[u], k->reason, sizeof k->reason);
        else
            snprintf(k->reason, sizeof k->reason, "Nothing in the catalog for %s runs well enough here at %s or better "
                     "(what a %s session needs: docs/advice.md).", aib_use_cases[u], b->floor_quant, aib_use_cases[u]);
    }
}

static int listed(const aib_plan_row *const *rows, size_t n, const aib_plan_row *r)
{
    for (size_t i = 0; i < n; i++)
        if (rows[i]->model == r->model)
            return 1;
    return 0;
}

/* Runs well: the picks for coding, chat and docs, then the best general (chat) models that run
 * well enough for a chat session, even at the low end of their band; at most three, no model
 * twice, none with a speed caveat. */
static void pick_runs_well(const aib_catalog *cat, aib_brief *b)
{
    for (size_t u = 0; u < AIB_USE_CASES && b->n_runs_well < 3; u++) {
        const aib_plan_row *r = b->picks[u].row;
        if (r && need_of(b->picks[u].use_case) && fit_for_use(r, b->picks[u].use_case, NULL, 0) &&
            surely_fast_enough(r, b->picks[u].use_case) && strcmp(b->picks[u].use_case, "agents") &&
            !listed(b->runs_well, b->n_runs_well, r))
            b->runs_well[b->n_runs_well++] = r;
    }
    while (b->n_runs_well < 3) {
        const aib_plan_row *best = NULL;
        double best_score = -INFINITY;
        for (size_t i = 0; i < b->plan->n; i++) {
            const aib_plan_row *r = &b->plan->rows[i];
            if (!fit_for_use(r, "chat", NULL, 0) || !surely_fast_enough(r, "chat") || (r->caveats & AIB_CAVEAT_HYBRID) ||
                listed(b->runs_well, b->n_runs_well, r))
                continue;
            double sc = aib_pick_score(cat, r, "chat");
            if (sc > best_score)
                best_score = sc, best = r;
        }
        if (!best)
            break;
        b->runs_well[b->n_runs_well++] = best;
    }
}

/* What fits at this tier: the yardstick, the headline, the best general model (the computed chat
 * pick, which may differ from an editorial one), and the trap (the largest dense model that fits
 * but is slow: the classic mistake of buying memory for dense models; else the largest slow one). */
static const aib_plan_row *pick_tier(const aib_catalog *cat, aib_brief *b)
{
    const aib_hw_plan *p = b->plan;
    const aib_plan_row *trap = NULL;
    for (size_t i = 0; i < p->n; i++) {
        if (p->rows[i].cls == AIB_PLAN_SLOW) {
            b->n_traps++;
            if (!trap || (is_moe(trap->model) && !is_moe(p->rows[i].model)))
                trap = &p->rows[i];
        }
    }
    const aib_plan_row *lines[4] = {aib_hw_plan_find(p, REFERENCE_MODEL), b->headline, computed_pick(cat, p, "chat"),
                                    trap};
    static const char *const roles[4] = {"reference", "headline", "best", "trap"};
    for (int i = 0; i < 4; i++) {
        int dup = 0;
        for (int j = 0; j < i; j++)
            dup |= lines[j] == lines[i];
        if (lines[i] && lines[i]->cls != AIB_PLAN_NO_FIT && !dup)
            b->tier[b->n_tier++] = (aib_tier_line){lines[i], roles[i]};
    }
    return trap;
}

static aib_watchout *add_watchout(aib_brief *b, const char *kind)
{
    if (b->n_watchouts == AIB_BRIEF_MAX_WATCHOUTS)
        return NULL;
    aib_watchout *w = &b->watchouts[b->n_watchouts++];
    memset(w, 0, sizeof *w);
    w->kind = kind;
    w->ratio = NAN;
    return w;
}

/* Measured decode on two GPU backends of the same silicon, far apart: the widest such gap.
 * (The CPU backend is not a choice one makes on a machine with a GPU.) */
static void backend_watchout(const aib_catalog *cat, aib_brief *b)
{
    const aib_measurement *best_a = NULL, *best_b = NULL;
    double best = BACKEND_SPREAD;
    /* this silicon's decode runs from an empty context first (a few among many), then pairs */
    const aib_measurement **mine = aib_calloc(cat->n_meas + 1, sizeof *mine);
    size_t n = 0;
    const char *last = NULL;
    int last_same = 0;
    for (size_t i = 0; mine && i < cat->n_meas; i++) {
        const aib_measurement *x = &cat->meas[i];
        if (strncmp(x->test, "tg", 2) || x->depth != 0 || !strcmp(x->backend, "cpu"))
            continue;
        if (!last || strcmp(last, x->hw)) { /* rows come in runs of one hardware */
            const aib_hw *o = aib_catalog_find_hw(cat, x->hw);
            last = x->hw, last_same = o && aib_same_silicon(o, b->hw);
        }
        if (last_same)
            mine[n++] = x;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            const aib_measurement *x = mine[i], *y = mine[j];
            if (!strcmp(x->backend, y->backend) || strcmp(x->test, y->test) || strcmp(x->model, y->model) ||
                strcmp(x->quant, y->quant))
                continue;
            if (x->tps / y->tps > best)
                best = x->tps / y->tps, best_a = x, best_b = y;
        }
    aib_free(mine);
    aib_watchout *w = best_a ? add_watchout(b, "backend") : NULL;
    if (!w)
        return;
    const aib_model *m = aib_catalog_find_model(cat, best_a->model);
    snprintf(w->text, sizeof w->text,
             "Backend choice matters here: measured on this silicon, %s %s decodes at %.1f tok/s on %s and %.1f on "
             "%s (%.1fx apart). Pick the backend per model.",
             m ? m->name : best_a->model, best_a->quant, best_a->tps, best_a->backend, best_b->tps, best_b->backend, best);
    w->ratio = round(best * 10) / 10;
    w->source = best_a->source; /* the other run's source is in the text's figures' rows */
}

static void trap_watchout(aib_brief *b, const aib_plan_row *trap)
{
    aib_watchout *w = trap ? add_watchout(b, "trap") : NULL;
    if (!w)
        return;
    aib_row_speed hd = aib_row_decode(trap, 1);
    int k = snprintf(w->text, sizeof w->text,
                     "%s is a trap: at %s it fits in %.0f GB, but decodes at ~%.*f tok/s (%s), under the %g tok/s of "
                     "interactive use: a demo, not a daily driver.",
                     trap->model->name, trap->quant->id, ceil(round(trap->res.mem.total / AIB_GIB * 100) / 100),
                     hd.tps >= 10 || hd.tps == floor(hd.tps) ? 0 : 1, hd.tps, hd.evidence == AIB_EV_ESTIMATED ? "estimated" : "measured",
                     AIB_INTERACTIVE_TPS);
    size_t others = b->n_traps - 1;
    if (others && k > 0 && (size_t)k < sizeof w->text)
        snprintf(w->text + k, sizeof w->text - (size_t)k, " %zu other catalog model%s fit%s here but run%s as slowly.",
                 others, others > 1 ? "s" : "", others > 1 ? "" : "s", others > 1 ? "" : "s");
}

aib_costs aib_costs_default(void)
{
    return (aib_costs){aib_params()[AIB_P_KWH].def, aib_params()[AIB_P_YEARS].def};
}

aib_costs aib_costs_of(const aib_request *r)
{
    aib_costs c = aib_costs_default();
    if (aib_has(aib_request_num(r, AIB_P_KWH)))
        c.kwh_usd = aib_request_num(r, AIB_P_KWH);
    if (aib_has(aib_request_num(r, AIB_P_YEARS)))
        c.years = aib_request_num(r, AIB_P_YEARS);
    return c;
}

/* The cheapest API output price for a model, or NULL. */
static const aib_api_price *cheapest_api(const aib_catalog *cat, const aib_model *m)
{
    const aib_api_price *best = NULL;
    for (size_t i = 0; i < cat->n_api_prices; i++) {
        const aib_api_price *a = &cat->api_prices[i];
        if (aib_streq_ci(a->model, m->id) && (!best || a->output_usd < best->output_usd))
            best = a;
    }
    return best;
}

/* Local vs cloud: the headline, else the first model that runs well, else the first interactive
 * one without a caveat, that an API serves; its costs here against the cheapest API's. */
static void local_cloud(const aib_catalog *cat, aib_brief *b, const aib_costs *costs)
{
    aib_local_cloud *c = &b->cloud;
    c->costs = *costs;
    c->breakeven_tokens_day = c->breakeven_hours_day = NAN;
    const aib_plan_row *cands[4] = {b->headline, b->runs_well[0], b->runs_well[1], b->runs_well[2]};
    for (size_t i = 0; i < 4 && !c->row; i++)
        if (cands[i] && cands[i]->cls == AIB_PLAN_INTERACTIVE && (c->api = cheapest_api(cat, cands[i]->model)))
            c->row = cands[i];
    for (size_t k = 0; k < b->plan->n && !c->row; k++) {
        const aib_plan_row *x = &b->plan->rows[k];
        if (x->cls == AIB_PLAN_INTERACTIVE && !x->caveats && (c->api = cheapest_api(cat, x->model)))
            c->row = x;
    }
    const aib_hw *h = b->hw;
    aib_hw_config own; /* the price of the memory the brief is for */
    double price = aib_hw_config_find(cat, h, h->memory_gb, &own) ? own.price_usd : NAN;
    if (!c->row || !aib_has(price) || !aib_has(h->power_max_w))
        return;
    c->host = strcmp(h->kind, "gpu") ? NULL : aib_host_desktop(cat);
    c->machine_usd = price + (c->host ? c->host->price_usd : 0);
    c->power_w = h->power_max_w;
    c->tps = aib_row_decode(c->row, 1).tps;
    double hours_per_m = 1e6 / c->tps / 3600;
    c->energy_per_m = c->power_w / 1000 * hours_per_m * costs->kwh_usd;
    c->machine_per_m = c->machine_usd / (c->tps * 3600 * 24 * 365 * costs->years / 1e6);
    /* over the years: machine + energy x T = api x T */
    double margin = (c->api->output_usd - c->energy_per_m) / 1e6;
    if (margin > 0) {
        c->breakeven_tokens_day = c->machine_usd / margin / (365 * costs->years);
        c->breakeven_hours_day = c->breakeven_tokens_day / c->tps / 3600;
    }
    aib_row_speed sp = aib_row_decode(c->row, 1);
    int n = snprintf(c->text, sizeof c->text,
                     "%s %s at %s%.0f tok/s (%s) draws about %.0f W%s: $%.2f of electricity per million output tokens "
                     "at $%.2f/kWh. The cheapest API for it (%s, %s) charges $%.2f per million output tokens. ",
                     c->row->model->name, c->row->quant->id, sp.evidence == AIB_EV_MEASURED ? "" : "~", c->tps,
                     aib_evidence_name(sp.evidence), c->power_w, c->host ? " (the card alone)" : "", c->energy_per_m,
                     costs->kwh_usd, c->api->provider, c->api->as_of, c->api->output_usd);
    if (n < 0 || (size_t)n >= sizeof c->text)
        return;
    char *t = c->text + n, m[32];
    size_t left = sizeof c->text - (size_t)n;
    if (!aib_has(c->breakeven_tokens_day))
        snprintf(t, left, "Electricity alone costs more than that here: the API is cheaper at any use.");
    else if (c->breakeven_hours_day > 24)
        snprintf(t, left, "Spreading the $%s%s over %g years, local would need %.1f M tokens a day to break even, "
                 "more than it can generate (%.1f M in 24 hours): the API is cheaper.",
                 aib_thousands(c->machine_usd, m, sizeof m),
                 c->host ? " with its desktop" : "", costs->years, c->breakeven_tokens_day / 1e6, c->tps * 86400 / 1e6);
    else
        snprintf(t, left, "Spreading the $%s%s over %g years, local breaks even at about %.1f M output tokens a day "
                 "(%.1f hours of generation); below that the API is cheaper, above it the machine is.",
                 aib_thousands(c->machine_usd, m, sizeof m),
                 c->host ? " with its desktop" : "", costs->years, c->breakeven_tokens_day / 1e6, c->breakeven_hours_day);
}

void aib_brief_build(const aib_catalog *cat, const aib_hw_plan *p, const aib_costs *costs, aib_brief *b)
{
    memset(b, 0, sizeof *b);
    const aib_hw *h = p->hw;
    b->hw = h;
    b->plan = p;
    b->bandwidth_ratio = b->memory_ratio = NAN;
    static const char *const sections[] = {"tagline", "class", "verdict", "summary", "buy_if", "skip_if",
                                           "local_wins", "cloud_wins", "local_cloud"};
    const aib_editorial **slots[] = {&b->tagline, &b->klass, &b->verdict, &b->lead, &b->buy_if, &b->skip_if,
                                     &b->local_wins, &b->cloud_wins, &b->local_cloud};
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
        *slots[i] = aib_catalog_editorial(cat, h->id, sections[i], NULL);
    b->floor_quant = aib_params()[AIB_P_MIN_QUANT].def_str;
    pick_uses(cat, b);
    b->headline = pick_headline(cat, b);
    pick_peer(cat, b);
    pick_runs_well(cat, b);
    const aib_plan_row *trap = pick_tier(cat, b);
    for (const aib_editorial *e = aib_catalog_editorial(cat, h->id, "watchout", NULL); e;
         e = aib_catalog_editorial(cat, h->id, "watchout", e)) {
        aib_watchout *w = add_watchout(b, "editorial");
        if (w)
            snprintf(w->text, sizeof w->text, "%s", e->text ? e->text : ""), w->source = e->source;
    }
    backend_watchout(cat, b);
    trap_watchout(b, trap);
    for (const aib_editorial *e = aib_catalog_editorial(cat, h->id, "alternative", NULL);
         e && b->n_alternatives < AIB_BRIEF_MAX_ALTERNATIVES; e = aib_catalog_editorial(cat, h->id, "alternative", e))
        b->alternatives[b->n_alternatives++] = e;
    aib_costs dflt = aib_costs_default();
    local_cloud(cat, b, costs ? costs : &dflt);
    for (size_t i = 0; i < cat->n_meas; i++) {
        const aib_measurement *x = &cat->meas[i];
        if (!strcasecmp(x->hw, h->id)) {
            b->measured_rows++;
            if (!b->last_measured || strcmp(x->date, b->last_measured) > 0)
                b->last_measured = x->date;
        }
    }
}

/* ---- comparison ---- */

static int larger_first(const void *x, const void *y)
{
    const aib_compare_row *a = x, *b = y;
    double p = a->model->params_total_b, q = b->model->params_total_b;
    return p > q ? -1 : p < q; /* qsort is not stable: ties keep catalog order below */
}

aib_status aib_compare_build(const aib_catalog *cat, const aib_hw_plan *const *plans, size_t n, aib_compare *out,
                             aib_error *err)
{
    memset(out, 0, sizeof *out);
    if (n < 2 || n > AIB_COMPARE_MAX)
        return aib_error_set(err, AIB_ERR_INVALID, "bad_compare", "compare takes two or three hardware, not %zu", n);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < i; j++)
            if (plans[j]->hw == plans[i]->hw)
                return aib_error_set(err, AIB_ERR_INVALID, "bad_compare", "'%s' appears twice", plans[i]->hw->id);
        out->plans[i] = plans[i];
    }
    out->n = n;
    out->rows = aib_calloc(cat->n_models + 1, sizeof *out->rows);
    if (!out->rows)
        return aib_fail(err, AIB_ERR_NOMEM, "out of memory");
    /* every text model that runs (fast or slow) on at least one of them */
    for (size_t k = 0; k < cat->n_models; k++) {
        const aib_model *m = &cat->models[k];
        aib_compare_row *row = &out->rows[out->n_rows];
        int any = 0;
        row->model = m;
        for (size_t i = 0; i < n; i++) {
            row->cells[i] = aib_hw_plan_find(plans[i], m->id);
            any |= row->cells[i] && (row->cells[i]->cls == AIB_PLAN_INTERACTIVE || row->cells[i]->cls == AIB_PLAN_SLOW);
        }
        if (any && m->modality && strstr(m->modality, "text"))
            out->n_rows++;
    }
    /* largest first, a stable insertion sort so that equal sizes keep catalog order */
    for (size_t i = 1; i < out->n_rows; i++)
        for (size_t j = i; j > 0 && larger_first(&out->rows[j], &out->rows[j - 1]) < 0; j--) {
            aib_compare_row t = out->rows[j];
            out->rows[j] = out->rows[j - 1], out->rows[j - 1] = t;
        }
    return AIB_OK;
}

void aib_compare_release(aib_compare *c)
{
    aib_free(c->rows);
    memset(c, 0, sizeof *c);
}
