/* engine.c: the AI Bench engine for the browser (WebAssembly, wasm32-wasi): the static site's
 * planner, reverse planner, what-if, sweep and compare run the same C as `aibench serve`, fed the
 * exported catalog and calibration, and answer the same JSON as the server's API.
 * The page's script (web/site.js) writes the inputs into this module's memory and calls:
 *   aib_wasm_alloc(n) / aib_wasm_free(p)   memory for the inputs
 *   aib_wasm_load(buf, len)                the catalog's files then the calibration, each ended
 *                                          by the byte 0x1e (file order: aib_catalog_kind_file)
 *   aib_wasm_run(what, query)              what: "plan", "reverse", "fit" or "compare" (query:
 *                                          the spec a-vs-b); the answer's JSON, or the one error
 *                                          shape; valid until the next call
 * Built by `make` (build/aibench.wasm) with Debian's clang --target=wasm32-wasi. */
#include "front/advice.h"
#include "front/query.h"
#include "front/render.h"

#include <stdlib.h>
#include <string.h>

#define EXPORT(name) __attribute__((export_name(#name)))

static aib_catalog *cat;
static aib_calibration cal;
static aib_atlas atlas;
static int have_atlas;
static char *result;

EXPORT(aib_wasm_alloc) void *wasm_alloc(size_t n) { return malloc(n ? n : 1); }
EXPORT(aib_wasm_free) void wasm_free(void *p) { free(p); }

static const char *set_result(sbuf *b)
{
    free(result);
    size_t len;
    result = b->failed ? NULL : sb_take(b, &len);
    sb_release(b);
    return result ? result : "{\"error\":{\"code\":\"out_of_memory\",\"message\":\"the answer was too large\"}}";
}

static const char *error_json(const char *code, const char *msg)
{
    sbuf b;
    jw w;
    sb_init(&b);
    jw_init(&w, &b);
    aib_jw_error(&w, code, msg);
    sb_put(&b, "\n");
    return set_result(&b);
}

/* 0, or -1 with the reason in the result (aib_wasm_run's error shape). */
EXPORT(aib_wasm_load) int wasm_load(const char *buf, size_t len)
{
    const char *texts[AIB_CATALOG_KINDS];
    size_t lens[AIB_CATALOG_KINDS];
    const char *p = buf, *end = buf + len;
    for (int k = 0; k < AIB_CATALOG_KINDS; k++) {
        const char *sep = memchr(p, 0x1e, (size_t)(end - p));
        if (!sep) {
            error_json("bad_engine_data", "the engine's data is cut short (a catalog file is missing)");
            return -1;
        }
        texts[k] = p, lens[k] = (size_t)(sep - p);
        p = sep + 1;
    }
    const char *cal_end = memchr(p, 0x1e, (size_t)(end - p));
    char *cal_text = malloc((size_t)((cal_end ? cal_end : end) - p) + 1);
    if (!cal_text) {
        error_json("out_of_memory", "out of memory");
        return -1;
    }
    memcpy(cal_text, p, (size_t)((cal_end ? cal_end : end) - p));
    cal_text[(cal_end ? cal_end : end) - p] = '\0';
    aib_error err = {0};
    if (have_atlas)
        aib_atlas_release(&atlas), have_atlas = 0;
    aib_catalog_free(cat);
    cat = NULL;
    aib_status st = aib_catalog_load_texts(texts, lens, "catalog", &cat, &err);
    if (!st)
        st = aib_calibration_read_text(cal_text, &cal, &err);
    free(cal_text);
    if (st) {
        error_json("bad_engine_data", err.msg);
        return -1;
    }
    return 0;
}

static const char *run_request(aib_request_kind kind, char *query)
{
    aib_arg args[AIB_MAX_ARGS + 1];
    int n = aib_query_parse(query, args, AIB_MAX_ARGS);
    if (n < 0)
        return error_json("bad_request", "more than 32 query parameters, or a malformed escape");
    aib_request req;
    aib_request_init(&req, kind);
    aib_error err = {0};
    sbuf b;
    sb_init(&b);
    if (aib_request_answer(cat, &cal, &req, args, (size_t)n, &b, &err)) { /* the server's API, step for step */
        sb_release(&b);
        return error_json(err.tag, err.msg);
    }
    sb_put(&b, "\n");
    return set_result(&b);
}

static const char *run_compare(const char *spec)
{
    aib_error err = {0};
    if (!have_atlas) { /* every hardware's plan: built once, when a comparison first asks */
        if (aib_atlas_build(cat, &cal, &atlas, &err))
            return error_json("out_of_memory", err.msg);
        have_atlas = 1;
    }
    sbuf b;
    sb_init(&b);
    if (aib_compare_answer(cat, &atlas, spec, &b, &err)) {
        sb_release(&b);
        return error_json(err.tag, err.msg);
    }
    sb_put(&b, "\n");
    return set_result(&b);
}

EXPORT(aib_wasm_run) const char *wasm_run(const char *what, char *query)
{
    if (!cat)
        return error_json("bad_engine_data", "the engine has no catalog: load it first");
    if (!strcmp(what, "plan"))
        return run_request(AIB_REQ_PLAN, query);
    if (!strcmp(what, "reverse"))
        return run_request(AIB_REQ_REVERSE, query);
    if (!strcmp(what, "fit"))
        return run_request(AIB_REQ_FIT, query);
    if (!strcmp(what, "compare"))
        return run_compare(query);
    return error_json("not_found", "the engine answers plan, reverse, fit and compare");
}
