/* render.c: the JSON of records, results and answers (see render.h). Numbers are rounded only
 * where a human reads them (GiB to 0.01, tok/s to 0.1); the field names are the API's. */
#include "render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double aib_gib(double bytes) { return round(bytes / 1073741824.0 * 100) / 100; }
const char *aib_test_text(const aib_measurement *m, char *buf, size_t n)
{
    if (m->depth > 0)
        snprintf(buf, n, "%s at depth %.0f", m->test, m->depth);
    else
        snprintf(buf, n, "%s from an empty context", m->test);
    return buf;
}

static double r1(double v) { return round(v * 10) / 10; }
static double r2(double v) { return round(v * 100) / 100; }
static double r3(double v) { return round(v * 1000) / 1000; }

/* ---- records ---- */

void aib_jw_record(jw *w, const aib_field *fs, size_t nf, const void *rec)
{
    jw_obj(w);
    for (size_t i = 0; i < nf; i++) {
        if (fs[i].type == AIB_FIELD_STR) {
            const char *v = aib_field_str(&fs[i], rec);
            if (v)
                jw_kstr(w, fs[i].key, v);
        } else {
            double v = aib_field_num(&fs[i], rec);
            if (aib_has(v))
                jw_knum(w, fs[i].key, v);
        }
    }
    jw_end(w);
}

void aib_jw_hw(jw *w, const aib_hw *h)
{
    size_t n;
    const aib_field *f = aib_hw_fields(&n);
    aib_jw_record(w, f, n, h);
}

void aib_jw_calib(jw *w, const aib_calib *c)
{
    jw_obj(w);
    jw_kstr(w, "class", c->key);
    jw_kstr(w, "fitted_on", c->from);
    jw_knum(w, "bandwidth_efficiency", r3(1.0 / c->inv_eff));
    jw_knum(w, "layer_us", r3(c->layer_s * 1e6));
    jw_knum(w, "moe_layer_us", r3(c->moe_s * 1e6));
    jw_knum(w, "attention_us_per_gflop", r3(c->att_s * 1e6));
    jw_kstr(w, "attention_from", c->att_from);
    jw_knum(w, "prefill_efficiency", r3(c->pp_eff));
    jw_knum(w, "prefill_efficiency_moe", r3(c->pp_eff_moe));
    jw_knum(w, "prefill_efficiency_f16", r3(c->pp_eff_f16));
    jw_knum(w, "prefill_attention_factor", r3(c->pp_att));
    jw_knum(w, "decode_rows", c->n_tg);
    jw_knum(w, "prefill_rows", c->n_pp);
    /* the class's own band (grouped residuals), null where it borrows the pooled one */
    jw_knum(w, "decode_band_p10", aib_has(c->tg_p10) ? r3(c->tg_p10) : NAN);
    jw_knum(w, "decode_band_p90", aib_has(c->tg_p90) ? r3(c->tg_p90) : NAN);
    jw_knum(w, "prefill_band_p10", aib_has(c->pp_p10) ? r3(c->pp_p10) : NAN);
    jw_knum(w, "prefill_band_p90", aib_has(c->pp_p90) ? r3(c->pp_p90) : NAN);
    jw_knum(w, "band_rows_decode", c->n_tg_band);
    jw_knum(w, "band_rows_prefill", c->n_pp_band);
    jw_end(w);
}

/* ---- results ---- */

static const char *fit_name(aib_fit_kind f)
{
    return f == AIB_FIT_GPU ? "gpu" : f == AIB_FIT_OFFLOAD ? "offload" : "none";
}

static void evidence(jw *w, const char *key, const aib_measurement *x)
{
    jw_key(w, key);
    if (!x) {
        jw_null(w);
        return;
    }
    char tt[64];
    jw_obj(w);
    jw_kstr(w, "hw", x->hw);
    jw_kstr(w, "test", x->test);
    jw_kstr(w, "test_text", aib_test_text(x, tt, sizeof tt));
    jw_knum(w, "tps", x->tps);
    jw_knum(w, "depth", x->depth);
    jw_kstr(w, "software", x->software);
    jw_kstr(w, "date", x->date);
    jw_kstr(w, "source", x->source);
    jw_end(w);
}

static void inputs(jw *w, const aib_setup *s, const aib_result *r)
{
    const aib_model *m = s->model;
    jw_kobj(w, "inputs");
    jw_knum(w, "memory_gib", s->memory_gb);
    jw_knum(w, "usable_gib", s->usable_gb);
    jw_knum(w, "bandwidth_gbs", s->bandwidth_gbs);
    jw_knum(w, "fp32_tflops", s->tflops);
    jw_knum(w, "host_ram_gib", s->host_ram_gb);
    jw_knum(w, "host_bandwidth_gbs", s->host_bandwidth_gbs);
    jw_kstr(w, "gpu_vendor", s->gpu_vendor ? s->gpu_vendor : "none");
    jw_knum(w, "params_total_b", m->params_total_b);
    jw_knum(w, "params_active_b", m->params_active_b);
    jw_knum(w, "bits_per_weight", s->bpw);
    jw_knum(w, "ctx", r->ctx);
    jw_knum(w, "depth", r->depth);
    jw_knum(w, "prompt", r->prompt);
    jw_kstr(w, "kv_type", s->kv_type ? s->kv_type : "f16");
    jw_kstr(w, "offload", aib_offload_name(s->offload));
    jw_end(w);
}

static void memory(jw *w, const aib_result *r)
{
    jw_kobj(w, "memory");
    jw_knum(w, "weights_gib", aib_gib(r->mem.weights));
    jw_knum(w, "kv_cache_gib", aib_gib(r->mem.kv));
    jw_knum(w, "compute_gib", aib_gib(r->mem.compute));
    jw_knum(w, "runtime_gib", aib_gib(r->mem.overhead));
    jw_knum(w, "total_gib", aib_gib(r->mem.total));
    jw_knum(w, "budget_gib", aib_gib(r->budget));
    jw_end(w);
}

static void offload(jw *w, const aib_result *r)
{
    jw_key(w, "offload");
    if (r->fit != AIB_FIT_OFFLOAD) {
        jw_null(w);
        return;
    }
    char flags[64];
    jw_obj(w);
    jw_kstr(w, "split", aib_offload_name(r->offload));
    jw_knum(w, "gpu_layers", r->gpu_layers);
    jw_knum(w, "cpu_moe_layers", r->cpu_moe_layers);
    jw_knum(w, "system_ram_gib", aib_gib(r->cpu_weights));
    jw_kstr(w, "llama_cpp", aib_offload_flags(r, flags, sizeof flags));
    jw_knum(w, "other_split_tps", r1(r->other_decode_tps));
    jw_end(w);
}

/* The quant's quality for a model: its mean KL divergence from the 16-bit model and where that
 * is from; none lost in the file type the model is released in. */
static void quality(jw *w, const aib_model *m, const aib_quant *q)
{
    int released = aib_quant_kld(m, q) == 0 && !(q->kld == 0);
    jw_kobj(w, "quality");
    jw_knum(w, "kld", aib_quant_kld(m, q));
    jw_knum(w, "ppl_change_pct", released ? 0 : q->ppl_change_pct);
    jw_kstr(w, "basis", released ? "the released weights: the model ships in this file type"
                        : q->quality_basis ? q->quality_basis : "none published");
    jw_kstr(w, "source", released ? (m->source ? m->source : "") : q->quality_source);
    jw_end(w);
}

/* caveats: [{code, label, message}] (an empty array when there are none) */
static void caveats(jw *w, const aib_plan_row *row)
{
    jw_karr(w, "caveats");
    const char *code;
    char msg[600];
    for (int i = 0; aib_row_caveat(row, i, &code, msg, sizeof msg); i++) {
        jw_obj(w);
        jw_kstr(w, "code", code);
        jw_kstr(w, "label", aib_caveat_label(code));
        jw_kstr(w, "message", msg);
        jw_end(w);
    }
    jw_end(w);
}

/* "also possible at IQ2_XXS": below the quality floor, when nothing above it fits */
static void below_floor(jw *w, const aib_plan_row *row)
{
    jw_key(w, "below_floor");
    if (!row->also.quant) {
        jw_null(w);
        return;
    }
    jw_obj(w);
    jw_kstr(w, "quant", row->also.quant->id);
    jw_knum(w, "tps", r1(row->also.decode_tps));
    jw_knum(w, "max_ctx", row->also.max_ctx);
    jw_knum(w, "kld", row->also.quant->kld);
    jw_end(w);
}

static void speeds(jw *w, const aib_plan_row *row, int use_measured)
{
    const aib_result *r = &row->res;
    const aib_measurement *pp = row->measured_pp;
    aib_row_speed h = aib_row_decode(row, use_measured);
    jw_kobj(w, "decode");
    jw_knum(w, "tps", r1(h.tps));
    jw_kstr(w, "evidence", aib_evidence_name(h.evidence));
    jw_knum(w, "low", r1(h.lo));
    jw_knum(w, "high", r1(h.hi));
    jw_kobj(w, "estimate"); /* NaN (no band) becomes null */
    jw_knum(w, "tps", r1(r->decode_tps));
    jw_knum(w, "low", r1(r->decode_lo));
    jw_knum(w, "high", r1(r->decode_hi));
    jw_knum(w, "depth", r->depth);
    jw_knum(w, "bytes_per_token_gb", r3(r->bytes_per_token / 1e9));
    jw_end(w);
    evidence(w, "measured", h.m);
    jw_end(w);
    if (aib_has(r->prefill_tps)) {
        int pm = use_measured && pp && r->fit == AIB_FIT_GPU;
        jw_kobj(w, "prefill");
        jw_knum(w, "tps", r1(pm ? pp->tps : r->prefill_tps));
        jw_kstr(w, "evidence", pm ? "measured" : "estimated");
        jw_kobj(w, "estimate");
        jw_knum(w, "tps", r1(r->prefill_tps));
        jw_knum(w, "low", r1(r->prefill_lo));
        jw_knum(w, "high", r1(r->prefill_hi));
        jw_knum(w, "prompt", r->prompt);
        jw_end(w);
        evidence(w, "measured", use_measured ? pp : NULL);
        jw_end(w);
        jw_knum(w, "ttft_s", r2(r->ttft_s));
    } else {
        jw_knum(w, "prefill", NAN);
        jw_knum(w, "ttft_s", NAN);
    }
    jw_kbool(w, "interactive", r->interactive);
    jw_key(w, "calibration");
    if (r->calib)
        aib_jw_calib(w, r->calib);
    else
        jw_null(w);
}

/* The result's fields, into an object the caller opened; ids: also hw, model, quant, backend. */
static void result_fields(jw *w, const aib_setup *s, const aib_plan_row *row, int use_measured, int ids)
{
    const aib_model *m = s->model;
    const aib_result *r = &row->res;
    if (ids) {
        jw_kstr(w, "hw", s->hw_id);
        jw_kstr(w, "model", m->id);
        jw_kstr(w, "quant", s->quant_id ? s->quant_id : "custom");
        jw_kstr(w, "backend", s->backend);
    }
    inputs(w, s, r);
    memory(w, r);
    jw_kstr(w, "fit", fit_name(r->fit));
    jw_knum(w, "gpu_layers", r->token_model ? r->gpu_layers : NAN);
    jw_knum(w, "layers", r->token_model ? m->layers : NAN);
    jw_knum(w, "max_ctx", r->token_model ? r->max_ctx : NAN);
    jw_kstr(w, "use_cases", m->use_cases ? m->use_cases : "");
    quality(w, m, row->quant);
    caveats(w, row);
    below_floor(w, row);
    offload(w, r);
    if (!r->token_model || r->fit == AIB_FIT_NONE) {
        static const char *const none[] = {"decode", "prefill", "ttft_s", "interactive"};
        for (size_t i = 0; i < 4; i++)
            jw_knum(w, none[i], NAN);
        return;
    }
    speeds(w, row, use_measured);
}

void aib_jw_result(jw *w, const aib_setup *s, const aib_plan_row *row, int use_measured)
{
    jw_obj(w);
    result_fields(w, s, row, use_measured, 1);
    jw_end(w);
}

void aib_jw_row_open(jw *w, const char *hw_id, const aib_plan_row *row, int use_measured)
{
    const aib_model *m = row->model;
    const aib_result *r = &row->res;
    jw_obj(w);
    jw_kstr(w, "model", m->id);
    jw_kstr(w, "name", m->name);
    jw_kstr(w, "hw", hw_id);
    jw_kstr(w, "quant", row->quant->id);
    jw_kstr(w, "class", aib_plan_class_name(row->cls));
    jw_kbool(w, "moe", aib_has(m->experts));
    jw_kstr(w, "use_cases", m->use_cases ? m->use_cases : "");
    jw_knum(w, "params_total_b", m->params_total_b);
    jw_knum(w, "memory_gib", aib_gib(r->mem.total));
    jw_knum(w, "gb_per_token", r->token_model ? r2(r->bytes_per_token / 1e9) : NAN);
    if (r->token_model && r->fit != AIB_FIT_NONE) {
        aib_row_speed h = aib_row_decode(row, use_measured);
        jw_knum(w, "tps", r1(h.tps));
        jw_kstr(w, "evidence", aib_evidence_name(h.evidence));
        jw_knum(w, "low", r1(h.lo));
        jw_knum(w, "high", r1(h.hi));
        if (h.m) {
            jw_kstr(w, "source", h.m->source);
            jw_kstr(w, "date", h.m->date);
            jw_kstr(w, "software", h.m->software);
            char tt[64];
            jw_kstr(w, "test", h.m->test);
            jw_kstr(w, "test_text", aib_test_text(h.m, tt, sizeof tt));
            jw_knum(w, "measured_tps", h.m->tps);
            jw_knum(w, "measured_depth", h.m->depth);
            jw_knum(w, "depth", r->depth);
        }
    } else {
        jw_knum(w, "tps", NAN);
        jw_kstr(w, "evidence", r->fit == AIB_FIT_NONE ? "does not fit" : "fits");
    }
    jw_knum(w, "kld", aib_quant_kld(row->model, row->quant));
    quality(w, row->model, row->quant);
    if (row->also.quant) {
        jw_kstr(w, "below_floor_quant", row->also.quant->id);
        jw_knum(w, "below_floor_tps", r1(row->also.decode_tps));
    }
    caveats(w, row);
}

void aib_jw_sweep(jw *w, const aib_sweep_point *pts, size_t n)
{
    jw_arr(w);
    for (size_t i = 0; i < n; i++) {
        jw_obj(w);
        jw_knum(w, "ctx", pts[i].ctx);
        jw_knum(w, "decode_tps", r1(pts[i].decode_tps));
        jw_knum(w, "memory_gib", r2(pts[i].memory_gib));
        jw_kstr(w, "fit", fit_name(pts[i].fit));
        jw_end(w);
    }
    jw_end(w);
}

void aib_jw_error(jw *w, const char *code, const char *message)
{
    jw_obj(w);
    jw_kobj(w, "error");
    jw_kstr(w, "code", code);
    jw_kstr(w, "message", message);
    jw_end(w);
    jw_end(w);
}

/* ---- requests and answers ---- */

void aib_jw_params(jw *w)
{
    static const char *const types[] = {"number", "integer", "choice", "id", "text", "flag"};
    static const char *const kinds[] = {"plan", "fit", "where", "reverse", "brief"};
    const aib_param *t = aib_params();
    jw_arr(w);
    for (size_t i = 0; i < AIB_P_COUNT; i++) {
        const aib_param *p = &t[i];
        jw_obj(w);
        jw_kstr(w, "key", p->key);
        jw_kstr(w, "option", p->option);
        if (p->alias)
            jw_kstr(w, "alias", p->alias);
        jw_kstr(w, "type", types[p->type]);
        jw_kstr(w, "unit", p->unit);
        if (p->type == AIB_PT_NUM || p->type == AIB_PT_INT) {
            jw_knum(w, "min", p->lo);
            jw_knum(w, "max", p->hi);
        } else if (p->type == AIB_PT_TEXT || p->type == AIB_PT_ID)
            jw_knum(w, "max_length", p->hi);
        jw_kstr(w, "default", p->def_text);
        if (p->choices) {
            jw_karr(w, "choices");
            for (const char *const *c = p->choices; *c; c++)
                jw_str(w, *c);
            jw_end(w);
        }
        jw_karr(w, "takes");
        for (unsigned k = 0; k < 5; k++)
            if (p->kinds & (1u << k))
                jw_str(w, kinds[k]);
        jw_end(w);
        jw_kbool(w, "custom_hardware", (p->flags & AIB_PF_CUSTOM) != 0);
        jw_kstr(w, "help", p->help);
        jw_end(w);
    }
    jw_end(w);
}

static void form_fields(jw *w, const aib_request *r)
{
    const aib_param *t = aib_params();
    for (size_t i = 0; i < AIB_P_COUNT; i++) {
        if (!t[i].key || !r->v[i].set || !(t[i].kinds & r->kind))
            continue;
        if (t[i].type == AIB_PT_NUM || t[i].type == AIB_PT_INT)
            jw_knum(w, t[i].key, r->v[i].num);
        else if (r->v[i].str)
            jw_kstr(w, t[i].key, r->v[i].str);
    }
}

void aib_jw_form(jw *w, const aib_request *r)
{
    jw_obj(w);
    form_fields(w, r);
    jw_end(w);
}

static const char *page_of(aib_request_kind k)
{
    switch (k) {
    case AIB_REQ_PLAN: return "/planner/";
    case AIB_REQ_REVERSE: return "/planner/reverse/";
    case AIB_REQ_FIT: return "/fit/";
    case AIB_REQ_WHERE: break;
    case AIB_REQ_BRIEF: return "/hardware/";
    }
    return "/models/";
}

void aib_share_url(const aib_request *r, sbuf *b)
{
    char q[2048];
    size_t n = aib_request_query(r, q, sizeof q);
    sb_put(b, page_of(r->kind));
    if (n && n < sizeof q) {
        sb_put(b, "?");
        sb_put(b, q);
    }
}

static void share(jw *w, const aib_request *r)
{
    sbuf b;
    sb_init(&b);
    aib_share_url(r, &b);
    jw_kstr(w, "share_url", b.p ? b.p : "");
    sb_release(&b);
}

static void plan_form(jw *w, const aib_answer *a)
{
    jw_kobj(w, "form");
    form_fields(w, &a->req);
    if (a->n_cards > 1) {
        jw_kobj(w, "multi_gpu");
        jw_knum(w, "cards", (double)a->n_cards);
        jw_knum(w, "usable_gib", r1(a->setup.usable_gb));
        jw_knum(w, "memory_gib", a->setup.memory_gb);
        jw_knum(w, "effective_bandwidth_gbs", r1(a->setup.bandwidth_gbs));
        jw_end(w);
    }
    jw_end(w);
}

/* One side of a what-if row: estimates only, since the changed setup has no measurements. */
static void whatif_side(jw *w, const char *key, const aib_plan_row *r, int meets)
{
    jw_kobj(w, key);
    jw_kstr(w, "quant", r->quant->id);
    jw_kstr(w, "class", aib_plan_class_name(r->cls));
    jw_knum(w, "memory_gib", aib_gib(r->res.mem.total));
    jw_knum(w, "tps", r->res.token_model && r->res.fit != AIB_FIT_NONE ? r1(r->res.decode_tps) : NAN);
    jw_knum(w, "max_ctx", r->res.token_model ? r->res.max_ctx : NAN);
    jw_kbool(w, "meets", meets);
    jw_end(w);
}

static void whatif(jw *w, const aib_answer *a)
{
    jw_kobj(w, "what_if");
    jw_kstr(w, "what", aib_request_str(&a->req, AIB_P_WHAT));
    jw_kstr(w, "from", a->whatif_from);
    jw_kstr(w, "to", aib_request_str(&a->req, AIB_P_TO));
    jw_knum(w, "runs_before", a->runs_before);
    jw_knum(w, "runs_after", a->runs_after);
    for (int k = 0; k < 2; k++) {
        jw_karr(w, k ? "stopped" : "started");
        for (size_t i = 0; i < a->n_whatif; i++)
            if (a->whatif[i].meets_before != a->whatif[i].meets_after && a->whatif[i].meets_after == !k)
                jw_str(w, a->whatif[i].before->model->id);
        jw_end(w);
    }
    jw_kstr(w, "evidence", "estimates on both sides: the changed setup has no measurements");
    jw_karr(w, "rows");
    for (size_t i = 0; i < a->n_whatif; i++) {
        const aib_whatif_row *x = &a->whatif[i];
        jw_obj(w);
        jw_kstr(w, "model", x->before->model->id);
        jw_kstr(w, "name", x->before->model->name);
        whatif_side(w, "before", x->before, x->meets_before);
        whatif_side(w, "after", x->after, x->meets_after);
        jw_kbool(w, "moved", x->moved);
        if (aib_has(x->tps_change))
            jw_knum(w, "tps_change", x->tps_change);
        jw_end(w);
    }
    jw_end(w);
    jw_end(w);
}

static void row_setup(const aib_answer *a, const aib_setup *tmpl, const aib_plan_row *r, aib_setup *s)
{
    (void)a;
    *s = *tmpl;
    s->model = r->model;
    s->bpw = r->quant->bpw;
    s->quant_id = r->quant->id;
}

void aib_jw_config(jw *w, const aib_hw_config *c)
{
    jw_obj(w);
    jw_knum(w, "memory_gib", c->memory_gb);
    jw_kstr(w, "product", c->product);
    jw_knum(w, "price_usd", c->price_usd);
    jw_kstr(w, "price_kind", c->price_kind);
    jw_kstr(w, "price_source", c->source);
    jw_kstr(w, "price_as_of", c->as_of);
    jw_end(w);
}

void aib_jw_configs(jw *w, const aib_catalog *cat, const aib_hw *h)
{
    aib_hw_config cs[AIB_MAX_CONFIGS];
    size_t n = aib_hw_configs(cat, h, cs, AIB_MAX_CONFIGS);
    jw_arr(w);
    for (size_t i = 0; i < n; i++)
        aib_jw_config(w, &cs[i]);
    jw_end(w);
}

/* config=GIB: the configuration the answer is for, with its price */
static void configuration(jw *w, const aib_answer *a)
{
    if (!a->has_config)
        return;
    jw_key(w, "configuration");
    aib_jw_config(w, &a->config);
}

static void plan_answer(jw *w, const aib_answer *a, int with_rows)
{
    int use_measured = !a->req.no_measured;
    plan_form(w, a);
    share(w, &a->req);
    jw_kstr(w, "hw", a->hw_ids);
    jw_kstr(w, "hw_name", a->hw_name);
    jw_kstr(w, "backend", a->setup.backend);
    configuration(w, a);
    jw_knum(w, "interactive_tps", AIB_INTERACTIVE_TPS);
    for (int part = 0; part < 2; part++) {
        jw_karr(w, part ? "misses" : "runs");
        for (size_t i = 0; i < a->n; i++) {
            const aib_plan_row *r = &a->rows[i];
            if (!aib_answer_wanted(a, r) || aib_answer_meets(a, r) == part)
                continue;
            aib_setup s;
            row_setup(a, &a->setup, r, &s);
            aib_jw_row_open(w, a->hw ? a->hw->id : "custom", r, use_measured);
            jw_key(w, "detail");
            aib_jw_result(w, &s, r, use_measured);
            jw_end(w);
        }
        jw_end(w);
    }
    if (a->has_whatif)
        whatif(w, a);
    if (with_rows) {
        jw_karr(w, "rows");
        for (size_t i = 0; i < a->n; i++) {
            aib_setup s;
            row_setup(a, &a->setup, &a->rows[i], &s);
            jw_obj(w);
            result_fields(w, &s, &a->rows[i], use_measured, 1);
            jw_kstr(w, "class", aib_plan_class_name(a->rows[i].cls));
            jw_kstr(w, "name", a->rows[i].model->name);
            jw_end(w);
        }
        jw_end(w);
    }
}

static void fit_answer(jw *w, const aib_answer *a)
{
    const aib_plan_row *f = &a->fit;
    result_fields(w, &a->setup, f, !a->req.no_measured, 1);
    jw_kstr(w, "class", aib_plan_class_name(f->cls));
    jw_kstr(w, "name", f->model->name);
    jw_kstr(w, "hw_name", a->hw_name);
    configuration(w, a);
    jw_key(w, "form");
    aib_jw_form(w, &a->req);
    if (a->match_hw) {
        jw_kobj(w, "matches");
        jw_kstr(w, "hw", a->match_hw->id);
        jw_kstr(w, "model", a->match_model->id);
        jw_end(w);
    }
    if (aib_request_num(&a->req, AIB_P_SWEEP) > 0 && f->res.token_model) {
        jw_key(w, "sweep");
        aib_jw_sweep(w, a->sweep, a->n_sweep);
    }
}

static void where_answer(jw *w, const aib_answer *a)
{
    jw_key(w, "form");
    aib_jw_form(w, &a->req);
    jw_kstr(w, "model", a->where_model->id);
    jw_kstr(w, "name", a->where_model->name);
    jw_karr(w, "rows");
    for (size_t i = 0; i < a->n_where; i++) {
        const aib_where_row *x = &a->where[i];
        aib_jw_row_open(w, x->hw->id, &x->row, !a->req.no_measured);
        jw_kstr(w, "hw_name", x->hw->name);
        jw_kstr(w, "backend", x->setup.backend);
        jw_knum(w, "bandwidth_gbs", x->hw->bandwidth_gbs);
        jw_knum(w, "price_usd", x->hw->price_usd);
        aib_setup s = x->setup;
        s.model = x->row.model;
        if (x->row.quant)
            s.bpw = x->row.quant->bpw, s.quant_id = x->row.quant->id;
        result_fields(w, &s, &x->row, !a->req.no_measured, 0);
        jw_end(w);
    }
    jw_end(w);
}

static void reverse_hw(jw *w, const aib_workload *wl, const aib_reverse_row *r)
{
    jw_obj(w);
    jw_kstr(w, "hw", r->hw->id);
    jw_kstr(w, "name", r->hw->name);
    jw_kstr(w, "backend", r->backend);
    jw_knum(w, "price_usd", r->device_price);
    jw_knum(w, "host_price_usd", r->host_price > 0 ? r->host_price : NAN);
    jw_knum(w, "system_price_usd", r->total_price);
    jw_kstr(w, "price_kind", r->price_kind);
    jw_kstr(w, "price_as_of", r->price_as_of);
    jw_kstr(w, "configuration", r->product);
    jw_knum(w, "power_max_w", r->hw->power_max_w);
    jw_knum(w, "memory_gib", r->memory_gb);
    jw_knum(w, "bandwidth_gbs", r->hw->bandwidth_gbs);
    jw_knum(w, "worst_tps", r1(r->worst_tps));
    jw_knum(w, "worst_prefill", r1(r->worst_prefill));
    jw_knum(w, "headroom", r2(r->headroom));
    jw_knum(w, "memory_headroom_gib", r1(r->mem_headroom_gb));
    jw_karr(w, "models");
    for (size_t k = 0; k < wl->n_models; k++) {
        const aib_plan_row *p = &r->rows[k];
        aib_row_speed h = aib_row_decode(p, 1);
        jw_obj(w);
        jw_kstr(w, "model", p->model->id);
        jw_kstr(w, "quant", p->quant->id);
        jw_kstr(w, "class", aib_plan_class_name(p->cls));
        jw_knum(w, "tps", r1(h.tps));
        jw_kstr(w, "evidence", aib_evidence_name(h.evidence));
        jw_knum(w, "memory_gib", aib_gib(p->res.mem.total));
        jw_kstr(w, "use_cases", p->model->use_cases ? p->model->use_cases : "");
        quality(w, p->model, p->quant);
        caveats(w, p);
        jw_end(w);
    }
    jw_end(w);
    if (!r->meets) {
        jw_kstr(w, "misses_by", r->why);
        jw_knum(w, "shortfall", r3(r->shortfall));
    }
    jw_end(w);
}

static void reverse_answer(jw *w, const aib_answer *a)
{
    const aib_workload *wl = &a->workload;
    jw_kobj(w, "workload");
    jw_karr(w, "models");
    for (size_t i = 0; i < wl->n_models; i++)
        jw_str(w, wl->models[i]->id);
    jw_end(w);
    jw_knum(w, "ctx", wl->ctx);
    jw_knum(w, "min_tps", wl->min_tps);
    jw_knum(w, "min_prefill", wl->min_prefill);
    jw_knum(w, "budget_usd", wl->budget_usd);
    jw_knum(w, "power_w", wl->power_w);
    jw_kstr(w, "form_factor", wl->form_factor);
    jw_kstr(w, "quant", wl->max_quant->id);
    jw_kstr(w, "kv_type", wl->kv_type ? wl->kv_type : "f16");
    jw_end(w);
    jw_key(w, "form");
    aib_jw_form(w, &a->req);
    share(w, &a->req);
    double max_misses = aib_request_num(&a->req, AIB_P_MISSES);
    for (int part = 0; part < 2; part++) {
        jw_karr(w, part ? "nearest_misses" : "meets");
        size_t shown = 0;
        for (size_t i = 0; i < a->n_reverse; i++) {
            const aib_reverse_row *r = &a->reverse[i];
            if (r->meets == part || (part && (double)shown >= max_misses))
                continue;
            reverse_hw(w, wl, r);
            shown++;
        }
        jw_end(w);
    }
}

void aib_jw_answer(jw *w, const aib_answer *a, int with_rows)
{
    jw_obj(w);
    switch (a->req.kind) {
    case AIB_REQ_PLAN: plan_answer(w, a, with_rows); break;
    case AIB_REQ_FIT: fit_answer(w, a); break;
    case AIB_REQ_WHERE: where_answer(w, a); break;
    case AIB_REQ_REVERSE: reverse_answer(w, a); break;
    case AIB_REQ_BRIEF: break; /* not an answer: aib_jw_brief */
    }
    jw_end(w);
}

#ifndef AIB_WASM
/* ---- json_t forms ---- */

json_t *aib_json_from(sbuf *b)
{
    json_error_t je;
    json_t *j = b->failed || !b->p ? NULL : json_loadb(b->p, b->len, 0, &je);
    sb_release(b);
    return j;
}

#define JSON_OF(call)                                                                                                  \
    do {                                                                                                               \
        sbuf b_;                                                                                                       \
        jw w_;                                                                                                         \
        sb_init(&b_);                                                                                                  \
        jw_init(&w_, &b_);                                                                                             \
        call;                                                                                                          \
        return aib_json_from(&b_);                                                                                     \
    } while (0)

json_t *aib_json_record(const aib_field *fs, size_t nf, const void *rec) { JSON_OF(aib_jw_record(&w_, fs, nf, rec)); }
json_t *aib_json_hw(const aib_hw *h) { JSON_OF(aib_jw_hw(&w_, h)); }
json_t *aib_json_configs(const aib_catalog *cat, const aib_hw *h) { JSON_OF(aib_jw_configs(&w_, cat, h)); }
json_t *aib_json_calib(const aib_calib *c) { JSON_OF(aib_jw_calib(&w_, c)); }
json_t *aib_json_answer(const aib_answer *a, int with_rows) { JSON_OF(aib_jw_answer(&w_, a, with_rows)); }
json_t *aib_json_error(const char *code, const char *message) { JSON_OF(aib_jw_error(&w_, code, message)); }

json_t *aib_json_model(const aib_model *m)
{
    size_t n;
    const aib_field *f = aib_model_fields(&n);
    return aib_json_record(f, n, m);
}

json_t *aib_json_quant(const aib_quant *q)
{
    size_t n;
    const aib_field *f = aib_quant_fields(&n);
    return aib_json_record(f, n, q);
}

json_t *aib_json_measurement(const aib_measurement *x)
{
    size_t n;
    const aib_field *f = aib_measurement_fields(&n);
    return aib_json_record(f, n, x);
}

json_t *aib_json_text(const char *s)
{
    json_t *j = json_string(s ? s : "");
    if (j)
        return j;
    /* not UTF-8: keep ASCII, replace every other byte */
    size_t n = strlen(s);
    char *t = malloc(n + 1);
    if (!t)
        return NULL;
    for (size_t i = 0; i <= n; i++)
        t[i] = (unsigned char)s[i] < 0x80 ? s[i] : '?';
    j = json_string(t);
    free(t);
    return j;
}
#endif
