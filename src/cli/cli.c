/* cli.c: helpers shared by the subcommands (see cli.h). */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_open(cli_env *env)
{
    aib_error err = {0};
    aib_status st = aib_store_open(env->db, env->data, &env->cat, NULL, &err);
    if (st) {
        fprintf(stderr, "aibench: %s\n", err.msg);
        if (st == AIB_ERR_PARSE)
            fprintf(stderr, "aibench: the catalog was not loaded; %s is unchanged\n", env->db);
        return 1;
    }
    /* the stored calibration while it matches these measurements (its basis, a fingerprint of
     * every input of the fit); otherwise (none stored, or stale) fitted now and stored, once,
     * so that the next command does not fit again */
    char basis[17];
    aib_calibration_basis(env->cat, basis);
    st = aib_store_load_calibration(env->db, basis, &env->cal, &err);
    if (st == AIB_OK)
        return 0;
    if (st != AIB_ERR_NOTFOUND)
        fprintf(stderr, "aibench: the stored calibration is not usable (%s); fitting it now\n", err.msg);
    return cli_recalibrate(env);
}

int cli_store_measured(cli_env *env, const char *cmd, const aib_measurement *rows, size_t n, size_t *added)
{
    aib_error err = {0};
    if (aib_store_import(env->db, env->cat, rows, n, added, &err)) {
        fprintf(stderr, "%s\naibench %s: nothing was imported\n", err.msg, cmd);
        return 1;
    }
    if (*added) {
        aib_catalog *before = env->cat;
        env->cat = NULL;
        if (cli_open(env)) /* the catalog with the new rows, its calibration fitted and stored */
            fprintf(stderr, "aibench %s: the rows are stored; the calibration will be refitted by the next command\n", cmd);
        aib_catalog_free(env->cat);
        env->cat = before; /* the rows point into the catalog that checked them */
    }
    return 0;
}

void cli_print_measured(const aib_measurement *rows, size_t n, int with_software)
{
    for (size_t i = 0; i < n; i++) {
        printf("  %-20.20s %-24.24s %-8s %-6s %5s d%-5.0f %8.2f tok/s\n", rows[i].hw, rows[i].model, rows[i].quant,
               rows[i].backend, rows[i].test, rows[i].depth, rows[i].tps);
        if (with_software)
            printf("      %.40s, %s\n", rows[i].software, rows[i].date);
    }
}

int cli_recalibrate(cli_env *env)
{
    aib_error err = {0};
    if (aib_calibrate(env->cat, &env->cal, &err)) {
        fprintf(stderr, "aibench: calibration: %s\n", err.msg);
        return 1;
    }
    /* a database we cannot write (read-only install) keeps working: the fit is in memory */
    if (aib_store_save_calibration(env->db, &env->cal, &err) == AIB_OK)
        env->cal_saved = 1;
    return 0;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "aibench %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nsee 'aibench %s --help'\n", cmd);
    va_end(ap);
    return 2;
}

int cli_fail(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "aibench %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 1;
}

int cli_unknown(cli_env *env, const char *cmd, const char *kind, const char *id)
{
    const char *near[5];
    size_t n = aib_catalog_suggest(env->cat, kind, id, near, 5);
    const char *what = !strcmp(kind, "hw") ? "hardware" : kind;
    fprintf(stderr, "aibench %s: unknown %s '%s'\n", cmd, what, id);
    if (n) {
        fprintf(stderr, "did you mean:");
        for (size_t i = 0; i < n; i++)
            fprintf(stderr, "%s %s", i ? "," : "", near[i]);
        fputc('\n', stderr);
    } else {
        fprintf(stderr, "see 'aibench %s' for the list\n", !strcmp(kind, "hw") ? "hw" : !strcmp(kind, "model") ? "models" : "quants");
    }
    return 2;
}

int cli_num(const char *cmd, const char *opt, const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno == ERANGE || !isfinite(v)) {
        cli_usage(cmd, "%s: '%s' is not a number", opt, s);
        return 0;
    }
    if (v < lo || v > hi) {
        cli_usage(cmd, "%s: %s is outside %.10g..%.10g", opt, s, lo, hi);
        return 0;
    }
    *out = v;
    return 1;
}

int cli_json(json_t *v)
{
    char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    json_decref(v);
    if (!s)
        return cli_fail("json", "out of memory");
    puts(s);
    free(s);
    return 0;
}

const char *cli_tps(double v, char *buf, size_t n)
{
    /* rounded to 0.1 first, as the JSON is, so that the text and the API print one figure */
    v = round(v * 10) / 10;
    if (!aib_has(v) || !isfinite(v))
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, v >= 100 ? "%.0f" : "%.1f", v);
    return buf;
}

int cli_run(cli_env *env, const char *cmd, const aib_request *req, aib_answer *a)
{
    aib_error err = {0};
    aib_status st = aib_request_run(env->cat, &env->cal, req, a, &err);
    if (!st)
        return 0;
    if (st == AIB_ERR_INVALID || st == AIB_ERR_NOTFOUND) {
        /* an unknown id: the closest ones */
        const char *kind = !strcmp(err.tag, "unknown_hw") ? "hw" : !strcmp(err.tag, "unknown_model") ? "model"
                         : !strcmp(err.tag, "unknown_quant") ? "quant" : NULL;
        const char *q1 = strchr(err.msg, '\''), *q2 = q1 ? strchr(q1 + 1, '\'') : NULL;
        if (kind && q2) {
            char id[200];
            snprintf(id, sizeof id, "%.*s", (int)(q2 - q1 - 1), q1 + 1);
            return cli_unknown(env, cmd, kind, id);
        }
        if (strcmp(err.tag, "bad_what_if")) /* its keys are the what-if's, not options */
            cli_options_in(err.msg, sizeof err.msg);
        return cli_usage(cmd, "%s", err.msg);
    }
    return cli_fail(cmd, "%s", err.msg);
}

/* The library's messages name inputs by their web keys; on the command line they are options:
 * "ram and ram_bw" becomes "--host-ram and --host-bandwidth". Keys that are also plain words
 * (to, what, form, models...) are left alone. */
void cli_options_in(char *msg, size_t size)
{
    const aib_param *t = aib_params();
    for (size_t i = 0; i < AIB_P_COUNT; i++) {
        const char *key = t[i].key, *opt = t[i].option;
        int same = key && opt && !strcmp(key, opt); /* then only "key=" and "key:" read as the option */
        if (!key || !opt || !strcmp(key, "models") || !strcmp(key, "to") || !strcmp(key, "what"))
            continue;
        size_t kl = strlen(key), ol = strlen(opt);
        for (char *p = strstr(msg, key); p; p = strstr(p, key)) {
            int start = p == msg || !(isalnum((unsigned char)p[-1]) || p[-1] == '_' || p[-1] == '-');
            int end = same ? (p[kl] == '=' || (p[kl] == ':' && p == msg)) : !(isalnum((unsigned char)p[kl]) || p[kl] == '_');
            size_t len = strlen(msg);
            if (!start || !end || len + ol + 2 - kl >= size) {
                p += kl;
                continue;
            }
            memmove(p + ol + 2, p + kl, len - (size_t)(p - msg) - kl + 1);
            memcpy(p, "--", 2);
            memcpy(p + 2, opt, ol);
            p += ol + 2;
        }
    }
}

int cli_json_answer(const aib_answer *a, int with_rows)
{
    return cli_json(aib_json_answer(a, with_rows));
}

void cli_wrap_to(FILE *f, const char *prefix, const char *text, int width)
{
    const char *last = strrchr(prefix, '\n');
    int margin = (int)strlen(last ? last + 1 : prefix);
    fputs(prefix, f);
    int col = margin;
    const char *p = text;
    while (*p) {
        size_t w = strcspn(p, " ");
        if (col > margin && col + 1 + (int)w > width) {
            fprintf(f, "\n%*s", margin, "");
            col = margin;
        } else if (col > margin) {
            fputc(' ', f);
            col++;
        }
        fwrite(p, 1, w, f);
        col += (int)w;
        p += w;
        while (*p == ' ')
            p++;
    }
    fputc('\n', f);
}

void cli_wrap(const char *prefix, const char *text, int width) { cli_wrap_to(stdout, prefix, text, width); }

void cli_config_line(const char *prefix, const aib_hw_config *c)
{
    char text[400], m[32];
    if (aib_has(c->price_usd))
        snprintf(text, sizeof text, "%s: $%s (%s, %s)", c->product, aib_thousands(c->price_usd, m, sizeof m),
                 c->price_kind ? c->price_kind : "", c->as_of ? c->as_of : "");
    else
        snprintf(text, sizeof text, "%s: no price in the catalog", c->product);
    cli_wrap(prefix, text, 80);
}
