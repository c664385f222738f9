/* request.c: answers a request (request.h): resolves its hardware (one catalog entry, several
 * cards, a custom one or the caller's own), applies the run inputs, and runs the plan, the
 * what-if, the fit and its sweep, the model-on-every-hardware list or the reverse plan. Every
 * front end comes through here, so the CLI, the site and the API cannot answer differently. */
#include "internal.h"
#include "aibench/request.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int given(const aib_request *r, aib_param_id id) { return r->v[id].set; }
static double num(const aib_request *r, aib_param_id id) { return aib_request_num(r, id); }
static const char *str(const aib_request *r, aib_param_id id) { return aib_request_str(r, id); }

static void set_str(aib_request *r, aib_param_id id, const char *s)
{
    r->v[id].set = 1;
    r->v[id].str = s;
}

static void set_num(aib_request *r, aib_param_id id, double v)
{
    r->v[id].set = 1;
    r->v[id].num = v;
}

/* Every input given must be one this kind of request takes; then the defaults are filled in. */
static aib_status check_kind(aib_request *r, aib_error *err)
{
    const aib_param *t = aib_params();
    static const char *const names[] = {"a plan", "a fit", "a model's list of hardware", "the reverse planner"};
    for (size_t i = 0; i < AIB_P_COUNT; i++) {
        if (!r->v[i].set || (t[i].kinds & r->kind))
            continue;
        unsigned k = 0;
        while (!((1u << k) & t[i].kinds))
            k++;
        int mine = 0;
        while (!((1u << mine) & r->kind))
            mine++;
        return aib_error_set(err, AIB_ERR_INVALID, "bad_parameter", "%s goes with %s, not %s", t[i].key ? t[i].key : t[i].option,
                   names[k], names[mine]);
    }
    static const aib_param_id defaults[] = {AIB_P_USE,     AIB_P_MIN_TPS, AIB_P_QUANT, AIB_P_MIN_QUANT,
                                            AIB_P_KV,      AIB_P_OFFLOAD, AIB_P_MISSES};
    for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++) {
        const aib_param *p = &t[defaults[i]];
        if (r->v[p->id].set || !(p->kinds & r->kind))
            continue;
        if (p->id == AIB_P_QUANT && r->kind == AIB_REQ_FIT)
            continue; /* fit: the model's own file type when it has one (find_quant) */
        if (p->def_str)
            set_str(r, p->id, p->def_str);
        else
            set_num(r, p->id, p->def);
    }
    if ((r->kind & (AIB_REQ_PLAN | AIB_REQ_REVERSE)) && !given(r, AIB_P_CTX))
        set_num(r, AIB_P_CTX, 0); /* automatic: each model's own */
    return AIB_OK;
}

/* ---- the hardware ---- */

static aib_status custom_hw(aib_answer *a, aib_error *err)
{
    aib_request *r = &a->req;
    if (!given(r, AIB_P_MEM) || !given(r, AIB_P_BW))
        return aib_error_set(err, AIB_ERR_INVALID, "missing_parameter",
                   "pick a catalog hardware (hw=ID) or give a custom one: mem and bw");
    aib_status st = aib_setup_custom(&a->setup, num(r, AIB_P_MEM), num(r, AIB_P_USABLE), num(r, AIB_P_BW),
                                     num(r, AIB_P_TFLOPS), str(r, AIB_P_BACKEND), str(r, AIB_P_VENDOR),
                                     str(r, AIB_P_KIND), err);
    if (st)
        return st;
    set_str(r, AIB_P_HW, "custom");
    set_num(r, AIB_P_USABLE, a->setup.usable_gb);
    set_str(r, AIB_P_BACKEND, a->setup.backend);
    set_str(r, AIB_P_VENDOR, a->setup.gpu_vendor);
    set_str(r, AIB_P_KIND, a->setup.kind);
    snprintf(a->hw_ids, sizeof a->hw_ids, "custom");
    snprintf(a->hw_name, sizeof a->hw_name, "Custom hardware");
    return AIB_OK;
}

/* config=GIB: one of the hardware's purchasable memory configurations (configs.tsv), with its price. */
static aib_status apply_config(aib_answer *a, double gib, aib_error *err)
{
    if (aib_hw_config_find(a->cat, a->hw, gib, &a->config)) {
        aib_setup_resize(&a->setup, gib);
        a->has_config = 1;
        return AIB_OK;
    }
    aib_hw_config cs[AIB_MAX_CONFIGS];
    size_t n = aib_hw_configs(a->cat, a->hw, cs, AIB_MAX_CONFIGS);
    char list[200] = "";
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(list);
        snprintf(list + l, sizeof list - l, "%s%g", i ? ", " : "", cs[i].memory_gb);
    }
    return aib_error_set(err, AIB_ERR_NOTFOUND, "unknown_config", "%s is not sold with %g GiB (configurations: %s GiB)",
               a->hw->id, gib, list);
}

/* hw=ID, hw=ID,ID... or hw=ID&gpus=N */
static aib_status catalog_hw(aib_answer *a, aib_error *err)
{
    aib_request *r = &a->req;
    const aib_param *t = aib_params();
    for (size_t i = 0; i < AIB_P_COUNT; i++)
        if ((t[i].flags & AIB_PF_CUSTOM) && r->v[i].set)
            return aib_error_set(err, AIB_ERR_INVALID, "bad_parameter", "'%s' is for a custom hardware; drop hw=%s",
                       t[i].key, str(r, AIB_P_HW));
    double gpus = given(r, AIB_P_GPUS) ? num(r, AIB_P_GPUS) : 1;
    char list[401];
    snprintf(list, sizeof list, "%s", str(r, AIB_P_HW));
    size_t listed = 0;
    for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        const aib_hw *h = aib_catalog_find_hw(a->cat, aib_trim(tok));
        if (!h)
            return aib_error_set(err, AIB_ERR_NOTFOUND, "unknown_hw", "unknown hardware '%s'", aib_trim(tok));
        if (++listed > 1 && gpus > 1)
            return aib_error_set(err, AIB_ERR_INVALID, "bad_parameter",
                       "gpus=N goes with one hardware; list the cards instead: hw=a,b");
        for (double k = 0; k < gpus; k++) {
            if (a->n_cards == AIB_MAX_GPUS)
                return aib_error_set(err, AIB_ERR_INVALID, "out_of_range", "multi-GPU takes 1 to %d cards", AIB_MAX_GPUS);
            a->cards[a->n_cards++] = h;
        }
        size_t l = strlen(a->hw_ids), m = strlen(a->hw_name);
        snprintf(a->hw_ids + l, sizeof a->hw_ids - l, "%s%s", l ? "," : "", h->id);
        for (double k = 0; k < gpus; k++, m = strlen(a->hw_name))
            snprintf(a->hw_name + m, sizeof a->hw_name - m, "%s%s", m ? " + " : "", h->name);
    }
    if (!a->n_cards)
        return aib_error_set(err, AIB_ERR_INVALID, "missing_parameter", "pick a catalog hardware (hw=ID)");
    aib_status st;
    const char *be = str(r, AIB_P_BACKEND);
    if (a->n_cards == 1) {
        a->hw = a->cards[0];
        snprintf(a->hw_name, sizeof a->hw_name, "%s", a->hw->name);
        st = aib_setup_from(&a->setup, a->hw, NULL, NULL, be, err);
        if (st)
            return aib_error_set(err, st, "bad_backend", "%s", err ? err->msg : "bad backend");
        if (given(r, AIB_P_CONFIG) && (st = apply_config(a, num(r, AIB_P_CONFIG), err)))
            return st;
    } else if ((st = aib_setup_multi(&a->setup, a->cards, a->n_cards, be, err)))
        return aib_error_set(err, st, "bad_setup", "%s", err ? err->msg : "bad setup");
    set_str(r, AIB_P_HW, a->hw_ids); /* canonical ids */
    set_str(r, AIB_P_BACKEND, a->setup.backend);
    return AIB_OK;
}

/* The run inputs on a setup: the quality floor, KV type, offload, host RAM, context, depth, prompt. */
static aib_status apply_run(aib_answer *a, aib_setup *s, aib_error *err)
{
    const aib_request *r = &a->req;
    const char *fl = str(r, AIB_P_MIN_QUANT);
    if (fl) {
        const aib_quant *q = aib_catalog_find_quant(a->cat, fl);
        if (!q)
            return aib_error_set(err, AIB_ERR_NOTFOUND, "unknown_quant", "unknown quant '%s' (min_quant)", fl);
        s->min_bpw = q->bpw;
    }
    const char *kv = str(r, AIB_P_KV);
    if (kv)
        s->kv_type = aib_kv_type_name(kv), s->kv_bytes = aib_kv_type_bytes(kv);
    const char *off = str(r, AIB_P_OFFLOAD);
    if (off && strcmp(off, "off"))
        s->offload = (aib_offload)aib_offload_parse(off);
    if (given(r, AIB_P_RAM) || given(r, AIB_P_RAM_BW)) {
        if (strcmp(s->kind, "gpu") || !strcmp(s->backend, "cpu"))
            return aib_error_set(err, AIB_ERR_INVALID, "bad_parameter",
                       "ram and ram_bw describe the system RAM beside a discrete GPU on a GPU backend; %s has one "
                       "memory", a->hw_ids[0] ? a->hw_ids : "this setup");
        if (given(r, AIB_P_RAM))
            s->host_ram_gb = num(r, AIB_P_RAM);
        if (given(r, AIB_P_RAM_BW))
            s->host_bandwidth_gbs = num(r, AIB_P_RAM_BW);
    }
    s->ctx = given(r, AIB_P_CTX) ? num(r, AIB_P_CTX) : 0;
    s->depth = given(r, AIB_P_DEPTH) ? num(r, AIB_P_DEPTH) : -1;
    s->prompt = given(r, AIB_P_PROMPT) ? num(r, AIB_P_PROMPT) : 0;
    if (s->ctx > 0 && s->depth > s->ctx)
        return aib_error_set(err, AIB_ERR_INVALID, "out_of_range", "depth %g is beyond the context %g", s->depth, s->ctx);
    if (s->ctx > 0 && s->prompt > s->ctx)
        return aib_error_set(err, AIB_ERR_INVALID, "out_of_range", "prompt %g is longer than the context %g", s->prompt, s->ctx);
    return AIB_OK;
}

static aib_status resolve_setup(aib_answer *a, aib_error *err)
{
    aib_request *r = &a->req;
    aib_setup_init(&a->setup);
    aib_status st;
    if (r->own_hw) {
        a->hw = r->own_hw;
        a->n_cards = 1;
        a->cards[0] = a->hw;
        snprintf(a->hw_ids, sizeof a->hw_ids, "%s", a->hw->id);
        snprintf(a->hw_name, sizeof a->hw_name, "%s", a->hw->name);
        if ((st = aib_setup_from(&a->setup, a->hw, NULL, NULL, str(r, AIB_P_BACKEND), err)))
            return aib_error_set(err, st, "bad_backend", "%s", err ? err->msg : "bad backend");
        set_str(r, AIB_P_BACKEND, a->setup.backend);
    } else if (given(r, AIB_P_HW) && strcmp(str(r, AIB_P_HW), "custom")) {
        if ((st = catalog_hw(a, err)))
            return st;
    } else if ((st = custom_hw(a, err)))
        return st;
    return apply_run(a, &a->setup, err);
}

static aib_status find_quant(aib_answer *a, const aib_model *m, aib_error *err)
{
    /* a model released in a file type of its own is fitted in it unless a quant is asked */
    const char *q = a->req.v[AIB_P_QUANT].set ? str(&a->req, AIB_P_QUANT)
                  : m && m->ships_as              ? m->ships_as
                                                  : aib_params()[AIB_P_QUANT].def_str;
    a->quant = aib_catalog_find_quant(a->cat, q);
    if (!a->quant)
        return aib_error_set(err, AIB_ERR_NOTFOUND, "unknown_quant", "unknown quant '%s'", q);
    set_str(&a->req, AIB_P_QUANT, a->quant->id);
    return AIB_OK;
}

/* A model file's quant: its exact bits per weight under its file type's name. */
static void file_quant(aib_answer *a)
{
    a->file_quant.id = a->req.own_quant ? a->req.own_quant : "GGUF";
    a->file_quant.bpw = a->req.own_bpw;
    a->file_quant.basis = "file";
    a->quant = &a->file_quant;
    a->req.v[AIB_P_QUANT].set = 0;
}

static aib_status find_model(aib_answer *a, const aib_model **m, aib_error *err)
{
    if (a->req.own_model) {
        *m = a->req.own_model;
        return AIB_OK;
    }
    const char *id = str(&a->req, AIB_P_MODEL);
    if (!id)
        return aib_error_set(err, AIB_ERR_INVALID, "missing_parameter", "name a model (model=ID)");
    *m = aib_catalog_find_model(a->cat, id);
    if (!*m)
        return aib_error_set(err, AIB_ERR_NOTFOUND, "unknown_model", "unknown model '%s'", id);
    set_str(&a->req, AIB_P_MODEL, (*m)->id);
    return AIB_OK;
}

/* ---- a model given by its numbers ---- */

/* The median of a model field over the catalog's dense token models (what 1: KV heads, 2: head
 * size), or (what 0) the layer count of a dense transformer of params_b billion parameters,
 * from a log-log fit of layers on size over the catalog (docs/engine.md). */
static double typical(const aib_catalog *cat, int what, double params_b)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0, v[512];
    int n = 0;
    for (size_t i = 0; i < cat->n_models && n < 512; i++) {
        const aib_model *m = &cat->models[i];
        if (!aib_has(m->layers) || !aib_has(m->kv_heads) || aib_has(m->experts) || aib_has(m->kv_lora_rank))
            continue;
        if (what == 0) {
            double x = log(m->params_total_b), y = log(m->layers);
            sx += x, sy += y, sxx += x * x, sxy += x * y;
        }
        v[n++] = what == 1 ? m->kv_heads : m->head_dim;
    }
    if (n < 2)
        return NAN;
    if (what == 0) {
        double b = (n * sxy - sx * sy) / (n * sxx - sx * sx), a = (sy - b * sx) / n;
        return fmax(1, round(exp(a + b * log(params_b))));
    }
    for (int i = 1; i < n; i++) /* insertion sort: n is small */
        for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            double t = v[j];
            v[j] = v[j - 1], v[j - 1] = t;
        }
    return v[n / 2];
}

aib_status aib_model_custom(const aib_catalog *cat, const aib_model_spec *sp, aib_model *m, const char **assumed,
                            aib_error *err)
{
    *assumed = NULL;
    double params = sp->params, active = aib_has(sp->active) ? sp->active : sp->params;
    if (!(params > 0))
        return aib_error_set(err, AIB_ERR_INVALID, "missing_parameter", "a model needs its parameter count");
    if (active > params)
        return aib_error_set(err, AIB_ERR_INVALID, "out_of_range", "active parameters %g are more than the total %g", active, params);
    int arch = aib_has(sp->layers) + aib_has(sp->kv_heads) + aib_has(sp->head_dim);
    if (arch != 0 && arch != 3)
        return aib_error_set(err, AIB_ERR_INVALID, "bad_parameter", "layers, KV heads and head size go together");
    if (aib_has(sp->experts) != aib_has(sp->experts_used) || (aib_has(sp->experts_used) && sp->experts_used > sp->experts))
        return aib_error_set(err, AIB_ERR_INVALID, "bad_parameter", "experts and experts used go together, used <= experts");
    if (sp->like) {
        *m = *sp->like;
    } else {
        memset(m, 0, sizeof *m);
        double *nums[] = {&m->layers, &m->hidden_size, &m->heads, &m->kv_heads, &m->head_dim, &m->kv_layers,
                          &m->swa_layers, &m->sliding_window, &m->swa_kv_heads, &m->swa_head_dim, &m->kv_lora_rank,
                          &m->rope_dim, &m->experts, &m->experts_used, &m->shared_experts, &m->moe_layers};
        for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
            *nums[i] = NAN;
        m->modality = "text";
        m->vocab_size = 0; /* unknown: no embedding is subtracted from the bytes read */
        m->max_context = aib_params()[AIB_P_CTX].hi; /* unknown: any context the inputs allow */
        if (arch == 3) {
            m->layers = sp->layers, m->kv_heads = sp->kv_heads, m->head_dim = sp->head_dim;
        } else {
            m->layers = typical(cat, 0, params);
            m->kv_heads = typical(cat, 1, 0);
            m->head_dim = typical(cat, 2, 0);
            *assumed = "no layers/KV heads/head size given: layers from the catalog's size-to-depth fit, KV heads "
                       "and head size the catalog's median";
        }
        if (!(m->layers >= 1))
            return aib_error_set(err, AIB_ERR_INVALID, "bad_setup", "the catalog has no models to derive a typical shape from");
        m->hidden_size = round(sqrt(params * 1e9 / (12 * m->layers))); /* dense transformer: P ~ 12 L d^2 */
        m->heads = fmax(m->kv_heads, round(m->hidden_size / m->head_dim));
        m->id = "custom";
        m->name = "custom model";
    }
    m->params_total_b = params;
    m->params_active_b = active;
    if (aib_has(sp->experts))
        m->experts = sp->experts, m->experts_used = sp->experts_used;
    return AIB_OK;
}

/* ---- plan and what-if ---- */

int aib_answer_wanted(const aib_answer *a, const aib_plan_row *row)
{
    const char *use = str(&a->req, AIB_P_USE);
    return !use || !strcmp(use, "all") || aib_list_has(row->model->use_cases, use);
}

/* Does a row meet the request when it decodes at tps? */
static int meets_at(const aib_answer *a, const aib_plan_row *row, double tps)
{
    if (row->cls == AIB_PLAN_FITS)
        return 1;
    if (row->cls != AIB_PLAN_INTERACTIVE && row->cls != AIB_PLAN_SLOW &&
        !(row->cls == AIB_PLAN_OFFLOAD && a->offload_counts))
        return 0;
    return tps >= a->min_tps;
}

int aib_answer_meets(const aib_answer *a, const aib_plan_row *row)
{
    return meets_at(a, row, aib_row_decode(row, !a->req.no_measured).tps);
}

static int whatif_before(const void *x, const void *y)
{
    const aib_whatif_row *p = x, *q = y;
    if (p->moved != q->moved)
        return q->moved - p->moved;
    return p->before < q->before ? -1 : p->before > q->before; /* plan order */
}

/* Every wanted model before and after the change; those that moved first. The what-if compares
 * estimates on both sides: the changed setup has no measurements. */
static aib_status whatif_rows(aib_answer *a, aib_error *err)
{
    a->whatif = aib_calloc(a->n + 1, sizeof *a->whatif);
    if (!a->whatif)
        return aib_fail(err, AIB_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < a->n; i++) {
        const aib_plan_row *b = &a->rows[i], *x = NULL;
        if (!aib_answer_wanted(a, b))
            continue;
        for (size_t j = 0; j < a->alt_n && !x; j++)
            if (a->alt_rows[j].model == b->model)
                x = &a->alt_rows[j];
        if (!x)
            continue;
        aib_whatif_row *w = &a->whatif[a->n_whatif++];
        w->before = b, w->after = x;
        double tb = b->res.token_model && b->res.fit != AIB_FIT_NONE ? round(b->res.decode_tps * 10) / 10 : NAN;
        double ta = x->res.token_model && x->res.fit != AIB_FIT_NONE ? round(x->res.decode_tps * 10) / 10 : NAN;
        w->meets_before = meets_at(a, b, b->res.decode_tps);
        w->meets_after = meets_at(a, x, x->res.decode_tps);
        a->runs_before += w->meets_before;
        a->runs_after += w->meets_after;
        w->tps_change = tb > 0 && ta > 0 ? round((ta / tb - 1) * 1000) / 1000 : NAN;
        w->moved = b->cls != x->cls || b->quant != x->quant || w->meets_before != w->meets_after ||
                   b->res.max_ctx != x->res.max_ctx || (tb > 0 && fabs(ta / tb - 1) >= 0.005);
    }
    qsort(a->whatif, a->n_whatif, sizeof *a->whatif, whatif_before);
    return AIB_OK;
}

static aib_status run_plan(aib_answer *a, aib_error *err)
{
    aib_status st;
    aib_request *r = &a->req;
    if ((st = resolve_setup(a, err)) || (st = find_quant(a, NULL, err)))
        return st;
    a->offload_counts = strcmp(str(r, AIB_P_OFFLOAD), "off") != 0;
    a->min_tps = num(r, AIB_P_MIN_TPS);
    if ((st = aib_plan(a->cat, a->cal, &a->setup, a->quant, &a->rows, &a->n, err)))
        return aib_error_set(err, st, "bad_setup", "%s", err ? err->msg : "bad setup");
    if (!given(r, AIB_P_WHAT) && !given(r, AIB_P_TO))
        return AIB_OK;
    if (!given(r, AIB_P_WHAT) || !given(r, AIB_P_TO))
        return aib_error_set(err, AIB_ERR_INVALID, "missing_parameter", "a what-if needs both what (bw, mem, quant or kv) and to");
    a->has_whatif = 1;
    a->alt = a->setup;
    a->alt_quant = a->quant;
    st = aib_whatif_apply(a->cat, &a->alt, &a->alt_quant, str(r, AIB_P_WHAT), str(r, AIB_P_TO), a->whatif_from,
                          sizeof a->whatif_from, err);
    if (st)
        return aib_error_set(err, st, st == AIB_ERR_NOTFOUND ? "unknown_quant" : "bad_what_if", "%s", err ? err->msg : "bad what-if");
    if ((st = aib_plan(a->cat, a->cal, &a->alt, a->alt_quant, &a->alt_rows, &a->alt_n, err)))
        return aib_error_set(err, st, "bad_what_if", "%s", err ? err->msg : "bad what-if");
    return whatif_rows(a, err);
}

/* ---- fit ---- */

/* A custom setup whose figures are a catalog entry's, with a catalog model of the same size:
 * that entry's measurement applies (aibench estimate). */
static void match_custom(aib_answer *a, const aib_model *m)
{
    const aib_setup *s = &a->setup;
    aib_plan_row *f = &a->fit;
    for (size_t i = 0; i < aib_catalog_hw_count(a->cat) && !f->measured_tg && !f->measured_pp; i++) {
        const aib_hw *h = aib_catalog_hw_at(a->cat, i);
        if (!(fabs(h->bandwidth_gbs - s->bandwidth_gbs) <= 0.005 * s->bandwidth_gbs && h->memory_gb == s->memory_gb &&
              !strcmp(h->gpu_vendor, s->gpu_vendor)))
            continue;
        for (size_t j = 0; j < aib_catalog_model_count(a->cat) && !f->measured_tg && !f->measured_pp; j++) {
            const aib_model *c = aib_catalog_model_at(a->cat, j);
            if (!(fabs(c->params_total_b - m->params_total_b) <= 0.01 * m->params_total_b &&
                  fabs(c->params_active_b - m->params_active_b) <= 0.01 * m->params_active_b))
                continue;
            f->measured_tg = aib_find_measurement(a->cat, h->id, c->id, s->quant_id, s->backend, "tg128");
            f->measured_pp = aib_find_measurement(a->cat, h->id, c->id, s->quant_id, s->backend, "pp512");
            a->match_hw = h, a->match_model = c;
        }
    }
    if (!f->measured_tg && !f->measured_pp) {
        a->match_hw = NULL, a->match_model = NULL;
        return;
    }
    if (f->measured_tg && f->res.fit == AIB_FIT_GPU) { /* it anchors the estimate as on catalog hardware */
        f->anchor = f->measured_tg;
        f->anchored_tps = f->anchor->tps * aib_decode_tps_at(s, a->cal, f->res.depth) /
                          aib_decode_tps_at(s, a->cal, f->anchor->depth + 64);
        if (f->cls == AIB_PLAN_INTERACTIVE || f->cls == AIB_PLAN_SLOW)
            f->cls = aib_row_decode(f, 1).tps >= AIB_INTERACTIVE_TPS ? AIB_PLAN_INTERACTIVE : AIB_PLAN_SLOW;
    }
}

static aib_status run_fit(aib_answer *a, aib_error *err)
{
    aib_status st;
    const aib_model *m;
    aib_request *r = &a->req;
    if ((st = resolve_setup(a, err)) || (st = find_model(a, &m, err)))
        return st;
    aib_setup *s = &a->setup;
    s->model = m;
    if (r->own_model && aib_has(r->own_bpw)) { /* a file's exact bits per weight */
        file_quant(a);
        aib_setup_quant(s, a->quant);
    } else {
        if ((st = find_quant(a, m, err)))
            return st;
        aib_setup_quant(s, a->quant);
    }
    aib_setup t = *s;
    if (r->own_model && aib_has(r->own_bpw))
        t.hw_id = NULL; /* a file's model is no catalog model: no measurement applies */
    if ((st = aib_plan_fixed(a->cat, a->cal, &t, m, a->quant, &a->fit, err)))
        return aib_error_set(err, st, "bad_setup", "%s", err ? err->msg : "bad setup");
    if (!s->hw_id && !a->n_cards && !(r->own_model && aib_has(r->own_bpw)))
        match_custom(a, m);
    if (given(r, AIB_P_SWEEP) && a->fit.res.token_model && (st = aib_sweep(s, a->cal, a->sweep, &a->n_sweep, err)))
        return aib_error_set(err, st, "bad_setup", "%s", err ? err->msg : "bad sweep");
    return AIB_OK;
}

/* ---- one model on every hardware ---- */

static int where_before(const void *x, const void *y)
{
    const aib_where_row *p = x, *q = y;
    if (p->row.cls != q->row.cls)
        return (int)p->row.cls - (int)q->row.cls;
    double tp = aib_row_decode(&p->row, 1).tps;
    double tq = aib_row_decode(&q->row, 1).tps;
    tp = isnan(tp) ? -1 : tp, tq = isnan(tq) ? -1 : tq;
    if (tp != tq)
        return tp < tq ? 1 : -1;
    return strcmp(p->hw->id, q->hw->id);
}

static aib_status run_where(aib_answer *a, aib_error *err)
{
    aib_status st;
    const aib_model *m;
    aib_request *r = &a->req;
    if ((st = find_model(a, &m, err)))
        return st;
    a->where_model = m;
    int fixed = r->own_model && aib_has(r->own_bpw);
    if (fixed)
        file_quant(a);
    else if ((st = find_quant(a, NULL, err)))
        return st;
    size_t n = aib_catalog_hw_count(a->cat);
    a->where = aib_calloc(n + 1, sizeof *a->where);
    if (!a->where)
        return aib_fail(err, AIB_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        aib_where_row *w = &a->where[i];
        w->hw = aib_catalog_hw_at(a->cat, i);
        aib_setup_init(&w->setup);
        if ((st = aib_setup_from(&w->setup, w->hw, NULL, NULL, NULL, err)) || (st = apply_run(a, &w->setup, err)))
            return st;
        if (fixed) {
            w->setup.model = m;
            aib_setup_quant(&w->setup, a->quant);
            w->row.quant = a->quant;
            if ((st = aib_estimate(&w->setup, a->cal, &w->row.res, err)))
                return st;
            w->row.model = m;
            w->row.cls = aib_plan_classify(&w->row.res);
        } else if ((st = aib_plan_model(a->cat, a->cal, &w->setup, m, a->quant, &w->row, err)))
            return st;
    }
    a->n_where = n;
    qsort(a->where, n, sizeof *a->where, where_before);
    return AIB_OK;
}

/* ---- reverse ---- */

static aib_status run_reverse(aib_answer *a, aib_error *err)
{
    aib_status st;
    aib_request *r = &a->req;
    aib_workload *w = &a->workload;
    const char *models = str(r, AIB_P_MODELS);
    if (!models)
        return aib_error_set(err, AIB_ERR_INVALID, "missing_parameter", "name the workload's models: models=ID[,ID...]");
    char list[601];
    char *canon = a->model_ids;
    snprintf(list, sizeof list, "%s", models);
    for (char *save = NULL, *tok = strtok_r(list, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
        if (w->n_models == AIB_WORKLOAD_MAX_MODELS)
            return aib_error_set(err, AIB_ERR_INVALID, "too_many", "a workload has at most %d models", AIB_WORKLOAD_MAX_MODELS);
        const aib_model *m = aib_catalog_find_model(a->cat, tok);
        if (!m)
            return aib_error_set(err, AIB_ERR_NOTFOUND, "unknown_model", "unknown model '%s'", tok);
        for (size_t k = 0; k < w->n_models; k++)
            if (w->models[k] == m)
                return aib_error_set(err, AIB_ERR_INVALID, "duplicate_parameter", "model '%s' given twice", m->id);
        w->models[w->n_models++] = m;
        size_t l = strlen(canon);
        snprintf(canon + l, sizeof a->model_ids - l, "%s%s", l ? "," : "", m->id);
    }
    if (!w->n_models)
        return aib_error_set(err, AIB_ERR_INVALID, "missing_parameter", "name the workload's models: models=ID[,ID...]");
    set_str(r, AIB_P_MODELS, canon);
    if ((st = find_quant(a, NULL, err)))
        return st;
    w->max_quant = a->quant;
    w->ctx = num(r, AIB_P_CTX);
    w->min_tps = num(r, AIB_P_MIN_TPS);
    w->min_prefill = num(r, AIB_P_MIN_PREFILL);
    w->budget_usd = num(r, AIB_P_BUDGET);
    w->power_w = num(r, AIB_P_POWER);
    w->form_factor = str(r, AIB_P_FORM);
    w->kv_type = aib_kv_type_name(str(r, AIB_P_KV));
    const aib_quant *fl = aib_catalog_find_quant(a->cat, str(r, AIB_P_MIN_QUANT));
    if (!fl)
        return aib_error_set(err, AIB_ERR_NOTFOUND, "unknown_quant", "unknown quant '%s' (min_quant)", str(r, AIB_P_MIN_QUANT));
    w->min_bpw = fl->bpw, w->floor = fl;
    if ((st = aib_reverse(a->cat, a->cal, w, &a->reverse, &a->n_reverse, err)))
        return aib_error_set(err, st, "bad_setup", "%s", err ? err->msg : "bad workload");
    return AIB_OK;
}

aib_status aib_request_run(const aib_catalog *cat, const aib_calibration *cal, const aib_request *req, aib_answer *a,
                           aib_error *err)
{
    memset(a, 0, sizeof *a);
    a->req = *req;
    a->cat = cat;
    a->cal = cal;
    aib_status st = check_kind(&a->req, err);
    if (st)
        return st;
    switch (req->kind) {
    case AIB_REQ_PLAN: return run_plan(a, err);
    case AIB_REQ_FIT: return run_fit(a, err);
    case AIB_REQ_WHERE: return run_where(a, err);
    case AIB_REQ_REVERSE: return run_reverse(a, err);
    case AIB_REQ_BRIEF: break; /* a brief is built from a plan: aib_brief_build */
    }
    return aib_error_set(err, AIB_ERR_INVALID, "bad_parameter", "unknown kind of request");
}

void aib_answer_release(aib_answer *a)
{
    aib_free(a->rows);
    aib_free(a->alt_rows);
    aib_free(a->whatif);
    aib_free(a->where);
    aib_free(a->reverse);
    memset(a, 0, sizeof *a);
}
