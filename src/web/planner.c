/* planner.c: the planner's form (catalog or custom hardware, use case, context, minimum
 * speed, quant, KV type) read from query args, checked, and run through the same plan as
 * the CLI's `aibench plan`. Every state is a URL: the form's own GET query. */
#include "planner.h"
#include "front/render.h"

#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const form_keys[] = {"hw", "mem", "usable", "bw", "backend", "vendor", "tflops", "use",
                                        "ctx", "min_tps", "quant", "kv", "gpus", "prompt", "offload", "ram",
                                        "ram_bw", "what", "to", NULL};
static const char *const uses[] = {"all", "chat", "coding", "docs", "agents", "image", "voice", NULL};

static const char *arg(const aib_arg *a, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(a[i].key, key))
            return a[i].value;
    return NULL;
}

static int bad(void *form, int status, const char *code, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int bad(void *form, int status, const char *code, const char *fmt, ...)
{
    va_list ap;
    aib_form_err *p = form;
    p->status = status;
    snprintf(p->code, sizeof p->code, "%s", code);
    va_start(ap, fmt);
    vsnprintf(p->message, sizeof p->message, fmt, ap);
    va_end(ap);
    return status;
}

/* Every arg is one of a form's keys, and none is given twice; else the error. */
static int check_keys(void *form, const char *const *keys, const aib_arg *a, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int known = 0;
        for (const char *const *k = keys; *k; k++)
            known |= !strcmp(*k, a[i].key);
        if (!known)
            return bad(form, 400, "unknown_parameter", "unknown parameter '%s'", a[i].key);
        for (size_t j = 0; j < i; j++)
            if (!strcmp(a[j].key, a[i].key))
                return bad(form, 400, "duplicate_parameter", "parameter '%s' given twice", a[i].key);
    }
    return 0;
}

/* A number in lo..hi, or the default when the arg is absent or empty. */
static int num(void *p, const aib_arg *a, size_t n, const char *key, double lo, double hi, double def, double *out)
{
    const char *s = arg(a, n, key);
    *out = def;
    if (!s || !*s)
        return 0;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || !isfinite(v))
        return bad(p, 400, "bad_number", "'%s' is not a number (%s)", s, key);
    if (v < lo || v > hi) {
        char range[96];
        snprintf(range, sizeof range, "%s must be between %g and %g", key, lo, hi);
        return bad(p, 400, "out_of_range", "'%s': %s", s, range);
    }
    *out = v;
    return 0;
}

static const char *backend_vendor(const char *b)
{
    if (!strcmp(b, "cuda")) return "nvidia";
    if (!strcmp(b, "rocm")) return "amd";
    if (!strcmp(b, "metal")) return "apple";
    if (!strcmp(b, "sycl")) return "intel";
    if (!strcmp(b, "cpu")) return "none";
    return NULL;
}

/* offload=off|auto|layers|experts (off: plans that need the CPU are listed as misses, with
 * the faster split) and, beside a discrete GPU, ram (GiB) and ram_bw (GB/s) of the system RAM. */
static int read_offload(aib_planner *p, const aib_arg *a, size_t n, aib_setup *s)
{
    const char *o = arg(a, n, "offload");
    if (o && *o && strcmp(o, "off")) {
        int mode = aib_offload_parse(o);
        if (mode < 0)
            return bad(p, 400, "bad_parameter", "offload takes off, auto, layers or experts, not '%s'", o);
        s->offload = (aib_offload)mode;
        p->offload_counts = 1;
    }
    double ram, ram_bw;
    if (num(p, a, n, "ram", 0, 65536, NAN, &ram) || num(p, a, n, "ram_bw", 1, 100000, NAN, &ram_bw))
        return p->e.status;
    if ((aib_has(ram) || aib_has(ram_bw)) && (strcmp(s->kind, "gpu") || !strcmp(s->backend, "cpu")))
        return bad(p, 400, "bad_parameter", "ram and ram_bw describe the system RAM beside a discrete GPU on a GPU "
                   "backend; this setup has one memory");
    if (aib_has(ram)) {
        s->host_ram_gb = ram;
        json_object_set_new(p->form, "ram", json_real(ram));
    }
    if (aib_has(ram_bw)) {
        s->host_bandwidth_gbs = ram_bw;
        json_object_set_new(p->form, "ram_bw", json_real(ram_bw));
    }
    return 0;
}

int aib_planner_run(const aib_site_data *d, const aib_arg *a, size_t n, aib_planner *p)
{
    memset(p, 0, sizeof *p);
    p->e.status = 200;
    p->form = json_object();
    aib_error err = {0};
    if (check_keys(p, form_keys, a, n))
        return p->e.status;
    const char *hw = arg(a, n, "hw");
    json_t *f = p->form;
    const char *use = arg(a, n, "use");
    if (!use || !*use)
        use = "all";
    int use_ok = 0;
    for (const char *const *u = uses; *u; u++)
        use_ok |= !strcmp(*u, use);
    if (!use_ok)
        return bad(p, 400, "bad_use_case", "unknown use case '%s' (all, chat, coding, docs, agents, image, voice)", use);
    double ctx, min_tps, prompt;
    if (num(p, a, n, "ctx", 0, 10485760, 0, &ctx) || num(p, a, n, "min_tps", 0, 100000, AIB_INTERACTIVE_TPS, &min_tps) ||
        num(p, a, n, "prompt", 0, 10485760, 0, &prompt))
        return p->e.status;
    if (prompt > 0 && ctx > 0 && prompt > ctx)
        return bad(p, 400, "out_of_range", "prompt %g is longer than the context %g", prompt, ctx);
    const char *qs = arg(a, n, "quant");
    const aib_quant *q = qs && *qs ? aib_catalog_find_quant(d->cat, qs) : d->target;
    if (!q)
        return bad(p, 400, "unknown_quant", "unknown quant '%s'", qs);
    const char *kv = arg(a, n, "kv");
    if (kv && *kv && aib_kv_type_bytes(kv) == 0)
        return bad(p, 400, "unknown_kv_type", "unknown KV cache type '%s' (f16, bf16, f32, q8_0, q4_0, q4_1, q5_0, q5_1, iq4_nl)", kv);
    aib_setup *s = &p->tmpl;
    aib_setup_init(s);
    int custom = !hw || !*hw || !strcmp(hw, "custom");
    if (custom) {
        double mem, usable, bw, tflops;
        const char *be = arg(a, n, "backend"), *vendor = arg(a, n, "vendor");
        if (!arg(a, n, "mem") || !arg(a, n, "bw"))
            return bad(p, 400, "missing_parameter", "pick a catalog hardware (hw=ID) or give a custom one: mem and bw");
        if (num(p, a, n, "mem", 0.25, 65536, NAN, &mem) || num(p, a, n, "bw", 1, 100000, NAN, &bw) ||
            num(p, a, n, "usable", 0.1, 65536, mem, &usable) || num(p, a, n, "tflops", 0.01, 100000, NAN, &tflops))
            return p->e.status;
        if (isnan(mem) || isnan(bw))
            return bad(p, 400, "missing_parameter", "a custom hardware needs mem and bw");
        if (usable > mem)
            return bad(p, 400, "out_of_range", "usable memory is more than the memory");
        const char *bn = aib_backend_name(be && *be ? be : "vulkan");
        if (!bn)
            return bad(p, 400, "unknown_backend", "unknown backend '%s' (cuda, rocm, vulkan, metal, sycl, cpu)", be);
        const char *vn = backend_vendor(bn);
        if (vendor && *vendor) {
            static const char *const vendors[] = {"nvidia", "amd", "apple", "intel", "none", NULL};
            int ok = 0;
            for (const char *const *v = vendors; *v; v++)
                ok |= !strcmp(*v, vendor);
            if (!ok)
                return bad(p, 400, "unknown_vendor", "unknown vendor '%s' (nvidia, amd, apple, intel, none)", vendor);
            vn = vendor;
        }
        s->gpu_vendor = vn ? vn : "amd";
        s->kind = !strcmp(bn, "cpu") ? "cpu" : "gpu";
        s->backend = bn;
        s->memory_gb = mem, s->usable_gb = usable, s->bandwidth_gbs = bw, s->tflops = tflops;
        s->host_ram_gb = 0, s->host_bandwidth_gbs = bw;
        json_object_set_new(f, "hw", json_string("custom"));
        json_object_set_new(f, "mem", json_real(mem));
        json_object_set_new(f, "usable", json_real(usable));
        json_object_set_new(f, "bw", json_real(bw));
        json_object_set_new(f, "backend", json_string(bn));
        json_object_set_new(f, "vendor", json_string(s->gpu_vendor));
        if (aib_has(tflops))
            json_object_set_new(f, "tflops", json_real(tflops));
    } else {
        for (const char *const *k = form_keys + 1; k < form_keys + 7; k++)
            if (strcmp(*k, "backend") && arg(a, n, *k) && *arg(a, n, *k))
                return bad(p, 400, "bad_parameter", "'%s' is for a custom hardware; drop hw=%s", *k, hw);
        /* one card, several of one card (gpus=N), or a list of cards: hw=a,b */
        const aib_hw *cards[AIB_MAX_GPUS];
        size_t ncards = 0, listed = 0;
        double gpus;
        if (num(p, a, n, "gpus", 1, 1e6, 1, &gpus))
            return p->e.status;
        if (gpus != floor(gpus))
            return bad(p, 400, "bad_number", "gpus must be a whole number, not %g", gpus);
        char list[400], canon[400] = "";
        if (strlen(hw) >= sizeof list)
            return bad(p, 400, "out_of_range", "the hardware list is too long");
        snprintf(list, sizeof list, "%s", hw);
        for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            const aib_hw *h = aib_catalog_find_hw(d->cat, tok);
            if (!h)
                return bad(p, 404, "unknown_hw", "unknown hardware '%s'", tok);
            if (listed > 1 && gpus > 1)
                break;
            listed++;
            for (double k = 0; k < gpus; k++) {
                if (ncards == AIB_MAX_GPUS)
                    return bad(p, 400, "out_of_range", "multi-GPU takes 1 to %d cards, not %.0f", AIB_MAX_GPUS,
                               gpus * (double)listed > AIB_MAX_GPUS ? gpus * (double)listed : (double)ncards + 1);
                cards[ncards++] = h;
            }
            size_t l = strlen(canon);
            snprintf(canon + l, sizeof canon - l, "%s%s", l ? "," : "", h->id);
        }
        if (listed > 1 && gpus > 1)
            return bad(p, 400, "bad_parameter", "gpus=N goes with one hardware; list the cards instead: hw=a,b");
        if (!ncards)
            return bad(p, 400, "missing_parameter", "pick a catalog hardware (hw=ID)");
        const char *be = arg(a, n, "backend");
        if (ncards == 1) {
            p->hw = cards[0];
            if (aib_setup_from(s, p->hw, NULL, NULL, be && *be ? be : NULL, &err))
                return bad(p, 400, "bad_backend", "%s", err.msg);
        } else if (aib_setup_multi(s, cards, ncards, be && *be ? be : NULL, &err))
            return bad(p, 400, "bad_setup", "%s", err.msg);
        json_object_set_new(f, "hw", json_string(canon));
        if (gpus > 1)
            json_object_set_new(f, "gpus", json_real(gpus));
        json_object_set_new(f, "backend", json_string(s->backend));
        if (ncards > 1)
            json_object_set_new(f, "multi_gpu", json_pack("{s:i, s:f, s:f, s:f}", "cards", (int)ncards, "usable_gib",
                                                          round(s->usable_gb * 10) / 10, "memory_gib", s->memory_gb,
                                                          "effective_bandwidth_gbs", round(s->bandwidth_gbs * 10) / 10));
    }
    if (kv && *kv)
        s->kv_type = aib_kv_type_name(kv), s->kv_bytes = aib_kv_type_bytes(kv);
    if (read_offload(p, a, n, s))
        return p->e.status;
    s->ctx = ctx;
    s->prompt = prompt; /* 0: min(4096, ctx) */
    json_object_set_new(f, "use", json_string(use));
    json_object_set_new(f, "ctx", json_real(ctx));
    if (prompt > 0)
        json_object_set_new(f, "prompt", json_real(prompt));
    json_object_set_new(f, "min_tps", json_real(min_tps));
    json_object_set_new(f, "quant", json_string(q->id));
    json_object_set_new(f, "kv", json_string(s->kv_type ? s->kv_type : "f16"));
    json_object_set_new(f, "offload", json_string(p->offload_counts ? aib_offload_name(s->offload) : "off"));
    if (aib_plan(d->cat, d->cal, s, q, &p->rows, &p->n, &err))
        return bad(p, 400, "bad_setup", "%s", err.msg);
    p->use = use;
    p->min_tps = min_tps;
    const char *what = arg(a, n, "what"), *to = arg(a, n, "to");
    if ((what && *what) || (to && *to)) {
        if (!what || !*what || !to || !*to)
            return bad(p, 400, "missing_parameter", "a what-if needs both what (bw, mem, quant or kv) and to");
        p->alt = *s;
        p->alt_quant = q;
        aib_status st = aib_whatif_apply(d->cat, &p->alt, &p->alt_quant, what, to, p->from, sizeof p->from, &err);
        if (st)
            return bad(p, st == AIB_ERR_NOTFOUND ? 404 : 400, st == AIB_ERR_NOTFOUND ? "unknown_quant" : "bad_what_if",
                       "%s", err.msg);
        if (aib_plan(d->cat, d->cal, &p->alt, p->alt_quant, &p->alt_rows, &p->alt_n, &err))
            return bad(p, 400, "bad_what_if", "%s", err.msg);
        json_object_set_new(f, "what", json_string(what));
        json_object_set_new(f, "to", json_string(to));
        p->what = json_string_value(json_object_get(f, "what")); /* the form outlives the args */
    }
    return 200;
}

/* Does a row count for the use case and the minimum speed? */
static int wanted(const aib_planner *p, const aib_plan_row *r)
{
    if (strcmp(p->use, "all") && !(r->model->use_cases && strstr(r->model->use_cases, p->use)))
        return 0;
    return 1;
}

/* Does a row meet the form when it decodes at tps? */
static int meets_at(const aib_planner *p, const aib_plan_row *r, double tps)
{
    if (r->cls == AIB_PLAN_FITS)
        return 1;
    if (r->cls != AIB_PLAN_INTERACTIVE && r->cls != AIB_PLAN_SLOW && !(r->cls == AIB_PLAN_OFFLOAD && p->offload_counts))
        return 0;
    return tps >= p->min_tps;
}

/* ... at its headline speed (measured where the catalog has it) */
static int meets(const aib_planner *p, const aib_plan_row *r)
{
    return meets_at(p, r, aib_headline_decode(&r->res, r->measured_tg, 1).tps);
}

void aib_form_share(json_t *form, const char *base, sbuf *b)
{
    sb_put(b, base);
    const char *k;
    json_t *v;
    int first = 1;
    json_object_foreach(form, k, v)
    {
        char num[64];
        const char *s;
        if (json_is_string(v))
            s = json_string_value(v);
        else if (json_is_number(v))
            snprintf(num, sizeof num, "%.10g", json_number_value(v)), s = num;
        else
            continue;
        if (!strcmp(k, "ctx") && json_number_value(v) == 0)
            continue;
        sb_put(b, first ? "?" : "&");
        first = 0;
        sb_url(b, k);
        sb_put(b, "=");
        sb_url(b, s);
    }
}

void aib_planner_share(const aib_planner *p, sbuf *b) { aib_form_share(p->form, "/planner/", b); }

/* One side of a what-if row: estimates only, since the changed setup has no measurements. */
static json_t *side(const aib_planner *p, const aib_plan_row *r)
{
    json_t *o = json_pack("{s:s, s:s, s:f}", "quant", r->quant->id, "class", aib_plan_class_name(r->cls), "memory_gib",
                          aib_gib(r->res.mem.total));
    double t = r->res.token_model && r->res.fit != AIB_FIT_NONE ? round(r->res.decode_tps * 10) / 10 : NAN;
    json_object_set_new(o, "tps", isnan(t) ? json_null() : json_real(t));
    json_object_set_new(o, "max_ctx", r->res.token_model ? json_real(r->res.max_ctx) : json_null());
    json_object_set_new(o, "meets", json_boolean(meets_at(p, r, r->res.decode_tps)));
    return o;
}

/* {what, from, to, runs_before, runs_after, started, stopped, rows: [{model, name, before, after,
 * moved}]}: every wanted model before and after the change, those that moved first. */
static json_t *whatif_json(const aib_planner *p)
{
    json_t *rows = json_array(), *still = json_array(), *started = json_array(), *stopped = json_array();
    int before = 0, after = 0;
    for (size_t i = 0; i < p->n; i++) {
        const aib_plan_row *r = &p->rows[i], *x = NULL;
        if (!wanted(p, r))
            continue;
        for (size_t j = 0; j < p->alt_n && !x; j++)
            if (p->alt_rows[j].model == r->model)
                x = &p->alt_rows[j];
        if (!x)
            continue;
        json_t *b = side(p, r), *a = side(p, x);
        int mb = json_is_true(json_object_get(b, "meets")), ma = json_is_true(json_object_get(a, "meets"));
        before += mb, after += ma;
        double tb = json_number_value(json_object_get(b, "tps")), ta = json_number_value(json_object_get(a, "tps"));
        int moved = r->cls != x->cls || r->quant != x->quant || mb != ma || r->res.max_ctx != x->res.max_ctx ||
                    (tb > 0 && fabs(ta / tb - 1) >= 0.005);
        json_t *row = json_pack("{s:s, s:s, s:o, s:o, s:b}", "model", r->model->id, "name", r->model->name, "before", b,
                                "after", a, "moved", moved);
        if (tb > 0 && ta > 0)
            json_object_set_new(row, "tps_change", json_real(round((ta / tb - 1) * 1000) / 1000));
        if (mb != ma)
            json_array_append_new(ma ? started : stopped, json_string(r->model->id));
        json_array_append_new(moved ? rows : still, row);
    }
    json_array_extend(rows, still);
    json_decref(still);
    return json_pack("{s:s, s:s, s:s, s:i, s:i, s:o, s:o, s:s, s:o}", "what", p->what, "from", p->from, "to",
                     json_string_value(json_object_get(p->form, "to")), "runs_before", before, "runs_after", after,
                     "started", started, "stopped", stopped, "evidence",
                     "estimates on both sides: the changed setup has no measurements", "rows", rows);
}

json_t *aib_planner_json(const aib_planner *p)
{
    json_t *o = json_object(), *runs = json_array(), *misses = json_array();
    json_object_set(o, "form", p->form);
    sbuf b;
    sb_init(&b);
    aib_planner_share(p, &b);
    json_object_set_new(o, "share_url", json_string(b.p ? b.p : ""));
    sb_release(&b);
    aib_hw_plan hp = {p->hw, p->tmpl, p->rows, p->n};
    static const aib_hw custom = {.id = "custom", .name = "Custom hardware", .kind = "gpu"};
    if (!hp.hw)
        hp.hw = &custom;
    for (size_t i = 0; i < p->n; i++) {
        const aib_plan_row *r = &p->rows[i];
        if (!wanted(p, r))
            continue;
        json_t *row = aib_view_brief(&hp, r);
        aib_setup s = p->tmpl;
        s.model = r->model, s.bpw = r->quant->bpw, s.quant_id = r->quant->id;
        json_object_set_new(row, "detail", aib_json_result(&s, &r->res, r->measured_tg, r->measured_pp, 1));
        json_array_append_new(meets(p, r) ? runs : misses, row);
    }
    json_object_set_new(o, "runs", runs);
    json_object_set_new(o, "misses", misses);
    if (p->what)
        json_object_set_new(o, "what_if", whatif_json(p));
    return o;
}

void aib_planner_release(aib_planner *p)
{
    json_decref(p->form);
    free(p->rows);
    free(p->alt_rows);
    memset(p, 0, sizeof *p);
}

/* ---- reverse ---- */

static const char *const reverse_keys[] = {"models", "ctx", "min_tps", "min_prefill", "budget", "power", "form",
                                           "quant", "kv", NULL};

int aib_reverser_run(const aib_catalog *cat, const aib_calibration *cal, const aib_quant *target, const aib_arg *a,
                     size_t n, aib_reverser *r)
{
    memset(r, 0, sizeof *r);
    r->e.status = 200;
    r->form = json_object();
    if (check_keys(r, reverse_keys, a, n))
        return r->e.status;
    aib_workload *w = &r->w;
    const char *models = arg(a, n, "models");
    if (!models || !*models)
        return bad(r, 400, "missing_parameter", "name the workload's models: models=ID[,ID...]");
    char list[600];
    if (strlen(models) >= sizeof list)
        return bad(r, 400, "out_of_range", "the model list is too long");
    snprintf(list, sizeof list, "%s", models);
    char canon[600] = "";
    for (char *save = NULL, *tok = strtok_r(list, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
        if (w->n_models == AIB_WORKLOAD_MAX_MODELS)
            return bad(r, 400, "too_many", "a workload has at most %d models", AIB_WORKLOAD_MAX_MODELS);
        const aib_model *m = aib_catalog_find_model(cat, tok);
        if (!m)
            return bad(r, 404, "unknown_model", "unknown model '%s'", tok);
        for (size_t k = 0; k < w->n_models; k++)
            if (w->models[k] == m)
                return bad(r, 400, "duplicate_parameter", "model '%s' given twice", m->id);
        w->models[w->n_models++] = m;
        size_t l = strlen(canon);
        snprintf(canon + l, sizeof canon - l, "%s%s", l ? "," : "", m->id);
    }
    if (!w->n_models)
        return bad(r, 400, "missing_parameter", "name the workload's models: models=ID[,ID...]");
    if (num(r, a, n, "ctx", 0, 10485760, 0, &w->ctx) || num(r, a, n, "min_tps", 0, 100000, AIB_INTERACTIVE_TPS, &w->min_tps) ||
        num(r, a, n, "min_prefill", 0, 1e7, NAN, &w->min_prefill) || num(r, a, n, "budget", 1, 1e8, NAN, &w->budget_usd) ||
        num(r, a, n, "power", 1, 1e6, NAN, &w->power_w))
        return r->e.status;
    const char *qs = arg(a, n, "quant"), *kv = arg(a, n, "kv"), *form = arg(a, n, "form");
    w->max_quant = qs && *qs ? aib_catalog_find_quant(cat, qs) : target;
    if (!w->max_quant)
        return bad(r, 400, "unknown_quant", "unknown quant '%s'", qs);
    if (kv && *kv) {
        if (aib_kv_type_bytes(kv) == 0)
            return bad(r, 400, "unknown_kv_type", "unknown KV cache type '%s'", kv);
        w->kv_type = aib_kv_type_name(kv);
    }
    if (form && *form) {
        if (strlen(form) > 40)
            return bad(r, 400, "out_of_range", "form factor '%.40s...' is too long", form);
        w->form_factor = form;
    }
    json_t *f = r->form;
    json_object_set_new(f, "models", json_string(canon));
    json_object_set_new(f, "ctx", json_real(w->ctx));
    json_object_set_new(f, "min_tps", json_real(w->min_tps));
    if (aib_has(w->min_prefill))
        json_object_set_new(f, "min_prefill", json_real(w->min_prefill));
    if (aib_has(w->budget_usd))
        json_object_set_new(f, "budget", json_real(w->budget_usd));
    if (aib_has(w->power_w))
        json_object_set_new(f, "power", json_real(w->power_w));
    if (w->form_factor)
        json_object_set_new(f, "form", json_string(w->form_factor));
    json_object_set_new(f, "quant", json_string(w->max_quant->id));
    json_object_set_new(f, "kv", json_string(w->kv_type ? w->kv_type : "f16"));
    aib_error err = {0};
    if (aib_reverse(cat, cal, w, &r->rows, &r->n, &err))
        return bad(r, 400, "bad_setup", "%s", err.msg);
    return 200;
}

json_t *aib_reverser_json(const aib_reverser *r, size_t max_misses)
{
    json_t *o = aib_json_reverse(&r->w, r->rows, r->n, max_misses);
    sbuf b;
    sb_init(&b);
    aib_form_share(r->form, "/planner/reverse/", &b);
    json_object_set_new(o, "share_url", json_string(b.p ? b.p : ""));
    json_object_set(o, "form", r->form);
    sb_release(&b);
    return o;
}

void aib_reverser_release(aib_reverser *r)
{
    json_decref(r->form);
    free(r->rows);
    memset(r, 0, sizeof *r);
}
