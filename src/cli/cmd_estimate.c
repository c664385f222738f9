/* cmd_estimate.c: aibench estimate, a setup described on the command line: hardware that is
 * not in the catalog, a model given by its numbers, or both. */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: aibench estimate --bandwidth GBPS --memory GIB [--usable-memory GIB] [--tflops T]\n"
    "                        --backend B --vendor V --params B [--active B]\n"
    "                        [--layers N --kv-heads N --head-dim N] [--like MODEL] --quant Q\n"
    "                        [--ctx N] [--depth N] [--prompt N] [--kv-type T] [--kind K]\n"
    "                        [--host-ram GIB] [--host-bandwidth GBPS] [--offload MODE]\n"
    "                        [--no-measured] [--json]\n\n"
    "Evaluates a setup that is not in the catalog with the same engine and calibration.\n\n"
    "hardware:\n"
    "  --bandwidth GBPS      theoretical memory bandwidth, GB/s\n"
    "  --memory GIB          device memory\n"
    "  --usable-memory GIB   memory the GPU can use (default: all of it)\n"
    "  --tflops T            vector fp32 TFLOPS of the shader ALUs, for prefill (no prefill figure without it)\n"
    "  --backend B           cuda, rocm, vulkan, metal, sycl or cpu\n"
    "  --vendor V            nvidia, amd, apple, intel or none: picks the calibration class\n"
    "  --kind K              gpu (default), apu, apple, system or cpu\n"
    "  --host-ram GIB        RAM beside the GPU for offloaded weights (default 32)\n"
    "  --host-bandwidth GBPS its bandwidth (default 89.6, dual-channel DDR5-5600)\n"
    "  --offload MODE        auto, layers or experts, as in 'aibench fit'\n"
    "model:\n"
    "  --params B            total parameters, billions\n"
    "  --active B            active parameters per token (MoE), default = --params\n"
    "  --layers N --kv-heads N --head-dim N\n"
    "                        the architecture the KV cache needs; without them (and without\n"
    "                        --like) a typical shape is assumed and the output says so\n"
    "  --experts N --experts-used N   routed experts of a MoE model\n"
    "  --like MODEL          take the architecture of a catalog model\n"
    "run:\n"
    "  --quant Q             llama.cpp file type (aibench quants)\n"
    "  --ctx N --depth N --prompt N --kv-type T   as in 'aibench fit'\n"
    "  --no-measured         never show a catalog measurement, even when the setup matches one\n"
    "  --json                machine-readable output\n";

enum { E_BW = RUN_OPT_LAST, E_MEM, E_USABLE, E_TFLOPS, E_VENDOR, E_PARAMS, E_ACTIVE, E_LAYERS, E_KVH, E_HD,
       E_EXPERTS, E_USED, E_LIKE, E_KIND };

/* The median of a model field over the catalog's token models, and the layer count of a
 * dense transformer of a given size, fitted log-log on the catalog (docs/engine.md). */
static double typical(const aib_catalog *cat, int what, double params_b)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0, v[512];
    int n = 0;
    for (size_t i = 0; i < aib_catalog_model_count(cat) && n < 512; i++) {
        const aib_model *m = aib_catalog_model_at(cat, i);
        if (!aib_has(m->layers) || !aib_has(m->kv_heads) || aib_has(m->experts) || aib_has(m->kv_lora_rank))
            continue;
        if (what == 0) {
            double x = log(m->params_total_b), y = log(m->layers);
            sx += x, sy += y, sxx += x * x, sxy += x * y;
        }
        v[n++] = what == 1 ? m->kv_heads : m->head_dim;
    }
    if (n < 2)
        return NAN;
    if (what == 0) {
        double b = (n * sxy - sx * sy) / (n * sxx - sx * sx), a = (sy - b * sx) / n;
        return fmax(1, round(exp(a + b * log(params_b))));
    }
    for (int i = 1; i < n; i++) /* insertion sort: n is small */
        for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            double t = v[j];
            v[j] = v[j - 1], v[j - 1] = t;
        }
    return v[n / 2];
}

int cmd_estimate(cli_env *env, int argc, char **argv)
{
    static const struct option longopts[] = {
        RUN_LONGOPTS,
        {"bandwidth", required_argument, NULL, E_BW}, {"memory", required_argument, NULL, E_MEM},
        {"usable-memory", required_argument, NULL, E_USABLE}, {"tflops", required_argument, NULL, E_TFLOPS},
        {"vendor", required_argument, NULL, E_VENDOR}, {"params", required_argument, NULL, E_PARAMS},
        {"active", required_argument, NULL, E_ACTIVE}, {"layers", required_argument, NULL, E_LAYERS},
        {"kv-heads", required_argument, NULL, E_KVH}, {"head-dim", required_argument, NULL, E_HD},
        {"experts", required_argument, NULL, E_EXPERTS}, {"experts-used", required_argument, NULL, E_USED},
        {"like", required_argument, NULL, E_LIKE}, {"kind", required_argument, NULL, E_KIND},
        {0, 0, 0, 0}};
    run_opts o = {.depth = -1};
    double bw = NAN, mem = NAN, usable = NAN, tflops = NAN, params = NAN, active = NAN, layers = NAN, kvh = NAN,
           hd = NAN, experts = NAN, used = NAN;
    const char *vendor = NULL, *like = NULL, *kind = "gpu";
    int c, ok = 1;
    optind = 1;
    opterr = 0;
    while (ok && (c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        const char *cmd = "estimate";
        switch (c) {
        case RUN_HELP: fputs(help, stdout); return 0;
        case RUN_HW: case RUN_MODEL:
            return cli_usage(cmd, "estimate takes numbers, not catalog ids; use 'aibench fit' for catalog entries");
        case E_BW: ok = cli_num(cmd, "--bandwidth", optarg, 1, 100000, &bw); break;
        case E_MEM: ok = cli_num(cmd, "--memory", optarg, 0.25, 65536, &mem); break;
        case E_USABLE: ok = cli_num(cmd, "--usable-memory", optarg, 0.1, 65536, &usable); break;
        case E_TFLOPS: ok = cli_num(cmd, "--tflops", optarg, 0.01, 100000, &tflops); break;
        case E_PARAMS: ok = cli_num(cmd, "--params", optarg, 0.001, 100000, &params); break;
        case E_ACTIVE: ok = cli_num(cmd, "--active", optarg, 0.001, 100000, &active); break;
        case E_LAYERS: ok = cli_num(cmd, "--layers", optarg, 1, 1024, &layers); break;
        case E_KVH: ok = cli_num(cmd, "--kv-heads", optarg, 1, 1024, &kvh); break;
        case E_HD: ok = cli_num(cmd, "--head-dim", optarg, 1, 4096, &hd); break;
        case E_EXPERTS: ok = cli_num(cmd, "--experts", optarg, 1, 4096, &experts); break;
        case E_USED: ok = cli_num(cmd, "--experts-used", optarg, 1, 4096, &used); break;
        case E_VENDOR: vendor = optarg; break;
        case E_LIKE: like = optarg; break;
        case E_KIND: kind = optarg; break;
        default: {
            int rc = run_opt(cmd, c, optarg, &o);
            if (rc > 0)
                return rc;
            if (rc < 0)
                return cli_usage(cmd, "unknown option or missing value '%s'", argv[optind - 1]);
        }
        }
    }
    if (!ok)
        return 2;
    if (optind < argc)
        return cli_usage("estimate", "unexpected argument '%s'", argv[optind]);
    if (isnan(bw) || isnan(mem) || !o.backend || !vendor || isnan(params) || !o.quant)
        return cli_usage("estimate", "--bandwidth, --memory, --backend, --vendor, --params and --quant are required");
    static const char *const vendors[] = {"nvidia", "amd", "apple", "intel", "none"};
    static const char *const kinds[] = {"gpu", "apu", "apple", "system", "cpu"};
    const char *v = NULL, *k = NULL;
    for (int i = 0; i < 5; i++) {
        if (!strcmp(vendor, vendors[i])) v = vendors[i];
        if (!strcmp(kind, kinds[i])) k = kinds[i];
    }
    if (!v)
        return cli_usage("estimate", "--vendor '%s' is not nvidia, amd, apple, intel or none", vendor);
    if (!k)
        return cli_usage("estimate", "--kind '%s' is not gpu, apu, apple, system or cpu", kind);
    if (isnan(active))
        active = params;
    if (active > params)
        return cli_usage("estimate", "--active %g is more than --params %g", active, params);
    if (aib_has(usable) && usable > mem)
        return cli_usage("estimate", "--usable-memory %g is more than --memory %g", usable, mem);
    int arch = aib_has(layers) + aib_has(kvh) + aib_has(hd);
    if (arch != 0 && arch != 3)
        return cli_usage("estimate", "--layers, --kv-heads and --head-dim go together");
    if (aib_has(experts) != aib_has(used) || (aib_has(used) && used > experts))
        return cli_usage("estimate", "--experts and --experts-used go together, used <= experts");
    if (!aib_backend_name(o.backend))
        return cli_usage("estimate", "unknown backend '%s' (cuda, rocm, vulkan, metal, sycl, cpu)", o.backend);
    if (cli_open(env))
        return 1;
    const aib_quant *q = aib_catalog_find_quant(env->cat, o.quant);
    if (!q)
        return cli_unknown(env, "estimate", "quant", o.quant);

    aib_model m;
    const char *assumed = NULL;
    if (like) {
        const aib_model *base = aib_catalog_find_model(env->cat, like);
        if (!base)
            return cli_unknown(env, "estimate", "model", like);
        m = *base;
    } else {
        memset(&m, 0, sizeof m);
        double *nums[] = {&m.layers, &m.hidden_size, &m.heads, &m.kv_heads, &m.head_dim, &m.kv_layers, &m.swa_layers,
                          &m.sliding_window, &m.swa_kv_heads, &m.swa_head_dim, &m.kv_lora_rank, &m.rope_dim,
                          &m.experts, &m.experts_used, &m.shared_experts, &m.moe_layers, &m.max_context, &m.vocab_size};
        for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
            *nums[i] = NAN;
        m.modality = "text";
        m.vocab_size = 0; /* unknown: no embedding is subtracted from the bytes read */
        m.max_context = 16777216;
        if (arch == 3) {
            m.layers = layers, m.kv_heads = kvh, m.head_dim = hd;
        } else {
            m.layers = typical(env->cat, 0, params);
            m.kv_heads = typical(env->cat, 1, 0);
            m.head_dim = typical(env->cat, 2, 0);
            assumed = "no --layers/--kv-heads/--head-dim: layers from the catalog's size-to-depth fit, KV heads "
                      "and head size the catalog's median";
        }
        m.hidden_size = round(sqrt(params * 1e9 / (12 * m.layers))); /* dense transformer: P ~ 12 L d^2 */
        m.heads = fmax(m.kv_heads, round(m.hidden_size / m.head_dim));
    }
    m.id = like ? m.id : "custom";
    m.name = like ? m.name : "custom model";
    m.params_total_b = params;
    m.params_active_b = active;
    if (aib_has(experts))
        m.experts = experts, m.experts_used = used;
    if (!(m.layers >= 1))
        return cli_fail("estimate", "the catalog has no models to derive a typical shape from");

    aib_setup s;
    aib_error err = {0};
    aib_setup_init(&s);
    s.kind = k;
    s.gpu_vendor = v;
    s.backend = aib_backend_name(o.backend);
    s.memory_gb = mem;
    s.usable_gb = aib_has(usable) ? usable : mem;
    s.bandwidth_gbs = bw;
    s.tflops = tflops;
    s.host_ram_gb = 32; /* --host-ram and --host-bandwidth: run_apply() */
    s.host_bandwidth_gbs = 89.6;
    s.model = &m;
    s.bpw = q->bpw;
    s.quant_id = q->id;
    int rc = run_apply("estimate", &o, &s);
    if (rc)
        return rc;
    aib_result r;
    if (aib_estimate(&s, &env->cal, &r, &err))
        return cli_usage("estimate", "%s", err.msg);

    /* a setup whose numbers are a catalog entry's: show that entry's measurement too */
    const aib_measurement *tg = NULL, *pp = NULL;
    const aib_hw *hw_like = NULL;
    const aib_model *model_like = NULL;
    for (size_t i = 0; i < aib_catalog_hw_count(env->cat) && !tg && !pp; i++) {
        const aib_hw *h = aib_catalog_hw_at(env->cat, i);
        if (!(fabs(h->bandwidth_gbs - bw) <= 0.005 * bw && h->memory_gb == mem && !strcmp(h->gpu_vendor, v)))
            continue;
        for (size_t j = 0; j < aib_catalog_model_count(env->cat) && !tg && !pp; j++) {
            const aib_model *mm = aib_catalog_model_at(env->cat, j);
            if (!(fabs(mm->params_total_b - params) <= 0.01 * params && fabs(mm->params_active_b - active) <= 0.01 * active))
                continue;
            tg = aib_find_measurement(env->cat, h->id, mm->id, q->id, s.backend, "tg128");
            pp = aib_find_measurement(env->cat, h->id, mm->id, q->id, s.backend, "pp512");
            hw_like = h, model_like = mm;
        }
    }
    if (o.json) {
        json_t *j = aib_json_result(&s, &r, tg, pp, !o.no_measured);
        json_object_set_new(j, "assumed", assumed ? json_string(assumed) : json_null());
        json_object_set_new(j, "matches", (hw_like && model_like && (tg || pp))
                                              ? json_pack("{s:s, s:s}", "hw", hw_like->id, "model", model_like->id)
                                              : json_null());
        return cli_json(j);
    }
    cli_print_result(&s, &r, tg, pp, !o.no_measured);
    if (assumed)
        printf("  assumed    %s: %.0f layers, %.0f KV heads x %.0f\n", assumed, m.layers, m.kv_heads, m.head_dim);
    if (hw_like && model_like && (tg || pp) && !o.no_measured)
        printf("  matches    %s with %s in the catalog\n", hw_like->id, model_like->id);
    return 0;
}
