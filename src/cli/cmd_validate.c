/* cmd_validate.c: aibench validate, the accuracy report: estimates against measurements the
 * estimator was not fitted on (grouped cross-validation, docs/engine.md). */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: aibench validate [--by hardware|model|moe|both|all] [--worst N] [--json]\n"
    "\n"
    "Cross-validates the engine on the catalog's measurements. With --by hardware\n"
    "each hardware family is left out of the calibration in turn and its rows are\n"
    "predicted by the rest; with --by model each model family is; with --by moe each\n"
    "MoE model is left out in turn and only MoE rows are predicted (the MoE term\n"
    "tested on a model it never saw). For decode and prefill it prints the median\n"
    "absolute error, the share of rows within 10% and within 25%, the share inside\n"
    "the error band the engine would have given without the fold, by backend and\n"
    "dense/MoE, and the worst rows. Error = estimate / measured - 1.\n"
    "\n"
    "  --by MODE   hardware, model, moe, both (hardware and model, the default) or\n"
    "              all three\n"
    "  --worst N   how many of the worst rows to list (default 10)\n"
    "  --json      machine-readable output\n";

static const char *const backends[] = {"cuda", "rocm", "vulkan", "metal", "sycl", "cpu"};

static json_t *stats_json(const aib_validation_stats *s)
{
    return json_pack("{s:I, s:f, s:f, s:f, s:f, s:f}", "rows", (json_int_t)s->n, "median_abs_error",
                     round(s->median_ape * 1e4) / 1e4, "median_error", round(s->median_error * 1e4) / 1e4, "within_10",
                     round(s->within10 * 1e4) / 1e4, "within_25", round(s->within25 * 1e4) / 1e4, "band_coverage",
                     round(s->band_coverage * 1e4) / 1e4);
}

static void print_stats(const char *label, const aib_validation_stats *s)
{
    if (!s->n)
        return;
    printf("  %-14s %5zu %9.1f%% %9.1f%% %9.1f%% %+9.1f%% %7.0f%%\n", label, s->n, 100 * s->median_ape,
           100 * s->within10, 100 * s->within25, 100 * s->median_error, 100 * s->band_coverage);
}

static int cmp_abs(const void *a, const void *b)
{
    double x = fabs(((const aib_validation_row *)a)->error), y = fabs(((const aib_validation_row *)b)->error);
    return x < y ? 1 : x > y ? -1 : 0;
}

static json_t *report(const aib_validation *v, int worst, int json)
{
    json_t *o = json ? json_object() : NULL;
    const char *what[2] = {"decode", "prefill"};
    if (!json)
        printf("left out in turn: each %s (%d folds)\n",
               v->by_model == AIB_VALIDATE_MOE_MODEL ? "MoE model" : v->by_model ? "model family" : "hardware family",
               v->folds);
    for (int p = 0; p < 2; p++) {
        aib_validation_stats all, dense, moe;
        aib_validation_summary(v, p, NULL, -1, &all);
        aib_validation_summary(v, p, NULL, 0, &dense);
        aib_validation_summary(v, p, NULL, 1, &moe);
        json_t *j = NULL, *by = NULL;
        if (json) {
            j = json_pack("{s:o, s:o, s:o}", "all", stats_json(&all), "dense", stats_json(&dense), "moe", stats_json(&moe));
            by = json_object();
        } else {
            printf("%-16s %5s %10s %10s %10s %10s %8s\n", what[p], "rows", "med |err|", "within 10%", "within 25%",
                   "median err", "in band");
            print_stats("all", &all);
            print_stats("dense", &dense);
            print_stats("moe", &moe);
        }
        for (size_t b = 0; b < sizeof backends / sizeof backends[0]; b++) {
            aib_validation_stats s;
            aib_validation_summary(v, p, backends[b], -1, &s);
            if (!s.n)
                continue;
            if (json)
                json_object_set_new(by, backends[b], stats_json(&s));
            else {
                char label[32];
                snprintf(label, sizeof label, "backend %s", backends[b]);
                print_stats(label, &s);
            }
        }
        if (json) {
            json_object_set_new(j, "by_backend", by);
            json_object_set_new(o, what[p], j);
        }
    }
    aib_validation_row *rows = malloc((v->n + 1) * sizeof *rows);
    if (!rows)
        return o;
    memcpy(rows, v->rows, v->n * sizeof *rows);
    qsort(rows, v->n, sizeof *rows, cmp_abs);
    json_t *w = json ? json_array() : NULL;
    if (!json && v->n)
        printf("  worst rows (error; test, hardware, model; quant, backend: est. / measured)\n");
    for (size_t i = 0; i < v->n && (int)i < worst; i++) {
        const aib_validation_row *r = &rows[i];
        if (json)
            json_array_append_new(w, json_pack("{s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:f, s:s, s:i}", "hw", r->m->hw, "model",
                                               r->m->model, "quant", r->m->quant, "backend", r->m->backend, "test",
                                               r->m->test, "estimate", round(r->estimate * 10) / 10, "measured",
                                               r->m->tps, "error", round(r->error * 1e4) / 1e4, "source", r->m->source,
                                               "line", r->m->line));
        else
            printf("    %+6.1f%%  %-6s %-22.22s %-29.29s\n             %-8s %-7s %8.1f / %-8.1f tok/s  "
                   "(measurements.tsv:%d)\n", 100 * r->error, r->m->test, r->m->hw, r->m->model, r->m->quant,
                   r->m->backend, r->estimate, r->m->tps, r->m->line);
    }
    free(rows);
    if (json)
        json_object_set_new(o, "worst", w);
    return o;
}

int cmd_validate(cli_env *env, int argc, char **argv)
{
    int json = 0, worst = 10, modes = 3;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = 1;
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(help, stdout);
            return 0;
        } else if (!strcmp(argv[i], "--by") && i + 1 < argc) {
            const char *m = argv[++i];
            modes = !strcmp(m, "hardware") ? 1 : !strcmp(m, "model") ? 2 : !strcmp(m, "both") ? 3 : !strcmp(m, "moe") ? 4
                  : !strcmp(m, "all") ? 7 : 0;
            if (!modes)
                return cli_usage("validate", "--by '%s' is not hardware, model, moe, both or all", m);
        } else if (!strcmp(argv[i], "--worst") && i + 1 < argc) {
            double n;
            if (!cli_num("validate", "--worst", argv[++i], 0, 10000, &n))
                return 2;
            worst = (int)n;
        } else
            return cli_usage("validate", "unknown argument '%s'", argv[i]);
    }
    if (cli_open(env))
        return 1;
    json_t *out = json ? json_object() : NULL;
    static const char *const titles[] = {"Cross-validation by hardware family", "Cross-validation by model family",
                                         "Each MoE model left out in turn (MoE rows only)"};
    static const char *const keys[] = {"by_hardware", "by_model", "by_moe_model"};
    int printed = 0;
    for (int mode = 0; mode < 3; mode++) {
        if (!(modes & (1 << mode)))
            continue;
        aib_validation v;
        aib_error err = {0};
        if (aib_validate(env->cat, mode, &v, &err))
            return cli_fail("validate", "%s", err.msg);
        if (!json)
            printf("%s%s\n", printed++ ? "\n" : "", titles[mode]);
        json_t *r = report(&v, worst, json);
        if (json)
            json_object_set_new(out, keys[mode], r);
        aib_validation_release(&v);
    }
    return json ? cli_json(out) : 0;
}
