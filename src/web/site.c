/* site.c: the router of the site. GET path + args -> status, content type and body, for
 * pages (HTML) and the API (JSON, one error shape). Each answer is the library's (an
 * aib_answer, a brief, a comparison) written as JSON by front/; the API returns that text and
 * the page is drawn from the same text read back, so they cannot disagree. Answers are cached:
 * the catalog does not change while the site runs. */
#include "web.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CACHE_BUCKETS 4096 /* power of two */
#define MAX_PATH 1024

/* A cached answer's body, shared by every response that sends it: freed when the cache has
 * dropped it and the last response is released. */
typedef struct {
    atomic_int refs;
    size_t len;
    char data[];
} cache_body;

typedef struct cache_entry {
    struct cache_entry *next; /* in its bucket */
    char *key;
    unsigned long hash;
    cache_body *body;
    int status;
    const char *type;
    atomic_ulong used; /* the clock when last answered: the least recent goes first */
} cache_entry;

struct aib_site {
    aib_site_data d;
    char *css, *js, *api_index;
    size_t css_len, js_len;
    pthread_rwlock_t lock;
    const char *wasm;    /* the engine for the static site (aib_site_set_engine) */
    cache_entry **cache; /* CACHE_BUCKETS chains */
    size_t cached, cache_bytes, budget;
    atomic_ulong clock;
};

/* the site's icon: a bar chart on the accent colour, drawn here (no asset files) */
static const char FAVICON[] =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\"><rect width=\"32\" height=\"32\" rx=\"6\" "
    "fill=\"#0b5cad\"/><rect x=\"7\" y=\"16\" width=\"4\" height=\"9\" fill=\"#fff\"/><rect x=\"14\" y=\"10\" "
    "width=\"4\" height=\"15\" fill=\"#fff\"/><rect x=\"21\" y=\"6\" width=\"4\" height=\"19\" fill=\"#fff\"/></svg>\n";

static const char HTML[] = "text/html; charset=utf-8";
static const char JSON[] = "application/json";

/* error code -> HTTP status: the one table of the site */
static const struct {
    const char *code;
    int status;
} statuses[] = {
    {"not_found", 404}, {"unknown_hw", 404}, {"unknown_model", 404},
    {"method_not_allowed", 405}, {"uri_too_long", 414}, {"too_large", 413}, {"headers_too_large", 431}, {"internal", 500},
    {"out_of_memory", 503},
};

static int status_of(const char *code)
{
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
        if (!strcmp(statuses[i].code, code))
            return statuses[i].status;
    return 400; /* every other code is a bad request */
}

/* ---- the API index, from the table of inputs ---- */

static void endpoint_params(sbuf *b, unsigned kind)
{
    const aib_param *t = aib_params();
    int first = 1;
    for (size_t i = 0; i < AIB_P_COUNT; i++)
        if (t[i].key && (t[i].kinds & kind)) {
            sb_printf(b, "%s%s=", first ? "?" : "&", t[i].key);
            first = 0;
        }
}

static char *api_index(void)
{
    static const struct {
        const char *path, *what;
        unsigned kind;
    } eps[] = {
        {"/api/hardware.json", "every hardware with its figures and what runs on it (the index)", 0},
        {"/api/hardware/ID.json", "a hardware page: the brief (figures, summary, picks, the call, watchouts) and "
                                  "every model", 0},
        {"/api/models.json", "every model", 0},
        {"/api/models/ID.json", "a model page: every hardware that runs it, at what quant and speed", 0},
        {"/api/compare/A-vs-B[-vs-C].json", "two or three hardware side by side", 0},
        {"/api/plan.json", "the planner (what=bw|mem|quant|kv&to=V: the what-if)", AIB_REQ_PLAN},
        {"/api/plan/ID.json", "the planner for a catalog hardware with default inputs", 0},
        {"/api/reverse.json", "the hardware that runs a workload, cheapest first, and the nearest misses",
         AIB_REQ_REVERSE},
        {"/api/fit.json", "one model on one hardware, with its context sweep", AIB_REQ_FIT},
    };
    sbuf b;
    jw w;
    sb_init(&b);
    jw_init(&w, &b);
    jw_obj(&w);
    jw_kobj(&w, "endpoints");
    for (size_t i = 0; i < sizeof eps / sizeof eps[0]; i++) {
        sbuf k;
        sb_init(&k);
        sb_put(&k, eps[i].path);
        if (eps[i].kind)
            endpoint_params(&k, eps[i].kind);
        jw_kstr(&w, k.p, eps[i].what);
        sb_release(&k);
    }
    jw_end(&w);
    jw_kstr(&w, "parameters", "/api/params.json: every query parameter with its type, unit, range and default");
    jw_kobj(&w, "errors");
    jw_kobj(&w, "shape");
    jw_kobj(&w, "error");
    jw_kstr(&w, "code", "...");
    jw_kstr(&w, "message", "...");
    jw_end(&w);
    jw_end(&w);
    jw_end(&w);
    jw_end(&w);
    sb_put(&b, "\n");
    return b.failed ? (sb_release(&b), NULL) : sb_take(&b, NULL);
}

/* ---- the site ---- */

static char *slurp_web(const char *dir, const char *name, size_t *len, aib_error *err)
{
    char path[1100];
    char *buf = NULL;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (aib_file_read(path, &buf, len, err))
        return NULL;
    return buf;
}

aib_status aib_site_new(const aib_catalog *cat, const aib_calibration *cal, const char *webdir, int static_mode,
                        aib_site **out, aib_error *err)
{
    *out = NULL;
    aib_site *s = calloc(1, sizeof *s);
    if (!s)
        return aib_error_set(err, AIB_ERR_NOMEM, NULL, "out of memory");
    s->d.cat = cat, s->d.cal = cal, s->d.static_mode = static_mode;
    s->budget = AIB_SITE_CACHE_DEFAULT;
    pthread_rwlock_init(&s->lock, NULL);
    aib_status st = AIB_OK;
    if (!(s->css = slurp_web(webdir, "style.css", &s->css_len, err)) || !(s->js = slurp_web(webdir, "site.js", &s->js_len, err)))
        st = err ? err->code : AIB_ERR_IO;
    else if (!(s->cache = calloc(CACHE_BUCKETS, sizeof *s->cache)) || !(s->api_index = api_index()))
        st = aib_error_set(err, AIB_ERR_NOMEM, NULL, "out of memory");
    else /* every page starts from each hardware's plan: computed once */
        st = aib_atlas_build(cat, cal, &s->d.atlas, err);
    if (st) {
        aib_site_free(s);
        return st;
    }
    *out = s;
    return AIB_OK;
}

void aib_site_free(aib_site *s)
{
    if (!s)
        return;
    aib_atlas_release(&s->d.atlas);
    if (s->cache)
        for (size_t i = 0; i < CACHE_BUCKETS; i++)
            for (cache_entry *e = s->cache[i], *next; e; e = next) {
                next = e->next;
                aib_response_unref(e->body);
                free(e->key);
                free(e);
            }
    free(s->cache);
    free(s->css);
    free(s->js);
    free(s->api_index);
    pthread_rwlock_destroy(&s->lock);
    free(s);
}

void aib_response_unref(void *ref)
{
    cache_body *b = ref;
    if (b && atomic_fetch_sub(&b->refs, 1) == 1)
        free(b);
}

void aib_response_release(aib_response *r)
{
    if (r->ref)
        aib_response_unref(r->ref);
    else if (!r->shared)
        free(r->body);
    memset(r, 0, sizeof *r);
}

void aib_site_set_engine(aib_site *s, const char *wasm_path) { s->wasm = wasm_path; }

void aib_site_cache_budget(aib_site *s, size_t bytes)
{
    pthread_rwlock_wrlock(&s->lock);
    s->budget = bytes;
    pthread_rwlock_unlock(&s->lock);
}

void aib_site_cache_stats(aib_site *s, size_t *entries, size_t *bytes)
{
    pthread_rwlock_rdlock(&s->lock);
    *entries = s->cached, *bytes = s->cache_bytes;
    pthread_rwlock_unlock(&s->lock);
}

static size_t entry_bytes(const cache_entry *e) { return sizeof *e + strlen(e->key) + 1 + sizeof *e->body + e->body->len; }

/* Drops the least recently answered entry (the caller holds the write lock). */
static void cache_evict_one(aib_site *s)
{
    cache_entry **victim = NULL;
    unsigned long oldest = ULONG_MAX;
    for (size_t i = 0; i < CACHE_BUCKETS; i++)
        for (cache_entry **pe = &s->cache[i]; *pe; pe = &(*pe)->next) {
            unsigned long u = atomic_load(&(*pe)->used);
            if (u < oldest)
                oldest = u, victim = pe;
        }
    if (!victim)
        return;
    cache_entry *e = *victim;
    *victim = e->next;
    s->cached--;
    s->cache_bytes -= entry_bytes(e);
    aib_response_unref(e->body); /* responses still sending it keep it alive */
    free(e->key);
    free(e);
}

/* ---- query strings ---- */

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

static void fail(aib_response *r, int html, const char *code, const char *fmt, ...) AIB_PRINTF(4, 5);
static void fail(aib_response *r, int html, const char *code, const char *fmt, ...)
{
    char msg[1100];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int status = status_of(code);
    sbuf b;
    sb_init(&b);
    if (html)
        aib_page_error(&b, status, code, msg);
    else {
        jw w;
        jw_init(&w, &b);
        aib_jw_error(&w, code, msg);
        sb_put(&b, "\n");
    }
    set_body(r, status, html ? HTML : JSON, &b);
}

/* An API path always answers JSON, whatever Accept asks: its errors too. */
static int api_path(const char *path) { return path && (!strncmp(path, "/api/", 5) || !strcmp(path, "/api")); }

void aib_site_error(aib_site *s, const char *path, int html, const char *code, aib_response *r)
{
    (void)s;
    memset(r, 0, sizeof *r);
    static const struct {
        const char *code, *msg;
    } msgs[] = {
        {"method_not_allowed", "only GET and HEAD"},
        {"too_many_parameters", "more than 32 query parameters"},
        {"bad_encoding", "a parameter holds a NUL or a control character, or is not valid UTF-8"},
        {"headers_too_large", "the request's headers are larger than 16 KiB"},
    };
    const char *msg = "bad request";
    for (size_t i = 0; i < sizeof msgs / sizeof msgs[0]; i++)
        if (!strcmp(msgs[i].code, code))
            msg = msgs[i].msg;
    fail(r, html && !api_path(path), code, "%s", msg);
}

static void redirect(aib_response *r, const char *to)
{
    r->status = 302, r->type = HTML;
    snprintf(r->location, sizeof r->location, "%.500s", to);
    r->body = strdup("");
    r->len = 0;
}

typedef void (*draw_fn)(sbuf *, const aib_site_data *, json_t *);

/* A view written into json: the API answers the text, a page is drawn from it read back. */
static void answer(aib_response *r, const aib_site_data *d, int api, sbuf *json, draw_fn draw)
{
    if (api) {
        sb_put(json, "\n");
        set_body(r, 200, JSON, json);
        return;
    }
    json_t *v = aib_json_from(json);
    if (!v) {
        fail(r, 1, "out_of_memory", "the answer was too large");
        return;
    }
    sbuf b;
    sb_init(&b);
    draw(&b, d, v);
    json_decref(v);
    set_body(r, 200, HTML, &b);
}

/* ---- the index ---- */

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

static int by_text(json_t *x, json_t *y, const void *key) { return strcasecmp(jstr(x, key), jstr(y, key)) < 0; }

static int by_number(json_t *x, json_t *y, const void *key) { return aib_num_desc_before(jnum(x, key), jnum(y, key)); }

static const char *index_arg(const aib_arg *a, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(a[i].key, key) && *a[i].value)
            return a[i].value;
    return NULL;
}

/* Checks the index's filters (kind, min_mem, min_bw, max_price, max_power) and sort (a key given
 * twice is refused before any route, by the server's one rule). */
static int index_args(const aib_arg *a, size_t n, aib_response *r, int html, const char **sort_key)
{
    static const char *const keys[] = {"kind", "min_mem", "min_bw", "max_price", "max_power", "sort"};
    for (size_t i = 0; i < n; i++) {
        const char *near = aib_closest(a[i].key, keys, 6);
        int ok = 0;
        for (size_t k = 0; k < 6; k++)
            ok |= !strcmp(keys[k], a[i].key);
        if (!ok) {
            fail(r, html, "unknown_parameter", "unknown parameter '%s'%s%s%s", a[i].key, near ? "; did you mean '" : "",
                 near ? near : "", near ? "'?" : "");
            return -1;
        }
    }
    const char *kind = index_arg(a, n, "kind"), *sort = index_arg(a, n, "sort");
    if (kind && !aib_choice_find(aib_params()[AIB_P_KIND].choices, kind)) {
        fail(r, html, "bad_kind", "unknown kind '%s' (gpu, apu, apple, system, cpu)", kind);
        return -1;
    }
    static const char *const sorts[][2] = {{"name", "name"}, {"kind", "kind"}, {"memory", "memory_gib"},
                                           {"bandwidth", "bandwidth_gbs"}, {"price", "price_usd"}, {"power", "power_max_w"},
                                           {"models", "interactive_models"}, {"best", "interactive_models"}};
    *sort_key = NULL;
    for (size_t i = 0; sort && i < 8; i++)
        if (!strcmp(sorts[i][0], sort))
            *sort_key = sorts[i][1];
    if (sort && !*sort_key) {
        fail(r, html, "bad_sort", "cannot sort by '%s' (name, kind, memory, bandwidth, price, power, models)", sort);
        return -1;
    }
    return 0;
}

/* The index's filters and sort, applied to the view; pages without JavaScript get the same
 * table the script would show. */
static void index_route(aib_site *s, const aib_arg *a, size_t n, int api, int html, aib_response *r)
{
    const char *sort_key;
    if (index_args(a, n, r, html, &sort_key))
        return;
    int bad = 0;
    double min_mem = arg_num(a, n, "min_mem", &bad), min_bw = arg_num(a, n, "min_bw", &bad),
           max_price = arg_num(a, n, "max_price", &bad), max_power = arg_num(a, n, "max_power", &bad);
    if (bad) {
        fail(r, html, "bad_number", "a filter is not a number >= 0");
        return;
    }
    const char *kind = index_arg(a, n, "kind");
    sbuf b;
    jw w;
    sb_init(&b);
    jw_init(&w, &b);
    aib_jw_index(&w, &s->d.atlas);
    json_t *v = aib_json_from(&b), *keep = json_array();
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(v, "hardware"), i, row)
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
    if (api) {
        json_body(r, 200, v);
        return;
    }
    sb_init(&b);
    aib_page_index(&b, &s->d, v, a, n);
    json_decref(v);
    set_body(r, 200, HTML, &b);
}

/* ---- requests: the planner, the reverse planner, fit ---- */

static void draw_form(sbuf *b, const aib_site_data *d, aib_request_kind kind, json_t *form, json_t *v, const char *error)
{
    if (kind == AIB_REQ_REVERSE)
        aib_page_reverse(b, d, form, v, error);
    else
        aib_page_planner(b, d, form, v, error);
}

/* Reads the query into a request by the table's web keys. */
static void request_route(aib_site *s, aib_request_kind kind, const aib_arg *a, size_t n, int api, int html,
                          aib_response *r)
{
    sbuf b;
    sb_init(&b);
    if (!api && kind == AIB_REQ_FIT && s->d.static_mode) { /* the static copy: the browser's engine answers */
        aib_page_fit_shell(&b);
        set_body(r, 200, HTML, &b);
        return;
    }
    if (!api && kind != AIB_REQ_FIT && (n == 0 || s->d.static_mode)) { /* the empty form */
        json_t *form = json_object();
        draw_form(&b, &s->d, kind, form, NULL, NULL);
        json_decref(form);
        set_body(r, 200, HTML, &b);
        return;
    }
    aib_request req;
    aib_request_init(&req, kind);
    aib_error err = {0};
    aib_status st = aib_request_answer(s->d.cat, s->d.cal, &req, a, n, &b, &err);
    if (st) {
        const char *code = err.tag;
        sb_release(&b);
        sb_init(&b);
        /* a page's error honours Accept like every other: a browser gets the page (the planner
         * keeps the inputs in its form, with the error above it), any other client the JSON */
        if (api || kind == AIB_REQ_FIT || !html) {
            fail(r, !api && html, code, "%s", err.msg);
            return;
        }
        jw w;
        jw_init(&w, &b);
        aib_jw_form(&w, &req); /* the inputs as given, so the form keeps them */
        json_t *form = aib_json_from(&b);
        sb_init(&b);
        draw_form(&b, &s->d, kind, form, NULL, err.msg);
        json_decref(form);
        set_body(r, status_of(code), HTML, &b);
        return;
    }
    if (api) {
        sb_put(&b, "\n");
        set_body(r, 200, JSON, &b);
        return;
    }
    json_t *v = aib_json_from(&b);
    if (!v) {
        fail(r, 1, "out_of_memory", "the answer was too large");
        return;
    }
    sb_init(&b);
    if (kind == AIB_REQ_FIT)
        aib_page_fit(&b, &s->d, v);
    else
        draw_form(&b, &s->d, kind, json_object_get(v, "form"), v, NULL);
    json_decref(v);
    set_body(r, 200, HTML, &b);
}

/* ---- pages of one id ---- */

static void hw_route(aib_site *s, const char *id, int api, int html, aib_response *r)
{
    const aib_hw_plan *p = aib_atlas_find(&s->d.atlas, id);
    if (!p) {
        fail(r, html, "unknown_hw", "unknown hardware '%s'", id);
        return;
    }
    aib_brief brief;
    aib_brief_build(s->d.cat, p, NULL, &brief);
    sbuf b;
    jw w;
    sb_init(&b);
    jw_init(&w, &b);
    aib_jw_hw_view(&w, s->d.cat, &brief);
    answer(r, &s->d, api, &b, aib_page_hw);
}

static void model_route(aib_site *s, const char *id, int api, int html, aib_response *r)
{
    aib_request req;
    aib_request_init(&req, AIB_REQ_WHERE);
    aib_error err = {0};
    aib_answer ans;
    if (aib_request_set(&req, "model", id, &err) || aib_request_run(s->d.cat, s->d.cal, &req, &ans, &err)) {
        aib_answer_release(&ans);
        fail(r, html, *err.tag ? err.tag : "bad_request", "%s", err.msg);
        return;
    }
    sbuf b;
    jw w;
    sb_init(&b);
    jw_init(&w, &b);
    aib_jw_model_view(&w, &ans);
    aib_answer_release(&ans);
    answer(r, &s->d, api, &b, aib_page_model);
}

/* "a-vs-b[-vs-c]" */
static void compare_route(aib_site *s, const char *spec, int api, int html, aib_response *r)
{
    sbuf b;
    sb_init(&b);
    aib_error err = {0};
    if (aib_compare_answer(s->d.cat, &s->d.atlas, spec, &b, &err)) {
        sb_release(&b);
        fail(r, html, err.tag, "%s", err.msg);
        return;
    }
    answer(r, &s->d, api, &b, aib_page_compare);
}

/* The compare form's GET: hw=a&hw=b[&hw=c] -> the canonical /compare/a-vs-b/ */
static void compare_form(aib_site *s, const aib_arg *a, size_t n, int html, aib_response *r)
{
    char to[MAX_PATH] = "/compare/";
    int k = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(a[i].key, "hw")) {
            fail(r, html, "unknown_parameter", "unknown parameter '%s'", a[i].key);
            return;
        }
        if (!*a[i].value)
            continue;
        const aib_hw_plan *p = aib_atlas_find(&s->d.atlas, a[i].value);
        if (!p) {
            fail(r, html, "unknown_hw", "unknown hardware '%s'", a[i].value);
            return;
        }
        if (++k > AIB_COMPARE_MAX) {
            fail(r, html, "too_many", "compare takes two or three hardware");
            return;
        }
        size_t l = strlen(to);
        snprintf(to + l, sizeof to - l, "%s%s", k > 1 ? "-vs-" : "", p->hw->id);
    }
    if (k == 1) {
        fail(r, html, "too_few", "compare needs two or three hardware");
        return;
    }
    if (k >= 2) {
        size_t l = strlen(to);
        snprintf(to + l, sizeof to - l, "/");
        redirect(r, to);
        return;
    }
    sbuf b;
    sb_init(&b);
    aib_page_compare(&b, &s->d, NULL);
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

/* /api/params.json: the table of inputs. */
static void params_route(aib_response *r)
{
    sbuf b;
    jw w;
    sb_init(&b);
    jw_init(&w, &b);
    aib_jw_params(&w);
    sb_put(&b, "\n");
    set_body(r, 200, JSON, &b);
}

static void static_file(aib_response *r, const char *type, char *body, size_t len)
{
    r->status = 200, r->type = type, r->body = body, r->len = len, r->shared = 1;
}

/* Paths without an id; 0 when the path is not one of them. */
static int fixed_route(aib_site *s, const char *p, const aib_arg *a, size_t n, int api, int html, aib_response *r)
{
    static const struct {
        const char *page, *api;
        aib_request_kind kind;
    } reqs[] = {{"/planner/", "/api/plan", AIB_REQ_PLAN}, {"/planner/reverse/", "/api/reverse", AIB_REQ_REVERSE},
                {"/fit/", "/api/fit", AIB_REQ_FIT}};
    for (size_t i = 0; i < 3; i++) {
        size_t l = strlen(reqs[i].page);
        if (!strcmp(p, reqs[i].api) || !strcmp(p, reqs[i].page) || (!strncmp(p, reqs[i].page, l - 1) && !p[l - 1])) {
            request_route(s, reqs[i].kind, a, n, api, html, r);
            return 1;
        }
    }
    if (!strcmp(p, "/") || !strcmp(p, "/api/hardware"))
        index_route(s, a, n, api, html, r);
    else if (!strcmp(p, "/compare/") || !strcmp(p, "/compare"))
        compare_form(s, a, n, html, r);
    else if (n) /* every other page takes no query */
        fail(r, html, "unknown_parameter", "this page takes no parameter ('%s')", a[0].key);
    else if (!strcmp(p, "/style.css"))
        static_file(r, "text/css; charset=utf-8", s->css, s->css_len);
    else if (!strcmp(p, "/site.js"))
        static_file(r, "text/javascript; charset=utf-8", s->js, s->js_len);
    else if (!strcmp(p, "/favicon.svg"))
        static_file(r, "image/svg+xml", (char *)FAVICON, sizeof FAVICON - 1);
    else if (!strcmp(p, "/hardware") || !strcmp(p, "/hardware/"))
        redirect(r, "/");
    else if (!strcmp(p, "/models"))
        redirect(r, "/models/");
    else if (!strcmp(p, "/models/") || !strcmp(p, "/api/models")) {
        sbuf b;
        jw w;
        sb_init(&b);
        jw_init(&w, &b);
        aib_jw_models(&w, &s->d.atlas);
        answer(r, &s->d, api, &b, aib_page_models);
    } else if (!strcmp(p, "/api") || !strcmp(p, "/api/") || !strcmp(p, "/api/index"))
        static_file(r, JSON, s->api_index, strlen(s->api_index));
    else if (!strcmp(p, "/api/params"))
        params_route(r);
    else
        return 0;
    return 1;
}

/* Renders a page or API answer without the cache (html is already 0 on an API path). */
static void route(aib_site *s, const char *path, const aib_arg *a, size_t n, int html, aib_response *r)
{
    char p[MAX_PATH + 1], id[MAX_PATH + 1] = "";
    snprintf(p, sizeof p, "%s", path);
    size_t len = strlen(p);
    int api = api_path(p), k;
    if (api) {
        if (len > 5 && !strcmp(p + len - 5, ".json"))
            p[len -= 5] = '\0';
        if (len > 1 && p[len - 1] == '/')
            p[--len] = '\0';
    } else if (len > 11 && !strcmp(p + len - 11, "/index.html"))
        p[len -= 10] = '\0'; /* keep the slash */
    if (fixed_route(s, p, a, n, api, html, r))
        return;
    aib_arg one = {"hw", id};
    if ((k = id_route(p, path, api, html, "/hardware/", "/api/hardware/", id, r))) {
        if (k > 0)
            hw_route(s, id, api, html, r);
    } else if ((k = id_route(p, path, api, html, "/models/", "/api/models/", id, r))) {
        if (k > 0)
            model_route(s, id, api, html, r);
    } else if ((k = id_route(p, path, api, html, "/compare/", "/api/compare/", id, r))) {
        if (k > 0)
            compare_route(s, id, api, html, r);
    } else if ((k = id_route(p, path, api, html, NULL, "/api/plan/", id, r))) {
        if (k > 0)
            request_route(s, AIB_REQ_PLAN, &one, 1, 1, html, r);
    } else
        fail(r, html, "not_found", "no such page: '%s'", path);
}

/* Valid UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF) without C0 controls or
 * DEL; tab is allowed. */
static int clean_text(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t') || c == 0x7f)
                return 0;
            p++;
            continue;
        }
        int n = c >= 0xf0 && c <= 0xf4 ? 3 : c >= 0xe0 ? (c <= 0xef ? 2 : -1) : c >= 0xc2 && c <= 0xdf ? 1 : -1;
        if (n < 0)
            return 0;
        unsigned cp = c & (0x3f >> n);
        for (int k = 1; k <= n; k++) {
            if ((p[k] & 0xc0) != 0x80)
                return 0;
            cp = cp << 6 | (p[k] & 0x3f);
        }
        if ((n == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)))
            return 0;
        p += n + 1;
    }
    return 1;
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
    html = html && !api_path(path);
    if (!path || strlen(path) > MAX_PATH) {
        fail(r, html, "uri_too_long", "the path is longer than 1024 bytes");
        return;
    }
    if (n > AIB_MAX_ARGS) {
        fail(r, html, "too_many_parameters", "more than 32 query parameters");
        return;
    }
    /* what a URL can carry is text: valid UTF-8 with no control characters (a CR LF in an id
     * would end in a redirect header; jansson refuses invalid UTF-8) */
    if (!clean_text(path)) {
        fail(r, html, "bad_encoding", "the path is not valid UTF-8 or holds a control character");
        return;
    }
    int compare_form_path = !strcmp(path, "/compare/") || !strcmp(path, "/compare");
    for (size_t i = 0; i < n; i++) {
        if (!clean_text(a[i].key) || !clean_text(a[i].value)) {
            fail(r, html, "bad_encoding", "parameter %zu is not valid UTF-8 or holds a control character", i + 1);
            return;
        }
        /* one rule everywhere: a parameter is given once (the compare form's hw is a list) */
        for (size_t j = 0; j < i; j++)
            if (!strcmp(a[j].key, a[i].key) && !(compare_form_path && !strcmp(a[i].key, "hw"))) {
                fail(r, html, "duplicate_parameter", "parameter '%s' given twice", a[i].key);
                return;
            }
    }
    /* the cache key: path, then each arg in order, and the error flavour */
    char key[4096];
    int kl = snprintf(key, sizeof key, "%d%s", html, path);
    for (size_t i = 0; i < n && kl > 0 && (size_t)kl < sizeof key; i++)
        kl += snprintf(key + kl, sizeof key - (size_t)kl, "\x01%s\x02%s", a[i].key, a[i].value);
    int cacheable = kl > 0 && (size_t)kl < sizeof key;
    unsigned long h = cacheable ? hash(key) : 0;
    if (cacheable) {
        pthread_rwlock_rdlock(&s->lock);
        for (cache_entry *e = s->cache[h & (CACHE_BUCKETS - 1)]; e; e = e->next)
            if (e->hash == h && !strcmp(e->key, key)) {
                atomic_fetch_add(&e->body->refs, 1);
                atomic_store(&e->used, atomic_fetch_add(&s->clock, 1) + 1);
                r->status = e->status, r->type = e->type, r->body = e->body->data, r->len = e->body->len;
                r->ref = e->body;
                pthread_rwlock_unlock(&s->lock);
                return;
            }
        pthread_rwlock_unlock(&s->lock);
    }
    route(s, path, a, n, html, r);
    /* only answers are kept: an error or a redirect is cheap to make again, and keeping them
     * would let junk requests push the real pages out */
    if (!cacheable || r->shared || r->status != 200 || !r->body)
        return;
    cache_body *b = malloc(sizeof *b + r->len + 1);
    cache_entry *e = calloc(1, sizeof *e);
    char *k = strdup(key);
    if (!b || !e || !k) {
        free(b), free(e), free(k);
        return;
    }
    memcpy(b->data, r->body, r->len);
    b->data[r->len] = '\0';
    b->len = r->len;
    atomic_init(&b->refs, 2); /* the cache's and this response's */
    e->key = k, e->hash = h, e->body = b, e->status = r->status, e->type = r->type;
    pthread_rwlock_wrlock(&s->lock);
    size_t need = entry_bytes(e);
    int dup = 0;
    for (cache_entry *x = s->cache[h & (CACHE_BUCKETS - 1)]; x && !dup; x = x->next)
        dup = x->hash == h && !strcmp(x->key, key); /* another thread got there first */
    if (dup || need > s->budget / 8) { /* one answer never takes more than an eighth */
        pthread_rwlock_unlock(&s->lock);
        free(b), free(e), free(k);
        return;
    }
    while (s->cached && s->cache_bytes + need > s->budget)
        cache_evict_one(s);
    atomic_init(&e->used, atomic_fetch_add(&s->clock, 1) + 1);
    e->next = s->cache[h & (CACHE_BUCKETS - 1)];
    s->cache[h & (CACHE_BUCKETS - 1)] = e;
    s->cached++;
    s->cache_bytes += need;
    pthread_rwlock_unlock(&s->lock);
    free(r->body);
    r->body = b->data;
    r->ref = b;
}

/* ---- static export ---- */

/* The export is written into a new folder beside DIR and renamed into place, so that DIR holds
 * either the whole new export or what it held before, never a mix. Folders and files are made
 * relative to that new folder's descriptor with O_NOFOLLOW and O_EXCL, and trees are removed
 * without following links: a link planted in DIR or in an earlier export is never written or
 * deleted through. DIR must be new, an empty folder, or an earlier export, which the marker
 * file at its root names as such. */
#define EXPORT_MARKER ".aibench-export"
#define EXPORT_MARKER_TEXT "written by aibench export: a later export into this folder replaces it\n"
#define EXPORT_MAX_DEPTH 64 /* folders deeper than this in an earlier export are not removed */

typedef struct {
    void (*fn)(void *ctx, size_t done, size_t total);
    void *ctx;
    size_t total;
} progress_t;

typedef enum { TARGET_NEW, TARGET_EMPTY, TARGET_EXPORT } export_target;

typedef struct {
    const char *dir;         /* DIR as given, for messages */
    char parent[PATH_MAX];   /* the folder that holds DIR, resolved */
    char name[NAME_MAX + 1]; /* DIR's name in it */
    char tmp[NAME_MAX + 1];  /* the new folder's name in it; "" once renamed into place */
    int pfd, tfd;            /* the parent and the new folder, or -1 */
    size_t files;
    progress_t pr;
} export_t;

/* Creates the empty folder ".NAME.KIND-XXXXXX" in pfd, of a name not taken (mkdtemp relative
 * to a descriptor); writes its name to out. -1 with errno on failure. */
static int unique_dir(int pfd, const char *name, const char *kind, char *out, size_t n)
{
    static const char abc[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t x = (uint64_t)ts.tv_nsec ^ (uint64_t)ts.tv_sec << 30 ^ (uint64_t)getpid() << 20;
    for (int tries = 0; tries < 100; tries++) {
        x += 0x9e3779b97f4a7c15u; /* splitmix64: a new name each try */
        uint64_t z = x;
        z = (z ^ z >> 30) * 0xbf58476d1ce4e5b9u;
        z = (z ^ z >> 27) * 0x94d049bb133111ebu;
        z ^= z >> 31;
        char sfx[7];
        for (int i = 0; i < 6; i++, z /= 36)
            sfx[i] = abc[z % 36];
        sfx[6] = '\0';
        if (snprintf(out, n, ".%s.%s-%s", name, kind, sfx) >= (int)n) {
            errno = ENAMETOOLONG;
            return -1;
        }
        if (!mkdirat(pfd, out, 0755))
            return 0;
        if (errno != EEXIST)
            return -1;
    }
    return -1;
}

/* Removes name in dfd and, for a folder, all it holds, never following a link: a link is
 * removed, not what it points to. -1 with errno on failure. */
static int remove_tree(int dfd, const char *name, int depth)
{
    struct stat st;
    if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW))
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlinkat(dfd, name, 0);
    if (depth >= EXPORT_MAX_DEPTH) {
        errno = ENAMETOOLONG;
        return -1;
    }
    /* O_NOFOLLOW: a folder swapped for a link since the fstatat fails here */
    int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return -1;
    }
    int rc = 0;
    /* until a pass finds nothing: readdir need not return entries while they are removed */
    for (size_t n = 1; n && !rc;) {
        n = 0;
        rewinddir(d);
        for (struct dirent *e; !rc && (e = readdir(d));)
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
                n++;
                rc = remove_tree(fd, e->d_name, depth + 1);
            }
    }
    int saved = errno;
    closedir(d);
    if (rc) {
        errno = saved;
        return -1;
    }
    return unlinkat(dfd, name, AT_REMOVEDIR);
}

/* Whether the folder dfd has the marker of an earlier export: a plain file, not a link. */
static int has_marker(int dfd)
{
    int fd = openat(dfd, EXPORT_MARKER, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return 0;
    struct stat st;
    char buf[sizeof EXPORT_MARKER_TEXT];
    ssize_t n = fstat(fd, &st) || !S_ISREG(st.st_mode) ? -1 : read(fd, buf, sizeof buf - 1);
    close(fd);
    static const char head[] = "written by aibench export";
    return n >= (ssize_t)sizeof head - 1 && !memcmp(buf, head, sizeof head - 1);
}

/* Resolves DIR to the folder that holds it (x->parent, all links in it resolved) and its name
 * there (x->name). Refuses an empty path and any path that is, or resolves to, '/'. */
static aib_status export_resolve(export_t *x, aib_error *err)
{
    char buf[PATH_MAX], real[PATH_MAX];
    size_t len = strlen(x->dir);
    if (!len)
        return aib_error_set(err, AIB_ERR_INVALID, NULL, "refusing an empty folder name: give the folder to write");
    if (len >= sizeof buf)
        return aib_error_set(err, AIB_ERR_INVALID, NULL, "folder name too long: '%.64s...'", x->dir);
    memcpy(buf, x->dir, len + 1);
    while (len > 1 && buf[len - 1] == '/')
        buf[--len] = '\0';
    char *slash = strrchr(buf, '/');
    const char *base = slash ? slash + 1 : buf;
    if (!strcmp(buf, "/") || !strcmp(base, ".") || !strcmp(base, "..")) {
        /* '.', 'a/..': only the resolved path says which folder that is */
        if (!realpath(buf, real))
            return aib_error_set(err, AIB_ERR_IO, NULL, "cannot resolve '%s': %s", x->dir, strerror(errno));
        if (!strcmp(real, "/"))
            return aib_error_set(err, AIB_ERR_INVALID, NULL, "refusing '%s': it is the root folder '/'", x->dir);
        slash = strrchr(real, '/'); /* real is absolute, with no trailing '/' */
        snprintf(x->name, sizeof x->name, "%s", slash + 1);
        slash[slash == real] = '\0';
        snprintf(x->parent, sizeof x->parent, "%s", real);
        return AIB_OK;
    }
    if (strlen(base) > NAME_MAX)
        return aib_error_set(err, AIB_ERR_INVALID, NULL, "folder name too long: '%.64s...'", base);
    snprintf(x->name, sizeof x->name, "%s", base);
    if (slash)
        slash[slash == buf] = '\0';
    if (!realpath(slash ? buf : ".", x->parent))
        return aib_error_set(err, AIB_ERR_IO, NULL, "cannot open '%s', the folder to hold '%s': %s", slash ? buf : ".", x->dir,
                             strerror(errno));
    return AIB_OK;
}

/* What DIR is now: absent, an empty folder or an earlier export; anything else is refused. */
static aib_status export_inspect(const export_t *x, export_target *kind, aib_error *err)
{
    struct stat st;
    if (fstatat(x->pfd, x->name, &st, AT_SYMLINK_NOFOLLOW)) {
        if (errno != ENOENT)
            return aib_error_set(err, AIB_ERR_IO, NULL, "cannot inspect '%s': %s", x->dir, strerror(errno));
        *kind = TARGET_NEW;
        return AIB_OK;
    }
    if (S_ISLNK(st.st_mode))
        return aib_error_set(err, AIB_ERR_INVALID, NULL, "refusing '%s': it is a symbolic link (give the folder itself)",
                             x->dir);
    if (!S_ISDIR(st.st_mode))
        return aib_error_set(err, AIB_ERR_INVALID, NULL, "refusing '%s': it exists and is not a folder", x->dir);
    int fd = openat(x->pfd, x->name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d = fd < 0 ? NULL : fdopendir(fd);
    if (!d) {
        aib_status st2 = aib_error_set(err, AIB_ERR_IO, NULL, "cannot read '%s': %s", x->dir, strerror(errno));
        if (fd >= 0)
            close(fd);
        return st2;
    }
    int empty = 1;
    for (struct dirent *e; empty && (e = readdir(d));)
        empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
    int marked = !empty && has_marker(fd);
    closedir(d);
    if (!empty && !marked)
        return aib_error_set(err, AIB_ERR_INVALID, NULL,
                             "refusing '%s': the folder is not empty and is not an earlier export (it has no %s); give "
                             "a new or empty folder",
                             x->dir, EXPORT_MARKER);
    *kind = empty ? TARGET_EMPTY : TARGET_EXPORT;
    return AIB_OK;
}

/* Writes body to rel (a path under the new folder), making its folders; nothing is followed
 * and nothing already there is written over. */
static aib_status export_write(export_t *x, const char *rel, const char *body, size_t len, aib_error *err)
{
    char path[MAX_PATH + 16];
    if (snprintf(path, sizeof path, "%s", rel) >= (int)sizeof path)
        return aib_error_set(err, AIB_ERR_INVALID, NULL, "path too long: '%.64s...'", rel);
    int cur = x->tfd, fd = -1;
    char *comp = path, *next;
    for (;; comp = next + 1) {
        next = strchr(comp, '/');
        if (next)
            *next = '\0';
        /* a catalog id with '/' or '..' in it must not lead out of the export */
        if (!*comp || !strcmp(comp, ".") || !strcmp(comp, "..")) {
            errno = EINVAL;
            break;
        }
        if (!next) {
            fd = openat(cur, comp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
            break;
        }
        int sub = mkdirat(cur, comp, 0755) && errno != EEXIST
                      ? -1
                      : openat(cur, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        int saved = errno;
        if (cur != x->tfd)
            close(cur);
        errno = saved;
        cur = sub;
        *next = '/';
        if (cur < 0)
            break;
    }
    for (size_t off = 0; fd >= 0 && off < len;) {
        ssize_t n = write(fd, body + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            close(fd);
            fd = -1;
            break;
        }
        off += (size_t)n;
    }
    int saved = errno;
    if (cur >= 0 && cur != x->tfd)
        close(cur);
    if (fd < 0 || close(fd)) {
        if (fd >= 0)
            saved = errno;
        return aib_error_set(err, AIB_ERR_IO, NULL, "cannot write '%s' of the export (in '%s/%s'): %s", rel, x->parent, x->tmp,
                             strerror(saved ? saved : EIO));
    }
    return AIB_OK;
}

/* A page's links made relative to where the page lies in the export (rel, e.g.
 * "hardware/x/index.html"), so that the site works under any subpath and over file://:
 * href, src and action values that start with one '/' get "../" for each folder the page is in,
 * and a folder gets its "index.html" (file:// has no index files). */
static char *relative_links(const char *body, size_t len, const char *rel, size_t *out_len)
{
    int depth = 0;
    for (const char *p = rel; *p; p++)
        depth += *p == '/';
    sbuf b;
    sb_init(&b);
    static const char *const attrs[] = {" href=\"/", " src=\"/", " action=\"/"};
    const char *p = body, *end = body + len;
    while (p < end) {
        const char *hit = NULL;
        size_t alen = 0;
        for (size_t k = 0; k < 3; k++) {
            const char *h = memmem(p, (size_t)(end - p), attrs[k], strlen(attrs[k]));
            if (h && (!hit || h < hit))
                hit = h, alen = strlen(attrs[k]);
        }
        if (!hit || hit[alen] == '/') { /* none left, or a protocol-relative "//host" */
            size_t n = hit ? (size_t)(hit - p) + alen : (size_t)(end - p);
            sb_putn(&b, p, n);
            p += n;
            continue;
        }
        sb_putn(&b, p, (size_t)(hit - p) + alen - 1); /* up to the quote */
        const char *v = hit + alen - 1;                 /* the value, from its '/' */
        const char *vend = memchr(v, '"', (size_t)(end - v));
        if (!vend)
            vend = end;
        size_t path_len = strcspn(v, "?#\"");
        if (v + path_len > vend)
            path_len = (size_t)(vend - v);
        for (int k = 0; k < depth; k++)
            sb_put(&b, "../");
        sb_putn(&b, v + 1, path_len - 1);
        if (v[path_len - 1] == '/')
            sb_put(&b, "index.html");
        sb_putn(&b, v + path_len, (size_t)(vend - v - path_len));
        p = vend;
    }
    return sb_take(&b, out_len);
}

static aib_status export_one(aib_site *s, export_t *x, const char *url, aib_error *err)
{
    aib_response r;
    aib_site_get(s, url, NULL, 0, 1, &r);
    if (r.status != 200) {
        aib_status st = aib_error_set(err, AIB_ERR_INVALID, NULL, "%s answered %d", url, r.status);
        aib_response_release(&r);
        return st;
    }
    char rel[MAX_PATH + 16];
    size_t ul = strlen(url);
    snprintf(rel, sizeof rel, "%s%s", url + 1, url[ul - 1] == '/' ? "index.html" : "");
    aib_status st;
    if (r.type == HTML) {
        size_t n;
        char *body = relative_links(r.body, r.len, rel, &n);
        st = body ? export_write(x, rel, body, n, err) : aib_error_set(err, AIB_ERR_NOMEM, NULL, "out of memory");
        free(body);
    } else
        st = export_write(x, rel, r.body, r.len, err);
    aib_response_release(&r);
    if (st)
        return st;
    x->files++;
    if (x->pr.fn)
        x->pr.fn(x->pr.ctx, x->files, x->files > x->pr.total ? x->files : x->pr.total);
    return AIB_OK;
}

/* Whether an earlier alternative of hw names e's ref too: its compare page is written once
 * (the catalog lets alternatives repeat, and a file is never written twice). */
static int alt_repeated(const aib_catalog *cat, const char *hw, const aib_editorial *e)
{
    for (const aib_editorial *d = aib_catalog_editorial(cat, hw, "alternative", NULL); d && d != e;
         d = aib_catalog_editorial(cat, hw, "alternative", d))
        if (!strcmp(d->ref, e->ref))
            return 1;
    return 0;
}

static void base64(sbuf *b, const unsigned char *p, size_t n)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char q[4];
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
        q[0] = abc[v >> 18 & 63], q[1] = abc[v >> 12 & 63];
        q[2] = i + 1 < n ? abc[v >> 6 & 63] : '=';
        q[3] = i + 2 < n ? abc[v & 63] : '=';
        sb_putn(b, q, 4);
    }
}

/* engine.js: the engine (WebAssembly, base64) and what it is fed (the catalog's files as this
 * site's catalog holds them, and the calibration), as one script: a script loads over file://,
 * where a page may not fetch files. */
static aib_status export_engine(aib_site *s, export_t *x, aib_error *err)
{
    char *wasm;
    size_t wlen;
    if (!s->wasm)
        return aib_error_set(err, AIB_ERR_INVALID, NULL, "the static site's engine (aibench.wasm) was not given");
    struct stat sst;
    FILE *f = stat(s->wasm, &sst) || !S_ISREG(sst.st_mode) || sst.st_size > (64 << 20) ? NULL : fopen(s->wasm, "rb");
    wlen = f ? (size_t)sst.st_size : 0;
    wasm = f ? malloc(wlen + 1) : NULL;
    int ok = wasm && fread(wasm, 1, wlen, f) == wlen && wlen > 8 && !memcmp(wasm, "\0asm", 4);
    if (f)
        fclose(f);
    if (!ok) {
        free(wasm);
        return aib_error_set(err, AIB_ERR_IO, NULL, "the static site's engine %s is missing or not WebAssembly (run make)",
                             s->wasm);
    }
    sbuf data, b;
    sb_init(&data);
    sb_init(&b);
    aib_status st = AIB_OK;
    for (int k = 0; k < AIB_CATALOG_KINDS && !st; k++) {
        char *t;
        size_t n;
        if (!(st = aib_catalog_write_text(s->d.cat, k, &t, &n, err))) {
            sb_putn(&data, t, n);
            sb_put(&data, "\x1e");
            free(t);
        }
    }
    char *cal = st ? NULL : aib_calibration_write_text(s->d.cal);
    if (!st && !cal)
        st = aib_error_set(err, AIB_ERR_NOMEM, NULL, "out of memory");
    if (!st) {
        sb_put(&data, cal);
        sb_put(&data, "\x1e");
        sb_put(&b, "/* engine.js: the AI Bench engine (WebAssembly, src/wasm/engine.c) and its catalog and calibration, "
                   "for the static site's planner; written by aibench export. */\nwindow.AIB_ENGINE = {\"wasm\": \"");
        base64(&b, (const unsigned char *)wasm, wlen);
        sb_put(&b, "\", \"data\": ");
        jw w;
        jw_init(&w, &b);
        jw_str(&w, data.failed ? "" : data.p);
        sb_put(&b, "};\n");
        if (b.failed || data.failed)
            st = aib_error_set(err, AIB_ERR_NOMEM, NULL, "out of memory");
        else
            st = export_write(x, "engine.js", b.p, b.len, err);
    }
    free(cal);
    free(wasm);
    sb_release(&data);
    sb_release(&b);
    if (!st)
        x->files++;
    return st;
}

/* Every page, the stylesheet, the scripts and the JSON, into the new folder. */
static aib_status export_pages(aib_site *s, export_t *x, aib_error *err)
{
    static const char *const fixed[] = {"/", "/models/", "/compare/", "/planner/", "/planner/reverse/", "/fit/", "/style.css", "/site.js", "/favicon.svg",
                                        "/api/index.json", "/api/params.json", "/api/hardware.json", "/api/models.json"};
    aib_status st = AIB_OK;
    char url[600];
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0] && !st; i++) {
        st = export_one(s, x, fixed[i], err);
    }
    if (!st)
        st = export_engine(s, x, err);
    for (size_t i = 0; i < s->d.atlas.n && !st; i++) {
        const aib_hw *h = s->d.atlas.plans[i].hw;
        static const char *const pre[] = {"/hardware/", "/api/hardware/", "/api/plan/"}, *post[] = {"/", ".json", ".json"};
        for (size_t k = 0; k < 3 && !st; k++) {
            snprintf(url, sizeof url, "%s%s%s", pre[k], h->id, post[k]);
            st = export_one(s, x, url, err);
        }
        /* compare pages the hardware page links to: its alternatives */
        for (const aib_editorial *e = aib_catalog_editorial(s->d.cat, h->id, "alternative", NULL); e && !st;
             e = aib_catalog_editorial(s->d.cat, h->id, "alternative", e)) {
            if (alt_repeated(s->d.cat, h->id, e))
                continue;
            snprintf(url, sizeof url, "/compare/%s-vs-%s/", h->id, e->ref);
            st = export_one(s, x, url, err);
            snprintf(url, sizeof url, "/api/compare/%s-vs-%s.json", h->id, e->ref);
            if (!st)
                st = export_one(s, x, url, err);
        }
    }
    for (size_t i = 0; i < aib_catalog_model_count(s->d.cat) && !st; i++) {
        const aib_model *m = aib_catalog_model_at(s->d.cat, i);
        snprintf(url, sizeof url, "/models/%s/", m->id);
        st = export_one(s, x, url, err);
        snprintf(url, sizeof url, "/api/models/%s.json", m->id);
        if (!st)
            st = export_one(s, x, url, err);
    }
    if (!st)
        st = export_write(x, EXPORT_MARKER, EXPORT_MARKER_TEXT, sizeof EXPORT_MARKER_TEXT - 1, err);
    return st;
}

/* Renames the finished new folder to DIR: over an absent or empty DIR in one rename; over an
 * earlier export by moving that aside first, then removing it. */
static aib_status export_install(export_t *x, export_target kind, aib_error *err)
{
    if (kind != TARGET_EXPORT) {
        /* rename() replaces an empty folder, and fails on one that has filled up since */
        if (renameat(x->pfd, x->tmp, x->pfd, x->name))
            return aib_error_set(err, AIB_ERR_IO, NULL, "cannot rename '%s' to '%s' in '%s': %s", x->tmp, x->name, x->parent,
                                 strerror(errno));
        x->tmp[0] = '\0';
        return AIB_OK;
    }
    /* the aside name is made as an empty folder first, so the rename cannot replace anything */
    char old[NAME_MAX + 1];
    if (unique_dir(x->pfd, x->name, "old", old, sizeof old))
        return aib_error_set(err, AIB_ERR_IO, NULL, "cannot make a folder to move the earlier export aside in '%s': %s",
                             x->parent, strerror(errno));
    if (renameat(x->pfd, x->name, x->pfd, old)) {
        aib_status st = aib_error_set(err, AIB_ERR_IO, NULL, "cannot move the earlier export '%s' aside to '%s': %s", x->dir,
                                      old, strerror(errno));
        unlinkat(x->pfd, old, AT_REMOVEDIR);
        return st;
    }
    /* what was moved is still the folder inspected: not swapped for a link or another folder */
    int fd = openat(x->pfd, old, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    int marked = fd >= 0 && has_marker(fd);
    if (fd >= 0)
        close(fd);
    if (!marked || renameat(x->pfd, x->tmp, x->pfd, x->name)) {
        aib_status st = marked ? aib_error_set(err, AIB_ERR_IO, NULL, "cannot rename '%s' to '%s' in '%s': %s", x->tmp,
                                               x->name, x->parent, strerror(errno))
                               : aib_error_set(err, AIB_ERR_INVALID, NULL, "refusing '%s': it changed while it was written",
                                               x->dir);
        if (renameat(x->pfd, old, x->pfd, x->name))
            aib_error_append(err, "the earlier export is left in '%s/%s'", x->parent, old);
        return st;
    }
    x->tmp[0] = '\0';
    if (remove_tree(x->pfd, old, 0))
        return aib_error_set(err, AIB_ERR_IO, NULL,
                             "'%s' is written, but the earlier export moved to '%s/%s' cannot be removed: %s", x->dir,
                             x->parent, old, strerror(errno));
    return AIB_OK;
}

aib_status aib_site_export(aib_site *s, const char *dir, size_t *files, void (*progress)(void *ctx, size_t done, size_t total),
                           void *ctx, aib_error *err)
{
    *files = 0;
    export_t x = {.dir = dir, .pfd = -1, .tfd = -1};
    x.pr = (progress_t){progress, ctx, 11 + 3 * s->d.atlas.n + 2 * aib_catalog_model_count(s->d.cat)};
    for (size_t i = 0; i < s->d.atlas.n; i++)
        for (const aib_editorial *e = aib_catalog_editorial(s->d.cat, s->d.atlas.plans[i].hw->id, "alternative", NULL); e;
             e = aib_catalog_editorial(s->d.cat, s->d.atlas.plans[i].hw->id, "alternative", e))
            x.pr.total += alt_repeated(s->d.cat, s->d.atlas.plans[i].hw->id, e) ? 0 : 2;
    export_target kind = TARGET_NEW;
    aib_status st = export_resolve(&x, err);
    if (!st && (x.pfd = open(x.parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
        st = aib_error_set(err, AIB_ERR_IO, NULL, "cannot open '%s', the folder to hold '%s': %s", x.parent, dir,
                           strerror(errno));
    if (!st)
        st = export_inspect(&x, &kind, err);
    if (!st && unique_dir(x.pfd, x.name, "tmp", x.tmp, sizeof x.tmp))
        st = aib_error_set(err, AIB_ERR_IO, NULL, "cannot make a temporary folder in '%s': %s", x.parent, strerror(errno));
    if (!st && (x.tfd = openat(x.pfd, x.tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
        st = aib_error_set(err, AIB_ERR_IO, NULL, "cannot open '%s/%s': %s", x.parent, x.tmp, strerror(errno));
    if (!st)
        st = export_pages(s, &x, err);
    if (x.tfd >= 0)
        close(x.tfd);
    if (!st)
        st = export_install(&x, kind, err);
    if (x.tmp[0] && remove_tree(x.pfd, x.tmp, 0))
        aib_error_append(err, "the temporary folder '%s/%s' cannot be removed: %s", x.parent, x.tmp, strerror(errno));
    if (x.pfd >= 0)
        close(x.pfd);
    *files = st ? 0 : x.files;
    return st;
}
