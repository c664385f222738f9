/* cmd_calibration.c: aibench calibration, the engine constants fitted from the catalog's
 * measurements, and the leave-one-out residuals behind every error band. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const char help[] =
    "usage: aibench calibration [--json]\n\n"
    "Prints the constants the engine fitted from the catalog's measurements, per backend and\n"
    "vendor class (bandwidth efficiency, fixed cost per layer and per MoE layer, prefill\n"
    "efficiency), which class each borrows from when it has too few rows, and the leave-one-out\n"
    "residual percentiles (estimate / measured - 1) that set the error bands.\n\n"
    "  --json   machine-readable output\n";

int cmd_calibration(cli_env *env, int argc, char **argv)
{
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = 1;
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(help, stdout);
            return 0;
        } else
            return cli_usage("calibration", "unknown argument '%s'", argv[i]);
    }
    if (cli_open(env))
        return 1;
    const aib_calibration *c = &env->cal;
    if (json) {
        json_t *rows = json_array();
        for (int i = 0; i < c->n; i++)
            json_array_append_new(rows, aib_json_calib(&c->rows[i]));
        return cli_json(json_pack("{s:o, s:{s:i, s:f, s:f, s:f}, s:{s:i, s:f, s:f, s:f}}", "classes", rows,
                                  "decode_residuals", "rows", c->n_tg_resid, "p10", c->tg_p10, "p50", c->tg_p50, "p90",
                                  c->tg_p90, "prefill_residuals", "rows", c->n_pp_resid, "p10", c->pp_p10, "p50",
                                  c->pp_p50, "p90", c->pp_p90));
    }
    printf("%-12s %-11s %7s %9s %8s %9s %8s %8s %8s %6s %6s\n", "class", "fitted on", "bw eff", "us/layer", "us/moe",
           "us/GFLOP", "pp eff", "pp moe", "pp f16", "tg n", "pp n");
    for (int i = 0; i < c->n; i++) {
        const aib_calib *r = &c->rows[i];
        printf("%-12s %-11s %6.1f%% %9.1f %8.1f %9.1f %8.3f %8.3f %8.3f %6d %6d\n", r->key, r->from, 100 / r->inv_eff,
               r->layer_s * 1e6, r->moe_s * 1e6, r->att_s * 1e6, r->pp_eff, r->pp_eff_moe, r->pp_eff_f16, r->n_tg, r->n_pp);
    }
    printf("\nus/GFLOP: decode time per GFLOP of attention over the cached tokens (the slowdown with depth)\n");
    printf("\nleave-one-out residuals, estimate / measured - 1:\n");
    printf("  decode   %3d rows  p10 %+.1f%%  median %+.1f%%  p90 %+.1f%%\n", c->n_tg_resid, 100 * c->tg_p10,
           100 * c->tg_p50, 100 * c->tg_p90);
    printf("  prefill  %3d rows  p10 %+.1f%%  median %+.1f%%  p90 %+.1f%%\n", c->n_pp_resid, 100 * c->pp_p10,
           100 * c->pp_p50, 100 * c->pp_p90);
    return 0;
}
