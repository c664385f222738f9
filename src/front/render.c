/* render.c: JSON views of records and results (see render.h). Numbers are rounded only
 * where a human reads them (GiB to 0.01, tok/s to 0.1); the field names are the API's. */
#include "render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double aib_gib(double bytes) { return round(bytes / 1073741824.0 * 100) / 100; }
static double r1(double v) { return round(v * 10) / 10; }
static double r3(double v) { return round(v * 1000) / 1000; }

static void set_num(json_t *o, const char *k, double v)
{
    json_object_set_new(o, k, aib_has(v) && isfinite(v) ? json_real(v) : json_null());
}

json_t *aib_json_record(const aib_field *fs, size_t nf, const void *rec)
{
    json_t *o = json_object();
    for (size_t i = 0; i < nf; i++) {
        if (fs[i].type == AIB_FIELD_STR) {
            const char *v = aib_field_str(&fs[i], rec);
            if (v)
                json_object_set_new(o, fs[i].key, aib_json_text(v));
        } else {
            double v = aib_field_num(&fs[i], rec);
            if (aib_has(v))
                json_object_set_new(o, fs[i].key, v == floor(v) && fabs(v) < 1e15 ? json_integer((json_int_t)v) : json_real(v));
        }
    }
    return o;
}

json_t *aib_json_hw(const aib_hw *h) { size_t n; const aib_field *f = aib_hw_fields(&n); return aib_json_record(f, n, h); }
json_t *aib_json_model(const aib_model *m) { size_t n; const aib_field *f = aib_model_fields(&n); return aib_json_record(f, n, m); }
json_t *aib_json_quant(const aib_quant *q) { size_t n; const aib_field *f = aib_quant_fields(&n); return aib_json_record(f, n, q); }
json_t *aib_json_measurement(const aib_measurement *x)
{
    size_t n;
    const aib_field *f = aib_measurement_fields(&n);
    return aib_json_record(f, n, x);
}

json_t *aib_json_calib(const aib_calib *c)
{
    return json_pack("{s:s, s:s, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:i, s:i}", "class", c->key, "fitted_on", c->from,
                     "bandwidth_efficiency", r3(1.0 / c->inv_eff), "layer_us", r3(c->layer_s * 1e6),
                     "moe_layer_us", r3(c->moe_s * 1e6), "attention_us_per_gflop", r3(c->att_s * 1e6),
                     "prefill_efficiency", r3(c->pp_eff), "prefill_efficiency_moe", r3(c->pp_eff_moe),
                     "prefill_efficiency_f16", r3(c->pp_eff_f16), "decode_rows", c->n_tg, "prefill_rows", c->n_pp);
}

aib_headline aib_headline_decode(const aib_result *r, const aib_measurement *tg, int use_measured)
{
    aib_headline h = {r->decode_tps, 0};
    if (use_measured && tg && r->fit == AIB_FIT_GPU)
        h.tps = tg->tps, h.measured = 1;
    return h;
}

const char *aib_offload_flags(const aib_result *r, char *buf, size_t n)
{
    if (r->fit != AIB_FIT_OFFLOAD)
        snprintf(buf, n, "%s", "");
    else if (r->offload == AIB_OFFLOAD_EXPERTS)
        snprintf(buf, n, "-ngl 999 --n-cpu-moe %.0f", r->n_cpu_moe_flag);
    else
        snprintf(buf, n, "-ngl %.0f", r->gpu_layers);
    return buf;
}

static const char *fit_name(aib_fit_kind f)
{
    return f == AIB_FIT_GPU ? "gpu" : f == AIB_FIT_OFFLOAD ? "offload" : "none";
}

static json_t *evidence(const aib_measurement *x)
{
    if (!x)
        return json_null();
    return json_pack("{s:s, s:f, s:i, s:s, s:s, s:s}", "test", x->test, "tps", x->tps, "depth", (int)x->depth,
                     "software", x->software, "date", x->date, "source", x->source);
}

json_t *aib_json_result(const aib_setup *s, const aib_result *r, const aib_measurement *tg, const aib_measurement *pp,
                        int use_measured)
{
    const aib_model *m = s->model;
    json_t *o = json_object();
    json_object_set_new(o, "hw", s->hw_id ? json_string(s->hw_id) : json_null());
    json_object_set_new(o, "model", m->id ? json_string(m->id) : json_null());
    json_object_set_new(o, "quant", json_string(s->quant_id ? s->quant_id : "custom"));
    json_object_set_new(o, "backend", json_string(s->backend));
    json_t *in = json_object();
    set_num(in, "memory_gib", s->memory_gb);
    set_num(in, "usable_gib", s->usable_gb);
    set_num(in, "bandwidth_gbs", s->bandwidth_gbs);
    set_num(in, "fp32_tflops", s->tflops);
    set_num(in, "host_ram_gib", s->host_ram_gb);
    set_num(in, "host_bandwidth_gbs", s->host_bandwidth_gbs);
    json_object_set_new(in, "gpu_vendor", json_string(s->gpu_vendor ? s->gpu_vendor : "none"));
    set_num(in, "params_total_b", m->params_total_b);
    set_num(in, "params_active_b", m->params_active_b);
    set_num(in, "bits_per_weight", s->bpw);
    set_num(in, "ctx", r->ctx);
    set_num(in, "depth", r->depth);
    set_num(in, "prompt", r->prompt);
    json_object_set_new(in, "kv_type", json_string(s->kv_type ? s->kv_type : "f16"));
    json_object_set_new(in, "offload", json_string(aib_offload_name(s->offload)));
    json_object_set_new(o, "inputs", in);
    json_object_set_new(o, "memory", json_pack("{s:f, s:f, s:f, s:f, s:f, s:f}", "weights_gib", aib_gib(r->mem.weights),
                                               "kv_cache_gib", aib_gib(r->mem.kv), "compute_gib", aib_gib(r->mem.compute),
                                               "runtime_gib", aib_gib(r->mem.overhead), "total_gib", aib_gib(r->mem.total),
                                               "budget_gib", aib_gib(r->budget)));
    json_object_set_new(o, "fit", json_string(fit_name(r->fit)));
    set_num(o, "gpu_layers", r->token_model ? r->gpu_layers : NAN);
    set_num(o, "layers", r->token_model ? m->layers : NAN);
    set_num(o, "max_ctx", r->token_model ? r->max_ctx : NAN);
    if (r->fit == AIB_FIT_OFFLOAD) {
        json_t *off = json_object();
        json_object_set_new(off, "split", json_string(aib_offload_name(r->offload)));
        set_num(off, "gpu_layers", r->gpu_layers);
        set_num(off, "cpu_moe_layers", r->cpu_moe_layers);
        set_num(off, "system_ram_gib", aib_gib(r->cpu_weights));
        char flags[64];
        json_object_set_new(off, "llama_cpp", json_string(aib_offload_flags(r, flags, sizeof flags)));
        set_num(off, "other_split_tps", r1(r->other_decode_tps));
        json_object_set_new(o, "offload", off);
    } else
        json_object_set_new(o, "offload", json_null());
    if (!r->token_model || r->fit == AIB_FIT_NONE) {
        json_object_set_new(o, "decode", json_null());
        json_object_set_new(o, "prefill", json_null());
        json_object_set_new(o, "ttft_s", json_null());
        json_object_set_new(o, "interactive", json_null());
        return o;
    }
    aib_headline h = aib_headline_decode(r, tg, use_measured);
    json_t *d = json_object();
    set_num(d, "tps", r1(h.tps));
    json_object_set_new(d, "evidence", json_string(h.measured ? "measured" : "estimated"));
    json_t *de = json_object(); /* NaN (no band) becomes null */
    set_num(de, "tps", r1(r->decode_tps));
    set_num(de, "low", r1(r->decode_lo));
    set_num(de, "high", r1(r->decode_hi));
    set_num(de, "depth", r->depth);
    set_num(de, "bytes_per_token_gb", r3(r->bytes_per_token / 1e9));
    json_object_set_new(d, "estimate", de);
    json_object_set_new(d, "measured", use_measured ? evidence(tg) : json_null());
    json_object_set_new(o, "decode", d);
    if (aib_has(r->prefill_tps)) {
        json_t *p = json_object();
        int pm = use_measured && pp && r->fit == AIB_FIT_GPU;
        set_num(p, "tps", r1(pm ? pp->tps : r->prefill_tps));
        json_object_set_new(p, "evidence", json_string(pm ? "measured" : "estimated"));
        json_t *pe = json_object();
        set_num(pe, "tps", r1(r->prefill_tps));
        set_num(pe, "low", r1(r->prefill_lo));
        set_num(pe, "high", r1(r->prefill_hi));
        set_num(pe, "prompt", r->prompt);
        json_object_set_new(p, "estimate", pe);
        json_object_set_new(p, "measured", use_measured ? evidence(pp) : json_null());
        json_object_set_new(o, "prefill", p);
        set_num(o, "ttft_s", round(r->ttft_s * 100) / 100);
    } else {
        json_object_set_new(o, "prefill", json_null());
        json_object_set_new(o, "ttft_s", json_null());
    }
    json_object_set_new(o, "interactive", json_boolean(r->interactive));
    json_object_set_new(o, "calibration", r->calib ? aib_json_calib(r->calib) : json_null());
    return o;
}

json_t *aib_json_plan(const aib_setup *t, const aib_plan_row *rows, size_t n, int use_measured)
{
    json_t *o = json_object();
    json_object_set_new(o, "hw", t->hw_id ? json_string(t->hw_id) : json_null());
    json_object_set_new(o, "backend", json_string(t->backend));
    json_object_set_new(o, "interactive_tps", json_real(AIB_INTERACTIVE_TPS));
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        aib_setup s = *t;
        s.model = rows[i].model;
        s.bpw = rows[i].quant->bpw;
        s.quant_id = rows[i].quant->id;
        json_t *r = aib_json_result(&s, &rows[i].res, rows[i].measured_tg, rows[i].measured_pp, use_measured);
        json_object_set_new(r, "class", json_string(aib_plan_class_name(rows[i].cls)));
        json_object_set_new(r, "name", json_string(rows[i].model->name));
        json_array_append_new(a, r);
    }
    json_object_set_new(o, "rows", a);
    return o;
}

json_t *aib_json_reverse(const aib_workload *w, const aib_reverse_row *rows, size_t n, size_t max_misses)
{
    json_t *wl = json_object(), *models = json_array(), *meets = json_array(), *misses = json_array();
    for (size_t i = 0; i < w->n_models; i++)
        json_array_append_new(models, json_string(w->models[i]->id));
    json_object_set_new(wl, "models", models);
    set_num(wl, "ctx", w->ctx);
    set_num(wl, "min_tps", w->min_tps);
    set_num(wl, "min_prefill", w->min_prefill);
    set_num(wl, "budget_usd", w->budget_usd);
    set_num(wl, "power_w", w->power_w);
    json_object_set_new(wl, "form_factor", w->form_factor ? json_string(w->form_factor) : json_null());
    json_object_set_new(wl, "quant", json_string(w->max_quant->id));
    json_object_set_new(wl, "kv_type", json_string(w->kv_type ? w->kv_type : "f16"));
    for (size_t i = 0; i < n; i++) {
        const aib_reverse_row *r = &rows[i];
        if (!r->meets && json_array_size(misses) >= max_misses)
            continue;
        json_t *o = json_object(), *per = json_array();
        json_object_set_new(o, "hw", json_string(r->hw->id));
        json_object_set_new(o, "name", json_string(r->hw->name));
        json_object_set_new(o, "backend", json_string(r->backend));
        set_num(o, "price_usd", r->hw->price_usd);
        set_num(o, "power_max_w", r->hw->power_max_w);
        set_num(o, "memory_gib", r->hw->memory_gb);
        set_num(o, "bandwidth_gbs", r->hw->bandwidth_gbs);
        set_num(o, "worst_tps", r1(r->worst_tps));
        set_num(o, "worst_prefill", r1(r->worst_prefill));
        set_num(o, "headroom", round(r->headroom * 100) / 100);
        set_num(o, "memory_headroom_gib", round(r->mem_headroom_gb * 10) / 10);
        for (size_t k = 0; k < w->n_models; k++) {
            const aib_plan_row *p = &r->rows[k];
            aib_headline h = aib_headline_decode(&p->res, p->measured_tg, 1);
            json_t *m = json_pack("{s:s, s:s, s:s}", "model", p->model->id, "quant", p->quant->id, "class",
                                  aib_plan_class_name(p->cls));
            set_num(m, "tps", p->res.token_model && p->res.fit != AIB_FIT_NONE ? r1(h.tps) : NAN);
            json_object_set_new(m, "evidence", json_string(h.measured ? "measured" : "estimated"));
            set_num(m, "memory_gib", aib_gib(p->res.mem.total));
            json_array_append_new(per, m);
        }
        json_object_set_new(o, "models", per);
        if (!r->meets) {
            json_object_set_new(o, "misses_by", json_string(r->why));
            set_num(o, "shortfall", round(r->shortfall * 1000) / 1000);
        }
        json_array_append_new(r->meets ? meets : misses, o);
    }
    return json_pack("{s:o, s:o, s:o}", "workload", wl, "meets", meets, "nearest_misses", misses);
}

json_t *aib_json_sweep(const aib_sweep_point *pts, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        set_num(o, "ctx", pts[i].ctx);
        set_num(o, "decode_tps", r1(pts[i].decode_tps));
        set_num(o, "memory_gib", round(pts[i].memory_gib * 100) / 100);
        json_object_set_new(o, "fit", json_string(fit_name(pts[i].fit)));
        json_array_append_new(a, o);
    }
    return a;
}

json_t *aib_json_error(const char *code, const char *message)
{
    return json_pack("{s:{s:s, s:s}}", "error", "code", code, "message", message);
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
