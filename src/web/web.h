/* web.h: the site (aibench serve / export): a router from GET requests to pages and JSON,
 * the views both are built from, the HTML pages and the SVG charts. The router knows
 * nothing of HTTP libraries: server.c feeds it from libmicrohttpd, export.c from a list of
 * paths, the `page` command from the command line. */
#ifndef AIB_WEB_H
#define AIB_WEB_H

#include "aibench/aibench.h"
#include "front/advice.h"
#include "front/query.h"
#include "front/sbuf.h"
#include <jansson.h>
#include <stdio.h>

typedef struct aib_site aib_site;


typedef struct {
    int status;
    const char *type; /* content type */
    char *body;
    size_t len;
    int shared;         /* the body belongs to the site (its assets): do not free it */
    void *ref;          /* the body is a cached answer's, held by this reference: released by
                         * aib_response_release() or aib_response_unref(ref) */
    char location[512]; /* redirects */
} aib_response;

/* Builds the site over a catalog and its calibration (both must outlive it), reading the
 * stylesheet and scripts from webdir. static_mode renders pages for a static export (no
 * server behind them). */
aib_status aib_site_new(const aib_catalog *cat, const aib_calibration *cal, const char *webdir, int static_mode,
                        aib_site **out, aib_error *err);
void aib_site_free(aib_site *s);

/* Answers GET path with its decoded query args. want_html picks an HTML error page over
 * the JSON error for pages (API paths always answer JSON). A path or arg that is not valid
 * UTF-8 or holds a control character is a 400 (bad_encoding); a parameter given twice is a 400
 * (duplicate_parameter), except hw on the compare form, a list by design. */
void aib_site_get(aib_site *s, const char *path, const aib_arg *args, size_t nargs, int want_html,
                  aib_response *r);
void aib_response_release(aib_response *r);
/* Drops a reference a response held to a cached body (what aib_response_release() does for
 * it); for a server that hands the body to its HTTP library and releases it when sent. */
void aib_response_unref(void *ref);

/* The answer cache's budget in bytes (keys and bodies): least recently used answers are
 * evicted past it; errors and redirects are never cached. Default 64 MiB. */
void aib_site_cache_budget(aib_site *s, size_t bytes);
#define AIB_SITE_CACHE_DEFAULT (64u << 20)
/* How many answers are cached, and their bytes. */
void aib_site_cache_stats(aib_site *s, size_t *entries, size_t *bytes);

/* Writes the whole site under dir: pages, stylesheet, scripts, JSON. dir must be new, an
 * empty folder or an earlier export (the marker file .aibench-export); the site is written into
 * a new folder beside it and renamed into place, never following a link (docs/site.md). */
/* The static site's planner runs the engine compiled to WebAssembly (src/wasm/engine.c, built
 * as aibench.wasm by make): the export writes it, with the catalog and calibration it is fed,
 * as engine.js; the export fails without it. */
void aib_site_set_engine(aib_site *s, const char *wasm_path);
/* progress (may be NULL) hears of each file written, with the number to write. */
aib_status aib_site_export(aib_site *s, const char *dir, size_t *files, void (*progress)(void *ctx, size_t done, size_t total),
                           void *ctx, aib_error *err);

/* An error answer in the one error shape (the site's code -> status table), for a request the
 * server refuses before it reaches the router (method, NUL in a parameter, too many). */
void aib_site_error(aib_site *s, const char *path, int want_html, const char *code, aib_response *r);

/* How aib_site_serve() runs (docs/site.md, "Serving"). */
typedef struct {
    const char *host;            /* IPv4 address to bind */
    int port, threads;
    unsigned max_connections;    /* in all; 0: what the file limit allows, up to 16,384 */
    unsigned per_ip;             /* per client address (default 32) */
    unsigned header_deadline_s;  /* a request's headers complete within this (default 10) */
    unsigned idle_timeout_s;     /* a connection idle this long is closed (default 30) */
    size_t cache_bytes;          /* the answer cache's budget (0: nothing is cached) */
    FILE *access_log;            /* NULL: none; else one common-log-format line per request */
    void (*ready)(void *ctx);    /* called once listening (the banner), may be NULL */
    void *ctx;
} aib_serve_opts;

/* The defaults: 127.0.0.1:8080, a thread per CPU, 32 connections per address, a 10 s header
 * deadline, a 30 s idle timeout, a 64 MiB answer cache, connections up to the file limit. */
void aib_serve_opts_init(aib_serve_opts *o);

/* Serves the site over HTTP until SIGINT/SIGTERM. */
aib_status aib_site_serve(aib_site *s, const aib_serve_opts *o, aib_error *err);

/* ---- internals shared by the web modules ---- */

struct aib_site_data {
    const aib_catalog *cat;
    const aib_calibration *cal;
    aib_atlas atlas; /* every hardware's default plan, computed once */
    int static_mode;
};
typedef struct aib_site_data aib_site_data;

/* Pages (HTML) from views. */
void aib_page_hw(sbuf *b, const aib_site_data *d, json_t *view);
void aib_page_index(sbuf *b, const aib_site_data *d, json_t *view, const aib_arg *args, size_t nargs);
void aib_page_model(sbuf *b, const aib_site_data *d, json_t *view);
void aib_page_models(sbuf *b, const aib_site_data *d, json_t *view);
void aib_page_compare(sbuf *b, const aib_site_data *d, json_t *view);
void aib_page_planner(sbuf *b, const aib_site_data *d, json_t *form, json_t *plan, const char *error);
/* The static copy's /fit/ page: a shell the engine in the browser fills (site.js). */
void aib_page_fit_shell(sbuf *b);
void aib_page_fit(sbuf *b, const aib_site_data *d, json_t *v);
void aib_page_reverse(sbuf *b, const aib_site_data *d, json_t *form, json_t *result, const char *error);
void aib_page_error(sbuf *b, int status, const char *code, const char *message);
void aib_page_head(sbuf *b, const char *title);
void aib_page_foot(sbuf *b);

/* Charts (inline SVG). */
void aib_svg_speed(sbuf *b, json_t *rows, double bandwidth_gbs, const char *title);
void aib_svg_memory(sbuf *b, json_t *rows, double budget_gib);
void aib_svg_bars(sbuf *b, json_t *items, const char *label_key, const char *value_key, const char *unit);
void aib_svg_sweep(sbuf *b, json_t *points);

/* Small readers of views. */
const char *jstr(json_t *o, const char *key); /* "" when absent */
double jnum(json_t *o, const char *key);      /* NaN when absent */
/* Sorts a JSON array in place, stably (equal items keep their order): before(x, y, ctx)
 * says whether x goes before y. */
void aib_json_sort(json_t *a, int (*before)(json_t *x, json_t *y, const void *ctx), const void *ctx);
/* Numbers largest first, a missing one (NaN) after every present one. */
int aib_num_desc_before(double x, double y);
/* "1.2", "42", "1,999": a figure for a page. */
const char *aib_fmt(double v, char *buf, size_t n);

#endif
