/* cmd_plan.c: aibench plan, "what fits at this tier": every catalog model on one hardware. */
#include "cli.h"
#include "web/planner.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: aibench plan --hw ID [--quant Q] [--backend B] [--ctx N] [--depth N] [--prompt N]\n"
    "                    [--kv-type T] [--offload MODE] [--host-ram GIB] [--host-bandwidth GBPS]\n"
    "                    [--what-if KEY=VALUE] [--share] [--no-measured] [--json]\n"
    "       aibench plan --gguf FILE [--ctx N] [--depth N] [--prompt N] [--kv-type T] [--json]\n"
    "       aibench plan --this-machine [--bandwidth GBPS] [--root DIR] [--quant Q] [--ctx N] ... [--json]\n\n"
    "Every catalog model on one hardware: the best quant that fits in GPU memory (the most\n"
    "bits per weight, at most --quant's), memory, decode and prefill speed, and whether it is\n"
    "interactive (decode >= 10 tok/s). Models that fit and run well come first, then the ones\n"
    "that fit but are too slow (traps), image and voice models, offload, and what does not fit.\n\n"
    "  --hw ID          catalog hardware (aibench hw)\n"
    "  --this-machine   probe this machine (aibench probe) and plan for it: a matched catalog\n"
    "                   entry's figures, or what was read and measured here (the CPU backend with\n"
    "                   the measured memory bandwidth); the output says which inputs were measured\n"
    "  --bandwidth GBPS with --this-machine: use this bandwidth instead of measuring it\n"
    "  --root DIR       with --this-machine: read a recorded /proc and /sys tree instead\n"
    "  --gguf FILE      the other way round: one model file on every catalog hardware (its\n"
    "                   first backend), with the file's exact sizes: where it fits, the largest\n"
    "                   context, decode and prefill speed, offload where it does not fit\n"
    "  --quant Q        the highest-quality quant to consider, default Q4_K_M\n"
    "  --backend B      default: the hardware's first backend\n"
    "  --ctx N          context each model must hold, default min(8192, its trained context)\n"
    "  --depth N        KV depth for decode speed, default ctx/2\n"
    "  --prompt N       prompt length for time to first token, default min(4096, ctx)\n"
    "  --kv-type T      KV cache type: f16 (default), q8_0, q4_0, ...\n"
    "  --no-measured    estimates only; otherwise a matching measurement is shown first\n"
    "  --offload MODE   models that do not fit in GPU memory: auto (default: the faster split),\n"
    "                   experts (MoE experts in system RAM, llama.cpp --n-cpu-moe) or layers (-ngl)\n"
    "  --host-ram GIB   system RAM beside a discrete GPU (default: the catalog's, else 32)\n"
    "  --host-bandwidth GBPS   its bandwidth (default 89.6, dual-channel DDR5-5600)\n"
    "  --what-if K=V    the same plan with one input changed, and what moved: bw=GBPS, mem=GIB,\n"
    "                   quant=Q (the best quant) or kv=TYPE; estimates on both sides\n"
    "  --share          print the planner URL that reproduces this plan (aibench serve)\n"
    "  --hw A,B --gpus N  several GPUs together (a list, or N of one card; at most 8): layers are\n"
    "                   split in proportion to each card's memory, as llama.cpp does; memory adds up,\n"
    "                   the slowest card and the split set the speed\n"
    "  --json           machine-readable output\n\n"
    "The other way round, which hardware runs a workload:\n"
    "       aibench plan --for MODEL[,MODEL...] [--ctx N] [--min-tps N] [--min-prefill N]\n"
    "                    [--budget USD] [--power W] [--form-factor WORD] [--quant Q] [--kv-type T]\n"
    "                    [--misses N] [--share] [--json]\n"
    "  --for MODELS     the models of the workload (each must fit on the GPU, one at a time)\n"
    "  --min-tps N      slowest decode accepted, default 10 (at depth ctx/2; measured when known)\n"
    "  --min-prefill N  slowest prefill accepted\n"
    "  --budget USD     the most the hardware may cost (hardware without a price misses)\n"
    "  --power W        the most power it may draw (its lowest configurable power counts)\n"
    "  --form-factor W  a word of the hardware's kind or form factor: gpu, apple, mini, desktop...\n"
    "  --misses N       how many nearest misses to list, default 8\n"
    "Hardware that meets the workload comes first, cheapest first (then unpriced), with its\n"
    "headroom; then the nearest misses, each with what it misses by.\n";

typedef struct {
    const aib_hw *hw;
    aib_setup s;
    aib_result r;
} hw_row;

static int cmp_hw_rows(const void *a, const void *b)
{
    const hw_row *x = a, *y = b;
    int cx = x->r.fit == AIB_FIT_GPU ? (x->r.interactive ? 0 : 1) : x->r.fit == AIB_FIT_OFFLOAD ? 2 : 3;
    int cy = y->r.fit == AIB_FIT_GPU ? (y->r.interactive ? 0 : 1) : y->r.fit == AIB_FIT_OFFLOAD ? 2 : 3;
    if (cx != cy)
        return cx - cy;
    double dx = isnan(x->r.decode_tps) ? -1 : x->r.decode_tps, dy = isnan(y->r.decode_tps) ? -1 : y->r.decode_tps;
    return dx < dy ? 1 : dx > dy ? -1 : strcmp(x->hw->id, y->hw->id);
}

/* One GGUF file on every catalog hardware. */
static int plan_gguf(cli_env *env, const run_opts *o)
{
    if (o->quant || o->backend)
        return cli_usage("plan", "--gguf fixes the quant and uses each hardware's first backend: drop --quant/--backend");
    if (cli_open(env))
        return 1;
    aib_gguf *g;
    aib_model m;
    aib_gguf_summary gs;
    int rc = cli_gguf_open("plan", o->gguf, &g, &m, &gs);
    if (rc)
        return rc;
    if (o->hw) {
        const aib_hw *h = aib_catalog_find_hw(env->cat, o->hw);
        rc = h ? cli_fit_one(env, o, h, &m, NULL, &gs) : cli_unknown(env, "plan", "hw", o->hw);
        aib_gguf_free(g);
        return rc;
    }
    size_t n = aib_catalog_hw_count(env->cat);
    hw_row *rows = calloc(n + 1, sizeof *rows);
    if (!rows) {
        aib_gguf_free(g);
        return cli_fail("plan", "out of memory");
    }
    aib_error err = {0};
    for (size_t i = 0; i < n && !rc; i++) {
        hw_row *w = &rows[i];
        w->hw = aib_catalog_hw_at(env->cat, i);
        aib_setup_init(&w->s);
        if (aib_setup_from(&w->s, w->hw, &m, NULL, NULL, &err))
            rc = cli_fail("plan", "%s", err.msg);
        cli_gguf_quant(&w->s, &gs);
        if (!rc && (rc = run_apply("plan", o, &w->s)) == 0 && aib_estimate(&w->s, &env->cal, &w->r, &err))
            rc = cli_usage("plan", "%s", err.msg);
    }
    if (!rc) {
        qsort(rows, n, sizeof *rows, cmp_hw_rows);
        if (o->json) {
            json_t *arr = json_array();
            for (size_t i = 0; i < n; i++)
                json_array_append_new(arr, aib_json_result(&rows[i].s, &rows[i].r, NULL, NULL, 0));
            json_t *j = json_pack("{s:s, s:o, s:o}", "gguf", o->gguf, "summary", cli_gguf_summary_json(&gs), "rows", arr);
            rc = cli_json(j);
        } else {
            printf("Where %s runs (%s, %.2f GiB of weights, %.2f bits per weight)\n", m.name, gs.file_type ? gs.file_type : "?",
                   gs.bytes / 1073741824.0, gs.bpw);
            printf("decode at depth ctx/2; interactive means >= %.0f tok/s\n\n", AIB_INTERACTIVE_TPS);
            printf("%-30s %-7s %9s %8s %8s %7s  %s\n", "hardware", "backend", "mem GiB", "tok/s", "prefill", "max ctx", "verdict");
            for (size_t i = 0; i < n; i++) {
                const hw_row *w = &rows[i];
                char a[32], b[32], ctx[16] = "-";
                if (w->r.max_ctx > 0)
                    snprintf(ctx, sizeof ctx, "%.0fk", floor(w->r.max_ctx / 1024));
                const char *verdict = w->r.fit == AIB_FIT_GPU ? (w->r.interactive ? "runs well" : "fits, not interactive")
                                    : w->r.fit == AIB_FIT_OFFLOAD ? "needs CPU offload" : "does not fit";
                char layers[64] = "", flags[48];
                if (w->r.fit == AIB_FIT_OFFLOAD)
                    snprintf(layers, sizeof layers, ": %s", aib_offload_flags(&w->r, flags, sizeof flags));
                printf("%-30s %-7s %9.1f %8s %8s %7s  %s%s\n", w->hw->id, w->s.backend, aib_gib(w->r.mem.total),
                       cli_tps(w->r.decode_tps, a, sizeof a), cli_tps(w->r.prefill_tps, b, sizeof b), ctx, verdict, layers);
            }
        }
    }
    free(rows);
    aib_gguf_free(g);
    return rc;
}

enum { P_THIS = RUN_OPT_LAST, P_ROOT, P_BW, P_GPUS, P_FOR, P_MIN_TPS, P_MIN_PP, P_BUDGET, P_POWER, P_FORM, P_MISSES, P_SHARE, P_WHATIF };

/* Runs a form through the site's readers, so the CLI and the site check input alike. */
static int share_or_fail(const char *what, aib_form_err *e)
{
    if (e->status == 200)
        return 0;
    return e->status == 404 ? cli_usage("plan", "%s", e->message) : cli_usage("plan", "%s: %s", what, e->message);
}

/* aibench plan --for: the hardware that runs a workload. */
static int plan_reverse(cli_env *env, const aib_arg *a, size_t n, double misses, int share, int json)
{
    if (cli_open(env))
        return 1;
    aib_reverser r;
    aib_reverser_run(env->cat, &env->cal, aib_catalog_find_quant(env->cat, "Q4_K_M"), a, n, &r);
    int rc = share_or_fail("--for", &r.e);
    if (rc) {
        aib_reverser_release(&r);
        return rc;
    }
    json_t *v = aib_reverser_json(&r, (size_t)misses);
    if (json) {
        aib_reverser_release(&r);
        return cli_json(v);
    }
    if (share) {
        printf("%s\n", json_string_value(json_object_get(v, "share_url")));
        json_decref(v);
        aib_reverser_release(&r);
        return 0;
    }
    printf("Hardware for %s at >= %g tok/s decode", json_string_value(json_object_get(r.form, "models")), r.w.min_tps);
    if (aib_has(r.w.min_prefill))
        printf(", >= %g tok/s prefill", r.w.min_prefill);
    if (aib_has(r.w.budget_usd))
        printf(", <= $%g", r.w.budget_usd);
    if (aib_has(r.w.power_w))
        printf(", <= %g W", r.w.power_w);
    if (r.w.form_factor)
        printf(", form factor '%s'", r.w.form_factor);
    printf(" (best quant up to %s)\n\n", r.w.max_quant->id);
    for (int part = 0; part < 2; part++) {
        json_t *rows = json_object_get(v, part ? "nearest_misses" : "meets");
        printf("%s\n", part ? "nearest misses:" : "meets it, cheapest first:");
        if (!json_array_size(rows))
            printf("  none\n");
        size_t i;
        json_t *o;
        json_array_foreach(rows, i, o)
        {
            char price[32] = "-", tps[32];
            double p = json_number_value(json_object_get(o, "price_usd"));
            if (json_is_number(json_object_get(o, "price_usd")))
                snprintf(price, sizeof price, "$%.0f", p);
            printf("  %-28s %-7s %7s  slowest %8s tok/s  ", json_string_value(json_object_get(o, "hw")),
                   json_string_value(json_object_get(o, "backend")), price,
                   cli_tps(json_number_value(json_object_get(o, "worst_tps")), tps, sizeof tps));
            if (part)
                printf("misses: %s\n", json_string_value(json_object_get(o, "misses_by")));
            else
                printf("headroom %.2fx speed, %.1f GB memory\n", json_number_value(json_object_get(o, "headroom")),
                       json_number_value(json_object_get(o, "memory_headroom_gib")));
            size_t k;
            json_t *m;
            if (!part)
                json_array_foreach(json_object_get(o, "models"), k, m)
                    printf("      %-26s %-8s %8s tok/s  %s\n", json_string_value(json_object_get(m, "model")),
                           json_string_value(json_object_get(m, "quant")),
                           cli_tps(json_number_value(json_object_get(m, "tps")), tps, sizeof tps),
                           json_string_value(json_object_get(m, "evidence")));
        }
        if (!part)
            printf("\n");
    }
    json_decref(v);
    aib_reverser_release(&r);
    return 0;
}

/* The planner form of a forward plan on catalog hardware: the CLI's options as query args. */
static size_t form_args(const run_opts *o, double gpus, const char *whatif, aib_arg *a, char bufs[6][64])
{
    size_t n = 0;
    a[n++] = (aib_arg){"hw", o->hw};
    if (o->backend)
        a[n++] = (aib_arg){"backend", o->backend};
    if (o->ctx > 0) {
        snprintf(bufs[0], 64, "%.0f", o->ctx);
        a[n++] = (aib_arg){"ctx", bufs[0]};
    }
    if (o->quant)
        a[n++] = (aib_arg){"quant", o->quant};
    if (o->kv_type)
        a[n++] = (aib_arg){"kv", o->kv_type};
    if (gpus > 1) {
        snprintf(bufs[1], 64, "%.0f", gpus);
        a[n++] = (aib_arg){"gpus", bufs[1]};
    }
    if (o->offload)
        a[n++] = (aib_arg){"offload", o->offload};
    if (o->host_ram > 0) {
        snprintf(bufs[2], 64, "%.10g", o->host_ram);
        a[n++] = (aib_arg){"ram", bufs[2]};
    }
    if (o->host_bw > 0) {
        snprintf(bufs[3], 64, "%.10g", o->host_bw);
        a[n++] = (aib_arg){"ram_bw", bufs[3]};
    }
    if (whatif) { /* KEY=VALUE */
        const char *eq = strchr(whatif, '=');
        snprintf(bufs[4], 64, "%.*s", eq ? (int)(eq - whatif) : (int)strlen(whatif), whatif);
        snprintf(bufs[5], 64, "%s", eq ? eq + 1 : "");
        a[n++] = (aib_arg){"what", bufs[4]};
        a[n++] = (aib_arg){"to", bufs[5]};
    }
    return n;
}

/* Runs the planner on the CLI's options, so the CLI and the site read them alike. */
static int run_planner(cli_env *env, const run_opts *o, double gpus, const char *whatif, aib_planner *p)
{
    aib_arg a[12];
    char bufs[6][64];
    size_t n = form_args(o, gpus, whatif, a, bufs);
    aib_site_data d = {env->cat, &env->cal, aib_catalog_find_quant(env->cat, "Q4_K_M"), NULL, 0, 0};
    aib_planner_run(&d, a, n, p);
    return share_or_fail(whatif ? "--what-if" : "--share", &p->e);
}

/* The planner URL of a forward plan on catalog hardware, checked by the planner itself. */
static int print_share(cli_env *env, const run_opts *o, double gpus, const char *whatif)
{
    aib_planner p;
    int rc = run_planner(env, o, gpus, whatif, &p);
    if (!rc) {
        sbuf b;
        sb_init(&b);
        aib_planner_share(&p, &b);
        printf("%s\n", b.p ? b.p : "");
        sb_release(&b);
    }
    aib_planner_release(&p);
    return rc;
}

static void side_text(json_t *s, char *buf, size_t n)
{
    char t[32];
    json_t *tps = json_object_get(s, "tps");
    snprintf(buf, n, "%-8s %8s %7.0fk %-11s", json_string_value(json_object_get(s, "quant")),
             cli_tps(json_is_number(tps) ? json_number_value(tps) : NAN, t, sizeof t),
             floor(json_number_value(json_object_get(s, "max_ctx")) / 1024), json_string_value(json_object_get(s, "class")));
}

/* aibench plan --hw ID --what-if KEY=VALUE: the plan before and after one change. */
static int plan_whatif(cli_env *env, const run_opts *o, double gpus, const char *whatif)
{
    aib_planner p;
    int rc = run_planner(env, o, gpus, whatif, &p);
    if (rc) {
        aib_planner_release(&p);
        return rc;
    }
    json_t *v = aib_planner_json(&p);
    aib_planner_release(&p);
    if (o->json)
        return cli_json(v);
    json_t *w = json_object_get(v, "what_if");
    printf("What if %s went from %s to %s on %s (estimates on both sides)\n", json_string_value(json_object_get(w, "what")),
           json_string_value(json_object_get(w, "from")), json_string_value(json_object_get(w, "to")), o->hw);
    printf("models that run at >= %g tok/s: %d before, %d after\n", json_number_value(json_object_get(json_object_get(v, "form"), "min_tps")),
           (int)json_integer_value(json_object_get(w, "runs_before")), (int)json_integer_value(json_object_get(w, "runs_after")));
    for (int k = 0; k < 2; k++) {
        json_t *l = json_object_get(w, k ? "stopped" : "started");
        size_t i;
        json_t *x;
        if (json_array_size(l)) {
            printf("%s:", k ? "no longer runs" : "now runs");
            json_array_foreach(l, i, x)
                printf(" %s", json_string_value(x));
            printf("\n");
        }
    }
    printf("\n%-30s %-8s %8s %8s %-11s -> %-8s %8s %8s %-11s %7s\n", "model", "quant", "tok/s", "max ctx", "class", "quant",
           "tok/s", "max ctx", "class", "change");
    size_t i, moved = 0;
    json_t *r;
    json_array_foreach(json_object_get(w, "rows"), i, r)
    {
        if (!json_is_true(json_object_get(r, "moved")))
            continue;
        char b[96], a[96], ch[16] = "-";
        side_text(json_object_get(r, "before"), b, sizeof b);
        side_text(json_object_get(r, "after"), a, sizeof a);
        if (json_is_number(json_object_get(r, "tps_change")))
            snprintf(ch, sizeof ch, "%+.0f%%", 100 * json_number_value(json_object_get(r, "tps_change")));
        printf("%-30s %s -> %s %7s\n", json_string_value(json_object_get(r, "model")), b, a, ch);
        moved++;
    }
    printf("%zu of %zu models moved\n", moved, json_array_size(json_object_get(w, "rows")));
    json_decref(v);
    return 0;
}

int cmd_plan(cli_env *env, int argc, char **argv)
{
    static const struct option longopts[] = {RUN_LONGOPTS, {"this-machine", no_argument, NULL, P_THIS},
                                             {"root", required_argument, NULL, P_ROOT},
                                             {"bandwidth", required_argument, NULL, P_BW},
                                             {"for", required_argument, NULL, P_FOR},
                                             {"min-tps", required_argument, NULL, P_MIN_TPS},
                                             {"min-prefill", required_argument, NULL, P_MIN_PP},
                                             {"budget", required_argument, NULL, P_BUDGET},
                                             {"power", required_argument, NULL, P_POWER},
                                             {"form-factor", required_argument, NULL, P_FORM},
                                             {"misses", required_argument, NULL, P_MISSES},
                                             {"share", no_argument, NULL, P_SHARE},
                                             {"what-if", required_argument, NULL, P_WHATIF},
                                             {"gpus", required_argument, NULL, P_GPUS}, {0, 0, 0, 0}};
    run_opts o = {.depth = -1};
    int c, this_machine = 0, share = 0;
    aib_arg rev[12];
    size_t nrev = 0;
    const char *for_models = NULL, *whatif = NULL;
    double misses = 8, gpus = 1;
    const char *root = "/";
    double bw_given = NAN;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c == RUN_HELP) {
            fputs(help, stdout);
            return 0;
        }
        if (c == P_THIS) {
            this_machine = 1;
            continue;
        }
        if (c == P_ROOT) {
            root = optarg;
            continue;
        }
        if (c == P_BW) {
            if (!cli_num("plan", "--bandwidth", optarg, 1, 100000, &bw_given))
                return 2;
            continue;
        }
        if (c == P_SHARE) {
            share = 1;
            continue;
        }
        if (c == P_WHATIF) {
            if (!strchr(optarg, '=') || strlen(optarg) > 60)
                return cli_usage("plan", "--what-if takes KEY=VALUE (bw=GBPS, mem=GIB, quant=Q or kv=TYPE), not '%s'", optarg);
            whatif = optarg;
            continue;
        }
        if (c == P_GPUS) {
            if (!cli_num("plan", "--gpus", optarg, 1, AIB_MAX_GPUS, &gpus) || gpus != (int)gpus)
                return gpus != (int)gpus ? cli_usage("plan", "--gpus takes a whole number") : 2;
            continue;
        }
        if (c == P_MISSES) {
            if (!cli_num("plan", "--misses", optarg, 0, 1000, &misses))
                return 2;
            continue;
        }
        if (c >= P_FOR && c <= P_FORM) { /* the reverse planner's form keys */
            static const char *const keys[] = {"models", "min_tps", "min_prefill", "budget", "power", "form"};
            if (c == P_FOR)
                for_models = optarg;
            rev[nrev++] = (aib_arg){keys[c - P_FOR], optarg};
            continue;
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
    if (nrev && !for_models)
        return cli_usage("plan", "--min-tps, --min-prefill, --budget, --power and --form-factor go with --for");
    if (for_models) {
        char ctx[32];
        if (o.hw || o.gguf || this_machine || o.backend || o.depth >= 0 || o.prompt > 0 || o.no_measured)
            return cli_usage("plan", "--for searches every hardware: drop --hw, --gguf, --this-machine, --backend, --depth, --prompt, --no-measured");
        if (o.ctx > 0) {
            snprintf(ctx, sizeof ctx, "%.0f", o.ctx);
            rev[nrev++] = (aib_arg){"ctx", ctx};
        }
        if (o.quant)
            rev[nrev++] = (aib_arg){"quant", o.quant};
        if (o.kv_type)
            rev[nrev++] = (aib_arg){"kv", o.kv_type};
        return plan_reverse(env, rev, nrev, misses, share, o.json);
    }
    if ((share || whatif) && (!o.hw || o.gguf || this_machine || o.depth >= 0 || o.prompt > 0))
        return cli_usage("plan", "%s plans of catalog hardware (--hw ID [--backend --ctx --quant --kv-type --gpus "
                         "--offload --host-ram --host-bandwidth])", share ? "--share reproduces" : "--what-if compares");
    if (share || whatif) {
        if (cli_open(env))
            return 1;
        return share ? print_share(env, &o, gpus, whatif) : plan_whatif(env, &o, gpus, whatif);
    }
    if (o.gguf)
        return plan_gguf(env, &o);
    if (this_machine && o.hw)
        return cli_usage("plan", "--this-machine or --hw, not both");
    if (!this_machine && (strcmp(root, "/") || !isnan(bw_given)))
        return cli_usage("plan", "--root and --bandwidth go with --this-machine");
    if (!o.hw && !this_machine)
        return cli_usage("plan", "--hw, --this-machine or --gguf is required");
    if (cli_open(env))
        return 1;
    const aib_hw *h;
    aib_hw mine;
    char strings[8][192];
    aib_probe probe;
    aib_bandwidth bw;
    if (this_machine) {
        int prc = cli_probe_run("plan", root, isnan(bw_given), 0, 3, 512, &probe, &bw, o.json);
        if (prc)
            return prc;
        aib_probe_match(env->cat, &probe);
        cli_probe_hw(&probe, &bw, "this-machine", &mine, strings);
        if (!isnan(bw_given) && (!probe.match || !strcmp(mine.kind, "cpu")))
            mine.bandwidth_gbs = bw_given;
        if (!aib_has(mine.bandwidth_gbs) || !aib_has(mine.memory_gb))
            return cli_fail("plan", "this machine's memory or bandwidth is unknown (see 'aibench probe')");
        h = &mine;
    } else if (gpus > 1 || strchr(o.hw, ',')) {
        h = NULL; /* several cards: below */
    } else {
        h = aib_catalog_find_hw(env->cat, o.hw);
        if (!h)
            return cli_unknown(env, "plan", "hw", o.hw);
    }
    const aib_quant *q = aib_catalog_find_quant(env->cat, o.quant ? o.quant : "Q4_K_M");
    if (!q)
        return cli_unknown(env, "plan", "quant", o.quant);
    aib_setup s;
    aib_error err = {0};
    aib_setup_init(&s);
    aib_hw multi = {.name = "several GPUs"};
    char multi_name[400] = "";
    if (!h) { /* --hw a,b[,c] or --hw a --gpus N: layers split across the cards */
        const aib_hw *cards[AIB_MAX_GPUS];
        size_t nc = 0;
        char list[400];
        snprintf(list, sizeof list, "%s", o.hw);
        for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
            for (int k = 0; k < (int)gpus; k++) {
                const aib_hw *c1 = aib_catalog_find_hw(env->cat, tok);
                if (!c1)
                    return cli_unknown(env, "plan", "hw", tok);
                if (nc == AIB_MAX_GPUS)
                    return cli_usage("plan", "multi-GPU takes 1 to %d cards", AIB_MAX_GPUS);
                cards[nc++] = c1;
                size_t l = strlen(multi_name);
                snprintf(multi_name + l, sizeof multi_name - l, "%s%s", l ? " + " : "", c1->name);
            }
        if (aib_setup_multi(&s, cards, nc, o.backend, &err))
            return cli_usage("plan", "%s", err.msg);
        multi.name = multi_name;
        h = &multi;
    } else if (aib_setup_from(&s, h, NULL, NULL, o.backend, &err))
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
    /* for this machine: which inputs were measured here and which were assumed */
    char measured[512] = "", assumed[512] = "";
    if (this_machine) {
        if (probe.match)
            snprintf(measured, sizeof measured, "matched the catalog's %s (%s); RAM %.1f GiB read from /proc/meminfo",
                     probe.match->id, probe.match_why, probe.ram_gib);
        else if (bw.runs)
            snprintf(measured, sizeof measured, "memory bandwidth %.1f GB/s (read, best of %d runs on %d threads); "
                     "RAM %.1f GiB from /proc/meminfo", bw.read_best, bw.runs, bw.threads, probe.ram_gib);
        else
            snprintf(measured, sizeof measured, "RAM %.1f GiB from /proc/meminfo", probe.ram_gib);
        snprintf(assumed, sizeof assumed, "%s%s backend; the OS keeps min(4 GiB, 25%%) of memory; speed constants of "
                 "class %s (%s)", !isnan(bw_given) ? "bandwidth as given; " : "", s.backend,
                 aib_calibration_for(&env->cal, s.backend, s.gpu_vendor)->key,
                 aib_calibration_for(&env->cal, s.backend, s.gpu_vendor)->from);
    }
    if (o.json) {
        json_t *j = aib_json_plan(&s, rows, n, use_measured);
        if (this_machine)
            json_object_set_new(j, "this_machine", json_pack("{s:s, s:s, s:s, s:f}", "name", h->name, "measured", measured,
                                                             "assumed", assumed, "bandwidth_gbs", s.bandwidth_gbs));
        rc = cli_json(j);
        free(rows);
        return rc;
    }
    printf("What fits on %s (%s backend, %.0f GiB usable of %.0f GiB, %.0f GB/s)\n", h->name, s.backend, s.usable_gb,
           s.memory_gb, s.bandwidth_gbs);
    if (this_machine)
        printf("measured: %s\nassumed:  %s\n", measured, assumed);
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
        char off[80], flags[48];
        if (p->cls == AIB_PLAN_OFFLOAD)
            snprintf(off, sizeof off, "needs CPU offload: %s", aib_offload_flags(&p->res, flags, sizeof flags));
        if (p->cls == AIB_PLAN_OFFLOAD)
            verdict = off;
        double pre = use_measured && p->measured_pp && p->res.fit == AIB_FIT_GPU ? p->measured_pp->tps : p->res.prefill_tps;
        printf("%-30s %-8s %9.1f %8s %-9s %8s %7s  %s\n", p->model->id, p->quant->id, aib_gib(p->res.mem.total),
               cli_tps(hd.tps, a, sizeof a), ev, cli_tps(pre, b, sizeof b), ctx, verdict);
    }
    free(rows);
    return 0;
}
