/* cmd_fit.c: aibench fit, one model on one hardware; also the run options that fit, plan
 * and estimate share. */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int run_opt(const char *cmd, int c, const char *arg, run_opts *o)
{
    switch (c) {
    case RUN_HW: o->hw = arg; return 0;
    case RUN_MODEL: o->model = arg; return 0;
    case RUN_QUANT: o->quant = arg; return 0;
    case RUN_BACKEND: o->backend = arg; return 0;
    case RUN_KV: o->kv_type = arg; return 0;
    case RUN_GGUF: o->gguf = arg; return 0;
    case RUN_JSON: o->json = 1; return 0;
    case RUN_NO_MEASURED: o->no_measured = 1; return 0;
    case RUN_CTX: return cli_num(cmd, "--ctx", arg, 1, 16777216, &o->ctx) ? 0 : 2;
    case RUN_DEPTH: return cli_num(cmd, "--depth", arg, 0, 16777216, &o->depth) ? 0 : 2;
    case RUN_PROMPT: return cli_num(cmd, "--prompt", arg, 1, 16777216, &o->prompt) ? 0 : 2;
    case RUN_HOST_RAM: return cli_num(cmd, "--host-ram", arg, 1, 65536, &o->host_ram) ? 0 : 2;
    case RUN_HOST_BW: return cli_num(cmd, "--host-bandwidth", arg, 1, 100000, &o->host_bw) ? 0 : 2;
    case RUN_OFFLOAD:
        if (aib_offload_parse(arg) < 0)
            return cli_usage(cmd, "--offload takes auto, layers or experts, not '%s'", arg);
        o->offload = arg;
        return 0;
    }
    return -1;
}

int run_apply(const char *cmd, const run_opts *o, aib_setup *s)
{
    if (o->kv_type) {
        double b = aib_kv_type_bytes(o->kv_type);
        if (b == 0)
            return cli_usage(cmd, "unknown KV cache type '%s' (f16, bf16, f32, q8_0, q4_0, q4_1, q5_0, q5_1, iq4_nl)", o->kv_type);
        s->kv_type = aib_kv_type_name(o->kv_type), s->kv_bytes = b;
    }
    if (o->offload)
        s->offload = (aib_offload)aib_offload_parse(o->offload);
    if ((o->host_ram > 0 || o->host_bw > 0) && s->hw_id && s->kind && strcmp(s->kind, "gpu"))
        return cli_usage(cmd, "--host-ram and --host-bandwidth describe the RAM beside a discrete GPU; %s shares one memory",
                         s->hw_id ? s->hw_id : "this hardware");
    if ((o->host_ram > 0 || o->host_bw > 0) && s->backend && !strcmp(s->backend, "cpu"))
        return cli_usage(cmd, "--host-ram and --host-bandwidth go with a GPU backend (the cpu backend runs from host RAM)");
    if (o->host_ram > 0)
        s->host_ram_gb = o->host_ram;
    if (o->host_bw > 0)
        s->host_bandwidth_gbs = o->host_bw;
    s->ctx = o->ctx;
    s->depth = o->depth;
    s->prompt = o->prompt;
    if (o->depth >= 0 && o->ctx > 0 && o->depth > o->ctx)
        return cli_usage(cmd, "--depth %g is beyond --ctx %g", o->depth, o->ctx);
    return 0;
}

static const char help[] =
    "usage: aibench fit --hw ID (--model ID [--quant Q] | --gguf FILE) [--backend B] [--ctx N]\n"
    "                   [--depth N] [--prompt N] [--kv-type T] [--offload MODE] [--host-ram GIB]\n"
    "                   [--host-bandwidth GBPS] [--no-measured] [--sweep] [--json]\n\n"
    "Memory (weights + KV cache + compute + runtime) against the hardware's usable memory,\n"
    "whether it fits (or needs offload), the largest context that fits, decode and prefill\n"
    "speed with their error bands, and the measurement for this setup when the catalog has one.\n\n"
    "  --hw ID          catalog hardware (aibench hw)\n"
    "  --model ID       catalog model (aibench models)\n"
    "  --quant Q        llama.cpp file type, default Q4_K_M (aibench quants)\n"
    "  --gguf FILE      a model file instead of --model/--quant: its exact sizes and shape\n"
    "  --backend B      cuda, rocm, vulkan, metal, sycl or cpu; default: the hardware's first\n"
    "  --ctx N          context to allocate, default min(8192, the model's trained context)\n"
    "  --depth N        KV depth for the decode estimate, default ctx/2: the average speed\n"
    "                   over a session that fills the context\n"
    "  --prompt N       prompt length for time to first token, default min(4096, ctx)\n"
    "  --kv-type T      KV cache type: f16 (default), q8_0, q4_0, ...\n"
    "  --offload MODE   when it does not fit in GPU memory: layers (llama.cpp -ngl N: whole\n"
    "                   layers on the CPU), experts (-ngl all --n-cpu-moe N: the routed experts\n"
    "                   of N MoE layers in system RAM; dense models fall back to layers) or auto\n"
    "                   (default: the faster of the two)\n"
    "  --host-ram GIB   system RAM beside a discrete GPU (default: the catalog's, else 32)\n"
    "  --host-bandwidth GBPS   its bandwidth (default 89.6, dual-channel DDR5-5600)\n"
    "  --no-measured    show the engine's estimate only, never a catalog measurement\n"
    "  --sweep          also decode speed and memory from an empty context to the largest that\n"
    "                   fits (0, 1K, 2K ... doubling, and the limit), the KV cache filled to each\n"
    "  --json           machine-readable output\n";

int cmd_fit(cli_env *env, int argc, char **argv)
{
    static const struct option longopts[] = {RUN_LONGOPTS, {"sweep", no_argument, NULL, RUN_SWEEP}, {0, 0, 0, 0}};
    run_opts o = {.depth = -1};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c == RUN_HELP) {
            fputs(help, stdout);
            return 0;
        }
        if (c == RUN_SWEEP) {
            o.sweep = 1;
            continue;
        }
        int rc = run_opt("fit", c, optarg, &o);
        if (rc > 0)
            return rc;
        if (rc < 0)
            return cli_usage("fit", "unknown option or missing value '%s'", argv[optind - 1]);
    }
    if (optind < argc)
        return cli_usage("fit", "unexpected argument '%s'", argv[optind]);
    if (!o.hw || !(o.model || o.gguf))
        return cli_usage("fit", "--hw and --model (or --gguf) are required");
    if (o.gguf && (o.model || o.quant))
        return cli_usage("fit", "--gguf gives the model and its quant: drop --model and --quant");
    if (cli_open(env))
        return 1;
    const aib_hw *h = aib_catalog_find_hw(env->cat, o.hw);
    if (!h)
        return cli_unknown(env, "fit", "hw", o.hw);
    aib_gguf *g = NULL;
    aib_model gm;
    aib_gguf_summary gs;
    const aib_model *m = NULL;
    const aib_quant *q = NULL;
    if (o.gguf) {
        int rc = cli_gguf_open("fit", o.gguf, &g, &gm, &gs);
        if (rc)
            return rc;
        m = &gm;
    } else {
        m = aib_catalog_find_model(env->cat, o.model);
        if (!m)
            return cli_unknown(env, "fit", "model", o.model);
        q = aib_catalog_find_quant(env->cat, o.quant ? o.quant : "Q4_K_M");
        if (!q)
            return cli_unknown(env, "fit", "quant", o.quant);
    }
    int rc = cli_fit_one(env, &o, h, m, q, o.gguf ? &gs : NULL);
    aib_gguf_free(g);
    return rc;
}

/* Evaluates and prints one model on one hardware; gs (a GGUF file's summary) replaces q. */
int cli_fit_one(cli_env *env, const run_opts *o, const aib_hw *h, const aib_model *m, const aib_quant *q,
                const aib_gguf_summary *gs)
{
    aib_setup s;
    aib_error err = {0};
    aib_setup_init(&s);
    if (aib_setup_from(&s, h, m, q, o->backend, &err))
        return cli_usage("fit", "%s", err.msg);
    if (gs)
        cli_gguf_quant(&s, gs);
    int rc = run_apply("fit", o, &s);
    if (rc)
        return rc;
    aib_result r;
    if (aib_estimate(&s, &env->cal, &r, &err))
        return cli_usage("fit", "%s", err.msg);
    const aib_measurement *tg = q ? aib_find_measurement(env->cat, h->id, m->id, q->id, s.backend, "tg128") : NULL;
    const aib_measurement *pp = q ? aib_find_measurement(env->cat, h->id, m->id, q->id, s.backend, "pp512") : NULL;
    aib_sweep_point pts[AIB_SWEEP_MAX];
    size_t npts = 0;
    if (o->sweep && aib_sweep(&s, &env->cal, pts, &npts, &err))
        return cli_usage("fit", "%s", err.msg);
    if (o->json) {
        json_t *j = aib_json_result(&s, &r, tg, pp, !o->no_measured);
        if (gs)
            json_object_set_new(j, "gguf", cli_gguf_summary_json(gs));
        if (o->sweep)
            json_object_set_new(j, "sweep", aib_json_sweep(pts, npts));
        return cli_json(j);
    }
    cli_print_result(&s, &r, tg, pp, !o->no_measured);
    if (o->sweep) {
        printf("\ncontext sweep (estimates; decode with the KV cache filled to the context):\n");
        printf("%10s %10s %12s  %s\n", "context", "tok/s", "memory GiB", "fit");
        for (size_t i = 0; i < npts; i++) {
            char t[32];
            printf("%10.0f %10s %12.2f  %s\n", pts[i].ctx, cli_tps(pts[i].decode_tps, t, sizeof t), pts[i].memory_gib,
                   pts[i].fit == AIB_FIT_GPU ? "gpu" : pts[i].fit == AIB_FIT_OFFLOAD ? "offload" : "none");
        }
    }
    return 0;
}
