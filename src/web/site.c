/* site.c: the router of the site. GET path + args -> status, content type and body, for
 * pages (HTML) and the API (JSON, one error shape). Answers that depend only on the catalog
 * are cached: the catalog does not change while the site runs. */
#include "web.h"
#include "planner.h"
#include "front/render.h"
#include "../core/internal.h"

#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define CACHE_SLOTS 4096 /* power of two; entries beyond 3/4 of it are not cached */
#define MAX_PATH 1024

typedef struct {
    char *key;
    char *body;
    size_t len;
    int status;
    const char *type;
} cache_entry;

struct aib_site {
    aib_site_data d;
    char *css, *js;
    size_t css_len, js_len;
    pthread_rwlock_t lock;
    cache_entry *cache;
    size_t cached;
};

static const char HTML[] = "text/html; charset=utf-8";
static const char JSON[] = "application/json";

/* error code -> HTTP status: the one table of the site */
static const struct {
    const char *code;
    int status;
} statuses[] = {
    {"not_found", 404}, {"unknown_hw", 404}, {"unknown_model", 404}, {"method_not_allowed", 405},
    {"uri_too_long", 414}, {"too_large", 413}, {"internal", 500}, {"out_of_memory", 503},
};

static int status_of(const char *code)
{
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
        if (!strcmp(statuses[i].code, code))
            return statuses[i].status;
    return 400; /* every other code is a bad request */
}

static char *slurp_web(const char *dir, const char *name, size_t *len, aib_error *err)
{
    char path[1100];
    char *buf = NULL;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (aib_slurp(path, &buf, len, err))
        return NULL;
    return buf;
}

aib_status aib_site_new(const aib_catalog *cat, const aib_calibration *cal, const char *webdir, int static_mode,
                        aib_site **out, aib_error *err)
{
    *out = NULL;
    aib_site *s = aib_calloc(1, sizeof *s);
    if (!s)
        return aib_fail(err, AIB_ERR_NOMEM, "out of memory");
    s->d.cat = cat, s->d.cal = cal, s->d.static_mode = static_mode;
    s->d.target = aib_catalog_find_quant(cat, "Q4_K_M");
    pthread_rwlock_init(&s->lock, NULL);
    if (!s->d.target) {
        aib_site_free(s);
        return aib_fail(err, AIB_ERR_NOTFOUND, "the catalog has no Q4_K_M quant");
    }
    if (!(s->css = slurp_web(webdir, "style.css", &s->css_len, err)) || !(s->js = slurp_web(webdir, "site.js", &s->js_len, err))) {
        aib_site_free(s);
        return err ? err->code : AIB_ERR_IO;
    }
    size_t n = aib_catalog_hw_count(cat);
    s->d.plans = aib_calloc(n + 1, sizeof *s->d.plans);
    s->cache = aib_calloc(CACHE_SLOTS, sizeof *s->cache);
    if (!s->d.plans || !s->cache) {
        aib_site_free(s);
        return aib_fail(err, AIB_ERR_NOMEM, "out of memory");
    }
    /* every page starts from each hardware's plan: compute them once */
    for (size_t i = 0; i < n; i++) {
        aib_hw_plan *p = &s->d.plans[i];
        p->hw = aib_catalog_hw_at(cat, i);
        aib_setup_init(&p->tmpl);
        aib_status st = aib_setup_from(&p->tmpl, p->hw, NULL, NULL, NULL, err);
        if (!st)
            st = aib_plan(cat, cal, &p->tmpl, s->d.target, &p->rows, &p->n, err);
        if (st) {
            aib_site_free(s);
            return st;
        }
        s->d.nplans = i + 1;
    }
    *out = s;
    return AIB_OK;
}

void aib_site_free(aib_site *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->d.nplans; i++)
        free(s->d.plans[i].rows);
    aib_free(s->d.plans);
    if (s->cache)
        for (size_t i = 0; i < CACHE_SLOTS; i++)
            free(s->cache[i].key), free(s->cache[i].body);
    aib_free(s->cache);
    aib_free(s->css);
    aib_free(s->js);
    pthread_rwlock_destroy(&s->lock);
    aib_free(s);
}

void aib_response_release(aib_response *r)
{
    if (!r->shared)
        free(r->body);
    memset(r, 0, sizeof *r);
}

/* ---- query strings ---- */

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int aib_url_decode(char *s)
{
    char *o = s;
    for (; *s; s++) {
        if (*s == '+')
            *o++ = ' ';
        else if (*s == '%') {
            int h = hexval((unsigned char)s[1]), l = h < 0 ? -1 : hexval((unsigned char)s[2]);
            if (h < 0 || l < 0 || (h == 0 && l == 0))
                return -1;
            *o++ = (char)(h * 16 + l);
            s += 2;
        } else
            *o++ = *s;
    }
    *o = '\0';
    return 0;
}

int aib_query_parse(char *q, aib_arg *args, size_t max)
{
    size_t n = 0;
    while (q && *q) {
        char *amp = strchr(q, '&');
        if (amp)
            *amp = '\0';
        if (*q) {
            if (n >= max)
                return -1;
            char *eq = strchr(q, '=');
            if (eq)
                *eq = '\0';
            if (aib_url_decode(q) || (eq && aib_url_decode(eq + 1)))
                return -1;
            args[n].key = q, args[n].value = eq ? eq + 1 : "";
            n++;
        }
        q = amp ? amp + 1 : NULL;
    }
    return (int)n;
}

/* ---- responses ---- */

static void set_body(aib_response *r, int status, const char *type, sbuf *b)
{
    r->status = status, r->type = type;
    if (b->failed) {
        sb_release(b);
        r->status = 503, r->type = JSON;
        r->body = strdup("{\"error\":{\"code\":\"out_of_memory\",\"message\":\"the answer was too large\"}}\n");
        r->len = r->body ? strlen(r->body) : 0;
        return;
    }
    r->body = sb_take(b, &r->len);
    if (!r->body)
        r->body = strdup(""), r->len = 0;
}

static void json_body(aib_response *r, int status, json_t *v)
{
    char *t = v ? json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(10)) : NULL;
    json_decref(v);
    sbuf b;
    sb_init(&b);
    if (t) {
        sb_put(&b, t);
        sb_put(&b, "\n");
        free(t);
    } else
        b.failed = 1;
    set_body(r, status, JSON, &b);
}

static void fail(aib_response *r, int html, const char *code, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void fail(aib_response *r, int html, const char *code, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int status = status_of(code);
    if (html) {
        sbuf b;
        sb_init(&b);
        aib_page_error(&b, status, code, msg);
        set_body(r, status, HTML, &b);
    } else
        json_body(r, status, aib_json_error(code, msg));
}

static void redirect(aib_response *r, const char *to)
{
    r->status = 302, r->type = HTML;
    snprintf(r->location, sizeof r->location, "%.500s", to);
    r->body = strdup("");
    r->len = 0;
}

/* Splits "a-vs-b-vs-c" into up to 3 plans; returns the count or -1 (unknown id in *bad). */
static int compare_ids(const aib_site_data *d, const char *spec, const aib_hw_plan *ps[3], char bad[128])
{
    char buf[400];
    if (strlen(spec) >= sizeof buf)
        return -2;
    snprintf(buf, sizeof buf, "%.399s", spec);
    int n = 0;
    char *p = buf;
    while (p) {
        char *sep = strstr(p, "-vs-");
        if (sep)
            *sep = '\0';
        if (n == 3)
            return -2;
        const aib_hw_plan *hp = aib_site_plan(d, p);
        if (!hp) {
            snprintf(bad, 128, "%.127s", p);
            return -1;
        }
        for (int i = 0; i < n; i++)
            if (ps[i] == hp)
                return -3;
        ps[n++] = hp;
        p = sep ? sep + 4 : NULL;
    }
    return n;
}

static double arg_num(const aib_arg *a, size_t n, const char *k, int *bad)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(a[i].key, k) && *a[i].value) {
            char *end;
            errno = 0;
            double v = strtod(a[i].value, &end);
            if (end == a[i].value || *end || errno || !isfinite(v) || v < 0)
                *bad = 1;
            return v;
        }
    return NAN;
}

static int by_text(json_t *x, json_t *y, const void *key)
{
    return strcasecmp(jstr(x, key), jstr(y, key)) < 0;
}

static int by_number(json_t *x, json_t *y, const void *key)
{
    return aib_num_desc_before(jnum(x, key), jnum(y, key));
}

/* The index's filters (kind, min_mem, min_bw, max_price, max_power) and sort, applied to
 * the view; pages without JavaScript get the same table the script would show. */
static int filter_index(json_t *v, const aib_arg *a, size_t n, aib_response *r, int html)
{
    static const char *const keys[] = {"kind", "min_mem", "min_bw", "max_price", "max_power", "sort", NULL};
    const char *kind = NULL, *sort = NULL;
    for (size_t i = 0; i < n; i++) {
        int ok = 0;
        for (const char *const *k = keys; *k; k++)
            ok |= !strcmp(*k, a[i].key);
        if (!ok) {
            fail(r, html, "unknown_parameter", "unknown parameter '%s'", a[i].key);
            return -1;
        }
        if (!strcmp(a[i].key, "kind") && *a[i].value)
            kind = a[i].value;
        if (!strcmp(a[i].key, "sort") && *a[i].value)
            sort = a[i].value;
    }
    int bad = 0;
    double min_mem = arg_num(a, n, "min_mem", &bad), min_bw = arg_num(a, n, "min_bw", &bad),
           max_price = arg_num(a, n, "max_price", &bad), max_power = arg_num(a, n, "max_power", &bad);
    if (bad) {
        fail(r, html, "bad_number", "a filter is not a number >= 0");
        return -1;
    }
    static const char *const kinds[] = {"gpu", "apu", "apple", "system", "cpu", NULL};
    int kind_ok = !kind;
    for (const char *const *k = kinds; kind && *k; k++)
        kind_ok |= !strcmp(*k, kind);
    if (!kind_ok) {
        fail(r, html, "bad_kind", "unknown kind '%s' (gpu, apu, apple, system, cpu)", kind);
        return -1;
    }
    static const char *const sorts[][2] = {{"name", "name"}, {"kind", "kind"}, {"memory", "memory_gib"},
                                           {"bandwidth", "bandwidth_gbs"}, {"price", "price_usd"}, {"power", "power_max_w"},
                                           {"models", "interactive_models"}, {"largest", "interactive_models"}};
    const char *sort_key = NULL;
    for (size_t i = 0; sort && i < 8; i++)
        if (!strcmp(sorts[i][0], sort))
            sort_key = sorts[i][1];
    if (sort && !sort_key) {
        fail(r, html, "bad_sort", "cannot sort by '%s' (name, kind, memory, bandwidth, price, power, models)", sort);
        return -1;
    }
    json_t *rows = json_object_get(v, "hardware"), *keep = json_array();
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        double price = jnum(row, "price_usd"), power = jnum(row, "power_max_w");
        if ((kind && strcmp(jstr(row, "kind"), kind)) || (!isnan(min_mem) && jnum(row, "memory_gib") < min_mem) ||
            (!isnan(min_bw) && jnum(row, "bandwidth_gbs") < min_bw) ||
            (!isnan(max_price) && (isnan(price) || price > max_price)) ||
            (!isnan(max_power) && (isnan(power) || power > max_power)))
            continue;
        json_array_append(keep, row);
    }
    if (sort_key) /* numbers largest first, text a to z; missing last */
        aib_json_sort(keep, strcmp(sort_key, "name") && strcmp(sort_key, "kind") ? by_number : by_text, sort_key);
    json_object_set_new(v, "hardware", keep);
    return 0;
}

static const char API_INDEX[] =
    "{\"endpoints\":{"
    "\"/api/hardware.json\":\"every hardware with its figures and what runs on it (the index)\","
    "\"/api/hardware/ID.json\":\"a hardware page: figures, summary, picks, the call, watchouts, every model\","
    "\"/api/models.json\":\"every model\","
    "\"/api/models/ID.json\":\"a model page: every hardware that runs it, at what quant and speed\","
    "\"/api/compare/A-vs-B[-vs-C].json\":\"two or three hardware side by side\","
    "\"/api/plan.json?hw=ID[,ID]|mem=&bw=&usable=&backend=&vendor=&tflops=,gpus=,use=,ctx=,min_tps=,prompt=,quant=,kv=,offload=,ram=,ram_bw=,what=,to=\":\"the planner (what=bw|mem|quant|kv&to=V: the what-if)\","
    "\"/api/plan/ID.json\":\"the planner for a catalog hardware with default inputs\","
    "\"/api/reverse.json?models=ID[,ID],ctx=,min_tps=,min_prefill=,budget=,power=,form=,quant=,kv=\":\"the hardware that runs a workload, cheapest first, and the nearest misses\","
    "\"/api/fit.json?hw=ID&model=ID[&quant=Q&backend=B&ctx=N&kv=T&offload=M&ram=GB&ram_bw=GBPS]\":\"one model on one hardware, with its context sweep\"},"
    "\"errors\":{\"shape\":{\"error\":{\"code\":\"...\",\"message\":\"...\"}}}}";

/* One model on one hardware, with its context sweep: /api/fit.json and the /fit/ page. */
static void fit(aib_site *s, const aib_arg *a, size_t n, int api, aib_response *r)
{
    const char *hw = NULL, *model = NULL, *quant = "Q4_K_M", *backend = NULL, *kv = NULL, *offload = NULL;
    double ctx = 0, ram = NAN, ram_bw = NAN;
    int html = !api;
    for (size_t i = 0; i < n; i++) {
        const char *k = a[i].key, *v = a[i].value;
        if (!strcmp(k, "hw")) hw = v;
        else if (!strcmp(k, "model")) model = v;
        else if (!strcmp(k, "quant")) quant = v;
        else if (!strcmp(k, "backend")) backend = v;
        else if (!strcmp(k, "kv")) kv = v;
        else if (!strcmp(k, "offload")) offload = v;
        else if (!strcmp(k, "ram") || !strcmp(k, "ram_bw")) {
            char *end;
            errno = 0;
            double x = strtod(v, &end);
            int is_ram = !strcmp(k, "ram");
            if (end == v || *end || errno || !(x >= 1 && x <= (is_ram ? 65536 : 100000)))
                return fail(r, html, "out_of_range", "%s '%s' must be a number between 1 and %s", k, v,
                            is_ram ? "65536" : "100000");
            *(is_ram ? &ram : &ram_bw) = x;
        } else if (!strcmp(k, "ctx")) {
            char *end;
            errno = 0;
            ctx = strtod(v, &end);
            if (end == v || *end || errno || !(ctx >= 1 && ctx <= 10485760))
                return fail(r, html, "out_of_range", "ctx '%s' must be a number between 1 and 10485760", v);
        } else
            return fail(r, html, "unknown_parameter", "unknown parameter '%s'", k);
    }
    if (!hw || !model)
        return fail(r, html, "missing_parameter", "fit needs hw and model");
    const aib_hw *h = aib_catalog_find_hw(s->d.cat, hw);
    const aib_model *m = aib_catalog_find_model(s->d.cat, model);
    const aib_quant *q = aib_catalog_find_quant(s->d.cat, quant);
    if (!h)
        return fail(r, html, "unknown_hw", "unknown hardware '%s'", hw);
    if (!m)
        return fail(r, html, "unknown_model", "unknown model '%s'", model);
    if (!q)
        return fail(r, html, "unknown_quant", "unknown quant '%s'", quant);
    aib_setup st;
    aib_error err = {0};
    aib_setup_init(&st);
    if (aib_setup_from(&st, h, m, q, backend && *backend ? backend : NULL, &err))
        return fail(r, html, "bad_backend", "%s", err.msg);
    if (kv && *kv) {
        if (aib_kv_type_bytes(kv) == 0)
            return fail(r, html, "unknown_kv_type", "unknown KV cache type '%s'", kv);
        st.kv_type = aib_kv_type_name(kv), st.kv_bytes = aib_kv_type_bytes(kv);
    }
    if (offload && *offload) {
        int mode = aib_offload_parse(offload);
        if (mode < 0)
            return fail(r, html, "bad_parameter", "offload takes auto, layers or experts, not '%s'", offload);
        st.offload = (aib_offload)mode;
    }
    if ((aib_has(ram) || aib_has(ram_bw)) && (strcmp(h->kind, "gpu") || !strcmp(st.backend, "cpu")))
        return fail(r, html, "bad_parameter", "ram and ram_bw describe the system RAM beside a discrete GPU on a GPU "
                    "backend; %s has one memory", h->id);
    if (aib_has(ram))
        st.host_ram_gb = ram;
    if (aib_has(ram_bw))
        st.host_bandwidth_gbs = ram_bw;
    st.ctx = ctx;
    aib_result res;
    if (aib_estimate(&st, s->d.cal, &res, &err))
        return fail(r, html, "bad_setup", "%s", err.msg);
    const aib_measurement *tg = aib_find_measurement(s->d.cat, h->id, m->id, q->id, st.backend, "tg128");
    const aib_measurement *pp = aib_find_measurement(s->d.cat, h->id, m->id, q->id, st.backend, "pp512");
    json_t *v = aib_json_result(&st, &res, tg, pp, 1);
    json_object_set_new(v, "name", json_string(m->name));
    json_object_set_new(v, "hw_name", json_string(h->name));
    aib_sweep_point pts[AIB_SWEEP_MAX];
    size_t npts = 0;
    if (res.token_model && !aib_sweep(&st, s->d.cal, pts, &npts, &err))
        json_object_set_new(v, "sweep", aib_json_sweep(pts, npts));
    if (api)
        return json_body(r, 200, v);
    sbuf b;
    sb_init(&b);
    aib_page_fit(&b, &s->d, v);
    json_decref(v);
    set_body(r, 200, HTML, &b);
}

static void planner(aib_site *s, const aib_arg *a, size_t n, int api, aib_response *r)
{
    sbuf b;
    sb_init(&b);
    if (!api && (n == 0 || s->d.static_mode)) { /* the empty form */
        json_t *form = json_object();
        aib_page_planner(&b, &s->d, form, NULL, NULL);
        json_decref(form);
        return set_body(r, 200, HTML, &b);
    }
    aib_planner p;
    int status = aib_planner_run(&s->d, a, n, &p);
    if (status != 200) {
        if (api) {
            json_t *e = aib_json_error(p.e.code, p.e.message);
            aib_planner_release(&p);
            return json_body(r, status, e);
        }
        aib_page_planner(&b, &s->d, p.form, NULL, p.e.message);
        aib_planner_release(&p);
        return set_body(r, status, HTML, &b);
    }
    json_t *v = aib_planner_json(&p);
    if (api) {
        aib_planner_release(&p);
        return json_body(r, 200, v);
    }
    aib_page_planner(&b, &s->d, p.form, v, NULL);
    json_decref(v);
    aib_planner_release(&p);
    set_body(r, 200, HTML, &b);
}

#define REVERSE_MISSES 8 /* nearest misses a reverse plan shows */

static void reverse(aib_site *s, const aib_arg *a, size_t n, int api, aib_response *r)
{
    sbuf b;
    sb_init(&b);
    if (!api && (n == 0 || s->d.static_mode)) {
        json_t *form = json_object();
        aib_page_reverse(&b, &s->d, form, NULL, NULL);
        json_decref(form);
        return set_body(r, 200, HTML, &b);
    }
    aib_reverser q;
    int status = aib_reverser_run(s->d.cat, s->d.cal, s->d.target, a, n, &q);
    if (status != 200) {
        if (api) {
            json_t *e = aib_json_error(q.e.code, q.e.message);
            aib_reverser_release(&q);
            return json_body(r, status, e);
        }
        aib_page_reverse(&b, &s->d, q.form, NULL, q.e.message);
        aib_reverser_release(&q);
        return set_body(r, status, HTML, &b);
    }
    json_t *v = aib_reverser_json(&q, REVERSE_MISSES);
    aib_reverser_release(&q);
    if (api)
        return json_body(r, 200, v);
    aib_page_reverse(&b, &s->d, json_object_get(v, "form"), v, NULL);
    json_decref(v);
    set_body(r, 200, HTML, &b);
}

/* Paths that name one catalog id: "<page>ID/" for pages, "<api>ID" for the API (its ".json"
 * and a trailing slash are already cut); page or api may be NULL. Returns 1 with id set when
 * path names one id; -1 when it has answered (a page without its trailing slash is
 * redirected to it; a deeper path is not found); 0 when the path is not of this kind. */
static int id_route(const char *p, const char *path, int api, int html, const char *page, const char *apip,
                    char id[MAX_PATH + 1], aib_response *r)
{
    const char *pre = api ? apip : page;
    size_t l = pre ? strlen(pre) : 0;
    if (!pre || strncmp(p, pre, l))
        return 0;
    const char *rest = p + l;
    size_t k = strcspn(rest, "/");
    if (!k)
        return 0;
    if (rest[k] && (api || rest[k + 1])) {
        fail(r, html, "not_found", "no such page: '%s'", path);
        return -1;
    }
    if (!api && !rest[k]) {
        char to[MAX_PATH + 8];
        snprintf(to, sizeof to, "%s/", p);
        redirect(r, to);
        return -1;
    }
    snprintf(id, MAX_PATH + 1, "%.*s", (int)k, rest);
    return 1;
}

/* A view as the API's JSON, or drawn as its page. Takes v. */
static void answer(aib_response *r, const aib_site_data *d, int api, json_t *v,
                   void (*draw)(sbuf *, const aib_site_data *, json_t *))
{
    if (api)
        return json_body(r, 200, v);
    sbuf b;
    sb_init(&b);
    draw(&b, d, v);
    json_decref(v);
    set_body(r, 200, HTML, &b);
}

/* Renders a page or API answer without the cache. */
static void route(aib_site *s, const char *path, const aib_arg *a, size_t n, int html, aib_response *r)
{
    const aib_site_data *d = &s->d;
    char p[MAX_PATH + 1];
    snprintf(p, sizeof p, "%s", path);
    size_t len = strlen(p);
    int api = !strncmp(p, "/api/", 5) || !strcmp(p, "/api");
    if (api) {
        html = 0;
        if (len > 5 && !strcmp(p + len - 5, ".json"))
            p[len -= 5] = '\0';
    } else if (len > 11 && !strcmp(p + len - 11, "/index.html"))
        p[len -= 10] = '\0'; /* keep the slash */
    if (len > 1 && p[len - 1] == '/' && api)
        p[--len] = '\0';
    char id[MAX_PATH + 1] = "";
    sbuf b;
    sb_init(&b);
    /* pages that take no query */
    int takes_args = !strcmp(p, "/") || !strcmp(p, "/planner/") || !strcmp(p, "/planner") || !strcmp(p, "/compare/") ||
                     !strcmp(p, "/planner/reverse/") || !strcmp(p, "/api/reverse") ||
                     !strcmp(p, "/compare") || !strcmp(p, "/api/plan") || !strcmp(p, "/api/fit") || !strcmp(p, "/api/hardware") ||
                     !strcmp(p, "/fit/") || !strcmp(p, "/fit");
    if (n && !takes_args)
        return fail(r, html, "unknown_parameter", "this page takes no parameter ('%s')", a[0].key);
    if (!strcmp(p, "/style.css")) {
        r->status = 200, r->type = "text/css; charset=utf-8", r->body = s->css, r->len = s->css_len, r->shared = 1;
        return;
    }
    if (!strcmp(p, "/site.js")) {
        r->status = 200, r->type = "text/javascript; charset=utf-8", r->body = s->js, r->len = s->js_len, r->shared = 1;
        return;
    }
    if (!strcmp(p, "/") || !strcmp(p, "/api/hardware")) {
        json_t *v = aib_view_index(d);
        if (filter_index(v, a, n, r, html)) {
            json_decref(v);
            return;
        }
        if (api)
            return json_body(r, 200, v);
        aib_page_index(&b, d, v, a, n);
        json_decref(v);
        return set_body(r, 200, HTML, &b);
    }
    if (!strcmp(p, "/hardware") || !strcmp(p, "/hardware/"))
        return redirect(r, "/");
    int k = id_route(p, path, api, html, "/hardware/", "/api/hardware/", id, r);
    if (k) {
        const aib_hw_plan *hp = k > 0 ? aib_site_plan(d, id) : NULL;
        if (k > 0 && !hp)
            return fail(r, html, "unknown_hw", "unknown hardware '%s'", id);
        return k > 0 ? answer(r, d, api, aib_view_hw(d, hp), aib_page_hw) : (void)0;
    }
    if (!strcmp(p, "/models/") || !strcmp(p, "/api/models"))
        return answer(r, d, api, aib_view_models(d), aib_page_models);
    if (!strcmp(p, "/models"))
        return redirect(r, "/models/");
    if ((k = id_route(p, path, api, html, "/models/", "/api/models/", id, r))) {
        const aib_model *m = k > 0 ? aib_catalog_find_model(d->cat, id) : NULL;
        if (k > 0 && !m)
            return fail(r, html, "unknown_model", "unknown model '%s'", id);
        return k > 0 ? answer(r, d, api, aib_view_model(d, m), aib_page_model) : (void)0;
    }
    if (!strcmp(p, "/compare/") || !strcmp(p, "/compare")) {
        /* the form's GET: hw=a&hw=b[&hw=c] -> the canonical /compare/a-vs-b/ */
        char to[MAX_PATH] = "/compare/";
        k = 0;
        for (size_t i = 0; i < n; i++) {
            if (strcmp(a[i].key, "hw"))
                return fail(r, html, "unknown_parameter", "unknown parameter '%s'", a[i].key);
            if (!*a[i].value)
                continue;
            if (!aib_site_plan(d, a[i].value))
                return fail(r, html, "unknown_hw", "unknown hardware '%s'", a[i].value);
            if (++k > 3)
                return fail(r, html, "too_many", "compare takes two or three hardware");
            size_t l = strlen(to);
            snprintf(to + l, sizeof to - l, "%s%s", k > 1 ? "-vs-" : "", a[i].value);
        }
        if (k == 1)
            return fail(r, html, "too_few", "compare needs two or three hardware");
        if (k >= 2) {
            size_t l = strlen(to);
            snprintf(to + l, sizeof to - l, "/");
            return redirect(r, to);
        }
        aib_page_compare(&b, d, NULL);
        return set_body(r, 200, HTML, &b);
    }
    if ((k = id_route(p, path, api, html, "/compare/", "/api/compare/", id, r))) {
        if (k < 0)
            return;
        const aib_hw_plan *ps[3];
        char bad[128] = "";
        k = compare_ids(d, id, ps, bad);
        if (k == -1)
            return fail(r, html, "unknown_hw", "unknown hardware '%s'", bad);
        if (k == -3)
            return fail(r, html, "bad_compare", "a hardware appears twice in '%s'", id);
        if (k < 2)
            return fail(r, html, "bad_compare", "compare takes two or three hardware ids joined by -vs-, not '%s'", id);
        return answer(r, d, api, aib_view_compare(d, ps, (size_t)k), aib_page_compare);
    }
    if (!strcmp(p, "/planner/") || !strcmp(p, "/planner"))
        return planner(s, a, n, 0, r);
    if (!strcmp(p, "/api/plan"))
        return planner(s, a, n, 1, r);
    if (!strcmp(p, "/planner/reverse/") || !strcmp(p, "/planner/reverse"))
        return reverse(s, a, n, 0, r);
    if (!strcmp(p, "/api/reverse"))
        return reverse(s, a, n, 1, r);
    if ((k = id_route(p, path, api, html, NULL, "/api/plan/", id, r))) {
        aib_arg one = {"hw", id};
        return k > 0 ? planner(s, &one, 1, 1, r) : (void)0;
    }
    if (!strcmp(p, "/api/fit"))
        return fit(s, a, n, 1, r);
    if (!strcmp(p, "/fit/") || !strcmp(p, "/fit"))
        return fit(s, a, n, 0, r);
    if (!strcmp(p, "/api") || !strcmp(p, "/api/") || !strcmp(p, "/api/index")) {
        json_error_t je;
        return json_body(r, 200, json_loads(API_INDEX, 0, &je));
    }
    fail(r, html, "not_found", "no such page: '%s'", path);
}

static unsigned long hash(const char *s)
{
    unsigned long h = 5381;
    for (; *s; s++)
        h = h * 33 ^ (unsigned char)*s;
    return h;
}

void aib_site_get(aib_site *s, const char *path, const aib_arg *a, size_t n, int html, aib_response *r)
{
    memset(r, 0, sizeof *r);
    if (!path || strlen(path) > MAX_PATH)
        return fail(r, html, "uri_too_long", "the path is longer than 1024 bytes");
    if (n > AIB_MAX_ARGS)
        return fail(r, html, "too_many_parameters", "more than 32 query parameters");
    /* the cache key: path, then each arg in order, and the error flavour */
    char key[4096];
    int kl = snprintf(key, sizeof key, "%d%s", html, path);
    for (size_t i = 0; i < n && kl > 0 && (size_t)kl < sizeof key; i++)
        kl += snprintf(key + kl, sizeof key - (size_t)kl, "\x01%s\x02%s", a[i].key, a[i].value);
    int cacheable = kl > 0 && (size_t)kl < sizeof key;
    unsigned long h = cacheable ? hash(key) : 0;
    if (cacheable) {
        pthread_rwlock_rdlock(&s->lock);
        for (size_t i = 0; i < CACHE_SLOTS; i++) {
            cache_entry *e = &s->cache[(h + i) & (CACHE_SLOTS - 1)];
            if (!e->key)
                break;
            if (!strcmp(e->key, key)) {
                r->status = e->status, r->type = e->type, r->body = e->body, r->len = e->len, r->shared = 1;
                pthread_rwlock_unlock(&s->lock);
                return;
            }
        }
        pthread_rwlock_unlock(&s->lock);
    }
    route(s, path, a, n, html, r);
    if (!cacheable || r->shared || r->status == 302 || r->status >= 500 || !r->body)
        return;
    pthread_rwlock_wrlock(&s->lock);
    if (s->cached < CACHE_SLOTS * 3 / 4) {
        for (size_t i = 0; i < CACHE_SLOTS; i++) {
            cache_entry *e = &s->cache[(h + i) & (CACHE_SLOTS - 1)];
            if (e->key && !strcmp(e->key, key))
                break; /* another thread got there first */
            if (!e->key) {
                char *k = strdup(key);
                if (!k)
                    break;
                e->key = k, e->body = r->body, e->len = r->len, e->status = r->status, e->type = r->type;
                r->shared = 1;
                s->cached++;
                break;
            }
        }
    }
    pthread_rwlock_unlock(&s->lock);
}

/* ---- static export ---- */

static int mkdirs(char *path)
{
    for (char *p = path + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            int rc = mkdir(path, 0755);
            *p = '/';
            if (rc && errno != EEXIST)
                return -1;
        }
    return 0;
}

static aib_status export_one(aib_site *s, const char *dir, const char *url, size_t *files, aib_error *err)
{
    aib_response r;
    aib_site_get(s, url, NULL, 0, 1, &r);
    if (r.status != 200) {
        aib_status st = aib_fail(err, AIB_ERR_INVALID, "export: %s answered %d", url, r.status);
        aib_response_release(&r);
        return st;
    }
    char path[2200];
    size_t ul = strlen(url);
    snprintf(path, sizeof path, "%s%s%s", dir, url, url[ul - 1] == '/' ? "index.html" : "");
    FILE *f = NULL;
    if (mkdirs(path) || !(f = fopen(path, "wb")) || fwrite(r.body, 1, r.len, f) != r.len) {
        aib_status st = aib_fail(err, AIB_ERR_IO, "export: cannot write %s: %s", path, strerror(errno));
        if (f)
            fclose(f);
        aib_response_release(&r);
        return st;
    }
    aib_response_release(&r);
    if (fclose(f))
        return aib_fail(err, AIB_ERR_IO, "export: cannot write %s: %s", path, strerror(errno));
    (*files)++;
    return AIB_OK;
}

aib_status aib_site_export(aib_site *s, const char *dir, size_t *files, aib_error *err)
{
    *files = 0;
    static const char *const fixed[] = {"/", "/models/", "/compare/", "/planner/", "/planner/reverse/", "/style.css", "/site.js",
                                        "/api/index.json", "/api/hardware.json", "/api/models.json"};
    aib_status st = AIB_OK;
    char url[600];
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0] && !st; i++) {
        st = export_one(s, dir, fixed[i], files, err);
    }
    for (size_t i = 0; i < s->d.nplans && !st; i++) {
        const aib_hw *h = s->d.plans[i].hw;
        static const char *const pre[] = {"/hardware/", "/api/hardware/", "/api/plan/"}, *post[] = {"/", ".json", ".json"};
        for (size_t k = 0; k < 3 && !st; k++) {
            snprintf(url, sizeof url, "%s%s%s", pre[k], h->id, post[k]);
            st = export_one(s, dir, url, files, err);
        }
        /* compare pages the hardware page links to: its alternatives */
        for (const aib_editorial *e = aib_catalog_editorial(s->d.cat, h->id, "alternative", NULL); e && !st;
             e = aib_catalog_editorial(s->d.cat, h->id, "alternative", e)) {
            snprintf(url, sizeof url, "/compare/%s-vs-%s/", h->id, e->ref);
            st = export_one(s, dir, url, files, err);
            snprintf(url, sizeof url, "/api/compare/%s-vs-%s.json", h->id, e->ref);
            if (!st)
                st = export_one(s, dir, url, files, err);
        }
    }
    for (size_t i = 0; i < aib_catalog_model_count(s->d.cat) && !st; i++) {
        const aib_model *m = aib_catalog_model_at(s->d.cat, i);
        snprintf(url, sizeof url, "/models/%s/", m->id);
        st = export_one(s, dir, url, files, err);
        snprintf(url, sizeof url, "/api/models/%s.json", m->id);
        if (!st)
            st = export_one(s, dir, url, files, err);
    }
    return st;
}
