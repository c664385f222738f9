/* cmd_plan.c: aibench plan, "what fits at this tier": every catalog model on one hardware. */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: aibench plan --hw ID [--quant Q] [--backend B] [--ctx N] [--depth N] [--prompt N]\n"
    "                    [--kv-type T] [--no-measured] [--json]\n\n"
    "Every catalog model on one hardware: the best quant that fits in GPU memory (the most\n"
    "bits per weight, at most --quant's), memory, decode and prefill speed, and whether it is\n"
    "interactive (decode >= 10 tok/s). Models that fit and run well come first, then the ones\n"
    "that fit but are too slow (traps), image and voice models, offload, and what does not fit.\n\n"
    "  --hw ID          catalog hardware (aibench hw)\n"
    "  --quant Q        the highest-quality quant to consider, default Q4_K_M\n"
    "  --backend B      default: the hardware's first backend\n"
    "  --ctx N          context each model must hold, default min(8192, its trained context)\n"
    "  --depth N        KV depth for decode speed, default ctx/2\n"
    "  --prompt N       prompt length for time to first token, default min(4096, ctx)\n"
    "  --kv-type T      KV cache type: f16 (default), q8_0, q4_0, ...\n"
    "  --no-measured    estimates only; otherwise a matching measurement is shown first\n"
    "  --json           machine-readable output\n";

int cmd_plan(cli_env *env, int argc, char **argv)
{
    static const struct option longopts[] = {RUN_LONGOPTS, {0, 0, 0, 0}};
    run_opts o = {.depth = -1};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c == RUN_HELP) {
            fputs(help, stdout);
            return 0;
        }
        int rc = run_opt("plan", c, optarg, &o);
        if (rc > 0)
            return rc;
        if (rc < 0 || c == RUN_MODEL)
            return cli_usage("plan", "unknown option or missing value '%s'", argv[optind - 1]);
    }
    if (optind < argc)
        return cli_usage("plan", "unexpected argument '%s'", argv[optind]);
    if (o.model)
        return cli_usage("plan", "plan covers every model; use 'aibench fit' for one");
    if (!o.hw)
        return cli_usage("plan", "--hw is required");
    if (cli_open(env))
        return 1;
    const aib_hw *h = aib_catalog_find_hw(env->cat, o.hw);
    if (!h)
        return cli_unknown(env, "plan", "hw", o.hw);
    const aib_quant *q = aib_catalog_find_quant(env->cat, o.quant ? o.quant : "Q4_K_M");
    if (!q)
        return cli_unknown(env, "plan", "quant", o.quant);
    aib_setup s;
    aib_error err = {0};
    aib_setup_init(&s);
    if (aib_setup_from(&s, h, NULL, NULL, o.backend, &err))
        return cli_usage("plan", "%s", err.msg);
    int rc = run_apply("plan", &o, &s);
    if (rc)
        return rc;
    aib_plan_row *rows;
    size_t n;
    if (aib_plan(env->cat, &env->cal, &s, q, &rows, &n, &err)) {
        rc = cli_usage("plan", "%s", err.msg);
        return rc;
    }
    int use_measured = !o.no_measured;
    if (o.json) {
        rc = cli_json(aib_json_plan(&s, rows, n, use_measured));
        free(rows);
        return rc;
    }
    printf("What fits on %s (%s backend, %.0f GiB usable of %.0f GiB, %.0f GB/s)\n", h->name, s.backend, s.usable_gb,
           s.memory_gb, s.bandwidth_gbs);
    printf("decode at depth ctx/2 unless measured; interactive means >= %.0f tok/s\n\n", AIB_INTERACTIVE_TPS);
    printf("%-30s %-8s %9s %8s %-9s %8s %7s  %s\n", "model", "quant", "mem GiB", "tok/s", "evidence", "prefill",
           "max ctx", "verdict");
    for (size_t i = 0; i < n; i++) {
        const aib_plan_row *p = &rows[i];
        char a[32], b[32], ctx[16] = "-";
        aib_headline hd = aib_headline_decode(&p->res, p->measured_tg, use_measured);
        const char *ev = p->res.token_model && p->res.fit != AIB_FIT_NONE ? (hd.measured ? "measured" : "estimated") : "-";
        const char *verdict;
        switch (p->cls) {
        case AIB_PLAN_INTERACTIVE: verdict = "runs well"; break;
        case AIB_PLAN_SLOW: verdict = "fits, not interactive: a trap"; break;
        case AIB_PLAN_FITS: verdict = "fits (not a token model)"; break;
        case AIB_PLAN_OFFLOAD: verdict = "needs CPU offload"; break;
        default: verdict = "does not fit"; break;
        }
        if (p->res.token_model && p->res.max_ctx > 0)
            snprintf(ctx, sizeof ctx, "%.0fk", floor(p->res.max_ctx / 1024));
        double pre = use_measured && p->measured_pp && p->res.fit == AIB_FIT_GPU ? p->measured_pp->tps : p->res.prefill_tps;
        printf("%-30s %-8s %9.1f %8s %-9s %8s %7s  %s\n", p->model->id, p->quant->id, aib_gib(p->res.mem.total),
               cli_tps(hd.tps, a, sizeof a), ev, cli_tps(pre, b, sizeof b), ctx, verdict);
    }
    free(rows);
    return 0;
}
