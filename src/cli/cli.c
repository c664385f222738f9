/* cli.c: helpers shared by the subcommands (see cli.h). */
#include "cli.h"

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
    /* the calibration stored by 'aibench calibrate' while it matches these measurements;
     * otherwise (none stored, or stale) fitted now */
    char basis[17];
    aib_calibration_basis(env->cat, basis);
    st = aib_store_load_calibration(env->db, basis, &env->cal, &err);
    if (st == AIB_OK)
        return 0;
    if (st != AIB_ERR_NOTFOUND)
        fprintf(stderr, "aibench: the stored calibration is not usable (%s); fitting it now\n", err.msg);
    if ((st = aib_calibrate(env->cat, &env->cal, &err))) {
        fprintf(stderr, "aibench: calibration: %s\n", err.msg);
        return 1;
    }
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
    if (!aib_has(v) || !isfinite(v))
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, v >= 100 ? "%.0f" : "%.1f", v);
    return buf;
}

static const char *fit_text(const aib_result *r, const aib_model *m, const char *where, char *buf, size_t n)
{
    char flags[48];
    if (r->fit == AIB_FIT_GPU)
        snprintf(buf, n, "fits in %s", where);
    else if (r->fit == AIB_FIT_OFFLOAD && r->offload == AIB_OFFLOAD_EXPERTS)
        snprintf(buf, n, "fits only with offload: all %.0f layers on the GPU, the routed experts of %.0f MoE layers "
                 "(%.2f GiB) in system RAM: llama.cpp %s",
                 m->layers, r->cpu_moe_layers, aib_gib(r->cpu_weights), aib_offload_flags(r, flags, sizeof flags));
    else if (r->fit == AIB_FIT_OFFLOAD)
        snprintf(buf, n, "fits only with offload: %.0f of %.0f layers on the GPU, the rest (%.2f GiB) in system RAM: "
                 "llama.cpp %s", r->gpu_layers, m->layers, aib_gib(r->cpu_weights), aib_offload_flags(r, flags, sizeof flags));
    else
        snprintf(buf, n, "does not fit");
    return buf;
}

void cli_print_result(const aib_setup *s, const aib_result *r, const aib_measurement *tg, const aib_measurement *pp,
                      int use_measured)
{
    const aib_model *m = s->model;
    char a[32], b[32], c[32], line[256];
    printf("%s %s on %s, %s backend\n", m->name ? m->name : "custom model", s->quant_id ? s->quant_id : "",
           s->hw_id ? s->hw_id : "custom hardware", s->backend);
    if (r->token_model)
        printf("  memory     %.2f GiB weights + %.2f GiB KV cache (%.0f tokens, %s) + %.2f GiB compute + %.2f GiB runtime\n",
               aib_gib(r->mem.weights), aib_gib(r->mem.kv), r->ctx, s->kv_type, aib_gib(r->mem.compute),
               aib_gib(r->mem.overhead));
    else
        printf("  memory     %.2f GiB weights + %.2f GiB activations (allowance) + %.2f GiB runtime\n",
               aib_gib(r->mem.weights), aib_gib(r->mem.compute), aib_gib(r->mem.overhead));
    printf("             = %.2f GiB of %.2f GiB usable (%.0f GiB device memory)\n", aib_gib(r->mem.total),
           aib_gib(r->budget), s->memory_gb);
    const char *where = strcmp(s->backend, "cpu") ? "GPU memory" : "memory";
    printf("  fit        %s\n", fit_text(r, m, where, line, sizeof line));
    if (r->fit == AIB_FIT_OFFLOAD && aib_has(r->other_decode_tps)) {
        char o[32];
        printf("             the other split (%s) would decode at %s tok/s\n",
               r->offload == AIB_OFFLOAD_EXPERTS ? "whole layers on the CPU, -ngl" : "experts in system RAM, --n-cpu-moe",
               cli_tps(r->other_decode_tps, o, sizeof o));
    }
    if (r->token_model && r->max_ctx > 0)
        printf("  context    largest that fits in %s: %.0f tokens (trained: %.0f)\n", where, r->max_ctx, m->max_context);
    else if (r->token_model)
        printf("  context    the weights alone do not fit in %s\n", where);
    if (!r->token_model) {
        printf("  speed      not a token model: no tok/s figures\n");
        return;
    }
    if (r->fit == AIB_FIT_NONE)
        return;
    aib_headline h = aib_headline_decode(r, tg, use_measured);
    if (h.measured)
        printf("  decode     %s tok/s measured (%s, %s, %s, %s)\n", cli_tps(h.tps, a, sizeof a), tg->test, tg->date,
               tg->software, tg->source);
    char band[96];
    if (aib_has(r->decode_lo))
        snprintf(band, sizeof band, "band %s to %s", cli_tps(r->decode_lo, b, sizeof b), cli_tps(r->decode_hi, c, sizeof c));
    else
        snprintf(band, sizeof band, "no error band: these constants are priors, not fitted");
    printf("  decode     %s tok/s estimated at depth %.0f (%s)%s\n", cli_tps(r->decode_tps, a, sizeof a), r->depth, band,
           r->interactive ? "" : ": below interactive speed");
    if (aib_has(r->prefill_tps)) {
        if (use_measured && pp && r->fit == AIB_FIT_GPU)
            printf("  prefill    %s tok/s measured (%s, %s, %s)\n", cli_tps(pp->tps, a, sizeof a), pp->test, pp->date, pp->source);
        if (aib_has(r->prefill_lo))
            snprintf(band, sizeof band, "band %s to %s", cli_tps(r->prefill_lo, b, sizeof b),
                     cli_tps(r->prefill_hi, c, sizeof c));
        else
            snprintf(band, sizeof band, "no error band: priors");
        printf("  prefill    %s tok/s estimated (%s); first token after a %.0f-token prompt: %.1f s\n",
               cli_tps(r->prefill_tps, a, sizeof a), band, r->prompt, r->ttft_s);
    } else {
        printf("  prefill    no estimate: the catalog has no fp32 (vector) compute figure for this hardware/backend\n");
    }
    if (r->calib)
        printf("  constants  class %s, fitted on %s (%d decode rows, %d prefill rows): %.0f%% of bandwidth, %.0f us/layer\n",
               r->calib->key, r->calib->from, r->calib->n_tg, r->calib->n_pp, 100.0 / r->calib->inv_eff, r->calib->layer_s * 1e6);
}
