/* cmd_calibration.c: aibench calibration, the engine constants fitted from the catalog's
 * measurements, and the cross-validated residuals behind every error band. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const char help[] =
    "usage: aibench calibration [--json]\n"
    "       aibench calibrate [--json]\n"
    "\n"
    "calibration prints the constants the engine uses, per backend and vendor class\n"
    "(bandwidth efficiency, fixed cost per layer and per MoE layer, attention cost\n"
    "with depth, prefill efficiency for dense, MoE and 16-bit weights), which class\n"
    "each borrows from when it has too few rows, the grouped cross-validated\n"
    "residual percentiles (estimate / measured - 1) that set the error bands, the\n"
    "decode rows the fit set aside as outliers (its first fit of their class missed\n"
    "them by more than 2x), and where the constants come from.\n"
    "\n"
    "The constants are fitted from every measurement (the catalog's and imported\n"
    "ones) by the least-squares fit of docs/engine.md and stored in the database,\n"
    "with a fingerprint of what they were fitted on: the first command after the\n"
    "measurements (or the hardware and model numbers they depend on, or the fit\n"
    "itself) change fits and stores them, and every later command reads them.\n"
    "calibrate fits and stores them now.\n"
    "\n"
    "  --json   machine-readable output\n";

static int run(cli_env *env, int argc, char **argv, int store);

int cmd_calibration(cli_env *env, int argc, char **argv) { return run(env, argc, argv, 0); }
int cmd_calibrate(cli_env *env, int argc, char **argv) { return run(env, argc, argv, 1); }

static int run(cli_env *env, int argc, char **argv, int store)
{
    const char *name = store ? "calibrate" : "calibration";
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = 1;
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(help, stdout);
            return 0;
        } else
            return cli_usage(name, "unknown argument '%s'", argv[i]);
    }
    if (cli_open(env))
        return 1;
    if (store) {
        aib_error err = {0};
        if (aib_calibrate(env->cat, &env->cal, &err) || aib_store_save_calibration(env->db, &env->cal, &err))
            return cli_fail(name, "%s", err.msg);
        if (!json)
            printf("stored: %d classes, %d decode and %d prefill rows (basis %s)\n\n", env->cal.n,
                   env->cal.n_tg_resid, env->cal.n_pp_resid, env->cal.basis);
    }
    const aib_calibration *c = &env->cal;
    const char *source = c->stored ? "stored" : store || env->cal_saved ? "fitted and stored" : "fitted now";
    if (json) {
        json_t *rows = json_array(), *out = json_array();
        for (int i = 0; i < c->n; i++)
            json_array_append_new(rows, aib_json_calib(&c->rows[i]));
        for (int i = 0; i < c->n_outliers && i < AIB_MAX_OUTLIERS; i++) {
            const aib_outlier *q = &c->outliers[i];
            json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:f, s:s}", "hw", q->hw, "model",
                                                 q->model, "quant", q->quant, "backend", q->backend, "test", q->test,
                                                 "depth", q->depth, "tps", q->tps, "estimate", q->estimate, "reason",
                                                 "the fit of its class misses it by more than 2x"));
        }
        return cli_json(json_pack("{s:s, s:s, s:o, s:i, s:o, s:{s:i, s:f, s:f, s:f}, s:{s:i, s:f, s:f, s:f}}", "source",
                                  source, "basis", c->basis, "classes", rows, "outliers_total", c->n_outliers,
                                  "outliers", out,
                                  "decode_residuals", "rows", c->n_tg_resid, "p10", c->tg_p10, "p50", c->tg_p50, "p90",
                                  c->tg_p90, "prefill_residuals", "rows", c->n_pp_resid, "p10", c->pp_p10, "p50",
                                  c->pp_p50, "p90", c->pp_p90));
    }
    printf("%-11s %-9s %6s %5s %6s %5s %5s %5s %5s %4s %4s %4s\n", "class", "fitted on", "bw eff", "us/l", "us/moe",
           "us/GF", "pp", "ppmoe", "f16", "att", "tg n", "pp n");
    for (int i = 0; i < c->n; i++) {
        const aib_calib *r = &c->rows[i];
        printf("%-11.11s %-9.9s %5.1f%% %5.0f %6.1f %5.0f %5.3f %5.3f %5.3f %4.1f %4d %4d\n", r->key, r->from,
               100 / r->inv_eff, r->layer_s * 1e6, r->moe_s * 1e6, r->att_s * 1e6, r->pp_eff, r->pp_eff_moe, r->pp_eff_f16,
               r->pp_att, r->n_tg, r->n_pp);
    }
    char borrowed[400] = "";
    for (int i = 0; i < c->n; i++)
        if (strcmp(c->rows[i].att_from, c->rows[i].key) && strcmp(c->rows[i].key, "*"))
            snprintf(borrowed + strlen(borrowed), sizeof borrowed - strlen(borrowed), "%s%s (%s)", *borrowed ? ", " : "",
                     c->rows[i].key, c->rows[i].att_from);
    if (*borrowed) {
        char line[500];
        snprintf(line, sizeof line, "depth term (us/GF) borrowed, for want of deep rows of their own: %s", borrowed);
        cli_wrap("\n", line, 80);
    }
    printf("\n");
    cli_wrap("", "bw eff: share of the bandwidth decode reaches; us/l, us/moe: fixed microseconds per layer and per "
                 "MoE layer per token; us/GF: per GFLOP of attention over the cached tokens (the slowdown with depth); "
                 "pp, ppmoe, f16: the share of the fp32 peak prefill's matmuls reach on short prompts (dense, MoE, "
                 "16-bit weights); att: how many times slower prefill's attention runs, from deep prompts; tg n, pp n: "
                 "the decode and prefill rows it was fitted on", 80);
    if (c->n_outliers) {
        printf("\nset aside as outliers (the fit of their class misses them by more than 2x): %d\n", c->n_outliers);
        for (int i = 0; i < c->n_outliers && i < AIB_MAX_OUTLIERS; i++) {
            const aib_outlier *q = &c->outliers[i];
            printf("  %-18.18s %-20.20s %-8.8s %-6.6s %s d%-6.0f %8.2f tok/s, fit %.2f\n", q->hw, q->model, q->quant,
                   q->backend, q->test, q->depth, q->tps, q->estimate);
        }
    }
    printf("\nresiduals with each hardware family left out, estimate / measured - 1:\n");
    printf("  decode   %3d rows  p10 %+.1f%%  median %+.1f%%  p90 %+.1f%%\n", c->n_tg_resid, 100 * c->tg_p10,
           100 * c->tg_p50, 100 * c->tg_p90);
    printf("  prefill  %3d rows  p10 %+.1f%%  median %+.1f%%  p90 %+.1f%%\n", c->n_pp_resid, 100 * c->pp_p10,
           100 * c->pp_p50, 100 * c->pp_p90);
    if (c->stored)
        printf("\nsource: stored, fitted on these measurements (basis %s)\n", c->basis);
    else if (store || env->cal_saved)
        printf("\nsource: fitted now and stored (basis %s)\n", c->basis);
    else
        printf("\nsource: fitted now; the database cannot be written, so every command fits it again\n");
    printf("database: %s\n", env->db);
    return 0;
}
