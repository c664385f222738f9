/* cmd_serve.c: aibench serve, export and page: the site over HTTP, as static files, or one
 * answer printed to stdout (what the server would send for a URL). */
#include "cli.h"
#include "web/web.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef AIB_DEFAULT_WEB
#define AIB_DEFAULT_WEB "web"
#endif
#ifndef AIB_DEFAULT_WASM
#define AIB_DEFAULT_WASM "build/aibench.wasm"
#endif

static const char serve_help[] =
    "usage: aibench serve [--port N] [--host ADDR] [--threads N] [--web DIR]\n"
    "                     [--access-log FILE] [--per-ip N] [--header-deadline S]\n"
    "                     [--cache-mb N]\n"
    "\n"
    "Serves the site from the catalog in the SQLite database (--db): the hardware\n"
    "index, a page per hardware and per model, compare, the planner and the JSON API\n"
    "under /api/ (docs/site.md). Stop it with Ctrl-C.\n"
    "\n"
    "  --port N             TCP port, default 8080\n"
    "  --host ADDR          IPv4 address to bind, default 127.0.0.1 (0.0.0.0 to serve\n"
    "                       the network)\n"
    "  --threads N          worker threads, default the number of CPUs\n"
    "  --web DIR            the stylesheet and scripts, default the build's web/\n"
    "  --access-log FILE    append one line per request, in the common log format\n"
    "  --per-ip N           connections one client address may hold, default 32\n"
    "  --header-deadline S  seconds a request has to send its headers, default 10:\n"
    "                       slow clients cannot hold connections forever\n"
    "  --cache-mb N         the answer cache's budget, default 64 (least recently\n"
    "                       used answers go first; errors are never cached)";

static const char export_help[] =
    "usage: aibench export DIR [--web DIR] [--wasm FILE]\n"
    "\n"
    "Writes the whole site under DIR as static files (pages, stylesheet, scripts,\n"
    "JSON) for any web server or CDN, under any path, or to open from disk\n"
    "(file://): every link is relative. The planner, reverse planner, what-if,\n"
    "sweep and compare run the same engine in the browser, compiled to WebAssembly\n"
    "(--wasm, default the build's aibench.wasm, made by make) and fed this\n"
    "catalog and calibration (engine.js).\n"
    "\n"
    "DIR must be new, an empty folder or an earlier export (marked by the file\n"
    ".aibench-export at its root); an empty path, '/', a symbolic link and any\n"
    "other folder are refused. The export is written into a new folder beside DIR\n"
    "(so DIR's parent must exist and be writable) and renamed into place once\n"
    "complete: DIR then holds the whole new export (an earlier one is removed) or,\n"
    "on failure, what it held before. No symbolic link is followed.";

static const char page_help[] =
    "usage: aibench page URL [--json-errors] [--web DIR]\n"
    "\n"
    "Prints what `aibench serve` would answer for URL (a path with an optional\n"
    "query, e.g. '/planner/?hw=rtx-4090&use=coding'): the body on stdout, 'STATUS\n"
    "content-type' on stderr. Exit status 0 for 2xx and 3xx answers, 1 otherwise.\n"
    "\n"
    "  --json-errors  answer errors on pages as JSON, as the server does for\n"
    "                 non-browser clients";

static int open_site(cli_env *env, const char *web, int static_mode, aib_site **site)
{
    if (cli_open(env))
        return 1;
    aib_error err = {0};
    if (aib_site_new(env->cat, &env->cal, web, static_mode, site, &err))
        return cli_fail("serve", "%s", err.msg);
    return 0;
}

typedef struct {
    const char *host;
    int port;
    size_t hw, models;
} banner_t;

static void banner(void *ctx)
{
    const banner_t *b = ctx;
    fprintf(stderr, "aibench: serving http://%s:%d/ (%zu hardware, %zu models; Ctrl-C stops)\n", b->host, b->port, b->hw,
            b->models);
}

int cmd_serve(cli_env *env, int argc, char **argv)
{
    aib_serve_opts o;
    aib_serve_opts_init(&o); /* the server's defaults; the options below change them */
    const char *host = o.host, *web = AIB_DEFAULT_WEB, *log = NULL;
    double port = o.port, threads = o.threads, per_ip = o.per_ip, deadline = o.header_deadline_s,
           cache_mb = (double)o.cache_bytes / 1048576.0;
    static const char *const opts[] = {"--port", "--host", "--threads", "--web", "--access-log", "--per-ip",
                                       "--header-deadline", "--cache-mb"};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(serve_help, stdout);
            return 0;
        }
        int known = 0;
        for (size_t k = 0; k < sizeof opts / sizeof opts[0]; k++)
            known |= !strcmp(a, opts[k]);
        if (!known)
            return cli_usage("serve", "unknown argument '%s'", a);
        if (!v)
            return cli_usage("serve", "%s needs a value", a);
        i++;
        if ((!strcmp(a, "--port") && !cli_num("serve", a, v, 1, 65535, &port)) ||
            (!strcmp(a, "--threads") && !cli_num("serve", a, v, 1, 256, &threads)) ||
            (!strcmp(a, "--per-ip") && !cli_num("serve", a, v, 1, 4096, &per_ip)) ||
            (!strcmp(a, "--header-deadline") && !cli_num("serve", a, v, 1, 600, &deadline)) ||
            (!strcmp(a, "--cache-mb") && !cli_num("serve", a, v, 0, 65536, &cache_mb)))
            return 2;
        if (!strcmp(a, "--host"))
            host = v;
        if (!strcmp(a, "--web"))
            web = v;
        if (!strcmp(a, "--access-log"))
            log = v;
    }
    unsigned char probe[4];
    if (inet_pton(AF_INET, host, probe) != 1) /* before anything says "serving" */
        return cli_usage("serve", "--host: '%s' is not an IPv4 address (e.g. 127.0.0.1 or 0.0.0.0)", host);
    FILE *logf = NULL;
    if (log && !(logf = fopen(log, "a")))
        return cli_fail("serve", "cannot open the access log '%s': %s", log, strerror(errno));
    aib_site *site;
    if (open_site(env, web, 0, &site)) {
        if (logf)
            fclose(logf);
        return 1;
    }
    banner_t b = {host, (int)port, aib_catalog_hw_count(env->cat), aib_catalog_model_count(env->cat)};
    o.host = host, o.port = (int)port, o.threads = (int)threads, o.per_ip = (unsigned)per_ip;
    o.header_deadline_s = (unsigned)deadline, o.cache_bytes = (size_t)(cache_mb * 1048576.0);
    o.access_log = logf, o.ready = banner, o.ctx = &b;
    aib_error err = {0};
    aib_status st = aib_site_serve(site, &o, &err);
    aib_site_free(site);
    if (logf)
        fclose(logf);
    return st ? cli_fail("serve", "%s", err.msg) : 0;
}

static void export_progress(void *ctx, size_t done, size_t total)
{
    (void)ctx;
    fprintf(stderr, "\r  writing %zu of %zu files", done, total);
    if (done >= total)
        fputc('\n', stderr);
    fflush(stderr);
}

int cmd_export(cli_env *env, int argc, char **argv)
{
    const char *dir = NULL, *web = AIB_DEFAULT_WEB, *wasm = AIB_DEFAULT_WASM;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(export_help, stdout);
            return 0;
        }
        if (!strcmp(argv[i], "--web") && i + 1 < argc)
            web = argv[++i];
        else if (!strcmp(argv[i], "--wasm") && i + 1 < argc)
            wasm = argv[++i];
        else if (argv[i][0] == '-' || dir)
            return cli_usage("export", "unknown argument '%s'", argv[i]);
        else
            dir = argv[i];
    }
    if (!dir)
        return cli_usage("export", "which directory?");
    aib_site *site;
    if (open_site(env, web, 1, &site))
        return 1;
    aib_site_set_engine(site, wasm);
    aib_error err = {0};
    size_t files = 0;
    aib_status st = aib_site_export(site, dir, &files, isatty(STDERR_FILENO) ? export_progress : NULL, NULL, &err);
    aib_site_free(site);
    if (st)
        return cli_fail("export", "%s", err.msg);
    printf("wrote %zu files under %s\n", files, dir);
    return 0;
}

int cmd_page(cli_env *env, int argc, char **argv)
{
    const char *url = NULL, *web = AIB_DEFAULT_WEB;
    int html = 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(page_help, stdout);
            return 0;
        }
        if (!strcmp(argv[i], "--json-errors"))
            html = 0;
        else if (!strcmp(argv[i], "--web") && i + 1 < argc)
            web = argv[++i];
        else if (argv[i][0] == '-' || url)
            return cli_usage("page", "unknown argument '%s'", argv[i]);
        else
            url = argv[i];
    }
    if (!url || url[0] != '/')
        return cli_usage("page", "give a URL path starting with '/'");
    aib_site *site;
    if (open_site(env, web, 0, &site))
        return 1;
    char *copy = strdup(url);
    if (!copy) {
        aib_site_free(site);
        return cli_fail("page", "out of memory");
    }
    char *q = strchr(copy, '?');
    if (q)
        *q++ = '\0';
    aib_arg args[AIB_MAX_ARGS + 1];
    int n = aib_query_parse(q, args, AIB_MAX_ARGS + 1);
    aib_response r;
    if (n < 0 || aib_url_decode(copy)) {
        fprintf(stderr, "400 application/json\n");
        puts("{\"error\":{\"code\":\"bad_query\",\"message\":\"malformed query string\"}}");
        free(copy);
        aib_site_free(site);
        return 1;
    }
    aib_site_get(site, copy, args, (size_t)n, html, &r);
    fprintf(stderr, "%d %s%s%s\n", r.status, r.type, r.status == 302 ? " -> " : "", r.status == 302 ? r.location : "");
    fwrite(r.body, 1, r.len, stdout);
    int rc = r.status < 400 ? 0 : 1;
    aib_response_release(&r);
    free(copy);
    aib_site_free(site);
    return rc;
}
